// expect: hp::arg: a text default for a number or bool parameter
// expect: argument_default<2, std::(__cxx11::)?basic_string<char>, int>
// Must not compile: the defaults are given in the wrong order, so "relu" lands on the int parameter.
#include <hyperparameter/auto_param.hpp>

#include <string>

int model(int x, std::string act, int layers) { return x + layers + static_cast<int>(act.size()); }

int main() {
  const auto m = hp::auto_param("m", model, hp::arg("layers", 3), hp::arg("act", "relu"));
  return m(1);
}
