// Compile-time benchmark: the umbrella header and toml++, included directly
// (the yardstick of adapter_toml.cpp in bench/compile_time.sh).
#include <hyperparameter/hp.hpp>
#include <toml++/toml.h>
