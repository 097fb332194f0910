// hp::run: the input cut at NUL bytes is argv[1..]. It runs in a fresh
// temporary directory, emptied after every input; an input that names a
// path with '/' is skipped, so no output file (--operative-config) can land
// outside it (CI runs as root).
#include "fuzz_support.hpp"

#include <hyperparameter/json.hpp>
#include <hyperparameter/toml.hpp>
#include <hyperparameter/yaml.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace {
const auto layers = hp::declare("model.layers", 3);
const auto rate = hp::declare("train.lr", 0.1);
const auto name = hp::declare("run.name", std::string("fuzz"));
const auto sizes = hp::declare("model.sizes", std::vector<int>{1, 2});

std::filesystem::path work_dir;

void empty_work_dir() {
  for (const auto& item : std::filesystem::directory_iterator(work_dir)) std::filesystem::remove_all(item.path());
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string dir = (std::filesystem::temp_directory_path() / "hp-fuzz-run-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr || chdir(dir.c_str()) != 0) std::abort();
  work_dir = dir;
  std::atexit([] { std::filesystem::remove_all(work_dir); });
  // A config file each format's adapter can load.
  std::FILE* f = std::fopen("c.yaml", "w");
  std::fputs("model:\n  layers: 4\n", f);
  std::fclose(f);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = hp_fuzz::text_of(data, size);
  if (text.find('/') != std::string_view::npos) return -1;  // not added to the corpus
  const hp_fuzz::command_line line(text);
  hp_fuzz::within_contract([&] {
    (void)hp::run(line.argc(), line.argv(), [] {
      (void)layers();
      (void)rate();
      (void)name();
      (void)sizes();
    });
  });
  if (std::filesystem::current_path() != work_dir) std::abort();
  empty_work_dir();
  std::FILE* f = std::fopen("c.yaml", "w");
  std::fputs("model:\n  layers: 4\n", f);
  std::fclose(f);
  return 0;
}
