// hyperparameter: dotted keys, validated and hashed (XXH64, seed 42) once.
//
// `hp::key` is a view of a key's name plus its hash. Built from a literal
// (`"dnn.layers"_hp`, or any `constexpr hp::key`) both the check and the hash
// happen at compile time, so an invalid name does not compile and a read
// costs no hashing. Built from a runtime string it validates and hashes the
// first time this thread sees that string (detail/key_memo.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "version.hpp"
#include "detail/macros.hpp"
#include "detail/key_memo.hpp"
#include "detail/key_rules.hpp"

HP_NAMESPACE_BEGIN

namespace detail {
struct key_access;
}  // namespace detail

// A validated dotted key and its XXH64 hash. Like std::string_view, it does
// not own its name: keep the string it was built from alive. Hence it is not
// built from a temporary std::string (`hp::key k = make_name();` would
// dangle); the calls that use a key only while they run (hp::get, hp::set
// ...) take a detail::key_arg, which accepts one.
class key {
 public:
  // Validates and hashes; in a constant expression an invalid name does not compile.
  HP_ALWAYS_INLINE constexpr key(std::string_view name) : name_(name), hash_(0) {
#if defined(HP_CONSTANT_EVALUATED)
    if (!HP_CONSTANT_EVALUATED()) {
      const detail::memo_result found = detail::runtime_key_hash(name);
      hash_ = found.hash;
      memo_slot_ = found.slot;
      return;
    }
#endif
    checked(name);
    hash_ = xxh64(name, detail::key_seed);
  }
  HP_ALWAYS_INLINE constexpr key(const char* name) : name_(), hash_(0) {
#if defined(HP_CONSTANT_EVALUATED)
    if (!HP_CONSTANT_EVALUATED()) {
      const detail::memo_result found = detail::runtime_key_hash(name);
      name_ = std::string_view(name, found.size);
      hash_ = found.hash;
      memo_slot_ = found.slot;
      return;
    }
#endif
    name_ = checked(std::string_view(name));
    hash_ = xxh64(name_, detail::key_seed);
  }
  HP_ALWAYS_INLINE key(const std::string& name) : key(std::string_view(name)) {}
  key(std::string&&) = delete;  // hp::key does not own its name: build it from a std::string that outlives it

  [[nodiscard]] constexpr std::string_view name() const noexcept { return name_; }
  // xxh64(name, 42), the same hash upstream HyperParameter uses.
  [[nodiscard]] constexpr std::uint64_t hash() const noexcept { return hash_; }

 private:
  static constexpr std::string_view checked(std::string_view name) {
    const detail::key_problem problem = detail::check_key(name);
    if (problem.reason != nullptr) detail::reject_key(name, problem);
    return name;
  }

  friend struct detail::key_access;

  std::string_view name_;
  std::uint64_t hash_;
  // Built at run time: the slot of the key memo it was found in (checked
  // again before use, since a key may be read on another thread).
  std::size_t memo_slot_ = detail::key_memo::none;
};

namespace detail {
struct key_access {
  [[nodiscard]] static constexpr std::size_t memo_slot(const key& k) noexcept { return k.memo_slot_; }
};
}  // namespace detail

namespace detail {
// The key parameter of a call that uses the key only while it runs (hp::get,
// hp::find, hp::has, hp::set ...): an hp::key that may also be built from a
// temporary std::string, which lives until the call returns.
class key_arg : public key {
 public:
  HP_ALWAYS_INLINE constexpr key_arg(const key& k) noexcept : key(k) {}
  HP_ALWAYS_INLINE constexpr key_arg(std::string_view name) : key(name) {}
  HP_ALWAYS_INLINE constexpr key_arg(const char* name) : key(name) {}
  HP_ALWAYS_INLINE key_arg(const std::string& name) : key(std::string_view(name)) {}
};
}  // namespace detail

namespace literals {
// "dnn.layers"_hp: a key checked and hashed at compile time (always so in
// C++20; in C++17 whenever the key is used in a constant expression).
#if defined(__cpp_consteval)
consteval
#else
constexpr
#endif
key operator""_hp(const char* name, std::size_t size) {
  return key(std::string_view(name, size));
}
}  // namespace literals

HP_NAMESPACE_END
