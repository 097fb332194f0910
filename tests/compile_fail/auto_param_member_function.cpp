// expect: hp::auto_param: a member function needs its object; wrap the call in a lambda
// Must not compile: a member function has no object to be called on.
#include <hyperparameter/auto_param.hpp>

struct model {
  int forward(int x, int layers) const { return x + layers; }
};

int main() {
  const auto f = hp::auto_param("m", &model::forward, hp::arg("layers", 3));
  (void)f;
}
