// hyperparameter: the per-thread stack of scopes behind hp::get and hp::with_scope.
//
// Reads must cost about as much as a global variable, whatever the number of
// parameters or the nesting depth. So besides the immutable frame chain
// (which hp::current() shares), each thread keeps one mutable hash table of
// what is visible now ("shallow binding"): a push inserts only its own
// entries and logs what they hid, a pop replays that log backwards. A read is
// a single probe of that table, then of the flattened base under it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "frame_node.hpp"
#include "config.hpp"
#include "hash_table.hpp"
#include "../key.hpp"

namespace hp::detail {

struct undo_record {
  std::uint64_t hash;
  const entry* previous;  // nullptr: the key was not in the overlay before
};

struct level {
  node_ptr node;           // the view this level shows
  bool owned;              // node was made for this level, so set() may replace it
  std::size_t undo_mark;   // undo records above this belong to this level
  std::uint64_t serial;    // the guard that opened it
};

// One run of nested scopes over a base frame. A thread starts with one over
// the frozen base; re-entering a captured frame starts another over it.
struct context {
  node_ptr base;
  const flat_index* base_index = &empty_flat_index();
  hash_table<entry> overlay;
  std::vector<undo_record> undo;
  std::vector<level> levels;

  [[nodiscard]] const entry* lookup(std::uint64_t hash) const noexcept {
    if (const entry* e = overlay.find(hash)) return e;
    return base_index->table.find(hash);
  }
};

// The frame new threads start from (hp::freeze()).
struct frozen_base {
  std::mutex mutex;
  node_ptr node;

  static frozen_base& instance() {
    static frozen_base base;
    return base;
  }
  node_ptr get() {
    std::lock_guard<std::mutex> lock(mutex);
    return node;
  }
  void set(node_ptr n) {
    std::lock_guard<std::mutex> lock(mutex);
    node = std::move(n);
  }
};

class scope_stack;
// Constant-initialised so the read path needs no thread_local guard check.
inline thread_local context* current_context = nullptr;
inline thread_local scope_stack* current_stack = nullptr;
// The overlay table of current_context, copied out so a read starts with
// two loads of this thread's own memory and no null check; empty until the
// thread first uses hp.
inline thread_local hash_table<entry>::probe current_overlay{};
// Changes whenever what this thread sees may have changed (a scope opened or
// closed, a set, a frame entered or left): what a read found stays valid
// while it is unchanged. Never 0, which marks "nothing found yet".
inline thread_local std::uint64_t view_generation = 1;

class scope_stack {
 public:
  scope_stack() { enter(frozen_base::instance().get()); }
  ~scope_stack() {
    if (current_stack == this) {
      current_stack = nullptr;
      current_context = nullptr;
      current_overlay = {};
      ++view_generation;
    }
  }

  static scope_stack& of_this_thread() {
    if (current_stack == nullptr) create();
    return *current_stack;
  }

  // A thread's first use of hp: its stack starts over the frozen base.
  [[gnu::noinline]] static void create() {
    thread_local std::unique_ptr<scope_stack> owner;
    owner = std::make_unique<scope_stack>();
    current_stack = owner.get();
  }

  context& top() noexcept { return *contexts_[depth_ - 1]; }

  // Opens a level holding `own` over the current view; returns its serial.
  std::uint64_t push(std::vector<entry> own) {
    context& c = top();
    for (const entry& e : own) check_hash_collision(c, e);
    c.overlay.reserve(c.overlay.size() + own.size());
    published(c);  // the overlay may have moved
    c.undo.reserve(c.undo.size() + own.size());
    c.levels.reserve(c.levels.size() + 1);
    auto node = std::make_shared<const frame_node>(c.levels.back().node, std::move(own));
    // Nothing below can throw: a push is all or nothing.
    const std::size_t mark = c.undo.size();
    for (const entry& e : node->own()) {
      c.undo.push_back({e.hash, c.overlay.find(e.hash)});
      c.overlay.assign(e.hash, &e);
    }
    c.levels.push_back({std::move(node), true, mark, next_serial_});
    published(c);
    return next_serial_++;
  }

  // Re-enters a captured frame: exactly its view, whatever is open now.
  std::uint64_t enter(node_ptr frame) {
    const flat_index& index = flattened(frame);
    if (depth_ == contexts_.size()) contexts_.push_back(std::make_unique<context>());
    context& c = *contexts_[depth_];
    c.levels.reserve(4);
    c.base = frame;
    c.base_index = &index;
    const std::uint64_t serial = next_serial_++;
    c.levels.push_back({std::move(frame), false, 0, serial});
    ++depth_;
    published(c);
    return serial;
  }

  // Closes the innermost level; `serial` must be the one push() returned.
  void pop(std::uint64_t serial) noexcept {
    context& c = top();
    if (c.levels.size() < 2 || c.levels.back().serial != serial) misuse("closed out of order");
    level& l = c.levels.back();
    while (c.undo.size() > l.undo_mark) {
      const undo_record& r = c.undo.back();
      if (r.previous != nullptr) c.overlay.assign(r.hash, r.previous);
      else c.overlay.erase(r.hash);
      c.undo.pop_back();
    }
    c.levels.pop_back();
    published(c);
  }

  // Leaves a context that enter() opened.
  void leave(std::uint64_t serial) noexcept {
    context& c = top();
    if (depth_ < 2 || c.levels.size() != 1 || c.levels.back().serial != serial)
      misuse("closed out of order");
    c.levels.clear();
    c.undo.clear();
    c.overlay.clear();
    c.base.reset();
    c.base_index = &empty_flat_index();
    --depth_;
    published(*contexts_[depth_ - 1]);
  }

  // hp::set: writes into the innermost level, replacing its node.
  void set(entry e) {
    context& c = top();
    level& l = c.levels.back();
    check_hash_collision(c, e);
    // An owned node is rebuilt with the new entry; a borrowed one gets a child.
    std::vector<entry> own = l.owned ? l.node->own() : std::vector<entry>{};
    node_ptr parent = l.owned ? l.node->parent() : l.node;
    bool known = false;
    for (const entry& old : own) known = known || old.hash == e.hash;
    upsert(own, std::move(e));
    c.overlay.reserve(c.overlay.size() + 1);
    published(c);  // the overlay may have moved
    c.undo.reserve(c.undo.size() + 1);
    auto node = std::make_shared<const frame_node>(std::move(parent), std::move(own));
    if (!known) c.undo.push_back({node->own().back().hash, c.overlay.find(node->own().back().hash)});
    for (const entry& mine : node->own()) c.overlay.assign(mine.hash, &mine);
    l.node = std::move(node);
    l.owned = true;
    published(c);
  }

  [[nodiscard]] bool is_top(const context* c, std::size_t level_index) const noexcept {
    return depth_ > 0 && contexts_[depth_ - 1].get() == c && c->levels.size() == level_index + 1;
  }

  [[noreturn]] static void misuse(const char* what) noexcept {
    std::fputs("hp::with_scope: scope guard ", stderr);
    std::fputs(what, stderr);
    std::fputs(" (guards must be destroyed in reverse order of creation, on the thread that created them)\n",
               stderr);
    std::terminate();
  }

 private:
  // `c` is now the current context, and what it shows may have changed.
  static void published(context& c) noexcept {
    current_context = &c;
    current_overlay = c.overlay.prober();
    ++view_generation;
  }

  // Two different keys with one 64-bit hash cannot share a view.
  static void check_hash_collision(const context& c, const entry& incoming) {
    const entry* seen = c.lookup(incoming.hash);
    if (seen != nullptr && seen->name() != incoming.name()) throw_hash_collision(*seen, incoming);
  }

  std::vector<std::unique_ptr<context>> contexts_;
  std::size_t depth_ = 0;
  std::uint64_t next_serial_ = 1;
};

// Past the overlay: the base of the current context, after setting up the
// thread's stack on its first use of hp.
[[gnu::noinline]] inline const entry* lookup_current_base(std::uint64_t hash) {
  if (current_context == nullptr) scope_stack::create();  // its overlay starts empty
  return current_context->base_index->table.find(hash);
}

// The hot path: a probe of the overlay in thread_local memory, then the base.
[[gnu::always_inline]] inline const entry* lookup_current(std::uint64_t hash) {
  if (const entry* e = current_overlay.find(hash)) return e;
  return lookup_current_base(hash);
}

// Remembers what a runtime key found, if its memo slot still holds that key.
[[gnu::noinline]] inline const entry* remember_found(std::size_t at, std::uint64_t hash, const entry* e) noexcept {
  key_memo::slot& s = runtime_keys.slot_for[at];
  if (s.hash == hash && s.data != nullptr) {
    s.found = e;
    s.generation = view_generation;
  }
  return e;
}

// A read by key: a runtime key read again in an unchanged view costs a
// compare, not a probe.
[[gnu::always_inline]] inline const entry* lookup_current(const key& k) {
  const std::size_t at = key_access::memo_slot(k);
  if (at != key_memo::none) {
    const key_memo::slot& s = runtime_keys.slot_for[at];
    if (HP_LIKELY(s.generation == view_generation && s.hash == k.hash())) return s.found;
    return remember_found(at, k.hash(), lookup_current(table_hash(k.hash())));
  }
  return lookup_current(table_hash(k.hash()));
}

}  // namespace hp::detail
