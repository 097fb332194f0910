// Must not compile: a constexpr key with an empty segment; the failing call names the reason.
// expect: invalid_key_has_an_empty_segment
#include <hyperparameter/key.hpp>
using namespace hp::literals;
constexpr hp::key k = "dnn..layers"_hp;
int main() { return k.hash() == 0; }
