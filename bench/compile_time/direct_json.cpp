// Compile-time benchmark: the umbrella header and nlohmann/json, included directly
// (the yardstick of adapter_json.cpp in bench/compile_time.sh).
#include <hyperparameter/hp.hpp>
#include <nlohmann/json.hpp>
