// hp::run and OpenMP: every thread of a parallel region inside the run
// reads the command line. Built with -fopenmp where OpenMP is found.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

#include <omp.h>

#include <string>
#include <vector>

#include "../cli_test_support.hpp"

using hp_test::args;
using hp_test::run_result;
using hp_test::run_with;

namespace {
const auto eps = hp::declare("bn.eps", 1e-05);
}  // namespace

TEST_CASE("run: every thread of an OpenMP region reads -D", "[run][openmp]") {
  const hp_test::temp_dir dir;
  const std::string used = dir.path("used.yaml");
  std::vector<double> seen;
  const run_result r = run_with(args{"-D", "bn.eps=0.1", "--operative-config", used}, [&] {
    seen.assign(4, 0.0);
#pragma omp parallel num_threads(4)
    seen[static_cast<std::size_t>(omp_get_thread_num())] = eps();
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(seen == std::vector<double>(4, 0.1));
  // Every thread read the same value: the record shows it, and nothing else.
  CHECK(hp_test::read_file(used) == "# parameters prog read\nbn:\n  eps: 0.1  # -D argv[2]\n");
}

TEST_CASE("run: OpenMP workers that used hp before a run get its view through a frame", "[run][openmp]") {
  // OpenMP keeps its workers between regions. Once they have used hp they keep the base they
  // took (here: the view of whichever run came first, or the default), so a second run hands
  // its view to the region explicitly.
#pragma omp parallel num_threads(4)
  (void)eps();

  std::vector<double> seen(4, 0.0);
  const run_result r = run_with(args{"-D", "bn.eps=0.2"}, [&] {
    const hp::frame view = hp::current();
#pragma omp parallel num_threads(4)
    {
      hp::with_scope scope(view);
      seen[static_cast<std::size_t>(omp_get_thread_num())] = eps();
    }
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(seen == std::vector<double>(4, 0.2));
}
