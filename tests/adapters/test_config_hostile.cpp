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
  // At the limit it loads: the top map and 99 under it.
  std::string deepest;
  for (int i = 0; i < 99; ++i) deepest += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  temp_dir dir;
  const std::string ok = dir.write("ok.yaml", deepest + std::string(99, ' ') + "v: 1\n");
  CHECK(hp::load_config(ok).size() == 1);
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
  // Non-ASCII outside strings and comments (toml++ 3.3 reaches
  // __builtin_unreachable on U+00A1..U+03F9 where it tests for whitespace).
  for (const char* text : {"[aDDDDDD\xc3\xa9\x44\x44]\nb = 1\n[a]\n", "x = 1\n\xc3\xa9 = 1\n", "x = 1\na = 1\xc2\xa1\n",
                           "x = 1\n[a.\xce\xa9]\n", "x = 1\na = [1, \xc3\xa9]\n", "x = 1\na = {b\xc3\xa9 = 1}\n"}) {
    INFO(text);
    const hp::parse_error beyond = load_error("ascii.toml", text);
    CHECK_THAT(beyond.what(), Contains("beyond ASCII outside a string or comment"));
    CHECK(beyond.line() == (text[0] == '[' ? 1 : 2));
  }
  // A quote inside a bare value starts no string: toml++ reads the value to its end.
  for (const char* text : {"x = 1\nnana = [1\"a=\xc3\xa9'''", "x = 1\na = 1\"\"\xc3\xa9\"\n", "x = 1\na = true'\xc3\xa9'\n"}) {
    INFO(text);
    CHECK_THAT(load_error("token.toml", text).what(), Contains("cannot be part of a value"));
  }
  // After a backslash in a multi-line string, toml++ tests the next character
  // (past whitespace and line breaks) for being whitespace.
  for (const char* text : {"x = 1\na = \"\"\"\\\xc3\xa9\"\"\"\n", "x = 1\na = \"\"\"a\\  \n\n  \xc3\xa9\"\"\"\n"}) {
    INFO(text);
    const hp::parse_error escaped = load_error("escape.toml", text);
    CHECK_THAT(escaped.what(), Contains("beyond ASCII right after a backslash in a multi-line string"));
    CHECK(escaped.line() == (std::string(text).find("\n\n") == std::string::npos ? 2 : 4));
  }
  // A bracket closing the other kind (toml++ asserts on "[1, }").
  for (const char* text : {"x = 1\na = [1, }\n", "x = 1\na = [}\n", "x = 1\na = {b = [1}}\n", "x = 1\na = {b = 1]\n",
                           "x = 1\na = [\n  1, # }\n  }\n"}) {
    INFO(text);
    const hp::parse_error mismatched = load_error("brackets.toml", text);
    CHECK_THAT(mismatched.what(), Contains("cannot close the"));
    CHECK(mismatched.line() == (std::string(text).find("# }") == std::string::npos ? 2 : 4));
  }
  // A bare value with a character no number, boolean, date or time has.
  for (const char* text : {"x = 1\na = 1\x19\n", "x = 1\na = [tru\\e]\n",
                           "x = 1\na = {b = 0x$1}\n", "x = 1\nt = {a = 1ine{e\"e\xc3\xa9[}}\n", "x = 1\na = [1[2]]\n", "x = 1\na = 1\"a\"\n"}) {
    INFO(text);
    const hp::parse_error odd = load_error("value.toml", text);
    CHECK_THAT(odd.what(), Contains("cannot be part of a value"));
    CHECK(odd.line() == 2);
  }
  // A malformed date or time (toml++ asserts that it has digits where a
  // well-formed one has them, or reads on past its end).
  for (const char* text : {"x = 1\na =1979-05-27 1\n", "x = 1\na = [1979-05-27 1]\n", "x = 1\na = {b = 1979-05-27 1}\n",
                           "x = 1\na = 1979-05-27 1#\n",
                           "x = 1\nd = 1979-05-27T[00:3:32:00\x1a\n", "x = 1\nd = 1979-05-27Tu0:32:00Z\n", "x = 1\nd = 07:3:00\n",
                           "x = 1\nd = 1979-05-27T07:32:00+0100\n", "x = 1\nd = +07:32:00\n",
                           "x = 1\na =1\x19" "79-05-27 1\n", "x = 1\na = 1_979-05-27_ 1\n"}) {
    INFO(text);
    const hp::parse_error date = load_error("date.toml", text);
    CHECK_THAT(date.what(), Contains("not a date or time as TOML writes them"));
    CHECK(date.line() == 2);
  }
  // Text that only looks like these stays loadable.
  temp_dir dir;
  const hp::params p = hp::load_config(dir.write(
      "ok.toml", "s = \"[\\n a.b.c = {\"\nt = '''\n[\n'''\nu = \"\xc3\xa9\"\n[x.\"y.z\"]\nv = [[1], [2.5]]\n"
                 "w = '\xc3\xa9' # \xc3\xa9\n[\"\xc3\xa9\"]\nz = \"\"\"\xc3\xa9\\\n  a\xc3\xa9\n\"\"\"\n"));
  CHECK(p.get<std::string>("x.y.z.w") == "\xc3\xa9");
  CHECK(p.get<std::string>("\xc3\xa9.z") == "\xc3\xa9" "a\xc3\xa9\n");
  CHECK(p.get<std::string>("u") == "\xc3\xa9");
  CHECK(p.get<std::string>("t") == "[\n");
  CHECK(p.has("x.y.z.v"));
  const hp::params dates = hp::load_config(dir.write(
      "dates.toml", "a = 1979-05-27 07:32:00\nb = 1979-05-27\nc = 1e-5\nd = [07:32:00.25, 1979-05-27t07:32:00-01:30]\n"
                    "e = 1979-05-27T07:32:00Z\nf = -1E-2\n"));
  CHECK(dates.get<std::string>("a") == "1979-05-27T07:32:00");
  CHECK(dates.get<std::string>("b") == "1979-05-27");
  CHECK(dates.get<double>("c") == 1e-5);
  CHECK(dates.get<std::vector<std::string>>("d").size() == 2);
  CHECK(dates.get<double>("f") == -1e-2);
}
#endif
