// Must not compile: more than 10 key/value pairs; the undeclared name says why.
// expect: WITH_PARAMS_takes_at_most_10_pairs
#include <hyperparameter/compat.hpp>
int main() {
  auto guard = WITH_PARAMS(a, 1, b, 2, c, 3, d, 4, e, 5, f, 6, g, 7, h, 8, i, 9, j, 10, k, 11);
  return GET_PARAM(a, 0);
}
