// hyperparameter: the library's version, the same as CMake's project(VERSION).
#pragma once

#define HYPERPARAMETER_VERSION_MAJOR 0
#define HYPERPARAMETER_VERSION_MINOR 2
#define HYPERPARAMETER_VERSION_PATCH 0
// One number for #if: 10000 * major + 100 * minor + patch.
#define HYPERPARAMETER_VERSION \
  (HYPERPARAMETER_VERSION_MAJOR * 10000 + HYPERPARAMETER_VERSION_MINOR * 100 + HYPERPARAMETER_VERSION_PATCH)
