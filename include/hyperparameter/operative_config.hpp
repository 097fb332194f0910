// hyperparameter: the operative configuration, what a run actually read.
//
// Like gin-config's operative config: with tracking on, every read through
// hp::get, hp::find, an hp::param, an auto_param argument, a frame or a
// with_scope is logged with the value it returned and where that came from
// ("default" when the key was absent). The result is an hp::params, so it
// prints, dumps and reloads like any configuration.
#pragma once

#include "version.hpp"
#include "detail/read_log.hpp"
#include "detail/state.hpp"
#include "params.hpp"

HP_NAMESPACE_BEGIN

// Starts (or stops) logging reads, on every thread.
inline void track_operative_config(bool enabled = true) noexcept {
  detail::reads_tracked_flag.on.store(enabled, std::memory_order_relaxed);
}

[[nodiscard]] inline bool tracking_operative_config() noexcept { return detail::reads_tracked(); }

// One entry per key read since the last clear, in order of first read, with
// the value of its latest read and that value's source.
[[nodiscard]] HP_COMPILED params operative_config() HP_BODY({
  params out;
  for (detail::read_record& r : detail::read_log::instance().snapshot())
    out.set(r.key, std::move(r.used), std::move(r.source));
  return out;
})

// Forgets every read logged so far.
HP_COMPILED void clear_operative_config() HP_BODY({ detail::read_log::instance().clear(); })

HP_NAMESPACE_END
