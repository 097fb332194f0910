#include <hyperparameter/compat.hpp>
int main() {
  auto guard = WITH_PARAMS(a.b, 1, c, "x");
  return GET_PARAM(a.b, 0) + static_cast<int>(KEYHASH(c) == 0);
}
