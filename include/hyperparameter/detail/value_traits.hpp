// hyperparameter: which C++ types an hp::value can hold, and which it can be read as.
//
// The command line types values against declared parameters and the
// operative configuration records what was read; both need to know, at
// compile time, whether a type round-trips through hp::value.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../value.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

// T can be stored in an hp::value: bool, integers, floating, text, value, lists of those.
template <class T>
struct storable
    : std::bool_constant<std::is_same_v<T, bool> || is_integer_v<T> || std::is_floating_point_v<T> ||
                         std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view> ||
                         std::is_same_v<T, value>> {};
template <class T, class A>
struct storable<std::vector<T, A>> : storable<T> {};
template <class T>
inline constexpr bool storable_v = storable<T>::value;

// hp::converter<T> is defined for T, so `value.as<T>()` compiles.
template <class T, class = void>
struct convertible_from_value : std::false_type {};
template <class T>
struct convertible_from_value<T, std::void_t<decltype(converter<T>::from(std::declval<const value&>()))>>
    : std::true_type {};
template <class T, class A>
struct convertible_from_value<std::vector<T, A>> : convertible_from_value<T> {};

// hp::converter<T> has `static hp::value to_value(const T&)`: a user type can be shown.
template <class T, class = void>
struct has_to_value : std::false_type {};
template <class T>
struct has_to_value<T,
                    std::enable_if_t<std::is_same_v<decltype(converter<T>::to_value(std::declval<const T&>())), value>>>
    : std::true_type {};

// T's values can be written as an hp::value (to show, dump and reload them).
template <class T>
inline constexpr bool showable_v = storable_v<T> || has_to_value<T>::value;

// `x` as an hp::value; none when its type cannot be shown.
template <class T>
value to_shown_value(const T& x) {
  if constexpr (storable_v<T>) return value(x);
  else if constexpr (has_to_value<T>::value) return converter<T>::to_value(x);
  else return value();
}

// Reads `v` as T (throws hp::conversion_error) and gives it back typed when
// T can be shown: "4" declared int becomes 4. Used to check and print values.
template <class T>
value as_declared_type(const value& v) {
  T typed = v.as<T>();
  if constexpr (showable_v<T>) return to_shown_value(typed);
  else return v;
}

using declared_type_check = value (*)(const value&);

// nullptr when T cannot be read from an hp::value at all.
template <class T>
constexpr declared_type_check declared_type_check_for() {
  if constexpr (convertible_from_value<T>::value) return &as_declared_type<T>;
  else return nullptr;
}

}  // namespace detail
HP_NAMESPACE_END
