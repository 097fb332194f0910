// hyperparameter: where a config-file adapter's parser is compiled.
//
// Included by json.hpp, yaml.hpp and toml.hpp, each after its other includes,
// with HP_ADAPTER_LINKED set to whether its CMake target is linked
// (HP_ADAPTER_JSON, _YAML, _TOML). Sets, for that header only:
// - HP_ADAPTER_HAS_BODIES: 1 where the parser's bodies are compiled;
// - HP_ADAPTER_COMPILED: what a compiled function of the adapter is declared
//   with.
// With separate compilation (detail/state.hpp) and the adapter's target
// linked, the target compiles the parser once, in src/<adapter>.cpp
// (HP_COMPILE_ADAPTER_BODIES), and the other translation units only declare
// it. Included without the target (a program that links only the core
// target, or none), the header defines the parser inline, as header-only.
// Deliberately without include guard: each adapter header sets its own mode.
#include "state.hpp"

#undef HP_ADAPTER_COMPILED
#undef HP_ADAPTER_HAS_BODIES
#if defined(HP_SEPARATE_DECLARE) && defined(HP_COMPILE_ADAPTER_BODIES)
#define HP_ADAPTER_COMPILED __attribute__((used)) inline  // src/<adapter>.cpp
#define HP_ADAPTER_HAS_BODIES 1
#elif defined(HP_SEPARATE_DECLARE) && HP_ADAPTER_LINKED
#define HP_ADAPTER_COMPILED
#define HP_ADAPTER_HAS_BODIES 0
#else
#define HP_ADAPTER_COMPILED inline
#define HP_ADAPTER_HAS_BODIES 1
#endif
#undef HP_ADAPTER_LINKED
