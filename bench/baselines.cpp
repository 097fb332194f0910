// What hp's reads are compared with: a thread_local, gflags and abseil flags,
// standard maps, and a plain function call.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_support.hpp"

#if defined(HP_BENCH_HAVE_GFLAGS)
#include <gflags/gflags.h>
DEFINE_int32(hp_bench_gflag, 7, "a gflags flag read by BM_gflags_read");
#endif

#if defined(HP_BENCH_HAVE_ABSL)
#include <absl/flags/flag.h>
ABSL_FLAG(int, hp_bench_absl_flag, 7, "an abseil flag read by BM_absl_get_flag");
#endif

namespace hp_bench {

HP_BENCH_OPAQUE int sum4(int a, int b, int c, int d) { return a + b + c + d; }
HP_BENCH_OPAQUE int mixed4(int x, int a, double b, std::string c) {
  return x + a + static_cast<int>(b) + static_cast<int>(c.size());
}

}  // namespace hp_bench

namespace {

thread_local int thread_value = 7;

// Each read lands in a local that DoNotOptimize hands to an empty asm with a
// memory clobber, so every iteration really loads the variable again.
void BM_thread_local_read(benchmark::State& state) {
  for (auto _ : state) {
    int v = thread_value;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_thread_local_read);

// Per-thread cost with several threads: real time, compared per thread.
void BM_thread_local_threads(benchmark::State& state) {
  for (auto _ : state) {
    int v = thread_value;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_thread_local_threads)->Threads(1)->Threads(2)->UseRealTime();

#if defined(HP_BENCH_HAVE_GFLAGS)
void BM_gflags_read(benchmark::State& state) {
  for (auto _ : state) {
    int v = FLAGS_hp_bench_gflag;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_gflags_read);
#endif

#if defined(HP_BENCH_HAVE_ABSL)
void BM_absl_get_flag(benchmark::State& state) {
  for (auto _ : state) {
    int v = absl::GetFlag(FLAGS_hp_bench_absl_flag);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_absl_get_flag);
#endif

// The same eleven keys hp's runtime-key benchmark has in scope.
template <class Map>
Map eleven_keys() {
  Map m;
  for (int i = 0; i < 10; ++i) m.emplace("bench.p." + std::to_string(i), i);
  m.emplace("a.b.c", 7);
  return m;
}

void BM_unordered_map_find(benchmark::State& state) {
  const auto map = eleven_keys<std::unordered_map<std::string, int>>();
  const std::string key = "a.b.c";  // built once, as the goal says
  for (auto _ : state) {
    const auto it = map.find(key);
    int v = it == map.end() ? 0 : it->second;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_unordered_map_find);

// Each of the eleven keys in turn, each prebuilt: the linear scan of a map
// this small finds "a.b.c" (inserted last) first, the others further on.
void BM_unordered_map_find_each_key(benchmark::State& state) {
  const auto map = eleven_keys<std::unordered_map<std::string, int>>();
  std::vector<std::string> keys;
  for (const auto& kv : map) keys.push_back(kv.first);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto it = map.find(keys[next]);
    int v = it == map.end() ? 0 : it->second;
    benchmark::DoNotOptimize(v);
    next = next + 1 == keys.size() ? 0 : next + 1;
  }
}
BENCHMARK(BM_unordered_map_find_each_key);

// With 1,000 entries: past libstdc++'s small-size linear scan (at most 20
// entries for std::string keys), so find hashes the key as well.
void BM_unordered_map_find_1000(benchmark::State& state) {
  auto map = eleven_keys<std::unordered_map<std::string, int>>();
  for (int i = 10; i < 1000; ++i) map.emplace("bench.p." + std::to_string(i), i);
  const std::string key = "a.b.c";
  for (auto _ : state) {
    const auto it = map.find(key);
    int v = it == map.end() ? 0 : it->second;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_unordered_map_find_1000);

// The key as a call site usually has it: a const char*, made a std::string per call.
void BM_unordered_map_find_string_per_call(benchmark::State& state) {
  const auto map = eleven_keys<std::unordered_map<std::string, int>>();
  for (auto _ : state) {
    const char* name = "a.b.c";
    benchmark::DoNotOptimize(name);
    const auto it = map.find(std::string(name));
    int v = it == map.end() ? 0 : it->second;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_unordered_map_find_string_per_call);

void BM_std_map_find(benchmark::State& state) {
  const auto map = eleven_keys<std::map<std::string, int>>();
  const std::string key = "a.b.c";
  for (auto _ : state) {
    const auto it = map.find(key);
    int v = it == map.end() ? 0 : it->second;
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_std_map_find);

// The call auto_param makes, with the arguments it would have resolved
// already in variables (reloaded every iteration after DoNotOptimize's clobber).
void BM_direct_call(benchmark::State& state) {
  int a = 10, b = 20, c = 30, d = 40;
  benchmark::DoNotOptimize(a);
  benchmark::DoNotOptimize(b);
  benchmark::DoNotOptimize(c);
  benchmark::DoNotOptimize(d);
  for (auto _ : state) {
    int r = hp_bench::sum4(a, b, c, d);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_direct_call);

// The call a mixed-type auto_param makes, as a user writes it without one:
// f(x, a, b, std::string("s")), the string built per call (no allocation: it
// fits the small-string buffer).
void BM_direct_call_mixed(benchmark::State& state) {
  int x = 1, a = 10;
  double b = 2.5;
  benchmark::DoNotOptimize(x);
  benchmark::DoNotOptimize(a);
  benchmark::DoNotOptimize(b);
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    int r = hp_bench::mixed4(x, a, b, std::string("s"));
    benchmark::DoNotOptimize(r);
  }
  window.report(state);
}
BENCHMARK(BM_direct_call_mixed);

}  // namespace
