// Must not compile: an odd number of arguments (a key without its value).
// expect: WITH_PARAMS_takes_key_value_pairs
#include <hyperparameter/compat.hpp>
int main() {
  auto guard = WITH_PARAMS(a.b, 1, c);
  return GET_PARAM(a.b, 0);
}
