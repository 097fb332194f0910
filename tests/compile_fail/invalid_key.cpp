#include <hyperparameter/key.hpp>
using namespace hp::literals;
constexpr hp::key k = "dnn..layers"_hp;
int main() { return k.hash() == 0; }
