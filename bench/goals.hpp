// The performance goals of bench/, computed from one run of the benchmarks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace hp_bench {

// One benchmark's result, per iteration: times in nanoseconds as Google
// Benchmark reports them (for several threads: wall time over all threads'
// iterations, CPU time summed over threads), plus its user counters.
struct measurement {
  double real_ns = 0;
  double cpu_ns = 0;
  std::map<std::string, double> counters;
};

// Every result of a run, by name ("BM_hp_push_pop/10000") and thread count.
// Repetitions of a benchmark are kept and summarised by their median.
class results {
 public:
  void add(const std::string& name, std::int64_t threads, measurement m);
  [[nodiscard]] std::optional<measurement> find(const std::string& name, std::int64_t threads = 1) const;

 private:
  std::map<std::pair<std::string, std::int64_t>, std::vector<measurement>> runs_;
};

// Prints the goal table (then what each read cache buys) and returns how many goals were missed (a goal whose
// benchmarks did not run counts as neither met nor missed).
int report_goals(const results& r, std::ostream& out);

}  // namespace hp_bench
