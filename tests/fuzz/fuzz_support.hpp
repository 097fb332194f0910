// The contract every fuzz target checks: any input ends in a value or an
// hp::error, and leaves nothing pushed on the thread's scope stack. Any
// other exception escapes LLVMFuzzerTestOneInput and libFuzzer reports it.
#pragma once

#include <hyperparameter/hp.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace hp_fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// `text` cut at `separator`, at most `limit` pieces.
inline std::vector<std::string> split(std::string_view text, char separator, std::size_t limit = 64) {
  std::vector<std::string> out;
  while (out.size() < limit) {
    const std::size_t at = text.find(separator);
    out.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

// A command line from a fuzz input: "prog", then the input cut at NUL bytes.
class command_line {
 public:
  explicit command_line(std::string_view text) : args_(split(text, '\0')) {
    args_.insert(args_.begin(), "prog");
    for (const std::string& a : args_) argv_.push_back(a.c_str());
    argv_.push_back(nullptr);
  }
  command_line(const command_line&) = delete;
  command_line& operator=(const command_line&) = delete;
  int argc() const { return static_cast<int>(args_.size()); }
  const char* const* argv() const { return argv_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<const char*> argv_;
};

// Runs `fn`; hp::error is an accepted outcome. Aborts when a scope is left open.
template <class Fn>
void within_contract(Fn fn) {
  try {
    fn();
  } catch (const hp::error&) {
  }
  if (!hp::current().empty()) {
    std::fputs("fuzz contract: the input left parameters pushed\n", stderr);
    std::abort();
  }
}

// Reads `v` every way a program may: each outcome is a value or an hp::error.
inline void read_every_way(const hp::value& v) {
  const auto attempt = [](auto read) {
    try {
      read();
    } catch (const hp::conversion_error&) {
    }
  };
  attempt([&] { (void)v.as<bool>(); });
  attempt([&] { (void)v.as<signed char>(); });
  attempt([&] { (void)v.as<unsigned short>(); });
  attempt([&] { (void)v.as<int>(); });
  attempt([&] { (void)v.as<unsigned>(); });
  attempt([&] { (void)v.as<long long>(); });
  attempt([&] { (void)v.as<unsigned long long>(); });
  attempt([&] { (void)v.as<float>(); });
  attempt([&] { (void)v.as<double>(); });
  attempt([&] { (void)v.as<std::string>(); });
  attempt([&] { (void)v.as<std::vector<int>>(); });
  attempt([&] { (void)v.as<std::vector<double>>(); });
  attempt([&] { (void)v.as<std::vector<std::string>>(); });
  (void)v.describe();
}

// Reads `key` through the current scopes every way (with ${} interpolation).
inline void read_key_every_way(const std::string& key) {
  const auto attempt = [](auto read) {
    try {
      read();
    } catch (const hp::error&) {
    }
  };
  attempt([&] { (void)hp::get<int>(key); });
  attempt([&] { (void)hp::get<double>(key); });
  attempt([&] { (void)hp::get<float>(key); });
  attempt([&] { (void)hp::get<bool>(key); });
  attempt([&] { (void)hp::get<std::string>(key); });
  attempt([&] { (void)hp::get<std::vector<long>>(key); });
  attempt([&] { read_every_way(hp::get<hp::value>(key)); });
  attempt([&] { (void)hp::find<unsigned>(key); });
}

}  // namespace hp_fuzz
