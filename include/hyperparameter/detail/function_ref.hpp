// hyperparameter: detail::function_ref, a callable handed to a compiled function.
//
// hp::run, hp::sweep and the command line's sweep take the user's function
// as a template, then call one non-template function (compiled once, in the
// runtime library when the program links it) with a function_ref to it: a
// pointer to the callable and a pointer to a function that calls it, as
// C++26's std::function_ref. It does not own the callable: it is a
// parameter, used only while the call that received it runs.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "../version.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

template <class Signature>
class function_ref;

template <class R, class... Args>
class function_ref<R(Args...)> {
 public:
  // `f` must outlive this reference (a lambda written in the call does).
  template <class F, class Callable = std::remove_reference_t<F>,
            std::enable_if_t<!std::is_same_v<std::remove_cv_t<Callable>, function_ref> &&
                                 std::is_invocable_r_v<R, Callable&, Args...>,
                             int> = 0>
  function_ref(F&& f) noexcept
      : callable_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))), call_(&call<Callable>) {
    static_assert(!std::is_function_v<Callable>, "hp: pass a pointer to the function");
  }

  R operator()(Args... args) const { return call_(callable_, std::forward<Args>(args)...); }

 private:
  template <class Callable>
  static R call(void* callable, Args... args) {
    return (*static_cast<Callable*>(callable))(std::forward<Args>(args)...);
  }

  void* callable_;
  R (*call_)(void*, Args...);
};

}  // namespace detail
HP_NAMESPACE_END
