// hyperparameter: the library's version, the same as CMake's project(VERSION).
#pragma once

#define HYPERPARAMETER_VERSION_MAJOR 0
#define HYPERPARAMETER_VERSION_MINOR 2
#define HYPERPARAMETER_VERSION_PATCH 0
// One number for #if: 10000 * major + 100 * minor + patch.
#define HYPERPARAMETER_VERSION \
  (HYPERPARAMETER_VERSION_MAJOR * 10000 + HYPERPARAMETER_VERSION_MINOR * 100 + HYPERPARAMETER_VERSION_PATCH)

// Every name is declared in hp::HP_ABI_NAMESPACE (hp::v0_2_0), an inline
// namespace: users write hp::, while programs and libraries built with
// different versions link to different symbols (and so cannot mix
// hyperparameter::runtime of one version with the headers of another).
#define HP_ABI_NAMESPACE_(major, minor, patch) v##major##_##minor##_##patch
#define HP_ABI_NAMESPACE_NAME(major, minor, patch) HP_ABI_NAMESPACE_(major, minor, patch)
#define HP_ABI_NAMESPACE \
  HP_ABI_NAMESPACE_NAME(HYPERPARAMETER_VERSION_MAJOR, HYPERPARAMETER_VERSION_MINOR, HYPERPARAMETER_VERSION_PATCH)
// C++17 has no `namespace hp::inline v0_2_0`: headers open and close it with these.
#define HP_NAMESPACE_BEGIN \
  namespace hp {           \
  inline namespace HP_ABI_NAMESPACE {
#define HP_NAMESPACE_END \
  }                      \
  }
