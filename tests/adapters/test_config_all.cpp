// hp::load_config and hp::run with every available adapter in one program:
// dispatch by extension, layering across formats, declared-type checks on
// config files, and --dump-config / --operative-config round trips.
#include "adapters_test_support.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <vector>

#if defined(__unix__)
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::args;
using hp_test::captured_output;
using hp_test::run_result;
using hp_test::run_with;
using hp_test::temp_dir;

namespace {

const auto layers = hp::declare("all.layers", 3).help("number of layers");
const auto activation = hp::declare("all.activation", "relu");
const auto rate = hp::declare("all.lr", 0.001);
const auto sizes = hp::declare("all.sizes", std::vector<int>{8});
const auto label = hp::declare("all.label", "base");

// The same configuration in every format we can read.
struct sample {
  const char* extension;
  const char* text;
  int layers_line;  // 0: the format gives no lines
};
const std::vector<sample> samples = {
#if defined(HP_ADAPTER_JSON)
    {".json", "{\n\"all\": {\n\"layers\": 4,\n\"activation\": \"tanh\",\n\"lr\": 0.01,\n\"sizes\": [1, 2]}}", 3},
#endif
#if defined(HP_ADAPTER_YAML)
    {".yaml", "all:\n  layers: 4\n  activation: tanh\n  lr: 0.01\n  sizes: [1, 2]\n", 2},
    {".yml", "all:\n  layers: 4\n  activation: tanh\n  lr: 0.01\n  sizes: [1, 2]\n", 2},
#endif
#if defined(HP_ADAPTER_TOML)
    {".toml", "[all]\nlayers = 4\nactivation = \"tanh\"\nlr = 0.01\nsizes = [1, 2]\n", 2},
#endif
};

// A dump without its comments: sources differ between a file and its reload.
std::string without_comments(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line.rfind("#", 0) == 0) continue;
    const std::size_t comment = line.find("  # ");
    out += line.substr(0, comment) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("config: load_config picks the parser by extension, any case", "[config]") {
  const temp_dir dir;
  for (const sample& s : samples) {
    for (const std::string& base : {std::string("config"), std::string("CONFIG")}) {
      std::string extension = s.extension;
      if (base == "CONFIG")
        for (char& c : extension) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string path = dir.write(base + extension, s.text);
      INFO(path);
      const hp::params p = hp::load_config(path);
      CHECK(p.size() == 4);
      CHECK(p.get<int>("all.layers") == 4);
      CHECK(p.get<std::string>("all.activation") == "tanh");
      CHECK(p.get<double>("all.lr") == 0.01);
      CHECK(p.get<std::vector<int>>("all.sizes") == std::vector<int>{1, 2});
      CHECK(p.source("all.layers") == path + ":" + std::to_string(s.layers_line));
    }
  }
  CHECK_THROWS_WITH(hp::load_config(dir.write("c.ini", "")),
                    Contains("unknown extension '.ini' (supported: .json .yaml .yml .toml)"));
}

TEST_CASE("config: --config files of different formats layer, later wins, under -D", "[config][cli]") {
  const temp_dir dir;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    std::string text = samples[i].text;
    const std::size_t four = text.find('4');
    text[four] = static_cast<char>('4' + i);  // each file sets its own layer count
    files.push_back(dir.write("layer" + std::to_string(i) + samples[i].extension, text));
  }
  std::vector<std::string> argv_text;
  for (const std::string& f : files) argv_text.insert(argv_text.end(), {"--config", f});
  argv_text.insert(argv_text.end(), {"-D", "all.activation=gelu"});
  std::vector<const char*> argv{"prog"};
  for (const std::string& s : argv_text) argv.push_back(s.c_str());
  int seen_layers = 0;
  std::string seen_activation;
  CHECK(hp::run(static_cast<int>(argv.size()), argv.data(), [&] {
          seen_layers = layers();
          seen_activation = activation();
        }) == 0);
  CHECK(seen_layers == 4 + static_cast<int>(samples.size()) - 1);
  CHECK(seen_activation == "gelu");

  // --explain lists every file's value, lowest first.
  argv.push_back("--explain");
  argv.push_back("all.layers");
  captured_output captured;
  REQUIRE(hp::run(static_cast<int>(argv.size()), argv.data(), [] { FAIL("ran"); }) == 0);
  for (const std::string& f : files) CHECK_THAT(captured.out(), Contains(f));
  CHECK_THAT(captured.out(), Contains(files.back() + ":" + std::to_string(samples.back().layers_line) + "  <- in effect"));
}

TEST_CASE("config: a config value of the wrong type is rejected with its file and line", "[config][errors]") {
  const temp_dir dir;
  for (const sample& s : samples) {
    std::string text = s.text;
    text.replace(text.find('4'), 1, s.extension == std::string(".json") ? "\"four\"" : "four");
    if (s.extension == std::string(".toml")) text.replace(text.find("four"), 4, "\"four\"");
    const std::string path = dir.write(std::string("wrong") + s.extension, text);
    const run_result r = run_with(args{"--config", path});
    CHECK(r.code == 2);
    CHECK(r.err == "prog: hp::conversion_error: key 'all.layers' = \"four\" is not a valid int (from " + path + ":" +
                       std::to_string(s.layers_line) + "): not a whole decimal integer\n");
    CHECK_FALSE(hp::has("all.layers"));
  }
}

TEST_CASE("config: an undeclared config key is rejected with file, line and did-you-mean", "[config][errors][typo]") {
  const temp_dir dir;
  for (const sample& s : samples) {
    std::string text = s.text;
    text.replace(text.find("layers"), 6, "layres");
    const std::string path = dir.write(std::string("typo") + s.extension, text);
    const run_result r = run_with(args{"--config", path});
    CHECK(r.code == 2);
    CHECK(r.err == "prog: hp::unknown_parameter: key 'all.layres' (from " + path + ":" +
                       std::to_string(s.layers_line) + ") is not a declared parameter; did you mean 'all.layers'?\n");
    const args a{"--config", path};
    CHECK(hp::parse_cli(a.argc(), a.argv(), hp::allow_unknown).config.get<int>("all.layres") == 4);
  }
}

#if defined(__unix__)
TEST_CASE("config: a file without read permission is an hp::error naming the path", "[config][errors]") {
  if (::geteuid() == 0) return;  // root reads anything; the directory case is tested per adapter
  const temp_dir dir;
  const std::string path = dir.write(std::string("locked") + samples.front().extension, samples.front().text);
  ::chmod(path.c_str(), 0);
  CHECK_THROWS_WITH(hp::load_config(path),
                    "hp::io_error: cannot load config '" + path + "': cannot open it for reading (Permission denied)");
}
#endif

#if defined(HP_ADAPTER_YAML)
TEST_CASE("config: --dump-config is YAML when the YAML adapter is in the program, and reloads", "[config][dump]") {
  const temp_dir dir;
  const std::string config = dir.write(std::string("in") + samples.front().extension, samples.front().text);
  const run_result first =
      run_with(args{"--config", config, "-D", "all.lr=0.5", "-D", "all.label=n${all.layers}", "--dump-config"});
  REQUIRE(first.code == 0);
  CHECK(first.out == "# effective configuration of prog; reload it with --config FILE\n"
                     "all:\n"
                     "  layers: 4  # " + config + ":" + std::to_string(samples.front().layers_line) + "\n" +
                     "  activation: \"tanh\"  # " + config + ":" + std::to_string(samples.front().layers_line + 1) +
                     "\n" + "  lr: 0.5  # -D argv[4]\n" + "  sizes: [1, 2]  # " + config + ":" +
                     std::to_string(samples.front().layers_line + 3) + "\n" + "  label: \"n4\"  # -D argv[6]\n");
  const std::string dumped = dir.write("dump.yaml", first.out);
  const run_result second = run_with(args{"--config", dumped, "--dump-config"});
  REQUIRE(second.code == 0);
  CHECK(without_comments(second.out) == without_comments(first.out));
}

TEST_CASE("config: --operative-config writes what was read, and reloading it reproduces the run", "[config][operative]") {
  const temp_dir dir;
  const std::string config = dir.write("in.yaml", "all:\n  layers: 6\n  activation: selu\n");
  const std::string used = dir.path("used.yaml");
  std::string first;
  const auto program = [&first] {  // reads in this order: the operative config keeps it
    first = activation();
    first += " x" + std::to_string(layers());
    first += " lr " + std::to_string(rate());
  };
  REQUIRE(run_with(args{"--config", config, "-D", "all.lr=0.25", "--operative-config", used}, program).code == 0);
  CHECK(first == "selu x6 lr 0.250000");
  CHECK(hp_test::read_file(used) == "# parameters prog read\nall:\n  activation: \"selu\"  # " + config +
                                        ":3\n  layers: 6  # " + config + ":2\n  lr: 0.25  # -D argv[4]\n");
  const std::string original = first;
  first.clear();
  REQUIRE(run_with(args{"--config", used}, program).code == 0);
  CHECK(first == original);
}

TEST_CASE("config: --operative-config leaves out the keys --config would reject, so the file reloads",
          "[config][operative]") {
  const hp_test::temp_dir dir;
  int extra = 0, inner = 0, late = 0;
  const auto program = [&] {
    static const auto late_width = hp::declare("all.late.width", 5);  // declared once the run has begun
    extra = hp::get("all.extra", 7);  // read with a fallback, never declared
    hp::with_scope scope{{"all.inner", 2}};  // set by the program itself
    inner = hp::get("all.inner", 0);
    late = late_width();
    return layers() == 4 ? 0 : 1;
  };
  const std::string undeclared = "'all.extra' = 7 (default): not a declared parameter, so --config would reject "
                                 "it (the program gives this value itself)";
  const std::string scoped = "'all.inner' = 2 (test_config_all.cpp:" + std::to_string(__LINE__ - 7) +
                             "): not a declared parameter, so --config would reject it (the program gives this "
                             "value itself)";
  const std::string after = "'all.late.width' = 5 (default): declared after the command line was read, so "
                            "--config would reject it (the program gives this value itself)";
  std::vector<std::string> files;  // one per format this program reads
#if defined(HP_ADAPTER_JSON)
  files.push_back("used.json");
#endif
#if defined(HP_ADAPTER_YAML)
  files.push_back("used.yaml");
#endif
#if defined(HP_ADAPTER_TOML)
  files.push_back("used.toml");
#endif
  REQUIRE(!files.empty());
  for (const std::string& name : files) {
    CAPTURE(name);
    const std::string file = dir.path(name);
    const run_result r = run_with(args{"-D", "all.layers=4", "--operative-config", file}, program);
    REQUIRE(r.code == 0);
    // The first run declares all.late.width; from then on it is declared before hp::run, so written.
    const bool first = name == files.front();
    CHECK(r.err == "prog: --operative-config left out " + undeclared + "\nprog: --operative-config left out " + scoped +
                       "\n" + (first ? "prog: --operative-config left out " + after + "\n" : ""));
    const std::string text = hp_test::read_file(file);
    CHECK_THAT(text, Contains("layers"));
    if (!first) CHECK_THAT(text, Contains("width"));
    CHECK_THAT(text, !Contains("extra") || Contains("# left out " + undeclared));
    // The file reloads, and the run reads what it read the first time.
    extra = inner = late = 0;
    const run_result again = run_with(args{"--config", file}, program);
    CHECK(again.err.empty());
    CHECK(again.code == 0);
    CHECK(extra == 7);
    CHECK(inner == 2);
    CHECK(late == 5);
  }
  // With the check off, every key a config file gives is taken: the file holds them all.
  const std::string json = dir.path("all.json");
  const char* argv[] = {"prog", "-D", "all.layers=4", "--operative-config", json.c_str()};
  const captured_output quiet;
  CHECK(hp::run(5, argv, hp::allow_unknown, program) == 0);
  CHECK(hp_test::read_file(json) == "{\n  \"all\": {\n    \"extra\": 7,\n    \"inner\": 2,\n    \"late\": {\n"
                                    "      \"width\": 5\n    },\n    \"layers\": 4\n  }\n}\n");
}
#endif
