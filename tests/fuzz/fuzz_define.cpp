// Defines ("key=value", one per line) pushed as a scope, then every key read
// every way.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> defines = hp_fuzz::split(hp_fuzz::text_of(data, size), '\n');
  hp_fuzz::within_contract([&] {
    for (const std::string& d : defines) {
      try {
        (void)hp::parse_define(d);
      } catch (const hp::parse_error&) {
      } catch (const hp::invalid_key&) {
      }
    }
    hp::with_scope scope(defines);
    for (const auto& [name, v] : hp::current()) hp_fuzz::read_key_every_way(name);
    hp_fuzz::read_key_every_way(defines.front());
  });
  return 0;
}
