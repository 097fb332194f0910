// Compile-time benchmark: the umbrella header and 20 auto_param functions
// (bench/compile_time.sh compares it with baseline.cpp).
#include <hyperparameter/hp.hpp>

#include <string>
#include <vector>

namespace {

int layers(int a, int b) { return a * b; }
double rate(double x, double scale) { return x * scale; }
std::string label(const std::string& prefix, std::string name) { return prefix + name; }
bool enabled(int x, bool flag) { return flag && x > 0; }
std::vector<int> widths(int n, std::vector<int> base) {
  base.push_back(n);
  return base;
}

const auto f01 = hp::auto_param("m01", layers, hp::arg("b", 1));
const auto f02 = hp::auto_param("m02", rate, hp::arg("scale", 0.5));
const auto f03 = hp::auto_param("m03", label, hp::arg("name", "x"));
const auto f04 = hp::auto_param("m04", enabled, hp::arg("flag", true));
const auto f05 = hp::auto_param("m05", widths, hp::arg("base", std::vector<int>{1, 2}));
const auto f06 = hp::auto_param("m06", layers, hp::arg("a", 2), hp::arg("b", 3));
const auto f07 = hp::auto_param("m07", rate, hp::arg("x", 1.0), hp::arg("scale", 2.0));
const auto f08 = hp::auto_param("m08", label, hp::arg("name", "y"));
const auto f09 = hp::auto_param("m09", enabled, hp::arg("x", 1), hp::arg("flag", false));
const auto f10 = hp::auto_param("m10", widths, hp::arg("n", 4), hp::arg("base", std::vector<int>{}));
const auto f11 = hp::auto_param("m11", layers, hp::arg("b", 5));
const auto f12 = hp::auto_param("m12", rate, hp::arg("scale", 0.25));
const auto f13 = hp::auto_param("m13", label, hp::arg("name", "z"));
const auto f14 = hp::auto_param("m14", enabled, hp::arg("flag", true));
const auto f15 = hp::auto_param("m15", widths, hp::arg("base", std::vector<int>{3}));
const auto f16 = hp::auto_param("m16", layers, hp::arg("a", 6), hp::arg("b", 7));
const auto f17 = hp::auto_param("m17", rate, hp::arg("x", 3.0), hp::arg("scale", 4.0));
const auto f18 = hp::auto_param("m18", label, hp::arg("name", "w"));
const auto f19 = hp::auto_param("m19", enabled, hp::arg("x", 2), hp::arg("flag", true));
const auto f20 = hp::auto_param("m20", widths, hp::arg("n", 8), hp::arg("base", std::vector<int>{5, 6}));

}  // namespace

int compile_time_with_hp() {
  hp::with_scope s{{"m01.b", 2}, {"m03.name", "q"}};
  int total = f01(1) + f06() + f11(2) + f16();
  total += static_cast<int>(f02(1.0) + f07() + f12(2.0) + f17());
  total += static_cast<int>(f03("a").size() + f08("b").size() + f13("c").size() + f18("d").size());
  total += f04(1) + f09() + f14(2) + f19();
  total += static_cast<int>(f05(1).size() + f10().size() + f15(2).size() + f20().size());
  return total;
}
