// hyperparameter: compiler facilities the read path uses where they exist.
#pragma once

#include <type_traits>

// HP_CONSTANT_EVALUATED(): whether a constexpr function is being evaluated
// as a constant, so that at run time it may take faster, non-constexpr paths.
// Left undefined where the compiler cannot tell; those paths are then unused.
#if defined(__has_builtin)
#if __has_builtin(__builtin_is_constant_evaluated)
#define HP_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#endif
#endif
#if !defined(HP_CONSTANT_EVALUATED) && defined(__cpp_lib_is_constant_evaluated)
#define HP_CONSTANT_EVALUATED() std::is_constant_evaluated()
#endif

// HP_LIKELY(c): `c` as a condition the compiler should lay out as the fall-through.
#if defined(__GNUC__) || defined(__clang__)
#define HP_LIKELY(c) __builtin_expect(static_cast<bool>(c), 1)
#else
#define HP_LIKELY(c) static_cast<bool>(c)
#endif

// HP_ASSUME(c): lets the optimiser rely on `c`, which the code guarantees.
#if defined(__GNUC__) || defined(__clang__)
#define HP_ASSUME(c)                   \
  do {                                 \
    if (!(c)) __builtin_unreachable(); \
  } while (false)
#else
#define HP_ASSUME(c) static_cast<void>(0)
#endif
