// Threads: each thread has its own scopes. hp::bind carries a frame into a
// worker; hp::freeze sets the base that later threads start from.
#include <hyperparameter/hp.hpp>

#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main() {
  std::mutex print;
  const auto report = [&](const std::string& who) {
    std::lock_guard<std::mutex> lock(print);
    std::cout << who << ": lr=" << hp::get("lr", 0.0) << " batch=" << hp::get("batch", 0) << "\n";
  };

  hp::with_scope config{{"lr", 0.1}, {"batch", 32}};

  // A plain thread does not see main's scopes.
  std::thread plain([&] { report("plain thread"); });
  plain.join();

  // hp::bind captures the current frame; the task runs inside it on any thread.
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i) {
    auto task = hp::bind([&, i] {
      hp::with_scope own{{"batch", 32 * (i + 1)}};  // a worker's own override
      report("worker " + std::to_string(i));
    });
    workers.emplace_back(task);
  }
  for (std::thread& w : workers) w.join();

  // hp::freeze makes the current view the base of threads started later.
  hp::freeze();
  std::thread later([&] { report("thread after freeze"); });
  later.join();
}
