// hyperparameter: immutable parameter frames and their flattened views.
//
// A frame node holds only the entries its scope added plus a reference to
// its parent, so pushing a scope never copies the parent's entries. A node's
// full view (every visible key once, innermost value) is flattened lazily,
// once, when someone reads the node as a frame or re-enters it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../error.hpp"
#include "../key.hpp"
#include "../value.hpp"
#include "macros.hpp"
#include "hash_table.hpp"
#include "state.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

// "file.cpp:42" for a call site, made once per site and kept for the
// process (sites are finitely many): values set in code share it, so a push
// copies a pointer, not a string. A small per-thread cache spares the lock.
[[gnu::noinline]] HP_STATE_FN const std::string* intern_site_slow(call_site where) HP_BODY({
  static std::mutex mutex;
  static std::map<std::pair<const char*, unsigned>, std::unique_ptr<const std::string>> sites;
  std::lock_guard<std::mutex> lock(mutex);
  auto& text = sites[{where.file, where.line}];
  if (!text) text = std::make_unique<const std::string>(declaration_site(where));
  return text.get();
})

inline const std::string* intern_site(call_site where) {
  struct cached {
    const char* file;
    unsigned line;
    const std::string* text;
  };
  thread_local cached cache[64] = {};
  cached& c = cache[(reinterpret_cast<std::uintptr_t>(where.file) / 8 + where.line) % 64];
  if (c.text == nullptr || c.file != where.file || c.line != where.line)
    c = {where.file, where.line, intern_site_slow(where)};
  return c.text;
}

// Where a value came from: text ("config.yaml:3", "-D argv[2]") or an
// interned call site. Reads as the text.
class origin {
 public:
  explicit origin(std::string text) : text_(std::move(text)) {}
  explicit origin(call_site where) : site_(intern_site(where)) {}

  [[nodiscard]] const std::string& str() const noexcept { return site_ != nullptr ? *site_ : text_; }
  operator const std::string&() const noexcept { return str(); }
  [[nodiscard]] bool empty() const noexcept { return str().empty(); }
  friend std::string operator+(const std::string& a, const origin& b) { return a + b.str(); }
  friend std::string operator+(const char* a, const origin& b) { return a + b.str(); }

 private:
  const std::string* site_ = nullptr;
  std::string text_;
};

// One parameter: key, value, where it came from, and read-time flags.
struct entry {
  entry(std::string_view name, value v, std::string from) : entry(name, std::move(v), origin(std::move(from))) {}
  entry(std::string_view name, value v, origin from)
      : kv(std::string(name), std::move(v)),
        hash(table_hash(xxh64(name, key_seed))),
        source(std::move(from)),
        interpolated(needs_interpolation(kv.second)) {}

  // Validates the key first; `from` tells the error where the key came from.
  HP_COMPILED static entry checked(std::string_view name, value v, origin from) HP_BODY({
    validate_key(name, from.str());
    return entry(name, std::move(v), std::move(from));
  })
  static entry checked(std::string_view name, value v, std::string from) {
    return checked(name, std::move(v), origin(std::move(from)));
  }

  void replace_value(value v, origin from) {
    kv.second = std::move(v);
    source = std::move(from);
    interpolated = needs_interpolation(kv.second);
  }

  [[nodiscard]] const std::string& name() const noexcept { return kv.first; }
  [[nodiscard]] const value& val() const noexcept { return kv.second; }

  static bool needs_interpolation(const value& v) noexcept {
    const std::string* text = v.if_text();
    return text != nullptr && text->find("${") != std::string::npos;
  }

  std::pair<const std::string, value> kv;
  std::uint64_t hash;  // table_hash(xxh64(key, 42))
  origin source;
  bool interpolated;
};

// Iterates the (key, value) pairs of entries held by value or by pointer,
// so range-for with structured bindings works on frames and params alike.
template <class Base>
class entry_iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = std::pair<const std::string, value>;
  using difference_type = std::ptrdiff_t;
  using pointer = const value_type*;
  using reference = const value_type&;

  entry_iterator() = default;
  explicit entry_iterator(Base it) : it_(it) {}
  reference operator*() const { return entry_at(it_).kv; }
  pointer operator->() const { return &entry_at(it_).kv; }
  entry_iterator& operator++() {
    ++it_;
    return *this;
  }
  entry_iterator operator++(int) {
    entry_iterator old = *this;
    ++it_;
    return old;
  }
  friend bool operator==(const entry_iterator& a, const entry_iterator& b) { return a.it_ == b.it_; }
  friend bool operator!=(const entry_iterator& a, const entry_iterator& b) { return a.it_ != b.it_; }

 private:
  static const entry& entry_at(typename std::vector<entry>::const_iterator it) { return *it; }
  static const entry& entry_at(typename std::vector<const entry*>::const_iterator it) { return **it; }

  Base it_{};
};

// Two different keys with one 64-bit hash cannot share a view or a params.
[[noreturn]] HP_COMPILED void throw_hash_collision(const entry& a, const entry& b) HP_BODY({
  throw hash_collision(a.name(), b.name());
})

// Keeps one entry per key, at its first position with its last value: a
// later entry for a key replaces the value of the earlier one. Linear.
HP_COMPILED void merge_duplicates(std::vector<entry>& entries) HP_BODY({
  if (entries.size() < 2) return;
  std::vector<entry> kept;
  kept.reserve(entries.size());  // pointers into it stay valid
  hash_table<entry> seen;         // hash -> its entry in `kept`
  seen.reserve(entries.size());
  for (entry& e : entries) {
    if (const entry* first = seen.find(e.hash)) {
      if (first->name() != e.name()) throw_hash_collision(*first, e);
      const_cast<entry*>(first)->replace_value(std::move(e.kv.second), std::move(e.source));
    } else {
      kept.push_back(std::move(e));
      seen.assign(kept.back().hash, &kept.back());
    }
  }
  entries = std::move(kept);
})

// Every visible key of a node's chain once, with its innermost entry.
struct flat_index {
  hash_table<entry> table;
  std::vector<const entry*> ordered;  // outermost first, in order of first appearance
};

HP_COMPILED const flat_index& empty_flat_index() HP_BODY({
  static const flat_index empty;
  return empty;
})

class frame_node;
// The chain a frame_node destructor on this thread is releasing (see ~frame_node).
HP_THREAD_STATE(std::shared_ptr<const frame_node>*, frame_release_handoff, {nullptr})

class frame_node {
 public:
  frame_node(std::shared_ptr<const frame_node> parent, std::vector<entry> own)
      : parent_(std::move(parent)), own_(std::move(own)) {}
  frame_node(const frame_node&) = delete;
  frame_node& operator=(const frame_node&) = delete;
  // A chain of any length is released with constant stack. A node that dies
  // while an outer node of this thread is releasing its chain hands its parent
  // to that outer loop instead of releasing it itself. (The count is never
  // inspected: whether a node dies is decided by the release alone, which
  // orders it after every other owner's last use.)
  ~frame_node() { release(); }

  [[nodiscard]] const std::shared_ptr<const frame_node>& parent() const noexcept { return parent_; }
  [[nodiscard]] const std::vector<entry>& own() const noexcept { return own_; }

  // Built on first use; threads that race build one each and keep the first.
  [[nodiscard]] const flat_index& flattened() const {
    if (const flat_index* ready = flat_.load(std::memory_order_acquire)) return *ready;
    auto built = std::make_unique<flat_index>(flatten());
    const flat_index* expected = nullptr;
    if (flat_.compare_exchange_strong(expected, built.get(), std::memory_order_acq_rel))
      return *built.release();
    return *expected;
  }

 private:
  static std::shared_ptr<const frame_node>*& release_handoff() noexcept { return frame_release_handoff; }

  HP_COMPILED void release() noexcept HP_BODY({
    delete flat_.load(std::memory_order_acquire);
    std::shared_ptr<const frame_node>*& handoff = release_handoff();
    if (handoff != nullptr) {
      *handoff = std::move(parent_);
      return;
    }
    std::shared_ptr<const frame_node> next = std::move(parent_), incoming;
    handoff = &incoming;
    while (next) {
      next.reset();  // if it was the last owner, the node's parent lands in `incoming`
      next = std::move(incoming);
    }
    handoff = nullptr;
  })

  HP_COMPILED flat_index flatten() const HP_BODY({
    std::vector<const frame_node*> chain;
    std::size_t total = 0;
    for (const frame_node* n = this; n != nullptr; n = n->parent_.get()) {
      chain.push_back(n);
      total += n->own_.size();
    }
    flat_index index;
    index.table.reserve(total);
    for (auto n = chain.rbegin(); n != chain.rend(); ++n)
      for (const entry& e : (*n)->own_) index.table.assign(e.hash, &e);
    // Second pass: list each key once, where it first appears, with its winner.
    hash_table<entry> listed;
    listed.reserve(index.table.size());
    index.ordered.reserve(index.table.size());
    for (auto n = chain.rbegin(); n != chain.rend(); ++n)
      for (const entry& e : (*n)->own_)
        if (listed.find(e.hash) == nullptr) {
          listed.assign(e.hash, &e);
          index.ordered.push_back(index.table.find(e.hash));
        }
    return index;
  })

  std::shared_ptr<const frame_node> parent_;
  std::vector<entry> own_;
  mutable std::atomic<const flat_index*> flat_{nullptr};
};

using node_ptr = std::shared_ptr<const frame_node>;

inline const flat_index& flattened(const node_ptr& node) {
  return node ? node->flattened() : empty_flat_index();
}

}  // namespace detail
HP_NAMESPACE_END
