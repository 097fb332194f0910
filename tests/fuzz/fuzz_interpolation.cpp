// ${} interpolation: lines become the values of k0, k1, ... (up to 16),
// then each key is read every way.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> values = hp_fuzz::split(hp_fuzz::text_of(data, size), '\n', 16);
  hp_fuzz::within_contract([&] {
    hp::params p;
    for (std::size_t i = 0; i < values.size(); ++i) p.set("k" + std::to_string(i), values[i]);
    hp::with_scope scope(p);
    for (std::size_t i = 0; i < values.size(); ++i) hp_fuzz::read_key_every_way("k" + std::to_string(i));
    for (const auto& [name, v] : p) {
      try {
        (void)p.get<std::string>(name);
      } catch (const hp::error&) {
      }
    }
  });
  return 0;
}
