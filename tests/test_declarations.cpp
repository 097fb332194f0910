// Typed declarations: references and interpolation in defaults, defaults checked when
// registered, keys declared twice, and the file:line of values set in code.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "scope_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::clean_view;

namespace {
// From here on declaration errors throw when they happen (as in a program's main).
void main_started() {
  const char* argv[] = {"prog"};
  (void)hp::parse_cli(1, argv, hp::allow_unknown);
}

hp::declared_param declared(const std::string& key) {
  for (const hp::declared_param& p : hp::registry())
    if (p.key == key) return p;
  FAIL("not declared: " << key);
  return {};
}

std::string here(int line) { return "test_declarations.cpp:" + std::to_string(line); }

int batches(int epochs, int batch) { return epochs * batch; }
double rate(double base, double lr, float momentum) { return base * lr + momentum; }
std::string path_of(const std::string& root) { return root; }
unsigned count_of(unsigned n) { return n; }

struct shape {
  int rows = 0, cols = 0;
};
struct opaque {
  int n = 0;
};
}  // namespace

template <>
struct hp::converter<shape> {
  static shape from(const hp::value& v) {
    const std::string text = v.as<std::string>();
    const std::size_t x = text.find('x');
    if (x == std::string::npos) throw hp::conversion_error(v.describe(), "shape", "write ROWSxCOLS");
    return {std::stoi(text.substr(0, x)), std::stoi(text.substr(x + 1))};
  }
  static hp::value to_value(const shape& s) { return std::to_string(s.rows) + "x" + std::to_string(s.cols); }
};
template <>
struct hp::converter<opaque> {
  static opaque from(const hp::value& v) { return {v.as<int>()}; }
};

TEST_CASE("hp::ref: a default that reads another key with the parameter's type", "[declare][ref]") {
  clean_view clean;
  const auto f = hp::auto_param("refs", batches, hp::arg("batch", hp::ref("train.batch")));
  CHECK(declared("refs.batch").default_value == hp::value("${train.batch}"));
  {
    hp::with_scope s{{"train.batch", "32"}};  // text, read as the parameter's int
    CHECK(f(2) == 64);
    hp::with_scope direct{{"refs.batch", 5}};
    CHECK(f(2) == 10);
  }
  CHECK_THROWS_AS(f(2), hp::missing_parameter);
  CHECK_THROWS_WITH(f(2), Contains("key 'refs.batch' (from default at test_declarations.cpp:") &&
                              Contains("refers to '${train.batch}', which is not set"));
}

TEST_CASE("an inline default with ${...} is interpolated when read", "[declare][interpolation]") {
  clean_view clean;
  static const auto train = hp::declare("decl.data.train", "${decl.data.root}/train");
  const auto f = hp::auto_param("decl", path_of, hp::arg("root", "${decl.data.root}/all"));
  hp::with_scope s{{"decl.data.root", "/mnt"}};
  CHECK(train() == "/mnt/train");
  CHECK(f() == "/mnt/all");
  CHECK(hp::get<std::string>("decl.data.train", std::string("x")) == "x");  // the default is not a scope value
  static const auto home = hp::declare("decl.home", "/home");
  static const auto cache = hp::declare("decl.cache", "${decl.home}/cache");  // another key's default
  CHECK(cache() == "/home/cache");
  static const auto literal = hp::declare("decl.data.literal", "$${kept}");
  CHECK(literal() == "${kept}");
}

TEST_CASE("defaults become their parameter's type when registered", "[declare][typed]") {
  clean_view clean;
  const auto f = hp::auto_param("typed", rate, hp::arg("lr", 1), hp::arg("momentum", 0.1));
  CHECK(f(2.0) == Approx(2.1));
  // An integer default for a double is a double; a float default is the double its text says.
  CHECK(declared("typed.lr").default_value == hp::value(1.0));
  CHECK(declared("typed.momentum").default_value == hp::value(0.1));
  CHECK(hp::value(0.1f) == hp::value(0.1));
  CHECK(hp::value(0.1f).describe() == "0.1");
  static const auto small = hp::declare("typed.small", 0.3f);
  CHECK(declared("typed.small").default_value.describe() == "0.3");
}

TEST_CASE("a default that does not read as its type is an error when registered", "[declare][typed][errors]") {
  main_started();
  // Declared on a line of its own: compilers disagree on the line of a call inside a multi-line macro.
  const int line = __LINE__ + 1;
  const auto declare_negative = [] { return hp::auto_param("neg", count_of, hp::arg("n", -1)); };
  CHECK_THROWS_WITH(declare_negative(),
                    "hp::conversion_error: key 'neg.n' = -1 is not a valid unsigned (from default at " + here(line) +
                        "): out of range");
  CHECK_THROWS_AS(hp::auto_param("neg", count_of, hp::arg("n", -1)), hp::conversion_error);
  CHECK_THROWS_WITH(hp::auto_param("neg2", [](shape s) { return s.rows; }, hp::arg("shape", "3by4")),
                    Contains("key 'neg2.shape' = \"3by4\" is not a valid shape (from default at test_declarations.cpp:"));
  for (const hp::declared_param& p : hp::registry()) CHECK_FALSE(p.key.rfind("neg", 0) == 0);  // nothing registered
}

TEST_CASE("a conversion error resolving an auto_param argument names the key and the source",
          "[auto_param][errors]") {
  clean_view clean;
  const auto f = hp::auto_param("conv", batches, hp::arg("batch", 8));
  const int line = __LINE__ + 1;
  hp::with_scope s{{"conv.batch", "eight"}};
  CHECK_THROWS_WITH(f(1), "hp::conversion_error: key 'conv.batch' = \"eight\" is not a valid int (from " + here(line) +
                              "): not a whole decimal integer");
  const auto g = hp::auto_param("conv", [](shape s) { return s.rows; }, hp::arg("shape", "2x3"));
  CHECK(g() == 2);
  hp::with_scope bad{{"conv.shape", "2-3"}};
  CHECK_THROWS_WITH(g(), Contains("key 'conv.shape' = \"2-3\" is not a valid shape (from test_declarations.cpp:"));
}

TEST_CASE("a key declared twice with another type or default names both sites", "[declare][errors]") {
  main_started();
  const int first = __LINE__ + 1;
  static const auto epochs = hp::declare("twice.epochs", 10);
  static const auto same = hp::declare("twice.epochs", 10);  // the same declaration again is fine
  const int second = __LINE__ + 1;
  const auto declare_again = [] { return hp::declare("twice.epochs", 20); };
  CHECK_THROWS_WITH(declare_again(),
                    "hp::declaration_conflict: parameter 'twice.epochs' is declared twice, as int = 10 at " + here(first) +
                        " and as int = 20 at " + here(second));
  const int third = __LINE__ + 1;
  const auto declare_as_double = [] { return hp::auto_param("twice", rate, hp::arg("epochs", 1.0), hp::arg("momentum", 0.5)); };
  CHECK_THROWS_WITH(declare_as_double(),
                    "hp::declaration_conflict: parameter 'twice.epochs' is declared twice, as int = 10 at " + here(first) +
                        " and as double = 1 at " + here(third));
  const auto wrapper = hp::auto_param("twice", batches, hp::arg("epochs", 10));  // same type and default
  CHECK(wrapper(3) == 30);
}

TEST_CASE("user types: to_value lets the registry show a default", "[declare][user]") {
  static const auto shown = hp::declare("user.shape", shape{3, 4});
  static const auto hidden = hp::declare("user.opaque", opaque{5});
  CHECK(declared("user.shape").default_value == hp::value("3x4"));
  CHECK(declared("user.opaque").default_value.is_none());
  CHECK(shown().rows == 3);
  CHECK(hidden().n == 5);
}

TEST_CASE("values set in code record the file and line they were written at", "[scope][source]") {
  clean_view clean;
  const int line = __LINE__ + 1;
  hp::with_scope s{{"site.a", 1}, {"site.b", "x"}};
  CHECK(hp::current().source("site.a") == here(line));
  CHECK(hp::current().source("site.b") == here(line));
  const int set_line = __LINE__ + 1;
  hp::set("site.c", 3);
  CHECK(hp::current().source("site.c") == here(set_line));
  CHECK(s.source("site.a") == here(line));

  hp::track_operative_config(true);
  hp::clear_operative_config();
  (void)hp::get<int>("site.c");
  const hp::params read = hp::operative_config();
  hp::track_operative_config(false);
  CHECK(read.source("site.c") == here(set_line));
}
