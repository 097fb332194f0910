// hyperparameter: the umbrella header. Core only; no third-party dependencies.
// Config-file adapters live in their own headers: json.hpp, yaml.hpp, toml.hpp.
#pragma once

#include "auto_param.hpp"
#include "cli.hpp"
#include "config.hpp"
#include "declare.hpp"
#include "error.hpp"
#include "key.hpp"
#include "operative_config.hpp"
#include "param_scope.hpp"
#include "params.hpp"
#include "registry.hpp"
#include "value.hpp"
#include "version.hpp"
#include "xxh64.hpp"
