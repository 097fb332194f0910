// hyperparameter: declared parameters (hp::declare, hp::param<T>) and what
// every declaration shares with auto_param: the key made once (validated,
// hashed), the default kept as an entry when it must be interpolated, and
// the registration that --help and the typo check read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "version.hpp"
#include "detail/frame_node.hpp"
#include "detail/key_rules.hpp"
#include "detail/macros.hpp"
#include "detail/read.hpp"
#include "detail/scope_stack.hpp"
#include "detail/state.hpp"
#include "detail/value_traits.hpp"
#include "param_scope.hpp"
#include "registry.hpp"
#include "value.hpp"
#include "xxh64.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

// A default as an entry under `key`, read through the current scopes.
HP_COMPILED std::shared_ptr<const entry> make_default_entry(const std::string& key, value v,
                                                            const std::string& declared_at) HP_BODY({
  return std::make_shared<const entry>(key, std::move(v), "default at " + declared_at);
})

// Text with ${...} as an entry under `key` (interpolated when read); nullptr for plain text.
HP_COMPILED std::shared_ptr<const entry> text_default_entry(const std::string& key, const std::string& text,
                                                            const std::string& declared_at) HP_BODY({
  if (text.find("${") == std::string::npos) return nullptr;
  return make_default_entry(key, value(text), declared_at);
})

// A declared parameter's full key, hashed once.
struct resolved_key {
  std::string name;
  std::uint64_t hash;
};

// "prefix.name" (or "name" without a prefix), validated and hashed; an
// hp::invalid_key names who declared it where ("auto_param at train.cpp:12").
HP_COMPILED resolved_key make_key(std::string_view prefix, std::string_view name, std::string_view declarer,
                                  const std::string& declared_at) HP_BODY({
  std::string full = join_key(prefix, name);
  validate_key(full, std::string(declarer) + " at " + declared_at);
  const std::uint64_t hash = table_hash(xxh64(full, key_seed));
  return {std::move(full), hash};
})

// Adds one declared parameter to the registry (what --help and the typo check see);
// `late`: the calling module's module_loaded_late; `in_function`: call_site::in_function().
HP_COMPILED void register_param(const std::string& key, std::string type, value shown_default, const std::string& help,
                                const std::string& declared_at, declared_type_check check, bool late,
                                bool in_function) HP_BODY({
  registry_store::instance().add({key, std::move(type), std::move(shown_default), help, declared_at}, check, late,
                                 in_function);
})

}  // namespace detail

// A parameter declared without a function: epochs() reads the current value.
template <class T>
class param {
 public:
  // `in_function`: declared inside a function (see detail::call_site::in_function()).
  param(std::string_view name, T default_value, const std::string& declared_at, bool in_function = false)
      : param(detail::make_key({}, name, "hp::declare", declared_at), std::move(default_value), declared_at,
              in_function) {}

  // Reads the current scope like hp::get(key, default), without hashing.
  [[nodiscard]] T operator()() const {
    const detail::entry* e = detail::lookup_current(hash_);
    T out = e != nullptr ? detail::read_entry<T>(*e, detail::current_view{}) : read_default();
    if (detail::reads_tracked()) detail::note_read(name_, out, e);  // as read_noted, the default made only if needed
    return out;
  }

  [[nodiscard]] param help(const std::string& text) const {
    detail::registry_store::instance().set_help(name_, text);
    return *this;
  }

  [[nodiscard]] const std::string& key() const noexcept { return name_; }
  [[nodiscard]] const T& default_value() const noexcept { return default_; }

 private:
  param(detail::resolved_key k, T default_value, const std::string& declared_at, bool in_function)
      : name_(std::move(k.name)), hash_(k.hash), default_(std::move(default_value)) {
    if constexpr (std::is_same_v<T, std::string>)
      default_entry_ = detail::text_default_entry(name_, default_, declared_at);
    detail::register_param(name_, detail::type_name<T>(), detail::default_as_value(default_), {}, declared_at,
                           detail::declared_type_check_for<T>(), detail::module_loaded_late, in_function);
  }

  T read_default() const {
    if constexpr (std::is_same_v<T, std::string>)
      if (default_entry_) return detail::read_entry<T>(*default_entry_, detail::current_view{});
    return default_;
  }

  std::string name_;
  std::uint64_t hash_;
  T default_;
  std::shared_ptr<const detail::entry> default_entry_;  // text with ${...}, interpolated when read
};

// inline const auto epochs = hp::declare("train.epochs", 10).help("passes over the data");
template <class T>
[[nodiscard]] param<detail::stored_type_t<T>> declare(std::string_view key, T default_value,
                                                     detail::call_site where = {}) {
  return {key, detail::stored_type_t<T>(std::move(default_value)), detail::declaration_site(where),
          where.in_function()};
}

HP_NAMESPACE_END
