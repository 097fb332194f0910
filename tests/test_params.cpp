// hp::params: the ordered flat map that config files and command lines parse into.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {
std::vector<std::pair<std::string, hp::value>> items(const hp::params& p) {
  std::vector<std::pair<std::string, hp::value>> out;
  for (const auto& [k, v] : p) out.emplace_back(k, v);
  return out;
}
}  // namespace

TEST_CASE("params keep insertion order; a re-set key keeps its first position", "[params]") {
  hp::params p;
  p.set("b", 1).set("a", "x").set("c", 2.5);
  p.set("b", 7, "config.yaml:4");
  CHECK(p.size() == 3);
  CHECK(items(p) == std::vector<std::pair<std::string, hp::value>>{{"b", 7}, {"a", "x"}, {"c", 2.5}});
  CHECK(p.source("b") == "config.yaml:4");
  CHECK(p.source("a") == "code");
}

TEST_CASE("params read like a scope", "[params]") {
  const hp::params p{{"n", "4"}, {"ratio", 0.5}, {"path", "${root}/x"}, {"root", "/data"}};
  CHECK(p.get<int>("n") == 4);
  CHECK(p.get("missing", 3) == 3);
  CHECK(p.find<double>("ratio") == 0.5);
  CHECK_FALSE(p.find<double>("missing").has_value());
  CHECK(p.has("n"));
  CHECK_FALSE(p.has("m"));
  CHECK(p.get<std::string>("path") == "/data/x");  // interpolated against the params themselves
  CHECK_THROWS_AS(p.get<int>("missing"), hp::missing_parameter);
  CHECK_THROWS_AS(p.get<int>("ratio"), hp::conversion_error);
  CHECK_THROWS_AS(p.source("missing"), hp::missing_parameter);
}

TEST_CASE("merge: the argument wins and its new keys follow", "[params]") {
  hp::params defaults;
  defaults.set("a", 1).set("b", 2);
  hp::params file;
  file.set("b", 20, "config.toml:2").set("c", 30, "config.toml:3");
  defaults.merge(file);
  CHECK(items(defaults) == std::vector<std::pair<std::string, hp::value>>{{"a", 1}, {"b", 20}, {"c", 30}});
  CHECK(defaults.source("b") == "config.toml:2");
  CHECK(defaults.source("a") == "code");
}

TEST_CASE("params validate keys and never half-apply a bad key", "[params]") {
  hp::params p;
  CHECK_THROWS_AS(p.set("bad key", 1), hp::invalid_key);
  CHECK_THROWS_WITH(p.set("a..b", 1, "config.json"),
                    "hp::invalid_key: key 'a..b' is invalid at position 2: empty segment (from config.json)");
  CHECK(p.size() == 0);
  CHECK(p.empty());
}

TEST_CASE("copies of params read their own entries, whatever happens to the original", "[params]") {
  auto original = std::make_unique<hp::params>();
  for (int i = 0; i < 200; ++i) original->set("copy.k" + std::to_string(i), i);  // grows several times
  hp::params copied(*original);
  hp::params assigned;
  assigned.set("copy.other", -1);
  assigned = *original;
  hp::params moved(std::move(*original));
  original->set("copy.k7", 700);  // a moved-from params is empty and usable
  CHECK(original->size() == 1);
  original.reset();
  copied.set("copy.k1", 100);  // a copy changes alone
  for (int i = 0; i < 200; ++i) {
    const std::string k = "copy.k" + std::to_string(i);
    CHECK(copied.get<int>(k) == (i == 1 ? 100 : i));
    CHECK(assigned.get<int>(k) == i);
    CHECK(moved.get<int>(k) == i);
  }
  CHECK_FALSE(assigned.has("copy.other"));
  CHECK(copied.size() == 200);
  hp::with_scope s(copied);
  CHECK(hp::get("copy.k199", 0) == 199);
}
