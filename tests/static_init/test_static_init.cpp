// Declarations made during static initialisation, in an executable of their own: their errors
// wait (nothing may throw yet), and show where the program would use what they declare.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::args;
using hp_test::run_result;
using hp_test::run_with;

namespace {

std::string train(unsigned seed, int steps, signed char bits, float scale) {
  return std::to_string(seed) + " " + std::to_string(steps) + " " + std::to_string(bits) + " " + std::to_string(scale);
}
std::uint64_t limit(std::uint64_t max_steps) { return max_steps; }
int layers(int n) { return n; }

// Each declaration on a line of its own: the expected messages name these lines.
const auto run_train = hp::auto_param("t", train,
                                      hp::arg("seed", -1),
                                      hp::arg("steps", 5000000000LL),
                                      hp::arg("bits", 300),
                                      hp::arg("scale", 1e300));
const auto run_limit = hp::auto_param("u", limit, hp::arg("max_steps", std::numeric_limits<std::uint64_t>::max()));

}  // namespace

// First: no test before it has started hp::run.
TEST_CASE("a key declared again in main, with another default or type, throws there", "[declare][errors]") {
  const int first = __LINE__ + 1;
  const auto a = hp::auto_param("dnn", layers, hp::arg("n", 3));
  const int second = __LINE__ + 1;
  const auto make_b = [] { return hp::auto_param("dnn", layers, hp::arg("n", 4)); };
  CHECK_THROWS_WITH(make_b(), "hp::declaration_conflict: parameter 'dnn.n' is declared twice, as int = 3 at "
                              "test_static_init.cpp:" + std::to_string(first) + " and as int = 4 at "
                              "test_static_init.cpp:" + std::to_string(second));
  CHECK_THROWS_AS(hp::declare("dnn.n", 5.5), hp::declaration_conflict);
  const auto same = hp::auto_param("dnn", layers, hp::arg("n", 3));  // the same declaration again is fine
  CHECK(a() == 3);
  CHECK(same() == 3);
}

TEST_CASE("a default out of its parameter's range is a conversion_error where it is used", "[auto_param][errors]") {
  // Each time every other parameter is set: the order in which a call reads them is unspecified.
  const std::string at = " (from default at test_static_init.cpp:";
  {
    hp::with_scope s{{"t.steps", 1}, {"t.bits", 2}, {"t.scale", 0.5}};
    CHECK_THROWS_AS(run_train(), hp::conversion_error);
    CHECK_THROWS_WITH(run_train(),
                      "hp::conversion_error: key 't.seed' = -1 is not a valid unsigned" + at + "28): out of range");
    CHECK(run_train(7u) == "7 1 2 0.500000");
  }
  {
    hp::with_scope s{{"t.seed", 7}, {"t.bits", 2}, {"t.scale", 0.5}};
    CHECK_THROWS_WITH(run_train(),
                      "hp::conversion_error: key 't.steps' = 5000000000 is not a valid int" + at + "29): out of range");
  }
  {
    hp::with_scope s{{"t.seed", 7}, {"t.steps", 1}, {"t.scale", 0.5}};
    CHECK_THROWS_WITH(run_train(),
                      "hp::conversion_error: key 't.bits' = 300 is not a valid signed char" + at + "30): out of range");
  }
  {
    hp::with_scope s{{"t.seed", 7}, {"t.steps", 1}, {"t.bits", 2}};
    CHECK_THROWS_WITH(run_train(),
                      "hp::conversion_error: key 't.scale' = 1e+300 is not a valid float" + at + "31): out of range");
  }
}

TEST_CASE("an unsigned 64-bit default past int64 works", "[auto_param]") {
  CHECK(run_limit() == std::numeric_limits<std::uint64_t>::max());
  hp::with_scope s{{"u.max_steps", 1e19}};
  CHECK(run_limit() == 10000000000000000000u);
}

TEST_CASE("run: --help and --list-params list a bad default; running stops before the program", "[run][errors]") {
  const run_result help = run_with(args{"--help"});
  CHECK(help.code == 0);
  CHECK_THAT(help.out, Contains("t.seed") && Contains("-1") && Contains("u.max_steps"));
  const run_result list = run_with(args{"--list-params"});
  CHECK(list.code == 0);
  CHECK_THAT(list.out, Contains("t.scale"));
  const run_result run = run_with(args{"-D", "t.seed=1"});
  CHECK(run.code == 2);
  CHECK_FALSE(run.ran);
  CHECK_THAT(run.err, Contains("key 't.seed' = -1 is not a valid unsigned (from default at test_static_init.cpp:28)") &&
                          Contains("key 't.scale' = 1e+300 is not a valid float"));
}
