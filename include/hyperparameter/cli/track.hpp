// hyperparameter: what hp::run serves for --track DIR.
//
// The program runs inside an MLflow run (hp::tracking::run, tracking.hpp)
// of the experiment named after it, in the store DIR. Declared apart from
// tracking.hpp so that hp::run needs only this declaration where the
// runtime library compiles the tracking code.
#pragma once

#include <optional>
#include <string>

#include "../version.hpp"
#include "../detail/function_ref.hpp"
#include "../detail/state.hpp"

#if HP_HAS_BODIES
#include "../tracking.hpp"
#endif

HP_NAMESPACE_BEGIN
namespace detail {

// Calls `fn`, inside a run of experiment `program` in the store `store` when
// one is given: the run ends FINISHED when `fn` returns 0, FAILED when it
// returns anything else or throws.
HP_COMPILED int call_tracked(const std::optional<std::string>& store, const std::string& program,
                             function_ref<int()> fn) HP_BODY({
  if (!store) return fn();
  hp::tracking::run tracked(*store, program);
  const int code = fn();
  tracked.end(code == 0 ? hp::tracking::run_status::finished : hp::tracking::run_status::failed);
  return code;
})

}  // namespace detail
HP_NAMESPACE_END
