// Upstream HyperParameter's C++ API (<hyperparameter/compat.hpp>) over the hp core.
// Built with the strictest warnings we ask of the header: the macros expand in user code.
#include <catch2/catch.hpp>

#include <hyperparameter/compat.hpp>
#include <hyperparameter/operative_config.hpp>

#include <cmath>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <type_traits>

namespace {
template <class Fn>
auto on_new_thread(Fn fn) {
  return std::async(std::launch::async, fn).get();
}

// Tracking is process-wide: tests that turn it on restore it.
struct tracking_on {
  tracking_on() {
    hp::clear_operative_config();
    hp::track_operative_config(true);
  }
  ~tracking_on() {
    hp::track_operative_config(false);
    hp::clear_operative_config();
  }
};

const char* const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
}  // namespace

TEST_CASE("xxh64 hashes keys as upstream", "[compat][hash]") {
  static_assert(hyperparameter::xxh64::hash("0123456789abcdefghijklmnopqrstuvwxyz", 36, 42) ==
                5308235351123835395ULL);
  CHECK(hyperparameter::xxh64::hash(alphabet, 36) == 5308235351123835395ULL);  // default seed 42
  CHECK(hyperparameter::xxh64::hash(alphabet, 36, 0) != 5308235351123835395ULL);
  CHECK(hyperparameter::xxhash(alphabet, 36) == 5308235351123835395ULL);
  CHECK(hyperparameter::xxhash("a.b.c", 5) == hp::key("a.b.c").hash());
  // Every length class: the 32-byte stripes, the 8-, 4- and 1-byte tails.
  for (std::size_t len = 0; len <= 36; ++len)
    CHECK(hyperparameter::xxh64::hash(alphabet, len, 7) == hp::xxh64(std::string_view(alphabet, len), 7));
}

TEST_CASE("KEYHASH is the hash of the key written as tokens, at compile time", "[compat][hash]") {
  constexpr std::uint64_t h = KEYHASH(model.layers);
  static_assert(h == hp::xxh64("model.layers", 42));
  CHECK(KEYHASH(a.b.c) == hyperparameter::xxhash("a.b.c", 5));
  CHECK(KEYHASH(a.123.b) == hyperparameter::xxhash("a.123.b", 7));
  CHECK(KEYHASH(some-key) == hyperparameter::xxhash("some-key", 8));
}

TEST_CASE("create() gives a delete-able store; put chains and get reads back every type", "[compat][store]") {
  hyperparameter::Hyperparameter* params = hyperparameter::create();
  REQUIRE(params != nullptr);
  CHECK(params->self() == params);
  CHECK(params->get(std::uint64_t{12345}, 7) == 7);  // unset: the default

  hyperparameter::Hyperparameter* chained =
      params->put("train.epochs", 3)->put("train.lr", 0.5)->put("train.shuffle", true)->put("train.name", "run");
  CHECK(chained == params);
  params->put(std::string("train.optimizer"), std::string("adam"));
  params->put<std::int64_t>("train.steps", std::int64_t{1} << 40);

  CHECK(params->get("train.epochs", 0) == 3);
  CHECK(params->get(std::string("train.lr"), 0.0) == 0.5);
  CHECK(params->get("train.shuffle", false));
  CHECK(std::string(params->get("train.name", "")) == "run");
  CHECK(params->get("train.optimizer", std::string()) == "adam");
  CHECK(params->get<std::int64_t>("train.steps", 0) == (std::int64_t{1} << 40));
  CHECK(params->get("train.epochs.more", 9) == 9);
  // by the pointer and length, and by hash
  CHECK(params->get("train.epochs", 12, 0) == 3);
  CHECK(params->get(KEYHASH(train.epochs), 0) == 3);
  CHECK(params->get(hyperparameter::xxhash("train.lr", 8), 0.0) == 0.5);
  const char* name = "train.name";
  CHECK(std::string(params->get(name, "none")) == "run");
  // A re-put key has its new value and type.
  params->put("train.epochs", "many");
  CHECK(std::string(params->get("train.epochs", "")) == "many");
  delete params;
}

TEST_CASE("create_shared gives a shared_ptr store", "[compat][store]") {
  std::shared_ptr<hyperparameter::Hyperparameter> params = hyperparameter::create_shared();
  params->put("x", 1);
  CHECK(params->get("x", 0) == 1);
  CHECK(params.use_count() == 1);
}

TEST_CASE("get returns the default's type, converting as upstream does", "[compat][convert]") {
  auto params = hyperparameter::create_shared();
  params->put("count", 2)->put("flag", true)->put("off", false)->put("ratio", 2.5);
  static_assert(std::is_same_v<decltype(params->get("count", 1.0)), double>);
  static_assert(std::is_same_v<decltype(params->get("count", "x")), const char*>);
  static_assert(std::is_same_v<decltype(params->get("count", std::string())), std::string>);
  CHECK(params->get("count", 1.0) == 2.0);              // an int read as double
  CHECK(std::string(params->get("count", "")) == "2");  // an int read as text
  CHECK(std::string(params->get("flag", "")) == "true");
  CHECK(std::string(params->get("off", "")) == "false");
  CHECK(params->get("off", 1) == 0);  // a bool read as int
  CHECK(params->get("flag", 0) == 1);
  CHECK(params->get("ratio", std::string()) == "2.5");
  // Text spelling a bool, in the spellings upstream's tests use.
  params->put("t1", "true")->put("t2", "YES")->put("t3", "FALSE")->put("t4", "NO")->put("t5", "On");
  CHECK(params->get("t1", false));
  CHECK(params->get("t2", false));
  CHECK_FALSE(params->get("t3", true));
  CHECK_FALSE(params->get("t4", true));
  CHECK(params->get("t5", false));
}

TEST_CASE("a value that does not convert throws instead of giving the default", "[compat][convert]") {
  auto params = hyperparameter::create_shared();
  params->put("model.layers", "four")->put("model.ratio", 2.5)->put("model.dropout", 0.1);
  try {
    (void)params->get("model.layers", 3);
    FAIL("no error");
  } catch (const hp::conversion_error& e) {
    const std::string message = e.what();
    CHECK(message.find("model.layers") != std::string::npos);
    CHECK(message.find("four") != std::string::npos);
    CHECK(message.find("int") != std::string::npos);
  }
  CHECK_THROWS_AS(params->get("model.ratio", 1), hp::conversion_error);  // 2.5 is not an int
  CHECK_THROWS_AS(params->get(KEYHASH(model.dropout), false), hp::conversion_error);
  auto guard = WITH_PARAMS(model.layers, "four");
  CHECK_THROWS_AS(GET_PARAM(model.layers, 3), hp::conversion_error);
}

TEST_CASE("keys are validated: a bad key in put or get throws hp::invalid_key", "[compat][key]") {
  auto params = hyperparameter::create_shared();
  CHECK_THROWS_AS(params->put("a..b", 1), hp::invalid_key);
  CHECK_THROWS_AS(params->put(std::string("a b"), 1), hp::invalid_key);
  CHECK_THROWS_AS(params->get("x/y", 1), hp::invalid_key);
  CHECK_THROWS_AS(params->get("a.b", 0, 1), hp::invalid_key);  // zero length: the empty key
}

TEST_CASE("an object's values are its own until enter() makes them current", "[compat][scope]") {
  hyperparameter::Hyperparameter* params = hyperparameter::create();
  params->put("lr", 0.1);
  CHECK(params->get("lr", 0.0) == 0.1);
  CHECK_FALSE(hp::has("lr"));
  CHECK(GET_PARAM(lr, 0.0) == 0.0);

  CHECK(params->enter() == params);
  CHECK(hp::get<double>("lr") == 0.1);
  CHECK(GET_PARAM(lr, 0.0) == 0.1);
  params->put("lr", 0.2);  // while entered: the current scope sees it
  CHECK(hp::get<double>("lr") == 0.2);
  CHECK(params->exit() == params);
  CHECK_FALSE(hp::has("lr"));
  CHECK(params->get("lr", 0.0) == 0.2);

  CHECK_THROWS_AS(params->exit(), hp::error);
  params->enter();
  CHECK(hp::has("lr"));
  delete params;  // exits what it entered
  CHECK_FALSE(hp::has("lr"));
}

TEST_CASE("an object that is not entered reads its own values over the current scope", "[compat][scope]") {
  hp::with_scope outer{{"a", 1}, {"b", 2}};
  auto params = hyperparameter::create_shared();
  params->put("b", 20);
  CHECK(params->get("a", 0) == 1);   // from the scope
  CHECK(params->get("b", 0) == 20);  // its own wins
  CHECK(params->get(KEYHASH(a), 0) == 1);
  CHECK(hp::get<int>("b") == 2);
}

TEST_CASE("WITH_PARAMS returns a unique_ptr guard whose scope lasts as long as it does", "[compat][macros]") {
  CHECK(GET_PARAM(net.depth, 1) == 1);
  {
    auto guard = WITH_PARAMS(net.depth, 4, net.act, "relu", net.dropout, 0.5, net.bias, false);
    static_assert(std::is_same_v<decltype(guard), std::unique_ptr<hyperparameter::Hyperparameter>>);
    CHECK(GET_PARAM(net.depth, 1) == 4);
    CHECK(std::string(GET_PARAM(net.act, "tanh")) == "relu");
    CHECK(GETPARAM(net.dropout, 0.0) == 0.5);
    CHECK(GET_PARAM(net.bias, 1) == 0);
    CHECK(std::string(GET_PARAM(net.bias, "true")) == "false");
    CHECK(hp::get<int>("net.depth") == 4);  // the core reads it too
    CHECK(guard->get("net.depth", 0) == 4);
    {
      auto inner = WITH_PARAMS(net.depth, 8);
      CHECK(GET_PARAM(net.depth, 1) == 8);
      CHECK(std::string(GET_PARAM(net.act, "tanh")) == "relu");
    }
    CHECK(GET_PARAM(net.depth, 1) == 4);
  }
  CHECK(GET_PARAM(net.depth, 1) == 1);
  CHECK(std::string(GET_PARAM(net.act, "tanh")) == "tanh");
}

TEST_CASE("WITH_PARAMS takes up to ten pairs", "[compat][macros]") {
  auto guard = WITH_PARAMS(k.a, 1, k.b, 2, k.c, 3, k.d, 4, k.e, 5, k.f, 6, k.g, 7, k.h, 8, k.i, 9, k.j, 10);
  int sum = GET_PARAM(k.a, 0) + GET_PARAM(k.b, 0) + GET_PARAM(k.c, 0) + GET_PARAM(k.d, 0) + GET_PARAM(k.e, 0) +
            GET_PARAM(k.f, 0) + GET_PARAM(k.g, 0) + GET_PARAM(k.h, 0) + GET_PARAM(k.i, 0) + GET_PARAM(k.j, 0);
  CHECK(sum == 55);
  CHECK(hp::current().size() == 10);
}

TEST_CASE("keys spelled with bool words work as tokens", "[compat][macros]") {
  auto guard = WITH_PARAMS(a.true, 1, a.on, 2, a.TRUE, 3, a.False, 4);
  CHECK(GET_PARAM(a.true, 0) == 1);
  CHECK(GET_PARAM(a.on, 0) == 2);
  CHECK(GET_PARAM(a.TRUE, 0) == 3);  // keys are case-sensitive
  CHECK(GET_PARAM(a.False, 0) == 4);
  CHECK(GET_PARAM(a.false, 0) == 0);
  CHECK(hp::get<int>("a.TRUE") == 3);
}

TEST_CASE("the core's scopes are what the macros read", "[compat][macros]") {
  hp::with_scope scope("opt.name=sgd", "opt.momentum=0.9", "opt.nesterov=yes");
  CHECK(std::string(GET_PARAM(opt.name, "adam")) == "sgd");
  CHECK(GET_PARAM(opt.momentum, 0.0) == 0.9);
  CHECK(GET_PARAM(opt.nesterov, false));
  CHECK(GET_PARAM(opt.missing, std::string("none")) == "none");
}

TEST_CASE("text read through a const char* default stays valid after its scope closes", "[compat][macros]") {
  const char* kept = nullptr;
  {
    auto guard = WITH_PARAMS(run.tag, std::string("baseline-") + "7");
    kept = GET_PARAM(run.tag, "");
  }
  CHECK(std::string(kept) == "baseline-7");
  CHECK(GET_PARAM(run.tag, "") == std::string());
}

TEST_CASE("scopes from WITH_PARAMS belong to their thread", "[compat][threads]") {
  auto guard = WITH_PARAMS(who, "main");
  CHECK(on_new_thread([] { return std::string(GET_PARAM(who, "nobody")); }) == "nobody");
  CHECK(on_new_thread([] {
    auto mine = WITH_PARAMS(who, "worker");
    return std::string(GET_PARAM(who, "nobody"));
  }) == "worker");
  CHECK(std::string(GET_PARAM(who, "nobody")) == "main");
}

TEST_CASE("reads through the compat API count in the operative configuration", "[compat][operative]") {
  tracking_on tracking;
  auto guard = WITH_PARAMS(train.batch, 32);
  CHECK(GET_PARAM(train.batch, 1) == 32);
  CHECK(GET_PARAM(train.warmup, 0.25) == 0.25);
  auto params = hyperparameter::create_shared();
  params->put("train.seed", 7);
  CHECK(params->get(KEYHASH(train.seed), 0) == 7);
  const hp::params read = hp::operative_config();
  REQUIRE(read.size() == 3);
  CHECK(read.get<int>("train.batch") == 32);
  CHECK(read.source("train.batch") == "code");
  CHECK(read.get<double>("train.warmup") == 0.25);
  CHECK(read.source("train.warmup") == "default");
  CHECK(read.get<int>("train.seed") == 7);
}

#define HP_COMPAT_TEST_EPOCHS 10

TEST_CASE("GET_PARAM and KEYHASH take the key as written; GETPARAM and WITH_PARAMS expand it, as upstream",
          "[compat][macros]") {
  static_assert(KEYHASH(train.HP_COMPAT_TEST_EPOCHS) == hp::xxh64("train.HP_COMPAT_TEST_EPOCHS", 42));
  auto params = hyperparameter::create_shared();
  params->put("train.HP_COMPAT_TEST_EPOCHS", 5)->enter();
  CHECK(GET_PARAM(train.HP_COMPAT_TEST_EPOCHS, 1) == 5);
  CHECK(params->get(KEYHASH(train.HP_COMPAT_TEST_EPOCHS), 1) == 5);
  CHECK(GETPARAM(train.HP_COMPAT_TEST_EPOCHS, 1) == 1);  // the key train.10, not set
  {
    auto guard = WITH_PARAMS(train.HP_COMPAT_TEST_EPOCHS, 7);
    CHECK(hp::get<int>("train.10") == 7);
    CHECK(GET_PARAM(train.HP_COMPAT_TEST_EPOCHS, 1) == 5);
  }
  params->exit();
}

TEST_CASE("text put through the compat API reads back as written: a ${ in it is no reference", "[compat][convert]") {
  auto params = hyperparameter::create_shared();
  params->put("a.b", 7)->put("run.cmd", "echo ${HOME}")->put("run.ref", "${a.b}")->put("run.esc", "$${x}");
  CHECK(params->get("run.cmd", std::string()) == "echo ${HOME}");
  CHECK(params->get("run.ref", std::string()) == "${a.b}");
  CHECK(std::string(params->get(KEYHASH(run.esc), "")) == "$${x}");
  params->enter();
  CHECK(hp::get<std::string>("run.ref") == "${a.b}");  // the core reads the same text
  CHECK(std::string(GET_PARAM(run.cmd, "")) == "echo ${HOME}");
  {
    auto guard = WITH_PARAMS(fmt, "${name}-run");
    CHECK(std::string(GET_PARAM(fmt, "")) == "${name}-run");
  }
  params->exit();
  // A value the core's own API wrote keeps the core's meaning: its reference resolves.
  hp::with_scope scope{{"x.ref", "${x.n}"}, {"x.n", 3}};
  CHECK(GET_PARAM(x.ref, 0) == 3);
}

TEST_CASE("a double read as text is written as upstream writes it: no exponent", "[compat][convert]") {
  auto params = hyperparameter::create_shared();
  params->put("lr", 1e-5)->put("steps", 1e6)->put("big", 1e20)->put("nan", std::nan(""));
  params->put("half", 0.5)->put("two", 2.0)->put("neg", -0.25)->put("third", 1.0 / 3);
  CHECK(params->get("lr", std::string()) == "0.00001");
  CHECK(params->get("steps", std::string()) == "1000000");
  CHECK(std::string(params->get("big", "")) == "100000000000000000000");
  CHECK(std::string(params->get(KEYHASH(nan), "")) == "NaN");
  CHECK(params->get("half", std::string()) == "0.5");
  CHECK(params->get("two", std::string()) == "2");
  CHECK(params->get("neg", std::string()) == "-0.25");
  CHECK(params->get("third", std::string()) == "0.3333333333333333");
  CHECK(hp::get("lr", std::string()) == "");  // not entered; the core's reads are untouched
}

TEST_CASE("text bools: upstream's one-letter spellings, and the core's", "[compat][convert]") {
  auto params = hyperparameter::create_shared();
  params->put("t", "T")->put("y", "y")->put("Y", "Y")->put("f", "F")->put("n", "n")->put("N", "N");
  CHECK(params->get("t", false));
  CHECK(params->get("y", false));
  CHECK(params->get(KEYHASH(Y), false));
  CHECK_FALSE(params->get("f", true));
  CHECK_FALSE(params->get("n", true));
  CHECK_FALSE(params->get("N", true));
  params->put("one", "1")->put("x", "x");
  CHECK(params->get("one", false));  // upstream gives the default here
  CHECK_THROWS_AS(params->get("x", false), hp::conversion_error);
}

TEST_CASE("a null text default gives empty text, read by name or by hash", "[compat][convert]") {
  auto params = hyperparameter::create_shared();
  const char* by_hash = params->get(KEYHASH(missing.key), static_cast<const char*>(nullptr));
  const char* by_name = params->get("missing.key", static_cast<const char*>(nullptr));
  REQUIRE(by_hash != nullptr);
  REQUIRE(by_name != nullptr);
  CHECK(std::string(by_hash).empty());
  CHECK(std::string(by_name).empty());
}

TEST_CASE("exit() of a scope that is not the innermost throws and changes nothing", "[compat][scope]") {
  auto x = hyperparameter::create_shared();
  auto y = hyperparameter::create_shared();
  x->put("a", 1)->enter();
  y->put("a", 2)->enter();
  CHECK_THROWS_AS(x->exit(), hp::usage_error);
  CHECK_THROWS_WITH(x->exit(), Catch::Contains("exit(): its scope is not the innermost of this thread"));
  CHECK(GET_PARAM(a, 0) == 2);
  const bool thrown_elsewhere = on_new_thread([&] {
    try {
      y->exit();
      return false;
    } catch (const hp::usage_error&) {
      return true;
    }
  });
  CHECK(thrown_elsewhere);
  CHECK(GET_PARAM(a, 0) == 2);
  y->exit();
  CHECK(GET_PARAM(a, 0) == 1);
  x->exit();
  CHECK(GET_PARAM(a, 0) == 0);
}
