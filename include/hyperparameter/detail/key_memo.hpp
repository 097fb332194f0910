// hyperparameter: the per-thread memo of runtime keys.
//
// A key built from a runtime string must be validated and hashed, which costs
// more than the read it is for. So each thread remembers the runtime keys it
// saw, by where their text lives: a key read again from the same string is
// found with one pointer compare and a compare of its bytes (a buffer reused
// for another key is therefore hashed anew). The slot a key is in travels
// with the hp::key made from it; the scope layer keeps what the key found
// in a table of its own indexed by that slot (scope_stack.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "../version.hpp"
#include "macros.hpp"
#include "key_rules.hpp"
#include "state.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

struct key_memo {
  static constexpr std::size_t slots = 64;  // a power of two
  static constexpr std::size_t most = 48;   // full: forget everything, start over
  static constexpr std::size_t longest = 104;     // longer keys are not remembered
  static constexpr std::size_t none = ~std::size_t{0};  // "in no slot"
  struct slot {
    const char* data;      // nullptr: empty
    std::size_t size;
    std::uint64_t hash;
    char text[longest];
  };
  static_assert(sizeof(slot) == 128, "a slot fills two cache lines exactly");
  slot slot_for[slots];
  std::size_t used;
};
// Zero-initialised, so it costs a thread nothing until it reads a runtime key.
HP_THREAD_STATE(key_memo, runtime_keys, {})

// What a lookup in the memo yields: the key's hash, its length, and the slot
// that holds it (key_memo::none when it was too long to remember).
struct memo_result {
  std::uint64_t hash;
  std::size_t size;
  std::size_t slot;
};

// Where the probe for a key whose text starts at `data` begins.
HP_ALWAYS_INLINE inline std::size_t memo_home(const char* data) noexcept {
  const auto where = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(data));
  return static_cast<std::size_t>((where * 0x9E3779B97F4A7C15ULL) >> 58);  // 64 slots
}
static_assert(key_memo::slots == 64, "memo_home takes the top 6 bits");

// a[0, n) == b[0, n), in a few word compares whose differences are or-ed
// together and tested once (remembered keys compare equal, so an early exit
// would only add branches).
HP_ALWAYS_INLINE inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  const auto word = [](const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  const auto half = [](const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  };
  if (n >= 8) {
    std::uint64_t differ = word(a + n - 8) ^ word(b + n - 8);
    for (std::size_t i = 0; i + 8 < n; i += 8) differ |= word(a + i) ^ word(b + i);
    return differ == 0;
  }
  if (n >= 4) return ((half(a) ^ half(b)) | (half(a + n - 4) ^ half(b + n - 4))) == 0;
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Whether the NUL-terminated `name` is exactly `s`'s text. Its bytes are
// compared in order: a key holds no NUL, so a shorter string differs at its
// terminator before any byte past it is read.
HP_ALWAYS_INLINE inline bool same_c_string(const key_memo::slot& s, const char* name) noexcept {
  std::size_t i = 0;
  while (i < s.size && name[i] == s.text[i]) ++i;
  return i == s.size && name[i] == '\0';
}

// The probe behind both lookups below, after the home slot missed: finds the
// key, or validates (hp::invalid_key), hashes and remembers it. Either way
// the key ends in its home slot, whose occupant moves to where the probe
// stopped (further along the same run, so still found): a key read again
// finds itself with the inline check, whatever was remembered before it.
HP_NOINLINE HP_COMPILED memo_result remember_runtime_key(std::string_view name) HP_BODY({
  key_memo& memo = runtime_keys;
  const std::size_t home = memo_home(name.data());
  std::size_t i = home;
  for (;; i = (i + 1) % key_memo::slots) {
    const key_memo::slot& s = memo.slot_for[i];
    if (s.data == nullptr) break;
    if (s.data == name.data()) {
      if (s.size == name.size() && same_bytes(s.text, name.data(), name.size())) {
        if (i != home) std::swap(memo.slot_for[i], memo.slot_for[home]);
        return {memo.slot_for[home].hash, name.size(), home};
      }
      break;  // the same buffer now holds another key: this slot is reused
    }
  }
  validate_key(name);
  const std::uint64_t hash = xxh64(name, key_seed);
  if (name.size() > key_memo::longest) return {hash, name.size(), key_memo::none};
  if (memo.slot_for[i].data == nullptr && ++memo.used > key_memo::most) {
    std::memset(&memo, 0, sizeof memo);
    memo.used = 1;
    i = home;
  }
  if (i != home) memo.slot_for[i] = memo.slot_for[home];
  key_memo::slot& s = memo.slot_for[home];
  s.data = name.data();
  s.size = name.size();
  s.hash = hash;
  std::memcpy(s.text, name.data(), name.size());
  return {hash, name.size(), home};
})

// A runtime key's hash, validated (hp::invalid_key) unless remembered.
HP_ALWAYS_INLINE inline memo_result runtime_key_hash(std::string_view name) {
  const std::size_t home = memo_home(name.data());
  const key_memo::slot& s = runtime_keys.slot_for[home];
  if (HP_LIKELY(s.data == name.data() && name.data() != nullptr && s.size == name.size() &&
                same_bytes(s.text, name.data(), name.size())))
    return {s.hash, s.size, home};
  return remember_runtime_key(name);
}

// The same for a NUL-terminated key: a remembered key needs no strlen.
HP_ALWAYS_INLINE inline memo_result runtime_key_hash(const char* name) {
  const std::size_t home = memo_home(name);
  const key_memo::slot& s = runtime_keys.slot_for[home];
  if (HP_LIKELY(s.data == name && name != nullptr && same_c_string(s, name))) return {s.hash, s.size, home};
  if (name == nullptr) throw invalid_key("", 0, "the key is a null pointer");
  return remember_runtime_key(std::string_view(name, std::strlen(name)));
}

}  // namespace detail
HP_NAMESPACE_END
