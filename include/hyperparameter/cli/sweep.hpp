// hyperparameter: what hp::run serves for --sweep.
//
// Every -D becomes an axis of an hp::grid whose base is the config-file
// layer. The grid then runs in this process (one trial after another), as
// one trial (--trial I: a rerun, a cluster task), as N child processes at a
// time (--jobs N, each running --trial I of this program), or is written
// out: one shell command per trial (--print-trials) or an sbatch array
// script (--slurm-array FILE). Every trial writes its record to
// DIR/trial-I.json (DIR from --sweep-dir, default "sweep").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../error.hpp"
#include "../params.hpp"
#include "../sweep.hpp"
#include "../value.hpp"
#include "parse.hpp"
#include "tools.hpp"
#include "../detail/function_ref.hpp"
#include "../detail/limits.hpp"
#include "../detail/state.hpp"

#if defined(__unix__) || defined(__APPLE__)
#define HP_SWEEP_HAS_PROCESSES 1
#include <array>
#include <atomic>

#include <signal.h>
#include <sys/types.h>
#else
#define HP_SWEEP_HAS_PROCESSES 0
#endif

#if HP_HAS_BODIES
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <system_error>

#include "../operative_config.hpp"
#include "../param_scope.hpp"
#include "../registry.hpp"
#include "../config/writer.hpp"
#if HP_SWEEP_HAS_PROCESSES
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif
#endif

HP_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view default_sweep_dir = "sweep";

// Text a POSIX shell reads back as exactly `word`.
HP_COMPILED std::string shell_quote(std::string_view word) HP_BODY({
  const bool plain = !word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_@%+=:,./-") == std::string_view::npos;
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
})

HP_COMPILED std::string shell_line(const std::vector<std::string>& words) HP_BODY({
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + shell_quote(w);
  return out;
})

// A declared list-typed key takes bracketed values on a sweep axis.
HP_COMPILED std::optional<std::string> declared_type(std::string_view key) HP_BODY({
  for (const declared_param& p : registry())
    if (p.key == key) return p.type;
  return std::nullopt;
})

// The values of one -D axis: "a,b,c", or "[1,2],[3]" (each value bracketed;
// required for list-typed keys).
HP_COMPILED std::vector<value> split_axis(const entry& given) HP_BODY({
  const std::string& key = given.name();
  const std::string* text = given.val().if_text();
  if (text == nullptr) return {given.val()};  // a bare "-D key" is true
  const auto fail = [&](const std::string& why) {
    throw parse_error(given.source, 0, "sweep axis '" + key + "=" + *text + "': " + why);
  };
  const std::optional<std::string> type = declared_type(key);
  const bool list_typed = type && type->rfind("std::vector<", 0) == 0;
  std::vector<value> out;
  if (trim(*text).empty()) fail("the axis has no values");
  if (trim(*text).front() == '[') {
    const std::string_view t = *text;
    std::size_t i = 0;
    while (true) {
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
      if (i >= t.size() || t[i] != '[')
        fail("expected '[' at position " + std::to_string(i) + " (write every value bracketed: [1,2],[3])");
      const std::size_t close = t.find(']', i);
      if (close == std::string_view::npos) fail("the '[' at position " + std::to_string(i) + " is never closed");
      out.emplace_back(std::string(t.substr(i, close + 1 - i)));
      i = close + 1;
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
      if (i == t.size()) break;
      if (t[i] != ',') fail("expected ',' after the ']' at position " + std::to_string(close));
      ++i;
    }
    return out;
  }
  if (list_typed && text->find(',') != std::string::npos)
    fail("'" + key + "' is a list (" + *type + "): bracket each value of the axis, e.g. " + key +
         "=[1,2],[3]");
  std::size_t item = 0;
  for (std::string_view v : split_list_text(*text)) {
    ++item;
    if (v.empty()) fail("value " + std::to_string(item) + " is empty");
    out.emplace_back(std::string(v));
  }
  return out;
})

// A value as -D text: what the axis was given.
HP_COMPILED std::string define_text(const value& v) HP_BODY({
  if (const std::string* t = v.if_text()) return *t;
  return v.as<std::string>();
})

// Typed as its declared parameter where that works (for the records).
HP_COMPILED value typed_for_record(const entry& e) HP_BODY({
  if (const declared_type_check check = registry_store::instance().check_for(e.name())) {
    try {
      return check(e.val());
    } catch (const error&) {  // e.g. a ${ref}: keep the text as given
    }
  }
  return e.val();
})

HP_COMPILED void append_json_object(std::string& out, const params& p, bool typed) HP_BODY({
  if (p.empty()) {
    out += "{}";
    return;
  }
  out += "{\n";
  bool first = true;
  for (const entry& e : access::entries(p)) {
    out += first ? "    " : ",\n    ";
    first = false;
    append_quoted(out, e.name());
    out += ": ";
    append_value(out, typed ? typed_for_record(e) : e.val(), writer_format::json, e.name());
  }
  out += "\n  }";
})

struct trial_record {
  std::size_t index = 0;
  std::size_t count = 0;  // trials in the sweep
  int status = 0;
  std::string error;  // what the trial threw, or how its process ended
  std::string rerun;  // a command line that runs exactly this trial alone
  params parameters;
  params operative;
};

HP_COMPILED std::string record_path(const std::string& dir, std::size_t index) HP_BODY({
  return (std::filesystem::path(dir) / ("trial-" + std::to_string(index) + ".json")).string();
})

// A name next to `path` that no other process writes to.
#if HP_SWEEP_HAS_PROCESSES
HP_COMPILED std::string temporary_name(const std::string& path) HP_BODY({
  return path + ".tmp" + std::to_string(::getpid());
})
#else
HP_COMPILED std::string temporary_name(const std::string& path) HP_BODY({
  return path + ".tmp";
})
#endif

// Written whole to a temporary name, then renamed: readers never see half a record.
HP_COMPILED void write_record(const std::string& dir, const trial_record& r) HP_BODY({
  std::string out = "{\n  \"trial\": " + std::to_string(r.index) + ",\n  \"trials\": " + std::to_string(r.count) +
                    ",\n  \"status\": " + std::to_string(r.status) + ",\n  \"error\": ";
  if (r.error.empty()) out += "null";
  else append_quoted(out, r.error);
  out += ",\n  \"rerun\": ";
  append_quoted(out, r.rerun);
  out += ",\n  \"parameters\": ";
  append_json_object(out, r.parameters, true);
  out += ",\n  \"operative_config\": ";
  append_json_object(out, r.operative, false);
  out += "\n}\n";
  const std::string path = record_path(dir, r.index);
  const std::string temporary = temporary_name(path);
  {
    std::ofstream file(temporary, std::ios::binary);
    file << out;
    file.close();
    if (!file) throw io_error(temporary, "cannot write the trial record '" + temporary + "'");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw io_error(path, "cannot write the trial record '" + path + "': " + ec.message());
})

// Removes the trial records in `dir` that this library wrote (trial-N.json
// holding a record) for trials N >= `from`: a new sweep must not leave an
// older sweep's records where its own are looked for.
HP_COMPILED void remove_old_records(const std::string& dir, std::size_t from) HP_BODY({
  std::error_code ec;
  std::vector<std::filesystem::path> old;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string digits = name.size() > 11 ? name.substr(6, name.size() - 11) : std::string();
    if (name.rfind("trial-", 0) != 0 || name.substr(name.size() - 5) != ".json" || digits.empty() ||
        digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(digits) < from)
      continue;
    std::ifstream file(it->path(), std::ios::binary);
    char head[12] = {};
    file.read(head, sizeof head);
    if (std::string(head, static_cast<std::size_t>(file.gcount())) == "{\n  \"trial\":") old.push_back(it->path());
  }
  for (const std::filesystem::path& path : old) std::filesystem::remove(path, ec);  // a sibling may have removed it
})

// --trial, --jobs, --print-trials, --slurm-array and the rest say how to run a sweep.
HP_COMPILED void require_sweep(const sweep_request& r) HP_BODY({
  if (r.on) return;
  const char* given = r.trial ? "--trial" : r.jobs ? "--jobs" : r.print_trials ? "--print-trials"
                      : r.slurm_array ? "--slurm-array" : !r.slurm_options.empty() ? "--slurm-option"
                      : r.sweep_dir ? "--sweep-dir" : nullptr;
  if (given != nullptr) throw usage_error(std::string(given) + " runs a sweep: add --sweep");
})

// A sweep as the command line gave it, checked.
struct sweep_plan {
  grid trials;                          // base: the config-file layer; axes: every -D
  std::vector<std::string> words;       // argv[0] and the arguments every trial shares
  std::size_t trial_at = 0;             // where "--trial I" goes in `words` (before any "--")
  std::vector<std::string> config_args; // "--config FILE" pairs, for rerun lines
  std::vector<std::string> rest;        // the program's own arguments, for rerun lines
  std::string dir;                      // --sweep-dir

  // This trial's -D layer.
  [[nodiscard]] HP_COMPILED params defines(std::size_t index) const HP_BODY({
    const std::vector<std::size_t> where = trials.coordinates(index);
    params out;
    for (std::size_t a = 0; a < trials.axes().size(); ++a) {
      const axis& ax = trials.axes()[a];
      out.set(ax.key, ax.values[where[a]], ax.source);
    }
    return out;
  })
  // The command line that runs trial `index` of this sweep.
  [[nodiscard]] HP_COMPILED std::vector<std::string> trial_command(std::size_t index,
                                                                  std::string program) const HP_BODY({
    std::vector<std::string> out = words;
    out[0] = std::move(program);
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(trial_at), {"--trial", std::to_string(index)});
    return out;
  })
  // The command line that reruns trial `index` alone, outside the sweep.
  [[nodiscard]] HP_COMPILED std::string rerun(std::size_t index) const HP_BODY({
    std::vector<std::string> out{words[0]};
    out.insert(out.end(), config_args.begin(), config_args.end());
    const params given = defines(index);
    for (const entry& e : access::entries(given)) {
      out.emplace_back("-D");
      out.push_back(e.name() + "=" + define_text(e.val()));
    }
    if (!rest.empty()) out.emplace_back("--");
    out.insert(out.end(), rest.begin(), rest.end());
    return shell_line(out);
  })
  // "key=value key=value": what trial `index` sets.
  [[nodiscard]] HP_COMPILED std::string describe(std::size_t index) const HP_BODY({
    std::string out;
    const params given = defines(index);
    for (const entry& e : access::entries(given))
      out += (out.empty() ? "" : " ") + e.name() + "=" + define_text(e.val());
    return out;
  })
};

HP_COMPILED std::size_t parse_count(const located_argument& a, std::string_view option, std::size_t minimum) HP_BODY({
  std::int64_t n = 0;
  bool overflow = false;
  if (!parse_whole_integer(a.text, n, overflow) || n < static_cast<std::int64_t>(minimum))
    throw parse_error(argv_location(a.index), 0,
                      std::string(option) + " '" + a.text + "' is not " +
                          (minimum == 0 ? "a trial index (0, 1, ...)" : "a number of jobs (1 or more)"));
  return static_cast<std::size_t>(n);
})

// Checks everything about a --sweep command line before any trial runs.
HP_COMPILED sweep_plan plan_sweep(int argc, const char* const* argv, const scanned_command_line& scanned,
                                  const loaded_command_line& loaded) HP_BODY({
  const sweep_request& request = scanned.tools.sweep;
  const cli_tools& tools = scanned.tools;
  if (tools.explain || tools.dump_config || tools.operative_config)
    throw usage_error(std::string(tools.explain       ? "--explain"
                                  : tools.dump_config ? "--dump-config"
                                                      : "--operative-config") +
                      " cannot be combined with --sweep (each trial's record holds its operative configuration)");
  int modes = 0;
  for (bool given : {request.trial.has_value(), request.jobs.has_value(), request.print_trials,
                     request.slurm_array.has_value()})
    modes += given ? 1 : 0;
  if (modes > 1)
    throw usage_error("--trial, --jobs, --print-trials and --slurm-array are ways to run a sweep: give one");

  sweep_plan plan{grid(loaded.config), {}, 0, {}, {}, {}};
  for (const entry& e : access::entries(loaded.defines)) plan.trials.add(e.name(), split_axis(e), e.source);

  // Every value of every axis must read as its declared type: checked with
  // the other axes at their first values, over the config layer.
  const params first = plan.defines(0);
  for (const axis& a : plan.trials.axes())
    for (const value& v : a.values) {
      loaded_command_line probe{{}, loaded.config, first};
      probe.defines.set(a.key, v, a.source);
      const with_scope config_scope(probe.config);
      const with_scope define_scope(probe.defines);
      check_declared_types(probe);
    }

  if (request.trial && parse_count(*request.trial, "--trial", 0) >= plan.trials.size())
    throw usage_error("--trial " + request.trial->text + " is out of range: the sweep has " +
                      std::to_string(plan.trials.size()) + " trial" + (plan.trials.size() == 1 ? "" : "s") +
                      " (0 to " + std::to_string(plan.trials.size() - 1) + ")");
  if (request.jobs && parse_count(*request.jobs, "--jobs", 1) > max_jobs)
    throw parse_error(argv_location(request.jobs->index), 0,
                      "--jobs '" + request.jobs->text + "' is more than " + std::to_string(max_jobs) +
                          " trials at a time (the most a sweep passes SIGINT and SIGTERM on to)");
  for (const located_argument& o : request.slurm_options) {
    const std::string name = o.text.substr(0, o.text.find('='));
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos)
      throw parse_error(argv_location(o.index), 0,
                        "--slurm-option '" + o.text + "' is not NAME or NAME=VALUE (an sbatch long option, e.g. "
                        "time=00:10:00)");
    if (o.text.find_first_of("\n\r") != std::string::npos)
      throw parse_error(argv_location(o.index), 0,
                        "--slurm-option '" + o.text + "' holds a line break, which an #SBATCH directive cannot");
    if (name == "array" || name == "output" || name == "chdir")
      throw parse_error(argv_location(o.index), 0,
                        "--slurm-option '" + o.text + "': --slurm-array sets --" + name + " itself");
  }

  // The command line every trial shares: all but the options that choose how to run.
  plan.words.emplace_back(argc > 0 && argv[0] != nullptr ? argv[0] : "program");
  plan.trial_at = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i] == nullptr ? "" : argv[i];
    if (word == "--" && plan.trial_at == 0) plan.trial_at = plan.words.size();
    bool control = false;
    for (int c : request.control_indices) control = control || c == i;
    if (!control) plan.words.push_back(word);
  }
  if (plan.trial_at == 0) plan.trial_at = plan.words.size();
  for (const located_argument& f : scanned.config_files)
    plan.config_args.insert(plan.config_args.end(), {"--config", f.text});
  plan.rest = scanned.rest();
  plan.dir = request.sweep_dir ? request.sweep_dir->text : std::string(default_sweep_dir);
  return plan;
})

HP_COMPILED void create_sweep_dir(const std::string& dir) HP_BODY({
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw io_error(dir, "--sweep-dir '" + dir + "': cannot create the directory" +
                            (ec ? ": " + ec.message() : std::string()));
})

// An #SBATCH directive's value as sbatch reads it back (src/sbatch/opt.c,
// _get_argument): double-quoted, with a backslash before '"', '\\' and '#'
// (an unescaped '#' ends the argument), when it holds a blank, a quote, a
// backslash or '#'. A line break cannot be in one.
HP_COMPILED std::string sbatch_quote(std::string_view text) HP_BODY({
  if (text.find_first_of(" \t\"'\\#") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' || c == '\\' || c == '#' ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
})

// "#SBATCH --NAME=VALUE\n", refusing a line break that would start another directive.
HP_COMPILED std::string sbatch_directive(std::string_view name, std::string_view text,
                                         std::string_view given_as) HP_BODY({
  if (text.find_first_of("\n\r") != std::string_view::npos)
    throw usage_error("--slurm-array: " + std::string(given_as) + " holds a line break, which an #SBATCH directive "
                      "cannot: '" + shown(text) + "'");
  return "#SBATCH --" + std::string(name) + "=" + sbatch_quote(text) + "\n";
})

// The sbatch script: task i of the array runs --trial i.
HP_COMPILED std::string slurm_script(const sweep_plan& plan, const sweep_request& request,
                                     const std::string& program) HP_BODY({
  std::string out = "#!/bin/sh\n";
  out += sbatch_directive("job-name", program, "the program's name");
  out += "#SBATCH --array=0-" + std::to_string(plan.trials.size() - 1) + "\n";
  out += sbatch_directive("chdir", std::filesystem::current_path().string(), "the working directory");
  out += sbatch_directive("output", (std::filesystem::path(plan.dir) / "trial-%a.out").string(), "--sweep-dir");
  for (const located_argument& o : request.slurm_options) {
    const std::size_t equals = o.text.find('=');
    if (equals == std::string::npos) out += "#SBATCH --" + o.text + "\n";
    else
      out += sbatch_directive(o.text.substr(0, equals), o.text.substr(equals + 1), "--slurm-option '" + o.text + "'");
  }
  std::error_code ec;
  std::filesystem::path self = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(plan.words[0]);
  const std::vector<std::string> command = plan.trial_command(0, self.string());
  out += "exec";
  for (std::size_t i = 0; i < command.size(); ++i)
    out += " " + (i == plan.trial_at + 1 ? std::string("\"$SLURM_ARRAY_TASK_ID\"") : shell_quote(command[i]));
  return out + "\n";
})

HP_COMPILED void report_failures(const std::string& program, const std::vector<std::size_t>& failed,
                                 std::size_t ran) HP_BODY({
  std::string indices;
  for (std::size_t i : failed) indices += (indices.empty() ? "" : ", ") + std::to_string(i);
  std::cerr << program << ": " << failed.size() << " of " << ran << " trial" << (ran == 1 ? "" : "s")
            << " failed: " << indices << std::endl;
})

HP_COMPILED void report_success(const sweep_plan& plan) HP_BODY({
  const std::size_t n = plan.trials.size();
  std::cout << n << " trial" << (n == 1 ? "" : "s") << " passed; records in "
            << (std::filesystem::path(plan.dir) / "trial-*.json").string() << std::endl;
})

// A program's trial function (it takes the trial's -D layer and returns an
// exit status) behind a function_ref, so that what serves a sweep is
// compiled once rather than once per program function.
using trial_runner = function_ref<int(std::size_t, const params&)>;

// Runs trial `index` in this process and writes its record: `run_trial`
// takes the trial's index and -D layer and returns its exit status or throws.
HP_COMPILED bool run_trial_in_process(const sweep_plan& plan, std::size_t index, const std::string& program,
                                      trial_runner run_trial) HP_BODY({
  trial_record r{index, plan.trials.size(), 0, {}, plan.rerun(index), plan.trials.at(index).parameters(), {}};
  std::cout << "trial " << index << " of " << r.count << ": " << plan.describe(index) << std::endl;
  const bool was_tracking = tracking_operative_config();
  clear_operative_config();
  track_operative_config(true);
  try {
    r.status = run_trial(index, plan.defines(index));
  } catch (const hp::error& e) {
    r.status = 2;
    r.error = e.what();
  } catch (const std::exception& e) {
    r.status = 1;
    r.error = e.what();
  } catch (...) {  // as hp::sweep: the other trials still run
    r.status = 1;
    r.error = "an exception that is not a std::exception";
  }
  track_operative_config(was_tracking);
  const params read = operative_config();
  for (const entry& e : access::entries(read)) r.operative.set(e.name(), e.val(), e.source);
  std::cout << std::flush;
  if (!r.error.empty() || r.status != 0) {
    std::string why = r.error;
    for (char& c : why)
      if (c == '\n' || c == '\r') c = ' ';
    std::cerr << program << ": trial " << index << " failed (status " << r.status
              << (why.empty() ? "" : ": " + why) << ") with " << plan.describe(index) << std::endl;
  }
  write_record(plan.dir, r);
  return r.status == 0 && r.error.empty();
})

#if HP_SWEEP_HAS_PROCESSES
// While --jobs runs trials, SIGTERM and SIGINT (a scheduler's time limit, a
// Ctrl-C, a kill of the parent alone) are passed on to every running trial;
// the parent starts no more, waits for those running, then takes the
// signal's usual course. The handler only reads a table of pids and kills.
struct forwarded_trials {
  std::array<std::atomic<pid_t>, max_jobs> pids{};  // plan_sweep refuses more jobs
  std::atomic<int> received{0};
  struct sigaction previous[2]{};  // SIGINT, SIGTERM
  bool installed[2] = {false, false};
};
HP_PROCESS_STATE(forwarded_trials, trial_signals, {})

HP_STATE_FN void forward_signal_to_trials(int signal_number) HP_BODY({
  trial_signals.received.store(signal_number);
  for (const std::atomic<pid_t>& slot : trial_signals.pids)
    if (const pid_t pid = slot.load(); pid > 0) ::kill(pid, signal_number);
})

// The executable to spawn for a trial: this program's own file, by its
// path, so that ps shows the program's name (not "exe"), while that path
// still holds this very program (a rebuild may have replaced it); else
// /proc/self/exe; else "", meaning argv[0] looked up on PATH.
HP_COMPILED std::string trial_executable() HP_BODY({
  std::error_code ec;
  if (!std::filesystem::exists("/proc/self/exe", ec)) return {};
  const std::filesystem::path self = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec || !std::filesystem::equivalent(self, "/proc/self/exe", ec) || ec) return "/proc/self/exe";
  return self.string();
})

// --jobs N: N child processes at a time, each running --trial I of this program.
HP_COMPILED int run_trial_processes(const sweep_plan& plan, std::size_t jobs, const std::string& program) HP_BODY({
  std::error_code ec;
  std::map<pid_t, std::size_t> running;
  std::vector<std::size_t> failed;
  std::size_t next = 0;
  std::cout << std::flush;

  forwarded_trials& table = trial_signals;
  table.received.store(0);
  for (std::atomic<pid_t>& slot : table.pids) slot.store(0);
  const int signals[2] = {SIGINT, SIGTERM};
  for (int i = 0; i < 2; ++i) {
    ::sigaction(signals[i], nullptr, &table.previous[i]);
    table.installed[i] = table.previous[i].sa_handler != SIG_IGN;  // ignored: a background job's SIGINT
    if (!table.installed[i]) continue;
    struct sigaction action{};
    action.sa_handler = forward_signal_to_trials;
    sigemptyset(&action.sa_mask);
    ::sigaction(signals[i], &action, nullptr);
  }
  const auto restore_handlers = [&] {
    for (int i = 0; i < 2; ++i)
      if (table.installed[i]) ::sigaction(signals[i], &table.previous[i], nullptr);
    for (std::atomic<pid_t>& slot : table.pids) slot.store(0);
  };
  const auto note = [&](pid_t pid, pid_t now) {
    for (std::atomic<pid_t>& slot : table.pids) {
      pid_t expected = pid;
      if (slot.compare_exchange_strong(expected, now)) return;
    }
  };

  try {
    while ((next < plan.trials.size() && table.received.load() == 0) || !running.empty()) {
      while (running.size() < jobs && next < plan.trials.size() && table.received.load() == 0) {
        std::filesystem::remove(record_path(plan.dir, next), ec);  // a stale record must not pass for this run's
        const std::vector<std::string> words = plan.trial_command(next, plan.words[0]);
        std::vector<char*> child_argv;
        for (const std::string& w : words) child_argv.push_back(const_cast<char*>(w.c_str()));
        child_argv.push_back(nullptr);
        pid_t pid = 0;
        const std::string executable = trial_executable();
        const int rc = !executable.empty()
                           ? ::posix_spawn(&pid, executable.c_str(), nullptr, nullptr, child_argv.data(), environ)
                           : ::posix_spawnp(&pid, child_argv[0], nullptr, nullptr, child_argv.data(), environ);
        if (rc != 0) {
          std::cerr << program << ": trial " << next << " could not start: " << std::strerror(rc) << std::endl;
          failed.push_back(next++);
          continue;
        }
        note(0, pid);
        // A signal that came between the spawn and the note above is passed on here.
        if (const int s = table.received.load(); s != 0) ::kill(pid, s);
        running.emplace(pid, next++);
      }
      if (running.empty()) break;
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;
        throw error(prefixed("error", std::string("waiting for the trials failed: ") + std::strerror(errno)));
      }
      const auto it = running.find(pid);
      if (it == running.end()) continue;  // not one of ours
      note(pid, 0);
      const std::size_t index = it->second;
      running.erase(it);
      const int code =
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
      if (code == 0) continue;
      failed.push_back(index);
      if (!std::filesystem::exists(record_path(plan.dir, index), ec)) {  // it died before writing one
        const trial_record r{index, plan.trials.size(), code,
                             WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                                 : "exited with status " + std::to_string(code) + " without a record",
                             plan.rerun(index), plan.trials.at(index).parameters(), {}};
        write_record(plan.dir, r);
        std::cerr << program << ": trial " << index << " failed (" << r.error << ") with " << plan.describe(index)
                  << std::endl;
      }
    }
  } catch (...) {
    restore_handlers();
    throw;
  }
  restore_handlers();
  std::sort(failed.begin(), failed.end());
  if (!failed.empty()) report_failures(program, failed, next);
  if (const int s = table.received.load(); s != 0) {
    const std::size_t never = plan.trials.size() - next;
    std::cerr << program << ": stopped by signal " << s << "; " << never << " trial" << (never == 1 ? "" : "s")
              << " never started" << std::endl;
    ::raise(s);      // the signal's own course (the previous handler is back)
    return 128 + s;  // a handler that returned
  }
  if (!failed.empty()) return 3;
  report_success(plan);
  return 0;
})
#else
HP_COMPILED int run_trial_processes(const sweep_plan&, std::size_t, const std::string&) HP_BODY({
  throw usage_error("--jobs needs POSIX processes, which this platform lacks");
})
#endif

// Serves a --sweep command line (parsed and loaded); `run_trial` runs the
// program with a trial's -D layer.
HP_COMPILED int serve_sweep(int argc, const char* const* argv, const std::string& program,
                            const scanned_command_line& scanned, const loaded_command_line& loaded,
                            trial_runner run_trial) HP_BODY({
  const sweep_request& request = scanned.tools.sweep;
  const sweep_plan plan = plan_sweep(argc, argv, scanned, loaded);
  const std::size_t n = plan.trials.size();

  if (request.print_trials) {
    // One line per trial: GNU parallel reads a command per line, and a POSIX
    // shell has no quoting for a line break that stays on one line.
    for (const std::string& word : plan.trial_command(0, plan.words[0]))
      if (word.find_first_of("\n\r") != std::string::npos)
        throw usage_error("--print-trials: argument '" + shown(word) +
                          "' holds a line break, so a trial's command cannot be one line (run the sweep with "
                          "--jobs, or in this process)");
    for (std::size_t i = 0; i < n; ++i) std::cout << shell_line(plan.trial_command(i, plan.words[0])) << '\n';
    std::cout << std::flush;
    return 0;
  }
  create_sweep_dir(plan.dir);
  if (request.trial) {
    const std::size_t index = parse_count(*request.trial, "--trial", 0);
    // Its siblings (GNU parallel, a SLURM array, --jobs) write the others.
    std::error_code ec;
    std::filesystem::remove(record_path(plan.dir, index), ec);
    remove_old_records(plan.dir, n);
    // A failure is already reported with its index; a --jobs parent counts it too.
    return run_trial_in_process(plan, index, program, run_trial) ? 0 : 3;
  }
  remove_old_records(plan.dir, 0);
  if (request.slurm_array) {
    const std::string& path = request.slurm_array->text;
    std::ofstream file(path, std::ios::binary);
    file << slurm_script(plan, request, program);
    file.close();
    if (!file) throw io_error(path, "--slurm-array '" + path + "': cannot write the file");
    std::cout << "wrote " << path << ": an array of " << n << " trial" << (n == 1 ? "" : "s")
              << "; submit it with: sbatch " << shell_quote(path) << std::endl;
    return 0;
  }
  if (request.jobs) return run_trial_processes(plan, parse_count(*request.jobs, "--jobs", 1), program);
  std::vector<std::size_t> failed;
  for (std::size_t i = 0; i < n; ++i)
    if (!run_trial_in_process(plan, i, program, run_trial)) failed.push_back(i);
  if (!failed.empty()) {
    report_failures(program, failed, n);
    return 3;
  }
  report_success(plan);
  return 0;
})

}  // namespace detail
HP_NAMESPACE_END
