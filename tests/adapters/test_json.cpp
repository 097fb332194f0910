// JSON config files: <hyperparameter/json.hpp> and hp::load_config for .json.
#include <hyperparameter/hp.hpp>
#include <hyperparameter/json.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::keys_of;
using hp_test::temp_dir;
using hp_test::thrown_by;

TEST_CASE("json: nested objects flatten, lists stay lists, document order and lines kept", "[json]") {
  const temp_dir dir;
  const std::string path = dir.write("config.json", R"({
  "train": {"lr": 0.01, "epochs": 10},
  "dnn": {
    "layers": 4,
    "activation": "tanh",
    "sizes": [64, 32, [1, 2]],
    "enabled": true,
    "note": null
  },
  "config.中文.value": "ok"
})");
  const hp::params p = hp::load_config(path);
  CHECK(keys_of(p) == std::vector<std::string>{"train.lr", "train.epochs", "dnn.layers", "dnn.activation",
                                               "dnn.sizes", "dnn.enabled", "dnn.note", "config.中文.value"});
  CHECK(p.get<double>("train.lr") == 0.01);
  CHECK(p.find<hp::value>("train.epochs") == hp::value(10));
  CHECK(p.get<std::string>("dnn.activation") == "tanh");
  CHECK(p.find<hp::value>("dnn.sizes") == hp::value{64, 32, hp::value{1, 2}});
  CHECK(p.get<bool>("dnn.enabled"));
  CHECK(p.find<hp::value>("dnn.note") == hp::value());
  CHECK(p.source("train.lr") == path + ":2");
  CHECK(p.source("dnn.layers") == path + ":4");
  CHECK(p.source("dnn.sizes") == path + ":6");
  CHECK(p.source("config.中文.value") == path + ":10");
}

TEST_CASE("json: from_json flattens a document; ordered_json keeps its order", "[json]") {
  const auto sorted = hp::from_json(nlohmann::json::parse(R"({"b": {"y": 1, "x": [true]}, "a": "t"})"));
  CHECK(keys_of(sorted) == std::vector<std::string>{"a", "b.x", "b.y"});
  CHECK(sorted.source("b.y") == "json");
  CHECK(sorted.find<hp::value>("b.x") == hp::value{true});
  const auto ordered = hp::from_json(nlohmann::ordered_json::parse(R"({"b": {"y": 1, "x": 2.5}, "a": "t"})"));
  CHECK(keys_of(ordered) == std::vector<std::string>{"b.y", "b.x", "a"});
  CHECK(ordered.get<double>("b.x") == 2.5);
  CHECK_THROWS_WITH(hp::from_json(nlohmann::json::array({1, 2})),
                    "hp::parse_error: json: the top level must be an object of parameters, not a array");
  CHECK_THROWS_WITH(hp::from_json(nlohmann::json::parse(R"({"a": [{"b": 1}]})")),
                    "hp::parse_error: json: key 'a': an object inside a list is not supported");
}

TEST_CASE("json: malformed content is a parse_error with file and line", "[json][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("bad.json", "{\n  \"a\": 1,\n  \"b\": ,\n}\n");
  const auto e = thrown_by<hp::parse_error>(path);
  CHECK(e.source() == path);
  CHECK(e.line() == 3);
  CHECK(std::string(e.what()) == "hp::parse_error: " + path +
                                     ":3: syntax error while parsing value - unexpected ','; expected '[', '{', "
                                     "or a literal (column 8)");
  const std::string trailing = dir.write("trailing.json", "{\"a\": 1}\n}");
  CHECK_THROWS_WITH(hp::load_config(trailing), Contains(trailing + ":2: syntax error") &&
                                                   Contains("unexpected '}'; expected end of input"));
}

TEST_CASE("json: an empty file is a parse_error", "[json][errors]") {
  const temp_dir dir;
  for (const std::string text : {"", "  \n\n"}) {
    const std::string path = dir.write("empty.json", text);
    const auto e = thrown_by<hp::parse_error>(path);
    CHECK(e.source() == path);
    CHECK_THAT(e.what(), Contains("unexpected end of input"));
  }
}

TEST_CASE("json: a key given twice in one file is a parse_error with both lines", "[json][errors]") {
  const temp_dir dir;
  const std::string same = dir.write("same.json", "{\n  \"a\": {\n    \"b\": 1,\n    \"b\": 2\n  }\n}\n");
  CHECK_THROWS_WITH(hp::load_config(same),
                    "hp::parse_error: " + same + ":4: key 'a.b' is given twice (first at line 3)");
  const auto e = thrown_by<hp::parse_error>(same);
  CHECK(e.source() == same);
  CHECK(e.line() == 4);
  // Dotted and nested spellings of one key are the same key.
  const std::string spelled = dir.write("spelled.json", "{\"a.b\": 1,\n \"a\": {\"b\": 2}}");
  CHECK_THROWS_WITH(hp::load_config(spelled),
                    "hp::parse_error: " + spelled + ":2: key 'a.b' is given twice (first at line 1)");
}

TEST_CASE("json: a key that is not a dotted name is an invalid_key naming file and line", "[json][errors]") {
  const temp_dir dir;
  const std::string path = dir.write("keys.json", "{\n  \"ok\": 1,\n  \"bad key\": 2\n}");
  const auto e = thrown_by<hp::invalid_key>(path);
  CHECK(std::string(e.what()) == "hp::invalid_key: key 'bad key' is invalid at position 3: whitespace is not allowed "
                                 "(from " + path + ":3)");
  const std::string empty_segment = dir.write("segment.json", "{\"a\": {\"\": 1}}");
  CHECK_THROWS_WITH(hp::load_config(empty_segment), Contains("key 'a.' is invalid at position 1: empty segment"));
}

TEST_CASE("json: shapes we cannot hold are parse_errors", "[json][errors]") {
  const temp_dir dir;
  const std::string top = dir.write("top.json", "[1, 2]");
  CHECK_THROWS_WITH(hp::load_config(top),
                    "hp::parse_error: " + top + ":1: the top level must be an object of parameters");
  const std::string nested = dir.write("nested.json", "{\n\"a\": [1, {\"b\": 2}]}");
  CHECK_THROWS_WITH(hp::load_config(nested),
                    "hp::parse_error: " + nested + ":2: an object inside a list is not supported (key 'a')");
  const std::string big = dir.write("big.json", "{\"a\": 18446744073709551615}");
  CHECK_THROWS_WITH(hp::load_config(big), "hp::parse_error: " + big +
                                              ":1: integer 18446744073709551615 (key 'a') is out of range "
                                              "(smallest: -9223372036854775808, largest: 9223372036854775807)");
}

TEST_CASE("json: an integer beyond int64 on either side is a parse_error, never a rounded double", "[json][errors]") {
  const temp_dir dir;
  const std::string range = " is out of range (smallest: -9223372036854775808, largest: 9223372036854775807)";
  const std::string below = dir.write("below.json", "{\"r\": {\"n\": -9223372036854775809}}");
  CHECK_THROWS_WITH(hp::load_config(below),
                    "hp::parse_error: " + below + ":1: integer -9223372036854775809 (key 'r.n')" + range);
  const std::string huge = dir.write("huge.json", "{\n\"r\": {\n\"l\": [1, 100000000000000000000000]}}");
  CHECK_THROWS_WITH(hp::load_config(huge),
                    "hp::parse_error: " + huge + ":3: integer 100000000000000000000000 (key 'r.l')" + range);
  // The edges themselves, and doubles written as such, load.
  const std::string edges =
      dir.write("edges.json", R"({"lo": -9223372036854775808, "hi": 9223372036854775807, "f": -9.3e18, "g": 1E30})");
  const hp::params p = hp::load_config(edges);
  hp::with_scope s(p);
  CHECK(hp::get("lo", std::int64_t{0}) == std::numeric_limits<std::int64_t>::min());
  CHECK(hp::get("hi", std::int64_t{0}) == std::numeric_limits<std::int64_t>::max());
  CHECK(hp::get("f", 0.0) == -9.3e18);
  CHECK(hp::get("g", 0.0) == 1e30);
}

TEST_CASE("json: a missing or unreadable file is an hp::error naming the path", "[json][errors]") {
  const temp_dir dir;
  hp_test::check_unloadable_paths(dir, ".json");
  CHECK_THROWS_AS(hp::load_config(dir.path("missing.json")), hp::error);
}

TEST_CASE("json: interpolation in a file resolves against the reader; errors name the file line", "[json][interpolation]") {
  const temp_dir dir;
  const std::string path = dir.write("refs.json", R"({
  "name": "run-${size}",
  "size": 4,
  "copy": "${size}",
  "loop": "${back}",
  "back": "x${loop}",
  "dangling": "${nowhere}"
})");
  const hp::params p = hp::load_config(path);
  CHECK(p.get<std::string>("name") == "run-4");
  CHECK(p.find<hp::value>("copy") == hp::value(4));
  CHECK_THROWS_WITH(p.get<std::string>("loop"),
                    "hp::parse_error: " + path + ":5: interpolation cycle: loop -> back -> loop");
  CHECK_THROWS_AS(p.get<std::string>("loop"), hp::parse_error);
  CHECK_THROWS_WITH(p.get<std::string>("dangling"), "hp::missing_parameter: key 'dangling' (from " + path +
                                                        ":7) refers to '${nowhere}', which is not set");
  CHECK_THROWS_AS(p.get<std::string>("dangling"), hp::missing_parameter);
}

TEST_CASE("json: --config files layer, later wins; nothing declared means nothing rejected", "[json][cli]") {
  const temp_dir dir;
  const std::string first = dir.write("first.json", R"({"a": 1, "b": {"c": "x"}})");
  const std::string second = dir.write("second.json", "{\n\"a\": 2}");
  const hp_test::args a{"--config", first, "--config=" + second, "-D", "b.c=y", "rest"};
  const hp::cli_args cli = hp::parse_cli(a.argc(), a.argv());  // this program declares nothing
  CHECK(cli.config.get<int>("a") == 2);
  CHECK(cli.config.source("a") == second + ":2");
  CHECK(cli.config.get<std::string>("b.c") == "x");
  CHECK(cli.defines.get<std::string>("b.c") == "y");
  CHECK(cli.rest == std::vector<std::string>{"rest"});

  int seen = 0;
  std::string c;
  std::vector<std::string> rest;  // a function taking no arguments would make "rest" a usage error
  CHECK(hp::run(a.argc(), a.argv(), [&](const hp::cli_args& given) {
          seen = hp::get<int>("a");
          c = hp::get<std::string>("b.c");
          rest = given.rest;
        }) == 0);
  CHECK(rest == std::vector<std::string>{"rest"});
  CHECK(seen == 2);
  CHECK(c == "y");
  CHECK_FALSE(hp::has("a"));
}

TEST_CASE("json: --dump-config writes JSON that --config reloads to the same configuration", "[json][cli][dump]") {
  const temp_dir dir;
  const std::string config = dir.write("config.json", R"({
  "model": {"depth": 3, "ratio": 2.0, "tags": ["a", "b \"q\""], "name": "m-${model.depth}"},
  "seed": 7, "weird": "tab\there", "big": 1e300, "off": false, "none": null
})");
  const auto dump = [](const hp_test::args& a) {
    hp_test::captured_output captured;
    REQUIRE(hp::run(a.argc(), a.argv(), [] { FAIL("ran"); }) == 0);
    return captured.out();
  };
  const std::string first = dump({"--config", config, "-D", "seed=8", "--dump-config"});
  CHECK(first ==
        "{\n  \"model\": {\n    \"depth\": 3,\n    \"ratio\": 2.0,\n    \"tags\": [\"a\", \"b \\\"q\\\"\"],\n"
        "    \"name\": \"m-3\"\n  },\n  \"seed\": \"8\",\n  \"weird\": \"tab\\there\",\n  \"big\": 1e+300,\n"
        "  \"off\": false,\n  \"none\": null\n}\n");
  const std::string reloaded = dir.write("dump.json", first);
  CHECK(dump({"--config", reloaded, "--dump-config"}) == first);
  const hp::params back = hp::load_config(reloaded);
  CHECK(back.find<hp::value>("model.ratio") == hp::value(2.0));
  CHECK(back.get<int>("seed") == 8);
}
