// hyperparameter: hp::with_scope, the guard that pushes a frame of
// parameters over the current view and pops it when it dies, and
// hp::parse_define, the "key=value" text a scope can be made of.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/frame_node.hpp"
#include "detail/macros.hpp"
#include "detail/read.hpp"
#include "detail/scope_stack.hpp"
#include "error.hpp"
#include "frame.hpp"
#include "key.hpp"
#include "params.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

namespace detail {
// The define `text` as its key `name` (its trimmed text before the first '=',
// not empty), validated (`where` names the define in errors), and its value:
// the text after the '=' verbatim, or true for a bare key.
[[nodiscard]] HP_COMPILED std::pair<std::string, value> define_parts(std::string_view text, std::string_view name,
                                                                    const std::string& where) HP_BODY({
  validate_key(name, where);
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) return {std::string(name), value(true)};
  return {std::string(name), value(std::string(text.substr(eq + 1)))};
})
}  // namespace detail

// Parses "key=value": split at the first '=', whitespace around the key
// trimmed, the value kept verbatim as text; a bare "key" means true.
[[nodiscard]] HP_COMPILED std::pair<std::string, value> parse_define(std::string_view text) HP_BODY({
  const std::size_t eq = text.find('=');
  const std::string_view name = detail::trim(text.substr(0, eq));
  const std::string where = "define '" + std::string(text) + "'";
  if (name.empty())
    throw parse_error(where, 0, eq == std::string_view::npos ? "empty define" : "missing key before '='");
  return detail::define_parts(text, name, where);
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
  explicit with_scope(const params& p) : with_scope(std::vector<detail::entry>(detail::access::entries(p))) {}

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
    return frame(context_->levels()[level_].node);
  })

 private:
  friend struct detail::access;  // read through detail::readable
  // This guard's entries over what was visible when it opened.
  HP_COMPILED const detail::entry* lookup(std::uint64_t table_hash) const HP_BODY({
    check_thread();
    if (stack_->is_top(context_, level_)) return context_->lookup(table_hash);
    return detail::flattened(context_->levels()[level_].node).table.find(table_hash);
  })

  // Whether this guard's level is the innermost of the calling thread's
  // stack: closing it now is in order.
  [[nodiscard]] bool innermost() const noexcept {
    return detail::current_stack == stack_ && stack_->is_top(context_, level_);
  }

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
        level_(context_->levels().size()),
        serial_(stack_->push(std::move(own))),
        reentered_(false) {}

  // Another thread reading the guard would race with this thread's pushes.
  HP_COMPILED void check_thread() const HP_BODY({
    if (detail::current_stack != stack_)
      throw usage_error("a with_scope guard was read on a thread other than the one that opened it; "
                        "pass its snapshot() (an hp::frame) to other threads instead");
  })

  HP_COMPILED const std::vector<const detail::entry*>& entries() const HP_BODY({
    check_thread();
    return detail::flattened(context_->levels()[level_].node).ordered;
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

HP_NAMESPACE_END
