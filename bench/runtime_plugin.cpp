// The reads of hp_bench_runtime that run in a shared library: it links
// hyperparameter::runtime, so its reads reach thread-local storage owned by
// another shared object (through __tls_get_addr).
#include <benchmark/benchmark.h>

#include <hyperparameter/hp.hpp>

extern "C" __attribute__((visibility("default"))) void hp_bench_plugin_reads(long n) {
  using namespace hp::literals;
  constexpr hp::key hot = "bench.hot"_hp;
  for (long i = 0; i < n; ++i) {
    int v = hp::get(hot, 0);
    benchmark::DoNotOptimize(v);
  }
}
