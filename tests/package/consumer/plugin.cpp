// A plugin of runtime_main.cpp: reads the scope its host opened.
#include <hyperparameter/hp.hpp>

extern "C" __attribute__((visibility("default"))) int plugin_read() { return hp::get("a.b", -1); }
