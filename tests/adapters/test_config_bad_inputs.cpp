// The bad-input battery for config files and command lines. Nothing relies on
// file permissions (CI runs as root): unreadable means a directory given as a
// file or a path under a regular file.
#include "adapters_test_support.hpp"

#include <filesystem>

#include "../bad_input_battery.hpp"
#include "../cli_test_support.hpp"

using hp_test::bad_input;
using hp_test::type;

namespace {

// Keys are checked against what test_config_all.cpp declares (all.layers, ...).
std::function<void()> load(const hp_test::temp_dir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.write(name, text);
  return [path] { hp::with_scope s(hp::load_config(path)); };
}

std::function<void()> cli(std::initializer_list<std::string> list) {
  auto a = std::make_shared<hp_test::args>(list);
  return [a] {
    const hp::cli_args parsed = hp::parse_cli(a->argc(), a->argv());
    hp::with_scope s(parsed.defines);
  };
}

}  // namespace

TEST_CASE("bad inputs: config files and command lines", "[bad_inputs][errors][config]") {
  const hp_test::temp_dir dir;
  const std::string regular = dir.write("regular.json", "{}");
  std::filesystem::create_directories(dir.path("folder.json"));
  std::vector<bad_input> cases = {
      {"unknown extension", load(dir, "c.ini", "a=1"), type<hp::error>(), {"c.ini", "unknown extension '.ini'"}},
      {"no extension", load(dir, "config", "a=1"), type<hp::error>(), {"no extension"}},
      {"missing file", [&] { (void)hp::load_config(dir.path("missing.json")); }, type<hp::error>(), {"missing.json", "no such file"}},
      {"a directory as a file", [&] { (void)hp::load_config(dir.path("folder.json")); }, type<hp::error>(), {"folder.json", "directory"}},
      {"a path under a regular file", [&] { (void)hp::load_config(regular + "/x.json"); }, type<hp::error>(), {"regular.json/x.json"}},
      {"undeclared -D key", cli({"-D", "all.layrs=4"}), type<hp::unknown_parameter>(), {"'all.layrs'", "did you mean 'all.layers'"}},
      {"bad -D key", cli({"-D", "all..layers=4"}), type<hp::invalid_key>(), {"'all..layers'"}},
      {"--config of a missing file", cli({"--config", dir.path("none.yaml")}), type<hp::error>(), {"none.yaml"}},
      {"--config of a directory", cli({"--config", dir.path("folder.json")}), type<hp::error>(), {"folder.json", "directory"}},
  };
#if defined(HP_ADAPTER_JSON)
  const std::vector<bad_input> json = {
      {"JSON: missing value", load(dir, "j1.json", "{\"a\":\n }"), type<hp::parse_error>(), {"j1.json:2"}},
      {"JSON: top-level array", load(dir, "j2.json", "[1]"), type<hp::parse_error>(), {"j2.json:1", "top level"}},
      {"JSON: key given twice", load(dir, "j3.json", "{\"a\": 1,\n\"a\": 2}"), type<hp::parse_error>(), {"j3.json:2", "'a' is given twice"}},
      {"JSON: object in a list", load(dir, "j4.json", "{\"a\": [{\"b\": 1}]}"), type<hp::parse_error>(), {"j4.json", "object inside a list"}},
      {"JSON: integer out of range", load(dir, "j5.json", "{\"a\": 18446744073709551615}"), type<hp::parse_error>(), {"j5.json:1", "out of range"}},
      {"JSON: bad key", load(dir, "j6.json", "{\n\"a b\": 1}"), type<hp::invalid_key>(), {"'a b'", "j6.json:2"}},
      {"JSON: bad token line", load(dir, "j7.json", "{\"a\": 1,\n \"b\": tru\n}"), type<hp::parse_error>(), {"j7.json:2:"}},
      {"JSON: NUL byte", load(dir, "j8.json", std::string("{\"a\": 1}\0{", 10)), type<hp::parse_error>(), {"j8.json:1", "NUL byte"}},
      {"JSON: deep nesting", load(dir, "j9.json", "{\"a\": " + std::string(5000, '[')), type<hp::parse_error>(), {"j9.json:1", "nested deeper than 100"}},
      {"JSON: empty file", load(dir, "j10.json", ""), type<hp::parse_error>(), {"j10.json"}},
      {"JSON: null read as int", [path = dir.write("j11.json", "{\"all\": {\"layers\": null}}")] {
         hp::with_scope s(hp::load_config(path));
         (void)hp::get("all.layers", 1);
       }, type<hp::conversion_error>(), {"'all.layers' = null is not a valid int", "j11.json:1"}},
  };
  cases.insert(cases.end(), json.begin(), json.end());
#endif
#if defined(HP_ADAPTER_YAML)
  const std::vector<bad_input> yaml = {
      {"YAML: map in a list", load(dir, "y1.yaml", "a: [1, {b: 1}]\n"), type<hp::parse_error>(), {"y1.yaml:1", "map inside a list"}},
      {"YAML: bad indentation", load(dir, "y2.yaml", "a:\n  b: 1\n c: 2\n"), type<hp::parse_error>(), {"y2.yaml:3"}},
      {"YAML: key given twice", load(dir, "y3.yaml", "a: 1\na: 2\n"), type<hp::parse_error>(), {"y3.yaml:2", "given twice"}},
      {"YAML: top-level list", load(dir, "y4.yaml", "- 1\n"), type<hp::parse_error>(), {"y4.yaml:1", "top level"}},
      {"YAML: unclosed flow", load(dir, "y5.yaml", "a: [1, 2\n"), type<hp::parse_error>(), {"y5.yaml"}},
      {"YAML: deep maps", load(dir, "y6.yaml", [] {
         std::string maps;
         for (int i = 0; i < 120; ++i) maps += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
         return maps + std::string(120, ' ') + "k: 1\n";
       }()), type<hp::parse_error>(), {"y6.yaml:", "nested deeper than 100"}},
      {"YAML: alias bomb", load(dir, "y7.yaml", [] {
         std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
         for (int i = 1; i < 8; ++i) {
           const std::string prev = "*a" + std::to_string(i - 1);
           text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
           for (int k = 0; k < 10; ++k) text += prev + (k < 9 ? ", " : "]\n");
         }
         return text;
       }()), type<hp::parse_error>(), {"y7.yaml:", "expands to more than"}},
      {"YAML: a map that merges itself", load(dir, "y8.yaml", "all.layers: 1\nb: &b\n  c: 1\n  <<: *b\n"),
       type<hp::parse_error>(), {"y8.yaml:", "a map holds itself through an alias (a cycle)"}},
      {"YAML: a map inside itself", load(dir, "y9.yaml", "b: &b\n  c: *b\n"), type<hp::parse_error>(),
       {"y9.yaml:", "a map holds itself through an alias (a cycle)"}},
      {"YAML: a list inside itself", load(dir, "y10.yaml", "b: &b [1, *b]\n"), type<hp::parse_error>(),
       {"y10.yaml:1", "a list holds itself through an alias (a cycle)"}},
  };
  cases.insert(cases.end(), yaml.begin(), yaml.end());
#endif
#if defined(HP_ADAPTER_TOML)
  const std::vector<bad_input> toml = {
      {"TOML: missing value", load(dir, "t1.toml", "a = 1\nb =\n"), type<hp::parse_error>(), {"t1.toml:2"}},
      {"TOML: table given twice", load(dir, "t2.toml", "[a]\nb = 1\n[a]\n"), type<hp::parse_error>(), {"t2.toml:3"}},
      {"TOML: table in an array", load(dir, "t3.toml", "a = [{b = 1}]\n"), type<hp::parse_error>(), {"t3.toml:1", "table inside an array"}},
      {"TOML: header without a key", load(dir, "t4.toml", "a = 1\n[\n"), type<hp::parse_error>(), {"t4.toml:2", "table header"}},
      {"TOML: invalid UTF-8", load(dir, "t5.toml", "a = 1\n\n\"\xc0\xaf\" = 2\n"), type<hp::parse_error>(), {"t5.toml:3", "UTF-8"}},
      {"TOML: long dotted key", load(dir, "t6.toml", [] {
         std::string key;
         for (int i = 0; i < 150; ++i) key += "a.";
         return key + "a = 1\n";
       }()), type<hp::parse_error>(), {"t6.toml:1", "nested deeper than 100"}},
      {"TOML: bad key", load(dir, "t7.toml", "\"a b\" = 1\n"), type<hp::invalid_key>(), {"'a b'", "t7.toml:1"}},
  };
  cases.insert(cases.end(), toml.begin(), toml.end());
#endif
  hp_test::check_battery(cases);
}
