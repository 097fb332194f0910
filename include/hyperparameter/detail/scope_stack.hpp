// hyperparameter: the per-thread stack of scopes behind hp::get and hp::with_scope.
//
// Reads must cost about as much as a global variable, whatever the number of
// parameters or the nesting depth. So besides the immutable frame chain
// (which hp::current() shares), each thread keeps one mutable hash table of
// what is visible now ("shallow binding"): a push inserts only its own
// entries and logs what they hid, a pop replays that log backwards. A read is
// a single probe of that table, then of the flattened base under it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../error.hpp"
#include "frame_node.hpp"
#include "macros.hpp"
#include "hash_table.hpp"
#include "state.hpp"
#include "state_claim.hpp"
#include "../key.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

struct undo_record {
  std::uint64_t hash;
  const entry* previous;  // nullptr: the key was not in the overlay before
};

struct level {
  node_ptr node;            // the view this level shows
  std::size_t own_nodes;    // how many nodes from `node` up were made for this level
  std::size_t own_entries;  // entries in those nodes
  std::size_t undo_mark;    // undo records above this belong to this level
  std::uint64_t serial;     // the guard that opened it
};

// Grows `v` geometrically so that `more` pushes cannot allocate: a run of
// pushes costs what it adds, however deep it goes.
template <class T>
void reserve_more(std::vector<T>& v, std::size_t more) {
  if (v.capacity() - v.size() < more) v.reserve(std::max(v.size() + more, 2 * v.capacity()));
}

// One run of nested scopes over a base frame. A thread starts with one over
// the frozen base; re-entering a captured frame starts another over it.
// Read-only to everyone: only a context_edit changes it.
class context {
 public:
  context() { levels_.reserve(4); }  // so entering a frame cannot throw once it has begun

  [[nodiscard]] const entry* lookup(std::uint64_t hash) const noexcept {
    if (const entry* e = overlay_.find(hash)) return e;
    return find_in_base(hash);
  }
  [[nodiscard]] const entry* find_in_base(std::uint64_t hash) const noexcept { return base_index_->table.find(hash); }
  [[nodiscard]] const std::vector<level>& levels() const noexcept { return levels_; }

 private:
  friend class context_edit;
  node_ptr base_;
  const flat_index* base_index_ = &empty_flat_index();
  hash_table<entry> overlay_;
  std::vector<undo_record> undo_;
  std::vector<level> levels_;
};

class scope_stack;
// Constant-initialised so the read path needs no thread_local guard check.
HP_THREAD_STATE(context*, current_context, {nullptr})
HP_THREAD_STATE(scope_stack*, current_stack, {nullptr})
// The overlay table of current_context, copied out so a read starts with
// two loads of this thread's own memory and no null check; empty until the
// thread first uses hp.
HP_THREAD_STATE(hash_table<entry>::probe, current_overlay, {})
// Changes whenever what this thread sees may have changed (a scope opened or
// closed, a set, a frame entered or left, the run's layers it started from
// replaced): what a read found stays valid while it is unchanged. Never 0,
// which marks "nothing found yet". Atomic only because the thread that
// replaces a run's layers changes it for the threads following them (see
// frozen_base); a relaxed load is a plain load. A cache reads it before it
// looks anything up, so a change during the lookup leaves the result unused.
HP_THREAD_STATE(std::atomic<std::uint64_t>, view_generation, {1})
// Set when the run's layers this thread started from were replaced.
HP_THREAD_STATE(std::atomic<bool>, base_replaced, {false})
// What a runtime key found in this thread's view, kept in the slot the key
// memo (key_memo.hpp) holds the key in, so a key read again finds its entry
// with one compare. Valid while view_generation is the one it was found in;
// the hash tells whether the slot still speaks of the key being read.
struct found_memo {
  struct slot {
    std::uint64_t hash;
    std::uint64_t generation;  // 0: nothing found yet
    const entry* found;
  };
  slot slot_for[key_memo::slots];
};
HP_THREAD_STATE(found_memo, runtime_found, {})
// Set when this thread's stack is destroyed at thread (or program) exit;
// guards that outlive it (at namespace scope, function-local statics) then
// have nothing left to pop.
HP_THREAD_STATE(bool, stack_released, {false})

// The frame new threads start from: hp::freeze()'s, or hp::run's layers
// while its function runs. A thread that takes a run's layers follows them:
// when they are replaced (the run ends, the next trial of a sweep starts), it
// is told, and reads the frame that replaced them from its next look at its
// base on (scope_stack::follow_base). Threads that took any other frame keep
// it, as hp::freeze() promises.
struct frozen_base {
  struct follower {  // a thread that took a run's layers: its own flags
    std::atomic<bool>* replaced;
    std::atomic<std::uint64_t>* generation;
  };

  static frozen_base& instance();
  node_ptr get() {
    std::lock_guard<std::mutex> lock(mutex_);
    return node_;
  }
  // The frame for this thread's stack; if it is a run's, this thread follows it.
  node_ptr adopt(bool& following) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (followed_ && !following) {
      followers_.push_back({&base_replaced, &view_generation});
      following = true;
    }
    return node_;
  }
  // Replaces the frame (`followed`: a run's layers); returns whether the old one was.
  bool set(node_ptr n, bool followed = false) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const follower& f : followers_) {
      f.replaced->store(true, std::memory_order_relaxed);
      f.generation->fetch_add(1, std::memory_order_release);  // what it found stays unused
    }
    followers_.clear();
    node_ = std::move(n);
    return std::exchange(followed_, followed);
  }
  // This thread's flags are about to go (it exits) or it stops following.
  void forget_this_thread() noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = followers_.begin(); it != followers_.end(); ++it)
      if (it->replaced == &base_replaced) {
        followers_.erase(it);
        return;
      }
  }

 private:
  std::mutex mutex_;
  node_ptr node_;
  bool followed_ = false;
  std::vector<follower> followers_;
};

// The one way to change a context. However the edit ends (returned or
// thrown), it publishes the context this thread shows afterwards (`shown`,
// by default the one edited): reads find it through current_context and
// the overlay copy, and view_generation tells every cached result it is
// stale. So no change can leave a read looking at a moved table or a
// stale result.
class context_edit {
 public:
  explicit context_edit(context& c) noexcept : c_(c), shown_(c) {}
  context_edit(context& c, context& shown) noexcept : c_(c), shown_(shown) {}
  context_edit(const context_edit&) = delete;
  context_edit& operator=(const context_edit&) = delete;
  ~context_edit() {
    current_context = &shown_;
    current_overlay = shown_.overlay_.prober();
    view_generation.fetch_add(1, std::memory_order_release);
  }

  node_ptr& base() noexcept { return c_.base_; }
  const flat_index*& base_index() noexcept { return c_.base_index_; }
  hash_table<entry>& overlay() noexcept { return c_.overlay_; }
  std::vector<undo_record>& undo() noexcept { return c_.undo_; }
  std::vector<level>& levels() noexcept { return c_.levels_; }

 private:
  context& c_;
  context& shown_;
};

class scope_stack {
 public:
  scope_stack() { enter(frozen_base::instance().adopt(following_.on)); }
  ~scope_stack() { release(); }

  // At thread exit: this thread's reads find no stack from now on.
  HP_COMPILED void release() noexcept HP_BODY({
    if (current_stack == this) {
      current_stack = nullptr;
      current_context = nullptr;
      current_overlay = {};
      view_generation.fetch_add(1, std::memory_order_release);
      stack_released = true;
    }
  })

  static scope_stack& of_this_thread() {
    if (current_stack == nullptr) create();
    else if (HP_UNLIKELY(base_replaced.load(std::memory_order_relaxed))) current_stack->follow_base();
    return *current_stack;
  }

  // The run's layers this thread started from were replaced: start from what
  // replaced them, unless scopes of its own are open (it does once they
  // close) or it changed its base with hp::set (it keeps that view).
  HP_COMPILED void follow_base() HP_BODY({
    if (depth_ != 1 || contexts_[0]->levels().size() != 1) return;
    following_.stop();
    base_replaced.store(false, std::memory_order_relaxed);
    if (contexts_[0]->levels()[0].own_entries != 0) return;
    node_ptr base = frozen_base::instance().adopt(following_.on);
    const flat_index& index = flattened(base);
    context_edit c(*contexts_[0]);  // nothing below can throw
    c.base() = base;
    c.base_index() = &index;
    c.levels()[0].node = std::move(base);
  })

  // A thread's first use of hp: its stack starts over the frozen base.
  static void create();

  context& top() noexcept { return *contexts_[depth_ - 1]; }

  // Opens a level holding `own` over the current view; returns its serial.
  HP_COMPILED std::uint64_t push(std::vector<entry> own) HP_BODY({
    for (const entry& e : own) check_hash_collision(top(), e);
    context_edit c(top());
    c.overlay().reserve(c.overlay().size() + own.size());
    reserve_more(c.undo(), own.size());
    reserve_more(c.levels(), 1);
    auto node = std::make_shared<const frame_node>(c.levels().back().node, std::move(own));
    // Nothing below can throw: a push is all or nothing.
    const std::size_t mark = c.undo().size();
    for (const entry& e : node->own()) {
      c.undo().push_back({e.hash, c.overlay().find(e.hash)});
      c.overlay().assign(e.hash, &e);
    }
    const std::size_t count = node->own().size();
    c.levels().push_back({std::move(node), 1, count, mark, next_serial_});
    return next_serial_++;
  })

  // Re-enters a captured frame: exactly its view, whatever is open now.
  HP_COMPILED std::uint64_t enter(node_ptr frame) HP_BODY({
    const flat_index& index = flattened(frame);
    if (depth_ == contexts_.size()) contexts_.push_back(std::make_unique<context>());
    context_edit c(*contexts_[depth_]);  // nothing below can throw
    c.base() = frame;
    c.base_index() = &index;
    const std::uint64_t serial = next_serial_++;
    c.levels().push_back({std::move(frame), 0, 0, 0, serial});
    ++depth_;
    return serial;
  })

  // Closes the innermost level; `serial` must be the one push() returned.
  HP_COMPILED void pop(std::uint64_t serial) noexcept HP_BODY({
    const std::vector<level>& levels = top().levels();
    if (levels.size() < 2 || levels.back().serial != serial) misuse("closed out of order");
    context_edit c(top());
    const level& l = c.levels().back();
    while (c.undo().size() > l.undo_mark) {
      const undo_record& r = c.undo().back();
      if (r.previous != nullptr) c.overlay().assign(r.hash, r.previous);
      else c.overlay().erase(r.hash);
      c.undo().pop_back();
    }
    c.levels().pop_back();
  })

  // Leaves a context that enter() opened.
  HP_COMPILED void leave(std::uint64_t serial) noexcept HP_BODY({
    const std::vector<level>& levels = top().levels();
    if (depth_ < 2 || levels.size() != 1 || levels.back().serial != serial) misuse("closed out of order");
    context_edit c(top(), *contexts_[depth_ - 2]);  // the context it was entered from shows again
    c.levels().clear();
    c.undo().clear();
    c.overlay().clear();
    c.base().reset();
    c.base_index() = &empty_flat_index();
    --depth_;
  })

  // hp::set: writes into the innermost level. The level's node gets a child
  // holding the one entry (earlier nodes may be shared with snapshots); when
  // such children outnumber the rest, they are merged back into one node, so
  // N sets cost O(N) time and memory however many keys they touch.
  HP_COMPILED void set(entry e) HP_BODY({
    check_hash_collision(top(), e);
    context_edit c(top());
    c.overlay().reserve(c.overlay().size() + 1);
    reserve_more(c.undo(), 1);
    level& l = c.levels().back();
    std::vector<entry> own;
    own.push_back(std::move(e));
    auto node = std::make_shared<const frame_node>(l.node, std::move(own));
    // Nothing below can throw but compact(), which leaves a valid state.
    const entry& mine = node->own().back();
    c.undo().push_back({mine.hash, c.overlay().find(mine.hash)});
    c.overlay().assign(mine.hash, &mine);
    l.node = std::move(node);
    ++l.own_nodes;
    ++l.own_entries;
    if (l.own_nodes >= 16 && 2 * l.own_nodes >= l.own_entries) compact(c, l);
  })

  [[nodiscard]] bool is_top(const context* c, std::size_t level_index) const noexcept {
    return depth_ > 0 && contexts_[depth_ - 1].get() == c && c->levels().size() == level_index + 1;
  }

  [[noreturn]] HP_COMPILED static void misuse(const char* what) noexcept HP_BODY({
    std::fputs("hp::with_scope: scope guard ", stderr);
    std::fputs(what, stderr);
    std::fputs(" (guards must be destroyed in reverse order of creation, on the thread that created them)\n",
               stderr);
    std::terminate();
  })

 private:
  // Merges the nodes of level `l` (the innermost) into one, each key once,
  // and keeps only the oldest undo record per key (it restores what was
  // visible before the level).
  HP_COMPILED static void compact(context_edit& c, level& l) HP_BODY({
    std::vector<const frame_node*> nodes;  // innermost first
    const frame_node* n = l.node.get();
    for (std::size_t i = 0; i < l.own_nodes; ++i, n = n->parent().get()) nodes.push_back(n);
    std::vector<entry> merged;
    merged.reserve(l.own_entries);
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it)
      for (const entry& e : (*it)->own()) merged.push_back(e);
    merge_duplicates(merged);
    auto node = std::make_shared<const frame_node>(nodes.back()->parent(), std::move(merged));
    std::vector<undo_record> oldest;
    std::unordered_set<std::uint64_t> seen;
    std::vector<undo_record>& undo = c.undo();
    for (std::size_t i = l.undo_mark; i < undo.size(); ++i)
      if (seen.insert(undo[i].hash).second) oldest.push_back(undo[i]);
    // Nothing below can throw (the undo log only shrinks).
    undo.resize(l.undo_mark, undo_record{0, nullptr});
    undo.insert(undo.end(), oldest.begin(), oldest.end());
    for (const entry& e : node->own()) c.overlay().assign(e.hash, &e);
    l.own_nodes = 1;
    l.own_entries = node->own().size();
    l.node = std::move(node);
  })

  // Two different keys with one 64-bit hash cannot share a view.
  HP_COMPILED static void check_hash_collision(const context& c, const entry& incoming) HP_BODY({
    const entry* seen = c.lookup(incoming.hash);
    if (seen != nullptr && seen->name() != incoming.name()) throw_hash_collision(*seen, incoming);
  })

  // Whether this thread follows a run's layers; it stops when the stack goes.
  struct following {
    bool on = false;
    void stop() noexcept {
      if (on) frozen_base::instance().forget_this_thread();
      on = false;
    }
    following() = default;
    following(const following&) = delete;
    following& operator=(const following&) = delete;
    ~following() { stop(); }
  };

  following following_;  // first: a constructor that throws still stops following
  std::vector<std::unique_ptr<context>> contexts_;
  std::size_t depth_ = 0;
  std::uint64_t next_serial_ = 1;
};

HP_STATE_FN frozen_base& frozen_base_state() HP_BODY({
  (void)state_conflict();  // first use: claim the process
  static frozen_base base;
  return base;
})
inline frozen_base& frozen_base::instance() { return frozen_base_state(); }

HP_NOINLINE HP_STATE_FN void create_thread_stack() HP_BODY({
  thread_local std::unique_ptr<scope_stack> owner;
  owner = std::make_unique<scope_stack>();
  current_stack = owner.get();
})
inline void scope_stack::create() { create_thread_stack(); }

// Past the overlay: the base of the current context, after setting up the
// thread's stack on its first use of hp.
HP_NOINLINE HP_COMPILED const entry* lookup_current_base(std::uint64_t hash) HP_BODY({
  if (current_context == nullptr) scope_stack::create();  // its overlay starts empty
  else if (HP_UNLIKELY(base_replaced.load(std::memory_order_relaxed))) current_stack->follow_base();
  return current_context->find_in_base(hash);
})

// The hot path: a probe of the overlay in thread_local memory, then the base.
HP_ALWAYS_INLINE inline const entry* lookup_current(std::uint64_t hash) {
  if (const entry* e = current_overlay.find(hash)) return e;
  return lookup_current_base(hash);
}

// Remembers what a runtime key found, in the slot of the key memo its key is in.
// `generation` is the one read before the lookup that found `e`.
HP_NOINLINE HP_COMPILED const entry* remember_found(std::size_t at, std::uint64_t hash, std::uint64_t generation,
                                                    const entry* e) noexcept HP_BODY({
  runtime_found.slot_for[at] = {hash, generation, e};
  return e;
})

// A read by key: a runtime key read again in an unchanged view costs a
// compare, not a probe.
HP_ALWAYS_INLINE inline const entry* lookup_current(const key& k) {
  const std::size_t at = key_access::memo_slot(k);
  if (at != key_memo::none) {
    const found_memo::slot& s = runtime_found.slot_for[at];
    const std::uint64_t now = view_generation.load(std::memory_order_acquire);
    if (HP_LIKELY(s.generation == now && s.hash == k.hash())) return s.found;
    return remember_found(at, k.hash(), now, lookup_current(table_hash(k.hash())));
  }
  return lookup_current(table_hash(k.hash()));
}

}  // namespace detail
HP_NAMESPACE_END
