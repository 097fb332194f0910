// Keys: XXH64 hashing, validation rules and positions, compile-time keys.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <string>

using namespace hp::literals;

// Compile-time checks: the reference vector and a constexpr key.
static_assert(hp::xxh64("0123456789abcdefghijklmnopqrstuvwxyz", 42) == 5308235351123835395ULL);
static_assert(hp::xxh64("", 0) == 0xEF46DB3751D8E999ULL);
static_assert("dnn.layers"_hp.hash() == hp::xxh64("dnn.layers", 42));
static_assert("dnn.layers"_hp.name() == "dnn.layers");

TEST_CASE("xxh64 matches the reference at run time for every input length", "[key]") {
  CHECK(hp::xxh64(std::string("0123456789abcdefghijklmnopqrstuvwxyz"), 42) == 5308235351123835395ULL);
  const std::string text = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";
  // Every tail length (8-, 4- and 1-byte steps, with and without 32-byte stripes)
  // must hash the same whether computed at run time or by the constexpr path.
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const std::string part = text.substr(0, n);
    CHECK(hp::xxh64(part, 42) == hp::xxh64(std::string_view(part), 42));
  }
  CHECK(hp::xxh64("abc", 0) != hp::xxh64("abd", 0));
  CHECK(hp::xxh64("abc", 0) != hp::xxh64("abc", 1));
}

TEST_CASE("valid keys include digits, dashes, underscores and UTF-8", "[key]") {
  for (const char* name : {"a", "a.123.b", "some-key", "_private", "config.中文.value", "test🎉", "A.b_c-d.9"}) {
    INFO(name);
    const hp::key k(name);
    CHECK(k.name() == name);
    CHECK(k.hash() == hp::xxh64(name, 42));
  }
}

namespace {
std::size_t invalid_position(const std::string& name) {
  try {
    hp::key k(name);
    (void)k;
  } catch (const hp::invalid_key& e) {
    CHECK(e.key() == name);
    CHECK(std::string(e.what()).rfind("hp::invalid_key: key '", 0) == 0);
    return e.position();
  }
  FAIL("no hp::invalid_key for '" << name << "'");
  return 0;
}
}  // namespace

TEST_CASE("invalid keys throw hp::invalid_key naming the position", "[key]") {
  CHECK(invalid_position("") == 0);
  CHECK(invalid_position(".a") == 0);
  CHECK(invalid_position("a.") == 1);
  CHECK(invalid_position("a..b") == 2);
  CHECK(invalid_position("ab.cd.") == 5);
  CHECK(invalid_position("a b") == 1);
  CHECK(invalid_position(" a") == 0);
  CHECK(invalid_position("a\tb") == 1);
  CHECK(invalid_position("a\x01") == 1);
  CHECK(invalid_position("a\x7f") == 1);
  for (const char* punct : {"=", "$", "{", "}", "[", "]", ",", ":", "/", "\"", "'", "*", "?", "#", "@", "!", "+"}) {
    INFO(punct);
    CHECK(invalid_position(std::string("ab") + punct + "c") == 2);
  }
  // Invalid UTF-8: stray continuation, truncated, overlong, surrogate, past U+10FFFF.
  CHECK(invalid_position("a\x80") == 1);
  CHECK(invalid_position("ab\xe4\xb8") == 2);
  CHECK(invalid_position("\xc0\xaf") == 0);
  CHECK(invalid_position("x\xed\xa0\x80") == 1);
  CHECK(invalid_position("\xf4\x90\x80\x80") == 0);
}

TEST_CASE("invalid key messages say why", "[key]") {
  CHECK_THROWS_WITH(hp::key("a..b"), "hp::invalid_key: key 'a..b' is invalid at position 2: empty segment");
  CHECK_THROWS_WITH(hp::key("a=b"), Catch::Contains("position 1") && Catch::Contains("punctuation"));
  CHECK_THROWS_WITH(hp::key("a b"), Catch::Contains("whitespace"));
  CHECK_THROWS_WITH(hp::key(""), Catch::Contains("empty"));
}

TEST_CASE("every read and write validates its key", "[key]") {
  CHECK_THROWS_AS(hp::get<int>("a..b"), hp::invalid_key);
  CHECK_THROWS_AS(hp::get("a b", 1), hp::invalid_key);
  CHECK_THROWS_AS(hp::find<int>("a$"), hp::invalid_key);
  CHECK_THROWS_AS(hp::has(".a"), hp::invalid_key);
  CHECK_THROWS_AS(hp::set("a.", 1), hp::invalid_key);
  CHECK_THROWS_AS((hp::with_scope{{"bad key", 1}}), hp::invalid_key);
  CHECK_THROWS_AS(hp::with_scope("bad key=1"), hp::invalid_key);
  hp::params p;
  CHECK_THROWS_AS(p.set("x..y", 1), hp::invalid_key);
  const hp::frame f = hp::current();
  CHECK_THROWS_AS(f.has("x..y"), hp::invalid_key);
}

TEST_CASE("compile-time keys read the same parameters as string keys", "[key]") {
  constexpr hp::key layers = "dnn.layers"_hp;
  hp::with_scope scope{{"dnn.layers", 4}};
  CHECK(hp::get(layers, 0) == 4);
  CHECK(hp::get<int>(layers) == 4);
  CHECK(hp::has(layers));
  CHECK(hp::find<int>(layers) == 4);
  CHECK(scope.get<int>(layers) == 4);
  CHECK(hp::current().get<int>(layers) == 4);
}
