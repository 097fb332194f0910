// What byte-offset probing buys: hash_table::probe walks byte offsets (a
// slot's offset is hash & bytes_mask, no shift), against index arithmetic
// (slots[(hash >> 4) & mask], a shift each way). The library has only the
// first, so both are copies of probe::find that differ only in how they
// address a slot, probing one table; the library's own probe over the same
// keys checks the copy.
#include "bench_support.hpp"

#include <hyperparameter/detail/hash_table.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hp_bench {

struct probe_slot {
  std::uint64_t hash = 0;
  const void* item = nullptr;
};
static_assert(sizeof(probe_slot) == 16, "the library's slot: a hash and a pointer");

// probe::find as the library has it (the home slot inline, the rest out of
// line), addressing a slot by its byte offset (ByteOffsets: the library's
// way, a slot's offset is hash & bytes mask) or by its index, as
// hash_table's assign and erase walk ((hash >> 4) & mask, a shift each way).
template <bool ByteOffsets>
class copied_probe {
 public:
  copied_probe(const probe_slot* slots, std::size_t mask) noexcept
      : slots_(slots), mask_(ByteOffsets ? mask * sizeof(probe_slot) : mask) {}

  [[nodiscard]] HP_ALWAYS_INLINE const void* find(std::uint64_t hash) const noexcept {
    const probe_slot& home = at(home_of(hash));
    if (HP_LIKELY(home.hash == hash)) {
      HP_ASSUME(home.item != nullptr);
      return home.item;
    }
    if (home.hash == 0) return nullptr;
    return find_past_home(hash);
  }

 private:
  static constexpr std::size_t step = ByteOffsets ? sizeof(probe_slot) : 1;

  HP_ALWAYS_INLINE std::size_t home_of(std::uint64_t hash) const noexcept {
    return static_cast<std::size_t>(ByteOffsets ? hash : hash >> 4) & mask_;
  }
  HP_ALWAYS_INLINE const probe_slot& at(std::size_t position) const noexcept {
    if constexpr (ByteOffsets)
      return *reinterpret_cast<const probe_slot*>(reinterpret_cast<const char*>(slots_) + position);
    else
      return slots_[position];
  }

  HP_NOINLINE const void* find_past_home(std::uint64_t hash) const noexcept {
    for (std::size_t position = (home_of(hash) + step) & mask_;; position = (position + step) & mask_) {
      const probe_slot& s = at(position);
      if (s.hash == hash) return s.item;
      if (s.hash == 0) return nullptr;
    }
  }

  const probe_slot* slots_;
  std::size_t mask_;
};
using byte_offset_probe = copied_probe<true>;
using index_probe = copied_probe<false>;

}  // namespace hp_bench

namespace {

namespace d = hp::detail;
using hp_bench::probe_slot;

// The table hashes of "<prefix>.0" ... "<prefix>.<count-2>" and "a.b.c".
std::vector<std::uint64_t> key_hashes(const std::string& prefix, std::size_t count) {
  std::vector<std::uint64_t> hashes;
  for (std::size_t i = 0; i + 1 < count; ++i)
    hashes.push_back(d::table_hash(hp::xxh64(prefix + "." + std::to_string(i), d::key_seed)));
  hashes.push_back(d::table_hash(hp::xxh64(prefix == "bench.p" ? "a.b.c" : "a.b.d", d::key_seed)));
  return hashes;
}

// The keys laid out as hash_table lays them out (a power-of-two capacity of
// at least 16 and twice the keys, home (hash >> 4) & mask, linear probing),
// and the library's own table of them.
class probe_table {
 public:
  explicit probe_table(const std::vector<std::uint64_t>& hashes) {
    std::size_t capacity = 16;
    while (capacity < hashes.size() * 2) capacity *= 2;
    slots_.resize(capacity);
    mask_ = capacity - 1;
    library_.reserve(hashes.size());
    for (const std::uint64_t hash : hashes) {
      std::size_t i = (hash >> 4) & mask_;
      while (slots_[i].hash != 0) i = (i + 1) & mask_;
      slots_[i] = {hash, &item_};
      library_.assign(hash, &item_);
    }
  }

  const probe_slot* slots() const { return slots_.data(); }
  std::size_t mask() const { return mask_; }
  const d::hash_table<int>& library() const { return library_; }

 private:
  int item_ = 0;
  std::vector<probe_slot> slots_;
  std::size_t mask_ = 0;
  d::hash_table<int> library_;
};

const auto byte_offsets = [](const probe_table& t) { return hp_bench::byte_offset_probe(t.slots(), t.mask()); };
const auto indices = [](const probe_table& t) { return hp_bench::index_probe(t.slots(), t.mask()); };
const auto library = [](const probe_table& t) { return t.library().prober(); };

// One lookup per iteration, cycling through `count` keys that are set (a
// hit) or that nobody set (a miss); each hash is opaque to the optimiser.
template <class MakeProbe>
void BM_cache_probe(benchmark::State& state, MakeProbe make_probe, std::size_t count, bool hit) {
  const std::vector<std::uint64_t> set = key_hashes("bench.p", count), absent = key_hashes("bench.absent", count);
  const probe_table table(set);
  const auto probe = make_probe(table);
  const std::vector<std::uint64_t>& keys = hit ? set : absent;
  for (const std::uint64_t hash : keys) {
    if ((probe.find(hash) != nullptr) != hit) {
      state.SkipWithError("the probe disagrees with the table");
      return;
    }
  }
  std::size_t i = 0;
  for (auto _ : state) {
    std::uint64_t hash = keys[i];
    benchmark::DoNotOptimize(hash);
    const void* found = probe.find(hash);
    benchmark::DoNotOptimize(found);
    i = i + 1 == keys.size() ? 0 : i + 1;
  }
}
BENCHMARK_CAPTURE(BM_cache_probe, bytes_hit, byte_offsets, 11, true);
BENCHMARK_CAPTURE(BM_cache_probe, index_hit, indices, 11, true);
BENCHMARK_CAPTURE(BM_cache_probe, library_hit, library, 11, true);
BENCHMARK_CAPTURE(BM_cache_probe, bytes_miss, byte_offsets, 11, false);
BENCHMARK_CAPTURE(BM_cache_probe, index_miss, indices, 11, false);
BENCHMARK_CAPTURE(BM_cache_probe, library_miss, library, 11, false);
BENCHMARK_CAPTURE(BM_cache_probe, bytes_hit_1000, byte_offsets, 1000, true);
BENCHMARK_CAPTURE(BM_cache_probe, index_hit_1000, indices, 1000, true);
BENCHMARK_CAPTURE(BM_cache_probe, library_hit_1000, library, 1000, true);
BENCHMARK_CAPTURE(BM_cache_probe, bytes_miss_1000, byte_offsets, 1000, false);
BENCHMARK_CAPTURE(BM_cache_probe, index_miss_1000, indices, 1000, false);
BENCHMARK_CAPTURE(BM_cache_probe, library_miss_1000, library, 1000, false);

}  // namespace
