// The adapters of this build, for tests that load files of every available format.
// HP_ADAPTER_<NAME> comes with each adapter's CMake target (hyperparameter::json, ...),
// and config.hpp (through hp.hpp) then includes that adapter's header.
#pragma once

#include <hyperparameter/hp.hpp>
