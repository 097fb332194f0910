// Writes and calls: pushing and popping scopes, auto_param.
#include "bench_support.hpp"

namespace {

// Row 6 (and the allocation count per push + pop): a one-entry scope opened
// and closed over a scope of n parameters.
void BM_hp_push_pop(benchmark::State& state) {
  hp::with_scope base(hp_bench::numbered_params(static_cast<std::size_t>(state.range(0))));
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    hp::with_scope s{{"k", 1}};
    benchmark::ClobberMemory();
  }
  window.report(state);
}
BENCHMARK(BM_hp_push_pop)->Arg(10)->Arg(10000);

const auto& summed() {
  static const auto fn = hp::auto_param("bench.sum", hp_bench::sum4, hp::arg("a", 1), hp::arg("b", 2),
                                        hp::arg("c", 3), hp::arg("d", 4));
  return fn;
}

// Row 7: sum4 with its four arguments resolved from the current scope.
void BM_hp_auto_param_call(benchmark::State& state) {
  const auto& fn = summed();
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"bench.sum.a", 10}, {"bench.sum.b", 20}, {"bench.sum.c", 30}, {"bench.sum.d", 40}};
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    int r = fn();
    benchmark::DoNotOptimize(r);
  }
  window.report(state);
}
BENCHMARK(BM_hp_auto_param_call);

const auto& mixed() {
  static const auto fn =
      hp::auto_param("bench.mixed", hp_bench::mixed4, hp::arg("a", 1), hp::arg("b", 0.5), hp::arg("c", "d"));
  return fn;
}

// Row 7, mixed types: f(x, a, b, c) with a (int), b (double) and c
// (std::string, short) from the current scope, x given by the caller.
void BM_hp_auto_param_mixed(benchmark::State& state) {
  const auto& fn = mixed();
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"bench.mixed.a", 10}, {"bench.mixed.b", 2.5}, {"bench.mixed.c", "s"}};
  int x = 1;
  benchmark::DoNotOptimize(x);
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    int r = fn(x);
    benchmark::DoNotOptimize(r);
  }
  window.report(state);
}
BENCHMARK(BM_hp_auto_param_mixed);

// The same call when no scope sets them: all four inline defaults.
void BM_hp_auto_param_defaults(benchmark::State& state) {
  const auto& fn = summed();
  hp::with_scope outer(hp_bench::numbered_params(10));
  for (auto _ : state) {
    int r = fn();
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_hp_auto_param_defaults);

}  // namespace
