// Compile-time benchmark: a program that reads YAML configuration files through the
// adapter (bench/compile_time.sh compares it with direct_yaml.cpp, the same program
// including yaml-cpp itself).
#include <hyperparameter/hp.hpp>
#include <hyperparameter/yaml.hpp>
