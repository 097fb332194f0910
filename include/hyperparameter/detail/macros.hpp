// hyperparameter: compiler facilities the read path uses where they exist
// (detail/macros.hpp; config.hpp is about config files).
#pragma once

#include "../version.hpp"
#include "state.hpp"

#include <cstddef>
#include <string>
#include <string_view>
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

// HP_LIKELY(c): `c` as a condition the compiler should lay out as the
// fall-through; HP_UNLIKELY(c): one it should lay out off the path.
#if defined(__GNUC__) || defined(__clang__)
#define HP_LIKELY(c) __builtin_expect(static_cast<bool>(c), 1)
#define HP_UNLIKELY(c) __builtin_expect(static_cast<bool>(c), 0)
#else
#define HP_LIKELY(c) static_cast<bool>(c)
#define HP_UNLIKELY(c) static_cast<bool>(c)
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

// HP_FUNCTION_SIGNATURE: the enclosing function's signature with its template
// arguments spelled out ("... [with T = int]" or "... [T = int]"); left
// undefined where no such spelling is known.
#if defined(__GNUC__) || defined(__clang__)
#define HP_FUNCTION_SIGNATURE __PRETTY_FUNCTION__
#endif

// The file and line of a call, taken by a function as a defaulted parameter
// `detail::call_site where = {}`: std::source_location where the library has
// it, else the builtins gcc and clang provide (HP_BUILTIN_FILE/LINE); where
// neither exists the site is unknown and sources say "code".
#if defined(__has_include)
#if __has_include(<version>)
#include <version>
#endif
#endif
#if defined(__cpp_lib_source_location)
#include <source_location>
#elif defined(__GNUC__) || defined(__clang__)
#define HP_BUILTIN_FILE() __builtin_FILE()
#define HP_BUILTIN_LINE() __builtin_LINE()
#define HP_BUILTIN_FUNCTION() __builtin_FUNCTION()
#else
#define HP_BUILTIN_FILE() nullptr
#define HP_BUILTIN_LINE() 0u
#define HP_BUILTIN_FUNCTION() nullptr
#endif

HP_NAMESPACE_BEGIN
namespace detail {
struct call_site {
  const char* file = nullptr;  // nullptr or "": unknown
  unsigned line = 0;
  bool inside_function = false;  // see in_function()

#if defined(__cpp_lib_source_location)
  constexpr call_site(std::source_location where = std::source_location::current()) noexcept
      : file(where.file_name()), line(where.line()), inside_function(named(where.function_name())) {}
  constexpr call_site(const char* f, unsigned l) noexcept : file(f), line(l) {}
#else
  constexpr call_site(const char* f = HP_BUILTIN_FILE(), unsigned l = HP_BUILTIN_LINE(),
                      const char* fn = HP_BUILTIN_FUNCTION()) noexcept
      : file(f), line(l), inside_function(named(fn)) {}
#endif

  // Made inside a function, so not by a namespace-scope initialiser: static
  // initialisation is over, or the function runs within it. false when unknown.
  [[nodiscard]] constexpr bool in_function() const noexcept { return inside_function; }

 private:
  // The calling function's name says where the call is: "" outside any.
  static constexpr bool named(const char* function) noexcept { return function != nullptr && *function != '\0'; }
};
// Two words on 64-bit targets, so a call site travels in registers rather
// than on the stack (which cost functions that open scopes a register in
// their loops: a frame pointer).
static_assert(sizeof(call_site) <= sizeof(const char*) + 2 * sizeof(unsigned), "a call site fits two registers");

// "path/to/file.cpp" -> "file.cpp" ('/' or '\\' separate).
constexpr std::string_view base_name(std::string_view path) noexcept {
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "path/to/file.cpp", 12 -> "file.cpp:12"; "code" when the compiler did not say.
HP_COMPILED std::string declaration_site(call_site where) HP_BODY({
  const std::string_view path = where.file == nullptr ? "" : where.file;
  if (path.empty()) return "code";
  std::string out(base_name(path));
  out += ':';
  out += std::to_string(where.line);
  return out;
})
}  // namespace detail
HP_NAMESPACE_END
