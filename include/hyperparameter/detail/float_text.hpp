// hyperparameter: decimal text to double, the same on every standard library.
//
// std::from_chars where the library provides it for double; libc++ before
// version 17 (macOS, many clang toolchains) declares it deleted. There a
// fallback accepts the same text, rounds the same (correctly, through the
// library's own strtod in the classic "C" locale, never the global one) and
// reports the same errors.
#pragma once

#include "../version.hpp"
#include "state.hpp"

#include <charconv>
#include <system_error>
#include <type_traits>
#include <utility>
#if HP_HAS_BODIES
#include <cmath>
#include <ios>
#include <limits>
#include <locale>
#include <sstream>
#include <string>
#endif

HP_NAMESPACE_BEGIN
namespace detail {

// Whether std::from_chars parses a T. A probe rather than __cpp_lib_to_chars:
// libc++ 17 and later parse doubles but leave the macro undefined, and a
// deleted overload fails the probe like a missing one.
template <class T, class = void>
struct has_float_from_chars : std::false_type {};
template <class T>
struct has_float_from_chars<T, std::void_t<decltype(std::from_chars(
                                   std::declval<const char*>(), std::declval<const char*>(), std::declval<T&>()))>>
    : std::true_type {};

HP_COMPILED bool is_ascii_digit(char c) noexcept HP_BODY({ return c >= '0' && c <= '9'; })

// Whether [p, last) starts with `word`, ignoring ASCII case.
HP_COMPILED bool starts_with_word(const char* p, const char* last, const char* word) noexcept HP_BODY({
  for (; *word != '\0'; ++p, ++word) {
    if (p == last) return false;
    const char c = (*p >= 'A' && *p <= 'Z') ? static_cast<char>(*p - 'A' + 'a') : *p;
    if (c != *word) return false;
  }
  return true;
})

// std::from_chars(first, last, out) for double, chars_format::general, by
// other means: an optional '-', digits with an optional '.' (at least one
// digit), an optional exponent; or inf, infinity, nan, nan(letters_digits_)
// in any case. The longest such prefix is parsed; `out` is written only on
// success; result_out_of_range when the value overflows or rounds to zero.
HP_COMPILED std::from_chars_result float_from_chars_fallback(const char* first, const char* last, double& out) HP_BODY({
  const char* p = first;
  const bool negative = p != last && *p == '-';
  if (negative) ++p;

  if (starts_with_word(p, last, "inf")) {
    p += starts_with_word(p, last, "infinity") ? 8 : 3;
    out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return {p, std::errc()};
  }
  if (starts_with_word(p, last, "nan")) {
    p += 3;
    if (p != last && *p == '(') {
      const char* q = p + 1;
      while (q != last && (is_ascii_digit(*q) || *q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
        ++q;
      if (q != last && *q == ')') p = q + 1;
    }
    out = std::copysign(std::numeric_limits<double>::quiet_NaN(), negative ? -1.0 : 1.0);
    return {p, std::errc()};
  }

  bool any_digit = false;
  bool nonzero = false;
  const auto digits = [&] {
    for (; p != last && is_ascii_digit(*p); ++p) {
      any_digit = true;
      nonzero = nonzero || *p != '0';
    }
  };
  digits();
  if (p != last && *p == '.') {
    ++p;
    digits();
  }
  if (!any_digit) return {first, std::errc::invalid_argument};
  if (p != last && (*p == 'e' || *p == 'E')) {  // taken only when digits follow
    const char* q = p + 1;
    if (q != last && (*q == '+' || *q == '-')) ++q;
    if (q != last && is_ascii_digit(*q)) {
      while (q != last && is_ascii_digit(*q)) ++q;
      p = q;
    }
  }

  // The text is now exactly what strtod reads; the classic locale fixes '.'
  // as the decimal point. One stream per thread saves building a locale per call.
  thread_local std::istringstream in = [] {
    std::istringstream s;
    s.imbue(std::locale::classic());
    return s;
  }();
  in.clear();
  in.str(std::string(first, p));
  double d = 0;
  in >> d;
  // On overflow the stream fails with the largest value or infinity; on
  // underflow some libraries fail (ERANGE) yet keep the subnormal, which
  // std::from_chars accepts, and zero from nonzero digits is out of range.
  const bool in_range = std::isfinite(d) && (d != 0 || !nonzero) &&
                        (!in.fail() || (d != 0 && std::fabs(d) < std::numeric_limits<double>::max()));
  if (!in_range) return {p, std::errc::result_out_of_range};
  out = d;
  return {p, std::errc()};
})

// std::from_chars for double where the library has it, else the fallback.
template <class T>
std::from_chars_result float_from_chars(const char* first, const char* last, T& out) {
  static_assert(std::is_same_v<T, double>, "parses double");
  if constexpr (has_float_from_chars<T>::value) return std::from_chars(first, last, out);
  else return float_from_chars_fallback(first, last, out);
}

}  // namespace detail
HP_NAMESPACE_END
