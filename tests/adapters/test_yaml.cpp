// YAML config files: <hyperparameter/yaml.hpp> and hp::load_config for .yaml/.yml.
#include <hyperparameter/hp.hpp>
#include <hyperparameter/yaml.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::keys_of;
using hp_test::temp_dir;
using hp_test::thrown_by;

TEST_CASE("yaml: nested maps flatten in document order, every key with its line", "[yaml]") {
  const temp_dir dir;
  const std::string path = dir.write("config.yaml", R"(# comment
train:
  lr: 0.01
  epochs: 10
dnn:
  layers: 4
  activation: tanh
  sizes: [64, 32]
  blocks:
    - 1
    - [2, 3]
test🎉: yes
)");
  const hp::params p = hp::load_config(path);
  CHECK(keys_of(p) == std::vector<std::string>{"train.lr", "train.epochs", "dnn.layers", "dnn.activation",
                                               "dnn.sizes", "dnn.blocks", "test🎉"});
  CHECK(p.get<double>("train.lr") == 0.01);
  CHECK(p.find<hp::value>("train.epochs") == hp::value(10));
  CHECK(p.find<hp::value>("dnn.sizes") == hp::value{64, 32});
  CHECK(p.find<hp::value>("dnn.blocks") == hp::value{1, hp::value{2, 3}});
  CHECK(p.source("train.lr") == path + ":3");
  CHECK(p.source("dnn.activation") == path + ":7");
  CHECK(p.source("dnn.blocks") == path + ":9");
  // YAML 1.2 has no yes/no booleans: it is text, which still reads as a bool.
  CHECK(p.find<hp::value>("test🎉") == hp::value("yes"));
  CHECK(p.get<bool>("test🎉"));
}

TEST_CASE("yaml: plain scalars are typed by the YAML 1.2 core schema, quoted ones stay text", "[yaml]") {
  const auto p = hp::from_yaml(YAML::Load(R"(
int: -42
plus: +7
hex: 0x1F
octal: 0o17
float: 2.5
exp: 1e3
dot: .5
inf: -.inf
nan: .nan
yes: true
no: FALSE
null1: ~
null2:
quoted: "42"
single: 'true'
text: hello world
huge: 99999999999999999999
version: 1.2.3
block: |
  two
  lines
)"));
  CHECK(p.find<hp::value>("int") == hp::value(-42));
  CHECK(p.find<hp::value>("plus") == hp::value(7));
  CHECK(p.find<hp::value>("hex") == hp::value(31));
  CHECK(p.find<hp::value>("octal") == hp::value(15));
  CHECK(p.find<hp::value>("float") == hp::value(2.5));
  CHECK(p.find<hp::value>("exp") == hp::value(1000.0));
  CHECK(p.find<hp::value>("dot") == hp::value(0.5));
  CHECK(p.get<double>("inf") == -INFINITY);
  CHECK(std::isnan(p.get<double>("nan")));
  CHECK(p.find<hp::value>("yes") == hp::value(true));
  CHECK(p.find<hp::value>("no") == hp::value(false));
  CHECK(p.find<hp::value>("null1") == hp::value());
  CHECK(p.find<hp::value>("null2") == hp::value());
  CHECK(p.find<hp::value>("quoted") == hp::value("42"));
  CHECK(p.find<hp::value>("single") == hp::value("true"));
  CHECK(p.find<hp::value>("text") == hp::value("hello world"));
  CHECK(p.find<hp::value>("huge") == hp::value("99999999999999999999"));
  CHECK(p.find<hp::value>("version") == hp::value("1.2.3"));
  CHECK(p.find<hp::value>("block") == hp::value("two\nlines\n"));
  CHECK(p.source("int") == "yaml:2");
}

TEST_CASE("yaml: an empty file gives empty params", "[yaml]") {
  const temp_dir dir;
  for (const std::string text : {"", "\n", "# only a comment\n", "---\n"})
    CHECK(hp::load_config(dir.write("empty.yml", text)).size() == 0);
  CHECK(hp::from_yaml(YAML::Node()).size() == 0);
}

TEST_CASE("yaml: a second document is a parse_error at the line it starts", "[yaml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("multi.yaml", "train:\n  epochs: 5\n---\ntrain:\n  lr: 0.5\n");
  const auto e = thrown_by<hp::parse_error>(path);
  CHECK(e.source() == path);
  CHECK(e.line() == 4);
  CHECK_THAT(e.what(), Contains(path + ":4: a second YAML document starts here"));
  // A leading "---" and an empty document at the end say nothing more.
  const hp::params p = hp::load_config(dir.write("one.yaml", "---\ntrain:\n  epochs: 5\n---\n"));
  CHECK(keys_of(p) == std::vector<std::string>{"train.epochs"});
  CHECK(thrown_by<hp::parse_error>(dir.write("dots.yaml", "a: 1\n...\n# next\nb: 2\n")).line() == 4);
  CHECK(thrown_by<hp::parse_error>(dir.write("inline.yaml", "--- {a: 1}\n--- {b: 2}\n")).line() == 2);
  // "---" inside a block scalar (indented) is text; a comment after the end is nothing.
  const hp::params block = hp::load_config(dir.write("block.yaml", "a: |\n  ---\n  x\n...\n# done\n"));
  CHECK(block.get<std::string>("a") == "---\nx\n");
}

TEST_CASE("yaml: hostile text after a broken first document is read in one pass", "[yaml][errors][hostile]") {
  // Found by fuzz_yaml: yaml-cpp's reading of every document took unbounded time on these bytes.
  const temp_dir dir;
  const std::string path = dir.write("hostile.yaml", ", 2]-1: 2]\n, 2]-1: 2]\nb: *x\n");
  // What matters is that it returns: yaml-cpp reads these bytes as an empty first document.
  CHECK(hp::load_config(path).size() == 0);
}

TEST_CASE("yaml: malformed content is a parse_error with file and line", "[yaml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");
  const auto e = thrown_by<hp::parse_error>(path);
  CHECK(e.source() == path);
  CHECK(e.line() == 3);
  CHECK(std::string(e.what()) == "hp::parse_error: " + path + ":3: end of sequence flow not found (column 2)");
  const std::string tabs = dir.write("tabs.yaml", "a:\n  b: 1\n c: 2\n");
  CHECK_THROWS_WITH(hp::load_config(tabs), Contains("hp::parse_error: " + tabs + ":3: "));
}

TEST_CASE("yaml: a key given twice in one file is a parse_error with both lines", "[yaml][errors]") {
  const temp_dir dir;
  const std::string same = dir.write("same.yaml", "dnn:\n  layers: 3\n  activation: relu\n  layers: 4\n");
  const auto e = thrown_by<hp::parse_error>(same);
  CHECK(std::string(e.what()) == "hp::parse_error: " + same + ":4: key 'dnn.layers' is given twice (first at line 2)");
  CHECK(e.line() == 4);
  const std::string spelled = dir.write("spelled.yaml", "a.b: 1\na:\n  b: 2\n");
  CHECK_THROWS_WITH(hp::load_config(spelled),
                    "hp::parse_error: " + spelled + ":3: key 'a.b' is given twice (first at line 1)");
}

TEST_CASE("yaml: keys that are not dotted names are invalid_key naming file and line", "[yaml][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("keys.yaml", "ok: 1\nnested:\n  \"a=b\": 2\n");
  const auto e = thrown_by<hp::invalid_key>(path);
  CHECK(std::string(e.what()) == "hp::invalid_key: key 'nested.a=b' is invalid at position 8: punctuation is not "
                                 "allowed (use letters, digits, '_', '-' or '.') (from " + path + ":3)");
  const std::string null_key = dir.write("null.yaml", "ok: 1\n~: 2\n");
  CHECK_THROWS_WITH(hp::load_config(null_key),
                    "hp::parse_error: " + null_key + ":2: a key must be text (quote a key such as null or ~)");
}

TEST_CASE("yaml: shapes we cannot hold are parse_errors", "[yaml][errors]") {
  const temp_dir dir;
  const std::string top = dir.write("top.yaml", "- 1\n- 2\n");
  CHECK_THROWS_WITH(hp::load_config(top), "hp::parse_error: " + top + ":1: the top level must be a map of parameters");
  const std::string scalar = dir.write("scalar.yaml", "just text\n");
  CHECK_THROWS_WITH(hp::load_config(scalar), Contains("the top level must be a map of parameters"));
  const std::string nested = dir.write("nested.yaml", "a:\n  - 1\n  - b: 2\n");
  CHECK_THROWS_WITH(hp::load_config(nested),
                    "hp::parse_error: " + nested + ":3: a map inside a list is not supported (key 'a')");
}

TEST_CASE("yaml: merge keys take a map's pairs as YAML 1.1 defines them, as PyYAML reads them", "[yaml][merge]") {
  const temp_dir dir;
  const std::string path = dir.write("merge.yaml", R"(base: &base
  lr: 0.1
  x: 3
  opt: {wd: 0.5, m: 0.9}
other: &other
  x: 4
  y: 5
child:
  <<: [*base, *other]
  lr: 0.2
  opt: {wd: 0.1}
chain: &chain
  <<: *base
  z: 1
leaf:
  <<: *chain
  q: 2
)");
  const hp::params p = hp::load_config(path);
  // The map's own keys win, then the maps merged in their order; a merged key's whole value comes from one map.
  CHECK(keys_of(p) == std::vector<std::string>{
                          "base.lr", "base.x", "base.opt.wd", "base.opt.m", "other.x", "other.y", "child.lr",
                          "child.opt.wd", "child.x", "child.y", "chain.z", "chain.lr", "chain.x", "chain.opt.wd",
                          "chain.opt.m", "leaf.q", "leaf.z", "leaf.lr", "leaf.x", "leaf.opt.wd", "leaf.opt.m"});
  CHECK(p.get<double>("child.lr") == 0.2);
  CHECK(p.get<int>("child.x") == 3);
  CHECK(p.get<int>("child.y") == 5);
  CHECK_FALSE(p.find<double>("child.opt.m"));  // shallow: child's own opt replaces base's
  CHECK(p.get<double>("leaf.opt.m") == 0.9);  // through two merges
  CHECK(p.source("child.x") == path + ":3");  // where the merged value is written
  CHECK(p.source("child.lr") == path + ":10");

  const std::string scalar = dir.write("scalar.yaml", "a:\n  <<: 3\n");
  CHECK_THROWS_WITH(hp::load_config(scalar), "hp::parse_error: " + scalar +
                                                 ":2: the merge key '<<' under 'a' must name a map or a list of maps");
  const std::string list = dir.write("list.yaml", "a:\n  <<: [{x: 1}, 2]\n");
  CHECK_THROWS_WITH(hp::load_config(list), Contains("the merge key '<<' under 'a' must name a map or a list of maps"));
  // Quoted, "<<" is an ordinary key, and not a dotted name.
  const std::string quoted = dir.write("quoted.yaml", "a:\n  \"<<\": {x: 1}\n");
  CHECK_THROWS_AS(hp::load_config(quoted), hp::invalid_key);
}

TEST_CASE("yaml: a missing or unreadable file is an hp::error naming the path", "[yaml][errors]") {
  const temp_dir dir;
  hp_test::check_unloadable_paths(dir, ".yml");
  hp_test::check_unloadable_paths(dir, ".yaml");
}

TEST_CASE("yaml: interpolation errors name the file line", "[yaml][interpolation]") {
  const temp_dir dir;
  const std::string path = dir.write("refs.yaml", "a: ${b}\nb: x${a}\nc: ${gone}\nd: ${b2}\nb2: 5\n");
  const hp::params p = hp::load_config(path);
  CHECK_THROWS_WITH(p.get<std::string>("a"), "hp::parse_error: " + path + ":1: interpolation cycle: a -> b -> a");
  CHECK_THROWS_WITH(p.get<std::string>("c"),
                    "hp::missing_parameter: key 'c' (from " + path + ":3) refers to '${gone}', which is not set");
  CHECK(p.find<hp::value>("d") == hp::value(5));
}

TEST_CASE("yaml: --dump-config writes YAML that --config reloads to the same configuration", "[yaml][cli][dump]") {
  const temp_dir dir;
  const std::string config = dir.write("config.yaml", R"(model:
  depth: 3
  ratio: 2.0
  tags: [a, "b: \"q\""]
  name: m-${model.depth}
"null": 1
odd-key: "line\nbreak"
big: 1.0e+300
nan: .nan
off: false
nothing: ~
)");
  const auto dump = [](const hp_test::args& a) {
    hp_test::captured_output captured;
    REQUIRE(hp::run(a.argc(), a.argv(), [] { FAIL("ran"); }) == 0);
    return captured.out();
  };
  const std::string first = dump({"--config", config, "-D", "model.depth=8", "--dump-config"});
  CHECK(first == "# effective configuration of prog; reload it with --config FILE\n"
                 "model:\n"
                 "  depth: \"8\"  # -D argv[4]\n"
                 "  ratio: 2.0  # " + config + ":3\n"
                 "  tags: [\"a\", \"b: \\\"q\\\"\"]  # " + config + ":4\n"
                 "  name: \"m-8\"  # " + config + ":5\n"
                 "\"null\": 1  # " + config + ":6\n"
                 "odd-key: \"line\\nbreak\"  # " + config + ":7\n"
                 "big: 1e+300  # " + config + ":8\n"
                 "nan: .nan  # " + config + ":9\n"
                 "off: false  # " + config + ":10\n"
                 "nothing: null  # " + config + ":11\n");
  const std::string reloaded = dir.write("dump.yaml", first);
  const hp::params back = hp::load_config(reloaded);
  const hp::params original = hp::load_config(config);
  CHECK(back.size() == original.size());
  for (const auto& [key, v] : back) {
    if (key == "nan" || key == "model.depth" || key == "model.name") continue;
    CHECK(v == *original.find<hp::value>(key));
  }
  CHECK(back.find<hp::value>("model.depth") == hp::value("8"));
  CHECK(back.find<hp::value>("model.name") == hp::value("m-8"));
  CHECK(std::isnan(back.get<double>("nan")));
  // The dump of the dump says the same, from the new file.
  const std::string second = dump({"--config", reloaded, "--dump-config"});
  CHECK(second.substr(second.find('\n')).find("depth: \"8\"  # " + reloaded + ":3\n") != std::string::npos);
}
