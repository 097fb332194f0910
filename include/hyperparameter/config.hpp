// hyperparameter: loading config files into hp::params.
//
// hp::load_config picks a parser by extension. The parsers live in the
// adapter headers (json.hpp, yaml.hpp, toml.hpp), each the only place its
// third-party library is named; including one in a translation unit that is
// linked into the program registers its parser here, so the core never
// depends on them. A target that links an adapter's CMake target carries
// HP_ADAPTER_JSON (_YAML, _TOML): every translation unit of it that can load
// a config then includes that adapter (end of this file), so the parser is
// there even when the only other include sits in an object file of a static
// library that the linker leaves out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "version.hpp"
#include "config/writer.hpp"
#include "detail/state.hpp"
#include "error.hpp"
#include "key.hpp"
#include "params.hpp"
#include "value.hpp"

#if HP_HAS_BODIES
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#endif

HP_NAMESPACE_BEGIN

namespace detail {

enum class config_format { json, yaml, toml };

// Turns a file's text into params; `path` names the file in sources and errors.
using config_parser = params (*)(const std::string& text, const std::string& path);

struct config_format_info {
  const char* name;
  const char* extensions;  // as listed in messages
  const char* header;
  const char* target;
  const char* package;  // Debian; named only here (CMakeLists.txt reads it from the rows below)
};

inline constexpr config_format_info config_formats[] = {
    {"JSON", ".json", "<hyperparameter/json.hpp>", "hyperparameter::json", "nlohmann-json3-dev"},
    {"YAML", ".yaml .yml", "<hyperparameter/yaml.hpp>", "hyperparameter::yaml", "libyaml-cpp-dev"},
    {"TOML", ".toml", "<hyperparameter/toml.hpp>", "hyperparameter::toml", "libtomlplusplus-dev"},
};

// Set by the adapter headers' registration variables. Constant-initialised
// to null, so it holds no matter in which order static initialisers run.
using config_parser_table = config_parser[3];
HP_PROCESS_STATE(config_parser_table, config_parsers, {})

inline bool register_config_parser(config_format format, config_parser parser) noexcept {
  config_parsers[static_cast<int>(format)] = parser;
  return true;
}

[[nodiscard]] inline const config_format_info& info_of(config_format format) noexcept {
  return config_formats[static_cast<int>(format)];
}

[[nodiscard]] inline bool has_parser(config_format format) noexcept {
  return config_parsers[static_cast<int>(format)] != nullptr;
}

HP_COMPILED std::optional<config_format> format_of_extension(std::string extension) HP_BODY({
  for (char& c : extension) c = ascii_lower(c);
  if (extension == ".json") return config_format::json;
  if (extension == ".yaml" || extension == ".yml") return config_format::yaml;
  if (extension == ".toml") return config_format::toml;
  return std::nullopt;
})

[[noreturn]] HP_COMPILED void cannot_load(const std::string& path, const std::string& why) HP_BODY({
  throw io_error(path, "cannot load config '" + path + "': " + why);
})

HP_COMPILED std::string read_config_file(const std::string& path) HP_BODY({
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) cannot_load(path, "no such file");
  if (status.type() == std::filesystem::file_type::directory) cannot_load(path, "it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) cannot_load(path, "cannot open it for reading (" + std::generic_category().message(errno) + ")");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) cannot_load(path, "reading it failed");
  return text;
})

// Collects a parsed file's flattened keys: validates them, rejects a key
// given twice (however it was spelled: `a.b` and `a: {b}` are one key) and
// gives each entry its source, "file" or "file:line".
class config_builder {
 public:
  explicit config_builder(std::string origin) : origin_(std::move(origin)) {}

  // `line` is 1-based, 0 when the parser does not know it.
  HP_COMPILED void add(const std::string& key, value v, std::size_t line) HP_BODY({
    const std::string source = line == 0 ? origin_ : origin_ + ":" + std::to_string(line);
    validate_key(key, source);
    const auto [first, inserted] = lines_.try_emplace(key, line);
    if (!inserted)
      throw parse_error(
          origin_, line,
          "key '" + key + "' is given twice" +
              (first->second == 0 ? std::string() : " (first at line " + std::to_string(first->second) + ")"));
    out_.set(key, std::move(v), source);
  })

  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  [[nodiscard]] params take() { return std::move(out_); }

 private:
  std::string origin_;
  params out_;
  std::unordered_map<std::string, std::size_t> lines_;
};

// A config file's text through its format's parser (which must be registered).
HP_COMPILED params parse_config_text(config_format format, const std::string& text, const std::string& path) HP_BODY({
  // Parsers may take a NUL for the end of the text and load half of it.
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    const auto before = static_cast<std::ptrdiff_t>(nul);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + before, '\n'));
    throw parse_error(path, line, "the file contains a NUL byte (at byte " + std::to_string(nul) + ")");
  }
  return config_parsers[static_cast<int>(format)](text, path);
})

}  // namespace detail

// Loads a .json, .yaml/.yml or .toml file, nested keys flattened to dotted
// ones. Throws hp::error for an unknown extension, a format whose adapter is
// not in the program, a missing or unreadable file; hp::parse_error (file
// and line) for malformed content or a key given twice.
[[nodiscard]] HP_COMPILED params load_config(const std::string& path) HP_BODY({
  const std::string extension = std::filesystem::path(path).extension().string();
  const std::optional<detail::config_format> format = detail::format_of_extension(extension);
  if (!format)
    detail::cannot_load(path,
                        (extension.empty() ? std::string("no extension") : "unknown extension '" + extension + "'") +
                            " (supported: .json .yaml .yml .toml)");
  const detail::config_format_info& info = detail::info_of(*format);
  if (!detail::has_parser(*format))
    detail::cannot_load(path, std::string(info.name) + " support is not compiled in: link " + info.target +
                                  " or include " + info.header + " in the program (Debian package " + info.package +
                                  ")");
  return detail::parse_config_text(*format, detail::read_config_file(path), path);
})

// Writes `p` as .json, .yaml/.yml or .toml (by extension; no adapter needed)
// so that load_config gives back the same keys, values and kinds. Throws
// hp::error naming the key for what the format cannot hold (nan or inf in
// JSON, a value-less key in TOML), and naming the path when it cannot write.
HP_COMPILED void save_config(const params& p, const std::string& path) HP_BODY({
  const std::string extension = std::filesystem::path(path).extension().string();
  const std::optional<detail::config_format> format = detail::format_of_extension(extension);
  if (!format)
    throw io_error(
        path, "cannot save config '" + path +
                  "': " + (extension.empty() ? std::string("no extension") : "unknown extension '" + extension + "'") +
                  " (supported: .json .yaml .yml .toml)");
  const detail::writer_format as = *format == detail::config_format::json   ? detail::writer_format::json
                                   : *format == detail::config_format::yaml ? detail::writer_format::yaml
                                                                            : detail::writer_format::toml;
  const std::string text = detail::write_config(p, as);  // before opening: a failure leaves no half file
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw io_error(path, "cannot save config '" + path + "': " + std::generic_category().message(errno));
  file << text;
  file.close();
  if (!file) throw io_error(path, "cannot save config '" + path + "': writing it failed");
})

HP_NAMESPACE_END

// After everything above: the adapters include this header themselves. An
// adapter's own src/<adapter>.cpp compiles that adapter alone.
#if !defined(HP_COMPILE_ADAPTER_BODIES)
#if defined(HP_ADAPTER_JSON)
#include "json.hpp"
#endif
#if defined(HP_ADAPTER_YAML)
#include "yaml.hpp"
#endif
#if defined(HP_ADAPTER_TOML)
#include "toml.hpp"
#endif
#endif
