// The adapters of this build, for tests that load files of every available format.
// HP_ADAPTER_<NAME> comes with each adapter's CMake target (hyperparameter::json, ...),
// whose config.hpp then includes the adapter anyway; the includes say it here.
#pragma once

#include <hyperparameter/hp.hpp>
#if defined(HP_ADAPTER_JSON)
#include <hyperparameter/json.hpp>
#endif
#if defined(HP_ADAPTER_YAML)
#include <hyperparameter/yaml.hpp>
#endif
#if defined(HP_ADAPTER_TOML)
#include <hyperparameter/toml.hpp>
#endif
