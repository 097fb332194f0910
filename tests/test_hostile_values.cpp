// Hostile values and references: ${} expansion bombs, control bytes and huge
// values in messages, numbers out of range, a table read as a value.
#include <catch2/catch.hpp>

#include <limits>

#include <hyperparameter/hp.hpp>

#include <cmath>
#include <string>

using Catch::Matchers::Contains;

namespace {

// k0 = "${k1}${k1}", k1 = "${k2}${k2}", ..., kN = last.
hp::params doubling_chain(int n, const std::string& last) {
  hp::params p;
  for (int i = 0; i < n; ++i)
    p.set("k" + std::to_string(i), "${k" + std::to_string(i + 1) + "}${k" + std::to_string(i + 1) + "}");
  p.set("k" + std::to_string(n), last);
  return p;
}

}  // namespace

TEST_CASE("${} expansion bombs end in a value or a parse_error naming the key", "[hostile][interpolation]") {
  // Each reference is expanded once per read, so an empty last value is cheap.
  hp::with_scope empty(doubling_chain(40, ""));
  CHECK(hp::get<std::string>("k0").empty());
  hp::with_scope full(doubling_chain(40, "x"));
  try {
    (void)hp::get<std::string>("k0");
    FAIL("no error");
  } catch (const hp::parse_error& e) {
    CHECK_THAT(e.what(), Contains("key 'k") && Contains("expands to more than 1048576 bytes"));
  }
  CHECK(hp::get<std::string>("k25").size() == 32768);  // within the bound
  // A long chain of references is bounded too.
  hp::params chain;
  for (int i = 0; i < 1000; ++i) chain.set("c" + std::to_string(i), "${c" + std::to_string(i + 1) + "}");
  chain.set("c1000", 1);
  hp::with_scope c(chain);
  CHECK_THROWS_WITH(hp::get<int>("c0"), Contains("references nested deeper than 100") && Contains("'c0'"));
  CHECK(hp::get<int>("c950") == 1);
}

TEST_CASE("control bytes are escaped in messages and long values are cut", "[hostile][messages]") {
  hp::with_scope s{{"a", std::string("x\0y\x1b", 4)}};
  try {
    (void)hp::get<int>("a");
    FAIL("no error");
  } catch (const hp::conversion_error& e) {
    const std::string what = e.what();
    CHECK(what.find('\0') == std::string::npos);
    CHECK_THAT(what, Contains("\"x\\x00y\\x1b\" is not a valid int"));
  }
  CHECK_THROWS_WITH(hp::parse_define(std::string("a\nb=1")), Contains("'a\\nb'"));
  const std::string huge(7000000, '7');
  hp::with_scope big{{"big", huge + "x"}};
  try {
    (void)hp::get<int>("big");
    FAIL("no error");
  } catch (const hp::conversion_error& e) {
    const std::string what = e.what();
    CHECK(what.size() < 600);
    CHECK_THAT(what, Contains("(7000003 bytes)") && Contains("key 'big'"));
  }
  try {
    hp::with_scope d(std::vector<std::string>{std::string(1000000, 'k') + "!=1"});
    FAIL("no error");
  } catch (const hp::invalid_key& e) {
    CHECK(std::string(e.what()).size() < 1200);
    CHECK(e.key().size() == 1000001);
  }
}

TEST_CASE("numbers out of range are 'out of range', for float as for double", "[hostile][conversions]") {
  hp::with_scope s{{"big", "1e400"}, {"tiny", "1e-50"}, {"tinier", "1e-400"}, {"sub", "1e-40"}, {"dtiny", 1e-50}};
  CHECK_THROWS_WITH(hp::get<double>("big"), Contains("out of range") && Contains("key 'big'"));
  CHECK_THROWS_WITH(hp::get<float>("big"), Contains("out of range"));
  CHECK_THROWS_WITH(hp::get<float>("tiny"), Contains("out of range") && Contains("float"));
  CHECK_THROWS_WITH(hp::get<float>("dtiny"), Contains("out of range"));
  CHECK_THROWS_WITH(hp::get<double>("tinier"), Contains("out of range"));
  CHECK(hp::get<double>("tiny") == 1e-50);
  CHECK(hp::get<float>("sub") > 0);  // a float subnormal is in range
}

TEST_CASE("float's range ends where rounding to float overflows or vanishes, not at its largest value",
          "[hostile][conversions]") {
  // The shortest text of FLT_MAX (what a writer prints) is a double just above it: it rounds to FLT_MAX.
  const float top = std::numeric_limits<float>::max();
  const std::string shortest = "3.4028235e38";
  REQUIRE(std::stod(shortest) > static_cast<double>(top));
  const double past = 3.4028235677973366e38;  // FLT_MAX + half its ulp: ties to even, i.e. to infinity
  const double below = 3.4028235677973362e38;  // the double just under it
  const double least = static_cast<double>(std::numeric_limits<float>::denorm_min());
  hp::with_scope s{{"shortest", shortest}, {"shortest_neg", "-" + shortest}, {"below", below}, {"past", past},
                   {"half_least", least / 2}, {"over_half_least", least * 0.5000001}};
  CHECK(hp::get<float>("shortest") == top);
  CHECK(hp::get<float>("shortest_neg") == -top);
  CHECK(hp::get<float>("below") == top);
  CHECK_THROWS_WITH(hp::get<float>("past"), Contains("out of range") && Contains("key 'past'"));
  CHECK_THROWS_WITH(hp::get<float>("half_least"), Contains("out of range"));
  CHECK(hp::get<float>("over_half_least") == std::numeric_limits<float>::denorm_min());
  hp::with_scope d(std::vector<std::string>{"f=" + shortest});
  CHECK(hp::get<float>("f") == top);
}

TEST_CASE("nan and inf: accepted as text for floating-point reads, never as integers", "[hostile][conversions]") {
  hp::with_scope s{{"n", "nan"}, {"i", "-Infinity"}, {"j", "INF"}, {"x", "nanx"}};
  CHECK(std::isnan(hp::get<double>("n")));
  CHECK(std::isnan(hp::get<float>("n")));
  CHECK(hp::get<double>("i") == -HUGE_VAL);
  CHECK(std::isinf(hp::get<float>("j")));
  CHECK_THROWS_AS(hp::get<double>("x"), hp::conversion_error);
  CHECK_THROWS_AS(hp::get<int>("n"), hp::conversion_error);
  CHECK_THROWS_WITH(hp::get<long>("i"), Contains("not a whole decimal integer"));
}

TEST_CASE("a table read as a value says which keys it holds", "[hostile][messages]") {
  hp::with_scope s{{"a.b", 1}, {"a.c", 2}, {"ab", 3}};
  CHECK_THROWS_WITH(hp::get<int>("a"), Contains("'a.b' is") && Contains("key 'a' is not set"));
  CHECK_THROWS_AS(hp::get<int>("a"), hp::missing_parameter);
  hp::params p;
  p.set("model.dnn.layers", 3);
  CHECK_THROWS_WITH(p.get<int>("model"), Contains("'model.dnn.layers'"));
  CHECK_THROWS_WITH(hp::current().get<int>("a"), Contains("'a.b'"));
  CHECK_THROWS_WITH(s.get<int>("a"), Contains("'a.b'"));
  CHECK_THROWS_WITH(hp::get<int>("zz"), !Contains("zz."));
}
