// Faithful dumps: --dump-config (YAML) and hp::save_config (JSON, YAML, TOML) of the
// effective configuration reload to exactly the same reads, with the same types, and
// hp::save_config round-trips every kind of value.
#include "adapters_test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::args;
using hp_test::captured_output;
using hp_test::temp_dir;

namespace {
struct tile_grid {
  int rows = 0, cols = 0;
};
struct opaque {
  int n = 0;
};
}  // namespace

template <>
struct hp::converter<tile_grid> {
  static tile_grid from(const hp::value& v) {
    const std::string text = v.as<std::string>();
    const std::size_t x = text.find('x');
    if (x == std::string::npos) throw hp::conversion_error(v.describe(), "tile_grid", "write ROWSxCOLS");
    return {std::stoi(text.substr(0, x)), std::stoi(text.substr(x + 1))};
  }
  static hp::value to_value(const tile_grid& g) { return std::to_string(g.rows) + "x" + std::to_string(g.cols); }
};
template <>
struct hp::converter<opaque> {
  static opaque from(const hp::value& v) { return {v.as<int>()}; }
};

namespace {
// Declared when a test first needs them (the other tests of this program do not see them then).
struct dumped_params {
  hp::param<std::string> root = hp::declare("dump.data.root", "/data");
  hp::param<std::string> train = hp::declare("dump.data.train", "${dump.data.root}/train");
  hp::param<std::string> literal = hp::declare("dump.literal", "$${not.a.ref}");
  hp::param<std::vector<int>> sizes = hp::declare("dump.sizes", std::vector<int>{1, 2, 3});
  hp::param<float> lr = hp::declare("dump.lr", 0.1f);
  hp::param<double> scale = hp::declare("dump.scale", 3.0);
  hp::param<int> layers = hp::declare("dump.layers", 4);
  hp::param<bool> on = hp::declare("dump.on", true);
  hp::param<tile_grid> shape = hp::declare("dump.shape", tile_grid{2, 3});

  // Every read, with the kind of value the scopes hold for it.
  std::string reads() const {
    std::string out = root() + " " + train() + " " + literal() + " [";
    for (int s : sizes()) out += std::to_string(s) + ",";
    const tile_grid g = shape();
    out += "] " + std::to_string(lr()) + " " + std::to_string(scale()) + " " + std::to_string(layers()) + " " +
           (on() ? "on" : "off") + " " + std::to_string(g.rows) + "x" + std::to_string(g.cols);
    for (const char* k : {"dump.scale", "dump.lr", "dump.layers", "dump.sizes"})
      if (const auto v = hp::find<hp::value>(k)) out += std::string(" ") + k + ":" + std::to_string(int(v->type()));
    return out;
  }
};
const dumped_params& params() {
  static const dumped_params p;
  return p;
}

struct run_result {
  int code;
  std::string out, err, reads;
};
run_result run_reading(const args& a) {
  captured_output captured;
  std::string reads;
  const int code = hp::run(a.argc(), a.argv(), [&] { reads = params().reads(); });
  return {code, captured.out(), captured.err(), reads};
}

// What --dump-config writes, saved in another format from inside a run with the same arguments.
void save_effective(const args& a, const std::string& path) {
  captured_output captured;
  REQUIRE(hp::run(a.argc(), a.argv(), [&] { hp::save_config(hp::detail::effective_config(), path); }) == 0);
}
}  // namespace

TEST_CASE("dump: reloading --dump-config or a saved effective configuration reproduces the run", "[config][dump]") {
  (void)params();
  const temp_dir dir;
  const args given{"-D", "dump.data.root=/mnt", "-D", "dump.scale=2", "-D", "dump.shape=5x7", "-D", "dump.sizes=4,5"};
  const run_result original = run_reading(given);
  REQUIRE(original.code == 0);
  CHECK(original.reads.rfind("/mnt /mnt/train ${not.a.ref} [4,5,] 0.100000 2.000000 4 on 5x7", 0) == 0);

  std::vector<std::string> files;
#if defined(HP_ADAPTER_YAML)
  const run_result dump = run_reading(args{"-D", "dump.data.root=/mnt", "-D", "dump.scale=2", "-D", "dump.shape=5x7",
                                           "-D", "dump.sizes=4,5", "--dump-config"});
  REQUIRE(dump.code == 0);
  CHECK_THAT(dump.out, Contains("  scale: 2.0  # -D argv[4]\n") && Contains("  lr: 0.1  # default\n") &&
                           Contains("  literal: \"$${not.a.ref}\"") && Contains("  train: \"/mnt/train\"") &&
                           Contains("  shape: \"5x7\""));
  files.push_back(dir.write("d.yaml", dump.out));
#endif
#if defined(HP_ADAPTER_JSON)
  files.push_back(dir.path("d.json"));
  save_effective(given, files.back());
#endif
#if defined(HP_ADAPTER_TOML)
  files.push_back(dir.path("d.toml"));
  save_effective(given, files.back());
#endif
  for (const std::string& file : files) {
    INFO(file << ":\n" << hp_test::read_file(file));
    const run_result reloaded = run_reading(args{"--config", file});
    REQUIRE(reloaded.code == 0);
    // The reloaded values are typed: the -D text "2" comes back a double, "4,5" a list.
    CHECK(reloaded.reads.substr(0, reloaded.reads.find(" dump.")) ==
          original.reads.substr(0, original.reads.find(" dump.")));
    CHECK_THAT(reloaded.reads, Contains("dump.scale:3") && Contains("dump.lr:3") && Contains("dump.layers:2") &&
                                   Contains("dump.sizes:5"));
  }
}

TEST_CASE("dump: defaults of a type without to_value are named, not dropped silently", "[config][dump]") {
  (void)params();
  static const auto hidden = hp::declare("dump.opaque", opaque{5});
  const run_result dump = run_reading(args{"--dump-config"});
  INFO(dump.err);
  REQUIRE(dump.code == 0);
  CHECK_THAT(dump.err, Contains("--dump-config left out 'dump.opaque': its default cannot be shown"));
  CHECK_THAT(dump.out, !Contains("opaque") && Contains("shape: \"2x3\""));
  const run_result help = run_reading(args{"--help"});
  CHECK_THAT(help.out, Contains("(cannot be shown: hp::converter<") && Contains("\"2x3\""));
  const run_result explain = run_reading(args{"--explain", "dump.opaque"});
  CHECK_THAT(explain.out, Contains("dump.opaque = (cannot be shown"));
  const run_result train = run_reading(args{"--explain", "dump.data.train"});
  CHECK_THAT(train.out, Contains("dump.data.train = \"/data/train\""));
}

TEST_CASE("save_config: load_config gives back the same keys, values and kinds", "[config][save]") {
  hp::params p;
  p.set("a", 1).set("a.b", 2).set("a.b.c", "q\"uote\n").set("net.layers", -4).set("net.lr", 3.0);
  p.set("net.small", 1e-300).set("net.f", 0.1f).set("net.sizes", std::vector<int>{1, 2}).set("net.empty", "");
  p.set("net.ref", "${a}").set("net.on", false).set("net.nested", hp::value{hp::value{1, "x"}, hp::value(2.5)});
  p.set("config.中文.value", "z").set("some-key", std::vector<std::string>{});
  const temp_dir dir;
  std::vector<std::string> extensions;
#if defined(HP_ADAPTER_JSON)
  extensions.push_back(".json");
#endif
#if defined(HP_ADAPTER_YAML)
  extensions.push_back(".yaml");
  extensions.push_back(".yml");
#endif
#if defined(HP_ADAPTER_TOML)
  extensions.push_back(".toml");
#endif
  for (const std::string& extension : extensions) {
    const std::string path = dir.path("saved" + extension);
    hp::save_config(p, path);
    INFO(hp_test::read_file(path));
    const hp::params back = hp::load_config(path);
    REQUIRE(back.size() == p.size());
    for (const hp::detail::entry& e : hp::detail::access::entries(p)) {
      const hp::detail::entry* b = hp::detail::access::lookup(back, e.hash);
      REQUIRE(b != nullptr);
      CHECK(b->val() == e.val());
    }
    if (extension != ".toml") CHECK_THAT(hp_test::read_file(path), Contains("3.0") && Contains("0.1"));
  }
#if defined(HP_ADAPTER_TOML)
  CHECK_THAT(hp_test::read_file(dir.path("saved.toml")), Contains("\"a.b\" = 2") && Contains("net.lr = 3.0"));
#endif
}

TEST_CASE("save_config: what a format cannot hold is an hp::error naming the key", "[config][save][errors]") {
  const temp_dir dir;
  hp::params nan;
  nan.set("x.y", std::numeric_limits<double>::quiet_NaN());
  CHECK_THROWS_WITH(hp::save_config(nan, dir.path("n.json")),
                    "hp::error: cannot write key 'x.y' as JSON: JSON has no nan or infinity");
  hp::params none;
  none.set("x.z", hp::value());
  CHECK_THROWS_WITH(hp::save_config(none, dir.path("n.toml")),
                    "hp::error: cannot write key 'x.z' as TOML: it has no value, and TOML has no null");
  CHECK_THROWS_WITH(hp::save_config(none, dir.path("n.ini")),
                    "hp::io_error: cannot save config '" + dir.path("n.ini") +
                        "': unknown extension '.ini' (supported: .json .yaml .yml .toml)");
  hp::params ok;
  ok.set("k", 1);
  const std::string nowhere = dir.path("no/such/dir/c.yaml");
  CHECK_THROWS_WITH(hp::save_config(ok, nowhere),
                    "hp::io_error: cannot save config '" + nowhere + "': No such file or directory");
#if defined(HP_ADAPTER_YAML)
  hp::save_config(nan, dir.path("n.yaml"));
  CHECK(std::isnan(hp::load_config(dir.path("n.yaml")).get<double>("x.y")));
#endif
}
