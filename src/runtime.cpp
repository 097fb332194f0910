// hyperparameter::runtime: the one definition of the process's state.
//
// Built with HYPERPARAMETER_RUNTIME_BUILD, the headers define here every
// variable and function they declare with HP_THREAD_STATE, HP_PROCESS_STATE
// and HP_STATE_FN (detail/state.hpp); programs and plugins that link this
// library (HYPERPARAMETER_RUNTIME) only declare them, so all of them share
// this library's scopes, registry, frozen base and read log, plugins loaded
// with dlopen(RTLD_LOCAL) included.
#if !defined(HYPERPARAMETER_RUNTIME_BUILD)
#error "runtime.cpp is built by the hyperparameter::runtime target only"
#endif

#include <hyperparameter/compat.hpp>
#include <hyperparameter/hp.hpp>
#include <hyperparameter/sweep.hpp>
#if defined(__unix__) || defined(__APPLE__)
#include <hyperparameter/tracking.hpp>
#endif
