// hyperparameter: parameter scopes (hp::frame in frame.hpp, hp::with_scope
// in with_scope.hpp; reading and writing the current view here).
//
// Each thread has a stack of immutable parameter frames. hp::with_scope
// pushes one (from entries, "k=v" defines, hp::params or a captured frame) and
// pops it when it dies; hp::get reads the innermost value. Threads never see
// each other's scopes: a new thread starts from the frozen base.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "version.hpp"
#include "frame.hpp"
#include "with_scope.hpp"
#include "detail/macros.hpp"
#include "detail/frame_node.hpp"
#include "detail/read.hpp"
#include "detail/scope_stack.hpp"
#include "error.hpp"
#include "key.hpp"
#include "params.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

namespace detail {
struct current_view {
  HP_ALWAYS_INLINE const entry* operator()(std::uint64_t table_hash) const { return lookup_current(table_hash); }
  HP_ALWAYS_INLINE const entry* operator()(const key& k) const { return lookup_current(k); }
  HP_COMPILED const entry* first_under(std::string_view name) const HP_BODY({
    return detail::first_under(flattened(scope_stack::of_this_thread().top().levels().back().node).ordered, name);
  })
};
}  // namespace detail

// T hp::get<T>(key): throws hp::missing_parameter when nobody set it.
template <class T>
[[nodiscard]] T get(detail::key_arg k) {
  return detail::get_from<T>(detail::current_view{}, k);
}

// The value of `k`, or `fallback` when absent; a const char* fallback reads as std::string.
template <class T>
[[nodiscard]] HP_ALWAYS_INLINE inline detail::stored_type_t<T> get(detail::key_arg k, T fallback) {
  return detail::get_from<detail::stored_type_t<T>>(detail::current_view{}, k,
                                                    detail::stored_type_t<T>(std::move(fallback)));
}

// nullopt only when absent; present but unconvertible throws.
template <class T>
[[nodiscard]] std::optional<T> find(detail::key_arg k) {
  return detail::find_in<T>(detail::current_view{}, k);
}

[[nodiscard]] inline bool has(detail::key_arg k) { return detail::lookup_current(k) != nullptr; }

// Writes into the innermost open scope of this thread (undone when it
// closes), or into the thread's base frame when none is open. The value's
// source is where this was written ("train.cpp:42").
HP_COMPILED void set(detail::key_arg k, value v, detail::call_site where = {}) HP_BODY({
  detail::scope_stack::of_this_thread().set(detail::entry(k.name(), std::move(v), detail::origin(where)));
})

// The current view as an immutable, shareable snapshot; O(1).
[[nodiscard]] HP_COMPILED frame current() HP_BODY({
  return frame(detail::scope_stack::of_this_thread().top().levels().back().node);
})

// The current view becomes the base of threads that first use hp after this.
HP_COMPILED void freeze() HP_BODY({ detail::frozen_base::instance().set(current().node_); })

namespace detail {
template <class Fn>
class bound {
 public:
  bound(frame f, Fn fn) : frame_(std::move(f)), fn_(std::move(fn)) {}

  template <class... Args>
  decltype(auto) operator()(Args&&... args) const {
    with_scope scope(frame_);
    return fn_(std::forward<Args>(args)...);
  }
  template <class... Args>
  decltype(auto) operator()(Args&&... args) {
    with_scope scope(frame_);
    return fn_(std::forward<Args>(args)...);
  }

 private:
  frame frame_;
  Fn fn_;
};
}  // namespace detail

// A copyable callable that runs `fn` inside the frame current now, on
// whichever thread calls it.
template <class Fn>
[[nodiscard]] auto bind(Fn fn) {
  static_assert(!std::is_member_pointer_v<Fn>, "hp::bind: wrap a member function in a lambda that names its object");
  return detail::bound<Fn>(current(), std::move(fn));
}

HP_NAMESPACE_END
