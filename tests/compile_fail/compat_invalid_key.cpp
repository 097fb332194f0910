// Must not compile: a key with an empty segment written as tokens.
// expect: invalid_key_has_an_empty_segment
#include <hyperparameter/compat.hpp>
int main() { return GET_PARAM(a..b, 0); }
