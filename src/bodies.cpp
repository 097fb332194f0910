// hyperparameter, separate compilation: the library's out-of-line code
// (everything marked HP_COMPILED in the headers), compiled once per target.
//
// The hyperparameter::hyperparameter target adds this file to the sources of
// whatever links it and sets HYPERPARAMETER_SEPARATE_COMPILATION, so the
// program's other translation units only declare that code (see
// detail/state.hpp). Without CMake: define HYPERPARAMETER_SEPARATE_COMPILATION
// for every translation unit and compile this file once, with the same flags.
// In runtime mode (HYPERPARAMETER_RUNTIME) the runtime library holds that
// code, and this file compiles to nothing.
#if !defined(HYPERPARAMETER_RUNTIME)
#define HP_COMPILE_CORE_BODIES 1

#include <hyperparameter/compat.hpp>
#include <hyperparameter/hp.hpp>
#include <hyperparameter/sweep.hpp>
#if defined(__unix__) || defined(__APPLE__)
#include <hyperparameter/tracking.hpp>
#endif
#endif
