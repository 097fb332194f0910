// hyperparameter: hp::params, an ordered flat map of parameters with sources.
//
// What config files and command lines parse into, and what a with_scope can
// push. Nested documents flatten to dotted keys; every entry remembers where
// it came from, so errors and --explain can say it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/frame_node.hpp"
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
  const detail::entry* lookup(std::uint64_t table_hash) const {
    const auto it = index_.find(table_hash);
    return it == index_.end() ? nullptr : &entries_[it->second];
  }

  HP_COMPILED void set_entry(detail::entry e) HP_BODY({
    const auto [it, inserted] = index_.emplace(e.hash, entries_.size());
    if (inserted) {
      entries_.push_back(std::move(e));
      return;
    }
    detail::entry& existing = entries_[it->second];
    if (existing.name() != e.name()) detail::throw_hash_collision(existing, e);
    existing.replace_value(std::move(e.kv.second), std::move(e.source));
  })

  std::vector<detail::entry> entries_;
  std::unordered_map<std::uint64_t, std::size_t> index_;
};

HP_NAMESPACE_END
