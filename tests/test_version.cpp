// The version macros match CMake's project(VERSION), passed in by tests/CMakeLists.txt.
#include <hyperparameter/hp.hpp>

#include <catch2/catch.hpp>

TEST_CASE("version macros match the CMake project version", "[version]") {
  CHECK(HYPERPARAMETER_VERSION_MAJOR == HP_PROJECT_VERSION_MAJOR);
  CHECK(HYPERPARAMETER_VERSION_MINOR == HP_PROJECT_VERSION_MINOR);
  CHECK(HYPERPARAMETER_VERSION_PATCH == HP_PROJECT_VERSION_PATCH);
  CHECK(HYPERPARAMETER_VERSION ==
        HP_PROJECT_VERSION_MAJOR * 10000 + HP_PROJECT_VERSION_MINOR * 100 + HP_PROJECT_VERSION_PATCH);
}
