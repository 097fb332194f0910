// The bad-input battery for keys, defines, conversions, interpolation and
// reads; config files and command lines are in adapters/test_config_bad_inputs.cpp.
#include "bad_input_battery.hpp"

#include <future>

using hp_test::bad_input;
using hp_test::type;

namespace {

template <class T>
std::function<void()> read_as(std::string key, hp::value v) {
  return [key, v] {
    hp::with_scope s{{"ok.first", 1}, {key, v}};
    (void)hp::get<T>(key);
  };
}

template <class T>
std::function<void()> define_read_as(std::string define, std::string key) {
  return [define, key] {
    hp::with_scope s(define);
    (void)hp::get<T>(key);
  };
}

std::function<void()> push(std::string key) {
  return [key] { hp::with_scope s{{"ok.first", 1}, {key, 1}}; };
}

std::string repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

std::function<void()> push_defines(std::vector<std::string> defines) {
  return [defines] { hp::with_scope s(defines); };
}

}  // namespace

TEST_CASE("bad inputs: keys, defines, conversions, references and reads", "[bad_inputs][errors]") {
  hp::params bomb;
  for (int i = 0; i < 30; ++i) bomb.set("b" + std::to_string(i), "${b" + std::to_string(i + 1) + "}${b" + std::to_string(i + 1) + "}");
  bomb.set("b30", "xy");
  const std::vector<bad_input> cases = {
      // keys
      {"empty segment", push("a..b"), type<hp::invalid_key>(), {"'a..b'", "empty segment", "(from test_bad_inputs.cpp:"}},
      {"leading dot", push(".a"), type<hp::invalid_key>(), {"'.a'", "position 0"}},
      {"trailing dot", push("a."), type<hp::invalid_key>(), {"'a.'"}},
      {"whitespace", push("a b"), type<hp::invalid_key>(), {"'a b'", "whitespace"}},
      {"punctuation", push("a$b"), type<hp::invalid_key>(), {"'a$b'", "punctuation"}},
      {"NUL byte", push(std::string("a\0b", 3)), type<hp::invalid_key>(), {"'a\\x00b'", "control character"}},
      {"tab", push("a\tb"), type<hp::invalid_key>(), {"'a\\tb'"}},
      {"invalid UTF-8", push("a\xff"), type<hp::invalid_key>(), {"'a\\xff'", "invalid UTF-8"}},
      {"invalid UTF-8 after a valid character", push("\xe4\xb8\xad.\xe4\xb8"), type<hp::invalid_key>(),
       {"'\xe4\xb8\xad.\\xe4\\xb8'", "position 4"}},
      {"huge key of three-byte characters: cut between two", push(repeated("\xe4\xb8\xad", 100) + " y"),
       type<hp::invalid_key>(), {"'" + repeated("\xe4\xb8\xad", 66) + "... (302 bytes)'", "whitespace"}},
      {"runtime key read", [] { (void)hp::get<int>(std::string("x..y")); }, type<hp::invalid_key>(), {"'x..y'"}},
      {"hp::set key", [] { hp::set(std::string("x y"), 1); }, type<hp::invalid_key>(), {"'x y'"}},
      {"params key", [] { hp::params().set("p..q", 1, "my source"); }, type<hp::invalid_key>(), {"'p..q'", "(from my source)"}},
      {"huge key", push(std::string(100000, 'k') + "!"), type<hp::invalid_key>(), {"... (100001 bytes)"}},
      // defines
      {"empty define", [] { (void)hp::parse_define(""); }, type<hp::parse_error>(), {"empty define"}},
      {"define without key", push_defines({"ok.first=1", "=3"}), type<hp::parse_error>(), {"define '=3'", "missing key"}},
      {"define with blank key", push_defines({"ok.first=1", " =x"}), type<hp::parse_error>(), {"define ' =x'"}},
      {"define with a bad key", push_defines({"ok.first=1", "a..b=1"}), type<hp::invalid_key>(), {"'a..b'", "(from define 'a..b=1')"}},
      {"define with a space in its key", push_defines({"a b=1"}), type<hp::invalid_key>(), {"'a b'", "define 'a b=1'"}},
      {"define with a NUL in its key", push_defines({std::string("k\0=1", 4)}), type<hp::invalid_key>(), {"'k\\x00'", "define 'k\\x00=1'"}},
      {"define of a huge key", push_defines({std::string(5000, 'x') + " y=1"}), type<hp::invalid_key>(), {"(5002 bytes)", "(5013 bytes)"}},
      // conversions
      {"text as int", define_read_as<int>("c.x=big", "c.x"), type<hp::conversion_error>(), {"key 'c.x' = \"big\"", "valid int", "(from define 'c.x=big')"}},
      {"int out of range for signed char", read_as<signed char>("c.x", 300), type<hp::conversion_error>(), {"key 'c.x' = 300", "signed char", "out of range", "(from test_bad_inputs.cpp:"}},
      {"negative as unsigned", define_read_as<unsigned>("c.x=-1", "c.x"), type<hp::conversion_error>(), {"\"-1\"", "unsigned", "out of range"}},
      {"decimal text as int", define_read_as<int>("c.x=1.5", "c.x"), type<hp::conversion_error>(), {"\"1.5\"", "not a whole decimal integer"}},
      {"fractional double as int", read_as<int>("c.x", 2.5), type<hp::conversion_error>(), {"= 2.5", "fractional part"}},
      {"double as float, too large", read_as<float>("c.x", 1e300), type<hp::conversion_error>(), {"float", "out of range"}},
      {"double text too large", define_read_as<double>("c.x=1e400", "c.x"), type<hp::conversion_error>(), {"\"1e400\"", "double", "out of range"}},
      {"float underflow", define_read_as<float>("c.x=1e-50", "c.x"), type<hp::conversion_error>(), {"\"1e-50\"", "float", "out of range"}},
      {"double underflow", define_read_as<double>("c.x=1e-400", "c.x"), type<hp::conversion_error>(), {"\"1e-400\"", "out of range"}},
      {"word as bool", define_read_as<bool>("c.x=maybe", "c.x"), type<hp::conversion_error>(), {"\"maybe\"", "bool", "expected true/false"}},
      {"2 as bool", read_as<bool>("c.x", 2), type<hp::conversion_error>(), {"= 2", "only 0 and 1"}},
      {"bad list element", define_read_as<std::vector<int>>("c.x=1,x,3", "c.x"), type<hp::conversion_error>(), {"std::vector<int>", "element \"x\""}},
      {"list as int", read_as<int>("c.x", hp::value::list{1, "a"}), type<hp::conversion_error>(), {"[1, \"a\"]", "valid int"}},
      {"2^64 as unsigned long long", define_read_as<unsigned long long>("c.x=18446744073709551616", "c.x"), type<hp::conversion_error>(), {"\"18446744073709551616\"", "out of range"}},
      {"2^63 as long long", define_read_as<long long>("c.x=9223372036854775808", "c.x"), type<hp::conversion_error>(), {"\"9223372036854775808\"", "out of range"}},
      {"empty text as int", define_read_as<int>("c.x=", "c.x"), type<hp::conversion_error>(), {"\"\"", "(from define 'c.x=')"}},
      {"hex text as int", define_read_as<int>("c.x=0x10", "c.x"), type<hp::conversion_error>(), {"\"0x10\""}},
      {"+- as double", define_read_as<double>("c.x=+-1", "c.x"), type<hp::conversion_error>(), {"\"+-1\"", "not a number"}},
      {"nan as int", define_read_as<int>("c.x=nan", "c.x"), type<hp::conversion_error>(), {"\"nan\""}},
      {"none as int", read_as<int>("c.x", hp::value()), type<hp::conversion_error>(), {"null", "valid int"}},
      {"control bytes in a value", read_as<int>("c.x", std::string("1\0\n2", 4)), type<hp::conversion_error>(), {"\"1\\x00\\n2\""}},
      {"huge value", read_as<int>("c.x", std::string(1000000, '9') + "x"), type<hp::conversion_error>(), {"... (1000003 bytes)", "key 'c.x'"}},
      // references
      {"reference to nothing", read_as<int>("c.x", "${nope}"), type<hp::missing_parameter>(), {"'${nope}'", "key 'c.x'", "(from test_bad_inputs.cpp:"}},
      {"unterminated reference", read_as<std::string>("c.x", "a${b"), type<hp::parse_error>(), {"unterminated", "key 'c.x'"}},
      {"reference cycle", [] {
         hp::with_scope s{{"c.a", "${c.b}"}, {"c.b", "x${c.a}"}};
         (void)hp::get<std::string>("c.a");
       }, type<hp::parse_error>(), {"interpolation cycle", "c.a -> c.b -> c.a"}},
      {"reference with a bad key", read_as<int>("c.x", "${a..b}"), type<hp::invalid_key>(), {"'a..b'", "${a..b} in key 'c.x'"}},
      {"reference to text read as int", [] {
         hp::with_scope s{{"c.t", "abc"}, {"c.x", "${c.t}"}};
         (void)hp::get<int>("c.x");
       }, type<hp::conversion_error>(), {"key 'c.x' = \"abc\"", "expanded from \"${c.t}\""}},
      {"expansion bomb", [bomb] {
         hp::with_scope s(bomb);
         (void)hp::get<std::string>("b0");
       }, type<hp::parse_error>(), {"key 'b0'", "expands to more than"}},
      // reads
      {"missing key", [] { (void)hp::get<int>("nope.nope"); }, type<hp::missing_parameter>(), {"'nope.nope' is not set"}},
      {"group read as a value", [] {
         hp::with_scope s{{"g.a.b", 1}};
         (void)hp::get<int>("g.a");
       }, type<hp::missing_parameter>(), {"'g.a' is not set", "'g.a.b'"}},
      {"params read of text as int", [] { (void)hp::params({{"p.x", "x"}}).get<int>("p.x"); }, type<hp::conversion_error>(), {"key 'p.x'", "(from code)"}},
      {"frame read of a missing key", [] { (void)hp::frame().get<int>("f.x"); }, type<hp::missing_parameter>(), {"'f.x'"}},
      {"guard read on another thread", [] {
         hp::with_scope s{{"t.x", 1}};
         std::async(std::launch::async, [&s] { return s.get<int>("t.x"); }).get();
       }, type<hp::usage_error>(), {"thread other than the one that opened it", "snapshot()"}},
  };
  CHECK(cases.size() >= 50);
  hp_test::check_battery(cases);
}
