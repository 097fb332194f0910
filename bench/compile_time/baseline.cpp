// Compile-time benchmark baseline: 20 plain functions of the same shapes as
// with_hp.cpp's, with only <string>, <vector> and <map>.
#include <map>
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

// Each function's defaults, as a plain configuration map would hold them.
const std::map<std::string, int> int_defaults = {{"m01.b", 1}, {"m06.a", 2}, {"m06.b", 3}, {"m09.x", 1},
                                                 {"m10.n", 4}, {"m11.b", 5}, {"m16.a", 6}, {"m16.b", 7},
                                                 {"m19.x", 2}, {"m20.n", 8}};

int f01(int a) { return layers(a, int_defaults.at("m01.b")); }
double f02(double x) { return rate(x, 0.5); }
std::string f03(const std::string& p) { return label(p, "x"); }
bool f04(int x) { return enabled(x, true); }
std::vector<int> f05(int n) { return widths(n, {1, 2}); }
int f06() { return layers(int_defaults.at("m06.a"), int_defaults.at("m06.b")); }
double f07() { return rate(1.0, 2.0); }
std::string f08(const std::string& p) { return label(p, "y"); }
bool f09() { return enabled(int_defaults.at("m09.x"), false); }
std::vector<int> f10() { return widths(int_defaults.at("m10.n"), {}); }
int f11(int a) { return layers(a, int_defaults.at("m11.b")); }
double f12(double x) { return rate(x, 0.25); }
std::string f13(const std::string& p) { return label(p, "z"); }
bool f14(int x) { return enabled(x, true); }
std::vector<int> f15(int n) { return widths(n, {3}); }
int f16() { return layers(int_defaults.at("m16.a"), int_defaults.at("m16.b")); }
double f17() { return rate(3.0, 4.0); }
std::string f18(const std::string& p) { return label(p, "w"); }
bool f19() { return enabled(int_defaults.at("m19.x"), true); }
std::vector<int> f20() { return widths(int_defaults.at("m20.n"), {5, 6}); }

}  // namespace

int compile_time_baseline() {
  int total = f01(1) + f06() + f11(2) + f16();
  total += static_cast<int>(f02(1.0) + f07() + f12(2.0) + f17());
  total += static_cast<int>(f03("a").size() + f08("b").size() + f13("c").size() + f18("d").size());
  total += f04(1) + f09() + f14(2) + f19();
  total += static_cast<int>(f05(1).size() + f10().size() + f15(2).size() + f20().size());
  return total;
}
