// auto_param and declare: resolution order, conversion, classes, registry.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "scope_test_support.hpp"

using hp_test::clean_view;

namespace {
std::string dnn_impl(int input, int layers, const std::string& activation) {
  return std::to_string(input) + ": " + std::to_string(layers) + " layers of " + activation;
}

std::string inference(const std::string& backend) { return "running on " + backend; }

struct model {
  model(int input_dim, int hidden, double dropout) : input_dim(input_dim), hidden(hidden), dropout(dropout) {}
  int input_dim;
  int hidden;
  double dropout;
};

hp::declared_param declared(const std::string& key) {
  for (const hp::declared_param& p : hp::registry())
    if (p.key == key) return p;
  FAIL("not declared: " << key);
  return {};
}
}  // namespace

TEST_CASE("seed: dnn builds 3 relu layers, 4 sigmoid in a scope, 3 relu after", "[auto_param]") {
  clean_view clean;
  const auto dnn = hp::auto_param("dnn", dnn_impl, hp::arg("layers", 3), hp::arg("activation", "relu"));
  CHECK(dnn(8) == "8: 3 layers of relu");
  {
    hp::with_scope s("dnn.layers=4", "dnn.activation=sigmoid");
    CHECK(dnn(8) == "8: 4 layers of sigmoid");
  }
  CHECK(dnn(8) == "8: 3 layers of relu");
}

TEST_CASE("seed: an empty prefix makes the key the bare argument name", "[auto_param]") {
  clean_view clean;
  const auto run = hp::auto_param("", inference, hp::arg("backend", "tvm"));
  CHECK(run() == "running on tvm");
  hp::with_scope s{{"backend", "onnx"}};
  CHECK(run() == "running on onnx");
}

TEST_CASE("direct argument beats the scope, which beats the default", "[auto_param]") {
  clean_view clean;
  const auto dnn = hp::auto_param("dnn", dnn_impl, hp::arg("layers", 3), hp::arg("activation", "relu"));
  hp::with_scope s{{"dnn.layers", 4}, {"dnn.activation", "tanh"}};
  CHECK(dnn(1) == "1: 4 layers of tanh");
  CHECK(dnn(1, 7) == "1: 7 layers of tanh");
  CHECK(dnn(1, 7, "elu") == "1: 7 layers of elu");
  {
    hp::with_scope unset{hp::frame{}};
    CHECK(dnn(1, 7) == "1: 7 layers of relu");
  }
}

TEST_CASE("scope values convert to the parameter type, checked", "[auto_param]") {
  clean_view clean;
  const auto dnn = hp::auto_param("dnn", dnn_impl, hp::arg("layers", 3), hp::arg("activation", "relu"));
  hp::with_scope s("dnn.layers=four");
  CHECK_THROWS_AS(dnn(1), hp::conversion_error);
  CHECK_THROWS_WITH(dnn(1), "hp::conversion_error: key 'dnn.layers' = \"four\" is not a valid int "
                            "(from define 'dnn.layers=four'): not a whole decimal integer");
}

TEST_CASE("a float default for a double parameter is the decimal it was written as", "[auto_param]") {
  clean_view clean;
  const auto rate = hp::auto_param("fdefault", [](double lr, long double decay) { return lr + 0 * double(decay); },
                                   hp::arg("lr", 0.1f), hp::arg("decay", 0.3f));
  CHECK(rate() == 0.1);  // not 0.10000000149011612
  CHECK(declared("fdefault.lr").default_value == hp::value(0.1));
  const auto decay = hp::auto_param("fdefault", [](double lr, long double d) { return d + 0 * lr; },
                                    hp::arg("lr", 0.1f), hp::arg("decay", 0.3f));
  CHECK(decay() == static_cast<long double>(0.3));
  const auto narrow = hp::auto_param("fdefault.f", [](float x) { return x; }, hp::arg("x", 0.1f));
  CHECK(narrow() == 0.1f);
}

TEST_CASE("lambdas and function objects work", "[auto_param]") {
  clean_view clean;
  const auto scale = hp::auto_param(
      "opt", [](double x, double lr, bool nesterov) { return nesterov ? x * lr * 2 : x * lr; },
      hp::arg("lr", 0.5), hp::arg("nesterov", false));
  CHECK(scale(2.0) == 1.0);
  hp::with_scope s("opt.lr=0.25", "opt.nesterov=yes");
  CHECK(scale(2.0) == 1.0);
  CHECK(scale(2.0, 1.0) == 4.0);
}

TEST_CASE("classes: auto_param<C> builds C by value", "[auto_param][class]") {
  clean_view clean;
  const auto make = hp::auto_param<model>("model", hp::arg("hidden", 128), hp::arg("dropout", 0.1));
  const model a = make(32);
  CHECK(a.input_dim == 32);
  CHECK(a.hidden == 128);
  CHECK(a.dropout == 0.1);
  hp::with_scope s{{"model.hidden", "256"}, {"model.dropout", 0.5}};
  CHECK(make(32).hidden == 256);
  CHECK(make(32, 64).hidden == 64);
  CHECK(make(32, 64).dropout == 0.5);
  CHECK(make(32, 64, 0.0).dropout == 0.0);
}

namespace {
struct trainer {
  trainer(int in, double lr, unsigned seed, std::int8_t bits, const std::string& name, std::vector<float> widths)
      : in(in), lr(lr), seed(seed), bits(bits), name(name), widths(std::move(widths)) {}
  int in;
  double lr;
  unsigned seed;
  std::int8_t bits;
  std::string name;
  std::vector<float> widths;
};
std::string declared_type(const std::string& key) {
  for (const hp::declared_param& d : hp::registry())
    if (d.key == key) return d.type;
  return "(not declared)";
}
}  // namespace

TEST_CASE("classes: declared parameters have the constructor's types, not their defaults'", "[auto_param][class]") {
  clean_view clean;
  // Integer defaults for a double, an unsigned and an int8_t; a text and a list default.
  const auto make = hp::auto_param<trainer>("ctor", hp::arg("lr", 1), hp::arg("seed", 7), hp::arg("bits", 4),
                                            hp::arg("name", "t"), hp::arg("widths", std::vector<int>{1, 2}));
  CHECK(declared_type("ctor.lr") == "double");
  CHECK(declared_type("ctor.seed") == "unsigned");
  CHECK(declared_type("ctor.bits") == "signed char");
  CHECK(declared_type("ctor.name") == "std::string");
  CHECK(declared_type("ctor.widths") == "std::vector<float>");
  const trainer a = make(3);
  CHECK(a.lr == 1.0);
  CHECK(a.widths == std::vector<float>{1, 2});
  {
    hp::with_scope s{{"ctor.lr", "0.25"}, {"ctor.seed", "9"}, {"ctor.widths", "0.5,1.5"}};
    const trainer b = make(3);
    CHECK(b.lr == 0.25);  // read as the double the constructor takes, not as the default's int
    CHECK(b.seed == 9u);
    CHECK(b.widths == std::vector<float>{0.5f, 1.5f});
  }
  // Checked against the constructor's types: no wrapping into unsigned or int8_t.
  hp::with_scope negative{{"ctor.seed", -1}};
  CHECK_THROWS_WITH(make(3), Catch::Contains("ctor.seed") && Catch::Contains("unsigned"));
  hp::with_scope wide{{"ctor.seed", 1}, {"ctor.bits", 300}};
  CHECK_THROWS_WITH(make(3), Catch::Contains("ctor.bits") && Catch::Contains("signed char"));
}

TEST_CASE("invalid argument keys throw when the wrapper is made", "[auto_param]") {
  CHECK_THROWS_AS(hp::auto_param("dnn", dnn_impl, hp::arg("la yers", 3), hp::arg("activation", "relu")),
                  hp::invalid_key);
  CHECK_THROWS_WITH(hp::auto_param("", inference, hp::arg("", "tvm")), Catch::Contains("hp::invalid_key"));
}

TEST_CASE("auto_param registers its parameters", "[auto_param][registry]") {
  const auto dnn = hp::auto_param("reg.dnn", dnn_impl, hp::arg("layers", 3).help("number of layers"),
                                  hp::arg("activation", "relu"));
  const hp::declared_param layers = declared("reg.dnn.layers");
  CHECK(layers.type == "int");
  CHECK(layers.default_value == hp::value(3));
  CHECK(layers.help == "number of layers");
  CHECK_THAT(layers.declared_at, Catch::StartsWith("test_auto_param.cpp:"));
  const hp::declared_param activation = declared("reg.dnn.activation");
  CHECK(activation.type == "std::string");
  CHECK(activation.default_value == hp::value("relu"));
  CHECK(activation.help.empty());

  const auto again = hp::auto_param("reg.dnn", dnn_impl, hp::arg("layers", 3), hp::arg("activation", "relu"));
  const auto all = hp::registry();
  CHECK(std::count_if(all.begin(), all.end(), [](const auto& p) { return p.key == "reg.dnn.layers"; }) == 1);
  // The same key with another type is a programming error, raised at once after main started
  // (parse_cli marks it; during static initialisation it waits for parse_cli or hp::run).
  const char* argv[] = {"prog"};
  (void)hp::parse_cli(1, argv);
  CHECK_THROWS_WITH(hp::auto_param("reg", inference, hp::arg("dnn.layers", "x")),
                    Catch::Matches("hp::declaration_conflict: parameter 'reg.dnn.layers' is declared twice, as int = 3 at "
                                   "test_auto_param.cpp:[0-9]+ and as std::string = \"x\" at test_auto_param.cpp:[0-9]+"));
}

inline const auto epochs = hp::declare("train.epochs", 10).help("passes over the data");
inline const auto run_name = hp::declare("train.name", "baseline");

TEST_CASE("declare: a registered parameter read like hp::get", "[declare]") {
  clean_view clean;
  CHECK(epochs() == 10);
  CHECK(run_name() == "baseline");
  static_assert(std::is_same_v<decltype(run_name()), std::string>);
  {
    hp::with_scope s("train.epochs=3", "train.name=ablation");
    CHECK(epochs() == 3);
    CHECK(run_name() == "ablation");
  }
  CHECK(epochs() == 10);
  CHECK(epochs.key() == "train.epochs");
  CHECK(epochs.default_value() == 10);
  const hp::declared_param p = declared("train.epochs");
  CHECK(p.type == "int");
  CHECK(p.help == "passes over the data");
  CHECK(p.default_value == hp::value(10));
  hp::with_scope bad("train.epochs=ten");
  CHECK_THROWS_AS(epochs(), hp::conversion_error);
  CHECK_THROWS_AS(hp::declare("bad key", 1), hp::invalid_key);
}

TEST_CASE("registry types are readable C++ names", "[registry]") {
  const auto f = hp::auto_param(
      "types", [](bool, double, std::vector<int>, std::string) { return 0; }, hp::arg("b", false),
      hp::arg("d", 1.0), hp::arg("v", std::vector<int>{1}), hp::arg("s", "x"));
  CHECK(declared("types.b").type == "bool");
  CHECK(declared("types.d").type == "double");
  CHECK(declared("types.v").type == "std::vector<int>");
  CHECK(declared("types.v").default_value == hp::value(std::vector<int>{1}));
  CHECK(declared("types.s").type == "std::string");
  CHECK(f() == 0);
}

// Each thread remembers what a wrapper found while its scopes are unchanged;
// no change of scope, wrapper or thread may leave a call with a stale value.
TEST_CASE("a wrapper called again sees every change of scope", "[auto_param][memo]") {
  clean_view clean;
  const auto dnn = hp::auto_param("memo.dnn", dnn_impl, hp::arg("layers", 3), hp::arg("activation", "relu"));
  CHECK(dnn(1) == "1: 3 layers of relu");
  CHECK(dnn(1) == "1: 3 layers of relu");
  {
    hp::with_scope s{{"memo.dnn.layers", 4}};
    CHECK(dnn(1) == "1: 4 layers of relu");
    hp::set("memo.dnn.activation", "tanh");
    CHECK(dnn(1) == "1: 4 layers of tanh");
    const hp::frame captured = hp::current();
    {
      hp::with_scope inner{{"memo.dnn.layers", 5}};
      CHECK(dnn(1) == "1: 5 layers of tanh");
      CHECK(dnn(1, 6) == "1: 6 layers of tanh");
      hp::with_scope back(captured);
      CHECK(dnn(1) == "1: 4 layers of tanh");
    }
    CHECK(dnn(1) == "1: 4 layers of tanh");
  }
  CHECK(dnn(1) == "1: 3 layers of relu");
}

TEST_CASE("many wrappers alive at once each read their own keys", "[auto_param][memo]") {
  clean_view clean;
  std::vector<std::function<int()>> wrappers;
  hp::params p;
  for (int i = 0; i < 40; ++i) {
    const std::string prefix = "memo.many." + std::to_string(i);
    wrappers.push_back(hp::auto_param(prefix, [](int v, int w) { return v * 1000 + w; }, hp::arg("v", -1),
                                      hp::arg("w", i)));
    if (i % 2 == 0) p.set(prefix + ".v", i);
  }
  hp::with_scope s(p);
  for (int pass = 0; pass < 3; ++pass)
    for (int i = 0; i < 40; ++i) REQUIRE(wrappers[static_cast<std::size_t>(i)]() == (i % 2 == 0 ? i : -1) * 1000 + i);
}

TEST_CASE("a wrapper made where a destroyed one was reads its own keys", "[auto_param][memo]") {
  clean_view clean;
  hp::with_scope s{{"memo.first.x", 1}, {"memo.second.x", 2}};
  for (int round = 0; round < 3; ++round) {
    {
      const auto first = hp::auto_param("memo.first", [](int x) { return x; }, hp::arg("x", 0));
      CHECK(first() == 1);
    }
    const auto second = hp::auto_param("memo.second", [](int x) { return x; }, hp::arg("x", 0));
    CHECK(second() == 2);
  }
}

TEST_CASE("wrappers with more parameters than the memo keeps still resolve", "[auto_param][memo]") {
  clean_view clean;
  const auto wide = hp::auto_param(
      "memo.wide", [](int a, int b, int c, int d, int e, int f, int g, int h, int i) {
        return a + b + c + d + e + f + g + h + i;
      },
      hp::arg("a", 1), hp::arg("b", 1), hp::arg("c", 1), hp::arg("d", 1), hp::arg("e", 1), hp::arg("f", 1),
      hp::arg("g", 1), hp::arg("h", 1), hp::arg("i", 1));
  CHECK(wide() == 9);
  hp::with_scope s{{"memo.wide.i", 100}};
  CHECK(wide() == 108);
}

TEST_CASE("one wrapper called on two threads reads each thread's scope", "[auto_param][memo][threads]") {
  clean_view clean;
  const auto f = hp::auto_param("memo.threads", [](int x) { return x; }, hp::arg("x", 0));
  hp::with_scope s{{"memo.threads.x", 1}};
  CHECK(f() == 1);
  const int other = std::async(std::launch::async, [&] {
                      const int before = f();
                      hp::with_scope mine{{"memo.threads.x", 2}};
                      return before * 10 + f();
                    }).get();
  CHECK(other == 2);  // the new thread starts from the frozen base (empty): 0, then 2
  CHECK(f() == 1);
}
