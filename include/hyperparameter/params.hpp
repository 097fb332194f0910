// hyperparameter: hp::params, an ordered flat map of parameters with sources.
//
// What config files and command lines parse into, and what a with_scope can
// push. Nested documents flatten to dotted keys; every entry remembers where
// it came from, so errors and --explain can say it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/frame_node.hpp"
#include "detail/hash_table.hpp"
#include "detail/read.hpp"
#include "key.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

class params : public detail::readable<params> {
 public:
  using entry_type = std::pair<const std::string, value>;

  using const_iterator = detail::entry_iterator<std::vector<detail::entry>::const_iterator>;

  params() = default;
  params(std::initializer_list<std::pair<std::string, value>> entries) {
    for (const auto& [k, v] : entries) set(k, v);
  }
  params(const params& other) : entries_(other.entries_) { reindex(); }  // the index points into entries_
  params(params&&) noexcept = default;
  params& operator=(const params& other) {
    if (this != &other) *this = params(other);
    return *this;
  }
  params& operator=(params&&) noexcept = default;
  ~params() = default;

  // Validates the key; a re-set key keeps its first position.
  HP_COMPILED params& set(std::string_view key, value v, std::string source = "code") HP_BODY({
    set_entry(detail::entry::checked(key, std::move(v), std::move(source)));
    return *this;
  })

  // The argument wins; its new keys follow ours in its order.
  HP_COMPILED params& merge(const params& other) HP_BODY({
    for (const detail::entry& e : other.entries_) set_entry(e);
    return *this;
  })

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] const_iterator begin() const { return const_iterator(entries_.begin()); }
  [[nodiscard]] const_iterator end() const { return const_iterator(entries_.end()); }

 private:
  friend struct detail::access;  // the entries with their sources, for the library
  const std::vector<detail::entry>& entries() const noexcept { return entries_; }
  const detail::entry* lookup(std::uint64_t table_hash) const { return index_.find(table_hash); }

  HP_COMPILED void set_entry(detail::entry e) HP_BODY({
    if (const detail::entry* found = index_.find(e.hash)) {
      detail::entry& existing = entries_[static_cast<std::size_t>(found - entries_.data())];
      if (existing.name() != e.name()) detail::throw_hash_collision(existing, e);
      existing.replace_value(std::move(e.kv.second), std::move(e.source));
      return;
    }
    index_.reserve(entries_.size() + 1);
    const detail::entry* storage = entries_.data();
    entries_.push_back(std::move(e));
    if (entries_.data() != storage) reindex();  // the entries moved
    else index_.assign(entries_.back().hash, &entries_.back());
  })

  // The index maps each key's table hash to its entry, the structure a frame
  // uses (detail/hash_table.hpp).
  HP_COMPILED void reindex() HP_BODY({
    index_.clear();
    index_.reserve(entries_.size());
    for (const detail::entry& e : entries_) index_.assign(e.hash, &e);
  })

  std::vector<detail::entry> entries_;
  detail::hash_table<detail::entry> index_;
};

HP_NAMESPACE_END
