// expect-gcc: use of deleted function .*hp::(v[0-9_]+::)?with_scope::with_scope\(const hp::(v[0-9_]+::)?with_scope&\)
// expect-clang: call to deleted constructor of .hp::with_scope.
// Must not compile: a scope guard cannot be copied (two pops for one push).
#include <hyperparameter/param_scope.hpp>

int main() {
  hp::with_scope a{{"k", 1}};
  hp::with_scope b = a;
  return hp::get<int>("k");
}
