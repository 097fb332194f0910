#include <hyperparameter/hp.hpp>

int main() {
  hp::with_scope s{{"a.b", 3}};
  return hp::get<int>("a.b") == 3 ? 0 : 1;
}
