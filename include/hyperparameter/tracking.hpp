// hyperparameter: experiment tracking in MLflow's file-store layout.
//
// A C++ program has no MLflow client, but MLflow 2.x's file store is a
// directory layout that `mlflow ui --backend-store-uri ./mlruns` reads:
//
//   mlruns/<experiment_id>/meta.yaml
//   mlruns/<experiment_id>/<run_id>/meta.yaml
//   mlruns/<experiment_id>/<run_id>/params/<key>    the value as text
//   mlruns/<experiment_id>/<run_id>/metrics/<key>   lines "timestamp value step"
//   mlruns/<experiment_id>/<run_id>/tags/<key>
//
// hp::tracking::run writes one run there. Its params are the parameters it
// actually read, with the values it read (the operative configuration). It
// ends FINISHED, FAILED when an exception leaves its scope, or KILLED when
// the process gets SIGTERM or SIGINT; concurrent runs, from threads or from
// processes, never clash. POSIX only.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <signal.h>

#include "version.hpp"
#include "detail/read_log.hpp"
#include "detail/state.hpp"
#include "error.hpp"
#include "key.hpp"
#include "value.hpp"

#if HP_HAS_BODIES
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>
#endif

HP_NAMESPACE_BEGIN
namespace tracking {

// MLflow's RunStatus, stored as this integer in meta.yaml.
enum class run_status : int { running = 1, scheduled = 2, finished = 3, failed = 4, killed = 5 };

namespace detail {

namespace fs = std::filesystem;

// MLflow's limits (mlflow/utils/validation.py).
inline constexpr std::size_t max_key_length = 250;
inline constexpr std::size_t max_param_value_length = 6000;
inline constexpr std::size_t max_tag_value_length = 5000;
inline constexpr std::size_t max_experiment_name_length = 500;

// A run logged in a way MLflow or this library does not allow.
[[noreturn]] HP_COMPILED void fail(const std::string& message) HP_BODY({
  throw hp::usage_error("tracking: " + message);
})

// A file or directory of the store that cannot be written.
[[noreturn]] HP_COMPILED void fail_io(const fs::path& path, const std::string& message) HP_BODY({
  throw hp::io_error(path.string(), "tracking: " + message);
})

HP_COMPILED std::int64_t now_ms() HP_BODY({
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
})

// 64 random bits from an engine seeded per thread, and again in a child
// after fork(): a forked process must not repeat its parent's ids (run ids,
// temporary names).
HP_COMPILED std::uint64_t random_bits() HP_BODY({
  struct seeded {
    std::mt19937_64 engine;
    ::pid_t pid = -1;
  };
  thread_local seeded state;
  if (state.pid != ::getpid()) {
    state.pid = ::getpid();
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       static_cast<unsigned>(std::hash<std::thread::id>{}(std::this_thread::get_id())),
                       static_cast<unsigned>(state.pid), static_cast<unsigned>(now_ms())};
    state.engine.seed(seed);
  }
  return state.engine();
})

// A uuid4 as 32 lowercase hex digits, as MLflow's run ids (uuid.uuid4().hex).
HP_COMPILED std::string uuid4_hex() HP_BODY({
  std::uint64_t high = random_bits(), low = random_bits();
  high = (high & ~(std::uint64_t{0xF} << 12)) | (std::uint64_t{4} << 12);  // version 4
  low = (low & ~(std::uint64_t{3} << 62)) | (std::uint64_t{2} << 62);      // variant 10
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(high),
                static_cast<unsigned long long>(low));
  return std::string(text, 32);
})

// A metric value as Python's repr(float) writes it: shortest round trip,
// "1.0" for whole numbers, exponent form below 1e-4 and from 1e16 on.
HP_COMPILED std::string python_float(double d) HP_BODY({
  if (d != d) return "nan";
  if (d == std::numeric_limits<double>::infinity()) return "inf";
  if (d == -std::numeric_limits<double>::infinity()) return "-inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific);
  const std::string_view sci(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const bool negative = sci.front() == '-';
  const std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
    if (c != '.') digits += c;
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
  const int point = exponent + 1;  // digits are 0.d1d2... * 10^point
  std::string out = negative ? "-" : "";
  if (point > -4 && point <= 16) {
    if (point <= 0) {
      out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (static_cast<std::size_t>(point) >= digits.size()) {
      out += digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  const int shown = point - 1;
  char exp_text[16];
  std::snprintf(exp_text, sizeof exp_text, "e%c%02d", shown < 0 ? '-' : '+', shown < 0 ? -shown : shown);
  return out + exp_text;
})

#if HP_HAS_BODIES
// Whether PyYAML's safe loader would read `s`, unquoted, as something other
// than a string (its implicit resolvers: bool, int, float, null, timestamp).
class yaml_implicit {
 public:
  static bool matches(std::string_view s) {
    for (std::string_view word : {"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
                                  "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "<<",
                                  "=", ".nan", ".NaN", ".NAN"})
      if (s == word) return true;
    return is_number(s) || is_timestamp(s);
  }

 private:
  struct cursor {
    std::string_view s;
    std::size_t i = 0;
    bool done() const { return i == s.size(); }
    bool eat(char c) {
      if (i < s.size() && s[i] == c) return ++i, true;
      return false;
    }
    bool eat_if(bool (*pred)(char)) {
      if (i < s.size() && pred(s[i])) return ++i, true;
      return false;
    }
    void eat_all(bool (*pred)(char)) {
      while (eat_if(pred)) {
      }
    }
  };
  static bool digit(char c) { return c >= '0' && c <= '9'; }
  static bool digit_(char c) { return digit(c) || c == '_'; }
  static bool octal_(char c) { return (c >= '0' && c <= '7') || c == '_'; }
  static bool binary_(char c) { return c == '0' || c == '1' || c == '_'; }
  static bool hex_(char c) { return digit_(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
  static bool sexagesimal_tail(cursor& c) {  // (:[0-5]?[0-9])+
    bool any = false;
    while (c.eat(':')) {
      if (c.i + 1 < c.s.size() && c.s[c.i] >= '0' && c.s[c.i] <= '5' && digit(c.s[c.i + 1])) c.i += 2;
      else if (!c.eat_if(digit)) return false;
      any = true;
    }
    return any;
  }
  static bool exponent(cursor& c) {  // ([eE][-+][0-9]+)?
    if (!c.eat('e') && !c.eat('E')) return true;
    if (!c.eat('-') && !c.eat('+')) return false;
    if (!c.eat_if(digit)) return false;
    c.eat_all(digit);
    return true;
  }
  static bool is_number(std::string_view s) {
    if (s.size() >= 2 && s[0] == '.' && (s.substr(1) == "inf" || s.substr(1) == "Inf" || s.substr(1) == "INF"))
      return true;
    {  // \.[0-9][0-9_]* exponent: a float without sign
      cursor c{s};
      if (c.eat('.') && c.eat_if(digit)) {
        c.eat_all(digit_);
        if (exponent(c) && c.done()) return true;
      }
    }
    cursor c{s};
    if (!c.eat('-')) c.eat('+');
    const std::string_view rest = s.substr(c.i);
    if (rest == ".inf" || rest == ".Inf" || rest == ".INF") return true;
    const std::size_t signed_at = c.i;
    if (c.eat('0')) {
      if (c.done()) return true;                                       // 0
      if (c.eat('b')) return c.eat_if(binary_) && (c.eat_all(binary_), c.done());
      if (c.eat('x')) return c.eat_if(hex_) && (c.eat_all(hex_), c.done());
      cursor o = c;
      if (o.eat_if(octal_) && (o.eat_all(octal_), o.done())) return true;  // 0[0-7_]+
    }
    c.i = signed_at;
    if (!c.eat_if(digit)) return false;
    const bool leading_nonzero = s[signed_at] != '0';
    c.eat_all(digit_);
    if (c.done()) return leading_nonzero;  // [1-9][0-9_]*
    if (c.s[c.i] == '.') {                 // [0-9][0-9_]*\.[0-9_]* exponent
      ++c.i;
      c.eat_all(digit_);
      return exponent(c) && c.done();
    }
    if (c.s[c.i] != ':') return false;
    if (!sexagesimal_tail(c)) return false;
    if (c.done()) return leading_nonzero;  // [1-9][0-9_]*(:[0-5]?[0-9])+
    if (!c.eat('.')) return false;         // [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
    c.eat_all(digit_);
    return c.done();
  }
  static bool digits(cursor& c, std::size_t at_least, std::size_t at_most) {
    std::size_t n = 0;
    while (n < at_most && c.eat_if(digit)) ++n;
    return n >= at_least;
  }
  static bool is_timestamp(std::string_view s) {
    cursor c{s};
    if (!digits(c, 4, 4) || !c.eat('-')) return false;
    const std::size_t month = c.i;
    if (digits(c, 2, 2) && c.eat('-') && digits(c, 2, 2) && c.done()) return true;  // yyyy-mm-dd
    c.i = month;
    if (!digits(c, 1, 2) || !c.eat('-') || !digits(c, 1, 2)) return false;
    if (!c.eat('T') && !c.eat('t')) {
      if (!c.eat(' ') && !c.eat('\t')) return false;
      while (c.eat(' ') || c.eat('\t')) {
      }
    }
    if (!digits(c, 1, 2) || !c.eat(':') || !digits(c, 2, 2) || !c.eat(':') || !digits(c, 2, 2)) return false;
    if (c.eat('.')) c.eat_all(digit);
    while (c.eat(' ') || c.eat('\t')) {
    }
    if (c.done()) return true;
    if (c.eat('Z')) return c.done();
    if (!c.eat('-') && !c.eat('+')) return false;
    if (!digits(c, 1, 2)) return false;
    if (c.eat(':') && !digits(c, 2, 2)) return false;
    return c.done();
  }
};

#endif

// A string as PyYAML's safe_dump writes it in a block mapping (MLflow's
// meta.yaml): plain when that reads back as the same string, else quoted.
HP_COMPILED std::string yaml_string(std::string_view s) HP_BODY({
  bool plain = !s.empty() && s.front() != ' ' && s.back() != ' ' && s.substr(0, 3) != "---" && s.substr(0, 3) != "...";
  bool printable = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) printable = false;
    const bool next_blank = i + 1 == s.size() || s[i + 1] == ' ';
    if (i == 0 && std::strchr("#,[]{}&*!|>'\"%@`", static_cast<char>(c)) != nullptr) plain = false;
    if (i == 0 && (c == '?' || c == ':' || c == '-') && next_blank) plain = false;
    if (c == ':' && next_blank) plain = false;
    if (c == '#' && i > 0 && s[i - 1] == ' ') plain = false;
  }
  if (printable && plain && !yaml_implicit::matches(s)) return std::string(s);
  if (printable) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') out += std::string("\\") + c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", u);
      out += hex;
    } else out += c;
  }
  return out + "\"";
})

// Why `name` is not a param, metric or tag name this library writes, or
// "" when it is one: ASCII letters, digits, '_', '-', '.', ' ' and '/'
// (which makes subdirectories), at most 250 bytes, and a path that names
// only itself (no empty, "." or ".." segment). MLflow's own rule
// (mlflow/utils/validation.py) takes any character of Python's Unicode \w
// too; which those are is not guessed here, so non-ASCII names are refused.
HP_COMPILED std::string invalid_name(std::string_view name) HP_BODY({
  if (name.empty()) return "it is empty";
  if (name.size() > max_key_length) return "longer than " + std::to_string(max_key_length) + " bytes";
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.' || c == ' ' || c == '/';
    if (!ok)
      return "character at position " + std::to_string(i) + " is not an ASCII letter, digit, '_', '-', '.', ' ' or '/'";
  }
  if (name.substr(0, 2) == "..") return "it starts with '..'";
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = name.find('/', start);
    const std::string_view segment = name.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty() || segment == "." || segment == "..") return "as a path it has an empty, '.' or '..' part";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return "";
})

HP_COMPILED void check_name(std::string_view kind, std::string_view name) HP_BODY({
  const std::string why = invalid_name(name);
  if (!why.empty()) fail(std::string(kind) + " name '" + std::string(name) + "' is not valid in MLflow: " + why);
})

HP_COMPILED void check_length(std::string_view kind, std::string_view key, std::string_view text,
                              std::size_t limit) HP_BODY({
  if (text.size() > limit)
    fail(std::string(kind) + " '" + std::string(key) + "' has a value of " + std::to_string(text.size()) +
         " bytes; MLflow allows at most " + std::to_string(limit));
})

// Writes `text` to `path` through a temporary file and a rename, so readers
// never see half a file.
HP_COMPILED void write_atomically(const fs::path& path, std::string_view text) HP_BODY({
  fs::path temporary = path;
  temporary += ".tmp-" + uuid4_hex().substr(0, 12);
  {
    std::ofstream file(temporary, std::ios::binary);
    file << text;
    file.close();
    if (!file) fail_io(temporary, "cannot write '" + temporary.string() + "'");
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    fail_io(path, "cannot write '" + path.string() + "'");
  }
})

HP_COMPILED std::string read_text(const fs::path& path) HP_BODY({
  std::ifstream file(path, std::ios::binary);
  std::ostringstream out;
  out << file.rdbuf();
  return out.str();
})

// pathlib.Path(path).as_uri(): file:// and the absolute path, percent-encoded.
HP_COMPILED std::string file_uri(const fs::path& absolute) HP_BODY({
  std::string out = "file://";
  for (const char ch : absolute.string()) {
    const auto c = static_cast<unsigned char>(ch);
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-' || c == '~' || c == '/';
    if (safe) {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
})

HP_COMPILED fs::path absolute_root(const fs::path& root) HP_BODY({
  fs::path out = fs::absolute(root).lexically_normal();
  std::string text = out.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
})

// getpass.getuser(): the first of LOGNAME, USER, LNAME, USERNAME, else the password entry.
HP_COMPILED std::string user_name() HP_BODY({
  for (const char* variable : {"LOGNAME", "USER", "LNAME", "USERNAME"})
    if (const char* v = std::getenv(variable); v != nullptr && *v != '\0') return v;
  // getpwuid_r: runs open on several threads at once (getpwuid's entry is shared).
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwuid_r(::getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_name != nullptr)
    return found->pw_name;
  return "unknown";
})

HP_COMPILED std::string host_name() HP_BODY({
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "";
  return name;
})

// The process's argv: the program and the command line, from /proc/self/cmdline.
HP_COMPILED std::vector<std::string> process_arguments() HP_BODY({
  std::vector<std::string> out;
  const std::string raw = read_text("/proc/self/cmdline");
  std::size_t start = 0;
  while (start < raw.size()) {
    const std::size_t end = raw.find('\0', start);
    out.push_back(raw.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
})

// A shell-quoted command line that reruns the process.
HP_COMPILED std::string command_line(const std::vector<std::string>& arguments) HP_BODY({
  std::string out;
  for (const std::string& a : arguments) {
    if (!out.empty()) out += ' ';
    const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "0123456789_-.,/:=+@%[]") == std::string::npos;
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
})

// The commit checked out in the working directory, when it is a git checkout.
HP_COMPILED std::string git_commit() HP_BODY({
  FILE* pipe = ::popen("git rev-parse HEAD 2>/dev/null", "r");
  if (pipe == nullptr) return "";
  char line[128] = {};
  const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
  const int status = ::pclose(pipe);
  if (!read || status != 0) return "";
  std::string commit(line);
  while (!commit.empty() && (commit.back() == '\n' || commit.back() == '\r')) commit.pop_back();
  return commit.size() == 40 ? commit : "";
})

HP_COMPILED std::string experiment_meta(const std::string& id, const std::string& name, const std::string& location,
                                        std::int64_t created) HP_BODY({
  return "artifact_location: " + yaml_string(location) + "\ncreation_time: " + std::to_string(created) +
         "\nexperiment_id: " + yaml_string(id) + "\nlast_update_time: " + std::to_string(created) +
         "\nlifecycle_stage: active\nname: " + yaml_string(name) + "\n";
})

// Creates experiment `id` named `name` unless it exists: written aside, then
// renamed into place, so that of concurrent creators exactly one wins and
// nobody sees a half-written experiment. Returns false if `id` holds another name.
HP_COMPILED bool create_experiment(const fs::path& root, const std::string& id, const std::string& name) HP_BODY({
  const fs::path target = root / id;
  const std::string name_line = "\nname: " + yaml_string(name) + "\n";
  const auto holds_name = [&] { return read_text(target / "meta.yaml").find(name_line) != std::string::npos; };
  if (fs::exists(target / "meta.yaml")) return holds_name();
  const fs::path aside = root / (".tmp-" + uuid4_hex());
  fs::create_directory(aside);
  write_atomically(aside / "meta.yaml", experiment_meta(id, name, file_uri(root / id), now_ms()));
  std::error_code ec;
  fs::rename(aside, target, ec);
  if (ec) {
    fs::remove_all(aside, ec);
    // Another process made it first (its meta.yaml is complete: it was renamed in whole).
    if (!fs::exists(target / "meta.yaml"))
      fail_io(target, "cannot create experiment directory '" + target.string() + "'");
    return holds_name();
  }
  return true;
})

// The id of the active experiment named `name` under `root`, created on
// first use with an id derived from the name (18 digits, like MLflow's), so
// that processes starting at once agree on it. A fresh store also gets
// MLflow's default experiment "0" and its .trash folder.
HP_COMPILED std::string experiment_id(const fs::path& root, const std::string& name) HP_BODY({
  if (name.empty()) fail("an experiment needs a name");
  if (name.size() > max_experiment_name_length)
    fail("experiment name is longer than " + std::to_string(max_experiment_name_length) + " bytes");
  std::error_code ec;
  fs::create_directories(root, ec);
  if (!fs::is_directory(root)) fail_io(root, "cannot create the store directory '" + root.string() + "'");
  fs::create_directory(root / ".trash", ec);
  create_experiment(root, "0", "Default");
  const std::string name_line = "\nname: " + yaml_string(name) + "\n";
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    const std::string dir = entry.path().filename().string();
    if (!entry.is_directory() || dir.empty() || dir[0] == '.') continue;
    if (read_text(entry.path() / "meta.yaml").find(name_line) != std::string::npos) return dir;
  }
  std::uint64_t h = hp::xxh64(name, 42);
  for (int attempt = 0; attempt < 16; ++attempt, h = hp::xxh64(std::to_string(h), 42)) {
    const std::string id = std::to_string(100000000000000000ULL + h % 900000000000000000ULL);
    if (create_experiment(root, id, name)) return id;
  }
  fail_io(root, "no free experiment id for '" + name + "' under '" + root.string() + "'");
})

// ---- Runs ended by a signal -------------------------------------------------
// SIGTERM (a cluster's time limit) and SIGINT mark every open run KILLED, then
// the signal takes its previous course. The handler only uses
// async-signal-safe calls: each open run keeps the text of its KILLED
// meta.yaml ready, around the end time the handler fills in.
struct killed_note {
  std::string path;       // meta.yaml
  std::string temporary;  // written, then renamed over it
  std::string head;       // text before the end time
  std::string tail;       // text after it
};

inline constexpr std::size_t max_open_runs = 256;
using killed_note_table = std::array<std::atomic<const killed_note*>, max_open_runs>;
HP_PROCESS_STATE(killed_note_table, killed_notes, {})
HP_PROCESS_STATE(struct sigaction, previous_sigint, {})
HP_PROCESS_STATE(struct sigaction, previous_sigterm, {})

#if HP_HAS_BODIES
inline void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n <= 0) return;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}
#endif

HP_STATE_FN void on_termination_signal(int signal_number) HP_BODY({
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  std::int64_t ms = static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
  char digits[24];
  std::size_t n = 0;
  char reversed[24];
  do {
    reversed[n++] = static_cast<char>('0' + ms % 10);
    ms /= 10;
  } while (ms > 0);
  for (std::size_t i = 0; i < n; ++i) digits[i] = reversed[n - 1 - i];
  for (auto& slot : killed_notes) {
    const killed_note* note = slot.load(std::memory_order_acquire);
    if (note == nullptr) continue;
    const int fd = ::open(note->temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) continue;
    write_all(fd, note->head.data(), note->head.size());
    write_all(fd, digits, n);
    write_all(fd, note->tail.data(), note->tail.size());
    ::close(fd);
    ::rename(note->temporary.c_str(), note->path.c_str());
  }
  ::sigaction(signal_number, signal_number == SIGINT ? &previous_sigint : &previous_sigterm, nullptr);
  ::raise(signal_number);
})

// Installed when a run opens, unless it already is: a program (or a test
// framework) may have replaced it since.
HP_STATE_FN void install_signal_handlers() HP_BODY({
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  for (int s : {SIGINT, SIGTERM}) {
    struct sigaction current{};
    ::sigaction(s, nullptr, &current);
    if (current.sa_handler == on_termination_signal || current.sa_handler == SIG_IGN)
      continue;  // ignored: a background job's SIGINT
    (s == SIGINT ? previous_sigint : previous_sigterm) = current;
    struct sigaction action{};
    action.sa_handler = on_termination_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(s, &action, nullptr);
  }
})

HP_COMPILED std::size_t register_killed_note(const killed_note* note) HP_BODY({
  for (std::size_t i = 0; i < max_open_runs; ++i) {
    const killed_note* expected = nullptr;
    if (killed_notes[i].compare_exchange_strong(expected, note, std::memory_order_acq_rel)) return i;
  }
  fail("more than " + std::to_string(max_open_runs) + " runs open at once");
})

}  // namespace detail

class run;

namespace detail {
// The runs open in this process, and this thread's innermost one.
struct open_runs {
  std::mutex mutex;
  std::vector<run*> runs;
  bool reads_were_tracked = false;
  static open_runs& instance();
};
HP_STATE_FN open_runs& open_runs_state() HP_BODY({
  static open_runs all;
  return all;
})
inline open_runs& open_runs::instance() { return open_runs_state(); }
HP_STATE_FN std::vector<run*>& runs_of_this_thread() HP_BODY({
  thread_local std::vector<run*> runs;
  return runs;
})
}  // namespace detail

// One MLflow run. Opening it creates the experiment (on first use) and the
// run's directory with its meta.yaml (RUNNING) and tags; closing it writes
// its params (what it read) and its end. Not copyable; close it on the
// thread that opened it.
class run {
 public:
  // A run of experiment `experiment` in the store at `store` (MLflow's
  // default is ./mlruns); `name` is shown by the UI (default: run-<id prefix>).
  run(const std::string& store, const std::string& experiment, const std::string& name = {})
      : root_(detail::absolute_root(store)),
        experiment_id_(detail::experiment_id(root_, experiment)),
        exceptions_at_start_(std::uncaught_exceptions()),
        start_time_(detail::now_ms()) {
    open(name);
  }

  run(const run&) = delete;
  run& operator=(const run&) = delete;

  // Ends the run if end() was not called: FAILED when an exception is
  // leaving the scope that opened it, else FINISHED.
  ~run() { end_on_exit(); }

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::string& experiment_id() const noexcept { return experiment_id_; }
  [[nodiscard]] HP_COMPILED std::filesystem::path directory() const HP_BODY({ return root_ / experiment_id_ / id_; })

  // Appends "timestamp value step" to metrics/<key> ('/' in the key makes subdirectories).
  HP_COMPILED void log_metric(std::string_view key, double value, std::int64_t step = 0) HP_BODY({
    detail::check_name("metric", key);
    const std::string line =
        std::to_string(detail::now_ms()) + " " + detail::python_float(value) + " " + std::to_string(step) + "\n";
    const std::lock_guard<std::mutex> lock(mutex_);
    const std::filesystem::path path = directory() / "metrics" / std::string(key);
    std::filesystem::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary | std::ios::app);
    file << line;
    file.close();
    if (!file) detail::fail_io(path, "cannot append to '" + path.string() + "'");
  })

  // A param beyond those the run reads; MLflow's params never change, so
  // logging a key again with another value throws.
  HP_COMPILED void log_param(std::string_view key, const hp::value& v) HP_BODY({
    const std::lock_guard<std::mutex> lock(mutex_);
    write_param(key, text_of(v));
  })

  HP_COMPILED void set_tag(std::string_view key, std::string_view value) HP_BODY({
    detail::check_name("tag", key);
    detail::check_length("tag", key, value, detail::max_tag_value_length);
    const std::lock_guard<std::mutex> lock(mutex_);
    const std::filesystem::path path = directory() / "tags" / std::string(key);
    std::filesystem::create_directories(path.parent_path());
    detail::write_atomically(path, value);
  })

  // Writes the params it read (the latest value of each key read since it
  // opened, on every thread; on its own thread only while other runs of this
  // process are open too) and marks it ended with `status`.
  HP_COMPILED void end(run_status status = run_status::finished) HP_BODY({
    if (ended_) return;
    ended_ = true;
    auto& thread_runs = detail::runs_of_this_thread();
    thread_runs.erase(std::remove(thread_runs.begin(), thread_runs.end(), this), thread_runs.end());
    detail::killed_notes[slot_].store(nullptr, std::memory_order_release);
    bool shared = false;
    detail::open_runs& all = detail::open_runs::instance();
    {
      const std::lock_guard<std::mutex> lock(all.mutex);
      all.runs.erase(std::remove(all.runs.begin(), all.runs.end(), this), all.runs.end());
      shared = shared_;
      if (all.runs.empty()) hp::detail::reads_tracked_flag.on.store(all.reads_were_tracked, std::memory_order_relaxed);
    }
    std::exception_ptr problem;  // the first, rethrown with its type once meta.yaml is written
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      const bool own_thread_only = shared && std::this_thread::get_id() == thread_;
      for (const hp::detail::read_record& r :
           hp::detail::read_log::instance().snapshot_since(first_read_, own_thread_only)) {
        try {  // a param logged with another value than the run read is an error, not kept silently
          write_param(r.key, text_of(r.used));
        } catch (const hp::error&) {
          if (!problem) problem = std::current_exception();
        }
      }
    }
    // A run whose params could not all be written ends in an error: FAILED, as its program does.
    if (problem && status == run_status::finished) status = run_status::failed;
    detail::write_atomically(directory() / "meta.yaml",
                             meta(status, std::to_string(detail::now_ms()), false));
    if (problem) std::rethrow_exception(problem);
  })

 private:
  // The constructor's work: the run's directory, meta.yaml, tags and registration.
  HP_COMPILED void open(const std::string& name) HP_BODY({
    for (int attempt = 0;; ++attempt) {
      id_ = detail::uuid4_hex();
      if (std::filesystem::create_directory(root_ / experiment_id_ / id_)) break;
      if (attempt == 8)
        detail::fail_io(root_ / experiment_id_,
                        "cannot create a run directory under '" + (root_ / experiment_id_).string() + "'");
    }
    name_ = name.empty() ? "run-" + id_.substr(0, 8) : name;
    const std::filesystem::path dir = directory();
    for (const char* sub : {"metrics", "params", "artifacts", "tags"}) std::filesystem::create_directory(dir / sub);
    detail::write_atomically(dir / "meta.yaml", meta(run_status::running, "null", true));

    const std::vector<std::string> arguments = detail::process_arguments();
    set_tag("mlflow.runName", name_);
    set_tag("mlflow.source.name", arguments.empty() ? "" : arguments.front());
    set_tag("mlflow.source.type", "LOCAL");
    set_tag("mlflow.user", detail::user_name());
    if (const std::string commit = detail::git_commit(); !commit.empty()) set_tag("mlflow.source.git.commit", commit);
    set_tag("host", detail::host_name());
    set_tag("command", detail::command_line(arguments));

    const std::string killed = meta(run_status::killed, "\x01", false);
    const std::size_t mark = killed.find('\x01');
    killed_ = {(dir / "meta.yaml").string(), (dir / "meta.yaml.killed").string(), killed.substr(0, mark),
               killed.substr(mark + 1)};
    detail::install_signal_handlers();
    slot_ = detail::register_killed_note(&killed_);

    detail::open_runs& all = detail::open_runs::instance();
    {
      const std::lock_guard<std::mutex> lock(all.mutex);
      if (all.runs.empty()) {
        all.reads_were_tracked = hp::detail::reads_tracked();
        hp::detail::reads_tracked_flag.on.store(true, std::memory_order_relaxed);
      }
      for (run* other : all.runs) other->shared_ = true;
      shared_ = !all.runs.empty();
      all.runs.push_back(this);
    }
    first_read_ = hp::detail::read_log::instance().next_order();
    thread_ = std::this_thread::get_id();
    detail::runs_of_this_thread().push_back(this);
  })

  HP_COMPILED void end_on_exit() noexcept HP_BODY({
    if (ended_) return;
    try {
      end(std::uncaught_exceptions() > exceptions_at_start_ ? run_status::failed : run_status::finished);
    } catch (...) {  // a destructor must not throw; the run keeps what was written
    }
  })

  HP_COMPILED static std::string text_of(const hp::value& v) HP_BODY({
    if (v.is_none()) return "";
    if (v.is_list()) return v.describe();
    return v.as<std::string>();
  })

  HP_COMPILED void write_param(std::string_view key, const std::string& text) HP_BODY({
    detail::check_name("param", key);
    detail::check_length("param", key, text, detail::max_param_value_length);
    const std::filesystem::path path = directory() / "params" / std::string(key);
    if (written_params_.count(std::string(key)) != 0) {
      const std::string before = detail::read_text(path);
      if (before != text)
        detail::fail("param '" + std::string(key) + "' was logged as '" + before + "' and cannot change to '" +
                     text + "'");
      return;
    }
    std::filesystem::create_directories(path.parent_path());
    detail::write_atomically(path, text);
    written_params_.insert(std::string(key));
  })

  // meta.yaml as MLflow's FileStore writes it (PyYAML, keys sorted);
  // deleted_time is only in the file create_run writes.
  HP_COMPILED std::string meta(run_status status, const std::string& end_time, bool created) const HP_BODY({
    std::string out = "artifact_uri: " + detail::yaml_string(detail::file_uri(directory() / "artifacts")) + "\n";
    if (created) out += "deleted_time: null\n";
    out += "end_time: " + end_time + "\n";
    out += "entry_point_name: ''\n";
    out += "experiment_id: " + detail::yaml_string(experiment_id_) + "\n";
    out += "lifecycle_stage: active\n";
    out += "run_id: " + detail::yaml_string(id_) + "\n";
    out += "run_name: " + detail::yaml_string(name_) + "\n";
    out += "run_uuid: " + detail::yaml_string(id_) + "\n";
    out += "source_name: ''\n";
    out += "source_type: 4\n";
    out += "source_version: ''\n";
    out += "start_time: " + std::to_string(start_time_) + "\n";
    out += "status: " + std::to_string(static_cast<int>(status)) + "\n";
    out += "tags: []\n";
    out += "user_id: " + detail::yaml_string(user_) + "\n";
    return out;
  })

  std::filesystem::path root_;
  std::string experiment_id_;
  int exceptions_at_start_;
  std::int64_t start_time_;
  std::string user_ = detail::user_name();
  std::string id_;
  std::string name_;
  detail::killed_note killed_;
  std::size_t slot_ = 0;
  std::uint64_t first_read_ = 0;
  std::thread::id thread_;
  bool shared_ = false;
  bool ended_ = false;
  std::mutex mutex_;
  std::set<std::string> written_params_;
};

// The run metrics go to from here: this thread's innermost open run, else
// the only run open in the process (one that hp::run --track opened, say).
[[nodiscard]] HP_COMPILED run& current_run() HP_BODY({
  if (!detail::runs_of_this_thread().empty()) return *detail::runs_of_this_thread().back();
  detail::open_runs& all = detail::open_runs::instance();
  const std::lock_guard<std::mutex> lock(all.mutex);
  if (all.runs.size() == 1) return *all.runs.front();
  detail::fail(all.runs.empty() ? "no run is open to log to (open an hp::tracking::run, or pass --track DIR)"
                                : "several runs are open and none on this thread: log through the run itself");
})

HP_COMPILED void log_metric(std::string_view key, double value, std::int64_t step = 0) HP_BODY({
  current_run().log_metric(key, value, step);
})

}  // namespace tracking
HP_NAMESPACE_END
