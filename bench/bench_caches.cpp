// What each read cache buys: the same read with the cache and without it, in
// the same process, through the internal paths that exist side by side.
#include "bench_support.hpp"

#include <cstring>
#include <string>
#include <thread>
#include <utility>

namespace {

namespace d = hp::detail;

// A key of a typical length, set in the innermost scope over ten others, and
// one nobody set. Both are read from runtime strings.
constexpr const char* set_key = "model.encoder.dropout";
constexpr const char* unset_key = "model.encoder.absent";

// One lookup of `key` per iteration, returning the entry found: `read` gets
// the key's text and its table hash, both opaque to the optimiser each time.
template <class Read>
void BM_cache_read(benchmark::State& state, const char* key, Read read) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{set_key, 7}};
  std::string name = key;
  std::uint64_t hash = d::table_hash(hp::xxh64(name, d::key_seed));
  for (auto _ : state) {
    benchmark::DoNotOptimize(name);
    benchmark::DoNotOptimize(hash);
    const d::entry* e = read(name, hash);
    benchmark::DoNotOptimize(e);
  }
}

// The key memo. hp::key from a runtime string remembers its hash (no
// validation, no hashing) and what it found in this unchanged view (no probe).
const auto with_key_memo = [](const std::string& name, std::uint64_t) { return d::lookup_current(hp::key(name)); };
// The hash remembered, the probe made every time.
const auto with_hash_memo_only = [](const std::string& name, std::uint64_t) {
  return d::lookup_current(d::table_hash(hp::key(name).hash()));
};
// No memo: what a read must do then, validate and hash the text, then probe.
const auto without_key_memo = [](const std::string& name, std::uint64_t) -> const d::entry* {
  if (d::check_key(name).reason != nullptr) return nullptr;
  return d::lookup_current(d::table_hash(hp::xxh64(name, d::key_seed)));
};
BENCHMARK_CAPTURE(BM_cache_read, key_memo, set_key, with_key_memo);
BENCHMARK_CAPTURE(BM_cache_read, key_memo_hash_only, set_key, with_hash_memo_only);
BENCHMARK_CAPTURE(BM_cache_read, key_memo_none, set_key, without_key_memo);
BENCHMARK_CAPTURE(BM_cache_read, key_memo_miss, unset_key, with_key_memo);
BENCHMARK_CAPTURE(BM_cache_read, key_memo_hash_only_miss, unset_key, with_hash_memo_only);

// The thread-local copy of the overlay's probe (then the base on a miss)
// against the same lookup through the current context object.
const auto through_overlay_copy = [](const std::string&, std::uint64_t hash) { return d::lookup_current(hash); };
const auto through_context = [](const std::string&, std::uint64_t hash) { return d::current_context->lookup(hash); };
BENCHMARK_CAPTURE(BM_cache_read, overlay_copy_hit, set_key, through_overlay_copy);
BENCHMARK_CAPTURE(BM_cache_read, overlay_context_hit, set_key, through_context);
BENCHMARK_CAPTURE(BM_cache_read, overlay_copy_miss, unset_key, through_overlay_copy);
BENCHMARK_CAPTURE(BM_cache_read, overlay_context_miss, unset_key, through_context);

// The resolver memo. Nothing outside the library bypasses it, but a wrapper
// wider than resolver_memo::widest looks every parameter up on every call: a
// wrapper of 8 int parameters (remembered) against one of 9 (looked up), each
// less the direct call of the same function, compared per parameter.
HP_BENCH_OPAQUE int sum8(int a, int b, int c, int d, int e, int f, int g, int h) {
  return a + b + c + d + e + f + g + h;
}
HP_BENCH_OPAQUE int sum9(int a, int b, int c, int d, int e, int f, int g, int h, int i) {
  return a + b + c + d + e + f + g + h + i;
}
static_assert(d::resolver_memo::widest == 8, "the 8-parameter wrapper must be the widest remembered");

constexpr const char* param_names[] = {"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"};

template <class F, std::size_t... I>
auto wrapper(const char* prefix, F fn, std::index_sequence<I...>) {
  return hp::auto_param(prefix, fn, hp::arg(param_names[I], 0)...);
}

template <std::size_t... I, class Call>
void call_loop(benchmark::State& state, const char* prefix, std::index_sequence<I...>, Call call) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::params p;
  for (const char* name : param_names) p.set(std::string(prefix) + "." + name, 1);
  hp::with_scope inner(p);
  int v[] = {0, static_cast<int>(I + 1)...};  // v[0]: never empty
  benchmark::DoNotOptimize(v);
  for (auto _ : state) {
    int r = call(v[I + 1]...);
    benchmark::DoNotOptimize(r);
  }
}

void BM_cache_resolver_8(benchmark::State& state) {
  static const auto fn = wrapper("bench.cache8", sum8, std::make_index_sequence<8>{});
  call_loop(state, "bench.cache8", std::index_sequence<>{}, [&] { return fn(); });
}
void BM_cache_resolver_9(benchmark::State& state) {
  static const auto fn = wrapper("bench.cache9", sum9, std::make_index_sequence<9>{});
  call_loop(state, "bench.cache9", std::index_sequence<>{}, [&] { return fn(); });
}
void BM_cache_direct_8(benchmark::State& state) {
  call_loop(state, "bench.cache8", std::make_index_sequence<8>{}, [](auto... v) { return sum8(v...); });
}
void BM_cache_direct_9(benchmark::State& state) {
  call_loop(state, "bench.cache9", std::make_index_sequence<9>{}, [](auto... v) { return sum9(v...); });
}
BENCHMARK(BM_cache_resolver_8);
BENCHMARK(BM_cache_resolver_9);
BENCHMARK(BM_cache_direct_8);
BENCHMARK(BM_cache_direct_9);

// What the caches' thread-local storage costs a thread. glibc zeroes the
// executable's whole TLS block at every thread start, whether the thread
// uses hp or not; a thread's first read then sets up its scope stack. A
// thread started and joined that makes one hp read against one that reads a
// plain thread_local, in the process's CPU time (the work is on the new
// thread; the machine's other load does not count), and the zeroing of the
// caches' bytes on its own.
thread_local int plain_local = 1;

void BM_cache_thread_start(benchmark::State& state, bool reads_hp) {
  for (auto _ : state) {
    std::thread t([reads_hp] {
      int v = reads_hp ? hp::get(set_key, 0) : plain_local;
      benchmark::DoNotOptimize(v);
    });
    t.join();
  }
}
BENCHMARK_CAPTURE(BM_cache_thread_start, plain_thread_local, false)->MeasureProcessCPUTime();
BENCHMARK_CAPTURE(BM_cache_thread_start, one_hp_read, true)->MeasureProcessCPUTime();

constexpr std::size_t key_memo_bytes = sizeof(d::runtime_keys) + sizeof(d::runtime_found);
constexpr std::size_t resolver_memo_bytes = sizeof(d::resolved_entries);
constexpr std::size_t overlay_bytes = sizeof(d::current_overlay);

void BM_cache_tls_zeroing(benchmark::State& state) {
  static unsigned char block[key_memo_bytes + resolver_memo_bytes + overlay_bytes];
  for (auto _ : state) {
    benchmark::DoNotOptimize(block);
    std::memset(block, 0, sizeof block);
    benchmark::ClobberMemory();
  }
  state.counters["key_memo_B"] = static_cast<double>(key_memo_bytes);
  state.counters["resolver_memo_B"] = static_cast<double>(resolver_memo_bytes);
  state.counters["overlay_B"] = static_cast<double>(overlay_bytes);
}
BENCHMARK(BM_cache_tls_zeroing);

}  // namespace
