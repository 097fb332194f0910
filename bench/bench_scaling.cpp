// Costs that stay linear: each benchmark does N operations per iteration, at
// N and 10N; the goal rows compare the cost per operation.
#include "bench_support.hpp"

namespace {

// N scopes opened one inside the other, then closed.
void BM_scaling_nested_scopes(benchmark::State& state) {
  const hp::params one = hp_bench::numbered_params(1);
  for (auto _ : state) {
    hp_bench::scope_tower tower;
    for (std::int64_t i = 0; i < state.range(0); ++i) tower.open(one);
  }
}
BENCHMARK(BM_scaling_nested_scopes)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);

// N hp::set of distinct keys in one scope.
void BM_scaling_sets_in_one_scope(benchmark::State& state) {
  std::vector<std::string> keys;
  for (std::int64_t i = 0; i < state.range(0); ++i) keys.push_back("bench.set." + std::to_string(i));
  for (auto _ : state) {
    hp::with_scope s;
    for (const std::string& k : keys) hp::set(k, 1);
  }
}
BENCHMARK(BM_scaling_sets_in_one_scope)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);

// One scope of N "key=value" defines.
void BM_scaling_defines_scope(benchmark::State& state) {
  std::vector<std::string> defines;
  for (std::int64_t i = 0; i < state.range(0); ++i) defines.push_back("bench.d." + std::to_string(i) + "=1");
  for (auto _ : state) {
    hp::with_scope s(defines);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_scaling_defines_scope)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace
