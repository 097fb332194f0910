// Values: construction and every documented conversion rule, with its errors.
#include <catch2/catch.hpp>

#include <hyperparameter/hp.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using hp::value;

TEST_CASE("values are built implicitly from the supported types", "[value]") {
  CHECK(value().is_none());
  CHECK(value(true).is_bool());
  CHECK(value(3).is_integer());
  CHECK(value(std::int64_t{-7}).is_integer());
  CHECK(value(3u).is_integer());
  CHECK(value(2.5f).is_double());
  CHECK(value(2.5).is_double());
  CHECK(value("relu").is_text());
  CHECK(value(std::string("relu")).is_text());
  CHECK(value(std::vector<int>{1, 2}).is_list());
  CHECK(value(std::vector<std::string>{"a"}).is_list());
  CHECK(value(std::vector<int>{1, 2}).if_list()->size() == 2);
  // Past int64 an unsigned integer is its decimal text, read back exactly.
  CHECK(value(std::numeric_limits<std::uint64_t>::max()) == value("18446744073709551615"));
  CHECK(value(std::numeric_limits<std::uint64_t>::max()).as<std::uint64_t>() == std::numeric_limits<std::uint64_t>::max());
  CHECK(value(std::uint64_t{1} << 63).as<double>() == 9223372036854775808.0);
  CHECK(value(std::uint64_t{INT64_MAX}).is_integer());
}

TEST_CASE("conversion to bool", "[value]") {
  CHECK(value(true).as<bool>());
  for (const char* yes : {"true", "TRUE", "Yes", "on", "1"}) CHECK(value(yes).as<bool>());
  for (const char* no : {"false", "False", "NO", "off", "0"}) CHECK_FALSE(value(no).as<bool>());
  CHECK(value(1).as<bool>());
  CHECK_FALSE(value(0).as<bool>());
  CHECK_THROWS_AS(value(2).as<bool>(), hp::conversion_error);
  CHECK_THROWS_AS(value("maybe").as<bool>(), hp::conversion_error);
  CHECK_THROWS_AS(value(1.0).as<bool>(), hp::conversion_error);
  CHECK_THROWS_AS(value().as<bool>(), hp::conversion_error);
  CHECK_THROWS_WITH(value("maybe").as<bool>(), Catch::StartsWith("hp::conversion_error: \"maybe\" is not a valid bool"));
}

TEST_CASE("conversion to integers is range-checked", "[value]") {
  CHECK(value(42).as<int>() == 42);
  CHECK(value("42").as<int>() == 42);
  CHECK(value("+42").as<int>() == 42);
  CHECK(value("-42").as<long>() == -42);
  CHECK(value(4.0).as<int>() == 4);
  CHECK(value(true).as<int>() == 1);
  CHECK(value(false).as<unsigned>() == 0u);
  CHECK(value("18446744073709551615").as<std::uint64_t>() == std::numeric_limits<std::uint64_t>::max());
  CHECK(value(std::int64_t{-9223372036854775807LL - 1}).as<std::int64_t>() == std::numeric_limits<std::int64_t>::min());
  for (const char* bad : {"4.5", " 4", "4 ", "0x10", "1e3", "", "+", "-", "four", "+-1"}) {
    INFO(bad);
    CHECK_THROWS_AS(value(bad).as<int>(), hp::conversion_error);
  }
  CHECK_THROWS_AS(value(4.5).as<int>(), hp::conversion_error);
  CHECK_THROWS_AS(value(1e300).as<long long>(), hp::conversion_error);
  CHECK_THROWS_AS(value(300).as<std::int8_t>(), hp::conversion_error);
  CHECK_THROWS_AS(value(-1).as<unsigned>(), hp::conversion_error);
  CHECK_THROWS_AS(value("-1").as<std::uint64_t>(), hp::conversion_error);
  CHECK_THROWS_AS(value("99999999999999999999").as<std::int64_t>(), hp::conversion_error);
  CHECK_THROWS_AS(value(std::vector<int>{1}).as<int>(), hp::conversion_error);
  CHECK_THROWS_WITH(value(300).as<std::int8_t>(), Catch::Contains("out of range"));
  // A whole double in [2^63, 2^64) is an unsigned 64-bit integer, read exactly.
  CHECK(value(1e19).as<std::uint64_t>() == 10000000000000000000u);
  CHECK(value(18446744073709549568.0).as<std::uint64_t>() == 18446744073709549568u);
  CHECK_THROWS_WITH(value(18446744073709551616.0).as<std::uint64_t>(), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(value(1e19).as<std::int64_t>(), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(value(1e19).as<unsigned>(), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(value("four").as<int>(), "hp::conversion_error: \"four\" is not a valid int: not a whole decimal integer");
}

TEST_CASE("conversion to floating types", "[value]") {
  CHECK(value(2.5).as<double>() == 2.5);
  CHECK(value(3).as<double>() == 3.0);
  CHECK(value("0.1").as<double>() == 0.1);
  CHECK(value("-1e-3").as<double>() == -1e-3);
  CHECK(value("+2").as<float>() == 2.0f);
  CHECK_THROWS_AS(value(true).as<double>(), hp::conversion_error);
  CHECK_THROWS_AS(value("0.1x").as<double>(), hp::conversion_error);
  CHECK_THROWS_AS(value("").as<double>(), hp::conversion_error);
  CHECK_THROWS_AS(value(" 1").as<double>(), hp::conversion_error);
  CHECK_THROWS_AS(value(1e300).as<float>(), hp::conversion_error);
}

TEST_CASE("conversion to std::string", "[value]") {
  CHECK(value("as is ").as<std::string>() == "as is ");
  CHECK(value(true).as<std::string>() == "true");
  CHECK(value(false).as<std::string>() == "false");
  CHECK(value(-12).as<std::string>() == "-12");
  CHECK(value(2.5).as<std::string>() == "2.5");
  CHECK(value(0.1).as<std::string>() == "0.1");
  CHECK(value(3.0).as<std::string>() == "3");
  CHECK_THROWS_AS(value().as<std::string>(), hp::conversion_error);
  CHECK_THROWS_AS(value(std::vector<int>{1}).as<std::string>(), hp::conversion_error);
}

TEST_CASE("conversion to std::vector", "[value]") {
  CHECK(value(std::vector<int>{1, 2, 3}).as<std::vector<int>>() == std::vector<int>{1, 2, 3});
  CHECK(value("1,2,3").as<std::vector<int>>() == std::vector<int>{1, 2, 3});
  CHECK(value("[1, 2, 3]").as<std::vector<int>>() == std::vector<int>{1, 2, 3});
  CHECK(value("a,b").as<std::vector<std::string>>() == std::vector<std::string>{"a", "b"});
  CHECK(value("[]").as<std::vector<int>>().empty());
  CHECK(value(std::vector<value>{1, "2", 3.0}).as<std::vector<double>>() == std::vector<double>{1, 2, 3});
  CHECK_THROWS_AS(value("1,x,3").as<std::vector<int>>(), hp::conversion_error);
  CHECK_THROWS_WITH(value("1,x,3").as<std::vector<int>>(),
                    Catch::Contains("std::vector<int>") && Catch::Contains("element \"x\""));
  CHECK_THROWS_AS(value(5).as<std::vector<int>>(), hp::conversion_error);
}

namespace {
struct rgb {
  int r, g, b;
};
}  // namespace

template <>
struct hp::converter<rgb> {
  static rgb from(const hp::value& v) {
    const auto parts = v.as<std::vector<int>>();
    if (parts.size() != 3) throw hp::conversion_error(v.describe(), "rgb", "needs three numbers");
    return {parts[0], parts[1], parts[2]};
  }
};

TEST_CASE("user types convert through a hp::converter specialisation", "[value]") {
  const rgb c = value("1,2,3").as<rgb>();
  CHECK((c.r == 1 && c.g == 2 && c.b == 3));
  const int line = __LINE__ + 1;
  hp::with_scope scope{{"color", "4,5"}};
  CHECK_THROWS_WITH(hp::get<rgb>("color"), "hp::conversion_error: key 'color' = \"4,5\" is not a valid rgb (from test_value.cpp:" +
                                               std::to_string(line) + "): needs three numbers");
}

TEST_CASE("values compare and describe themselves", "[value]") {
  CHECK(value(1) == value(1));
  CHECK(value(1) != value(1.0));
  CHECK(value("x") == value(std::string("x")));
  CHECK(value("x").describe() == "\"x\"");
  CHECK(value(std::vector<int>{1, 2}).describe() == "[1, 2]");
  CHECK(value().describe() == "null");
}
