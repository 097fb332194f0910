// The work of one sparse_lr trial (examples/sparse_lr): the yardstick for a
// sweep's own cost per trial. A trial is what the example's main does with
// the values of the trial, minus the printing: load and standardise the
// digits, fit, score. One row per trial of the README's 6-trial sweep.
#include <benchmark/benchmark.h>

#include <string>

#include "sparse_lr.hpp"

namespace {

void sparse_lr_trial(benchmark::State& state, const std::string& penalty, double C) {
  for (auto _ : state) {
    try {
      const sparse_lr::problem digits = sparse_lr::load_digits(sparse_lr::default_data_path);
      const sparse_lr::model m = sparse_lr::fit(digits, 1.0, penalty, C, 1e-6, 2000);
      double scores[] = {sparse_lr::accuracy(digits, m), sparse_lr::sparsity(m)};
      benchmark::DoNotOptimize(scores);
    } catch (const hp::error& e) {
      state.SkipWithError(e.what());
      break;
    }
  }
}

// Registered by hand for readable names: BM_sparse_lr_trial/l1/C:0.01.
const bool registered = [] {
  for (const char* penalty : {"l1", "l2"})
    for (const char* C : {"1", "0.1", "0.01"})
      benchmark::RegisterBenchmark((std::string("BM_sparse_lr_trial/") + penalty + "/C:" + C).c_str(),
                                   sparse_lr_trial, std::string(penalty), std::stod(C))
          ->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace
