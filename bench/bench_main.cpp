// hp_bench: runs every benchmark, then prints the performance goals as measured ratios.
//
//   hp_bench [Google Benchmark flags] [--hp_strict]
//
// Exits 0 whatever the ratios (CI only proves it runs); --hp_strict exits 1
// when a goal is missed.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "goals.hpp"

namespace {

// The console output as usual, plus every run kept for the goal table.
class collecting_reporter : public benchmark::ConsoleReporter {
 public:
  using benchmark::ConsoleReporter::ConsoleReporter;

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) keep(run);
    benchmark::ConsoleReporter::ReportRuns(runs);
  }

  [[nodiscard]] const hp_bench::results& results() const noexcept {
    return saw_iterations_ ? iterations_ : medians_;
  }

 private:
  void keep(const Run& run) {
    if (run.error_occurred) return;
    // Repetitions come as iterations (summarised by our own median); with
    // --benchmark_report_aggregates_only only the aggregates come, so take theirs.
    if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") return;
    const double to_ns = 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
    hp_bench::measurement m;
    m.real_ns = run.GetAdjustedRealTime() * to_ns;
    m.cpu_ns = run.GetAdjustedCPUTime() * to_ns;
    for (const auto& [name, counter] : run.counters) m.counters[name] = counter.value;
    std::string name = run.run_name.function_name;
    if (!run.run_name.args.empty()) name += "/" + run.run_name.args;
    if (run.run_type == Run::RT_Aggregate) {
      medians_.add(name, run.threads, std::move(m));
    } else {
      iterations_.add(name, run.threads, std::move(m));
      saw_iterations_ = true;
    }
  }

  hp_bench::results iterations_;
  hp_bench::results medians_;
  bool saw_iterations_ = false;
};

// Removes `flag` from argv; true when it was there.
bool take_flag(int& argc, char** argv, const char* flag) {
  bool found = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], flag) == 0) found = true;
    else argv[kept++] = argv[i];
  }
  argc = kept;
  argv[argc] = nullptr;
  return found;
}

// Other builds may share the machine: the load average says how quiet it was.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  if (!(in >> one >> five >> fifteen)) return "unknown";
  return one + " " + five + " " + fifteen;
}

}  // namespace

int main(int argc, char** argv) {
  const bool strict = take_flag(argc, argv, "--hp_strict");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const std::string load_before = load_average();
  collecting_reporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                                     : benchmark::ConsoleReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  const int misses = hp_bench::report_goals(reporter.results(), std::cout);
  std::cout << "load average before: " << load_before << ", after: " << load_average() << " ("
            << sysconf(_SC_NPROCESSORS_ONLN) << " CPUs online)\n";
  return strict && misses > 0 ? 1 : 0;
}
