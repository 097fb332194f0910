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
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../config.hpp"
#include "../error.hpp"
#include "../key.hpp"
#include "../param_scope.hpp"
#include "../params.hpp"
#include "../registry.hpp"
#include "../detail/state.hpp"
#include "suggest.hpp"

#if HP_HAS_BODIES
#include <algorithm>
#include <unordered_set>
#endif

HP_NAMESPACE_BEGIN
namespace detail {

struct located_argument {
  std::string text;
  int index;  // in argv
};

// An argument no option claimed.
struct leftover_argument {
  std::string text;
  int index;         // in argv
  bool option_like;  // starts with '-' and came before "--"
};

// --sweep and the options that say how to run it (see cli/sweep.hpp).
struct sweep_request {
  bool on = false;                            // --sweep
  std::optional<located_argument> trial;      // --trial I
  std::optional<located_argument> jobs;       // --jobs N
  bool print_trials = false;                  // --print-trials
  std::optional<located_argument> slurm_array;  // --slurm-array FILE
  std::vector<located_argument> slurm_options;  // --slurm-option NAME=VALUE, repeatable
  std::optional<located_argument> sweep_dir;    // --sweep-dir DIR
  std::vector<int> control_indices;  // argv indices of the options a trial's own command line leaves out
};

// What hp::run serves itself; parse_cli leaves these in `rest`.
struct cli_tools {
  bool help = false;
  bool version = false;
  bool list_params = false;
  bool dump_config = false;
  std::optional<std::string> explain;
  std::optional<std::string> operative_config;
  sweep_request sweep;
  std::optional<std::string> track;  // an MLflow store directory
};

struct scanned_command_line {
  std::vector<located_argument> config_files;
  std::vector<located_argument> defines;
  std::vector<leftover_argument> leftovers;
  std::vector<std::pair<std::string, located_argument>> output_files;  // option name, path
  cli_tools tools;

  [[nodiscard]] HP_COMPILED std::vector<std::string> rest() const HP_BODY({
    std::vector<std::string> out;
    for (const leftover_argument& a : leftovers) out.push_back(a.text);
    return out;
  })
};

// One option of the command line. A new option is one row of cli_options().
struct cli_option {
  std::string_view name;        // "--config"
  std::string_view alias;       // a short spelling ("-D", "-h"), or empty
  std::string_view value_name;  // "FILE"; empty for a flag
  std::string_view help;
  bool layer;                   // -D and --config: parse_cli reads them too; the rest only hp::run
  bool writes_file;             // its value names a file written later: checked before the run
  bool needs_version;           // offered only when the program has a version
  void (*take)(scanned_command_line&, located_argument);
  bool sweep_control = false;   // says how to run a sweep: a trial's own command line leaves it out
};

HP_COMPILED const std::vector<cli_option>& cli_options() HP_BODY({
  using scanned = scanned_command_line;
  using arg = located_argument;
  static const std::vector<cli_option> options{
      {"--config", "", "FILE", "load a config file; repeatable, later files win", true, false, false,
       [](scanned& s, arg a) { s.config_files.push_back(std::move(a)); }},
      {"--define", "-D", "key=value", "set a parameter (also -Dkey=value, --define=key=value)", true, false, false,
       [](scanned& s, arg a) { s.defines.push_back(std::move(a)); }},
      {"--help", "-h", "", "print this help and exit", false, false, false,
       [](scanned& s, arg) { s.tools.help = true; }},
      {"--version", "", "", "print the program's version and exit", false, false, true,
       [](scanned& s, arg) { s.tools.version = true; }},
      {"--list-params", "", "", "print the declared keys, one per line, and exit", false, false, false,
       [](scanned& s, arg) { s.tools.list_params = true; }},
      {"--explain", "", "KEY", "print KEY's value in effect and its value in every layer, and exit", false, false,
       false, [](scanned& s, arg a) { s.tools.explain = std::move(a.text); }},
      {"--dump-config", "", "", "print the effective configuration (reloadable with --config) and exit", false,
       false, false, [](scanned& s, arg) { s.tools.dump_config = true; }},
      {"--operative-config", "", "FILE", "after the run, write the parameters it read to FILE (- for stdout)",
       false, true, false, [](scanned& s, arg a) { s.tools.operative_config = std::move(a.text); }},
      {"--sweep", "", "", "run a trial per combination of the -D values: -D k=a,b,c (lists: -D k=[1,2],[3])",
       false, false, false, [](scanned& s, arg) { s.tools.sweep.on = true; }},
      {"--trial", "", "I", "with --sweep: run trial I alone", false, false, false,
       [](scanned& s, arg a) { s.tools.sweep.trial = std::move(a); }, true},
      {"--jobs", "", "N", "with --sweep: run N trials at a time, each in its own process", false, false, false,
       [](scanned& s, arg a) { s.tools.sweep.jobs = std::move(a); }, true},
      {"--print-trials", "", "", "with --sweep: print one shell command per trial (for GNU parallel) and exit",
       false, false, false, [](scanned& s, arg) { s.tools.sweep.print_trials = true; }, true},
      {"--slurm-array", "", "FILE", "with --sweep: write an sbatch script whose array task i runs --trial i", false,
       true, false, [](scanned& s, arg a) { s.tools.sweep.slurm_array = std::move(a); }, true},
      {"--slurm-option", "", "NAME=VALUE", "with --slurm-array: add '#SBATCH --NAME=VALUE'; repeatable", false,
       false, false, [](scanned& s, arg a) { s.tools.sweep.slurm_options.push_back(std::move(a)); }, true},
      {"--track", "", "DIR", "record the run in the MLflow store DIR (mlflow ui --backend-store-uri DIR)", false,
       false, false, [](scanned& s, arg a) { s.tools.track = std::move(a.text); }},
      {"--sweep-dir", "", "DIR", "with --sweep: where trial I writes its record DIR/trial-I.json (default sweep)",
       false, false, false, [](scanned& s, arg a) { s.tools.sweep.sweep_dir = std::move(a); }},
  };
  return options;
})

HP_COMPILED std::string argv_location(int index) HP_BODY({ return "argv[" + std::to_string(index) + "]"; })

// Sorts argv into layers, tools and leftovers. `with_tools`: hp::run's
// options are recognised too (else they are leftovers, as for parse_cli).
HP_COMPILED scanned_command_line scan_command_line(int argc, const char* const* argv, bool with_tools,
                                                   bool has_version = false) HP_BODY({
  scanned_command_line out;
  const auto at = [&](int i) -> std::string_view { return argv[i] == nullptr ? "" : argv[i]; };
  for (int i = 1; i < argc; ++i) {
    const int first = i;
    // Marks the option just read as one that a trial's command line leaves out.
    const auto control = [&] {
      for (int j = first; j <= i; ++j) out.tools.sweep.control_indices.push_back(j);
    };
    const std::string_view arg = at(i);
    if (arg == "--") {  // the end of our options: everything after it is the program's
      for (++i; i < argc; ++i) out.leftovers.push_back({std::string(at(i)), i, false});
      break;
    }
    const cli_option* matched = nullptr;
    std::optional<located_argument> glued;  // "--config=FILE", "-Dk=v"
    for (const cli_option& o : cli_options()) {
      if ((!o.layer && !with_tools) || (o.needs_version && !has_version)) continue;
      if (arg == o.name || (!o.alias.empty() && arg == o.alias)) {
        matched = &o;
      } else if (!o.value_name.empty() && arg.size() > o.name.size() && arg.substr(0, o.name.size()) == o.name &&
                 arg[o.name.size()] == '=') {
        matched = &o;
        glued = located_argument{std::string(arg.substr(o.name.size() + 1)), i};
      } else if (!o.value_name.empty() && !o.alias.empty() && arg.size() > o.alias.size() &&
                 arg.substr(0, o.alias.size()) == o.alias) {
        matched = &o;
        glued = located_argument{std::string(arg.substr(o.alias.size())), i};
      } else if (o.value_name.empty() && arg.size() > o.name.size() && arg.substr(0, o.name.size()) == o.name &&
                 arg[o.name.size()] == '=') {
        throw parse_error(argv_location(i), 0, "option '" + std::string(o.name) + "' takes no value");
      }
      if (matched != nullptr) break;
    }
    if (matched == nullptr) {
      out.leftovers.push_back({std::string(arg), i, arg.size() > 1 && arg[0] == '-'});
      continue;
    }
    const std::string_view spelled = arg == matched->alias || (glued && arg.substr(0, 2) != "--") ? matched->alias
                                                                                                    : matched->name;
    std::optional<located_argument> value;
    if (matched->value_name.empty()) {
      value = located_argument{std::string(), i};
    } else if (glued) {
      if (!glued->text.empty()) value = std::move(glued);
    } else {
      if (i + 1 < argc && !at(i + 1).empty()) value = located_argument{std::string(at(i + 1)), i + 1};
      if (i + 1 < argc) ++i;
    }
    if (!value) {
      std::string wanted = matched->value_name == "key=value" ? "key=value" : "a " + std::string(matched->value_name);
      if (matched->writes_file) wanted += " ('-' for standard output)";
      throw parse_error(argv_location(i), 0, "'" + std::string(spelled) + "' needs " + wanted);
    }
    if (matched->writes_file) out.output_files.emplace_back(std::string(matched->name), *value);
    matched->take(out, std::move(*value));
    if (matched->sweep_control) control();
  }
  return out;
})

// The option closest to a misspelt one, or "": "--confg" and "-d" by their
// spelling, "-help" written with one dash, "--dump" the start of one name.
HP_COMPILED std::string closest_option(std::string_view spelled, bool has_version) HP_BODY({
  const std::size_t equals = spelled.find('=');
  std::string_view wanted = spelled.substr(0, equals);
  const bool one_dash = wanted.size() > 2 && wanted[1] != '-';
  if (one_dash && equals != std::string_view::npos) wanted = wanted.substr(0, 2);  // "-dk=v": a glued short option
  std::vector<std::string> names;
  for (const cli_option& o : cli_options()) {
    if (o.needs_version && !has_version) continue;
    if (!o.alias.empty()) names.emplace_back(o.alias);
    names.emplace_back(o.name);
  }
  const std::string doubled = "-" + std::string(wanted);
  if (one_dash && std::find(names.begin(), names.end(), doubled) != names.end()) return doubled;
  std::vector<std::string> longer;
  if (wanted.size() >= 4)
    for (const std::string& name : names)
      if (name.size() > wanted.size() && name.compare(0, wanted.size(), wanted) == 0) longer.push_back(name);
  if (longer.size() == 1) return longer.front();
  return closest_key(wanted, names);
})

// With a function that takes no arguments every argument must be understood:
// the first leftover is a usage error.
HP_COMPILED void reject_leftovers(const scanned_command_line& scanned, std::string_view program,
                                  bool has_version) HP_BODY({
  if (scanned.leftovers.empty()) return;
  const leftover_argument& a = scanned.leftovers.front();
  const std::string see = " (see " + std::string(program) + " --help)";
  if (a.option_like) {
    const std::string suggestion = closest_option(a.text, has_version);
    throw parse_error(argv_location(a.index), 0,
                      "unknown option '" + a.text + "'" +
                          (suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?") + see);
  }
  // "-D trial.lr 0.5": a define without '=' followed by its value.
  for (const located_argument& d : scanned.defines)
    if (d.index + 1 == a.index && d.text.find('=') == std::string::npos)
      throw parse_error(argv_location(a.index), 0,
                        "unexpected argument '" + a.text + "' after the define '" + d.text + "'; did you mean '" +
                            d.text + "=" + a.text + "'?");
  throw parse_error(argv_location(a.index), 0,
                    "unexpected argument '" + a.text + "': this program takes no arguments besides its options" + see);
})

struct loaded_command_line {
  std::vector<params> files;  // each --config file, in order
  params config;              // the files merged, later wins
  params defines;             // sources "-D argv[i]"
};

// A key nobody declared, when anything was declared, is most likely a typo.
HP_COMPILED void reject_undeclared(const std::vector<const params*>& layers) HP_BODY({
  const std::vector<declared_param> declared = registry();
  if (declared.empty()) return;
  std::vector<std::string> names;
  for (const declared_param& d : declared) names.push_back(d.key);
  const std::unordered_set<std::string> known(names.begin(), names.end());
  for (const params* layer : layers)
    for (const entry& e : access::entries(*layer))
      if (known.count(e.name()) == 0) {
        std::string suggestion = closest_key(e.name(), names);
        // No near miss: perhaps a declaration the program has not reached yet.
        const char* note = suggestion.empty() ? "defines and config files see only parameters declared at namespace "
                                                "scope (or registered before hp::run), not function-local statics"
                                              : "";
        throw unknown_parameter(e.name(), e.source.str(), std::move(suggestion), note);
      }
})

HP_COMPILED loaded_command_line load_command_line(const scanned_command_line& scanned, bool check_undeclared) HP_BODY({
  loaded_command_line out;
  for (const located_argument& file : scanned.config_files) {
    out.files.push_back(load_config(file.text));
    out.config.merge(out.files.back());
  }
  for (const located_argument& define : scanned.defines) {
    const std::string source = "-D " + argv_location(define.index);
    // Errors name the argv index.
    const std::string_view name = trim(std::string_view(define.text).substr(0, define.text.find('=')));
    if (name.empty()) throw parse_error(source, 0, "define '" + define.text + "' has no key (write key=value)");
    auto [key, v] = define_parts(define.text, name, source);
    out.defines.set(key, std::move(v), source);
  }
  if (check_undeclared) reject_undeclared({&out.config, &out.defines});
  return out;
})

}  // namespace detail
HP_NAMESPACE_END
