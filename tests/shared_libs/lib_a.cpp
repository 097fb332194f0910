// Library A of the shared-library tests, built with hidden visibility.
#include <hyperparameter/hp.hpp>

#include "plugin.hpp"

void a_in_scope(int value, void (*fn)()) {
  hp::with_scope scope{{"shared.value", value}};
  fn();
}

void a_set(int value) { hp::set("shared.value", value); }

int a_read() { return hp::get("shared.value", -1); }
