// Shared helpers of the hp_bench benchmarks.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <hyperparameter/hp.hpp>

#include "alloc_counter.hpp"

// The function both the direct call and the auto_param benchmarks call: kept
// out of line (and, with GCC, out of interprocedural analysis) so neither
// variant can fold it into the loop.
#if defined(__clang__)
#define HP_BENCH_OPAQUE [[gnu::noinline]]
#else
#define HP_BENCH_OPAQUE [[gnu::noipa]]
#endif

namespace hp_bench {

// n integer parameters "<prefix>.0" ... "<prefix>.<n-1>", valued 0 ... n-1.
inline hp::params numbered_params(std::size_t n, std::string_view prefix = "bench.p") {
  hp::params p;
  for (std::size_t i = 0; i < n; ++i) p.set(std::string(prefix) + "." + std::to_string(i), static_cast<int>(i));
  return p;
}

// Scopes opened one inside the other, closed innermost first as guards must be.
class scope_tower {
 public:
  scope_tower() = default;
  scope_tower(const scope_tower&) = delete;
  scope_tower& operator=(const scope_tower&) = delete;
  ~scope_tower() {
    while (!scopes_.empty()) scopes_.pop_back();
  }

  void open(const hp::params& p) { scopes_.push_back(std::make_unique<hp::with_scope>(p)); }

 private:
  std::vector<std::unique_ptr<hp::with_scope>> scopes_;
};

// Counts this thread's heap allocations between its construction and
// report(): construct it just before the timed loop, report just after.
class allocation_window {
 public:
  allocation_window() noexcept : start_(allocations_on_this_thread()) {}

  void report(benchmark::State& state) const {
    if (!allocations_counted()) return;
    const double made = static_cast<double>(allocations_on_this_thread() - start_);
    state.counters["allocs/iter"] = made / static_cast<double>(state.iterations());
  }

 private:
  std::uint64_t start_;
};

HP_BENCH_OPAQUE int sum4(int a, int b, int c, int d);
// Mixed parameter types; `c` is short enough for the small-string buffer.
HP_BENCH_OPAQUE int mixed4(int x, int a, double b, std::string c);

}  // namespace hp_bench
