// Reliability: costs that stay linear at any depth and misuse that must not
// corrupt memory.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <pthread.h>

#include <cstddef>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// Runs `fn` on a thread with a small stack (256 KiB) and returns whether it finished.
template <class Fn>
bool on_small_stack(Fn fn) {
  struct call {
    Fn fn;
    static void* run(void* self) {
      static_cast<call*>(self)->fn();
      return nullptr;
    }
  } c{std::move(fn)};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_t thread;
  const bool started = pthread_create(&thread, &attr, &call::run, &c) == 0;
  pthread_attr_destroy(&attr);
  return started && pthread_join(thread, nullptr) == 0;
}

// Opens `depth` nested one-entry scopes and returns the view at the innermost.
hp::frame deep_frame(std::size_t depth) {
  std::vector<std::unique_ptr<hp::with_scope>> scopes;
  scopes.reserve(depth);
  for (std::size_t i = 0; i < depth; ++i)
    scopes.push_back(std::make_unique<hp::with_scope>(
        std::initializer_list<std::pair<std::string, hp::value>>{{"level", static_cast<std::int64_t>(i)}}));
  hp::frame innermost = hp::current();
  while (!scopes.empty()) scopes.pop_back();  // innermost first
  return innermost;
}

}  // namespace

TEST_CASE("a frame of any depth is dropped with constant stack", "[reliability][scopes]") {
  std::int64_t seen = -1;
  CHECK(on_small_stack([&] {
    hp::frame f = deep_frame(100000);
    seen = f.get<std::int64_t>("level");
    f = hp::frame{};  // the only reference to 100,000 nodes
  }));
  CHECK(seen == 99999);
  // A chain shared with a live frame stays intact when another reference goes.
  hp::frame keep = deep_frame(1000);
  {
    hp::frame copy = keep;
  }
  CHECK(keep.get<int>("level") == 999);
}

TEST_CASE("many hp::set in one scope keep every value and undo them all", "[reliability][scopes]") {
  hp::with_scope outer{{"k0", -1}, {"untouched", 7}};
  std::vector<hp::frame> snapshots;
  {
    hp::with_scope s;
    for (int i = 0; i < 3000; ++i) {
      hp::set("k" + std::to_string(i % 1000), i);
      if (i % 997 == 0) snapshots.push_back(hp::current());
    }
    for (int i = 0; i < 1000; ++i) CHECK(hp::get<int>("k" + std::to_string(i)) == 2000 + i);
    CHECK(hp::current().size() == 1001);
    CHECK(s.get<int>("k5") == 2005);
  }
  // Closing the scope undid 3000 sets of 1000 keys.
  CHECK(hp::get<int>("k0") == -1);
  CHECK_FALSE(hp::has("k1"));
  CHECK(hp::get<int>("untouched") == 7);
  // Snapshots taken on the way keep what they saw.
  REQUIRE(snapshots.size() == 4);
  CHECK(snapshots[0].get<int>("k0") == 0);
  CHECK_FALSE(snapshots[0].has("k1"));
  CHECK(snapshots[1].get<int>("k997") == 997);
  CHECK(snapshots[1].get<int>("k0") == 0);
  CHECK_FALSE(snapshots[1].has("k998"));
  CHECK(snapshots[3].get<int>("k991") == 2991);
  CHECK(snapshots[3].get<int>("k992") == 1992);
}

TEST_CASE("hp::set in the base level of a thread is linear and readable", "[reliability][scopes]") {
  std::async(std::launch::async, [] {
    for (int i = 0; i < 5000; ++i) hp::set("n" + std::to_string(i % 100), i);
    CHECK(hp::get<int>("n0") == 4900);
    CHECK(hp::get<int>("n99") == 4999);
    CHECK(hp::current().size() == 100);
  }).get();
}

TEST_CASE("a scope of many defines keeps one entry per key, first position, last value",
          "[reliability][scopes]") {
  std::vector<std::string> defines;
  for (int i = 0; i < 20000; ++i) defines.push_back("d" + std::to_string(i % 5000) + "=" + std::to_string(i));
  hp::with_scope s(defines);
  CHECK(hp::current().size() == 5000);
  CHECK(hp::get<int>("d0") == 15000);
  CHECK(hp::current().source("d0") == "define 'd0=15000'");
  CHECK(hp::detail::access::entries(hp::current()).front()->name() == "d0");
  hp::with_scope p{{"x", 1}, {"y", 2}, {"x", 3}};
  CHECK(hp::get<int>("x") == 3);
  CHECK(hp::detail::access::entries(hp::current()).size() == 5002);
}

TEST_CASE("a guard read from another thread is refused, not raced", "[reliability][threads]") {
  hp::with_scope s{{"a", 1}};
  const hp::with_scope& guard = s;
  auto read = std::async(std::launch::async, [&guard] { return guard.get<int>("a"); });
  CHECK_THROWS_WITH(read.get(), Catch::Contains("read on a thread other than the one that opened it"));
  auto snap = std::async(std::launch::async, [&guard] { return guard.snapshot(); });
  CHECK_THROWS_AS(snap.get(), hp::error);
  // Its own thread still reads it, and its snapshot travels.
  CHECK(s.get<int>("a") == 1);
  hp::frame f = s.snapshot();
  CHECK(std::async(std::launch::async, [f] { return f.get<int>("a"); }).get() == 1);
}
