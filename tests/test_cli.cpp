// The command line, hp::run and its tools, and the operative configuration.
// Core only: the config-file formats are tested in tests/adapters.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_support.hpp"

using hp_test::args;
using hp_test::captured_output;
using hp_test::run_result;
using hp_test::run_with;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

// Declared at namespace scope, as programs do, so the registry knows them before any run.
const auto layers = hp::declare("clitest.layers", 3).help("number of layers");
const auto activation = hp::declare("clitest.activation", "relu").help("activation function");
const auto rate = hp::declare("clitest.lr", 0.5);
const auto sizes = hp::declare("clitest.sizes", std::vector<int>{1, 2});
const auto name = hp::declare("clitest.name", "run");
const auto flag = hp::declare("clitest.flag", false);

std::string build(int width, int depth, const std::string& kind) {
  return std::to_string(width) + "x" + std::to_string(depth) + " " + kind;
}
const auto net = hp::auto_param("clitest.net", build, hp::arg("depth", 2), hp::arg("kind", "mlp"));

}  // namespace

TEST_CASE("cli: every spelling of -D and --config, the rest untouched", "[cli]") {
  const args a{"train", "-D", "clitest.layers=4", "-Dclitest.activation=tanh", "--verbose",
               "--define", "clitest.lr=0.1", "--define=clitest.name=a=b", "x.json"};
  const hp::cli_args cli = hp::parse_cli(a.argc(), a.argv());
  CHECK(cli.config.size() == 0);
  REQUIRE(cli.defines.size() == 4);
  CHECK(cli.defines.get<int>("clitest.layers") == 4);
  CHECK(cli.defines.get<std::string>("clitest.activation") == "tanh");
  CHECK(cli.defines.get<double>("clitest.lr") == 0.1);
  CHECK(cli.defines.get<std::string>("clitest.name") == "a=b");
  // A define's source is the argv index of its k=v text.
  CHECK(cli.defines.source("clitest.layers") == "-D argv[3]");
  CHECK(cli.defines.source("clitest.activation") == "-D argv[4]");
  CHECK(cli.defines.source("clitest.lr") == "-D argv[7]");
  CHECK(cli.defines.source("clitest.name") == "-D argv[8]");
  CHECK(cli.rest == std::vector<std::string>{"train", "--verbose", "x.json"});
}

TEST_CASE("cli: define text stays text, a bare key means true, later -D wins", "[cli]") {
  const args a{"-D", "clitest.flag", "-D", "clitest.layers=1", "-D", "clitest.layers=2"};
  const hp::cli_args cli = hp::parse_cli(a.argc(), a.argv());
  CHECK(cli.defines.get<bool>("clitest.flag"));
  CHECK(*cli.defines.find<hp::value>("clitest.layers") == hp::value("2"));
  CHECK(cli.defines.source("clitest.layers") == "-D argv[6]");
}

TEST_CASE("cli: '--' ends the options; tools stay in rest for parse_cli", "[cli]") {
  const args a{"--help", "--", "-D", "clitest.layers=4", "--config", "f.yaml"};
  const hp::cli_args cli = hp::parse_cli(a.argc(), a.argv());
  CHECK(cli.defines.size() == 0);
  CHECK(cli.rest == std::vector<std::string>{"--help", "-D", "clitest.layers=4", "--config", "f.yaml"});
}

TEST_CASE("cli: an option with no value is a parse_error naming it", "[cli][errors]") {
  const auto fails = [](const args& a, const std::string& message) {
    try {
      (void)hp::parse_cli(a.argc(), a.argv());
      FAIL("no error for " << message);
    } catch (const hp::parse_error& e) {
      CHECK(std::string(e.what()) == message);
    }
  };
  fails(args{"--config"}, "hp::parse_error: argv[1]: '--config' needs a FILE");
  fails(args{"x", "--config="}, "hp::parse_error: argv[2]: '--config' needs a FILE");
  fails(args{"-D"}, "hp::parse_error: argv[1]: '-D' needs key=value");
  fails(args{"--define"}, "hp::parse_error: argv[1]: '--define' needs key=value");
  fails(args{"--define="}, "hp::parse_error: argv[1]: '--define' needs key=value");
  fails(args{"-D", ""}, "hp::parse_error: argv[2]: '-D' needs key=value");
}

TEST_CASE("cli: a define without a key is a parse_error naming its argv index", "[cli][errors]") {
  const args a{"-D", "clitest.layers=4", "-D", "=3"};
  try {
    (void)hp::parse_cli(a.argc(), a.argv());
    FAIL("no error");
  } catch (const hp::parse_error& e) {
    CHECK(std::string(e.what()) == "hp::parse_error: -D argv[4]: define '=3' has no key (write key=value)");
    CHECK(e.source() == "-D argv[4]");
    CHECK(e.line() == 0);
  }
}

TEST_CASE("cli: a define whose key is not a dotted name is an invalid_key", "[cli][errors]") {
  const args a{"-Dclitest..layers=4"};
  try {
    (void)hp::parse_cli(a.argc(), a.argv());
    FAIL("no error");
  } catch (const hp::invalid_key& e) {
    CHECK(std::string(e.what()) ==
          "hp::invalid_key: key 'clitest..layers' is invalid at position 8: empty segment (from -D argv[1])");
    CHECK(e.position() == 8);
  }
}

TEST_CASE("cli: an undeclared -D key is rejected with a did-you-mean", "[cli][errors][typo]") {
  const args a{"-D", "clitest.layres=4"};
  try {
    (void)hp::parse_cli(a.argc(), a.argv());
    FAIL("no error");
  } catch (const hp::unknown_parameter& e) {
    CHECK(std::string(e.what()) ==
          "hp::unknown_parameter: key 'clitest.layres' (from -D argv[2]) is not a declared parameter; "
          "did you mean 'clitest.layers'?");
    CHECK(e.key() == "clitest.layres");
    CHECK(e.suggestion() == "clitest.layers");
  }
}

TEST_CASE("cli: suggestions only when close; a missing prefix is close", "[cli][typo]") {
  const auto suggestion = [](const std::string& key) {
    const args a{"-D", key + "=1"};
    try {
      (void)hp::parse_cli(a.argc(), a.argv());
    } catch (const hp::unknown_parameter& e) {
      return e.suggestion();
    }
    return std::string("(accepted)");
  };
  CHECK(suggestion("clitest.actvation") == "clitest.activation");
  CHECK(suggestion("clitest.lyaers") == "clitest.layers");  // a swap is one edit
  CHECK(suggestion("clitest.net.dpeth") == "clitest.net.depth");
  CHECK(suggestion("net.depth") == "clitest.net.depth");
  CHECK(suggestion("CLITEST.LAYERS") == "clitest.layers");  // a key in the wrong case, however far by edits
  CHECK(suggestion("CliTest.Net.Depth") == "clitest.net.depth");
  CHECK(suggestion("zzzz.qqqq.wwww") == "");
  const args far{"-D", "zzzz.qqqq=1"};
  CHECK_THROWS_WITH(hp::parse_cli(far.argc(), far.argv()),
                    "hp::unknown_parameter: key 'zzzz.qqqq' (from -D argv[2]) is not a declared parameter; "
                    "defines and config files see only parameters declared at namespace scope (or registered "
                    "before hp::run), not function-local statics");
}

TEST_CASE("cli: allow_unknown skips the typo check", "[cli][typo]") {
  const args a{"-D", "clitest.layres=4", "-D", "other.tool.key=x"};
  const hp::cli_args cli = hp::parse_cli(a.argc(), a.argv(), hp::allow_unknown);
  CHECK(cli.defines.get<int>("clitest.layres") == 4);
  CHECK(cli.defines.has("other.tool.key"));
}

TEST_CASE("load_config: unknown extension names the path and the supported ones", "[config][errors]") {
  CHECK_THROWS_WITH(hp::load_config("settings.ini"),
                    "hp::io_error: cannot load config 'settings.ini': unknown extension '.ini' "
                    "(supported: .json .yaml .yml .toml)");
  CHECK_THROWS_WITH(hp::load_config("settings"),
                    "hp::io_error: cannot load config 'settings': no extension (supported: .json .yaml .yml .toml)");
  CHECK_THROWS_AS(hp::load_config("settings.ini"), hp::error);
}

TEST_CASE("load_config: a format whose adapter is not in the program names the package", "[config][errors]") {
  // This executable includes no adapter header.
  CHECK_THROWS_WITH(hp::load_config("c.json"),
                    "hp::io_error: cannot load config 'c.json': JSON support is not compiled in: link "
                    "hyperparameter::json or include <hyperparameter/json.hpp> in the program "
                    "(Debian package nlohmann-json3-dev)");
  CHECK_THROWS_WITH(hp::load_config("c.yml"), Contains("YAML support is not compiled in") &&
                                                  Contains("<hyperparameter/yaml.hpp>") &&
                                                  Contains("libyaml-cpp-dev"));
  CHECK_THROWS_WITH(hp::load_config("c.YAML"), Contains("libyaml-cpp-dev"));
  CHECK_THROWS_WITH(hp::load_config("c.toml"), Contains("TOML support is not compiled in") &&
                                                   Contains("<hyperparameter/toml.hpp>") &&
                                                   Contains("libtomlplusplus-dev"));
  const args a{"--config", "c.toml"};
  CHECK_THROWS_WITH(hp::parse_cli(a.argc(), a.argv()), Contains("libtomlplusplus-dev"));
}

TEST_CASE("run: defines are in scope inside fn and gone after", "[run]") {
  const std::size_t before = hp::current().size();
  const args a{"-D", "clitest.layers=7", "-D", "clitest.activation=gelu"};
  const run_result r = run_with(a, [] {
    CHECK(layers() == 7);
    CHECK(activation() == "gelu");
    CHECK(hp::get<int>("clitest.layers") == 7);
    CHECK(net(4) == "4x2 mlp");
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(r.ran);
  CHECK(r.err.empty());
  CHECK(hp::current().size() == before);
  CHECK_FALSE(hp::has("clitest.layers"));
  CHECK(layers() == 3);
}

TEST_CASE("run: fn's exit code, void fn, and cli_args", "[run]") {
  const args a{"input.txt", "-D", "clitest.net.depth=5", "--", "-D", "x"};
  const args options_only{"-D", "clitest.net.depth=5"};
  CHECK(hp::run(options_only.argc(), options_only.argv(), [] { return 3; }) == 3);
  CHECK(hp::run(options_only.argc(), options_only.argv(), [] {}) == 0);
  std::vector<std::string> rest;
  const int code = hp::run(a.argc(), a.argv(), [&](const hp::cli_args& cli) {
    rest = cli.rest;
    CHECK(cli.defines.get<int>("clitest.net.depth") == 5);
    CHECK(net(1) == "1x5 mlp");
    return 4;
  });
  CHECK(code == 4);
  CHECK(rest == std::vector<std::string>{"input.txt", "-D", "x"});

  // A plain char** argv, as main receives it.
  std::string program = "prog", define = "-Dclitest.layers=9";
  char* raw[] = {program.data(), define.data(), nullptr};
  CHECK(hp::run(2, raw, [] { return layers(); }) == 9);
}

TEST_CASE("run: a type mismatch is rejected before fn runs, with its source", "[run][errors]") {
  const std::size_t before = hp::current().size();
  const run_result r = run_with(args{"-D", "clitest.lr=0.1", "-D", "clitest.layers=four"});
  CHECK(r.code == 2);
  CHECK_FALSE(r.ran);
  CHECK(r.err ==
        "prog: hp::conversion_error: key 'clitest.layers' = \"four\" is not a valid int (from -D argv[4]): "
        "not a whole decimal integer\n");
  CHECK(hp::current().size() == before);
  CHECK_FALSE(hp::has("clitest.lr"));

  const run_result list = run_with(args{"-D", "clitest.sizes=1,2,x"});
  CHECK(list.code == 2);
  CHECK(list.err ==
        "prog: hp::conversion_error: key 'clitest.sizes' = \"1,2,x\" is not a valid std::vector<int> "
        "(from -D argv[2]): element \"x\" is not a valid int\n");

  const run_result auto_arg = run_with(args{"-D", "clitest.net.depth=2.5"});
  CHECK(auto_arg.code == 2);
  CHECK_THAT(auto_arg.err, Contains("key 'clitest.net.depth' = \"2.5\" is not a valid int (from -D argv[2])"));
}

TEST_CASE("run: an undeclared key fails with a did-you-mean and runs nothing", "[run][errors][typo]") {
  const run_result r = run_with(args{"-D", "clitest.layres=4"});
  CHECK(r.code == 2);
  CHECK_FALSE(r.ran);
  CHECK(r.err ==
        "prog: hp::unknown_parameter: key 'clitest.layres' (from -D argv[2]) is not a declared parameter; "
        "did you mean 'clitest.layers'?\n");
  CHECK_FALSE(hp::has("clitest.layres"));

  const args a{"-D", "clitest.layres=4"};
  int seen = 0;
  CHECK(hp::run(a.argc(), a.argv(), hp::allow_unknown, [&] { seen = hp::get<int>("clitest.layres"); }) == 0);
  CHECK(seen == 4);
}

TEST_CASE("run: interpolation cycles and missing references fail before fn", "[run][errors][interpolation]") {
  const run_result cycle =
      run_with(args{"-D", "clitest.name=${clitest.activation}", "-D", "clitest.activation=${clitest.name}"});
  CHECK(cycle.code == 2);
  CHECK_FALSE(cycle.ran);
  CHECK(cycle.err ==
        "prog: hp::parse_error: -D argv[2]: interpolation cycle: clitest.name -> clitest.activation -> "
        "clitest.name\n");

  const run_result missing = run_with(args{"-D", "clitest.name=run-${clitest.nothing}"});
  CHECK(missing.code == 2);
  CHECK_FALSE(missing.ran);
  CHECK(missing.err ==
        "prog: hp::missing_parameter: key 'clitest.name' (from -D argv[2]) refers to '${clitest.nothing}', "
        "which is not set\n");
  CHECK_FALSE(hp::has("clitest.name"));

  // A reference resolves across layers, with the referenced value's type.
  const run_result ok = run_with(args{"-D", "clitest.name=n${clitest.layers}", "-D", "clitest.layers=5"},
                                 [] { return name() == "n5" ? 0 : 1; });
  CHECK(ok.code == 0);
}

TEST_CASE("run: an hp::error escaping fn becomes one line and exit code 2", "[run][errors]") {
  const std::size_t before = hp::current().size();
  const run_result r = run_with(args{"-D", "clitest.layers=4"}, []() -> int {
    (void)hp::get<int>("clitest.not.set");
    return 0;
  });
  CHECK(r.code == 2);
  CHECK(r.err == "prog: hp::missing_parameter: key 'clitest.not.set' is not set\n");
  CHECK(hp::current().size() == before);

  // Anything else is not ours to swallow.
  const args a{};
  CHECK_THROWS_AS(hp::run(a.argc(), a.argv(), [] { throw std::logic_error("bug"); }), std::logic_error);
  CHECK(hp::current().size() == before);
}

TEST_CASE("run --help lists every declared parameter and runs nothing", "[run][tools]") {
  const run_result r = run_with(args{"--help", "-D", "clitest.layers=not checked"});
  CHECK(r.code == 0);
  CHECK_FALSE(r.ran);
  CHECK_THAT(r.out, StartsWith("usage: prog [--config FILE]... [-D key=value]... [OPTION]...\n\n"
                               "Parameters come from"));
  CHECK_THAT(r.out, Contains("defaults < --config FILE (none compiled in) < -D key=value"));
  CHECK_THAT(r.out, Contains("KEY") && Contains("TYPE") && Contains("DEFAULT") && Contains("DECLARED AT") &&
                        Contains("HELP"));
  for (const char* key : {"clitest.layers", "clitest.activation", "clitest.lr", "clitest.sizes", "clitest.name",
                          "clitest.flag", "clitest.net.depth", "clitest.net.kind"})
    CHECK_THAT(r.out, Contains(std::string("\n  ") + key + " "));
  // One row per parameter: key, type, default, where declared, help (the full text: tests/cli_tools).
  CHECK_THAT(r.out, Contains("clitest.layers") && Contains("int") && Contains("number of layers") &&
                        Contains("test_cli.cpp:"));
  CHECK_THAT(r.out, Contains("\"relu\"") && Contains("std::vector<int>") && Contains("[1, 2]"));
  CHECK_THAT(r.out, Contains("--explain KEY") && Contains("--dump-config") && Contains("--list-params"));
}

TEST_CASE("run --list-params prints the declared keys, one per line", "[run][tools]") {
  const run_result r = run_with(args{"--list-params"});
  CHECK(r.code == 0);
  CHECK_FALSE(r.ran);
  // This executable holds every core test's declarations; the full text is checked in tests/cli_tools.
  CHECK_THAT("\n" + r.out, Contains("\nclitest.layers\nclitest.activation\nclitest.lr\nclitest.sizes\nclitest.name\n"
                             "clitest.flag\n"));
}

TEST_CASE("run --explain shows the value in effect and every layer", "[run][tools]") {
  const run_result r = run_with(args{"-D", "clitest.layers=5", "--explain", "clitest.layers"});
  CHECK(r.code == 0);
  CHECK_FALSE(r.ran);
  CHECK_THAT(r.out, StartsWith("clitest.layers = 5  (int, set by -D argv[2])\n  number of layers\n"
                               "  declared at test_cli.cpp:"));
  CHECK_THAT(r.out, Contains("  layers, later wins:\n    default  3    test_cli.cpp:"));
  CHECK_THAT(r.out, Contains("\n    -D       \"5\"  -D argv[2]") && EndsWith("<- in effect\n"));

  const run_result by_default = run_with(args{"--explain=clitest.activation"});
  CHECK(by_default.code == 0);
  CHECK_THAT(by_default.out, StartsWith("clitest.activation = \"relu\"  (std::string, set by default)\n"));
  CHECK_THAT(by_default.out, Contains("<- in effect"));

  // An outer scope is a layer too, below the config files; its source is where it was written.
  const std::string site = "test_cli.cpp:" + std::to_string(__LINE__ + 1);
  hp::with_scope outer{{"clitest.lr", 0.25}};
  const run_result scoped = run_with(args{"--explain", "clitest.lr"});
  CHECK_THAT(scoped.out, StartsWith("clitest.lr = 0.25  (double, set by " + site + ")\n"));
  CHECK_THAT(scoped.out, Contains("    scope    0.25  " + site) && Contains("<- in effect"));
}

TEST_CASE("run --explain: errors", "[run][tools][errors]") {
  const run_result typo = run_with(args{"--explain", "clitest.layrs"});
  CHECK(typo.code == 2);
  CHECK(typo.err ==
        "prog: hp::unknown_parameter: key 'clitest.layrs' (from --explain) is not a declared parameter; "
        "did you mean 'clitest.layers'?\n");
  const run_result no_key = run_with(args{"--explain"});
  CHECK(no_key.code == 2);
  CHECK(no_key.err == "prog: hp::parse_error: argv[1]: '--explain' needs a KEY\n");
  // A value that cannot be read is shown, not hidden.
  const run_result bad = run_with(args{"--explain", "clitest.layers", "-D", "clitest.layers=four"});
  CHECK(bad.code == 0);
  CHECK_THAT(bad.out, StartsWith("clitest.layers = \"four\"  (cannot be read: hp::conversion_error:"));
}

TEST_CASE("run --dump-config prints the effective configuration (JSON without the YAML adapter)", "[run][tools]") {
  const run_result r = run_with(args{"-D", "clitest.layers=6", "-D", "clitest.name=x${clitest.layers}",
                                     "--dump-config"});
  CHECK(r.code == 0);
  CHECK_FALSE(r.ran);
  // Declared parameters typed and in registry order, ${refs} resolved, defaults included.
  CHECK_THAT(r.out, StartsWith("{\n"));
  CHECK_THAT(r.out, Contains("  \"clitest\": {\n    \"layers\": 6,\n    \"activation\": \"relu\",\n"
                             "    \"lr\": 0.5,\n    \"sizes\": [1, 2],\n    \"name\": \"x6\",\n"
                             "    \"flag\": false,\n    \"net\": {\n      \"depth\": 2,\n"
                             "      \"kind\": \"mlp\"\n    }\n  }"));
}

TEST_CASE("run: nothing is half-applied when anything fails", "[run][errors]") {
  const std::size_t before = hp::current().size();
  for (const args& a : {args{"-D", "clitest.layers=1", "--config", "missing.ini"},
                        args{"-D", "clitest.layers=1", "-D", "=2"},
                        args{"-D", "clitest.layers=x"},
                        args{"-D", "clitest.layers=1", "-D", "nobody.declared=1"},
                        args{"-D", "clitest.layers=1", "--operative-config", "out.txt"}}) {
    const run_result r = run_with(a);
    CHECK(r.code == 2);
    CHECK_FALSE(r.ran);
    CHECK(hp::current().size() == before);
    CHECK_FALSE(hp::has("clitest.layers"));
  }
}

TEST_CASE("operative config: off, reads record nothing", "[operative]") {
  hp::track_operative_config(false);
  hp::clear_operative_config();
  hp::with_scope s{{"clitest.layers", 4}};
  CHECK(layers() == 4);
  CHECK(hp::operative_config().size() == 0);
}

TEST_CASE("operative config: exactly what was read, with values and sources", "[operative]") {
  hp::clear_operative_config();
  hp::track_operative_config();
  {
    hp::with_scope s("clitest.layers=4", "clitest.activation=tanh");
    CHECK(layers() == 4);                                   // hp::param, from a define
    CHECK(hp::get<std::string>("clitest.activation") == "tanh");
    CHECK(hp::get("clitest.lr", 0.125) == 0.125);          // absent: the fallback
    CHECK(net(8) == "8x2 mlp");                              // auto_param defaults
    CHECK_FALSE(hp::find<int>("clitest.unset").has_value()); // nothing used, nothing recorded
  }
  hp::track_operative_config(false);
  CHECK(layers() == 3);  // not tracked any more
  const hp::params used = hp::operative_config();
  std::vector<std::string> keys;
  for (const auto& [key, v] : used) keys.push_back(key);
  // In order of first read (a function's arguments are resolved in an unspecified order).
  REQUIRE(keys.size() == 5);
  CHECK(std::vector<std::string>(keys.begin(), keys.begin() + 3) ==
        std::vector<std::string>{"clitest.layers", "clitest.activation", "clitest.lr"});
  CHECK(used.has("clitest.net.depth"));
  CHECK(used.has("clitest.net.kind"));
  CHECK(used.find<hp::value>("clitest.layers") == hp::value(4));  // the typed value the program got
  CHECK(used.source("clitest.layers") == "define 'clitest.layers=4'");
  CHECK(used.get<double>("clitest.lr") == 0.125);
  CHECK(used.source("clitest.lr") == "default");
  CHECK(used.get<int>("clitest.net.depth") == 2);
  CHECK(used.source("clitest.net.kind") == "default");
  hp::clear_operative_config();
  CHECK(hp::operative_config().size() == 0);
}

TEST_CASE("operative config: the latest value of a key wins, reads on every thread count", "[operative][threads]") {
  hp::clear_operative_config();
  hp::track_operative_config();
  {
    hp::with_scope s{{"clitest.layers", 1}};
    CHECK(layers() == 1);
  }
  std::atomic<int> wrong{0};  // Catch2 assertions are not thread-safe: count, check after join
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([t, &wrong] {
      hp::with_scope s{{"clitest.name", "worker"}};
      for (int i = 0; i < 100; ++i) {
        if (name() != "worker") ++wrong;
        (void)hp::get("clitest.flag", t % 2 == 0);
      }
    });
  for (std::thread& w : workers) w.join();
  CHECK(wrong == 0);
  {
    hp::with_scope s{{"clitest.layers", 2}};
    CHECK(layers() == 2);
  }
  hp::track_operative_config(false);
  const hp::params used = hp::operative_config();
  CHECK(used.size() == 3);
  CHECK(used.get<int>("clitest.layers") == 2);
  CHECK(used.get<std::string>("clitest.name") == "worker");
  CHECK(used.source("clitest.flag") == "default");
  hp::clear_operative_config();
}

TEST_CASE("run --operative-config FILE writes what the run read", "[run][operative]") {
  const hp_test::temp_dir dir;
  const std::string file = dir.path("used.json");
  const run_result r = run_with(args{"-D", "clitest.layers=4", "--operative-config", file}, [] {
    return layers() + static_cast<int>(rate()) - 4;  // reads clitest.layers and clitest.lr
  });
  CHECK(r.code == 0);
  CHECK(hp_test::read_file(file) == "{\n  \"clitest\": {\n    \"layers\": 4,\n    \"lr\": 0.5\n  }\n}\n");
  CHECK_FALSE(hp::tracking_operative_config());

  const run_result to_stdout = run_with(args{"--operative-config=-"}, [] { return layers() - 3; });
  CHECK(to_stdout.code == 0);
  CHECK(to_stdout.out == "{\n  \"clitest\": {\n    \"layers\": 3\n  }\n}\n");

  const run_result bad = run_with(args{"--operative-config", dir.path("used.txt")});
  CHECK(bad.code == 2);
  CHECK_FALSE(bad.ran);
  CHECK_THAT(bad.err, Contains("hp::io_error: --operative-config '") &&
                          Contains("used.txt': write .json, .yaml, .yml or .toml (or - for standard output)"));
}

TEST_CASE("config writer: nests keys, keeps kinds, escapes text", "[config][writer]") {
  hp::params p;
  p.set("a.b", 1).set("a.c", 2.0).set("d", "say \"hi\"\n").set("e", hp::value{true, "x", 1.5}).set("f", hp::value());
  p.set("a", 7);  // both a value and a parent: its children stay dotted beside it
  CHECK(hp::detail::write_config(p, hp::detail::writer_format::json) ==
        "{\n  \"a\": 7,\n  \"a.b\": 1,\n  \"a.c\": 2.0,\n  \"d\": \"say \\\"hi\\\"\\n\",\n"
        "  \"e\": [true, \"x\", 1.5],\n  \"f\": null\n}\n");
  CHECK(hp::detail::write_config(p, hp::detail::writer_format::yaml, "title") ==
        "# title\na: 7  # code\na.b: 1  # code\na.c: 2.0  # code\nd: \"say \\\"hi\\\"\\n\"  # code\n"
        "e: [true, \"x\", 1.5]  # code\nf: null  # code\n");
  CHECK(hp::detail::write_config(hp::params{}, hp::detail::writer_format::json) == "{}\n");
}

TEST_CASE("help columns count terminal columns: wide characters two, combining marks none", "[cli][tools]") {
  using hp::detail::terminal_width;
  CHECK(terminal_width("model.layers") == 12);
  CHECK(terminal_width("模型.层数") == 9);
  CHECK(terminal_width("test🎉") == 6);
  CHECK(terminal_width("caf\xc3\xa9") == 4);     // é, one code point
  CHECK(terminal_width("cafe\xcc\x81") == 4);    // e + combining acute
  CHECK(terminal_width("a\xff" "b") == 3);       // a byte that is not UTF-8 takes one column
  CHECK(terminal_width("\xe4\xb8") == 2);        // a cut sequence: two such bytes
  std::ostringstream out;
  hp::detail::print_columns(out, {{"模型.层数", "int", "x"}, {"model.layers", "double", "y"}}, "");
  CHECK(out.str() == "模型.层数     int     x\nmodel.layers  double  y\n");
}
