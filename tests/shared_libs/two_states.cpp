// A host that does not use hyperparameter loads the plugins named on its
// command line with dlopen(RTLD_LOCAL), as Python loads extension modules,
// and calls b_read in each.
#include <cstdio>

#include <dlfcn.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    void* handle = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      std::fprintf(stderr, "dlopen: %s\n", dlerror());
      return 1;
    }
    using read_fn = int (*)();
    const auto read = reinterpret_cast<read_fn>(dlsym(handle, "b_read"));
    if (read == nullptr) return 1;
    std::printf("%s read %d\n", argv[i], read());
  }
  return 0;
}
