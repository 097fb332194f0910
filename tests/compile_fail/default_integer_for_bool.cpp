// expect: hp::arg: a number default for a bool parameter
// expect: argument_default<1, int, bool>
// Must not compile: an integer default for a bool parameter.
#include <hyperparameter/auto_param.hpp>

int model(int x, bool bias) { return x + (bias ? 1 : 0); }

int main() {
  const auto m = hp::auto_param("m", model, hp::arg("bias", 1));
  return m(1);
}
