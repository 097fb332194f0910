// hyperparameter: reading a command line into its configuration layers.
//
// Two steps, so --help works even when a config file is broken: scanning
// sorts argv into config files, defines, tools and the rest (syntax only);
// loading then reads the files, parses the defines and, when parameters
// were declared, rejects keys that nobody declared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../error.hpp"
#include "../key.hpp"
#include "../param_scope.hpp"
#include "../params.hpp"
#include "../registry.hpp"
#include "suggest.hpp"

namespace hp::detail {

struct located_argument {
  std::string text;
  int index;  // in argv
};

// What hp::run serves itself; parse_cli leaves these in `rest`.
struct cli_tools {
  bool help = false;
  bool list_params = false;
  bool dump_config = false;
  std::optional<std::string> explain;
  std::optional<std::string> operative_config;
  std::optional<std::string> track;  // an MLflow store directory
};

struct scanned_command_line {
  std::vector<located_argument> config_files;
  std::vector<located_argument> defines;
  std::vector<std::string> rest;
  cli_tools tools;
};

inline std::string argv_location(int index) { return "argv[" + std::to_string(index) + "]"; }

inline scanned_command_line scan_command_line(int argc, const char* const* argv, bool take_tools) {
  scanned_command_line out;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i] == nullptr ? "" : argv[i];
    if (arg == "--") {  // the end of our options: everything after it is the program's
      for (++i; i < argc; ++i) out.rest.emplace_back(argv[i] == nullptr ? "" : argv[i]);
      break;
    }
    // The value of option `name`: glued ("-Dk=v", "--config=FILE") or the next argument.
    const auto option = [&](std::string_view name, std::string_view glue,
                            std::string_view wanted) -> std::optional<located_argument> {
      std::optional<located_argument> found;
      if (arg == name) {
        if (i + 1 < argc && argv[i + 1] != nullptr && argv[i + 1][0] != '\0') found = {argv[i + 1], i + 1};
        ++i;
      } else if (arg.size() >= name.size() + glue.size() && arg.substr(0, name.size()) == name &&
                 arg.substr(name.size(), glue.size()) == glue) {
        found = {std::string(arg.substr(name.size() + glue.size())), i};
        if (found->text.empty()) found.reset();
      } else {
        return std::nullopt;
      }
      if (!found) throw parse_error(argv_location(i > argc - 1 ? argc - 1 : i), 0,
                                    "'" + std::string(name) + "' needs " + std::string(wanted));
      return found;
    };
    if (auto d = option("-D", "", "key=value")) out.defines.push_back(std::move(*d));
    else if (auto d = option("--define", "=", "key=value")) out.defines.push_back(std::move(*d));
    else if (auto f = option("--config", "=", "a FILE")) out.config_files.push_back(std::move(*f));
    else if (!take_tools) out.rest.emplace_back(arg);
    else if (arg == "--help") out.tools.help = true;
    else if (arg == "--list-params") out.tools.list_params = true;
    else if (arg == "--dump-config") out.tools.dump_config = true;
    else if (auto k = option("--explain", "=", "a KEY")) out.tools.explain = std::move(k->text);
    else if (auto f = option("--operative-config", "=", "a FILE ('-' for standard output)"))
      out.tools.operative_config = std::move(f->text);
    else if (auto t = option("--track", "=", "a DIR (an MLflow store, such as mlruns)")) out.tools.track = std::move(t->text);
    else out.rest.emplace_back(arg);
  }
  return out;
}

struct loaded_command_line {
  std::vector<params> files;  // each --config file, in order
  params config;              // the files merged, later wins
  params defines;             // sources "-D argv[i]"
};

// A key nobody declared, when anything was declared, is most likely a typo.
inline void reject_undeclared(const std::vector<const params*>& layers) {
  const std::vector<declared_param> declared = registry();
  if (declared.empty()) return;
  std::vector<std::string> names;
  for (const declared_param& d : declared) names.push_back(d.key);
  const std::unordered_set<std::string> known(names.begin(), names.end());
  for (const params* layer : layers)
    for (const entry& e : layer->entries())
      if (known.count(e.name()) == 0) throw unknown_parameter(e.name(), e.source, closest_key(e.name(), names));
}

inline loaded_command_line load_command_line(const scanned_command_line& scanned, bool check_undeclared) {
  loaded_command_line out;
  for (const located_argument& file : scanned.config_files) {
    out.files.push_back(load_config(file.text));
    out.config.merge(out.files.back());
  }
  for (const located_argument& define : scanned.defines) {
    const std::string source = "-D " + argv_location(define.index);
    // Checked here first so the error names the argv index.
    const std::string_view name = trim(std::string_view(define.text).substr(0, define.text.find('=')));
    if (name.empty()) throw parse_error(source, 0, "define '" + define.text + "' has no key (write key=value)");
    validate_key(name, source);
    auto [key, v] = parse_define(define.text);
    out.defines.set(key, std::move(v), source);
  }
  if (check_undeclared) reject_undeclared({&out.config, &out.defines});
  return out;
}

}  // namespace hp::detail
