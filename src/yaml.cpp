// hyperparameter, separate compilation: the yaml adapter's parser, compiled
// once per target.
//
// The hyperparameter::yaml target adds this file to the sources of whatever
// links it; with HYPERPARAMETER_SEPARATE_COMPILATION the other translation
// units only declare the adapter's code: they parse yaml-cpp's header but
// compile none of that code. Without CMake: compile this file once, with the
// same flags, in a program that defines HYPERPARAMETER_SEPARATE_COMPILATION.
#define HP_COMPILE_ADAPTER_BODIES 1

#include <hyperparameter/yaml.hpp>
