// Portability: decimal text parses the same with and without std::from_chars
// for double (libc++ before 17 lacks it), whatever the locale; the compiler
// facilities behind detail/macros.hpp.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <locale>
#include <random>
#include <string>
#include <system_error>
#include <thread>

namespace {

using hp::detail::float_from_chars;
using hp::detail::float_from_chars_fallback;

struct parsed {
  std::errc ec;
  std::ptrdiff_t used;
  double value;
};

template <class Parse>
parsed parse_with(Parse parse, const std::string& text) {
  double out = -7.0;  // left alone on failure
  const std::from_chars_result r = parse(text.data(), text.data() + text.size(), out);
  return {r.ec, r.ptr - text.data(), out};
}

parsed fallback(const std::string& text) { return parse_with(float_from_chars_fallback, text); }
parsed dispatched(const std::string& text) {
  return parse_with([](const char* f, const char* l, double& o) { return float_from_chars(f, l, o); }, text);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::string shortest(double d) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, d);
  return std::string(buffer, r.ptr);
}

// A numpunct that writes "1,5": a global C++ locale many programs install.
struct comma_decimal : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
};

}  // namespace

TEST_CASE("the floating-point parser in use is known", "[portability]") {
  // libstdc++ 12 has std::from_chars for double, libc++ 14 does not; either way
  // value.hpp goes through float_from_chars, which picks one of the two.
#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 170000
  CHECK_FALSE(hp::detail::has_float_from_chars<double>::value);
#elif defined(__GLIBCXX__)
  CHECK(hp::detail::has_float_from_chars<double>::value);
#endif
  CHECK(dispatched("0.1").value == 0.1);
}

TEST_CASE("the fallback accepts what std::from_chars accepts", "[portability]") {
  for (auto parse : {fallback, dispatched}) {
    CHECK(parse("0.1").value == 0.1);
    CHECK(parse("-1e-3").value == -1e-3);
    CHECK(parse("1.").value == 1.0);
    CHECK(parse(".5").value == 0.5);
    CHECK(parse("-.5").value == -0.5);
    CHECK(parse("00012").value == 12.0);
    CHECK(parse("1E5").value == 1e5);
    CHECK(parse("1e+0005").value == 1e5);
    CHECK(parse("1.7976931348623157e308").value == std::numeric_limits<double>::max());
    CHECK(parse("4.9406564584124654e-324").value == std::numeric_limits<double>::denorm_min());
    CHECK(parse("4e-320").value == 4e-320);  // subnormal, in range
    CHECK(parse("0e999").value == 0.0);
    const parsed minus_zero = parse("-0");
    CHECK((minus_zero.value == 0.0 && std::signbit(minus_zero.value)));
    CHECK(parse("inf").value == std::numeric_limits<double>::infinity());
    CHECK(parse("-Infinity").value == -std::numeric_limits<double>::infinity());
    CHECK(parse("-Infinity").used == 9);
    CHECK(std::isnan(parse("NaN").value));
    CHECK(parse("nan(0x_7f)").used == 10);
    // The longest valid prefix is parsed; callers reject what is left over.
    CHECK(parse("1e").used == 1);
    CHECK(parse("1e+").used == 1);
    CHECK(parse("1e5x").used == 3);
    CHECK(parse("1..2").used == 2);
    CHECK(parse("0x1p3").used == 1);  // no hexadecimal in general format
    CHECK(parse("infin").used == 3);
    CHECK(parse("nan(").used == 3);
    for (const char* bad : {"", "-", ".", ".e1", " 1", "+1", "x", "-x"}) {
      const parsed p = parse(bad);
      CHECK(p.ec == std::errc::invalid_argument);
      CHECK(p.used == 0);
      CHECK(p.value == -7.0);
    }
    for (const char* huge : {"1e400", "-1e400", "1.7976931348623159e308", "1e99999999999999999999",
                             "1e-400", "-1e-400", "2.4703282292062327e-324", "0.1e-400000000000000000"}) {
      const parsed p = parse(huge);
      CHECK(p.ec == std::errc::result_out_of_range);
      CHECK(p.used == static_cast<std::ptrdiff_t>(std::strlen(huge)));
      CHECK(p.value == -7.0);
    }
  }
}

TEST_CASE("the fallback rounds correctly", "[portability]") {
  // Halfway between 1 and the next double: to even; any digit further down: up.
  CHECK(fallback("1.00000000000000011102230246251565404236316680908203125").value == 1.0);
  CHECK(fallback("1.00000000000000011102230246251565404236316680908203125000000000000000000000000001").value == std::nextafter(1.0, 2.0));
  CHECK(fallback("9007199254740993").value == 9007199254740992.0);          // 2^53 + 1: to even
  CHECK(fallback("9007199254740993.0000000001").value == 9007199254740994.0);  // just above: up
  CHECK(fallback("0.1000000000000000055511151231257827021181583404541015625").value == 0.1);
  CHECK(fallback("2.2250738585072011e-308").value == 2.2250738585072009e-308);
}

TEST_CASE("the fallback reads back every double std::to_chars writes", "[portability]") {
  std::mt19937_64 random(20261129);
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t bits = random();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    const std::string text = shortest(d);
    const parsed p = fallback(text);
    INFO(text);
    REQUIRE(p.ec == std::errc());
    REQUIRE(p.used == static_cast<std::ptrdiff_t>(text.size()));
    REQUIRE(same_bits(p.value, d));
  }
}

// Random decimal texts of every shape, near the edges of the range too. A
// template, so that std::from_chars is looked up only where it exists.
template <class T>
void check_fallback_against_from_chars() {
  std::mt19937 random(42);
  const auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + random() % 10);
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string text = random() % 4 == 0 ? "-" : "";
    text += digits(static_cast<int>(random() % 25));
    if (random() % 2) text += "." + digits(static_cast<int>(random() % 25));
    if (random() % 2) {
      text += random() % 2 ? "e" : "E";
      if (random() % 3 == 0) text += random() % 2 ? "-" : "+";
      const unsigned exponent_ranges[] = {10, 330, 400};
      text += std::to_string(random() % exponent_ranges[random() % 3]);
    }
    const parsed want = parse_with([](const char* f, const char* l, T& o) { return std::from_chars(f, l, o); }, text);
    const parsed got = fallback(text);
    INFO(text);
    REQUIRE(got.ec == want.ec);
    REQUIRE(got.used == want.used);
    REQUIRE(same_bits(got.value, want.value));
  }
}

TEST_CASE("the fallback agrees with std::from_chars where the library has it", "[portability]") {
  if constexpr (hp::detail::has_float_from_chars<double>::value) {
    check_fallback_against_from_chars<double>();
  } else {
    SUCCEED("this library has no std::from_chars for double; the other cases test the fallback alone");
  }
}

TEST_CASE("floating-point text ignores the global locale", "[portability]") {
  const std::locale before = std::locale::global(std::locale(std::locale::classic(), new comma_decimal));
  parsed p{};
  double as_value = 0;
  // A new thread, so the fallback builds its stream under the comma locale.
  std::thread([&] {
    p = fallback("1.5");
    as_value = hp::value("2.25").as<double>();
  }).join();
  std::locale::global(before);
  CHECK(p.ec == std::errc());
  CHECK(p.used == 3);
  CHECK(p.value == 1.5);
  CHECK(as_value == 2.25);
}

TEST_CASE("text out of double's range is out of range; text with junk is not a number", "[portability][value]") {
  for (const char* text : {"1e400", "-1e400", "1e-400"}) {
    INFO(text);
    CHECK_THROWS_WITH(hp::value(text).as<double>(), Catch::Contains("out of range"));
  }
  for (const char* text : {"1.5x", "1e", "0x10", "inf "}) {
    INFO(text);
    CHECK_THROWS_WITH(hp::value(text).as<double>(), Catch::Contains("not a number"));
  }
  CHECK(hp::value("4e-320").as<double>() == 4e-320);
  CHECK(std::isinf(hp::value("-inf").as<double>()));
}

TEST_CASE("a declaration site the compiler cannot name reads as code", "[portability]") {
  CHECK(hp::detail::declaration_site(hp::detail::call_site(nullptr, 0u)) == "code");
  CHECK(hp::detail::declaration_site(hp::detail::call_site("src/train.cpp", 12u)) == "train.cpp:12");
}
