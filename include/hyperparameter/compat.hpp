// hyperparameter: upstream HyperParameter's C++ API (its hyperparameter.h),
// backed by the hp core.
//
// Code written for upstream compiles unchanged: namespace `hyperparameter`
// with xxh64::hash, xxhash, Hyperparameter (create, create_shared, put, get,
// enter, exit, self) and the macros GET_PARAM, GETPARAM, KEYHASH and
// WITH_PARAMS. Scopes are the core's: thread-local, nested strictly, read by
// hp::get as well. Values keep upstream's meaning: text is stored as written
// (a "${" in it is no reference), a double read as text is written as
// upstream writes it. Two things differ on purpose: a key is validated (at
// compile time in the macros), and a value that does not convert to the
// default's type throws hp::conversion_error instead of silently giving the
// default. These macros are the library's only user-facing macros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/state.hpp"
#include "error.hpp"
#include "key.hpp"
#include "param_scope.hpp"
#include "params.hpp"
#include "value.hpp"

#if HP_HAS_BODIES
#include <charconv>
#include <mutex>
#include <unordered_set>
#endif

// In an inline namespace of this library's version, as hp:: is: written
// hyperparameter::, linked as hyperparameter::v0_2_0::.
namespace hyperparameter {
inline namespace HP_ABI_NAMESPACE {

// XXH64, the hash upstream gives keys (seed 42).
struct xxh64 {
  static constexpr std::uint64_t hash(const char* p, std::size_t len, std::uint64_t seed = 42) noexcept {
    return hp::xxh64(std::string_view(p, len), seed);
  }
};

constexpr std::uint64_t xxhash(const char* p, int len) noexcept {
  return xxh64::hash(p, static_cast<std::size_t>(len), 42);
}

class Hyperparameter;

namespace detail {

// A const char* read hands out text that must outlive the call, as upstream's
// does: each distinct text is kept once for the life of the program.
HP_STATE_FN const char* interned(std::string text) HP_BODY({
  static std::mutex mutex;
  static std::unordered_set<std::string> pool;  // nodes never move: c_str() stays valid
  const std::lock_guard<std::mutex> lock(mutex);
  return pool.insert(std::move(text)).first->c_str();
})

// What the core converts to when the default has type T.
template <class T>
using read_type = std::conditional_t<std::is_same_v<T, const char*>, std::string, T>;

template <class T>
T handed_out(read_type<T> value) {
  if constexpr (std::is_same_v<T, const char*>) return interned(std::move(value));
  else return value;
}

template <class T>
read_type<T> default_of(T def) {
  if constexpr (std::is_same_v<T, const char*>) return def == nullptr ? std::string() : std::string(def);
  else return def;
}

template <class T>
void check_default_type() {
  static_assert(!std::is_same_v<T, char*> && !std::is_same_v<T, std::string_view>,
                "hyperparameter: give a text default as const char* or std::string");
  static_assert(!std::is_reference_v<T>, "hyperparameter: the default is taken by value");
}

// A double as upstream writes it as text (Rust's Display): the shortest
// digits that read back the same, never an exponent (1e-05 is 0.00001); NaN.
HP_COMPILED std::string double_text(double d) HP_BODY({
  if (d != d) return "NaN";
  char buffer[400];  // the longest, the smallest subnormal, takes 326
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::fixed);
  return std::string(buffer, written.ptr);
})

// The one-letter texts upstream reads as bool (T, Y, y and F, N, n), which
// the core's rules do not take: 1 or 0, else -1.
inline int letter_bool(const std::string& s) noexcept {
  if (s.size() != 1) return -1;
  if (s[0] == 'T' || s[0] == 'Y' || s[0] == 'y') return 1;
  return s[0] == 'F' || s[0] == 'N' || s[0] == 'n' ? 0 : -1;
}

// A value that is set, converted as upstream converts where the core's rules
// differ (a double as text, a one-letter bool), else by the core's; logged
// for hp::operative_config(), like the core's reads.
template <class T, class View>
T read_found(const View& view, const hp::detail::entry& e, std::string_view name) {
  const auto noted = [&](read_type<T> out) {
    if (hp::detail::reads_tracked()) hp::detail::note_read(name, out, &e);
    return handed_out<T>(std::move(out));
  };
  if constexpr (std::is_same_v<read_type<T>, std::string>) {
    if (const double* d = e.val().if_double()) return noted(double_text(*d));
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const std::string* s = e.val().if_text())
      if (const int b = letter_bool(*s); b >= 0) return noted(b == 1);
  }
  return handed_out<T>(hp::detail::read_noted<read_type<T>>(view, e, name));
}

// Reads `name` (validated, hashed) through `view`; a missing key gives `def`.
template <class T, class View>
T read_named(const View& view, const hp::key& name, T def) {
  check_default_type<T>();
  const hp::detail::entry* e = view(hp::detail::table_hash(name.hash()));
  if (e != nullptr) return read_found<T>(view, *e, name.name());
  return handed_out<T>(hp::detail::read_noted<read_type<T>>(view, e, name.name(), default_of(def)));  // made only now
}

// Reads by hash alone: a key that is set is logged under its name; an absent
// one (its name unknown) is not.
template <class T, class View>
T read_hashed(const View& view, std::uint64_t hash, T def) {
  check_default_type<T>();
  const hp::detail::entry* e = view(hp::detail::table_hash(hash));
  if (e == nullptr) return handed_out<T>(default_of(def));  // a null text default gives "", as by name
  return read_found<T>(view, *e, e->name());
}

struct current_view {
  const hp::detail::entry* operator()(std::uint64_t table_hash) const {
    return hp::detail::lookup_current(table_hash);
  }
};

template <class K>
inline constexpr bool is_c_string_v = std::is_same_v<std::decay_t<K>, const char*> ||
                                      std::is_same_v<std::decay_t<K>, char*>;

}  // namespace detail

// A store of parameters. Until enter(), its get reads its own values over the
// current scope of the calling thread; enter() pushes them as a new scope of
// that thread (so hp::get and GET_PARAM read them too) and exit() pops it.
// Scopes nest strictly: exit() of a scope that is not the thread's innermost
// throws hp::usage_error and changes nothing; deleting an entered object
// exits it, and deleting it while a scope entered later is open ends the
// program (a destructor cannot throw).
class Hyperparameter {
 public:
  Hyperparameter() = default;
  Hyperparameter(const Hyperparameter&) = delete;
  Hyperparameter& operator=(const Hyperparameter&) = delete;
  ~Hyperparameter() { exit_all(); }

  HP_COMPILED Hyperparameter* enter() HP_BODY({
    entered_.push_back(std::make_unique<hp::with_scope>(own_));
    return this;
  })

  HP_COMPILED Hyperparameter* exit() HP_BODY({
    if (entered_.empty()) throw hp::usage_error("hyperparameter::Hyperparameter::exit(): not entered");
    if (!hp::detail::access::innermost(*entered_.back()))
      throw hp::usage_error("hyperparameter::Hyperparameter::exit(): its scope is not the innermost of this "
                            "thread (exit the scopes entered after it first, on the thread that entered it)");
    entered_.pop_back();
    return this;
  })

  Hyperparameter* self() { return this; }

  // Stores `val` (int, double, bool, text, or anything hp::value holds).
  // While entered, the value is also set in the innermost scope of the
  // thread, which is this object's own unless a scope was opened after it.
  template <class T>
  Hyperparameter* put(const hp::key& key, T val) {
    static_assert(std::is_constructible_v<hp::value, T>,
                  "hyperparameter::Hyperparameter::put: the value must be a bool, a number or text");
    hp::value v = hp::detail::escaped_literal(hp::value(std::move(val)));  // text as written, "${" and all
    own_.set(key.name(), v);
    if (!entered_.empty()) hp::set(key, std::move(v));
    return this;
  }
  template <class T>
  Hyperparameter* put(const std::string& key, T val) {
    return put(hp::key(key), std::move(val));
  }
  template <class T>
  Hyperparameter* put(const char* key, T val) {
    return put(hp::key(key), std::move(val));
  }

  // The value of a key converted to the default's type (checked: a value
  // that does not convert throws hp::conversion_error); the default when the
  // key is not set. A const char* default gives text that stays valid.
  template <class T>
  T get(std::uint64_t hash, T def) const {
    return detail::read_hashed(view(), hash, std::move(def));
  }
  template <class T>
  T get(const hp::key& key, T def) const {
    return detail::read_named(view(), key, std::move(def));
  }
  template <class T>
  T get(const std::string& key, T def) const {
    return detail::read_named(view(), hp::key(key), std::move(def));
  }
  template <class T, class K, std::enable_if_t<detail::is_c_string_v<K>, int> = 0>
  T get(K key, T def) const {
    return detail::read_named(view(), hp::key(static_cast<const char*>(key)), std::move(def));
  }
  template <class T>
  T get(const char* key, int keylen, T def) const {
    return detail::read_named(view(), hp::key(std::string_view(key, static_cast<std::size_t>(keylen))),
                              std::move(def));
  }

 private:
  HP_COMPILED void exit_all() noexcept HP_BODY({
    while (!entered_.empty()) entered_.pop_back();
  })

  // Its own values (until entered) over the current scope of this thread.
  struct own_view {
    const Hyperparameter* self;
    const hp::detail::entry* operator()(std::uint64_t table_hash) const {
      if (self->entered_.empty())
        if (const hp::detail::entry* e = hp::detail::access::lookup(self->own_, table_hash)) return e;
      return hp::detail::lookup_current(table_hash);
    }
  };
  own_view view() const { return own_view{this}; }

  hp::params own_;
  std::vector<std::unique_ptr<hp::with_scope>> entered_;
};

HP_COMPILED Hyperparameter* create() HP_BODY({ return new Hyperparameter(); })
HP_COMPILED std::shared_ptr<Hyperparameter> create_shared() HP_BODY({ return std::make_shared<Hyperparameter>(); })

namespace detail {

// GET_PARAM: the current scope of this thread, as hp::get reads it.
template <class T>
T get_param(const hp::key& name, T def) {
  return read_named(current_view{}, name, std::move(def));
}

inline void put_pairs(Hyperparameter&) {}
template <class V, class... Rest>
void put_pairs(Hyperparameter& params, const hp::key& name, V val, Rest&&... rest) {
  params.put(name, std::move(val));
  put_pairs(params, std::forward<Rest>(rest)...);
}

// WITH_PARAMS: a new object holding the pairs, entered; the guard exits it.
template <class... Pairs>
std::unique_ptr<Hyperparameter> with_params(Pairs&&... pairs) {
  static_assert(sizeof...(Pairs) % 2 == 0, "WITH_PARAMS takes key, value pairs");
  auto params = std::make_unique<Hyperparameter>();
  put_pairs(*params, std::forward<Pairs>(pairs)...);
  params->enter();
  return params;
}

}  // namespace detail
}  // inline namespace HP_ABI_NAMESPACE
}  // namespace hyperparameter

// A key's text, checked and hashed at compile time.
#define HYPERPARAMETER_COMPAT_KEY_TEXT(text)                    \
  ([] {                                                         \
    constexpr ::hp::key hyperparameter_compat_key_(text);       \
    return hyperparameter_compat_key_;                          \
  }())
// A dotted name written as tokens (a.b.c), its macros expanded first.
#define HYPERPARAMETER_COMPAT_KEY(name) HYPERPARAMETER_COMPAT_KEY_TEXT(#name)

// GET_PARAM(a.b.c, default): the value in the current scope, else default.
// As upstream, GET_PARAM and KEYHASH take the key as written (a macro name
// in it stays a name: train.EPOCHS), GETPARAM and WITH_PARAMS expand it.
#define GET_PARAM(name, default_value) \
  (::hyperparameter::detail::get_param(HYPERPARAMETER_COMPAT_KEY_TEXT(#name), (default_value)))
#define GETPARAM(name, default_value) \
  (::hyperparameter::detail::get_param(HYPERPARAMETER_COMPAT_KEY(name), (default_value)))

// KEYHASH(a.b.c): the key's hash, as get(uint64_t, default) takes it.
#define KEYHASH(name) (HYPERPARAMETER_COMPAT_KEY_TEXT(#name).hash())

// WITH_PARAMS(k1, v1, k2, v2, ...), up to 10 pairs: a guard
// (std::unique_ptr<hyperparameter::Hyperparameter>) whose scope holds the
// pairs until it dies. Arguments are counted, not pasted with ##__VA_ARGS__,
// so it stays standard C++17.
#define WITH_PARAMS(...)                                                                              \
  (::hyperparameter::detail::with_params(HYPERPARAMETER_COMPAT_CAT(                                   \
      HYPERPARAMETER_COMPAT_PAIRS_, HYPERPARAMETER_COMPAT_COUNT(__VA_ARGS__))(__VA_ARGS__)))

#define HYPERPARAMETER_COMPAT_CAT(a, b) HYPERPARAMETER_COMPAT_CAT_(a, b)
#define HYPERPARAMETER_COMPAT_CAT_(a, b) a##b
#define HYPERPARAMETER_COMPAT_COUNT(...)                                                              \
  HYPERPARAMETER_COMPAT_PICK(__VA_ARGS__, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, \
                             9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define HYPERPARAMETER_COMPAT_PICK(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15,  \
                                   a16, a17, a18, a19, a20, a21, a22, a23, a24, n, ...)               \
  n

#define HYPERPARAMETER_COMPAT_K(name) HYPERPARAMETER_COMPAT_KEY(name)
#define HYPERPARAMETER_COMPAT_PAIRS_2(k1, v1) HYPERPARAMETER_COMPAT_K(k1), v1
#define HYPERPARAMETER_COMPAT_PAIRS_4(k1, v1, k2, v2) \
  HYPERPARAMETER_COMPAT_PAIRS_2(k1, v1), HYPERPARAMETER_COMPAT_K(k2), v2
#define HYPERPARAMETER_COMPAT_PAIRS_6(k1, v1, k2, v2, k3, v3) \
  HYPERPARAMETER_COMPAT_PAIRS_4(k1, v1, k2, v2), HYPERPARAMETER_COMPAT_K(k3), v3
#define HYPERPARAMETER_COMPAT_PAIRS_8(k1, v1, k2, v2, k3, v3, k4, v4) \
  HYPERPARAMETER_COMPAT_PAIRS_6(k1, v1, k2, v2, k3, v3), HYPERPARAMETER_COMPAT_K(k4), v4
#define HYPERPARAMETER_COMPAT_PAIRS_10(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5) \
  HYPERPARAMETER_COMPAT_PAIRS_8(k1, v1, k2, v2, k3, v3, k4, v4), HYPERPARAMETER_COMPAT_K(k5), v5
#define HYPERPARAMETER_COMPAT_PAIRS_12(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6) \
  HYPERPARAMETER_COMPAT_PAIRS_10(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5), HYPERPARAMETER_COMPAT_K(k6), v6
#define HYPERPARAMETER_COMPAT_PAIRS_14(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7) \
  HYPERPARAMETER_COMPAT_PAIRS_12(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6),              \
      HYPERPARAMETER_COMPAT_K(k7), v7
#define HYPERPARAMETER_COMPAT_PAIRS_16(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7, k8, v8) \
  HYPERPARAMETER_COMPAT_PAIRS_14(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7),              \
      HYPERPARAMETER_COMPAT_K(k8), v8
#define HYPERPARAMETER_COMPAT_PAIRS_18(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7, k8, v8, \
                                       k9, v9)                                                         \
  HYPERPARAMETER_COMPAT_PAIRS_16(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7, k8, v8),      \
      HYPERPARAMETER_COMPAT_K(k9), v9
#define HYPERPARAMETER_COMPAT_PAIRS_20(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7, k8, v8, \
                                       k9, v9, k10, v10)                                               \
  HYPERPARAMETER_COMPAT_PAIRS_18(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5, k6, v6, k7, v7, k8, v8, k9,   \
                                 v9),                                                                  \
      HYPERPARAMETER_COMPAT_K(k10), v10
// An odd count, or more than 10 pairs, names the mistake in the compiler's error.
#define HYPERPARAMETER_COMPAT_PAIRS_1(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_3(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_5(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_7(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_9(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_11(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_13(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_15(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_17(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_19(...) WITH_PARAMS_takes_key_value_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_21(...) WITH_PARAMS_takes_at_most_10_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_22(...) WITH_PARAMS_takes_at_most_10_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_23(...) WITH_PARAMS_takes_at_most_10_pairs
#define HYPERPARAMETER_COMPAT_PAIRS_24(...) WITH_PARAMS_takes_at_most_10_pairs
