// hp_bench_runtime: reads in runtime mode (hyperparameter::runtime owns the
// state) against a thread_local read in the same process, from the program
// (initial-exec TLS) and from a shared library (__tls_get_addr). Compare its
// ratios with hp_bench's row 1 (header-only reads against the same baseline).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <hyperparameter/hp.hpp>

extern "C" void hp_bench_plugin_reads(long n);

namespace {

using namespace hp::literals;
constexpr hp::key hot = "bench.hot"_hp;
constexpr long batch = 1000;
thread_local int thread_value = 7;

// Every benchmark reads in batches of 1000 inside a function that is not inlined, as the library's does.
[[gnu::noinline]] void thread_local_reads(long n) {
  for (long i = 0; i < n; ++i) {
    int v = thread_value;
    benchmark::DoNotOptimize(v);
  }
}

[[gnu::noinline]] void program_reads(long n) {
  for (long i = 0; i < n; ++i) {
    int v = hp::get(hot, 0);
    benchmark::DoNotOptimize(v);
  }
}

void BM_thread_local_read(benchmark::State& state) {
  while (state.KeepRunningBatch(batch)) thread_local_reads(batch);
}
BENCHMARK(BM_thread_local_read);

void BM_runtime_read_in_program(benchmark::State& state) {
  hp::with_scope scope{{"bench.hot", 7}};
  while (state.KeepRunningBatch(batch)) program_reads(batch);
}
BENCHMARK(BM_runtime_read_in_program);

void BM_runtime_read_in_library(benchmark::State& state) {
  hp::with_scope scope{{"bench.hot", 7}};
  while (state.KeepRunningBatch(batch)) hp_bench_plugin_reads(batch);
}
BENCHMARK(BM_runtime_read_in_library);

// Keeps the median CPU time per read of each benchmark.
class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs)
      if (!run.error_occurred && run.run_type == Run::RT_Iteration)
        times_[run.benchmark_name()].push_back(run.GetAdjustedCPUTime());
    benchmark::ConsoleReporter::ReportRuns(runs);
  }
  [[nodiscard]] double median(const std::string& name) const {
    auto it = times_.find(name);
    if (it == times_.end() || it->second.empty()) return 0;
    std::vector<double> t = it->second;
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
  }

 private:
  std::map<std::string, std::vector<double>> times_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double base = reporter.median("BM_thread_local_read");
  if (base <= 0) return 0;
  std::printf("\nruntime read in the program vs thread_local read: %.2fx\n",
              reporter.median("BM_runtime_read_in_program") / base);
  std::printf("runtime read in a shared library vs thread_local read: %.2fx\n",
              reporter.median("BM_runtime_read_in_library") / base);
  std::printf("(hp_bench row 1 gives header-only reads against the same baseline)\n");
  return 0;
}
