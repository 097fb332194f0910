// expect: hp::arg: a floating default for an integer parameter would be truncated
// expect: argument_default<1, double, int>
// Must not compile: the constructor takes an int, so 3.5 would silently become 3.
#include <hyperparameter/auto_param.hpp>

struct model {
  model(int in, int layers) : width(in * layers) {}
  int width;
};

int main() {
  const auto make = hp::auto_param<model>("m", hp::arg("layers", 3.5));
  return make(1).width;
}
