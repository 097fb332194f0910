// hyperparameter: hp::xxh64, XXH64 in constant expressions (a key's hash is
// hp::xxh64(name, 42), as upstream HyperParameter computes it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "version.hpp"
#include "detail/macros.hpp"

HP_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint64_t xxh_prime1 = 11400714785074694791ULL;
inline constexpr std::uint64_t xxh_prime2 = 14029467366897019727ULL;
inline constexpr std::uint64_t xxh_prime3 = 1609587929392839161ULL;
inline constexpr std::uint64_t xxh_prime4 = 9650029242287828579ULL;
inline constexpr std::uint64_t xxh_prime5 = 2870177450012600261ULL;

constexpr std::uint64_t rotl64(std::uint64_t x, int r) noexcept {
  return (x << r) | (x >> (64 - r));
}

// Little-endian reads of 4 or 8 bytes: byte by byte in constant expressions,
// one load at run time on little-endian machines.
constexpr std::uint64_t read_le(std::string_view s, std::size_t at, int bytes) noexcept {
#if defined(HP_CONSTANT_EVALUATED) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (!HP_CONSTANT_EVALUATED()) {
    if (bytes == 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, s.data() + at, 8);
      return word;
    }
    std::uint32_t half = 0;
    std::memcpy(&half, s.data() + at, 4);
    return half;
  }
#endif
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  return v;
}

constexpr std::uint64_t xxh_round(std::uint64_t acc, std::uint64_t input) noexcept {
  acc += input * xxh_prime2;
  acc = rotl64(acc, 31);
  return acc * xxh_prime1;
}

constexpr std::uint64_t xxh_merge(std::uint64_t acc, std::uint64_t v) noexcept {
  acc ^= xxh_round(0, v);
  return acc * xxh_prime1 + xxh_prime4;
}

}  // namespace detail

// XXH64 of `data` with `seed`; identical to the reference implementation.
constexpr std::uint64_t xxh64(std::string_view data, std::uint64_t seed) noexcept {
  using namespace detail;
  const std::size_t len = data.size();
  std::size_t p = 0;
  std::uint64_t h = 0;
  if (len >= 32) {
    std::uint64_t v1 = seed + xxh_prime1 + xxh_prime2, v2 = seed + xxh_prime2, v3 = seed,
                  v4 = seed - xxh_prime1;
    for (; p + 32 <= len; p += 32) {
      v1 = xxh_round(v1, read_le(data, p, 8));
      v2 = xxh_round(v2, read_le(data, p + 8, 8));
      v3 = xxh_round(v3, read_le(data, p + 16, 8));
      v4 = xxh_round(v4, read_le(data, p + 24, 8));
    }
    h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
  } else {
    h = seed + xxh_prime5;
  }
  h += static_cast<std::uint64_t>(len);
  for (; p + 8 <= len; p += 8) {
    h ^= xxh_round(0, read_le(data, p, 8));
    h = rotl64(h, 27) * xxh_prime1 + xxh_prime4;
  }
  if (p + 4 <= len) {
    h ^= read_le(data, p, 4) * xxh_prime1;
    h = rotl64(h, 23) * xxh_prime2 + xxh_prime3;
    p += 4;
  }
  for (; p < len; ++p) {
    h ^= static_cast<unsigned char>(data[p]) * xxh_prime5;
    h = rotl64(h, 11) * xxh_prime1;
  }
  h ^= h >> 33;
  h *= xxh_prime2;
  h ^= h >> 29;
  h *= xxh_prime3;
  h ^= h >> 32;
  return h;
}

HP_NAMESPACE_END
