// TOML config files: <hyperparameter/toml.hpp> and hp::load_config for .toml.
#include <hyperparameter/hp.hpp>
#include <hyperparameter/toml.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::keys_of;
using hp_test::temp_dir;
using hp_test::thrown_by;

TEST_CASE("toml: tables flatten to dotted keys with their lines; keys come sorted", "[toml]") {
  const temp_dir dir;
  const std::string path = dir.write("config.toml", R"(seed = 7

[train]
lr = 0.01
epochs = 10

[dnn]
layers = 4
activation = "tanh"
sizes = [64, 32]
nested = [[1, 2], ["a"]]
inline = { x = true, y = 2.5 }
day = 2024-05-01
)");
  const hp::params p = hp::load_config(path);
  // toml++ keeps tables as sorted maps, so document order is lost.
  CHECK(keys_of(p) == std::vector<std::string>{"dnn.activation", "dnn.day", "dnn.inline.x", "dnn.inline.y",
                                               "dnn.layers", "dnn.nested", "dnn.sizes", "seed", "train.epochs",
                                               "train.lr"});
  CHECK(p.find<hp::value>("seed") == hp::value(7));
  CHECK(p.get<double>("train.lr") == 0.01);
  CHECK(p.find<hp::value>("dnn.sizes") == hp::value{64, 32});
  CHECK(p.find<hp::value>("dnn.nested") == hp::value{hp::value{1, 2}, hp::value{"a"}});
  CHECK(p.find<hp::value>("dnn.inline.x") == hp::value(true));
  CHECK(p.find<hp::value>("dnn.day") == hp::value("2024-05-01"));  // dates become their text
  CHECK(p.source("seed") == path + ":1");
  CHECK(p.source("train.lr") == path + ":4");
  CHECK(p.source("dnn.activation") == path + ":9");
  CHECK(p.source("dnn.inline.y") == path + ":12");
}

TEST_CASE("toml: from_toml flattens a parsed table", "[toml]") {
  const hp::params named = hp::from_toml(toml::parse("a = 1\n[b]\nc = 'x'\n", std::string_view("settings.toml")));
  CHECK(named.get<std::string>("b.c") == "x");
  CHECK(named.source("b.c") == "settings.toml:3");
  const hp::params unnamed = hp::from_toml(toml::parse("a = 1\n"));
  CHECK(unnamed.source("a") == "toml:1");
}

TEST_CASE("toml: an empty file gives empty params", "[toml]") {
  const temp_dir dir;
  CHECK(hp::load_config(dir.write("empty.toml", "")).size() == 0);
  CHECK(hp::load_config(dir.write("comment.toml", "# nothing\n\n")).size() == 0);
}

TEST_CASE("toml: a byte order mark opens the file, and only there", "[toml]") {
  const temp_dir dir;
  const std::string path = dir.write("bom.toml", "\xEF\xBB\xBF[train]\nepochs = 5\n");
  const hp::params p = hp::load_config(path);
  CHECK(p.get<int>("train.epochs") == 5);
  CHECK(p.source("train.epochs") == path + ":2");
  const std::string later = dir.write("later.toml", "[train]\n\xEF\xBB\xBF" "epochs = 5\n");
  CHECK_THROWS_WITH(hp::load_config(later),
                    "hp::parse_error: " + later + ":2: a character beyond ASCII outside a string or comment");
}

TEST_CASE("toml: malformed content is a parse_error with file and line", "[toml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("bad.toml", "a = 1\n[b]\nc = \n");
  const auto e = thrown_by<hp::parse_error>(path);
  CHECK(e.source() == path);
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Contains("hp::parse_error: " + path + ":3: "));
}

TEST_CASE("toml: a key given twice in one file is a parse_error with its line", "[toml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("twice.toml", "[dnn]\nlayers = 3\nlayers = 4\n");
  const auto e = thrown_by<hp::parse_error>(path);
  CHECK(e.source() == path);
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Contains("hp::parse_error: " + path + ":3: ") && Contains("layers"));
}

TEST_CASE("toml: keys that are not dotted names are invalid_key naming file and line", "[toml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("keys.toml", "ok = 1\n[section]\n\"a b\" = 2\n");
  const auto e = thrown_by<hp::invalid_key>(path);
  CHECK(std::string(e.what()) == "hp::invalid_key: key 'section.a b' is invalid at position 9: whitespace is not "
                                 "allowed (from " + path + ":3)");
}

TEST_CASE("toml: arrays of tables are a parse_error", "[toml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("tables.toml", "[[layer]]\nsize = 1\n[[layer]]\nsize = 2\n");
  CHECK_THROWS_WITH(hp::load_config(path), "hp::parse_error: " + path +
                                               ":1: a table inside an array is not supported (key 'layer')");
}

TEST_CASE("toml: a missing or unreadable file is an hp::error naming the path", "[toml][errors]") {
  const temp_dir dir;
  hp_test::check_unloadable_paths(dir, ".toml");
}

TEST_CASE("toml: --config layers under -D", "[toml][cli]") {
  const temp_dir dir;
  const std::string path = dir.write("run.toml", "[run]\nname = \"n-${run.size}\"\nsize = 2\n");
  const hp_test::args a{"--config", path, "-D", "run.size=3"};
  std::string name;
  CHECK(hp::run(a.argc(), a.argv(), [&] { name = hp::get<std::string>("run.name"); }) == 0);
  CHECK(name == "n-3");
}
