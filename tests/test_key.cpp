// Keys: XXH64 hashing, validation rules and positions, compile-time keys.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <string>

using namespace hp::literals;

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

// Compile-time checks: the reference vector and a constexpr key.
static_assert(hp::xxh64("0123456789abcdefghijklmnopqrstuvwxyz", 42) == 5308235351123835395ULL);
static_assert(hp::xxh64("", 0) == 0xEF46DB3751D8E999ULL);
static_assert("dnn.layers"_hp.hash() == hp::xxh64("dnn.layers", 42));
static_assert("dnn.layers"_hp.name() == "dnn.layers");

namespace {
constexpr std::string_view hash_text = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";

// xxh64 (seed 0) of every prefix of hash_text, computed by the compiler.
constexpr std::array<std::uint64_t, hash_text.size() + 1> compile_time_hashes() {
  std::array<std::uint64_t, hash_text.size() + 1> out{};
  for (std::size_t n = 0; n <= hash_text.size(); ++n) out[n] = hp::xxh64(hash_text.substr(0, n), 0);
  return out;
}
constexpr auto prefix_hashes = compile_time_hashes();

// The constexpr path against the reference implementation (xxhsum -H64 of each prefix) for
// every tail: 8-, 4- and 1-byte steps, with and without 32-byte stripes.
static_assert(prefix_hashes[0] == 0xef46db3751d8e999ULL);
static_assert(prefix_hashes[1] == 0x633457081244afecULL);
static_assert(prefix_hashes[3] == 0x1c2dcb4b9024d73dULL);
static_assert(prefix_hashes[4] == 0x4c33072b45647dcbULL);
static_assert(prefix_hashes[5] == 0x34cb4c2ee6166f65ULL);
static_assert(prefix_hashes[7] == 0x97ee4fe4a0ff4dfaULL);
static_assert(prefix_hashes[8] == 0xe4ba22a49ad89d3fULL);
static_assert(prefix_hashes[9] == 0x43ecc9248bc07d20ULL);
static_assert(prefix_hashes[12] == 0x862e292326b8a4fcULL);
static_assert(prefix_hashes[16] == 0x5c5b90c34e376d0bULL);
static_assert(prefix_hashes[31] == 0x80adfc1d42020f39ULL);
static_assert(prefix_hashes[32] == 0xbf7c9dbe16b5c6e2ULL);
static_assert(prefix_hashes[33] == 0xe97423e605e2f3b4ULL);
static_assert(prefix_hashes[36] == 0x69196c1b3af0bff9ULL);
static_assert(prefix_hashes[40] == 0x8df6b75c7d2f9d11ULL);
static_assert(prefix_hashes[63] == 0x85cce7661e96194fULL);
static_assert(prefix_hashes[64] == 0x4356f430391d340bULL);
static_assert(prefix_hashes[65] == 0x5c155a8ba09c5d80ULL);
static_assert(prefix_hashes[72] == 0xe597db74e7ce323cULL);
}  // namespace

TEST_CASE("xxh64 at run time matches the constexpr path for every input length", "[key]") {
  CHECK(hp::xxh64(std::string("0123456789abcdefghijklmnopqrstuvwxyz"), 42) == 5308235351123835395ULL);
  // A run-time string (not a constant the compiler could fold) hashed by the same function.
  const std::string text(hash_text);
  for (std::size_t n = 0; n <= text.size(); ++n) {
    INFO("length " << n);
    const std::string part = text.substr(0, n);
    CHECK(hp::xxh64(part, 0) == prefix_hashes[n]);
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

namespace {
std::string layers_name() { return "dnn.layers"; }
}  // namespace

// An hp::key does not own its name, so it is not built from a temporary std::string
// (compile_fail/key_from_temporary_string.cpp); a call that uses its key only while it runs is.
TEST_CASE("reads and writes take a temporary std::string as their key", "[key]") {
  static_assert(!std::is_convertible_v<std::string&&, hp::key>);
  static_assert(!std::is_constructible_v<hp::key, std::string&&>);
  static_assert(std::is_convertible_v<const std::string&, hp::key>);
  hp::with_scope scope{{"dnn.layers", 4}, {"dnn.1", 7}};
  const int i = 1;
  CHECK(hp::get<int>("dnn." + std::to_string(i)) == 7);
  CHECK(hp::get(layers_name(), 0) == 4);
  CHECK(hp::get(std::string("dnn.missing"), 9) == 9);
  CHECK(hp::find<int>(std::string("dnn.layers")) == 4);
  CHECK_FALSE(hp::find<int>(std::string("dnn.missing")).has_value());
  CHECK(hp::has(layers_name()));
  CHECK_FALSE(hp::has(std::string("dnn.missing")));
  hp::set(layers_name(), 5);
  CHECK(hp::get<int>(layers_name()) == 5);
  CHECK_THROWS_AS(hp::get<int>(std::string("dnn..x")), hp::invalid_key);
  const auto epochs = hp::declare(std::string("temporary.epochs"), 3);
  CHECK(epochs.key() == "temporary.epochs");
  CHECK(epochs() == 3);
  // The same on a frame, a guard and params.
  const hp::frame f = hp::current();
  CHECK(f.get<int>(layers_name()) == 5);
  CHECK(f.get(std::string("dnn.missing"), 9) == 9);
  CHECK(f.find<int>("dnn." + std::to_string(i)) == 7);
  CHECK(f.has(layers_name()));
  CHECK_FALSE(scope.has(std::string("dnn.missing")));
  CHECK(scope.get<int>(layers_name()) == 5);
  hp::params p;
  p.set("a.b", 2);
  CHECK(p.get<int>(std::string("a.b")) == 2);
  CHECK(p.source(std::string("a.b")) == "code");
}
