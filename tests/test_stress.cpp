// Thread stress: 32 threads of mixed operations (nested scopes, hp::set,
// reads checked against the thread's own model, frames handed across threads
// and re-entered, bind, freeze, interpolation). HP_STRESS_OPS sets the
// operations per thread (the TSan job runs 100,000; the default is short).
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <atomic>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int key_count = 16;

const std::string& key_name(int i) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (int k = 0; k < key_count; ++k) out.push_back("s.k" + std::to_string(k));
    return out;
  }();
  return names[static_cast<std::size_t>(i)];
}

// What a thread expects to see: one map per open level, outermost first.
// A value >= 0 is an int; -1 - t is the reference "${s.k<t>}".
using view_model = std::map<int, int>;
struct thread_model {
  std::vector<view_model> levels{1};

  std::optional<int> raw(int key) const {
    for (auto l = levels.rbegin(); l != levels.rend(); ++l) {
      const auto it = l->find(key);
      if (it != l->end()) return it->second;
    }
    return std::nullopt;
  }
  // What reading `key` gives now, references resolved.
  std::optional<int> expected(int key) const {
    const std::optional<int> v = raw(key);
    if (!v || *v >= 0) return v;
    const std::optional<int> target = raw(-1 - *v);
    return target && *target >= 0 ? target : std::nullopt;
  }
  view_model flat() const {
    view_model out;
    for (const view_model& l : levels)
      for (const auto& [k, v] : l) out[k] = v;
    return out;
  }
};

// Frames published by one thread for others to re-enter, with their model.
struct shared_frames {
  std::mutex mutex;
  std::vector<std::pair<hp::frame, view_model>> slots = std::vector<std::pair<hp::frame, view_model>>(64);
};

std::optional<int> expected_in(const view_model& m, int key) {
  const auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  if (it->second >= 0) return it->second;
  const auto target = m.find(-1 - it->second);
  if (target == m.end() || target->second < 0) return std::nullopt;  // refs to refs are not generated
  return target->second;
}

// The current view's value of `key`; nullopt when absent or a reference to an absent key.
std::optional<int> read_now(int key) {
  try {
    return hp::find<int>(key_name(key));
  } catch (const hp::missing_parameter&) {
    return std::nullopt;
  }
}

long stress_ops() {
  const char* env = std::getenv("HP_STRESS_OPS");
  return env != nullptr ? std::strtol(env, nullptr, 10) : 3000;
}

void worker(unsigned seed, long ops, shared_frames& shared, std::atomic<long>& failures) {
  std::mt19937 random(seed);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  // Start from an empty view: a thread started after another's freeze would
  // otherwise start from that frozen view.
  hp::with_scope empty{hp::frame{}};
  thread_model model;
  std::vector<std::unique_ptr<hp::with_scope>> scopes;
  const auto check = [&](bool ok) {
    if (!ok) failures.fetch_add(1, std::memory_order_relaxed);
  };
  const auto random_value = [&](int key) {
    // A reference only to a key that never holds a reference (even keys hold ints only).
    if (key % 2 == 1 && pick(4) == 0) return -1 - 2 * pick(key_count / 2);
    return pick(1000);
  };
  for (long op = 0; op < ops; ++op) {
    const int kind = pick(100);
    if (kind < 20 && scopes.size() < 40) {  // push a scope of one to three entries
      view_model level;
      hp::params p;
      for (int n = 1 + pick(3); n > 0; --n) {
        const int key = pick(key_count);
        const int v = random_value(key);
        level[key] = v;
        p.set(key_name(key), v >= 0 ? hp::value(v) : hp::value("${" + key_name(-1 - v) + "}"));
      }
      scopes.push_back(std::make_unique<hp::with_scope>(p));
      model.levels.push_back(level);
    } else if (kind < 38 && !scopes.empty()) {  // pop
      scopes.pop_back();
      model.levels.pop_back();
    } else if (kind < 48) {  // hp::set into the innermost level
      const int key = pick(key_count);
      const int v = pick(1000);
      hp::set(key_name(key), v);
      model.levels.back()[key] = v;
    } else if (kind < 80) {  // read, with interpolation when the key holds a reference
      const int key = pick(key_count);
      check(read_now(key) == model.expected(key));
    } else if (kind < 88) {  // publish the current frame
      std::lock_guard<std::mutex> lock(shared.mutex);
      shared.slots[static_cast<std::size_t>(pick(64))] = {hp::current(), model.flat()};
    } else if (kind < 95) {  // re-enter a frame another thread published
      std::pair<hp::frame, view_model> slot;
      {
        std::lock_guard<std::mutex> lock(shared.mutex);
        slot = shared.slots[static_cast<std::size_t>(pick(64))];
      }
      hp::with_scope inside(slot.first);
      for (int n = 0; n < 3; ++n) {
        const int key = pick(key_count);
        check(read_now(key) == expected_in(slot.second, key));
      }
      check(slot.first.size() == slot.second.size());
    } else if (kind < 99) {  // bind: runs in the frame it captured, whatever is open when called
      const int key = pick(key_count);
      const std::optional<int> then = expected_in(model.flat(), key);
      auto bound = hp::bind([key] { return read_now(key); });
      hp::with_scope other{{key_name(key), 5000}};
      check(bound() == then);
      check(hp::get<int>(key_name(key)) == 5000);
    } else {  // freeze: affects only threads started later
      hp::freeze();
    }
  }
  while (!scopes.empty()) scopes.pop_back();
}

}  // namespace

TEST_CASE("stress: 32 threads of mixed operations agree with their models", "[stress][threads]") {
  const long ops = stress_ops();
  shared_frames shared;
  std::atomic<long> failures{0};
  {
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 32; ++t) threads.emplace_back(worker, 1234u + t, ops, std::ref(shared), std::ref(failures));
    for (std::thread& t : threads) t.join();
  }
  CHECK(failures.load() == 0);
  // A thread started now sees the last frozen view, whole and consistent.
  const std::size_t seen = std::async(std::launch::async, [] { return hp::current().size(); }).get();
  CHECK(seen <= static_cast<std::size_t>(key_count));
  hp::with_scope empty{hp::frame{}};
  hp::freeze();
}
