// Hostile config files: each ends in a value or an hp::parse_error naming
// the file and line, in bounded time and memory; never a signal,
// std::bad_alloc or another exception type.
#include "adapters_test_support.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "../cli_test_support.hpp"

using Catch::Matchers::Contains;
using hp_test::temp_dir;

namespace {

std::string repeated(const std::string& piece, std::size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

// Loads `text` as file `name` and returns the parse_error it must raise.
hp::parse_error load_error(const std::string& name, const std::string& text) {
  temp_dir dir;
  const std::string path = dir.write(name, text);
  try {
    (void)hp::load_config(path);
  } catch (const hp::parse_error& e) {
    CHECK(e.source() == path);
    return e;
  }
  FAIL("no hp::parse_error for " << name);
  return hp::parse_error("", 0, "");
}

}  // namespace

#if defined(HP_ADAPTER_JSON)
TEST_CASE("hostile JSON: deep nesting is refused before anything recursive runs", "[hostile][json]") {
  const std::string arrays = "{\"a\": " + repeated("[", 100000) + repeated("]", 100000) + "}";
  hp::parse_error e = load_error("deep.json", arrays);
  CHECK_THAT(e.what(), Contains("nested deeper than 100"));
  CHECK(e.line() == 1);
  e = load_error("deeper.json", "{\"a\": " + repeated("[", 1000000));
  CHECK_THAT(e.what(), Contains("nested deeper than 100"));
  e = load_error("objects.json", "{" + repeated("\"k\": {", 100000) + repeated("}", 100001));
  CHECK_THAT(e.what(), Contains("nested deeper than 100"));
  // At the limit it loads.
  temp_dir dir;
  const std::string ok = dir.write("ok.json", "{\"a\": " + repeated("[", 99) + "1" + repeated("]", 99) + "}");
  CHECK(hp::load_config(ok).size() == 1);
}

TEST_CASE("hostile JSON: a NUL byte is an error, not the end of the document", "[hostile][json]") {
  const hp::parse_error e = load_error("nul.json", std::string("{\"a\": 1}\n\0{\"b\": 2}", 18));
  CHECK_THAT(e.what(), Contains("NUL byte"));
  CHECK(e.line() == 2);
}

TEST_CASE("hostile JSON: the error line is the line of the bad token", "[hostile][json]") {
  CHECK(load_error("line.json", "{\"a\": 1,\n \"b\": tru\n}").line() == 2);
  CHECK(load_error("line2.json", "{\"a\": 1,\n \"b\": [1,\n 2,\n x]}").line() == 4);
}
#endif

#if defined(HP_ADAPTER_YAML)
TEST_CASE("hostile YAML: aliases cannot expand a document without bound", "[hostile][yaml]") {
  std::string laughs = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (int i = 1; i <= 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + repeated(prev + ", ", 8) + prev + "]\n";
  }
  const hp::parse_error e = load_error("laughs.yaml", laughs);
  CHECK_THAT(e.what(), Contains("expands to more than"));
}

TEST_CASE("hostile YAML: deep nesting is a parse_error", "[hostile][yaml]") {
  CHECK_THAT(load_error("deep.yaml", "a: " + repeated("[", 100000)).what(), Contains("hp::parse_error"));
  std::string maps;
  for (int i = 0; i < 150; ++i) maps += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  CHECK_THAT(load_error("maps.yaml", maps + std::string(150, ' ') + "k: 1\n").what(),
             Contains("nested deeper than 100"));
}
#endif

#if defined(HP_ADAPTER_TOML)
TEST_CASE("hostile TOML: a dotted key of 100,000 segments is refused", "[hostile][toml]") {
  const hp::parse_error e = load_error("dotted.toml", "x = 1\n" + repeated("a.", 100000) + "a = 1\n");
  CHECK_THAT(e.what(), Contains("nested deeper than 100"));
  CHECK(e.line() == 2);
  CHECK_THAT(load_error("header.toml", "[" + repeated("a.", 200) + "a]\n").what(), Contains("nested deeper than 100"));
  CHECK_THAT(load_error("arrays.toml", "a = " + repeated("[", 100000)).what(), Contains("nested deeper than 100"));
  CHECK_THAT(load_error("tables.toml", "a = " + repeated("{b = ", 1000)).what(), Contains("nested deeper than 100"));
}

TEST_CASE("hostile TOML: malformed headers and invalid UTF-8 are parse errors", "[hostile][toml]") {
  for (const char* text : {"[\n", "[", "[[\n", "x = 1\n[ =", "[#]\n", "[[ .a]]\n"}) {
    INFO(text);
    (void)load_error("bad.toml", text);
  }
  const hp::parse_error e = load_error("utf8.toml", "a = 1\nb = \"\xff\xfe\"\n");
  CHECK_THAT(e.what(), Contains("UTF-8"));
  CHECK(e.line() == 2);
  (void)load_error("utf8-key.toml", "\xc3 = 1\n");
  (void)load_error("utf8-cut.toml", "a = \"\xe2\x82\"");
  // Text that only looks like these stays loadable.
  temp_dir dir;
  const hp::params p = hp::load_config(dir.write(
      "ok.toml", "s = \"[\\n a.b.c = {\"\nt = '''\n[\n'''\nu = \"\xc3\xa9\"\n[x.\"y.z\"]\nv = [[1], [2.5]]\n"));
  CHECK(p.get<std::string>("u") == "\xc3\xa9");
  CHECK(p.get<std::string>("t") == "[\n");
  CHECK(p.has("x.y.z.v"));
}
#endif
