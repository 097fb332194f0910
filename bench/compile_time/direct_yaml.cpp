// Compile-time benchmark: the umbrella header and yaml-cpp, included directly
// (the yardstick of adapter_yaml.cpp in bench/compile_time.sh).
#include <hyperparameter/hp.hpp>
#include <yaml-cpp/yaml.h>
