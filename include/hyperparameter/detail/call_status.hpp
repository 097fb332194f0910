// hyperparameter: calling a program's function for its exit status.
//
// hp::run calls fn(cli_args) or fn(), a sweep fn(trial) or fn(): either may
// return void (status 0) or an int. Each caller checks fn's shape itself,
// with a message that names it.
#pragma once

#include "../version.hpp"

#include <type_traits>

HP_NAMESPACE_BEGIN
namespace detail {

// `Fn` takes `const Arg&` (else it is called with nothing).
template <class Fn, class Arg>
inline constexpr bool takes_v = std::is_invocable_v<Fn&, const Arg&>;

// What calling `Fn` returns (no `type` when it takes neither).
template <class Fn, class Arg>
using call_result = std::conditional_t<takes_v<Fn, Arg>, std::invoke_result<Fn&, const Arg&>, std::invoke_result<Fn&>>;

// `Fn` returns void or an int status.
template <class Fn, class Arg>
constexpr bool returns_status() {
  using result = typename call_result<Fn, Arg>::type;
  return std::is_void_v<result> || std::is_convertible_v<result, int>;
}

// fn(arg) or fn(): the int it returns, 0 for void.
template <class Fn, class Arg>
int call_for_status(Fn& fn, const Arg& arg) {
  const auto call = [&]() -> decltype(auto) {
    if constexpr (takes_v<Fn, Arg>) return fn(arg);
    else return fn();
  };
  if constexpr (std::is_void_v<typename call_result<Fn, Arg>::type>) {
    call();
    return 0;
  } else {
    return static_cast<int>(call());
  }
}

}  // namespace detail
HP_NAMESPACE_END
