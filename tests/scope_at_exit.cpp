// A with_scope at namespace scope and one as a function-local static set
// program-wide defaults; both outlive the main thread's stack and must let
// the program exit cleanly (exit code 0, nothing on stderr).
#include <hyperparameter/hp.hpp>

#include <cstdio>

namespace {
const hp::with_scope program_defaults{{"train.lr", 0.1}, {"train.epochs", 3}};

const hp::with_scope& more_defaults() {
  static const hp::with_scope more{{"train.epochs", 5}};
  return more;
}
}  // namespace

int main() {
  (void)more_defaults();
  const bool ok = hp::get<double>("train.lr") == 0.1 && hp::get<int>("train.epochs") == 5;
  if (!ok) std::fputs("namespace-scope defaults are not visible in main\n", stderr);
  return ok ? 0 : 1;
}
