// hyperparameter: reading typed values out of a view, with ${ref} interpolation.
//
// A view is anything callable as `const entry* view(std::uint64_t table_hash)`:
// the current thread's scopes, a frame, a guard or an hp::params. The same
// code reads all of them, so every reader converts and interpolates alike.
#pragma once

#include <limits>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../version.hpp"
#include "../error.hpp"
#include "../key.hpp"
#include "../registry.hpp"
#include "../value.hpp"
#include "macros.hpp"
#include "frame_node.hpp"
#include "limits.hpp"
#include "read_log.hpp"

HP_NAMESPACE_BEGIN
namespace detail {

// The type hp::get(key, fallback) returns: a const char* fallback reads as std::string.
// A string_view fallback reads as std::string too: a view could dangle.
template <class T>
using stored_type_t = std::conditional_t<std::is_convertible_v<T, std::string_view>, std::string, std::decay_t<T>>;

// A conversion error, told the key and source of the entry it read (and, for
// a value with ${} references, the text they were expanded from).
[[noreturn]] HP_COMPILED void rethrow_with_context(const conversion_error& x, const entry& e) HP_BODY({
  const std::string* text = e.interpolated ? e.val().if_text() : nullptr;
  throw x.with_context(e.name(), e.source, text != nullptr ? std::string_view(*text) : std::string_view());
})

template <class T>
T convert_for(const value& v, const entry& e) {
  static_assert(require_converter<T>());
  try {
    return converter<T>::from(v);
  } catch (const conversion_error& x) {
    rethrow_with_context(x, e);
  }
}

// Any view, for the code that does not need to know which one (out of line,
// compiled once): `find` is the view's lookup by table hash.
struct view_ref {
  const void* self;
  const entry* (*find)(const void* self, std::uint64_t hash);

  template <class View>
  static view_ref of(const View& view) noexcept {
    return {&view, [](const void* v, std::uint64_t hash) { return (*static_cast<const View*>(v))(hash); }};
  }
  const entry* operator()(std::uint64_t hash) const { return find(self, hash); }
};

// One read's interpolation: the references being expanded (to catch
// cycles), what each entry expanded to (so a reference used twice is
// expanded once) and the bytes produced so far. Only the compiled code
// needs its members.
struct interpolation;
#if HP_HAS_BODIES
struct interpolation {
  std::vector<const entry*> chain;
  std::unordered_map<const entry*, value> done;
  std::size_t produced = 0;
};
#endif

HP_COMPILED std::string interpolation_source(const entry& e) HP_BODY({
  return e.source.empty() ? "interpolation" : e.source.str();
})

HP_COMPILED value interpolate(const entry& e, view_ref view, interpolation& state);

HP_COMPILED value resolved_value(const entry& e, view_ref view, interpolation& state) HP_BODY({
  if (!e.interpolated) return e.val();
  const auto known = state.done.find(&e);
  if (known != state.done.end()) return known->second;
  value v = interpolate(e, view, state);
  state.done.emplace(&e, v);
  return v;
})

HP_COMPILED const entry& reference_target(const entry& from, std::string_view ref, view_ref view) HP_BODY({
  validate_key(ref, "${" + std::string(ref) + "} in key '" + from.name() + "'");
  const entry* target = view(table_hash(xxh64(ref, key_seed)));
  if (target == nullptr)
    target = registry_store::instance().default_entry(ref);  // declared defaults lie under every view
  if (target == nullptr)
    throw missing_parameter(std::string(ref), "key '" + shown(from.name()) + "'" + from_clause(from.source.str()) +
                                                  " refers to '${" + shown(ref) + "}', which is not set");
  return *target;
})

// "${a}" alone yields a's value with its type; inside longer text each
// reference is replaced by its text. "$${" stands for a literal "${".
HP_COMPILED value interpolate(const entry& e, view_ref view, interpolation& state) HP_BODY({
  std::vector<const entry*>& chain = state.chain;
  for (const entry* seen : chain)
    if (seen == &e) {
      std::string path;
      for (const entry* step : chain) path += step->name() + " -> ";
      throw parse_error(interpolation_source(e), 0, "interpolation cycle: " + path + e.name());
    }
  if (chain.size() >= max_nesting_depth)
    throw parse_error(interpolation_source(*chain.front()), 0,
                      "key '" + chain.front()->name() + "' has ${} references nested deeper than " +
                          std::to_string(max_nesting_depth));
  chain.push_back(&e);
  const std::string& text = *e.val().if_text();
  const auto unterminated = [&] {
    return parse_error(interpolation_source(e), 0,
                       "unterminated '${' in key '" + e.name() + "' = \"" + shown(text) + "\"");
  };
  if (text.size() > 3 && text.compare(0, 2, "${") == 0 && text.find('}') == text.size() - 1) {
    const entry& target = reference_target(e, std::string_view(text).substr(2, text.size() - 3), view);
    value whole = resolved_value(target, view, state);
    chain.pop_back();
    return whole;
  }
  std::string out;
  const auto grow = [&](std::size_t bytes) {
    state.produced += bytes;
    if (state.produced > max_interpolated_bytes)
      throw parse_error(interpolation_source(*chain.front()), 0,
                        "key '" + chain.front()->name() + "' expands to more than " +
                            std::to_string(max_interpolated_bytes) + " bytes through ${} references");
  };
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
    } else if (text.compare(i, 2, "${") == 0) {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string::npos) throw unterminated();
      const entry& target = reference_target(e, std::string_view(text).substr(i + 2, close - i - 2), view);
      const std::string piece = convert_for<std::string>(resolved_value(target, view, state), target);
      grow(piece.size());
      out += piece;
      i = close + 1;
    } else {
      out += text[i++];
    }
  }
  grow(text.size());
  chain.pop_back();
  return value(std::move(out));
})

// A value whose text reads back as written: each "${" becomes "$${", which
// interpolation turns back into "${" (text that is no reference).
HP_COMPILED value escaped_literal(value v) HP_BODY({
  const std::string* text = v.if_text();
  if (text == nullptr || text->find("${") == std::string::npos) return v;
  std::string out;
  for (std::size_t i = 0; i < text->size(); ++i) {
    if (text->compare(i, 2, "${") == 0) out += '$';
    out += (*text)[i];
  }
  return out;
})

// An entry's value with its ${...} references expanded against `view`.
HP_COMPILED value interpolated(const entry& e, view_ref view) HP_BODY({
  interpolation state;
  return interpolate(e, view, state);
})

// The general case, kept out of line so the read path stays small.
template <class T, class View>
HP_NOINLINE T read_entry_slow(const entry& e, const View& view) {
  if (!e.interpolated) return convert_for<T>(e.val(), e);
  return convert_for<T>(interpolated(e, view_ref::of(view)), e);
}

// Checked conversion of an entry read through `view`.
template <class T, class View>
HP_ALWAYS_INLINE inline T read_entry(const entry& e, const View& view) {
  // Fast paths for values stored with the wanted type; everything else goes
  // through the converter, which owns the rules and the error messages.
  if constexpr (is_integer_v<T>) {
    if (const std::int64_t* i = e.val().if_integer(); i != nullptr && fits<T>(*i)) return static_cast<T>(*i);
  } else if constexpr (std::is_same_v<T, double>) {
    if (const double* d = e.val().if_double()) return *d;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const bool* b = e.val().if_bool()) return *b;
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (const std::string* s = e.val().if_text(); s != nullptr && !e.interpolated) return *s;
  }
  return read_entry_slow<T>(e, view);
}

// The entry `k` names in `view`. The current thread's view also takes the
// key itself, to reuse what a runtime key found last time.
template <class View>
HP_ALWAYS_INLINE inline const entry* entry_for(const View& view, const key& k) {
  if constexpr (std::is_invocable_r_v<const entry*, const View&, const key&>) return view(k);
  else return view(table_hash(k.hash()));
}

// The first of `entries` (entries or pointers to them) whose key starts
// with "`name`.", or nullptr.
inline const entry& as_entry(const entry& e) noexcept { return e; }
inline const entry& as_entry(const entry* e) noexcept { return *e; }

template <class Entries>
const entry* first_under(const Entries& entries, std::string_view name) {
  for (const auto& item : entries) {
    const entry& e = as_entry(item);
    if (e.name().size() > name.size() && e.name()[name.size()] == '.' && e.name().compare(0, name.size(), name) == 0)
      return &e;
  }
  return nullptr;
}

// `name` is not set; `inner` (when not null) is set under it ("a.b" for "a").
[[noreturn]] HP_NOINLINE HP_COMPILED void throw_missing(std::string_view name, const entry* inner) HP_BODY({
  if (inner != nullptr)
    throw missing_parameter(std::string(name), "key '" + shown(name) + "' is not set, but '" + shown(inner->name()) +
                                                   "' is: '" + shown(name) +
                                                   "' names a group of parameters, not one value");
  throw missing_parameter(std::string(name));
})

template <class View>
[[noreturn]] HP_NOINLINE void throw_missing(const View& view, std::string_view name) {
  throw_missing(name, view.first_under(name));
}

// Every read that hands a value out ends here: what `e` holds, as T, read
// through `view`, told to the operative-config log under `name` when reads
// are tracked.
template <class T, class View>
HP_ALWAYS_INLINE inline T read_noted(const View& view, const entry& e, std::string_view name,
                                     bool tracked = reads_tracked()) {
  T out = read_entry<T>(e, view);
  if (tracked) note_read(name, out, &e);
  return out;
}

// The same where nothing may be set (`e` null): then `fallback` is the value.
// (A declared parameter and an auto_param wrapper, whose defaults cost
// something to make, write this out with their default made only when
// needed: a callable for it here measured 20-25% slower.)
template <class T, class View>
HP_ALWAYS_INLINE inline T read_noted(const View& view, const entry* e, std::string_view name, T fallback) {
  T out = e == nullptr ? std::move(fallback) : read_entry<T>(*e, view);
  if (reads_tracked()) note_read(name, out, e);
  return out;
}

template <class T, class View>
HP_ALWAYS_INLINE inline T get_from(const View& view, key k) {
  const entry* e = entry_for(view, k);
  if (e == nullptr) throw_missing(view, k.name());
  return read_noted<T>(view, *e, k.name());
}

template <class T, class View>
HP_ALWAYS_INLINE inline T get_from(const View& view, key k, T fallback) {
  return read_noted<T>(view, entry_for(view, k), k.name(), std::move(fallback));
}

template <class T, class View>
std::optional<T> find_in(const View& view, key k) {
  const entry* e = entry_for(view, k);
  if (e == nullptr) return std::nullopt;
  return read_noted<T>(view, *e, k.name());
}

// The library's way to the entries behind an hp::frame, hp::with_scope or
// hp::params (users read those through get, find, has, source and
// iteration): each keeps `entries()` and `lookup(table hash)` private and
// befriends this.
struct access {
  template <class View>
  static decltype(auto) entries(const View& view) {
    return view.entries();
  }
  template <class View>
  static const entry* lookup(const View& view, std::uint64_t table_hash) {
    return view.lookup(table_hash);
  }
  template <class Guard>
  static bool innermost(const Guard& guard) noexcept {
    return guard.innermost();
  }
};

// The read members shared by hp::frame, hp::with_scope and hp::params.
template <class Derived>
class readable {
 public:
  template <class T>
  [[nodiscard]] T get(key_arg k) const {
    return get_from<T>(view(), k);
  }
  template <class T>
  [[nodiscard]] stored_type_t<T> get(key_arg k, T fallback) const {
    return get_from<stored_type_t<T>>(view(), k, stored_type_t<T>(std::move(fallback)));
  }
  template <class T>
  [[nodiscard]] std::optional<T> find(key_arg k) const {
    return find_in<T>(view(), k);
  }
  [[nodiscard]] bool has(key_arg k) const { return view()(table_hash(k.hash())) != nullptr; }

  // Where the value of `k` came from ("config.yaml:3", "-D argv[2]", "code").
  [[nodiscard]] const std::string& source(key_arg k) const {
    const entry* e = view()(table_hash(k.hash()));
    if (e == nullptr) throw_missing(view(), k.name());
    return e->source;
  }

 private:
  const entry* keys_under(std::string_view name) const {
    return detail::first_under(access::entries(*static_cast<const Derived*>(this)), name);
  }

  struct derived_view {
    const readable* base;
    const entry* operator()(std::uint64_t hash) const {
      return access::lookup(*static_cast<const Derived*>(base), hash);
    }
    const entry* first_under(std::string_view name) const { return base->keys_under(name); }
  };
  derived_view view() const { return derived_view{this}; }
};

}  // namespace detail
HP_NAMESPACE_END
