// hp::run makes the command line the base of every thread the program
// starts: std::thread, std::async, a thread pool (OpenMP: tests/openmp).
// Run under ThreadSanitizer by the tsan preset.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "cli_test_support.hpp"

using hp_test::args;
using hp_test::run_result;
using hp_test::run_with;

namespace {

const auto eps = hp::declare("runthreads.eps", 1e-05);

// A minimal fixed-size pool: workers wait for tasks on a queue.
class pool {
 public:
  explicit pool(int workers) {
    for (int i = 0; i < workers; ++i)
      threads_.emplace_back([this] {
        while (true) {
          std::function<void()> task;
          {
            std::unique_lock<std::mutex> lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop();
          }
          task();
        }
      });
  }
  ~pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;

  template <class Fn>
  std::future<double> submit(Fn fn) {
    auto task = std::make_shared<std::packaged_task<double()>>(std::move(fn));
    std::future<double> result = task->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push([task] { (*task)(); });
    }
    ready_.notify_one();
    return result;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::queue<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

double on_new_thread() {
  double seen = 0;
  std::thread([&] { seen = eps(); }).join();
  return seen;
}

}  // namespace

TEST_CASE("run: threads started by fn read the command line", "[run][threads]") {
  std::vector<double> seen(4, 0.0);
  const run_result r = run_with(args{"-D", "runthreads.eps=0.1"}, [&] {
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < seen.size(); ++t) workers.emplace_back([&seen, t] { seen[t] = eps(); });
    for (std::thread& w : workers) w.join();
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(seen == std::vector<double>(4, 0.1));
  // The previous base is back: threads started after the run read the default.
  CHECK(on_new_thread() == 1e-05);
}

TEST_CASE("run: std::async tasks read the command line", "[run][threads]") {
  double async_seen = 0, deferred_seen = 0;
  const run_result r = run_with(args{"-D", "runthreads.eps=0.2"}, [&] {
    async_seen = std::async(std::launch::async, [] { return eps(); }).get();
    deferred_seen = std::async(std::launch::deferred, [] { return eps(); }).get();
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(async_seen == 0.2);
  CHECK(deferred_seen == 0.2);
}

TEST_CASE("run: a pool started by fn reads the command line", "[run][threads]") {
  std::vector<double> seen;
  const run_result r = run_with(args{"-D", "runthreads.eps=0.3"}, [&] {
    pool workers(3);
    std::vector<std::future<double>> results;
    for (int i = 0; i < 12; ++i) results.push_back(workers.submit([] { return eps(); }));
    for (std::future<double>& f : results) seen.push_back(f.get());
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(seen == std::vector<double>(12, 0.3));
}

TEST_CASE("run: a thread that used hp before the run keeps its base", "[run][threads]") {
  // Started and reading before hp::run: like hp::freeze(), the run does not reach into it.
  pool early(1);
  CHECK(early.submit([] { return eps(); }).get() == 1e-05);
  double early_seen = 0, late_seen = 0;
  const run_result r = run_with(args{"-D", "runthreads.eps=0.4"}, [&] {
    early_seen = early.submit([] { return eps(); }).get();
    // hp::bind carries the run's view to it.
    early_seen += 10 * early.submit(hp::bind([] { return eps(); })).get();
    late_seen = on_new_thread();
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(early_seen == Approx(1e-05 + 4.0));
  CHECK(late_seen == 0.4);
}

TEST_CASE("run: the run's layers are the base even below scopes fn opens", "[run][threads]") {
  double in_scope = 0, on_thread = 0;
  const run_result r = run_with(args{"-D", "runthreads.eps=0.5"}, [&] {
    hp::with_scope local{{"runthreads.eps", 0.75}};
    in_scope = eps();
    on_thread = on_new_thread();  // a new thread starts from the run's layers, not from fn's scopes
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(in_scope == 0.75);
  CHECK(on_thread == 0.5);
}

TEST_CASE("run: a pool started before the run, first used in it, follows the run's layers", "[run][threads]") {
  // A pool made at start-up (a BLAS or data-loader pool) that first reads parameters in fn.
  pool early(1);
  double in_run = 0;
  const run_result r = run_with(args{"-D", "runthreads.eps=0.6"}, [&] {
    in_run = early.submit([] { return eps(); }).get();
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(in_run == 0.6);
  // The run is over: its layers are gone for this worker too, as for new threads.
  CHECK(early.submit([] { return eps(); }).get() == 1e-05);
  CHECK(early.submit([] { return hp::has("runthreads.eps"); }).get() == false);
}

TEST_CASE("run: in an in-process sweep, a pool started before the run reads each trial's values",
          "[run][threads][sweep]") {
  pool early(2);
  std::vector<std::pair<double, double>> seen;  // (fn's thread, the pool) per trial
  const run_result r = run_with(args{"--sweep", "-D", "runthreads.eps=0.25,0.5,0.125"}, [&] {
    const double mine = eps();
    double theirs = early.submit([] { return eps(); }).get();
    // A task that opens a scope of its own starts from this trial's values too.
    theirs += 10 * early.submit([] {
                      hp::with_scope local{{"runthreads.other", 1}};
                      return eps();
                    }).get();
    seen.emplace_back(mine, theirs);
    return 0;
  });
  CHECK(r.code == 0);
  REQUIRE(seen.size() == 3);
  for (const auto& [mine, theirs] : seen) CHECK(theirs == Approx(11 * mine));
  CHECK(seen[0].first == 0.25);
  CHECK(seen[1].first == 0.5);
  CHECK(seen[2].first == 0.125);
  CHECK(early.submit([] { return eps(); }).get() == 1e-05);
}
