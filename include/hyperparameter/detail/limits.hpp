// hyperparameter: what one input may cost.
//
// A config file, a define or a chain of ${} references is read in time and
// memory bounded by its size and these limits; past them it is an
// hp::parse_error, never a crash or std::bad_alloc.
#pragma once

#include "../version.hpp"

#include <cstddef>

HP_NAMESPACE_BEGIN
namespace detail {

// Nested objects, arrays and tables in a config file (counting the
// segments of dotted keys), and ${} references followed one inside another.
inline constexpr std::size_t max_nesting_depth = 100;

// Bytes one read may produce by ${} interpolation.
inline constexpr std::size_t max_interpolated_bytes = std::size_t{1} << 20;

// Values and scalar bytes a YAML document may expand to through aliases,
// beyond its own size.
inline constexpr std::size_t max_yaml_expansion = std::size_t{1} << 16;

// Trials `--jobs` runs at once: SIGINT and SIGTERM are passed on to each
// from a table of this size, which a signal handler can read.
inline constexpr std::size_t max_jobs = 1024;

}  // namespace detail
HP_NAMESPACE_END
