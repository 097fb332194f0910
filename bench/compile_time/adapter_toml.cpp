// Compile-time benchmark: a program that reads TOML configuration files through the
// adapter (bench/compile_time.sh compares it with direct_toml.cpp, the same program
// including toml++ itself).
#include <hyperparameter/hp.hpp>
#include <hyperparameter/toml.hpp>
