// hyperparameter: open-addressing map from a key's hash to an entry pointer.
//
// The read path of every lookup: one masked index and a short linear probe,
// no allocation, no atomics. Hashes are table_hash()ed so zero marks an empty
// slot. Removal shifts later slots back, so no tombstones build up.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "../version.hpp"
#include "macros.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

template <class Item>
class hash_table {
  struct slot {
    std::uint64_t hash = 0;
    const Item* item = nullptr;
  };
  // A table with no storage probes this one empty slot and misses.
  static inline const slot empty_slot{};

 public:
  // What a lookup needs, copyable out of the table (scope_stack keeps the
  // current one in a thread_local); valid until the table next grows.
  class probe {
   public:
    constexpr probe() noexcept = default;
    // Walks byte offsets (home(hash) * sizeof(slot) is hash & bytes_mask_),
    // which saves the read path a shift per probe.
    // The home slot is checked inline; the rest of the probe is out of line.
    // `hash` is never 0 (table_hash), so a slot that matches holds an item.
    [[nodiscard]] HP_ALWAYS_INLINE const Item* find(std::uint64_t hash) const noexcept {
      assert(hash != 0);
      const slot& home = at(hash & bytes_mask_);
      if (HP_LIKELY(home.hash == hash)) {
        HP_ASSUME(home.item != nullptr);
        return home.item;
      }
      if (home.hash == 0) return nullptr;
      return find_past_home(hash);
    }

   private:
    HP_ALWAYS_INLINE const slot& at(std::size_t offset) const noexcept {
      return *reinterpret_cast<const slot*>(reinterpret_cast<const char*>(slots_) + offset);
    }

    HP_NOINLINE const Item* find_past_home(std::uint64_t hash) const noexcept {
      for (std::size_t offset = (hash + sizeof(slot)) & bytes_mask_;; offset = (offset + sizeof(slot)) & bytes_mask_) {
        const slot& s = at(offset);
        if (s.hash == hash) return s.item;
        if (s.hash == 0) return nullptr;
      }
    }

    friend class hash_table;
    constexpr probe(const slot* slots, std::size_t mask) noexcept
        : slots_(slots), bytes_mask_(mask * sizeof(slot)) {}
    const slot* slots_ = &empty_slot;
    std::size_t bytes_mask_ = 0;
  };

  hash_table() noexcept = default;
  hash_table(const hash_table& other) { *this = other; }
  hash_table& operator=(const hash_table& other) {
    if (this != &other) {
      reallocate(other.capacity());
      for (std::size_t i = 0; i < other.capacity(); ++i) storage_[i] = other.slots_[i];
      size_ = other.size_;
    }
    return *this;
  }

  // nullptr when absent.
  [[nodiscard]] HP_ALWAYS_INLINE const Item* find(std::uint64_t hash) const noexcept {
    return prober().find(hash);
  }

  [[nodiscard]] probe prober() const noexcept { return probe(slots_, mask_); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  // Makes room for `count` entries in all, so assign() cannot allocate.
  void reserve(std::size_t count) {
    if (count * 2 <= capacity()) return;
    std::size_t wanted = 16;
    while (wanted < count * 2) wanted *= 2;
    hash_table bigger;
    bigger.reallocate(wanted);
    for (std::size_t i = 0; i < capacity(); ++i)
      if (slots_[i].hash != 0) bigger.assign(slots_[i].hash, slots_[i].item);
    *this = std::move(bigger);
  }

  // Inserts or replaces; needs reserve(size() + 1) first.
  void assign(std::uint64_t hash, const Item* item) noexcept {
    assert(hash != 0 && item != nullptr);  // what find() relies on
    for (std::size_t i = home(hash);; i = (i + 1) & mask_) {
      slot& s = storage_[i];
      if (s.hash == hash) {
        s.item = item;
        return;
      }
      if (s.hash == 0) {
        s = {hash, item};
        ++size_;
        return;
      }
    }
  }

  void erase(std::uint64_t hash) noexcept {
    std::size_t i = home(hash);
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].hash == 0) return;
      if (slots_[i].hash == hash) break;
    }
    // Backward-shift: move later members of the probe run into the hole.
    for (std::size_t next = (i + 1) & mask_;; next = (next + 1) & mask_) {
      const slot s = storage_[next];
      if (s.hash == 0) break;
      const std::size_t from = home(s.hash);
      const bool movable = (i <= next) ? (from <= i || from > next) : (from <= i && from > next);
      if (movable) {
        storage_[i] = s;
        i = next;
      }
    }
    storage_[i] = {};
    --size_;
  }

  void clear() noexcept {
    for (std::size_t i = 0; i < capacity(); ++i) storage_[i] = {};
    size_ = 0;
  }

  hash_table(hash_table&& other) noexcept { swap(other); }
  hash_table& operator=(hash_table&& other) noexcept {
    swap(other);
    return *this;
  }

 private:
  static_assert(sizeof(slot) == 16, "probe::find takes home(hash) * 16 as hash & (mask << 4)");
  // Where a hash's probe starts: its bits from 4 up, so that this times
  // sizeof(slot) is a plain mask of the hash.
  std::size_t home(std::uint64_t hash) const noexcept { return (hash >> 4) & mask_; }

  std::size_t capacity() const noexcept { return storage_ ? mask_ + 1 : 0; }

  void reallocate(std::size_t capacity) {
    storage_ = capacity ? std::make_unique<slot[]>(capacity) : nullptr;
    slots_ = storage_ ? storage_.get() : &empty_slot;
    mask_ = capacity ? capacity - 1 : 0;
    size_ = 0;
  }

  void swap(hash_table& other) noexcept {
    std::swap(storage_, other.storage_);
    std::swap(mask_, other.mask_);
    std::swap(size_, other.size_);
    slots_ = storage_ ? storage_.get() : &empty_slot;
    other.slots_ = other.storage_ ? other.storage_.get() : &empty_slot;
  }

  std::unique_ptr<slot[]> storage_;
  const slot* slots_ = &empty_slot;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace detail
HP_NAMESPACE_END
