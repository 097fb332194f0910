// One state per process: a program and shared libraries built with hidden
// visibility (or a plugin loaded with dlopen(RTLD_LOCAL), HP_TEST_PLUGIN)
// share scopes, hp::set, hp::freeze, the registry and the operative config.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>
#include <hyperparameter/hp.hpp>

#include "../cli_test_support.hpp"
#include "plugin.hpp"

#if defined(HP_TEST_PLUGIN)
#include <cstdio>
#include <dlfcn.h>
#include <unistd.h>
#endif

namespace {

// B's functions: linked, or looked up in the plugin loaded with RTLD_LOCAL.
struct library_b {
  int (*read)() = nullptr;
  int (*read_on_new_thread)() = nullptr;
  void (*set)(int) = nullptr;
  void (*in_scope)(int, void (*)()) = nullptr;
};

#if defined(HP_TEST_PLUGIN)
template <class F>
void find(void* handle, F& f, const char* name) {
  f = reinterpret_cast<F>(dlsym(handle, name));
  if (f == nullptr) FAIL("the plugin has no " << name);
}

const library_b& b() {
  static const library_b loaded = [] {
    void* handle = dlopen(HP_TEST_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) FAIL("dlopen: " << dlerror());
    library_b l;
    find(handle, l.read, "b_read");
    find(handle, l.read_on_new_thread, "b_read_on_new_thread");
    find(handle, l.set, "b_set");
    find(handle, l.in_scope, "b_in_scope");
    return l;
  }();
  return loaded;
}
#else
const library_b& b() {
  static const library_b linked{b_read, b_read_on_new_thread, b_set, b_in_scope};
  return linked;
}
#endif

int seen = 0;

}  // namespace

#if !defined(HP_TEST_PLUGIN)
TEST_CASE("a scope opened in one library is seen by another") {
  seen = 0;
  a_in_scope(1, [] { seen = b_read(); });
  CHECK(seen == 1);
  CHECK(b_read() == -1);
}

TEST_CASE("hp::set in one library is seen by another") {
  hp::with_scope scope{{"shared.value", 0}};
  a_set(7);
  CHECK(b_read() == 7);
  b_set(8);
  CHECK(a_read() == 8);
}
#endif

TEST_CASE("a scope opened in the program is seen by a library") {
  hp::with_scope scope{{"shared.value", 2}};
  CHECK(b().read() == 2);
}

TEST_CASE("a scope opened in a library is seen by the program") {
  seen = 0;
  b().in_scope(3, [] { seen = hp::get("shared.value", -1); });
  CHECK(seen == 3);
  CHECK(hp::get("shared.value", -1) == -1);
}

TEST_CASE("hp::set crosses the boundary both ways") {
  hp::with_scope scope{{"shared.value", 0}};
  b().set(4);
  CHECK(hp::get("shared.value", -1) == 4);
  hp::set("shared.value", 5);
  CHECK(b().read() == 5);
}

TEST_CASE("the frozen base reaches a library's new threads") {
  {
    hp::with_scope scope{{"shared.value", 6}};
    hp::freeze();
  }
  const int frozen = b().read_on_new_thread();
  hp::freeze();  // back to the empty base
  CHECK(frozen == 6);
  CHECK(b().read_on_new_thread() == -1);
}

TEST_CASE("a parameter declared in a library is in the program's registry and --help") {
  (void)b();  // loaded
  const auto declared = hp::registry();
  const bool found = std::any_of(declared.begin(), declared.end(),
                                 [](const hp::declared_param& p) { return p.key == "plugin.depth"; });
  CHECK(found);
  const hp_test::run_result r = hp_test::run_with(hp_test::args{"--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("plugin.depth") != std::string::npos);
  CHECK(r.out.find("declared in a plugin") != std::string::npos);
}

TEST_CASE("reads in a library are in the program's operative config") {
  hp::clear_operative_config();
  hp::track_operative_config(true);
  {
    hp::with_scope scope{{"shared.value", 9}};
    (void)b().read();
  }
  hp::track_operative_config(false);
  const hp::params operative = hp::operative_config();
  hp::clear_operative_config();
  REQUIRE(operative.has("shared.value"));
  CHECK(operative.get<int>("shared.value") == 9);
}

#if defined(HP_TEST_PLUGIN)
namespace {
// What fd 2 receives while `fn` runs (the library reports with fprintf).
template <class Fn>
std::string stderr_of(Fn fn) {
  std::fflush(stderr);
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  const int saved = dup(2);
  dup2(fileno(file), 2);
  fn();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
  std::fclose(file);
  return text;
}
}  // namespace

TEST_CASE("a plugin loaded after the command line was parsed reports a conflicting declaration once") {
  static const auto mine = hp::declare("plugin.depth", 2.5);  // the plugin declares int = 3
  const char* argv[] = {"prog"};
  (void)hp::parse_cli(1, argv);
  const std::string reported = stderr_of([] { (void)b(); });  // no throw from dlopen's initialisers
  CHECK(reported.find("hp::declaration_conflict: parameter 'plugin.depth' is declared twice, as double = 2.5 at "
                      "test_shared_libs.cpp:") != std::string::npos);
  CHECK(reported.find("and as int = 3 at lib_b.cpp:") != std::string::npos);
  CHECK(reported.find("loaded after the command line was parsed; the first declaration stays") != std::string::npos);
  CHECK(reported.find("declared twice") == reported.rfind("declared twice"));  // once
  const auto declared = hp::registry();
  const auto depth = std::find_if(declared.begin(), declared.end(),
                                  [](const hp::declared_param& p) { return p.key == "plugin.depth"; });
  REQUIRE(depth != declared.end());
  CHECK(depth->type == "double");
  CHECK(mine() == 2.5);
}
#endif
