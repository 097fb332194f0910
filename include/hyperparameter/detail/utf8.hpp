// hyperparameter: UTF-8 sequences, for the key rules, for the messages that
// quote what they were given and for the columns of --help.
#pragma once

#include <cstddef>
#include <string_view>

#include "../version.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is invalid
// (truncated, overlong, a surrogate, or past U+10FFFF).
constexpr std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

// The bytes of the character at s[i]: 1 for ASCII, else its UTF-8
// sequence's length, or 0 when that is invalid.
constexpr std::size_t utf8_character_length(std::string_view s, std::size_t i) noexcept {
  return static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence_length(s, i);
}

// The code point of the valid sequence of `n` bytes at s[i].
constexpr char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t n) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  if (n == 1) return byte(0);
  char32_t c = byte(0) & (0x7Fu >> n);
  for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (byte(k) & 0x3Fu);
  return c;
}

// How many terminal columns `c` takes: 2 for East Asian wide and fullwidth
// characters and emoji, 0 for combining marks and zero-width characters, 1
// for the rest (a simplified wcwidth, enough to align --help's columns).
constexpr std::size_t terminal_columns(char32_t c) noexcept {
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || (c >= 0xFE00 && c <= 0xFE0F)) return 0;
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
                    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
                    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
                    (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
                    (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

// The columns `text` takes in a terminal; a byte that is not valid UTF-8 takes one.
constexpr std::size_t terminal_width(std::string_view text) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_character_length(text, i);
    width += n == 0 ? 1 : terminal_columns(utf8_code_point(text, i, n));
    i += n == 0 ? 1 : n;
  }
  return width;
}

}  // namespace detail
HP_NAMESPACE_END
