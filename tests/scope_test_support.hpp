// Helpers for the tests that read scopes.
#pragma once

#include <hyperparameter/hp.hpp>

namespace hp_test {

// Each test that holds one runs over an empty view, whatever earlier tests left in the base.
struct clean_view {
  hp::with_scope scope{hp::frame{}};
};

}  // namespace hp_test
