// expect: invalid_key_has_punctuation_other_than_underscore_dash_dot
// Must not compile: '=' in a compile-time key; the failing call names the reason.
#include <hyperparameter/key.hpp>
using namespace hp::literals;
constexpr hp::key k = "dnn.layers=4"_hp;
int main() { return k.hash() == 0; }
