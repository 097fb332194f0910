// expect: hp: no hp::converter for the type T of missing_converter<T>
// expect: missing_converter<shape>
// Must not compile: reading a user type nobody wrote an hp::converter for.
#include <hyperparameter/param_scope.hpp>

struct shape {
  int rows, cols;
};

int main() { return hp::get<shape>("model.shape").rows; }
