// hyperparameter: the registry of declared parameters.
//
// Every hp::auto_param argument and hp::declare adds its key, type, default
// and help here; the command line uses it for --help and typo detection.
#pragma once

#include <algorithm>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "detail/value_traits.hpp"
#include "error.hpp"
#include "value.hpp"

namespace hp {

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
  static registry_store& instance() {
    static registry_store store;
    return store;
  }

  // A key declared again with the same type keeps its first declaration;
  // with another type it is a programming error. `check` types a value as
  // the parameter's C++ type (nullptr when that type cannot be read from one).
  void add(declared_param p, declared_type_check check = nullptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (declared_param& known : params_)
      if (known.key == p.key) {
        if (known.type != p.type)
          throw error("hp::error: parameter '" + p.key + "' is declared as " + known.type + " at " +
                      known.declared_at + " and as " + p.type + " at " + p.declared_at);
        if (known.help.empty()) known.help = std::move(p.help);
        return;
      }
    params_.push_back(std::move(p));
    checks_.push_back(check);
  }

  // How to type a value for `key`; nullptr when undeclared or not checkable.
  declared_type_check check_for(std::string_view key) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < params_.size(); ++i)
      if (params_[i].key == key) return checks_[i];
    return nullptr;
  }

  void set_help(std::string_view key, const std::string& help) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (declared_param& known : params_)
      if (known.key == key) known.help = help;
  }

  std::vector<declared_param> snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return params_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<declared_param> params_;
  std::vector<declared_type_check> checks_;  // parallel to params_
};

// "path/to/file.cpp", 12 -> "file.cpp:12"
inline std::string declaration_site(const char* file, unsigned line) {
  if (file == nullptr) return "(unknown)";  // the compiler cannot name the caller
  std::string_view path = file;
  const std::size_t slash = path.find_last_of("/\\");
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return std::string(path) + ":" + std::to_string(line);
}

template <class T>
value default_as_value(const T& v) {
  if constexpr (std::is_constructible_v<value, const T&>) return value(v);
  else return value();
}

}  // namespace detail

// A snapshot of every parameter declared so far, in declaration order.
[[nodiscard]] inline std::vector<declared_param> registry() {
  return detail::registry_store::instance().snapshot();
}

}  // namespace hp
