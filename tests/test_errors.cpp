// The error model: every error the core raises, its type, base and message.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>
#include <hyperparameter/sweep.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "scope_test_support.hpp"

using hp_test::clean_view;

namespace {
template <class Error, class Fn>
Error caught(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected error was not thrown");
  throw std::logic_error("unreachable");
}
}  // namespace

TEST_CASE("all errors derive from hp::error and std::runtime_error", "[errors]") {
  static_assert(std::is_base_of_v<std::runtime_error, hp::error>);
  static_assert(std::is_base_of_v<hp::error, hp::missing_parameter>);
  static_assert(std::is_base_of_v<hp::error, hp::conversion_error>);
  static_assert(std::is_base_of_v<hp::error, hp::invalid_key>);
  static_assert(std::is_base_of_v<hp::error, hp::parse_error>);
  static_assert(std::is_base_of_v<hp::error, hp::unknown_parameter>);
  static_assert(std::is_base_of_v<hp::error, hp::io_error>);
  static_assert(std::is_base_of_v<hp::error, hp::declaration_conflict>);
  static_assert(std::is_base_of_v<hp::error, hp::hash_collision>);
  static_assert(std::is_base_of_v<hp::error, hp::usage_error>);
  CHECK_THROWS_AS(hp::get<int>("nowhere"), hp::error);
}

TEST_CASE("missing_parameter names the key", "[errors]") {
  clean_view clean;
  const auto e = caught<hp::missing_parameter>([] { (void)hp::get<int>("dnn.layers"); });
  CHECK(e.key() == "dnn.layers");
  CHECK(std::string(e.what()) == "hp::missing_parameter: key 'dnn.layers' is not set");
  CHECK_THROWS_AS(hp::current().get<int>("dnn.layers"), hp::missing_parameter);
  CHECK_THROWS_AS(hp::params().get<int>("dnn.layers"), hp::missing_parameter);
  CHECK_THROWS_AS(hp::current().source("dnn.layers"), hp::missing_parameter);
}

TEST_CASE("conversion_error names key, text, wanted type and source", "[errors]") {
  clean_view clean;
  hp::with_scope s("dnn.layers=four");
  const auto e = caught<hp::conversion_error>([] { (void)hp::get<int>("dnn.layers"); });
  CHECK(e.key() == "dnn.layers");
  CHECK(e.text() == "\"four\"");
  CHECK(e.wanted_type() == "int");
  CHECK(e.source() == "define 'dnn.layers=four'");
  CHECK(std::string(e.what()) ==
        "hp::conversion_error: key 'dnn.layers' = \"four\" is not a valid int (from define 'dnn.layers=four'): "
        "not a whole decimal integer");
  hp::params p;
  p.set("lr", "fast", "config.yaml:7");
  CHECK_THROWS_WITH(p.get<double>("lr"), "hp::conversion_error: key 'lr' = \"fast\" is not a valid double "
                                         "(from config.yaml:7): not a number");
}

TEST_CASE("invalid_key names the key and position, and where it came from", "[errors]") {
  const auto e = caught<hp::invalid_key>([] { (void)hp::with_scope("dnn..layers=4"); });
  CHECK(e.key() == "dnn..layers");
  CHECK(e.position() == 4);
  CHECK(std::string(e.what()) ==
        "hp::invalid_key: key 'dnn..layers' is invalid at position 4: empty segment (from define 'dnn..layers=4')");
}

TEST_CASE("parse_error has source and line", "[errors]") {
  const auto e = caught<hp::parse_error>([] { (void)hp::parse_define("=3"); });
  CHECK(e.source() == "define '=3'");
  CHECK(e.line() == 0);
  const hp::parse_error with_line("config.yaml", 3, "bad indentation");
  CHECK(with_line.line() == 3);
  CHECK(std::string(with_line.what()) == "hp::parse_error: config.yaml:3: bad indentation");
}

TEST_CASE("unknown_parameter carries a suggestion", "[errors]") {
  const hp::unknown_parameter e("dnn.layer", "-D argv[2]", "dnn.layers");
  CHECK(e.key() == "dnn.layer");
  CHECK(e.suggestion() == "dnn.layers");
  CHECK(std::string(e.what()) ==
        "hp::unknown_parameter: key 'dnn.layer' (from -D argv[2]) is not a declared parameter; did you mean "
        "'dnn.layers'?");
}

TEST_CASE("interpolation errors name both keys", "[errors]") {
  clean_view clean;
  hp::params p;
  p.set("out", "${run.dir}/log", "config.yaml:2");
  const auto e = caught<hp::missing_parameter>([&] { (void)p.get<std::string>("out"); });
  CHECK(e.key() == "run.dir");
  CHECK(std::string(e.what()) ==
        "hp::missing_parameter: key 'out' (from config.yaml:2) refers to '${run.dir}', which is not set");
  p.set("run.dir", "${out}", "config.yaml:3");
  const auto cycle = caught<hp::parse_error>([&] { (void)p.get<std::string>("out"); });
  CHECK(std::string(cycle.what()) == "hp::parse_error: config.yaml:2: interpolation cycle: out -> run.dir -> out");
}

TEST_CASE("io_error names the file that cannot be read or written", "[errors]") {
  const std::string dir = (std::filesystem::temp_directory_path() / "hp-test-errors-no-such-dir").string();
  std::filesystem::remove_all(dir);
  // No adapter is in this program: a file it cannot read by its extension (the adapters' tests
  // check a missing and an unreadable file).
  const std::string unknown = dir + "/config.ini";
  const hp::io_error read = caught<hp::io_error>([&] { (void)hp::load_config(unknown); });
  CHECK(read.path() == unknown);
  CHECK(std::string(read.what()) == "hp::io_error: cannot load config '" + unknown +
                                         "': unknown extension '.ini' (supported: .json .yaml .yml .toml)");

  const std::string unwritable = dir + "/out.json";
  const hp::io_error written = caught<hp::io_error>([&] { hp::save_config(hp::params{{"a.b", 1}}, unwritable); });
  CHECK(written.path() == unwritable);
  CHECK(std::string(written.what()) ==
        "hp::io_error: cannot save config '" + unwritable + "': No such file or directory");
}

TEST_CASE("declaration_conflict names the key and both declarations", "[errors]") {
  // Found at static initialisation: thrown when the command line is parsed.
  hp::detail::registry_store early;
  early.add({"errors.depth", "int", hp::value(3), "", "a.cpp:1"});
  early.add({"errors.depth", "double", hp::value(2.5), "", "b.cpp:2"});
  const hp::declaration_conflict deferred = caught<hp::declaration_conflict>([&] { early.main_time(); });
  CHECK(deferred.key() == "errors.depth");
  CHECK(std::string(deferred.what()) ==
        "hp::declaration_conflict: parameter 'errors.depth' is declared twice, as int = 3 at a.cpp:1 and as double "
        "= 2.5 at b.cpp:2");

  // Found later: thrown by the second declaration.
  hp::detail::registry_store running;
  running.main_time();
  running.add({"errors.width", "int", hp::value(3), "", "a.cpp:1"});
  const hp::declaration_conflict now = caught<hp::declaration_conflict>(
      [&] { running.add({"errors.width", "int", hp::value(4), "", "c.cpp:3"}); });
  CHECK(now.key() == "errors.width");
  CHECK(std::string(now.what()) ==
        "hp::declaration_conflict: parameter 'errors.width' is declared twice, as int = 3 at a.cpp:1 and as int = 4 "
        "at c.cpp:3");
}

TEST_CASE("hash_collision names both keys", "[errors]") {
  // Two real keys with one 64-bit hash are not at hand: the check that finds them is called directly.
  const hp::detail::entry first("errors.a", hp::value(1), "code");
  const hp::detail::entry second("errors.b", hp::value(2), "code");
  const hp::hash_collision e =
      caught<hp::hash_collision>([&] { hp::detail::throw_hash_collision(first, second); });
  CHECK(e.key() == "errors.a");
  CHECK(e.other_key() == "errors.b");
  CHECK(std::string(e.what()) == "hp::hash_collision: keys 'errors.a' and 'errors.b' have the same hash");
}

TEST_CASE("usage_error says what was misused", "[errors]") {
  hp::grid g;
  g.add("errors.lr", {0.1, 0.2});
  const hp::usage_error twice = caught<hp::usage_error>([&] { g.add("errors.lr", {0.3}); });
  CHECK(std::string(twice.what()) == "hp::usage_error: sweep axis 'errors.lr' is given twice (from code)");
  const hp::usage_error threads = caught<hp::usage_error>([&] { (void)hp::sweep(g, [] {}, 0); });
  CHECK(std::string(threads.what()) == "hp::usage_error: hp::sweep needs at least one thread (got 0)");
}
