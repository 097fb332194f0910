// expect: hp::auto_param: too many arguments
// Must not compile: more arguments than the function has parameters.
#include <hyperparameter/auto_param.hpp>

int add(int a, int b) { return a + b; }

int main() {
  const auto f = hp::auto_param("f", add, hp::arg("b", 1));
  return f(1, 2, 3);
}
