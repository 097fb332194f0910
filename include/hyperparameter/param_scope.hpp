// hyperparameter: parameter scopes.
//
// Each thread has a stack of immutable parameter frames. hp::with_scope
// pushes one (from entries, "k=v" defines, hp::params or a captured frame) and
// pops it when it dies; hp::get reads the innermost value. Threads never see
// each other's scopes: a new thread starts from the frozen base.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/config.hpp"
#include "detail/frame_node.hpp"
#include "detail/read.hpp"
#include "detail/scope_stack.hpp"
#include "error.hpp"
#include "key.hpp"
#include "params.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

class frame;
frame current();
void freeze();

// An immutable snapshot of a view: every visible key once, innermost value.
// Copying is O(1) and it is safe to share between threads.
class frame : public detail::readable<frame> {
 public:
  using entry_type = std::pair<const std::string, value>;

  using const_iterator = detail::entry_iterator<std::vector<const detail::entry*>::const_iterator>;

  frame() = default;  // empty

  [[nodiscard]] std::size_t size() const { return index().ordered.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] const_iterator begin() const { return const_iterator(index().ordered.begin()); }
  [[nodiscard]] const_iterator end() const { return const_iterator(index().ordered.end()); }

  // For the library: the view's entries with their sources.
  [[nodiscard]] const std::vector<const detail::entry*>& entries() const { return index().ordered; }
  [[nodiscard]] const detail::entry* lookup(std::uint64_t table_hash) const {
    return index().table.find(table_hash);
  }

 private:
  friend frame current();
  friend void freeze();
  friend class with_scope;
  explicit frame(detail::node_ptr node) : node_(std::move(node)) {}
  const detail::flat_index& index() const { return detail::flattened(node_); }

  detail::node_ptr node_;
};

// Parses "key=value": split at the first '=', whitespace around the key
// trimmed, the value kept verbatim as text; a bare "key" means true.
[[nodiscard]] HP_COMPILED std::pair<std::string, value> parse_define(std::string_view text) HP_BODY({
  const std::size_t eq = text.find('=');
  const std::string_view name = detail::trim(text.substr(0, eq));
  const std::string where = "define '" + std::string(text) + "'";
  if (name.empty())
    throw parse_error(where, 0, eq == std::string_view::npos ? "empty define" : "missing key before '='");
  detail::validate_key(name, where);
  if (eq == std::string_view::npos) return {std::string(name), value(true)};
  return {std::string(name), value(std::string(text.substr(eq + 1)))};
})

// RAII guard: pushes a frame of its entries over the current view and pops
// it when destroyed. Guards nest strictly on one thread.
class [[nodiscard]] with_scope : public detail::readable<with_scope> {
 public:
  // An empty frame: hp::set inside it is undone when it closes.
  with_scope() : with_scope(std::vector<detail::entry>{}) {}

  // hp::with_scope s{{"dnn.layers", 4}, {"dnn.activation", "sigmoid"}};
  // Each value's source is where this was written ("train.cpp:42").
  with_scope(std::initializer_list<std::pair<std::string, value>> entries, detail::call_site where = {})
      : with_scope(from_pairs(entries, where)) {}

  // hp::with_scope s("dnn.layers=4", "dnn.activation=sigmoid");
  template <class... Defines,
            std::enable_if_t<(sizeof...(Defines) > 0) &&
                                 (std::is_convertible_v<const Defines&, std::string_view> && ...),
                             int> = 0>
  explicit with_scope(const Defines&... defines)
      : with_scope(from_defines({std::string_view(defines)...})) {}

  // Defines, e.g. the -D arguments of a command line.
  explicit with_scope(const std::vector<std::string>& defines)
      : with_scope(from_defines(std::vector<std::string_view>(defines.begin(), defines.end()))) {}

  // A parsed config file or command line; sources are kept.
  explicit with_scope(const params& p) : with_scope(std::vector<detail::entry>(p.entries())) {}

  // Re-enters a captured frame: exactly its view becomes current.
  explicit with_scope(const frame& f)
      : stack_(&detail::scope_stack::of_this_thread()),
        context_(nullptr),
        level_(0),
        serial_(stack_->enter(f.node_)),
        reentered_(true) {
    context_ = &stack_->top();
  }

  ~with_scope() { close(); }

  with_scope(const with_scope&) = delete;
  with_scope& operator=(const with_scope&) = delete;

  // The frame this guard shows, as a shareable snapshot.
  // Only on the guard's own thread (hp::error elsewhere): share the snapshot.
  [[nodiscard]] HP_COMPILED frame snapshot() const HP_BODY({
    check_thread();
    return frame(context_->levels[level_].node);
  })

  // Read through detail::readable: this guard's entries over what was
  // visible when it opened.
  [[nodiscard]] HP_COMPILED const detail::entry* lookup(std::uint64_t table_hash) const HP_BODY({
    check_thread();
    if (stack_->is_top(context_, level_)) return context_->lookup(table_hash);
    return detail::flattened(context_->levels[level_].node).table.find(table_hash);
  })

 private:
  HP_COMPILED void close() noexcept HP_BODY({
    if (detail::current_stack != stack_) {
      // A guard at namespace scope or a function-local static dies after
      // its thread's stack, which took the guard's frame with it.
      if (detail::current_stack == nullptr && detail::stack_released) return;
      detail::scope_stack::misuse("destroyed on another thread");
    }
    if (reentered_) stack_->leave(serial_);
    else stack_->pop(serial_);
  })

  explicit with_scope(std::vector<detail::entry> own)
      : stack_(&detail::scope_stack::of_this_thread()),
        context_(&stack_->top()),
        level_(context_->levels.size()),
        serial_(stack_->push(std::move(own))),
        reentered_(false) {}

  // Another thread reading the guard would race with this thread's pushes.
  HP_COMPILED void check_thread() const HP_BODY({
    if (detail::current_stack != stack_)
      throw usage_error("a with_scope guard was read on a thread other than the one that opened it; "
                        "pass its snapshot() (an hp::frame) to other threads instead");
  })

  friend class detail::readable<with_scope>;
  HP_COMPILED const std::vector<const detail::entry*>& entries() const HP_BODY({
    check_thread();
    return detail::flattened(context_->levels[level_].node).ordered;
  })

  HP_COMPILED static std::vector<detail::entry> from_pairs(std::initializer_list<std::pair<std::string, value>> pairs,
                                               detail::call_site where) HP_BODY({
    std::vector<detail::entry> own;
    own.reserve(pairs.size());
    for (const auto& [name, v] : pairs) own.push_back(detail::entry::checked(name, v, detail::origin(where)));
    detail::merge_duplicates(own);
    return own;
  })

  HP_COMPILED static std::vector<detail::entry> from_defines(const std::vector<std::string_view>& defines) HP_BODY({
    std::vector<detail::entry> own;
    own.reserve(defines.size());
    for (std::string_view text : defines) {
      auto [name, v] = parse_define(text);
      own.push_back(detail::entry(name, std::move(v), "define '" + std::string(text) + "'"));
    }
    detail::merge_duplicates(own);
    return own;
  })

  detail::scope_stack* stack_;
  detail::context* context_;
  std::size_t level_;
  std::uint64_t serial_;
  bool reentered_;
};

namespace detail {
struct current_view {
  HP_ALWAYS_INLINE const entry* operator()(std::uint64_t table_hash) const { return lookup_current(table_hash); }
  HP_ALWAYS_INLINE const entry* operator()(const key& k) const { return lookup_current(k); }
  HP_COMPILED const entry* first_under(std::string_view name) const HP_BODY({
    return detail::first_under(flattened(scope_stack::of_this_thread().top().levels.back().node).ordered, name);
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
  return frame(detail::scope_stack::of_this_thread().top().levels.back().node);
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
