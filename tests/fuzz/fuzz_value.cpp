// Value conversions: the input as text, as a list of texts, and as the bits
// of a double and an integer.
#include "fuzz_support.hpp"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = hp_fuzz::text_of(data, size);
  hp_fuzz::read_every_way(hp::value(text));
  std::vector<hp::value> items;
  for (const std::string& piece : hp_fuzz::split(text, ';')) items.emplace_back(piece);
  hp_fuzz::read_every_way(hp::value(items));
  if (size >= sizeof(double)) {
    double d = 0;
    std::int64_t i = 0;
    std::memcpy(&d, data, sizeof d);
    std::memcpy(&i, data, sizeof i);
    hp_fuzz::read_every_way(hp::value(d));
    hp_fuzz::read_every_way(hp::value(i));
    hp_fuzz::read_every_way(hp::value(hp::value::list{hp::value(d), hp::value(i), hp::value(text)}));
  }
  return 0;
}
