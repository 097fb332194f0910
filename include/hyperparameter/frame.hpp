// hyperparameter: hp::frame, an immutable snapshot of the parameters a
// thread sees (hp::current()), that any thread can read or enter again
// (hp::with_scope s(frame)).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/frame_node.hpp"
#include "detail/read.hpp"
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

 private:
  friend struct detail::access;  // the entries with their sources, for the library
  const std::vector<const detail::entry*>& entries() const { return index().ordered; }
  const detail::entry* lookup(std::uint64_t table_hash) const { return index().table.find(table_hash); }

  friend frame current();
  friend void freeze();
  friend class with_scope;
  explicit frame(detail::node_ptr node) : node_(std::move(node)) {}
  const detail::flat_index& index() const { return detail::flattened(node_); }

  detail::node_ptr node_;
};

HP_NAMESPACE_END
