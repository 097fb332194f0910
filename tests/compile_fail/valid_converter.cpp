// The positive twin of missing_converter.cpp: the same read with a converter.
#include <hyperparameter/param_scope.hpp>

struct shape {
  int rows, cols;
};

template <>
struct hp::converter<shape> {
  static shape from(const hp::value& v) { return {v.as<int>(), v.as<int>()}; }
};

int main() {
  hp::with_scope s{{"model.shape", 2}};
  return hp::get<shape>("model.shape").rows == 2 ? 0 : 1;
}
