// Must compile: the calls that use a key only while they run take a temporary std::string.
#include <hyperparameter/hp.hpp>

#include <string>

static std::string name() { return "a.b"; }

int main() {
  using namespace hp::literals;
  constexpr hp::key k = "a.b"_hp;
  const std::string kept = "a.b";
  const hp::key viewed = kept;
  hp::set(name(), 1);
  hp::set("a." + std::to_string(2), 2);
  int n = hp::get<int>(name()) + hp::get(name(), 1) + hp::get<int>(k) + hp::get<int>("a.b") + hp::get<int>(viewed);
  n += hp::find<int>(std::string("a.b")).value_or(0) + static_cast<int>(hp::has(name()));
  return n == 0;
}
