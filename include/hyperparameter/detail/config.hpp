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

// HP_ALWAYS_INLINE, HP_NOINLINE, HP_COLD: inlining and layout hints where the
// compiler takes GNU attributes (g++, clang++); elsewhere nothing or the
// compiler's own spelling.
#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(gnu::always_inline)
#define HP_ALWAYS_INLINE [[gnu::always_inline]]
#endif
#if __has_cpp_attribute(gnu::noinline)
#define HP_NOINLINE [[gnu::noinline]]
#endif
#if __has_cpp_attribute(gnu::cold)
#define HP_COLD [[gnu::cold]]
#endif
#endif
#if !defined(HP_ALWAYS_INLINE)
#define HP_ALWAYS_INLINE
#endif
#if !defined(HP_NOINLINE) && defined(_MSC_VER)
#define HP_NOINLINE __declspec(noinline)
#endif
#if !defined(HP_NOINLINE)
#define HP_NOINLINE
#endif
#if !defined(HP_COLD)
#define HP_COLD
#endif

// HP_CALLER_FILE(), HP_CALLER_LINE(): as default arguments, the file and line
// of the call. Without the builtins: nullptr and 0 (the site is then unknown).
#if defined(__has_builtin)
#if __has_builtin(__builtin_FILE) && __has_builtin(__builtin_LINE)
#define HP_CALLER_FILE() __builtin_FILE()
#define HP_CALLER_LINE() __builtin_LINE()
#endif
#endif
#if !defined(HP_CALLER_FILE) && defined(_MSC_VER) && _MSC_VER >= 1926
#define HP_CALLER_FILE() __builtin_FILE()
#define HP_CALLER_LINE() __builtin_LINE()
#endif
#if !defined(HP_CALLER_FILE)
#define HP_CALLER_FILE() static_cast<const char*>(nullptr)
#define HP_CALLER_LINE() 0u
#endif

// HP_FUNCTION_SIGNATURE: the enclosing function's signature with its template
// arguments spelled out ("... [with T = int]" or "... [T = int]"); left
// undefined where no such spelling is known.
#if defined(__GNUC__) || defined(__clang__)
#define HP_FUNCTION_SIGNATURE __PRETTY_FUNCTION__
#endif
