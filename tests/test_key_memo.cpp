// Runtime keys: each thread remembers the keys it read by where their text
// lives, and what they found while its scopes are unchanged. Nothing a
// program can do with its strings or scopes may make a read return a stale
// or wrong value, or let an invalid key through.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <array>
#include <cstring>
#include <future>
#include <string>
#include <string_view>
#include <vector>

using namespace hp::literals;

namespace {
// The runtime path of xxh64 (word loads) must agree with the constexpr one
// (byte by byte) at every length: each tail step, with and without stripes.
constexpr std::string_view reference_text =
    "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";
constexpr auto compile_time_hashes = [] {
  std::array<std::uint64_t, reference_text.size() + 1> hashes{};
  for (std::size_t n = 0; n <= reference_text.size(); ++n) hashes[n] = hp::xxh64(reference_text.substr(0, n), 42);
  return hashes;
}();
}  // namespace

TEST_CASE("xxh64 at run time equals xxh64 at compile time for every length", "[key][memo]") {
  const std::string text(reference_text);
  for (std::size_t n = 0; n <= text.size(); ++n) {
    INFO("length " << n);
    CHECK(hp::xxh64(std::string_view(text.data(), n), 42) == compile_time_hashes[n]);
  }
}

TEST_CASE("a runtime key hashes like its compile-time twin, every time it is built", "[key][memo]") {
  const std::string name = "model.encoder.layers";
  for (int round = 0; round < 3; ++round) {
    const hp::key from_string(name);
    const hp::key from_pointer(name.c_str());
    const hp::key from_view{std::string_view(name)};
    CHECK(from_string.hash() == "model.encoder.layers"_hp.hash());
    CHECK(from_pointer.hash() == "model.encoder.layers"_hp.hash());
    CHECK(from_view.hash() == "model.encoder.layers"_hp.hash());
    CHECK(from_pointer.name() == "model.encoder.layers");
  }
}

TEST_CASE("a buffer that now holds another key reads that key", "[key][memo]") {
  hp::with_scope scope{{"a.b.c", 1}, {"a.b.d", 2}, {"a.b", 3}};
  char buffer[16] = "a.b.c";
  std::string text = "a.b.c";
  CHECK(hp::get(static_cast<const char*>(buffer), 0) == 1);
  CHECK(hp::get(text, 0) == 1);
  buffer[4] = 'd';
  text[4] = 'd';
  CHECK(hp::get(static_cast<const char*>(buffer), 0) == 2);
  CHECK(hp::get(text, 0) == 2);
  // Shorter at the same address: the terminator moved before the old end.
  buffer[3] = '\0';
  text.resize(3);
  CHECK(hp::get(static_cast<const char*>(buffer), 0) == 3);
  CHECK(hp::get(text, 0) == 3);
  // Longer again, and a prefix view of the same bytes.
  std::strcpy(buffer, "a.b.c");
  CHECK(hp::get(static_cast<const char*>(buffer), 0) == 1);
  CHECK(hp::get(std::string_view(buffer, 3), 0) == 3);
  CHECK(hp::get(std::string_view(buffer, 5), 0) == 1);
}

TEST_CASE("a remembered buffer that now holds an invalid key throws", "[key][memo]") {
  hp::with_scope scope{{"a.b.c", 1}};
  char buffer[16] = "a.b.c";
  CHECK(hp::get(static_cast<const char*>(buffer), 0) == 1);
  buffer[1] = ' ';
  CHECK_THROWS_AS(hp::get(static_cast<const char*>(buffer), 0), hp::invalid_key);
  CHECK_THROWS_AS(hp::get(std::string_view(buffer), 0), hp::invalid_key);
  buffer[1] = '.';
  buffer[4] = '.';
  try {
    (void)hp::get(std::string_view(buffer), 0);
    FAIL("a key ending with '.' was read");
  } catch (const hp::invalid_key& e) {
    CHECK(e.key() == "a.b..");
    CHECK(e.position() == 4);
  }
}

TEST_CASE("empty and null runtime keys throw hp::invalid_key", "[key][memo]") {
  CHECK_THROWS_AS(hp::get(std::string_view{}, 0), hp::invalid_key);
  CHECK_THROWS_WITH(hp::get(std::string{}, 0), Catch::Contains("hp::invalid_key") && Catch::Contains("the key is empty"));
  CHECK_THROWS_AS(hp::get(static_cast<const char*>(nullptr), 0), hp::invalid_key);
  CHECK_THROWS_WITH(hp::get(static_cast<const char*>(nullptr), 0), Catch::Contains("the key is a null pointer"));
  CHECK_THROWS_AS(hp::has(std::string_view{}), hp::invalid_key);
}

TEST_CASE("what a runtime key found is read again after every change of scope", "[key][memo]") {
  const std::string name = "memo.value";
  CHECK(hp::get(name, -1) == -1);
  {
    hp::with_scope outer{{"memo.value", 1}};
    CHECK(hp::get(name, -1) == 1);
    CHECK(hp::get(name, -1) == 1);
    {
      hp::with_scope inner{{"memo.value", 2}};
      CHECK(hp::get(name, -1) == 2);
      hp::set(name, 3);
      CHECK(hp::get(name, -1) == 3);
      CHECK(hp::has(name));
    }
    CHECK(hp::get(name, -1) == 1);
    const hp::frame before = hp::current();
    hp::set(name, 4);
    CHECK(hp::get(name, -1) == 4);
    {
      hp::with_scope again(before);
      CHECK(hp::get(name, -1) == 1);
    }
    CHECK(hp::get(name, -1) == 4);
  }
  CHECK(hp::get(name, -1) == -1);
  CHECK_FALSE(hp::has(name));
  CHECK_FALSE(hp::find<int>(name).has_value());
}

TEST_CASE("more runtime keys than the memo holds are all read right", "[key][memo]") {
  hp::params p;
  std::vector<std::string> names;
  for (int i = 0; i < 500; ++i) {
    names.push_back("many.key_" + std::to_string(i));
    p.set(names.back(), i);
  }
  hp::with_scope scope(p);
  for (int pass = 0; pass < 3; ++pass)
    for (int i = 0; i < 500; ++i) REQUIRE(hp::get(names[static_cast<std::size_t>(i)], -1) == i);
}

TEST_CASE("keys too long to remember are read right", "[key][memo]") {
  const std::string name = "long." + std::string(200, 'x') + ".tail";
  hp::with_scope scope{{name, 5}};
  for (int round = 0; round < 3; ++round) {
    CHECK(hp::get(name, 0) == 5);
    CHECK(hp::get(name.c_str(), 0) == 5);
  }
  std::string changed = name;
  changed.back() = 'X';
  CHECK(hp::get(changed, 0) == 0);
}

TEST_CASE("a runtime key built on one thread reads right on another", "[key][memo][threads]") {
  const std::string name = "shared.key";
  hp::with_scope scope{{"shared.key", 1}};
  const hp::key k(name);
  CHECK(hp::get(k, 0) == 1);
  const int seen = std::async(std::launch::async, [&] {
                     hp::with_scope mine{{"shared.key", 2}};
                     const int first = hp::get(k, 0);
                     hp::with_scope deeper{{"shared.key", 3}};
                     return first * 10 + hp::get(k, 0);
                   }).get();
  CHECK(seen == 23);
  CHECK(hp::get(k, 0) == 1);
}

TEST_CASE("a key kept while the memo moves and forgets keys still reads right", "[key][memo]") {
  const std::string kept_name = "memo.kept";
  hp::params p;
  p.set(kept_name, 7);
  std::vector<std::string> others;
  for (int i = 0; i < 200; ++i) {
    others.push_back("memo.other_" + std::to_string(i));
    p.set(others.back(), i);
  }
  hp::with_scope scope(p);
  const hp::key kept(kept_name);
  CHECK(hp::get(kept, 0) == 7);
  for (int round = 0; round < 4; ++round) {
    // Reading many other keys moves slots around and clears the memo.
    for (std::size_t i = 0; i < others.size(); ++i) REQUIRE(hp::get(others[i], -1) == static_cast<int>(i));
    CHECK(hp::get(kept, 0) == 7);
    CHECK(hp::get(kept_name, 0) == 7);
    hp::with_scope inner{{"memo.kept", 8 + round}};
    CHECK(hp::get(kept, 0) == 8 + round);
    CHECK(hp::get(kept_name, 0) == 8 + round);
  }
}
