// hyperparameter: the log behind hp::operative_config(), what a run actually read.
//
// Off, a read pays one relaxed atomic load and a predictable branch; the
// recording is an out-of-line slow path. Each thread writes its own log (its
// mutex is only ever contended by a snapshot), and logs outlive their
// threads so reads by finished workers still count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../version.hpp"
#include "../value.hpp"
#include "macros.hpp"
#include "frame_node.hpp"
#include "state.hpp"
#include "value_traits.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

// Every read loads this flag, on every thread: it has a cache line of its
// own, so that no write to a neighbour makes the reads of other threads miss.
struct alignas(64) tracked_flag {
  std::atomic<bool> on{false};
};
HP_PROCESS_STATE(tracked_flag, reads_tracked_flag, {})

[[nodiscard]] inline bool reads_tracked() noexcept { return reads_tracked_flag.on.load(std::memory_order_relaxed); }

// One distinct result of reading a key: its value, source and entry.
struct reading {
  value used;
  std::string source;
  const entry* from;  // nullptr: a default; compared, never followed
  std::uint64_t first;
};

struct read_record {
  std::string key;
  value used;
  std::string source;
  std::uint64_t first = 0;  // global order of the first read
  std::uint64_t last = 0;   // and of the latest, whose value is kept
  std::vector<reading> readings;  // every distinct result, in order of first read (at most max_readings)

  static constexpr std::size_t max_readings = 8;

  HP_COMPILED void add(const reading& r) HP_BODY({
    for (const reading& seen : readings)
      if (seen.from == r.from && seen.source == r.source && seen.used == r.used) return;
    if (readings.size() < max_readings) readings.push_back(r);
  })
};

// One thread's reads, guarded for snapshots taken by other threads.
struct read_log_thread {
  std::mutex mutex;
  std::vector<read_record> records;
  std::unordered_map<std::string, std::size_t> index;
};
HP_STATE_FN std::shared_ptr<read_log_thread>& read_log_of_this_thread() HP_BODY({
  thread_local std::shared_ptr<read_log_thread> mine;
  return mine;
})

class read_log;
HP_STATE_FN read_log& read_log_state();

class read_log {
 public:
  static read_log& instance() { return read_log_state(); }

  HP_COMPILED void record(std::string_view key, value used, std::string_view source,
                          const entry* from = nullptr) HP_BODY({
    const std::uint64_t order = sequence_.fetch_add(1, std::memory_order_relaxed);
    per_thread& mine = of_this_thread();
    std::lock_guard<std::mutex> lock(mine.mutex);
    const auto [it, inserted] = mine.index.try_emplace(std::string(key), mine.records.size());
    if (inserted) {
      mine.records.push_back({std::string(key), used, std::string(source), order, order, {}});
      mine.records.back().add({std::move(used), std::string(source), from, order});
      return;
    }
    read_record& r = mine.records[it->second];
    r.add({used, std::string(source), from, order});
    r.used = std::move(used);
    r.source = std::string(source);
    r.last = order;
  })

  // Every thread's records merged: one per key, in order of first read,
  // with the value of its latest read.
  [[nodiscard]] HP_COMPILED std::vector<read_record> snapshot() HP_BODY({
    std::vector<read_record> merged;
    std::unordered_map<std::string, std::size_t> index;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& log : logs_) {
      std::lock_guard<std::mutex> log_lock(log->mutex);
      for (const read_record& r : log->records) {
        const auto [it, inserted] = index.try_emplace(r.key, merged.size());
        if (inserted) {
          merged.push_back(r);
          continue;
        }
        read_record& m = merged[it->second];
        m.first = std::min(m.first, r.first);
        for (const reading& x : r.readings) m.add(x);
        if (r.last > m.last) {
          m.used = r.used;
          m.source = r.source;
          m.last = r.last;
        }
      }
    }
    std::sort(merged.begin(), merged.end(),
              [](const read_record& a, const read_record& b) { return a.first < b.first; });
    for (read_record& m : merged)
      std::sort(m.readings.begin(), m.readings.end(),
                [](const reading& a, const reading& b) { return a.first < b.first; });
    return merged;
  })

  // The order the next read gets: reads logged from now on are at or after it.
  [[nodiscard]] std::uint64_t next_order() const noexcept { return sequence_.load(std::memory_order_relaxed); }

  // Like snapshot(), keeping the keys read at or after `since`; with
  // `this_thread_only`, only those read on the calling thread.
  [[nodiscard]] HP_COMPILED std::vector<read_record> snapshot_since(std::uint64_t since,
                                                                  bool this_thread_only) HP_BODY({
    std::vector<read_record> out;
    if (this_thread_only) {
      per_thread& mine = of_this_thread();
      std::lock_guard<std::mutex> lock(mine.mutex);
      out = mine.records;
      std::sort(out.begin(), out.end(), [](const read_record& a, const read_record& b) { return a.first < b.first; });
    } else {
      out = snapshot();
    }
    out.erase(std::remove_if(out.begin(), out.end(), [since](const read_record& r) { return r.last < since; }),
              out.end());
    return out;
  })

  HP_COMPILED void clear() HP_BODY({
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& log : logs_) {
      std::lock_guard<std::mutex> log_lock(log->mutex);
      log->records.clear();
      log->index.clear();
    }
  })

 private:
  using per_thread = read_log_thread;

  HP_COMPILED per_thread& of_this_thread() HP_BODY({
    std::shared_ptr<per_thread>& mine = read_log_of_this_thread();
    if (!mine) {
      mine = std::make_shared<per_thread>();
      std::lock_guard<std::mutex> lock(mutex_);
      logs_.push_back(mine);
    }
    return *mine;
  })

  std::mutex mutex_;
  std::vector<std::shared_ptr<per_thread>> logs_;
  std::atomic<std::uint64_t> sequence_{0};
};

HP_STATE_FN read_log& read_log_state() HP_BODY({
  static read_log log;
  return log;
})

// Scalars travel by value, so the hot path need not spill them to memory.
template <class T>
using read_result_arg = std::conditional_t<std::is_scalar_v<T>, T, const T&>;

// The out-of-line slow path of every read while tracking is on: `used` is
// what the reader got, `from` the entry it came from (nullptr: a default).
HP_COMPILED void record_read_value(std::string_view key, value recorded, const entry* from) HP_BODY({
  const std::string_view source = from != nullptr ? std::string_view(from->source.str()) : "default";
  read_log::instance().record(key, std::move(recorded), source, from);
})

template <class T>
HP_NOINLINE HP_COLD void record_read(std::string_view key, read_result_arg<T> used, const entry* from) {
  value recorded = from != nullptr ? from->val() : value();
  if constexpr (showable_v<T>) {
    try {
      recorded = to_shown_value<T>(used);
    } catch (const conversion_error&) {  // an unsigned past int64: keep what was stored
    }
  }
  record_read_value(key, std::move(recorded), from);
}

template <class T>
void note_read(std::string_view key, const T& used, const entry* from) {
  record_read<T>(key, used, from);
}

}  // namespace detail
HP_NAMESPACE_END
