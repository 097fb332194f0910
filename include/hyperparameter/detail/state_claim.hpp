// hyperparameter: one state per process, checked.
//
// A module that cannot bind to the process's state (a plugin built
// header-only and loaded with dlopen(RTLD_LOCAL) next to one that uses
// hyperparameter::runtime, or a library built with another version) would
// keep a second set of scopes and a second registry. Symbol resolution
// cannot see that: under RTLD_LOCAL each module resolves to its own
// definitions. So the first use of a state claims the process for it in a
// place every module reaches without symbol lookup, the environment:
//
//   HYPERPARAMETER_STATE_<pid>=<address> <version> <mode>
//
// (the address of the claiming state's anchor, its version, and
// "header-only" or "runtime"). A second state finds the claim, checks that
// the address still lies in a loaded module (dladdr; a module unloaded
// with dlclose withdraws its claim), and reports both on stderr, once; its
// registry then fails hp::run and parse_cli with the same message. The
// variable's name carries the process id, so child processes, which inherit
// the environment, start afresh. The format stays the same across versions.
#pragma once

#include <cstdio>
#include <string>

#include "state.hpp"
#include "../version.hpp"

#if defined(__unix__) || defined(__APPLE__)
#include <cstdlib>
#include <dlfcn.h>
#include <unistd.h>
#define HP_STATE_CLAIMS 1
#endif

#define HP_STATE_STRINGIFY_(x) #x
#define HP_STATE_STRINGIFY(x) HP_STATE_STRINGIFY_(x)
#define HP_VERSION_TEXT                                                                      \
  HP_STATE_STRINGIFY(HYPERPARAMETER_VERSION_MAJOR)                                           \
  "." HP_STATE_STRINGIFY(HYPERPARAMETER_VERSION_MINOR) "." HP_STATE_STRINGIFY(HYPERPARAMETER_VERSION_PATCH)
#if defined(HYPERPARAMETER_RUNTIME) || defined(HYPERPARAMETER_RUNTIME_BUILD)
#define HP_STATE_MODE "runtime"
#else
#define HP_STATE_MODE "header-only"
#endif

HP_NAMESPACE_BEGIN
namespace detail {

#if defined(HP_STATE_CLAIMS)
// "0.2.0 runtime in /usr/lib/libhyperparameter_runtime.so.0.2"
HP_COMPILED std::string describe_state(const void* anchor, const std::string& version_and_mode) HP_BODY({
  Dl_info info{};
  std::string where = "the program";
  if (dladdr(anchor, &info) != 0 && info.dli_fname != nullptr && info.dli_fname[0] != '\0')
    where = info.dli_fname;
  return version_and_mode + " in " + where;
})

class state_claim {
 public:
  state_claim() : name_("HYPERPARAMETER_STATE_" + std::to_string(::getpid())) { claim(); }
  ~state_claim() { release(); }
  state_claim(const state_claim&) = delete;
  state_claim& operator=(const state_claim&) = delete;

  // Empty, or the message naming this state and the one that claimed the process first.
  [[nodiscard]] const std::string& conflict() const noexcept { return conflict_; }

 private:
  HP_COMPILED void claim() HP_BODY({
    const std::string mine = HP_VERSION_TEXT " " HP_STATE_MODE;
    if (const char* seen = std::getenv(name_.c_str())) {
      void* other = nullptr;
      int consumed = 0;
      if (std::sscanf(seen, "%p %n", &other, &consumed) == 1 && other != static_cast<const void*>(this)) {
        Dl_info info{};
        if (dladdr(other, &info) != 0) {  // else a stale claim: take it over
          conflict_ = "hp::error: two hyperparameter states in one process: " + describe_state(other, seen + consumed) +
                      " and " + describe_state(this, mine) +
                      "; scopes, hp::set, the registry and the frozen base are not shared between them (link every "
                      "module that uses hyperparameter, plugins included, with hyperparameter::runtime)";
          std::fprintf(stderr, "%s\n", conflict_.c_str());
          return;
        }
      }
    }
    char text[64];
    std::snprintf(text, sizeof text, "%p ", static_cast<const void*>(this));
    ::setenv(name_.c_str(), (text + mine).c_str(), 1);
    owner_ = true;
  })
  HP_COMPILED void release() noexcept HP_BODY({
    if (!owner_) return;
    char text[64];
    std::snprintf(text, sizeof text, "%p ", static_cast<const void*>(this));
    const char* seen = std::getenv(name_.c_str());
    if (seen != nullptr && std::string(seen).rfind(text, 0) == 0) ::unsetenv(name_.c_str());
  })

  std::string name_;
  std::string conflict_;
  bool owner_ = false;
};

// Claims the process for this state on first use.
HP_STATE_FN const std::string& state_conflict() HP_BODY({
  static const state_claim claim;
  return claim.conflict();
})
#else
inline const std::string& state_conflict() {
  static const std::string none;
  return none;
}
#endif

}  // namespace detail
HP_NAMESPACE_END
