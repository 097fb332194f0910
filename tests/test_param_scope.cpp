// Scopes: with_scope in all its forms, get/find/has/set, frames, defines.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#if defined(__unix__)
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#endif

#include "scope_test_support.hpp"

using hp_test::clean_view;

TEST_CASE("nested scopes override and roll back", "[scope]") {
  clean_view clean;
  hp::with_scope outer{{"a", 1}};
  CHECK(hp::get<int>("a") == 1);
  {
    hp::with_scope inner{{"a", 2}};
    CHECK(hp::get<int>("a") == 2);
  }
  CHECK(hp::get<int>("a") == 1);
}

TEST_CASE("get, find and has", "[scope]") {
  clean_view clean;
  hp::with_scope s{{"lr", 0.1}, {"name", "resnet"}, {"flag", true}};
  CHECK(hp::get<double>("lr") == 0.1);
  CHECK(hp::get("lr", 1.0) == 0.1);
  CHECK(hp::get("missing", 7) == 7);
  CHECK(hp::get("name", "fallback") == "resnet");
  CHECK(hp::get("missing", "fallback") == std::string("fallback"));
  static_assert(std::is_same_v<decltype(hp::get("x", "y")), std::string>);
  CHECK(hp::find<std::string>("name") == "resnet");
  CHECK_FALSE(hp::find<int>("missing").has_value());
  CHECK_THROWS_AS(hp::find<int>("name"), hp::conversion_error);
  CHECK(hp::has("flag"));
  CHECK_FALSE(hp::has("missing"));
  CHECK_THROWS_AS(hp::get<int>("missing"), hp::missing_parameter);
  CHECK_THROWS_WITH(hp::get<int>("missing"), "hp::missing_parameter: key 'missing' is not set");
}

TEST_CASE("a present but unconvertible value throws, never falls back", "[scope]") {
  clean_view clean;
  const int line = __LINE__ + 1;
  hp::with_scope s{{"dnn.layers", "four"}};
  CHECK_THROWS_AS(hp::get("dnn.layers", 3), hp::conversion_error);
  CHECK_THROWS_WITH(hp::get("dnn.layers", 3), "hp::conversion_error: key 'dnn.layers' = \"four\" is not a valid int (from "
                                              "test_param_scope.cpp:" + std::to_string(line) +
                                                  "): not a whole decimal integer");
}

TEST_CASE("defines: split at the first '=', key trimmed, value verbatim text", "[scope][define]") {
  clean_view clean;
  hp::with_scope s(" dnn.layers =4", "empty=", "eq=a=b", "flag", "spaced= x ");
  CHECK(hp::get<int>("dnn.layers") == 4);
  CHECK(hp::get<std::string>("dnn.layers") == "4");
  CHECK(hp::get<std::string>("empty").empty());
  CHECK(hp::get<std::string>("eq") == "a=b");
  CHECK(hp::get<bool>("flag"));
  CHECK(hp::get<std::string>("spaced") == " x ");

  const auto [name, v] = hp::parse_define("a.b=c");
  CHECK(name == "a.b");
  CHECK(v == hp::value("c"));
  CHECK(hp::parse_define("bare").second == hp::value(true));
  CHECK_THROWS_AS(hp::parse_define("=3"), hp::parse_error);
  CHECK_THROWS_WITH(hp::parse_define("=3"), "hp::parse_error: define '=3': missing key before '='");
  CHECK_THROWS_AS(hp::parse_define(""), hp::parse_error);
  CHECK_THROWS_AS(hp::parse_define("a b=3"), hp::invalid_key);
}

TEST_CASE("defines from a vector, e.g. argv", "[scope][define]") {
  clean_view clean;
  const std::vector<std::string> defines{"a=1", "b=x", "a=2"};
  hp::with_scope s(defines);
  CHECK(hp::get<int>("a") == 2);  // later defines win
  CHECK(hp::get<std::string>("b") == "x");
  CHECK(s.source("b") == "define 'b=x'");
}

TEST_CASE("a scope built from hp::params keeps sources", "[scope]") {
  clean_view clean;
  hp::params p;
  p.set("model.hidden", 64, "config.yaml:3").set("model.name", "mlp");
  hp::with_scope s(p);
  CHECK(hp::get<int>("model.hidden") == 64);
  CHECK(hp::current().source("model.hidden") == "config.yaml:3");
  CHECK(hp::current().source("model.name") == "code");
}

TEST_CASE("a failing constructor leaves nothing pushed", "[scope]") {
  clean_view clean;
  hp::with_scope s{{"a", 1}};
  const std::size_t before = hp::current().size();
  CHECK_THROWS_AS((hp::with_scope{{"b", 2}, {"bad key", 3}}), hp::invalid_key);
  CHECK_THROWS_AS(hp::with_scope("c=1", "=oops"), hp::parse_error);
  CHECK_FALSE(hp::has("b"));
  CHECK_FALSE(hp::has("c"));
  CHECK(hp::current().size() == before);
  // The stack still works normally afterwards.
  {
    hp::with_scope t{{"a", 5}};
    CHECK(hp::get<int>("a") == 5);
  }
  CHECK(hp::get<int>("a") == 1);
}

TEST_CASE("hp::set writes into the innermost scope and is undone with it", "[scope][set]") {
  clean_view clean;
  hp::with_scope outer{{"a", 1}};
  {
    hp::with_scope inner;
    hp::set("a", 2);
    hp::set("b", "x");
    hp::set("a", 3);
    CHECK(hp::get<int>("a") == 3);
    CHECK(inner.get<int>("a") == 3);
    CHECK(hp::get<std::string>("b") == "x");
    CHECK(outer.get<int>("a") == 1);
  }
  CHECK(hp::get<int>("a") == 1);
  CHECK_FALSE(hp::has("b"));
  hp::set("c", 4);  // into outer
  CHECK(outer.get<int>("c") == 4);
}

TEST_CASE("hp::set with no scope open writes the thread's base frame", "[scope][set]") {
  // A fresh thread has an empty base; use one so other tests are unaffected.
  int seen_inside = 0, seen_after = 0;
  bool visible_after_scope = false;
  std::thread worker([&] {
    hp::set("base.value", 1);
    {
      hp::with_scope s{{"base.value", 2}};
      seen_inside = hp::get<int>("base.value");
    }
    seen_after = hp::get<int>("base.value");
    hp::set("base.value", 3);
    visible_after_scope = hp::get<int>("base.value") == 3;
  });
  worker.join();
  CHECK(seen_inside == 2);
  CHECK(seen_after == 1);
  CHECK(visible_after_scope);
}

TEST_CASE("a guard reads its own view", "[scope]") {
  clean_view clean;
  hp::with_scope a{{"x", 1}, {"y", 1}};
  hp::with_scope b{{"x", 2}};
  CHECK(a.get<int>("x") == 1);  // b is not part of a's view
  CHECK(b.get<int>("x") == 2);
  CHECK(b.get<int>("y") == 1);
  CHECK(a.get("z", 9) == 9);
  CHECK_FALSE(a.find<int>("z").has_value());
  CHECK(b.has("y"));
  CHECK_THROWS_AS(a.get<int>("z"), hp::missing_parameter);
  CHECK(b.snapshot().get<int>("x") == 2);
}

TEST_CASE("frames are immutable snapshots that count and iterate visible keys once", "[scope][frame]") {
  clean_view clean;
  hp::with_scope a{{"x", 1}, {"y", "a"}};
  hp::with_scope b{{"x", 2}, {"z", 3.5}};
  const hp::frame f = hp::current();
  hp::set("w", 0);  // after the capture: not in f
  CHECK(f.size() == 3);
  std::vector<std::string> keys;
  for (const auto& [k, v] : f) {
    keys.push_back(k);
    if (k == "x") CHECK(v == hp::value(2));
  }
  CHECK(keys == std::vector<std::string>{"x", "y", "z"});
  CHECK_FALSE(f.has("w"));
  CHECK(f.get<int>("x") == 2);
  CHECK(f.get("q", 5) == 5);
  CHECK(hp::frame{}.size() == 0);
  CHECK(hp::frame{}.empty());
}

TEST_CASE("re-entering a frame shows exactly its view", "[scope][frame]") {
  clean_view clean;
  hp::frame captured;
  {
    hp::with_scope s{{"a", 1}, {"b", 1}};
    captured = hp::current();
  }
  hp::with_scope now{{"b", 2}, {"c", 2}};
  {
    hp::with_scope again(captured);
    CHECK(hp::get<int>("a") == 1);
    CHECK(hp::get<int>("b") == 1);
    CHECK_FALSE(hp::has("c"));  // not a merge with what is open now
    {
      hp::with_scope inner{{"a", 5}};
      hp::set("d", 4);
      CHECK(hp::get<int>("a") == 5);
    }
    CHECK(hp::get<int>("a") == 1);
    CHECK_FALSE(hp::has("d"));
    hp::set("e", 6);
    CHECK(again.get<int>("e") == 6);
  }
  CHECK(hp::get<int>("b") == 2);
  CHECK(hp::get<int>("c") == 2);
  CHECK_FALSE(hp::has("a"));
  CHECK_FALSE(hp::has("e"));
  CHECK_FALSE(captured.has("e"));  // the captured frame itself never changes
}

TEST_CASE("interpolation resolves ${key} against the reader's view", "[scope][interpolation]") {
  clean_view clean;
  hp::with_scope s{{"data.root", "/data"}, {"data.train", "${data.root}/train"}, {"n", 4}, {"m", "${n}"},
                   {"literal", "$${data.root}"}, {"list", std::vector<int>{1, 2}}, {"l", "${list}"}};
  CHECK(hp::get<std::string>("data.train") == "/data/train");
  CHECK(hp::get<int>("m") == 4);
  CHECK(hp::get<std::string>("literal") == "${data.root}");
  CHECK(hp::get<std::vector<int>>("l") == std::vector<int>{1, 2});
  {
    hp::with_scope inner{{"data.root", "/mnt"}};
    CHECK(hp::get<std::string>("data.train") == "/mnt/train");  // read time, current view
    CHECK(s.get<std::string>("data.train") == "/data/train");    // the guard's own view
  }
  const int line = __LINE__ + 1;
  hp::with_scope bad{{"cyc.a", "${cyc.b}"}, {"cyc.b", "x${cyc.a}"}, {"dangling", "${nowhere}"}, {"open", "${n"}};
  CHECK_THROWS_AS(hp::get<std::string>("cyc.a"), hp::parse_error);
  CHECK_THROWS_WITH(hp::get<std::string>("cyc.a"), Catch::Contains("cyc.a -> cyc.b -> cyc.a"));
  CHECK_THROWS_AS(hp::get<std::string>("dangling"), hp::missing_parameter);
  CHECK_THROWS_WITH(hp::get<std::string>("dangling"),
                    "hp::missing_parameter: key 'dangling' (from test_param_scope.cpp:" + std::to_string(line) +
                        ") refers to '${nowhere}', which is not set");
  CHECK_THROWS_AS(hp::get<std::string>("open"), hp::parse_error);
  // Present but unresolvable: an error, not the fallback.
  CHECK_THROWS_AS(hp::get("dangling", std::string("fallback")), hp::missing_parameter);
}

#if defined(__unix__)
namespace {
// Runs `body` in a child process; returns its stderr and whether it died of SIGABRT.
std::pair<std::string, bool> run_in_child(void (*body)()) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The child must die of the real signal, not of the test framework's handler.
    std::signal(SIGABRT, SIG_DFL);
    dup2(pipe_fds[1], 2);
    close(pipe_fds[0]);
    body();
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string output;
  char buffer[256];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) output.append(buffer, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {output, WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT};
}
}  // namespace

TEST_CASE("destroying guards out of order is reported and terminates", "[scope][misuse]") {
  const auto [message, aborted] = run_in_child([] {
    auto outer = std::make_unique<hp::with_scope>(std::initializer_list<std::pair<std::string, hp::value>>{{"a", 1}});
    auto inner = std::make_unique<hp::with_scope>(std::initializer_list<std::pair<std::string, hp::value>>{{"a", 2}});
    outer.reset();  // out of order
  });
  CHECK(aborted);
  CHECK_THAT(message, Catch::Contains("hp::with_scope") && Catch::Contains("out of order"));
}
#endif

TEST_CASE("reads check integer ranges for every integer type", "[scope][convert]") {
  hp::with_scope s{{"r.big", std::int64_t{1} << 40}, {"r.neg", -1}, {"r.small", 200}, {"r.max", INT64_MAX}};
  CHECK(hp::get<std::int64_t>("r.big") == std::int64_t{1} << 40);
  CHECK_THROWS_AS(hp::get<int>("r.big"), hp::conversion_error);
  CHECK_THROWS_AS(hp::get<std::uint32_t>("r.big"), hp::conversion_error);
  CHECK(hp::get<std::uint64_t>("r.big") == std::uint64_t{1} << 40);
  CHECK(hp::get<int>("r.neg") == -1);
  CHECK_THROWS_AS(hp::get<unsigned>("r.neg"), hp::conversion_error);
  CHECK_THROWS_AS(hp::get<std::uint64_t>("r.neg"), hp::conversion_error);
  CHECK_THROWS_AS(hp::get<std::uint8_t>("r.neg"), hp::conversion_error);
  CHECK(hp::get<std::uint8_t>("r.small") == 200);
  CHECK_THROWS_AS(hp::get<std::int8_t>("r.small"), hp::conversion_error);
  CHECK(hp::get<std::int16_t>("r.small") == 200);
  CHECK(hp::get<std::uint64_t>("r.max") == static_cast<std::uint64_t>(INT64_MAX));
  CHECK_THROWS_AS(hp::get<std::int32_t>("r.max"), hp::conversion_error);
}

TEST_CASE("an unsigned 64-bit parameter reads its whole range", "[scope][convert]") {
  const int line = __LINE__ + 1;
  hp::with_scope s{{"u.max", UINT64_MAX}, {"u.double", 1e19}};
  CHECK(hp::get<std::uint64_t>("u.max") == UINT64_MAX);
  CHECK(hp::get<std::uint64_t>("u.double") == 10000000000000000000u);
  CHECK_THROWS_WITH(hp::get<long long>("u.max"),
                    "hp::conversion_error: key 'u.max' = \"18446744073709551615\" is not a valid long long (from "
                    "test_param_scope.cpp:" + std::to_string(line) + "): out of range");
}
