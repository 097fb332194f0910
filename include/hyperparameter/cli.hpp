// hyperparameter: the command line, and hp::run, a ready-made main.
//
// Three layers, later wins: inline defaults < --config FILE (repeatable,
// later files win) < -D key=value. hp::parse_cli reads them; hp::run also
// checks every given value against its declared type before the program
// starts, opens the layers as scopes around it, serves --help,
// --list-params, --explain KEY, --dump-config, --operative-config FILE and
// --track DIR (the run in MLflow's file store),
// and turns an hp::error into one line on stderr and exit code 2.
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config.hpp"
#include "detail/cli_parse.hpp"
#include "detail/cli_tools.hpp"
#include "detail/config_writer.hpp"
#include "error.hpp"
#include "operative_config.hpp"
#include "param_scope.hpp"
#include "params.hpp"
#include "tracking.hpp"

namespace hp {

struct cli_args {
  params config;                  // every --config file merged, later wins
  params defines;                 // -D / --define, sources "-D argv[i]"
  std::vector<std::string> rest;  // the other arguments, in order, without argv[0]
};

// Tag: parse_cli(argc, argv, hp::allow_unknown) accepts keys nobody declared.
struct allow_unknown_t {
  explicit allow_unknown_t() = default;
};
inline constexpr allow_unknown_t allow_unknown{};

namespace detail {

inline cli_args parse_cli(int argc, const char* const* argv, bool check_undeclared) {
  scanned_command_line scanned = scan_command_line(argc, argv, false);
  loaded_command_line loaded = load_command_line(scanned, check_undeclared);
  return {std::move(loaded.config), std::move(loaded.defines), std::move(scanned.rest)};
}

inline std::string program_name(int argc, const char* const* argv) {
  std::string_view path = argc > 0 && argv[0] != nullptr ? argv[0] : "program";
  const std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// The format of an operative-config file, from its name; "-" is standard output.
inline writer_format operative_config_format(const std::string& path) {
  if (path == "-") return dump_format();
  const std::string extension = std::filesystem::path(path).extension().string();
  const std::optional<config_format> format = format_of_extension(extension);
  if (format == config_format::json) return writer_format::json;
  if (format == config_format::yaml) return writer_format::yaml;
  throw error("hp::error: --operative-config '" + path + "': write .json, .yaml or .yml (or - for standard output)");
}

inline void write_operative_config(const std::string& path, writer_format format, std::string_view program) {
  const std::string text = write_config(operative_config(), format, "parameters " + std::string(program) + " read");
  if (path == "-") {
    std::cout << text << std::flush;
    return;
  }
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) throw error("hp::error: --operative-config '" + path + "': cannot write the file");
}

// Turns tracking on for the run and restores what it was before.
class operative_tracking {
 public:
  explicit operative_tracking(bool wanted) : was_(tracking_operative_config()) {
    if (wanted) {
      clear_operative_config();
      track_operative_config(true);
    }
  }
  ~operative_tracking() { track_operative_config(was_); }
  operative_tracking(const operative_tracking&) = delete;
  operative_tracking& operator=(const operative_tracking&) = delete;

 private:
  bool was_;
};

template <class Fn>
int call_main(Fn& fn, const cli_args& args) {
  constexpr bool takes_args = std::is_invocable_v<Fn&, const cli_args&>;
  static_assert(takes_args || std::is_invocable_v<Fn&>,
                "hp::run: the function must take no arguments or const hp::cli_args&");
  using result = std::conditional_t<takes_args, std::invoke_result<Fn&, const cli_args&>, std::invoke_result<Fn&>>;
  static_assert(std::is_void_v<typename result::type> || std::is_convertible_v<typename result::type, int>,
                "hp::run: the function must return void or an int exit code");
  const auto call = [&]() -> decltype(auto) {
    if constexpr (takes_args) return fn(args);
    else return fn();
  };
  if constexpr (std::is_void_v<typename result::type>) {
    call();
    return 0;
  } else {
    return static_cast<int>(call());
  }
}

template <class Fn>
int run(int argc, const char* const* argv, bool check_undeclared, Fn& fn) {
  const std::string program = program_name(argc, argv);
  try {
    scanned_command_line scanned = scan_command_line(argc, argv, true);
    const cli_tools& tools = scanned.tools;
    if (tools.help) {
      print_help(std::cout, program);
      return 0;
    }
    if (tools.list_params) {
      print_param_list(std::cout);
      return 0;
    }
    // Checked before anything runs, so a bad file name cannot waste a run.
    const bool write_operative = tools.operative_config.has_value();
    const writer_format operative_format =
        write_operative ? operative_config_format(*tools.operative_config) : writer_format::json;
    loaded_command_line loaded = load_command_line(scanned, check_undeclared);

    // Any error from here on unwinds these guards: nothing stays half-applied.
    const frame outer = current();
    const with_scope config_scope(loaded.config);
    const with_scope define_scope(loaded.defines);
    if (tools.explain) {
      explain(std::cout, *tools.explain, loaded, outer);
      return 0;
    }
    check_declared_types(loaded);
    if (tools.dump_config) {
      std::cout << write_config(effective_config(), dump_format(),
                                "effective configuration of " + program + "; reload it with --config FILE");
      return 0;
    }

    const cli_args args{std::move(loaded.config), std::move(loaded.defines), std::move(scanned.rest)};
    int code = 0;
    {
      const operative_tracking tracking(write_operative);
      std::optional<hp::tracking::run> tracked;  // --track: FAILED if fn throws or returns non-zero
      if (tools.track) tracked.emplace(*tools.track, program);
      code = call_main(fn, args);
      if (tracked) tracked->end(code == 0 ? hp::tracking::run_status::finished : hp::tracking::run_status::failed);
    }
    if (write_operative) write_operative_config(*tools.operative_config, operative_format, program);
    return code;
  } catch (const error& e) {
    std::string line = e.what();
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    std::cerr << program << ": " << line << std::endl;
    return 2;
  }
}

}  // namespace detail

// Reads --config FILE (repeatable, later wins), -D k=v, -Dk=v, --define k=v
// and --define=k=v; everything else lands in `rest` untouched, and so does
// everything after "--". When parameters were declared, a key nobody
// declared throws hp::unknown_parameter with a did-you-mean suggestion.
[[nodiscard]] inline cli_args parse_cli(int argc, const char* const* argv) {
  return detail::parse_cli(argc, argv, true);
}

// The same, accepting keys nobody declared.
[[nodiscard]] inline cli_args parse_cli(int argc, const char* const* argv, allow_unknown_t) {
  return detail::parse_cli(argc, argv, false);
}

// int main(int argc, char** argv) { return hp::run(argc, argv, [] { train(); }); }
// `fn` takes nothing or const hp::cli_args&, and returns void (exit code 0) or an int.
template <class Fn>
int run(int argc, const char* const* argv, Fn fn) {
  return detail::run(argc, argv, true, fn);
}

// The same, accepting -D and config keys nobody declared.
template <class Fn>
int run(int argc, const char* const* argv, allow_unknown_t, Fn fn) {
  return detail::run(argc, argv, false, fn);
}

}  // namespace hp
