// One config adapter (HP_FUZZ_FORMAT: json, yaml or toml), as hp::load_config
// runs it on a file's text; what loads is pushed and read every way.
#include "fuzz_support.hpp"

#if HP_FUZZ_FORMAT_JSON
#include <hyperparameter/json.hpp>
#define HP_FUZZ_FORMAT json
#define HP_FUZZ_FILE "fuzz.json"
#elif HP_FUZZ_FORMAT_YAML
#include <hyperparameter/yaml.hpp>
#define HP_FUZZ_FORMAT yaml
#define HP_FUZZ_FILE "fuzz.yaml"
#else
#include <hyperparameter/toml.hpp>
#define HP_FUZZ_FORMAT toml
#define HP_FUZZ_FILE "fuzz.toml"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(hp_fuzz::text_of(data, size));
  hp_fuzz::within_contract([&] {
    const hp::params p = hp::detail::parse_config_text(hp::detail::config_format::HP_FUZZ_FORMAT, text, HP_FUZZ_FILE);
    hp::with_scope scope(p);
    for (const auto& [name, v] : p) hp_fuzz::read_key_every_way(name);
  });
  return 0;
}
