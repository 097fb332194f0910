// hyperparameter: the command line, and hp::run, a ready-made main.
//
// Three layers, later wins: inline defaults < --config FILE (repeatable,
// later files win) < -D key=value. hp::parse_cli reads them; hp::run also
// checks every given value against its declared type before the program
// starts, opens the layers as scopes around it (and as the base of every
// thread the program starts), serves --help, --version, --list-params,
// --explain KEY, --dump-config, --operative-config FILE and --track DIR
// (the run in MLflow's file store), runs sweeps
// (--sweep and its options, cli/sweep.hpp), rejects any
// argument it does not understand, and turns an hp::error into one line on
// stderr and exit code 2.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "version.hpp"
#include "config.hpp"
#include "detail/call_status.hpp"
#include "cli/parse.hpp"
#include "cli/tools.hpp"
#include "config/writer.hpp"
#include "detail/function_ref.hpp"
#include "detail/state.hpp"
#include "error.hpp"
#include "operative_config.hpp"
#include "param_scope.hpp"
#include "params.hpp"

// Only hp::run's body needs these; a program linking hyperparameter::runtime
// does not parse them (include sweep.hpp or tracking.hpp to use them).
#if HP_HAS_BODIES
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <utility>

#include "cli/sweep.hpp"
#include "cli/track.hpp"
#endif

HP_NAMESPACE_BEGIN

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

// What --help and --version say about the program (both optional).
struct program_info {
  std::string description;  // one line, shown by --help
  std::string version;      // shown by --version; without one, --version is an unknown option
};

namespace detail {

HP_COMPILED cli_args parse_cli(int argc, const char* const* argv, bool check_undeclared) HP_BODY({
  registry_store::instance().main_time();  // declaration errors found so far throw here
  scanned_command_line scanned = scan_command_line(argc, argv, false);
  loaded_command_line loaded = load_command_line(scanned, check_undeclared);
  return {std::move(loaded.config), std::move(loaded.defines), scanned.rest()};
})

HP_COMPILED std::string program_name(int argc, const char* const* argv) HP_BODY({
  return std::string(base_name(argc > 0 && argv[0] != nullptr ? argv[0] : "program"));
})

// The format of an operative-config file, from its name; "-" is standard output.
HP_COMPILED writer_format operative_config_format(const std::string& path) HP_BODY({
  if (path == "-") return dump_format();
  const std::string extension = std::filesystem::path(path).extension().string();
  const std::optional<config_format> format = format_of_extension(extension);
  if (format == config_format::json) return writer_format::json;
  if (format == config_format::yaml) return writer_format::yaml;
  if (format == config_format::toml) return writer_format::toml;
  throw io_error(path,
                 "--operative-config '" + path + "': write .json, .yaml, .yml or .toml (or - for standard output)");
})

HP_COMPILED io_error file_error(std::string_view option, const std::string& path, int code) HP_BODY({
  return io_error(path, std::string(option) + " '" + path + "': cannot write the file: " + std::strerror(code));
})

// An output file named on the command line must be writable before the run
// starts, so a long run never loses its record at the end. A file this
// check creates is removed again.
HP_COMPILED void check_writable(std::string_view option, const std::string& path) HP_BODY({
  if (path == "-") return;
  std::error_code ignored;
  const bool existed = std::filesystem::exists(path, ignored);
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "ab");
  if (file == nullptr) throw file_error(option, path, errno);
  std::fclose(file);
  if (!existed) std::filesystem::remove(path, ignored);
})

HP_COMPILED void write_file(std::string_view option, const std::string& path, const std::string& text) HP_BODY({
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw file_error(option, path, errno);
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written) throw file_error(option, path, written ? errno : write_errno);
})

// What the operative config says of a key whose value cannot be shown.
HP_COMPILED std::string cannot_show(const std::string& key, const std::vector<declared_param>& declared) HP_BODY({
  const auto d = std::find_if(declared.begin(), declared.end(), [&](const declared_param& p) { return p.key == key; });
  const std::string converter = d != declared.end() ? "hp::converter<" + d->type + ">" : "its hp::converter";
  return "'" + key + "': its value cannot be shown (give " + converter + " a static hp::value to_value(const T&))";
})

// The keys --config accepts in a file: those declared when the command line
// was read (sorted), or none at all when every key is accepted (the check is
// off, or nothing was declared).
HP_COMPILED std::optional<std::vector<std::string>> keys_config_accepts(bool check_undeclared) HP_BODY({
  if (!check_undeclared) return std::nullopt;
  std::vector<std::string> keys;
  for (const declared_param& d : registry()) keys.push_back(d.key);
  if (keys.empty()) return std::nullopt;
  std::sort(keys.begin(), keys.end());
  return keys;
})

// The operative config of a run: per key, the value the run's own layers
// gave (the entry visible in `layers`, else the default), even when nested
// scopes read other values later; those other values go to `notes`. Left
// out, and said in `left_out`: a value that cannot be shown (a user type
// whose hp::converter has no to_value), and a key --config would reject
// (not in `accepted`: the program read it without declaring it, with a
// fallback or from a scope of its own, so it gives that value itself), so
// that --config reloads the file.
HP_COMPILED params operative_config_of_run(const frame& layers, const std::optional<std::vector<std::string>>& accepted,
                                           key_notes& notes, std::vector<std::string>& left_out) HP_BODY({
  params out;
  const std::vector<declared_param> declared = registry();
  for (read_record& r : read_log::instance().snapshot()) {
    const entry* layer = access::lookup(layers, table_hash(xxh64(r.key, key_seed)));
    value used = r.used;
    std::string source = r.source;
    const auto from_layer = std::find_if(r.readings.begin(), r.readings.end(),
                                         [&](const reading& x) { return x.from == layer; });
    const auto d =
        std::find_if(declared.begin(), declared.end(), [&](const declared_param& p) { return p.key == r.key; });
    if (from_layer != r.readings.end()) {
      used = from_layer->used;
      source = from_layer->source;
    } else if (layer != nullptr) {  // every read was overridden: still the layer's value
      source = layer->source;
      try {
        used = effective_value(*layer);
      } catch (const error&) {
        used = layer->val();
      }
    } else if (d != declared.end() && !d->default_value.is_none()) {
      used = d->default_value;
      source = "default";
    } else if (!r.readings.empty()) {
      used = r.readings.front().used;
      source = r.readings.front().source;
    }
    std::string others;
    for (const reading& x : r.readings) {
      if (x.used == used && x.source == source) continue;
      const std::string shown = x.used.describe() + " (" + x.source + ")";
      if (others.find(shown) == std::string::npos) others += (others.empty() ? "" : ", ") + shown;
    }
    if (used.is_none()) {
      left_out.push_back(cannot_show(r.key, declared));
      continue;
    }
    if (layer == nullptr && accepted && !std::binary_search(accepted->begin(), accepted->end(), r.key)) {
      const char* why = d == declared.end() ? "not a declared parameter" : "declared after the command line was read";
      left_out.push_back("'" + shown(r.key) + "' = " + used.describe() + " (" + source + "): " + why +
                         ", so --config would reject it (the program gives this value itself)");
      continue;
    }
    if (!others.empty()) notes[r.key] = "also read: " + others;
    out.set(r.key, std::move(used), std::move(source));
  }
  return out;
})

HP_COMPILED void write_operative_config(const std::string& path, writer_format format, std::string_view program,
                                        const frame& layers,
                                        const std::optional<std::vector<std::string>>& accepted) HP_BODY({
  key_notes notes;
  std::vector<std::string> left_out;
  const params used = operative_config_of_run(layers, accepted, notes, left_out);
  std::string text = write_config(used, format, "parameters " + std::string(program) + " read", &notes);
  // YAML and TOML say it in the file too; JSON has no comments.
  for (const std::string& why : left_out) {
    if (format != writer_format::json) text += "# left out " + why + "\n";
    std::cerr << program << ": --operative-config left out " << why << '\n';
  }
  if (path == "-") {
    std::cout << text << std::flush;
    return;
  }
  write_file("--operative-config", path, text);
})

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

// While alive, the current view is the base of every thread that first
// uses hp (as with hp::freeze()); the previous base comes back after, also
// for the threads that took this one (they follow it: see frozen_base).
class base_of_new_threads {
 public:
  base_of_new_threads() : previous_(frozen_base::instance().get()) {
    previous_followed_ = frozen_base::instance().set(scope_stack::of_this_thread().top().levels().back().node, true);
  }
  ~base_of_new_threads() { frozen_base::instance().set(std::move(previous_), previous_followed_); }
  base_of_new_threads(const base_of_new_threads&) = delete;
  base_of_new_threads& operator=(const base_of_new_threads&) = delete;

 private:
  node_ptr previous_;
  bool previous_followed_ = false;
};

// The program's function behind a function_ref, so that hp::run's body is
// compiled once (in the runtime library, when the program links it) and not
// once per function type.
struct program_function {
  function_ref<int(const cli_args&)> call;  // fn(args) or fn(): its exit status
  bool takes_args;                          // fn takes const hp::cli_args&

  int operator()(const cli_args& args) const { return call(args); }
};

HP_COMPILED int run_program(int argc, const char* const* argv, const program_info& info, bool check_undeclared,
                            program_function fn) HP_BODY({
  const std::string program = program_name(argc, argv);
  const bool has_version = !info.version.empty();
  try {
    // Declaration conflicts found so far end the run here; bad defaults after --help and --list-params.
    registry_store::instance().main_time(false);
    scanned_command_line scanned = scan_command_line(argc, argv, true, has_version);
    const cli_tools& tools = scanned.tools;
    if (tools.help) {
      print_help(std::cout, program, info.description, has_version, fn.takes_args);
      return 0;
    }
    if (tools.version) {
      std::cout << program << ' ' << info.version << '\n';
      return 0;
    }
    // A function without arguments has nowhere to put a word it was given.
    if (!fn.takes_args) reject_leftovers(scanned, program, has_version);
    if (tools.list_params) {
      print_param_list(std::cout);
      return 0;
    }
    registry_store::instance().bad_defaults();
    // Checked before anything runs, so a bad file name cannot waste a run.
    const bool write_operative = tools.operative_config.has_value();
    const writer_format operative_format =
        write_operative ? operative_config_format(*tools.operative_config) : writer_format::json;
    for (const auto& [option, file] : scanned.output_files) check_writable(option, file.text);
    loaded_command_line loaded = load_command_line(scanned, check_undeclared);
    // Before the run declares more: what --config of the operative config will accept.
    const std::optional<std::vector<std::string>> accepted =
        write_operative ? keys_config_accepts(check_undeclared) : std::nullopt;
    require_sweep(tools.sweep);
    if (tools.track) check_trackable(loaded.config, loaded.defines);
    if (tools.track && tools.sweep.on && !tools.sweep.print_trials && !tools.sweep.slurm_array)
      prepare_store(*tools.track, program);
    if (tools.sweep.on)  // with --track, every trial is a run of its own, named trial-I
      return serve_sweep(argc, argv, program, scanned, loaded, [&](std::size_t index, const params& defines) {
        const with_scope config_scope(loaded.config);
        const with_scope define_scope(defines);
        const base_of_new_threads threads_read_this_trial;
        const cli_args args{loaded.config, defines, scanned.rest()};
        return call_tracked(tools.track, program, "trial-" + std::to_string(index), [&] { return fn(args); });
      });

    // Any error from here on unwinds these guards: nothing stays half-applied.
    const frame outer = current();
    const with_scope config_scope(loaded.config);
    const with_scope define_scope(loaded.defines);
    const frame layers = current();
    if (tools.explain) {
      explain(std::cout, *tools.explain, loaded, outer);
      return 0;
    }
    check_declared_types(loaded);
    if (tools.dump_config) {
      dump_config(std::cout, std::cerr, program);
      return 0;
    }

    const cli_args args{std::move(loaded.config), std::move(loaded.defines), scanned.rest()};
    int code = 0;
    {
      const base_of_new_threads base;
      const operative_tracking tracking(write_operative);
      code = call_tracked(tools.track, program, {}, [&] { return fn(args); });  // --track DIR: inside an MLflow run
    }
    if (write_operative) write_operative_config(*tools.operative_config, operative_format, program, layers, accepted);
    return code;
  } catch (const error& e) {
    std::string line = e.what();
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    std::cerr << program << ": " << line << std::endl;
    return 2;
  }
})

template <class Fn>
inline constexpr bool takes_cli_args = takes_v<Fn, cli_args>;

template <class Fn>
int run(int argc, const char* const* argv, const program_info& info, bool check_undeclared, Fn& fn) {
  static_assert(takes_cli_args<Fn> || std::is_invocable_v<Fn&>,
                "hp::run: the function must take no arguments or const hp::cli_args&");
  static_assert(returns_status<Fn, cli_args>(), "hp::run: the function must return void or an int exit code");
  const auto call = [&fn](const cli_args& args) { return call_for_status(fn, args); };
  return run_program(argc, argv, info, check_undeclared, program_function{call, takes_cli_args<Fn>});
}

}  // namespace detail

// Reads --config FILE (repeatable, later wins), -D k=v, -Dk=v, --define k=v
// and --define=k=v; everything else lands in `rest` untouched, and so does
// everything after "--". When parameters were declared, a key nobody
// declared throws hp::unknown_parameter with a did-you-mean suggestion.
[[nodiscard]] HP_COMPILED cli_args parse_cli(int argc, const char* const* argv) HP_BODY({
  return detail::parse_cli(argc, argv, true);
})

// The same, accepting keys nobody declared.
[[nodiscard]] HP_COMPILED cli_args parse_cli(int argc, const char* const* argv, allow_unknown_t) HP_BODY({
  return detail::parse_cli(argc, argv, false);
})

// int main(int argc, char** argv) { return hp::run(argc, argv, [] { train(); }); }
// `fn` takes nothing or const hp::cli_args&, and returns void (exit code 0) or an int.
// With no arguments, every argument must be one hp::run understands (else exit code 2).
template <class Fn>
int run(int argc, const char* const* argv, Fn fn) {
  return detail::run(argc, argv, program_info{}, true, fn);
}

// The same, accepting -D and config keys nobody declared.
template <class Fn>
int run(int argc, const char* const* argv, allow_unknown_t, Fn fn) {
  return detail::run(argc, argv, program_info{}, false, fn);
}

// hp::run(argc, argv, {"Trains a small network", "1.2.0"}, fn): --help shows
// the description, --version the version.
template <class Fn>
int run(int argc, const char* const* argv, const program_info& info, Fn fn) {
  return detail::run(argc, argv, info, true, fn);
}

template <class Fn>
int run(int argc, const char* const* argv, const program_info& info, allow_unknown_t, Fn fn) {
  return detail::run(argc, argv, info, false, fn);
}

HP_NAMESPACE_END
