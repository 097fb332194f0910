// Must not compile: an hp::key views its name, so one built from a temporary std::string would
// dangle; the deleted constructor's comment says so.
// expect: std::string&&
// expect: build it from a std::string that outlives it
#include <hyperparameter/key.hpp>

#include <string>

int main() {
  hp::key k = std::string("a.b");
  return k.hash() == 0;
}
