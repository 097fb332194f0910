// hp::run is strict: every argument is understood or a usage error, output
// files are checked before the run, and the operative config tells what the
// run's own layers gave.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

using hp_test::args;
using hp_test::captured_output;
using hp_test::run_result;
using hp_test::run_with;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// A user type whose converter has no to_value: its values cannot be shown.
struct strict_opaque {
  int n = 0;
};
template <>
struct hp::converter<strict_opaque> {
  static strict_opaque from(const hp::value& v) { return {v.as<int>()}; }
};

namespace {

const auto depth = hp::declare("strict.depth", 3).help("depth of the model");
const auto lr = hp::declare("strict.lr", 0.5);

// Declared only when this function first runs: the command line cannot see it before.
int local_width() {
  static const auto width = hp::declare("strict.local.width", 16);
  return width();
}

// A usage error: exit code 2, fn never ran, and this one line on stderr.
void check_usage_error(const args& a, const std::string& message) {
  const run_result r = run_with(a);
  CHECK(r.code == 2);
  CHECK_FALSE(r.ran);
  CHECK(r.err == "prog: " + message + "\n");
}

}  // namespace

TEST_CASE("run: an argument hp::run does not understand is a usage error", "[run][strict]") {
  check_usage_error(args{"--confg", "config.yaml"},
                    "hp::parse_error: argv[1]: unknown option '--confg'; did you mean '--config'? (see prog --help)");
  check_usage_error(args{"-d", "strict.depth=4"},
                    "hp::parse_error: argv[1]: unknown option '-d'; did you mean '-D'? (see prog --help)");
  check_usage_error(args{"-dstrict.depth=4"},
                    "hp::parse_error: argv[1]: unknown option '-dstrict.depth=4'; did you mean '-D'? (see prog --help)");
  check_usage_error(args{"--dump-confg"},
                    "hp::parse_error: argv[1]: unknown option '--dump-confg'; did you mean '--dump-config'? "
                    "(see prog --help)");
  check_usage_error(args{"-help"},
                    "hp::parse_error: argv[1]: unknown option '-help'; did you mean '--help'? (see prog --help)");
  check_usage_error(args{"-list-params"}, "hp::parse_error: argv[1]: unknown option '-list-params'; did you mean "
                                          "'--list-params'? (see prog --help)");
  check_usage_error(args{"--dump"}, "hp::parse_error: argv[1]: unknown option '--dump'; did you mean '--dump-config'? "
                                    "(see prog --help)");
  check_usage_error(args{"--operative=used.yaml"}, "hp::parse_error: argv[1]: unknown option '--operative=used.yaml'; "
                                                   "did you mean '--operative-config'? (see prog --help)");
  check_usage_error(args{"-version"}, "hp::parse_error: argv[1]: unknown option '-version' (see prog --help)");
  check_usage_error(args{"--frobnicate"}, "hp::parse_error: argv[1]: unknown option '--frobnicate' (see prog --help)");
  check_usage_error(args{"--help=1"}, "hp::parse_error: argv[1]: option '--help' takes no value");
  check_usage_error(args{"--list-params=yes"}, "hp::parse_error: argv[1]: option '--list-params' takes no value");
  check_usage_error(args{"-D", "strict.depth=4", "input.txt"},
                    "hp::parse_error: argv[3]: unexpected argument 'input.txt': this program takes no arguments "
                    "besides its options (see prog --help)");
  check_usage_error(args{"--", "-D", "strict.depth=4"},
                    "hp::parse_error: argv[2]: unexpected argument '-D': this program takes no arguments "
                    "besides its options (see prog --help)");
}

TEST_CASE("run: '-D key value' suggests key=value", "[run][strict]") {
  check_usage_error(args{"-D", "strict.lr", "0.5"},
                    "hp::parse_error: argv[3]: unexpected argument '0.5' after the define 'strict.lr'; "
                    "did you mean 'strict.lr=0.5'?");
  check_usage_error(args{"--define", "strict.lr", "0.5"},
                    "hp::parse_error: argv[3]: unexpected argument '0.5' after the define 'strict.lr'; "
                    "did you mean 'strict.lr=0.5'?");
}

TEST_CASE("run: without a version, --version is an unknown option", "[run][strict]") {
  check_usage_error(args{"--version"}, "hp::parse_error: argv[1]: unknown option '--version' (see prog --help)");
  const run_result help = run_with(args{"--help"});
  CHECK_THAT(help.out, !Contains("--version"));
}

TEST_CASE("run: a function taking cli_args gets every word it was given in rest", "[run][strict]") {
  const args a{"--confg", "x.yaml", "-D", "strict.depth=5", "input.txt", "--", "--help"};
  std::vector<std::string> rest;
  int seen = 0;
  captured_output captured;
  const int code = hp::run(a.argc(), a.argv(), [&](const hp::cli_args& cli) {
    rest = cli.rest;
    seen = depth();
  });
  CHECK(code == 0);
  CHECK(seen == 5);
  CHECK(rest == std::vector<std::string>{"--confg", "x.yaml", "input.txt", "--help"});
  // Its usage line says it takes arguments.
  const args help{"-h"};
  CHECK(hp::run(help.argc(), help.argv(), [](const hp::cli_args&) { return 1; }) == 0);
  CHECK_THAT(captured.out(), StartsWith("usage: prog [--config FILE]... [-D key=value]... [OPTION]... [ARGS...]\n"));
}

TEST_CASE("run: -h is --help", "[run][strict]") {
  const run_result shorter = run_with(args{"-h"});
  const run_result longer = run_with(args{"--help"});
  CHECK(shorter.code == 0);
  CHECK_FALSE(shorter.ran);
  CHECK(shorter.out == longer.out);
  CHECK_THAT(shorter.out, Contains("-h, --help") && Contains("-D, --define key=value") && Contains("strict.depth"));
}

TEST_CASE("run: a program's description and version", "[run][strict]") {
  const hp::program_info info{"Trains a small network.", "1.2.0"};
  const auto run_info = [&](const args& a) {
    captured_output captured;
    bool ran = false;
    const int code = hp::run(a.argc(), a.argv(), info, [&] { ran = true; });
    return run_result{code, captured.out(), captured.err(), ran};
  };
  const run_result version = run_info(args{"--version"});
  CHECK(version.code == 0);
  CHECK_FALSE(version.ran);
  CHECK(version.out == "prog 1.2.0\n");

  const run_result help = run_info(args{"-h"});
  CHECK(help.code == 0);
  CHECK_THAT(help.out, StartsWith("usage: prog [--config FILE]... [-D key=value]... [OPTION]...\n\n"
                                  "Trains a small network.\n\nParameters come from"));
  CHECK_THAT(help.out, Contains("--version") && Contains("print the program's version and exit"));

  const run_result runs = run_info(args{"-D", "strict.depth=2"});
  CHECK(runs.code == 0);
  CHECK(runs.ran);
  const run_result typo = run_info(args{"--versoin"});
  CHECK(typo.code == 2);
  CHECK(typo.err == "prog: hp::parse_error: argv[1]: unknown option '--versoin'; did you mean '--version'? "
                    "(see prog --help)\n");

  // A description alone: --help shows it, --version stays unknown.
  const args a{"--version"};
  captured_output captured;
  CHECK(hp::run(a.argc(), a.argv(), hp::program_info{"Only a description.", ""}, [] {}) == 2);
  CHECK(hp::run(a.argc(), a.argv(), hp::program_info{"Allows unknown keys.", "3.0"}, hp::allow_unknown, [] {}) == 0);
  CHECK_THAT(captured.out(), Contains("prog 3.0"));
}

TEST_CASE("run: output files are checked before fn runs", "[run][strict][operative]") {
  const hp_test::temp_dir dir;
  const std::string regular = dir.write("a-file", "x");
  // Root may write anywhere, so the cases here fail for any user: a path under a regular file, and a directory.
  check_usage_error(args{"--operative-config", regular + "/used.yaml"},
                    "hp::io_error: --operative-config '" + regular + "/used.yaml': cannot write the file: Not a directory");
  const std::string folder = dir.path("folder.yaml");
  std::filesystem::create_directory(folder);
  check_usage_error(args{"--operative-config", folder},
                    "hp::io_error: --operative-config '" + folder + "': cannot write the file: Is a directory");
  check_usage_error(args{"--operative-config", dir.path("missing/used.json")},
                    "hp::io_error: --operative-config '" + dir.path("missing/used.json") +
                        "': cannot write the file: No such file or directory");

  // The check leaves nothing behind: the file appears only when the run has read its parameters.
  const std::string file = dir.path("used.yaml");
  bool existed_during_run = true;
  const run_result ok = run_with(args{"--operative-config", file}, [&] {
    existed_during_run = std::filesystem::exists(file);
    return depth() - 3;
  });
  CHECK(ok.code == 0);
  CHECK_FALSE(existed_during_run);
  CHECK_THAT(hp_test::read_file(file), Contains("depth: 3  # default"));
}

TEST_CASE("run: a failed write at the end names the path and the reason", "[run][operative]") {
  const hp_test::temp_dir dir;
  const std::string sub = dir.path("gone");
  std::filesystem::create_directory(sub);
  const std::string file = sub + "/used.json";
  const run_result r = run_with(args{"--operative-config", file}, [&] {
    std::filesystem::remove_all(sub);  // the directory disappears while the program runs
    return depth() - 3;
  });
  CHECK(r.code == 2);
  CHECK(r.ran);
  CHECK(r.err == "prog: hp::io_error: --operative-config '" + file + "': cannot write the file: No such file or directory\n");
}

TEST_CASE("run: a function-local declaration is not seen by the command line", "[run][strict][typo]") {
  const std::string where =
      "hp::unknown_parameter: key 'strict.local.width' (from -D argv[2]) is not a declared parameter; defines "
      "and config files see only parameters declared at namespace scope (or registered before hp::run), not "
      "function-local statics";
  check_usage_error(args{"-D", "strict.local.width=32"}, where);
  // Registered before hp::run (its function ran once): now it is a parameter like any other.
  CHECK(local_width() == 16);
  int seen = 0;
  const run_result r = run_with(args{"-D", "strict.local.width=32"}, [&] {
    seen = local_width();
    return 0;
  });
  CHECK(r.code == 0);
  CHECK(seen == 32);
}

TEST_CASE("run --operative-config: the run's own value, other values read as comments", "[run][operative]") {
  const hp_test::temp_dir dir;
  const std::string yaml = dir.path("used.yaml");
  const std::string json = dir.path("used.json");
  const auto program = [] {
    int sum = depth();  // 4, from -D
    {
      hp::with_scope deeper{{"strict.depth", 8}};
      sum += depth();  // 8, the latest read, from a nested scope
    }
    {
      hp::with_scope faster{{"strict.lr", 0.25}};
      sum += static_cast<int>(lr() * 4);  // only ever read inside a scope: the default still is the run's value
    }
    return sum == 13 ? 0 : 1;
  };
  const run_result r = run_with(args{"-D", "strict.depth=4", "--operative-config", yaml}, program);
  CHECK(r.code == 0);
  CHECK(hp_test::read_file(yaml) ==
        "# parameters prog read\n"
        "strict:\n"
        "  depth: 4  # -D argv[2]; also read: 8 (test_cli_strict.cpp:222)\n"
        "  lr: 0.5  # default; also read: 0.25 (test_cli_strict.cpp:226)\n");
  const run_result j = run_with(args{"-D", "strict.depth=4", "--operative-config", json}, program);
  CHECK(j.code == 0);
  CHECK(hp_test::read_file(json) == "{\n  \"strict\": {\n    \"depth\": 4,\n    \"lr\": 0.5\n  }\n}\n");
  const std::string toml = dir.path("used.toml");
  const run_result t = run_with(args{"-D", "strict.depth=4", "--operative-config", toml}, program);
  CHECK(t.code == 0);
  CHECK(t.err.empty());
  CHECK(hp_test::read_file(toml) ==
        "# parameters prog read\n"
        "strict.depth = 4  # -D argv[2]; also read: 8 (test_cli_strict.cpp:222)\n"
        "strict.lr = 0.5  # default; also read: 0.25 (test_cli_strict.cpp:226)\n");
}

TEST_CASE("run --operative-config: a value that cannot be shown is said, not written as null", "[run][operative]") {
  static const auto hidden = hp::declare("strict.hidden", strict_opaque{5});
  const hp_test::temp_dir dir;
  const auto program = [] { return hidden().n == 5 && depth() == 3 ? 0 : 1; };
  const std::string why = "'strict.hidden': its value cannot be shown (give hp::converter<" +
                          hp::detail::type_name<strict_opaque>() + "> a static hp::value to_value(const T&))";
  const std::string said = "prog: --operative-config left out " + why + "\n";
  const std::string yaml = dir.path("used.yaml");
  const run_result y = run_with(args{"--operative-config", yaml}, program);
  CHECK(y.code == 0);
  CHECK(y.err == said);
  CHECK(hp_test::read_file(yaml) == "# parameters prog read\nstrict:\n  depth: 3  # default\n# left out " + why + "\n");
  const std::string toml = dir.path("used.toml");
  const run_result t = run_with(args{"--operative-config", toml}, program);
  CHECK(t.code == 0);
  CHECK(t.err == said);
  CHECK(hp_test::read_file(toml) == "# parameters prog read\nstrict.depth = 3  # default\n# left out " + why + "\n");
  const std::string json = dir.path("used.json");
  const run_result j = run_with(args{"--operative-config", json}, program);
  CHECK(j.code == 0);
  CHECK(j.err == said);
  CHECK(hp_test::read_file(json) == "{\n  \"strict\": {\n    \"depth\": 3\n  }\n}\n");
  // Given on the command line, the value read is the text given: that one can be shown.
  const run_result given = run_with(args{"-D", "strict.hidden=5", "--operative-config", yaml}, program);
  CHECK(given.code == 0);
  CHECK(given.err.empty());
  CHECK(hp_test::read_file(yaml) ==
        "# parameters prog read\nstrict:\n  hidden: \"5\"  # -D argv[2]\n  depth: 3  # default\n");
}
