// The positive twin of auto_param_too_many_args.cpp: the same wrapper, called right.
#include <hyperparameter/auto_param.hpp>

int add(int a, int b) { return a + b; }

int main() {
  const auto f = hp::auto_param("f", add, hp::arg("b", 1));
  return f(1, 2) + f(1) == 5 ? 0 : 1;
}
