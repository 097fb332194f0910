// hyperparameter: the registry of declared parameters.
//
// Every hp::auto_param argument and hp::declare adds its key, type, default
// and help here; the command line uses it for --help and typo detection.
#pragma once

#include <algorithm>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "version.hpp"
#include "detail/macros.hpp"
#include "detail/frame_node.hpp"
#include "detail/state.hpp"
#include "detail/state_claim.hpp"
#include "detail/value_traits.hpp"
#include "error.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

struct declared_param {
  std::string key;
  std::string type;     // as users write it: "int", "std::string", "std::vector<int>"
  value default_value;  // none when the default is of a user type
  std::string help;
  std::string declared_at;  // "file.cpp:12"
};

namespace detail {

class registry_store {
 public:
  static registry_store& instance();

  // Declaring a key again with the same type and default keeps the first
  // declaration; another type or default, or a default that does not read
  // as its type, is a programming error. `check` types a value as the
  // parameter's C++ type (nullptr when that type cannot be read from one).
  // At static initialisation nothing may throw: the error waits for
  // parse_cli or hp::run (see main_time()). A declaration made inside a
  // function (`in_function`: its call site names one) is taken as made after
  // static initialisation and throws at once, as every one does after
  // main_time(). A module loaded after that (`late`: a plugin's static
  // initialisers, run by dlopen) cannot throw either: its error is reported
  // once on stderr and the first declaration stays. A default found bad
  // while waiting is registered as written, for --help to show.
  HP_COMPILED void add(declared_param p, declared_type_check check = nullptr, bool late = false,
                       bool in_function = false) HP_BODY({
    std::optional<conversion_error> bad_default;
    if (check != nullptr && !p.default_value.is_none() && !entry::needs_interpolation(p.default_value)) {
      try {
        p.default_value = check(p.default_value);  // typed as declared: 3 for a double parameter is 3.0
      } catch (const conversion_error& e) {
        bad_default = e.with_context(p.key, "default at " + p.declared_at);
      }
    }
    std::unique_lock<std::mutex> lock(mutex_);
    const bool waits = !main_time_ && !in_function;
    if (bad_default) {
      if (late) return report_late(bad_default->what());
      if (!waits) {
        lock.unlock();
        throw *bad_default;
      }
      problems_.push_back({p.key, bad_default->what(), false});
    }
    if (const auto found = index_.find(p.key); found != index_.end()) {
      declared_param& known = params_[found->second];
      if (known.type != p.type || known.default_value != p.default_value) {
        std::string message = "parameter '" + p.key + "' is declared twice, as " + shown(known) + " at " +
                              known.declared_at + " and as " + shown(p) + " at " + p.declared_at;
        if (late) return report_late(prefixed("declaration_conflict", message));
        if (waits) return problems_.push_back({p.key, std::move(message), true});
        lock.unlock();
        throw declaration_conflict(p.key, message);
      }
      if (known.help.empty()) known.help = std::move(p.help);
      return;
    }
    if (!p.default_value.is_none()) {
      defaults_.emplace_back(p.key, p.default_value, "default at " + p.declared_at);
      default_index_.emplace(defaults_.back().name(), &defaults_.back());
    }
    params_.push_back(std::move(p));
    checks_.push_back(check);
    index_.emplace(params_.back().key, params_.size() - 1);
  })

  // The inline default of `key` as an entry, the lowest layer under every
  // view for ${key} references; nullptr when undeclared or not shown.
  HP_COMPILED const entry* default_entry(std::string_view key) const HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = default_index_.find(key);
    return found == default_index_.end() ? nullptr : found->second;
  })

  // Called by parse_cli and hp::run: from now on declaration errors throw
  // when they happen; those found earlier (at static initialisation) throw now.
  [[nodiscard]] HP_COMPILED bool started() const HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    return main_time_;
  })

  // `defaults`: also when the only problems are defaults found bad; hp::run
  // leaves those to bad_defaults(), after --help, --version and --list-params.
  HP_COMPILED void main_time(bool defaults = true) HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    main_time_ = true;
    if (!state_conflict().empty()) throw error(state_conflict());
    throw_problems(defaults);
  })

  // Throws for the defaults found bad at static initialisation, if any.
  HP_COMPILED void bad_defaults() const HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    throw_problems(true);
  })

  // How to type a value for `key`; nullptr when undeclared or not checkable.
  HP_COMPILED declared_type_check check_for(std::string_view key) const HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = index_.find(key);
    return found == index_.end() ? nullptr : checks_[found->second];
  })

  HP_COMPILED void set_help(std::string_view key, const std::string& help) HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto found = index_.find(key); found != index_.end()) params_[found->second].help = help;
  })

  HP_COMPILED std::vector<declared_param> snapshot() const HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    return std::vector<declared_param>(params_.begin(), params_.end());
  })

 private:
  // Once per distinct message (a plugin may repeat a declaration in many files).
  HP_COMPILED void report_late(const std::string& message) HP_BODY({
    if (std::find(reported_.begin(), reported_.end(), message) != reported_.end()) return;
    reported_.push_back(message);
    std::fprintf(stderr,
                 "%s (declared by a library loaded after the command line was parsed; the first declaration stays)\n",
                 message.c_str());
  })

  // Typed by the first problem; the others follow in its message. Without
  // `defaults`, only when there is a declaration conflict among them.
  HP_COMPILED void throw_problems(bool defaults) const HP_BODY({
    const bool conflict = std::any_of(problems_.begin(), problems_.end(), [](const problem& p) { return p.conflict; });
    if (problems_.empty() || (!defaults && !conflict)) return;
    const problem& first = problems_.front();
    std::string others;
    for (std::size_t i = 1; i < problems_.size(); ++i) others += "; " + problems_[i].message();
    if (first.conflict) throw declaration_conflict(first.key, first.text + others);
    throw error(first.text + others);
  })

  HP_COMPILED static std::string shown(const declared_param& p) HP_BODY({
    return p.type + " = " + (p.default_value.is_none() ? std::string("(a value that cannot be shown)")
                                                       : p.default_value.describe());
  })

  mutable std::mutex mutex_;
  std::deque<declared_param> params_;         // in order of declaration; stable addresses for index_
  std::vector<declared_type_check> checks_;  // parallel to params_
  std::unordered_map<std::string_view, std::size_t> index_;  // a key (viewed in params_) -> its position
  // A problem found before main_time(): a declaration conflict (`text` is
  // its message without the prefix) or a default that does not read as its
  // type (`text` is the conversion error's message).
  struct problem {
    std::string key;
    std::string text;
    bool conflict;
    std::string message() const { return conflict ? prefixed("declaration_conflict", text) : text; }
  };
  std::vector<problem> problems_;            // found before main_time()
  std::vector<std::string> reported_;        // late declarations' errors, shown once
  std::deque<entry> defaults_;               // stable addresses: readers keep pointers
  std::unordered_map<std::string_view, const entry*> default_index_;  // a key -> its entry in defaults_
  bool main_time_ = false;
};

HP_STATE_FN registry_store& registry_state() HP_BODY({
  (void)state_conflict();  // first use: claim the process
  static registry_store store;
  return store;
})
inline registry_store& registry_store::instance() { return registry_state(); }

// Whether the module (program or shared library) this is compiled into was
// loaded after parse_cli or hp::run started, i.e. by dlopen: one flag per
// module (hidden), set by its static initialisation before the declarations
// that follow this header in each file.
HP_MODULE_LOCAL inline const bool module_loaded_late = registry_store::instance().started();

template <class T>
value default_as_value(const T& v) {
  return to_shown_value(v);
}

}  // namespace detail

// A snapshot of every parameter declared so far, in declaration order.
// `default_value` is none when the default's type cannot be shown (a user
// type whose hp::converter has no to_value).
[[nodiscard]] HP_COMPILED std::vector<declared_param> registry() HP_BODY({
  return detail::registry_store::instance().snapshot();
})

HP_NAMESPACE_END
