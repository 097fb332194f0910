// A sweep's own cost per trial, as hp::run --sweep pays it around the
// program: the trial's -D layer and full parameters built from the grid, its
// config and -D scopes pushed, the trial made the base of new threads, the
// operative configuration reset and read, the trial's line printed and its
// record written to the sweep directory (a real file, renamed into place).
#include <filesystem>
#include <iostream>
#include <random>
#include <streambuf>
#include <string>
#include <vector>

#include <hyperparameter/cli/sweep.hpp>
#include <hyperparameter/sweep.hpp>

#include "bench_support.hpp"

namespace {

// Swallows what the trials print, so the benchmark's own output stays readable.
class null_buffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

void BM_sweep_trial_overhead(benchmark::State& state) {
  std::random_device random;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("hp-bench-sweep-" + std::to_string(random()));
  const std::string dir_text = dir.string();
  // The README's sparse_lr sweep: two penalties times three values of C.
  const std::vector<std::string> words{"bench",  "--sweep", "-D", "bench.sweep.penalty=l1,l2",
                                       "-D",     "bench.sweep.C=0.01,0.1,1", "--sweep-dir", dir_text};
  std::vector<const char*> argv;
  for (const std::string& w : words) argv.push_back(w.c_str());
  const int argc = static_cast<int>(argv.size());
  const hp::detail::scanned_command_line scanned = hp::detail::scan_command_line(argc, argv.data(), true);
  const hp::detail::loaded_command_line loaded = hp::detail::load_command_line(scanned, false);
  const hp::detail::sweep_plan plan = hp::detail::plan_sweep(argc, argv.data(), scanned, loaded);
  hp::detail::create_sweep_dir(plan.dir);

  // What hp::run does around the program for each trial (the program itself does nothing here).
  auto run_trial = [&](std::size_t, const hp::params& defines) {
    const hp::with_scope config_scope(loaded.config);
    const hp::with_scope define_scope(defines);
    const hp::detail::base_of_new_threads threads_read_this_trial;
    return 0;
  };
  null_buffer null;
  std::streambuf* const out = std::cout.rdbuf(&null);
  std::size_t i = 0;
  std::error_code ignored;
  for (auto _ : state) {
    const bool ok = hp::detail::run_trial_in_process(plan, i, "bench", run_trial);
    benchmark::DoNotOptimize(ok);
    // A sweep writes each trial's record once, into a directory it cleared
    // before the first trial: the record goes, untimed, so that the next
    // write of it makes a new file as a sweep's does, rather than replacing
    // (and deleting) an old one.
    state.PauseTiming();
    std::filesystem::remove(hp::detail::record_path(dir_text, i), ignored);
    state.ResumeTiming();
    i = (i + 1) % plan.trials.size();
  }
  std::cout.rdbuf(out);
  std::filesystem::remove_all(dir, ignored);
}
BENCHMARK(BM_sweep_trial_overhead)->Unit(benchmark::kMicrosecond);

// hp::sweep alone: the trial's parameters and its scope, no process, no record.
void BM_sweep_in_process(benchmark::State& state) {
  hp::grid g;
  g.add("bench.sweep.penalty", {"l1", "l2"}).add("bench.sweep.C", {0.01, 0.1, 1.0});
  for (auto _ : state) {
    const hp::sweep_result r = hp::sweep(g, [] { return hp::get("bench.sweep.C", 0.0) > 0 ? 0 : 1; });
    benchmark::DoNotOptimize(r.trials.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.size()));
}
BENCHMARK(BM_sweep_in_process)->Unit(benchmark::kMicrosecond);

}  // namespace
