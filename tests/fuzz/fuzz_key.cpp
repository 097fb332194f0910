// Key validation: the input as a runtime key, everywhere a key is taken.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string key(hp_fuzz::text_of(data, size));
  hp_fuzz::within_contract([&] {
    try {
      hp::params p;
      p.set(key, 1);
      if (p.get<int>(key) != 1) std::abort();
    } catch (const hp::invalid_key&) {
    }
    (void)hp::get(key, 0);
    (void)hp::has(key);
    hp::with_scope s{{key, 2}};
    if (hp::get<int>(key) != 2) std::abort();
  });
  return 0;
}
