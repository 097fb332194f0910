#include <hyperparameter/compat.hpp>
int main() {
  auto guard = WITH_PARAMS(a.b, 1, c);
  return GET_PARAM(a.b, 0);
}
