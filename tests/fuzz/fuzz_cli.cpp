// hp::parse_cli: the input cut at NUL bytes is argv[1..]. Arguments naming
// a path with '/' are skipped (CI runs as root: --config may only read
// files in the working directory).
#include "fuzz_support.hpp"

#include <hyperparameter/json.hpp>
#include <hyperparameter/toml.hpp>
#include <hyperparameter/yaml.hpp>

namespace {
const auto layers = hp::declare("model.layers", 3);
const auto rate = hp::declare("train.lr", 0.1);
const auto name = hp::declare("run.name", std::string("fuzz"));
const auto sizes = hp::declare("model.sizes", std::vector<int>{1, 2});
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = hp_fuzz::text_of(data, size);
  if (text.find('/') != std::string_view::npos) return -1;  // not added to the corpus
  const hp_fuzz::command_line line(text);
  hp_fuzz::within_contract([&] {
    const hp::cli_args strict = hp::parse_cli(line.argc(), line.argv());
    hp::with_scope scope(strict.defines);
    for (const auto& [key, v] : strict.defines) hp_fuzz::read_key_every_way(key);
  });
  hp_fuzz::within_contract([&] {
    const hp::cli_args loose = hp::parse_cli(line.argc(), line.argv(), hp::allow_unknown);
    hp::with_scope scope(loose.defines);
  });
  return 0;
}
