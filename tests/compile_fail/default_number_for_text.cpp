// expect: hp::arg: a number default for a text parameter
// expect: argument_default<1, int, std::(__cxx11::)?basic_string<char> ?>
// Must not compile: a number default for a std::string parameter.
#include <hyperparameter/auto_param.hpp>

#include <string>

std::string name(std::string n) { return n; }

int main() {
  const auto f = hp::auto_param("f", name, hp::arg("name", 3));
  return static_cast<int>(f().size());
}
