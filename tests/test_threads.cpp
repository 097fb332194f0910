// Threads: private stacks, the frozen base, frames and bind across threads.
// Run under ThreadSanitizer by the tsan preset.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace {
template <class Fn>
auto on_new_thread(Fn fn) {
  return std::async(std::launch::async, fn).get();
}

// Makes the empty frame the frozen base again when a test ends.
struct restore_empty_base {
  ~restore_empty_base() {
    hp::with_scope empty{hp::frame{}};
    hp::freeze();
  }
};
}  // namespace

TEST_CASE("threads never see each other's scopes", "[threads]") {
  hp::with_scope s{{"who", "main"}};
  CHECK_FALSE(on_new_thread([] { return hp::has("who"); }));
  CHECK(on_new_thread([] {
    hp::with_scope mine{{"who", "worker"}};
    return hp::get<std::string>("who");
  }) == "worker");
  CHECK(hp::get<std::string>("who") == "main");
}

TEST_CASE("freeze makes the current view the base of later threads", "[threads][freeze]") {
  restore_empty_base restore;
  hp::with_scope s{{"model.hidden", 256}};
  hp::freeze();
  CHECK(on_new_thread([] { return hp::get("model.hidden", 0); }) == 256);
  CHECK(on_new_thread([] {
    hp::with_scope local{{"model.hidden", 8}};
    return hp::get("model.hidden", 0);
  }) == 8);
  // A thread that started before a later freeze keeps its own base.
  std::promise<void> worker_read;
  std::promise<void> frozen_again;
  std::future<int> seen = std::async(std::launch::async, [&] {
    const int before = hp::get("model.hidden", 0);
    worker_read.set_value();
    frozen_again.get_future().wait();
    return before * 1000 + hp::get("model.hidden", 0);
  });
  // The worker has used hp (it then has its own stack) before the base changes.
  worker_read.get_future().wait();
  {
    hp::with_scope t{{"model.hidden", 512}};
    hp::freeze();
  }
  frozen_again.set_value();
  CHECK(seen.get() == 256 * 1000 + 256);
  CHECK(on_new_thread([] { return hp::get("model.hidden", 0); }) == 512);
}

TEST_CASE("bind runs a callable in the frame current at bind()", "[threads][bind]") {
  std::function<int(int)> task;
  {
    hp::with_scope s{{"batch", 32}};
    task = hp::bind([](int scale) { return hp::get<int>("batch") * scale; });
  }
  CHECK_FALSE(hp::has("batch"));
  CHECK(task(2) == 64);  // on this thread, after the scope closed
  CHECK(on_new_thread([&] { return task(3); }) == 96);
  const auto copy = task;
  CHECK(copy(1) == 32);
  CHECK_FALSE(hp::has("batch"));
}

TEST_CASE("many threads read one shared frame and push their own scopes", "[threads]") {
  hp::frame shared;
  {
    hp::with_scope s{{"lr", 0.5}, {"layers", 4}};
    shared = hp::current();
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        if (shared.get<int>("layers") != 4) ++failures;
        hp::with_scope again(shared);
        hp::with_scope mine{{"thread", t}, {"i", i}};
        if (hp::get<int>("thread") != t || hp::get<int>("i") != i || hp::get<double>("lr") != 0.5) ++failures;
        const hp::frame snapshot = hp::current();
        if (snapshot.size() != 4) ++failures;
      }
    });
  for (std::thread& w : workers) w.join();
  CHECK(failures == 0);
}

TEST_CASE("frames captured on one thread are read safely on others", "[threads][frame]") {
  hp::with_scope s{{"a", 1}};
  const hp::frame f = hp::current();
  std::vector<std::future<int>> results;
  for (int t = 0; t < 4; ++t)
    results.push_back(std::async(std::launch::async, [f] {
      int sum = 0;
      for (int i = 0; i < 200; ++i) sum += f.get<int>("a") + static_cast<int>(f.size());
      return sum;
    }));
  for (auto& r : results) CHECK(r.get() == 400);
}
