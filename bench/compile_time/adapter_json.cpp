// Compile-time benchmark: a program that reads JSON configuration files through the
// adapter (bench/compile_time.sh compares it with direct_json.cpp, the same program
// including nlohmann/json itself).
#include <hyperparameter/hp.hpp>
#include <hyperparameter/json.hpp>
