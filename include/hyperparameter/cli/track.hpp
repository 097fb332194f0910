// hyperparameter: what hp::run serves for --track DIR.
//
// The program runs inside an MLflow run (hp::tracking::run, tracking.hpp)
// of the experiment named after it, in the store DIR; in a sweep, every
// trial is a run of its own. Declared apart from tracking.hpp so that
// hp::run needs only these declarations where the runtime library compiles
// the tracking code.
#pragma once

#include <optional>
#include <string>

#include "../version.hpp"
#include "../detail/function_ref.hpp"
#include "../detail/state.hpp"
#include "../params.hpp"

#if HP_HAS_BODIES
#include "../registry.hpp"
#include "../tracking.hpp"
#endif

HP_NAMESPACE_BEGIN
namespace detail {

// Every parameter the program declares and every key its layers give must
// be a param name MLflow accepts: checked before the program runs, so that
// a run never ends on a param it cannot write.
HP_COMPILED void check_trackable(const params& config, const params& defines) HP_BODY({
  const auto check = [](const std::string& key, const std::string& where) {
    const std::string why = hp::tracking::detail::invalid_name(key);
    if (!why.empty())
      throw usage_error("--track: parameter '" + key + "' (" + where +
                        ") cannot be recorded: its name is not a valid MLflow param name: " + why);
  };
  for (const declared_param& p : registry()) check(p.key, "declared at " + p.declared_at);
  for (const params* layer : {&config, &defines})
    for (const entry& e : access::entries(*layer)) check(e.name(), "from " + e.source);
})

// The store and the program's experiment in it, made before the trials of a
// sweep that runs here (each is a run of its own): a store that cannot be
// created stops the sweep once, before any trial runs, not every trial.
HP_COMPILED void prepare_store(const std::string& store, const std::string& program) HP_BODY({
  static_cast<void>(hp::tracking::detail::experiment_id(hp::tracking::detail::absolute_root(store), program));
})

// Calls `fn`, inside a run of experiment `program` in the store `store` when
// one is given (named `run_name`, or MLflow's default when empty): the run
// ends FINISHED when `fn` returns 0, FAILED when it returns anything else or
// throws. A run is FAILED before what `fn` threw goes on, even when nothing
// catches it.
HP_COMPILED int call_tracked(const std::optional<std::string>& store, const std::string& program,
                             const std::string& run_name, function_ref<int()> fn) HP_BODY({
  if (!store) return fn();
  hp::tracking::run tracked(*store, program, run_name);
  int code = 0;
  try {
    code = fn();
  } catch (...) {
    try {
      tracked.end(hp::tracking::run_status::failed);
    } catch (...) {  // what fn threw matters more than a param that could not be written
    }
    throw;
  }
  tracked.end(code == 0 ? hp::tracking::run_status::finished : hp::tracking::run_status::failed);
  return code;
})

}  // namespace detail
HP_NAMESPACE_END
