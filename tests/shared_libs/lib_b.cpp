// Library B of the shared-library tests (and the plugin the program
// dlopens), built with hidden visibility.
#include <thread>

#include <hyperparameter/hp.hpp>

#include "plugin.hpp"

namespace {
hp::param<int> declare_depth() { return hp::declare("plugin.depth", 3).help("declared in a plugin"); }
const auto depth = declare_depth();
const auto depth_again = declare_depth();  // the same declaration twice, as a plugin's files may repeat it
}

int b_read() { return hp::get("shared.value", -1); }

int b_read_on_new_thread() {
  int seen = 0;
  std::thread([&] { seen = hp::get("shared.value", -1); }).join();
  return seen;
}

void b_set(int value) { hp::set("shared.value", value); }

void b_in_scope(int value, void (*fn)()) {
  hp::with_scope scope{{"shared.value", value}};
  fn();
}
