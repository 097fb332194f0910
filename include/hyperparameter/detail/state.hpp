// hyperparameter: where the process's state lives.
//
// One process has one set of scopes, one registry, one frozen base, one read
// log, however many of its shared libraries include these headers. Every
// piece of mutable state (thread-local or process-wide) is declared with the
// macros below, nowhere else:
//
// - header-only (the default): inline variables and inline functions holding
//   statics, exported with default visibility even from libraries built with
//   -fvisibility=hidden, so the dynamic linker binds every module of the
//   process to one definition;
// - HYPERPARAMETER_RUNTIME (set by the hyperparameter::runtime target): only
//   declarations; the definitions live once in the runtime shared library,
//   which plugins loaded with dlopen(RTLD_LOCAL) reach through their own
//   dependency on it;
// - HYPERPARAMETER_RUNTIME_BUILD: the runtime library's own translation unit,
//   which defines them.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define HP_STATE_API __attribute__((visibility("default")))
// A thread-local variable defined in another module, read without calling a
// TLS wrapper function (the definitions are constant-initialised and
// trivially destructible).
#define HP_EXTERN_TLS __thread
// One per module (program or shared library), whatever the build's visibility.
#define HP_MODULE_LOCAL __attribute__((visibility("hidden")))
#else
#define HP_MODULE_LOCAL
#define HP_STATE_API
#define HP_EXTERN_TLS thread_local
#endif

// Separate compilation needs weak definitions that are emitted even when
// unused (GCC and Clang); elsewhere everything stays inline.
#if defined(HYPERPARAMETER_SEPARATE_COMPILATION) && (defined(__GNUC__) || defined(__clang__))
#define HP_SEPARATE_DECLARE 1
#endif

// HP_THREAD_STATE(type, name, {init}): a thread-local variable, constant-initialised.
// HP_PROCESS_STATE(type, name, {init}): a process-wide variable, constant-initialised.
// HP_STATE_FN ... HP_BODY({ ... }): a function whose body holds state
// (function-local statics); in runtime mode only the runtime defines it.
//
// HP_COMPILED ... HP_BODY({ ... }): a function without state that is compiled
// once, in the runtime library, when the program links it; inline in
// header-only use. Its body is not even parsed in runtime mode, which is what
// makes a translation unit of a runtime program cheap to compile. Use it for
// non-template functions that are off the read path (errors, pushes, the
// registry, files, the command line); hot reads stay inline in the headers.
// Never on a constructor or destructor: clang emits only one of their
// variants, so programs built with it would not link against the runtime.
// They stay inline and call a compiled member (a test checks every header).
// HP_HAS_BODIES is 1 where the bodies are compiled: headers include what only
// the bodies need (<fstream>, <filesystem> ...) under it.
//
// HYPERPARAMETER_SEPARATE_COMPILATION (set by the hyperparameter::hyperparameter
// target unless the option of that name is OFF): header-only, but the
// HP_COMPILED bodies are compiled once per target, in src/bodies.cpp, which
// the target adds to the sources of whatever links it; every other
// translation unit only declares them, the HP_STATE_FN functions included
// (the variables stay inline). Such bodies are weak definitions, so a program
// made of several targets, each with its own copy, links; the state
// functions keep default visibility, so the process still has one state.
//
// The config-file adapters (json.hpp, yaml.hpp, toml.hpp), which the runtime
// never holds, do the same with their parsers, once per adapter target, in
// src/<adapter>.cpp, when that target is linked (HP_ADAPTER_<NAME>); see
// detail/adapter_mode.hpp.
#if defined(HYPERPARAMETER_RUNTIME_BUILD)
#define HP_THREAD_STATE(type, name, init) HP_STATE_API HP_EXTERN_TLS type name init;
#define HP_PROCESS_STATE(type, name, init) HP_STATE_API type name init;
#define HP_STATE_FN HP_STATE_API
#if defined(__GNUC__) || defined(__clang__)
#define HP_COMPILED HP_STATE_API __attribute__((used)) inline  // emitted even if runtime.cpp calls none
#else
#define HP_COMPILED inline
#endif
#define HP_BODY(...) __VA_ARGS__
#define HP_HAS_BODIES 1
#elif defined(HYPERPARAMETER_RUNTIME)
#define HP_THREAD_STATE(type, name, init) extern HP_STATE_API HP_EXTERN_TLS type name;
#define HP_PROCESS_STATE(type, name, init) extern HP_STATE_API type name;
#define HP_STATE_FN HP_STATE_API
#define HP_COMPILED HP_STATE_API
#define HP_BODY(...) ;
#define HP_HAS_BODIES 0
#else
#define HP_THREAD_STATE(type, name, init) HP_STATE_API inline thread_local type name init;
#define HP_PROCESS_STATE(type, name, init) HP_STATE_API inline type name init;
#if defined(HP_SEPARATE_DECLARE) && !defined(HP_COMPILE_CORE_BODIES)
#define HP_STATE_FN HP_STATE_API
#define HP_COMPILED
#define HP_BODY(...) ;
#define HP_HAS_BODIES 0
#elif defined(HP_SEPARATE_DECLARE)
// src/bodies.cpp: emitted even if nothing there calls them. The state
// functions keep default visibility, so every module's copy binds to one.
#define HP_STATE_FN HP_STATE_API __attribute__((used)) inline
#define HP_COMPILED __attribute__((used)) inline
#define HP_BODY(...) __VA_ARGS__
#define HP_HAS_BODIES 1
#else
#define HP_STATE_FN HP_STATE_API inline
#define HP_COMPILED inline
#define HP_BODY(...) __VA_ARGS__
#define HP_HAS_BODIES 1
#endif
#endif

