// hyperparameter: hp::value and checked conversions.
//
// A value holds nothing, a bool, an integer, a double, text, or a list.
// Text from a command line or a define stays text and is typed when read;
// every conversion is checked and throws hp::conversion_error, never a
// silent default.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <new>
#include <vector>

#include "version.hpp"
#include "detail/macros.hpp"
#include "detail/float_text.hpp"
#include "error.hpp"

HP_NAMESPACE_BEGIN

class value;

// Specialise to read a user type: `static T from(const hp::value&)`; to let
// --help, --explain and the dumps show it, also `static hp::value to_value(const T&)`.
template <class T, class Enable = void>
struct converter;

namespace detail {

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
inline constexpr bool is_integer_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Whether `i` is in the range of the integer type I: it survives the round
// trip through I (and, for an unsigned I, is not negative).
template <class I>
constexpr bool fits(std::int64_t i) noexcept {
  if constexpr (std::is_unsigned_v<I>)
    if (i < 0) return false;
  return static_cast<std::int64_t>(static_cast<I>(i)) == i;
}

// The name of a built-in type as users write it; nullptr for other types.
template <class T>
constexpr const char* builtin_type_name() {
  if constexpr (std::is_same_v<T, bool>) return "bool";
  else if constexpr (std::is_same_v<T, char>) return "char";
  else if constexpr (std::is_same_v<T, signed char>) return "signed char";
  else if constexpr (std::is_same_v<T, unsigned char>) return "unsigned char";
  else if constexpr (std::is_same_v<T, short>) return "short";
  else if constexpr (std::is_same_v<T, unsigned short>) return "unsigned short";
  else if constexpr (std::is_same_v<T, int>) return "int";
  else if constexpr (std::is_same_v<T, unsigned>) return "unsigned";
  else if constexpr (std::is_same_v<T, long>) return "long";
  else if constexpr (std::is_same_v<T, unsigned long>) return "unsigned long";
  else if constexpr (std::is_same_v<T, long long>) return "long long";
  else if constexpr (std::is_same_v<T, unsigned long long>) return "unsigned long long";
  else if constexpr (std::is_same_v<T, float>) return "float";
  else if constexpr (std::is_same_v<T, double>) return "double";
  else if constexpr (std::is_same_v<T, long double>) return "long double";
  else if constexpr (std::is_same_v<T, std::string>) return "std::string";
  else if constexpr (std::is_same_v<T, value>) return "hp::value";
  else return nullptr;
}

HP_COMPILED std::string vector_type_name(const std::string& element) HP_BODY({ return "std::vector<" + element + ">"; })

// "T = name;" or "[T = name]" in a function signature -> "name".
HP_COMPILED std::string type_from_signature(std::string_view f) HP_BODY({
  const std::size_t start = f.find("T = ") + 4;
  const std::size_t end = f.find_first_of(";]", start);
  return std::string(f.substr(start, end - start));
})

// A type's name as users write it: "int", "std::string", "std::vector<int>".
template <class T>
std::string type_name() {
  if constexpr (builtin_type_name<T>() != nullptr) {
    return builtin_type_name<T>();
  } else if constexpr (is_vector<T>::value) {
    return vector_type_name(type_name<typename T::value_type>());
  } else {
    // Taken from the compiler's spelling of this function, as magic_enum does.
#if defined(HP_FUNCTION_SIGNATURE)
    return type_from_signature(HP_FUNCTION_SIGNATURE);
#else
    return "user type";
#endif
  }
}

// type_name<T>() as a C string, for the compiled converters' messages.
template <class T>
const char* type_name_text() {
  if constexpr (builtin_type_name<T>() != nullptr) {
    return builtin_type_name<T>();
  } else {
    static const std::string name = type_name<T>();  // char16_t, wchar_t ...
    return name.c_str();
  }
}

// hp::converter<T> is defined (for a vector, for its elements).
template <class T, class = void>
struct has_converter : std::false_type {};
template <class T>
struct has_converter<T, std::void_t<decltype(sizeof(converter<T>))>> : std::true_type {};
template <class T>
inline constexpr bool has_converter_v = has_converter<T>::value;
template <class T, class A>
inline constexpr bool has_converter_v<std::vector<T, A>> = has_converter_v<T>;

// Instantiated for a type nobody wrote a converter for: the compiler names T here.
template <class T>
struct missing_converter {
  static_assert(sizeof(T) == 0,
                "hp: no hp::converter for the type T of missing_converter<T> (named in this error's context); "
                "add one before it is read: template <> struct hp::converter<T> { static T from(const hp::value&); "
                "static hp::value to_value(const T&); }  (to_value is optional: it lets --help and the dumps show it)");
};

template <class T>
constexpr bool require_converter() {
  if constexpr (!has_converter_v<T>) return sizeof(missing_converter<T>) > 0;
  return true;
}

// Shortest round-trip text of a double, as std::to_chars writes it.
HP_COMPILED std::string double_to_text(double d) HP_BODY({
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
  return std::string(buffer, result.ptr);
})

inline char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

inline bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

inline std::string_view trim(std::string_view s) noexcept {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace detail

class value {
 public:
  using list = std::vector<value>;
  enum class kind : unsigned char { none, boolean, integer, floating, text, list };

  value() noexcept {}
  value(bool b) noexcept : kind_(kind::boolean) { u_.b = b; }
  // An unsigned integer past int64 is kept as its decimal text, which the
  // unsigned 64-bit converter reads back exactly.
  template <class I, std::enable_if_t<detail::is_integer_v<I>, int> = 0>
  value(I i) : kind_(kind::integer) {
    u_.i = static_cast<std::int64_t>(i);
    if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t))
      if (i > static_cast<I>(std::numeric_limits<std::int64_t>::max())) {
        new (&u_.s) std::string(std::to_string(i));
        kind_ = kind::text;
      }
  }
  // A float is stored as the double its shortest text denotes: 0.1f is 0.1.
  template <class F, std::enable_if_t<std::is_floating_point_v<F>, int> = 0>
  value(F f) noexcept : kind_(kind::floating) {
    u_.d = widen(f);
  }
  value(const char* text) : value(std::string(text)) {}
  value(std::string text) noexcept : kind_(kind::text) { new (&u_.s) std::string(std::move(text)); }
  value(std::string_view text) : value(std::string(text)) {}
  value(list items) noexcept : kind_(kind::list) { new (&u_.l) list(std::move(items)); }
  template <class T, std::enable_if_t<!std::is_same_v<T, value>, int> = 0>
  value(const std::vector<T>& items) : value(list_of(items.size(), &item_of<T>, &items)) {}
  value(std::initializer_list<value> items) : value(list(items)) {}

  // Scalars are copied inline; text and lists out of line.
  value(const value& other) : kind_(kind::none) {
    if (other.kind_ < kind::text) scalar_from(other);
    else copy_from(other);
  }
  value(value&& other) noexcept : kind_(kind::none) { take(other); }
  value& operator=(const value& other) {
    if (this != &other) {
      value copy(other);
      reset();
      take(copy);
    }
    return *this;
  }
  value& operator=(value&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  ~value() { reset(); }

  [[nodiscard]] kind type() const noexcept { return kind_; }
  [[nodiscard]] bool is_none() const noexcept { return kind_ == kind::none; }
  [[nodiscard]] bool is_bool() const noexcept { return kind_ == kind::boolean; }
  [[nodiscard]] bool is_integer() const noexcept { return kind_ == kind::integer; }
  [[nodiscard]] bool is_double() const noexcept { return kind_ == kind::floating; }
  [[nodiscard]] bool is_text() const noexcept { return kind_ == kind::text; }
  [[nodiscard]] bool is_list() const noexcept { return kind_ == kind::list; }

  // Unchecked access to the stored alternative; nullptr when it is another kind.
  [[nodiscard]] const bool* if_bool() const noexcept { return kind_ == kind::boolean ? &u_.b : nullptr; }
  [[nodiscard]] const std::int64_t* if_integer() const noexcept { return kind_ == kind::integer ? &u_.i : nullptr; }
  [[nodiscard]] const double* if_double() const noexcept { return kind_ == kind::floating ? &u_.d : nullptr; }
  [[nodiscard]] const std::string* if_text() const noexcept { return kind_ == kind::text ? &u_.s : nullptr; }
  [[nodiscard]] const list* if_list() const noexcept { return kind_ == kind::list ? &u_.l : nullptr; }

  // Converts by the documented rules; throws hp::conversion_error.
  template <class T>
  [[nodiscard]] T as() const {
    static_assert(detail::require_converter<T>());
    return converter<T>::from(*this);
  }

  // Text for messages and dumps: text quoted, lists in brackets, no value
  // (a JSON null, a YAML ~) as null.
  [[nodiscard]] HP_COMPILED std::string describe() const HP_BODY({
    switch (type()) {
      case kind::none: return "null";
      case kind::text: return '"' + *if_text() + '"';
      case kind::list: {
        std::string out = "[";
        for (const value& item : *if_list()) out += (out.size() > 1 ? ", " : "") + item.describe();
        return out + "]";
      }
      default: return as<std::string>();
    }
  })

  // Same kind and value (an integer never equals a double, nor 1 true).
  friend bool operator==(const value& a, const value& b) noexcept {
    if (a.kind_ != b.kind_) return false;
    switch (a.kind_) {
      case kind::none: return true;
      case kind::boolean: return a.u_.b == b.u_.b;
      case kind::integer: return a.u_.i == b.u_.i;
      case kind::floating: return a.u_.d == b.u_.d;
      default: return a.heavy_equal(b);
    }
  }
  friend bool operator!=(const value& a, const value& b) noexcept { return !(a == b); }

 private:
  template <class F>
  static double widen(F f) noexcept {
    if constexpr (std::is_same_v<F, float>) {
      char buffer[32];
      const auto written = std::to_chars(buffer, buffer + sizeof buffer, f);
      double d = 0;
      if (written.ec == std::errc() && detail::float_from_chars(buffer, written.ptr, d).ec == std::errc()) return d;
    }
    return static_cast<double>(f);
  }

  // A list of `n` values, item(items, i) the i-th: one compiled loop for every element type.
  HP_COMPILED static list list_of(std::size_t n, value (*item)(const void* items, std::size_t i), const void* items)
      HP_BODY({
    list out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(item(items, i));
    return out;
  })
  template <class T>
  static value item_of(const void* items, std::size_t i) {
    return value((*static_cast<const std::vector<T>*>(items))[i]);
  }

  // `other` is none, a bool, an integer or a double; this holds nothing.
  void scalar_from(const value& other) noexcept {
    kind_ = other.kind_;
    if (kind_ == kind::boolean) u_.b = other.u_.b;
    else if (kind_ == kind::integer) u_.i = other.u_.i;
    else if (kind_ == kind::floating) u_.d = other.u_.d;
  }
  // This holds nothing; `other` is left holding nothing.
  void take(value& other) noexcept {
    if (other.kind_ < kind::text) scalar_from(other);
    else if (other.kind_ == kind::text) new (&u_.s) std::string(std::move(other.u_.s));
    else new (&u_.l) list(std::move(other.u_.l));
    kind_ = other.kind_;
    other.reset();
  }
  void reset() noexcept {
    if (kind_ >= kind::text) destroy_heavy();
    kind_ = kind::none;
  }
  HP_COMPILED void copy_from(const value& other) HP_BODY({
    if (other.kind_ == kind::text) new (&u_.s) std::string(other.u_.s);
    else new (&u_.l) list(other.u_.l);
    kind_ = other.kind_;
  })
  HP_COMPILED void destroy_heavy() noexcept HP_BODY({
    if (kind_ == kind::text) u_.s.~basic_string();
    else u_.l.~list();
  })
  HP_COMPILED bool heavy_equal(const value& other) const noexcept HP_BODY({
    return kind_ == kind::text ? u_.s == other.u_.s : u_.l == other.u_.l;
  })

  union storage {
    storage() noexcept {}
    ~storage() {}
    bool b;
    std::int64_t i;
    double d;
    std::string s;
    list l;
  } u_;
  kind kind_ = kind::none;
};

namespace detail {

[[noreturn]] HP_COMPILED void conversion_failed(const value& v, std::string wanted, std::string why = {}) HP_BODY({
  throw conversion_error(v.describe(), std::move(wanted), std::move(why));
})

// Whole decimal integer: optional sign, digits only.
HP_COMPILED bool parse_whole_integer(std::string_view text, std::int64_t& out, bool& overflow) HP_BODY({
  overflow = false;
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
  if (digits.empty()) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  if (result.ec == std::errc::result_out_of_range) overflow = true;
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
})

// `out_of_range` (when given) tells a number too large or too small for a
// double ("1e400", "1e-400") from text that is no number at all.
HP_COMPILED bool parse_double(std::string_view text, double& out, bool* out_of_range = nullptr) HP_BODY({
  if (out_of_range != nullptr) *out_of_range = false;
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return false;  // "+-1"
  }
  const auto result = float_from_chars(text.data(), text.data() + text.size(), out);
  if (out_of_range != nullptr)
    *out_of_range = result.ec == std::errc::result_out_of_range && result.ptr == text.data() + text.size();
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
})

// Splits "a,b,c" or "[a,b,c]" into trimmed items; "" and "[]" give none.
HP_COMPILED std::vector<std::string_view> split_list_text(std::string_view text) HP_BODY({
  text = trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = trim(text.substr(1, text.size() - 2));
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    items.push_back(trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return items;
})

}  // namespace detail

template <>
struct converter<bool> {
  HP_COMPILED static bool from(const value& v) HP_BODY({
    if (const bool* b = v.if_bool()) return *b;
    if (const std::int64_t* i = v.if_integer()) {
      if (*i == 0 || *i == 1) return *i == 1;
      detail::conversion_failed(v, "bool", "only 0 and 1 are booleans");
    }
    if (const std::string* s = v.if_text()) {
      for (const char* yes : {"true", "yes", "on", "1"})
        if (detail::equals_ignoring_case(*s, yes)) return true;
      for (const char* no : {"false", "no", "off", "0"})
        if (detail::equals_ignoring_case(*s, no)) return false;
      detail::conversion_failed(v, "bool", "expected true/false, yes/no, on/off or 1/0");
    }
    detail::conversion_failed(v, "bool");
  })
};

namespace detail {

// The rules of the integer and floating converters, compiled once: `v` as an
// integer in [lo, hi] (an unsigned type's range when `is_unsigned`), `type`
// naming the wanted type in errors.
HP_COMPILED std::uint64_t integer_from(const value& v, std::int64_t lo, std::uint64_t hi, bool is_unsigned,
                                       const char* type) HP_BODY({
  const auto in_range = [&](std::int64_t i) -> std::uint64_t {
    if (is_unsigned ? i < 0 || static_cast<std::uint64_t>(i) > hi : i < lo || i > static_cast<std::int64_t>(hi))
      conversion_failed(v, type, "out of range");
    return static_cast<std::uint64_t>(i);
  };
  std::int64_t wide = 0;
  if (const std::int64_t* i = v.if_integer()) return in_range(*i);
  if (const bool* b = v.if_bool()) return *b ? 1 : 0;
  if (const double* d = v.if_double()) {
    // 2^63 and 2^64 are exactly representable; every double between them is whole.
    if (is_unsigned && *d >= 9223372036854775808.0 && *d < 18446744073709551616.0) {
      const auto u = static_cast<std::uint64_t>(*d);
      if (u > hi) conversion_failed(v, type, "out of range");
      return u;
    }
    if (!(*d >= -9223372036854775808.0 && *d < 9223372036854775808.0)) conversion_failed(v, type, "out of range");
    wide = static_cast<std::int64_t>(*d);
    if (static_cast<double>(wide) != *d) conversion_failed(v, type, "has a fractional part");
    return in_range(wide);
  }
  if (const std::string* s = v.if_text()) {
    if (is_unsigned && hi > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      // Unsigned 64-bit reaches past int64: parse it as its own type.
      std::string_view t = *s;
      if (!t.empty() && t.front() == '+') t.remove_prefix(1);
      std::uint64_t out = 0;
      const auto result = std::from_chars(t.data(), t.data() + t.size(), out);
      if (!t.empty() && t.front() != '-' && result.ec == std::errc() && result.ptr == t.data() + t.size()) return out;
    }
    bool overflow = false;
    if (parse_whole_integer(*s, wide, overflow)) return in_range(wide);
    conversion_failed(v, type, overflow ? "out of range" : "not a whole decimal integer");
  }
  conversion_failed(v, type);
})

// `v` as a double, for a type whose range ends at `overflow` (the smallest
// magnitude that rounds to infinity in it) and `underflow` (the largest that
// rounds to zero); infinity and 0 for double itself.
HP_COMPILED double floating_from(const value& v, double overflow, double underflow, const char* type) HP_BODY({
  double d = 0;
  if (const double* x = v.if_double()) d = *x;
  else if (const std::int64_t* i = v.if_integer()) d = static_cast<double>(*i);
  else if (const std::string* s = v.if_text()) {
    bool out_of_range = false;
    if (!parse_double(*s, d, &out_of_range)) conversion_failed(v, type, out_of_range ? "out of range" : "not a number");
  } else {
    conversion_failed(v, type);
  }
  // Too large, or so small that it would become zero (as for double).
  const double magnitude = d < 0 ? -d : d;
  if (d == d && magnitude != std::numeric_limits<double>::infinity() &&
      (magnitude >= overflow || (magnitude != 0 && magnitude <= underflow)))
    conversion_failed(v, type, "out of range");
  return d;
})

// Where a floating type narrower than double stops (see floating_from):
// its largest value plus half an ulp rounds to infinity, half its smallest
// subnormal rounds to zero (round to nearest, ties to even).
template <class F>
constexpr double overflow_of() {
  double half_ulp = 0.5;  // 2^(max_exponent - digits) / 2: the ulp of F's largest value
  for (int i = 0; i < std::numeric_limits<F>::max_exponent - std::numeric_limits<F>::digits; ++i) half_ulp *= 2;
  return static_cast<double>(std::numeric_limits<F>::max()) + half_ulp;
}
template <class F>
constexpr double underflow_of() {
  return static_cast<double>(std::numeric_limits<F>::denorm_min()) / 2;
}

}  // namespace detail

template <class I>
struct converter<I, std::enable_if_t<detail::is_integer_v<I>>> {
  static I from(const value& v) {
    if (const std::int64_t* i = v.if_integer(); i != nullptr && detail::fits<I>(*i))  // the common case, inline
      return static_cast<I>(*i);
    return static_cast<I>(detail::integer_from(v, static_cast<std::int64_t>(std::numeric_limits<I>::min()),
                                               static_cast<std::uint64_t>(std::numeric_limits<I>::max()),
                                               std::is_unsigned_v<I>, detail::type_name_text<I>()));
  }
};

template <class F>
struct converter<F, std::enable_if_t<std::is_floating_point_v<F>>> {
  static F from(const value& v) {
    if (const double* x = v.if_double())
      if constexpr (sizeof(F) >= sizeof(double)) return static_cast<F>(*x);
    constexpr bool narrow = sizeof(F) < sizeof(double);
    if constexpr (narrow)
      return static_cast<F>(detail::floating_from(v, detail::overflow_of<F>(), detail::underflow_of<F>(),
                                                  detail::type_name_text<F>()));
    else
      return static_cast<F>(
          detail::floating_from(v, std::numeric_limits<double>::infinity(), 0.0, detail::type_name_text<F>()));
  }
};

template <>
struct converter<std::string> {
  HP_COMPILED static std::string from(const value& v) HP_BODY({
    if (const std::string* s = v.if_text()) return *s;
    if (const bool* b = v.if_bool()) return *b ? "true" : "false";
    if (const std::int64_t* i = v.if_integer()) return std::to_string(*i);
    if (const double* d = v.if_double()) return detail::double_to_text(*d);
    detail::conversion_failed(v, "std::string");
  })
};

template <>
struct converter<value> {
  static value from(const value& v) { return v; }
};

namespace detail {

// The rules of the list converter, compiled once: each item of `v` (a list,
// or text "a,b" or "[a,b]") is given to `add`; an item it cannot convert
// fails naming the whole list (`type`: the list type's name) and the item.
HP_COMPILED void list_from(const value& v, std::string (*type)(), void (*add)(void* out, const value& item), void* out)
    HP_BODY({
  const auto element = [&](const value& item) {
    try {
      add(out, item);
    } catch (const conversion_error& e) {
      conversion_failed(v, type(), "element " + item.describe() + " is not a valid " + e.wanted_type());
    }
  };
  if (const value::list* items = v.if_list()) {
    for (const value& item : *items) element(item);
    return;
  }
  if (const std::string* s = v.if_text()) {
    for (std::string_view item : split_list_text(*s)) element(value(item));
    return;
  }
  conversion_failed(v, type());
})

}  // namespace detail

template <class T, class A>
struct converter<std::vector<T, A>> {
  static std::vector<T, A> from(const value& v) {
    std::vector<T, A> out;
    if (const value::list* items = v.if_list()) out.reserve(items->size());
    detail::list_from(v, &detail::type_name<std::vector<T, A>>, &add, &out);
    return out;
  }

 private:
  static void add(void* out, const value& item) {
    static_cast<std::vector<T, A>*>(out)->push_back(converter<T>::from(item));
  }
};

HP_NAMESPACE_END
