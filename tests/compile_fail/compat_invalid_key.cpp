#include <hyperparameter/compat.hpp>
int main() { return GET_PARAM(a..b, 0); }
