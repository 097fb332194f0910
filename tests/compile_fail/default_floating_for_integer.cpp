// expect: hp::arg: a floating default for an integer parameter would be truncated
// expect: argument_default<1, double, int>
// Must not compile: 3.5 for an int parameter would silently become 3.
#include <hyperparameter/auto_param.hpp>

int model(int x, int layers) { return x + layers; }

int main() {
  const auto m = hp::auto_param("m", model, hp::arg("layers", 3.5));
  return m(1);
}
