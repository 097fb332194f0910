// The positive twin of with_scope_copy.cpp.
#include <hyperparameter/param_scope.hpp>

int main() {
  hp::with_scope a{{"k", 1}};
  hp::with_scope b{{"k", 2}};
  return hp::get<int>("k") == 2 ? 0 : 1;
}
