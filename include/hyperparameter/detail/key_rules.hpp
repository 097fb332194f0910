// hyperparameter: what makes a name a key (the rules, checked in constant
// expressions too); its hash is hp::xxh64 (xxh64.hpp) with seed 42.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "../version.hpp"
#include "../error.hpp"
#include "../xxh64.hpp"
#include "macros.hpp"
#include "utf8.hpp"

HP_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint64_t key_seed = 42;

enum class key_fault : unsigned char { none, empty, empty_segment, whitespace, control_character, punctuation, utf8 };

// Where and why a name is not a valid key; `reason == nullptr` means valid.
struct key_problem {
  std::size_t position = 0;
  const char* reason = nullptr;
  key_fault fault = key_fault::none;
};

constexpr bool is_key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

// Why `name` is not a valid key, found by walking it character by character.
constexpr key_problem diagnose_key(std::string_view name) noexcept {
  if (name.empty()) return {0, "the key is empty", key_fault::empty};
  std::size_t segment_length = 0;
  for (std::size_t i = 0; i < name.size();) {
    const char c = name[i];
    if (c == '.') {
      if (segment_length == 0) return {i, "empty segment", key_fault::empty_segment};
      segment_length = 0;
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      if (!is_key_char(c)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
          return {i, "whitespace is not allowed", key_fault::whitespace};
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
          return {i, "control character is not allowed", key_fault::control_character};
        return {i, "punctuation is not allowed (use letters, digits, '_', '-' or '.')", key_fault::punctuation};
      }
      ++segment_length;
      ++i;
    } else {
      const std::size_t n = utf8_sequence_length(name, i);
      if (n == 0) return {i, "invalid UTF-8", key_fault::utf8};
      segment_length += n;
      i += n;
    }
  }
  if (segment_length == 0) return {name.size() - 1, "empty segment", key_fault::empty_segment};
  return {};
}

// What each byte may be in a key: ASCII keys are checked with one table
// lookup per byte; anything else (UTF-8, a mistake) is walked by diagnose_key.
enum class key_byte : unsigned char { other, name, dot };

struct key_byte_table {
  key_byte of[256] = {};
  constexpr key_byte_table() {
    for (int c = 0; c < 128; ++c)
      if (is_key_char(static_cast<char>(c))) of[c] = key_byte::name;
    of[static_cast<unsigned char>('.')] = key_byte::dot;
  }
};
inline constexpr key_byte_table key_bytes{};

constexpr key_problem check_key(std::string_view name) noexcept {
  bool after_dot = true;  // a key must not start with '.', end with it, or hold ".."
  for (const char c : name) {
    const key_byte kind = key_bytes.of[static_cast<unsigned char>(c)];
    if (kind == key_byte::name) {
      after_dot = false;
    } else if (kind == key_byte::dot && !after_dot) {
      after_dot = true;
    } else {
      return diagnose_key(name);
    }
  }
  return after_dot ? diagnose_key(name) : key_problem{};
}

[[noreturn]] HP_COMPILED void throw_invalid_key(std::string_view name, key_problem problem,
                                                std::string_view source = {}) HP_BODY({
  throw invalid_key(std::string(name), problem.position, problem.reason, source);
})

// In a constant expression (a constexpr hp::key, "..."_hp) the compiler
// reports the call that cannot be evaluated: each of these names its reason.
[[noreturn]] HP_COMPILED void invalid_key_is_empty(std::string_view name, key_problem p) HP_BODY({
  throw_invalid_key(name, p);
})
[[noreturn]] HP_COMPILED void invalid_key_has_an_empty_segment(std::string_view name, key_problem p) HP_BODY({
  throw_invalid_key(name, p);
})
[[noreturn]] HP_COMPILED void invalid_key_has_whitespace(std::string_view name, key_problem p) HP_BODY({
  throw_invalid_key(name, p);
})
[[noreturn]] HP_COMPILED void invalid_key_has_a_control_character(std::string_view name, key_problem p) HP_BODY({
  throw_invalid_key(name, p);
})
[[noreturn]] HP_COMPILED void invalid_key_has_punctuation_other_than_underscore_dash_dot(std::string_view name,
                                                                                         key_problem p) HP_BODY({
  throw_invalid_key(name, p);
})
[[noreturn]] inline void invalid_key_is_not_valid_utf8(std::string_view name, key_problem p) {
  throw_invalid_key(name, p);
}

constexpr void reject_key(std::string_view name, key_problem p) {
  switch (p.fault) {
    case key_fault::empty: invalid_key_is_empty(name, p);
    case key_fault::empty_segment: invalid_key_has_an_empty_segment(name, p);
    case key_fault::whitespace: invalid_key_has_whitespace(name, p);
    case key_fault::control_character: invalid_key_has_a_control_character(name, p);
    case key_fault::punctuation: invalid_key_has_punctuation_other_than_underscore_dash_dot(name, p);
    case key_fault::utf8: invalid_key_is_not_valid_utf8(name, p);
    case key_fault::none: break;
  }
}

// Throws hp::invalid_key when `name` is not a valid dotted key.
inline void validate_key(std::string_view name, std::string_view source = {}) {
  const key_problem problem = check_key(name);
  if (problem.reason != nullptr) throw_invalid_key(name, problem, source);
}

// A valid, nonzero-hash stand-in: zero marks empty slots in our hash tables.
constexpr std::uint64_t table_hash(std::uint64_t h) noexcept { return h == 0 ? 1 : h; }

// The dotted key of `name` under `prefix` ("dnn" + "layers" is "dnn.layers");
// `name` alone when the prefix is empty.
inline std::string join_key(std::string_view prefix, std::string_view name) {
  std::string out;
  out.reserve(prefix.size() + 1 + name.size());
  if (!prefix.empty()) (out += prefix) += '.';
  return out += name;
}

}  // namespace detail

HP_NAMESPACE_END
