// With hyperparameter::runtime: a plugin loaded with dlopen(RTLD_LOCAL) reads
// the scope this program opened.
#include <cstdio>

#include <dlfcn.h>
#include <hyperparameter/hp.hpp>

int main() {
  void* plugin = dlopen(PLUGIN, RTLD_NOW | RTLD_LOCAL);
  if (plugin == nullptr) {
    std::fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  using read_fn = int (*)();
  const auto read = reinterpret_cast<read_fn>(dlsym(plugin, "plugin_read"));
  if (read == nullptr) return 1;
  hp::with_scope s{{"a.b", 3}};
  return read() == 3 ? 0 : 1;
}
