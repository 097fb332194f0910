// The compilers reject an overloaded name before the library sees it; their own messages:
// expect-gcc: no matching function for call to .*auto_param\(const char \[2\], <unresolved overloaded function type>
// expect-clang: couldn't infer template argument 'F'
// Must not compile: which `scale` is meant?
#include <hyperparameter/auto_param.hpp>

int scale(int x, int factor) { return x * factor; }
double scale(double x, double factor) { return x * factor; }

int main() {
  const auto f = hp::auto_param("s", scale, hp::arg("factor", 2));
  return f(1);
}
