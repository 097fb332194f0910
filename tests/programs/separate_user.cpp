// A translation unit of a target that links hyperparameter::hyperparameter
// with separate compilation (tests/programs/separate_compilation.cmake looks
// at its object file): it pushes a scope and reads, so it calls the
// library's out-of-line code, which it must only declare.
#include <hyperparameter/hp.hpp>

int separate_user_reads() {
  hp::with_scope scope{{"a.b", 1}};
  return hp::get("a.b", 0);
}
