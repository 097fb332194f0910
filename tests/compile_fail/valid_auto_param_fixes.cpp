// The positive twin of auto_param_member_function.cpp and auto_param_overloaded.cpp: the fixes
// their messages name, a lambda with typed parameters and a cast.
#include <hyperparameter/auto_param.hpp>

struct model {
  int forward(int x, int layers) const { return x + layers; }
};
int scale(int x, int factor) { return x * factor; }
double scale(double x, double factor) { return x * factor; }

int main() {
  const model net;
  const auto f = hp::auto_param("m", [&net](int x, int layers) { return net.forward(x, layers); }, hp::arg("layers", 3));
  const auto g = hp::auto_param("s", static_cast<int (*)(int, int)>(scale), hp::arg("factor", 2));
  return f(1) + g(1) == 6 ? 0 : 1;
}
