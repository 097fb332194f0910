// A small program for the sweep tests that run real processes: it prints
// what it reads, on its own thread and on a thread it starts, and fails
// when probe.x equals probe.fail; it sleeps probe.sleep_ms first.
#include <hyperparameter/hp.hpp>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {
const auto x = hp::declare("probe.x", 0).help("an integer axis");
const auto name = hp::declare("probe.name", std::string("a")).help("a text axis");
const auto layers = hp::declare("probe.layers", std::vector<int>{8}).help("a list axis");
const auto fail = hp::declare("probe.fail", -1).help("the probe.x whose trial exits with status 1");
const auto sleep_ms = hp::declare("probe.sleep_ms", 0).help("how long each trial sleeps first");
}  // namespace

int main(int argc, char** argv) {
  return hp::run(argc, argv, []() -> int {
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms()));
    int seen_by_thread = -1;
    std::thread([&] { seen_by_thread = hp::get("probe.x", -1); }).join();
    std::cout << "x=" << x() << " name=" << name() << " layers=" << layers().size()
              << " thread_x=" << seen_by_thread << std::endl;
    return x() == fail() ? 1 : 0;
  });
}
