// hyperparameter: auto_param.
//
// hp::auto_param wraps a function (or a class constructor) so its trailing
// parameters default to values looked up by dotted name in the current
// scope: a direct argument beats the scope, which beats the inline default.
// Keys are validated and hashed once, when the wrapper is made.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "version.hpp"
#include "detail/macros.hpp"
#include "detail/read.hpp"
#include "detail/scope_stack.hpp"
#include "detail/state.hpp"
#include "declare.hpp"
#include "key.hpp"
#include "param_scope.hpp"
#include "registry.hpp"
#include "value.hpp"

HP_NAMESPACE_BEGIN

namespace detail {
// The text every hp::arg holds whatever its type, destroyed out of line: a
// wrapper's construction calls one function per argument instead of
// freeing three strings inline.
class argument_text {
 public:
  argument_text(std::string name, std::string declared_at)
      : name_(std::move(name)), declared_at_(std::move(declared_at)) {}
  argument_text(std::string_view name, call_site where) { set(name, where); }
  argument_text(const argument_text&) = default;
  argument_text(argument_text&&) = default;
  argument_text& operator=(const argument_text&) = default;
  argument_text& operator=(argument_text&&) = default;
  HP_NOINLINE ~argument_text() {}

 protected:
  HP_COMPILED void set(std::string_view name, call_site where) HP_BODY({
    name_ = name;
    declared_at_ = declaration_site(where);
    in_function_ = where.in_function();
  })

  std::string name_;
  std::string help_;
  std::string declared_at_;
  bool in_function_ = false;  // call_site::in_function()
};
}  // namespace detail

// One declared argument: a name, an inline default and optional help.
template <class T>
class argument : private detail::argument_text {
 public:
  argument(std::string name, T default_value, std::string declared_at)
      : argument_text(std::move(name), std::move(declared_at)), default_(std::move(default_value)) {}
  argument(std::string_view name, T default_value, detail::call_site where)
      : argument_text(name, where), default_(std::move(default_value)) {}

  [[nodiscard]] argument help(std::string text) const {
    argument copy = *this;
    copy.help_ = std::move(text);
    return copy;
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const T& default_value() const noexcept { return default_; }
  [[nodiscard]] const std::string& help_text() const noexcept { return help_; }
  [[nodiscard]] const std::string& declared_at() const noexcept { return declared_at_; }
  [[nodiscard]] bool declared_in_function() const noexcept { return in_function_; }

 private:
  T default_;
};

// A default that names another key, read with the parameter's type:
// hp::arg("batch", hp::ref("train.batch")).
class ref {
 public:
  explicit ref(std::string key) : key_(std::move(key)) {}
  [[nodiscard]] const std::string& key() const noexcept { return key_; }

 private:
  std::string key_;
};

// hp::arg("layers", 3): a const char* default is stored as std::string.
template <class T>
[[nodiscard]] HP_NOINLINE argument<detail::stored_type_t<T>> arg(std::string_view name, T default_value,
                                                     detail::call_site where = {}) {
  return {name, detail::stored_type_t<T>(std::move(default_value)), where};
}

namespace detail {

// Whether a default of type D says the same thing as a parameter of type P.
enum class default_fit {
  fits,
  text_for_number,
  number_for_text,
  floating_for_integer,
  number_for_bool,
  bool_for_number
};

template <class D, class P>
constexpr default_fit fit_of() {
  constexpr bool text_d = std::is_same_v<D, std::string>, text_p = std::is_same_v<P, std::string>;
  constexpr bool number_d = std::is_arithmetic_v<D>, number_p = std::is_arithmetic_v<P>;
  if constexpr (std::is_same_v<D, ref> || std::is_same_v<D, P> || std::is_same_v<P, value>) return default_fit::fits;
  else if constexpr (is_vector<D>::value && is_vector<P>::value)
    return fit_of<typename D::value_type, typename P::value_type>();
  else if constexpr (text_d && number_p) return default_fit::text_for_number;
  else if constexpr (number_d && text_p) return default_fit::number_for_text;
  else if constexpr (std::is_same_v<P, bool> && number_d) return default_fit::number_for_bool;
  else if constexpr (std::is_same_v<D, bool> && number_p) return default_fit::bool_for_number;
  else if constexpr (std::is_floating_point_v<D> && is_integer_v<P>) return default_fit::floating_for_integer;
  else return default_fit::fits;  // integer -> floating, double -> float, user types (read by their converter)
}

// Instantiated for each hp::arg: the compiler's context for a failure names
// Position (the hp::arg, counting from 1), the default's type and the parameter's.
template <std::size_t Position, class Default, class Parameter>
struct argument_default {
  static constexpr default_fit fit = fit_of<Default, Parameter>();
#define HP_WHICH_ARGUMENT \
  "; argument_default<Position, Default, Parameter> in this error's context names the hp::arg (from 1) and the types"
  static_assert(fit != default_fit::text_for_number,
                "hp::arg: a text default for a number or bool parameter" HP_WHICH_ARGUMENT);
  static_assert(fit != default_fit::number_for_text,
                "hp::arg: a number default for a text parameter (write it as text: \"3\")" HP_WHICH_ARGUMENT);
  static_assert(fit != default_fit::floating_for_integer,
                "hp::arg: a floating default for an integer parameter would be truncated" HP_WHICH_ARGUMENT);
  static_assert(fit != default_fit::number_for_bool,
                "hp::arg: a number default for a bool parameter (write true or false)" HP_WHICH_ARGUMENT);
  static_assert(fit != default_fit::bool_for_number,
                "hp::arg: a bool default for a number parameter" HP_WHICH_ARGUMENT);
#undef HP_WHICH_ARGUMENT
  static constexpr bool checked = true;
};

template <class Defaults, class Parameters, std::size_t... J>
constexpr bool defaults_fit(std::index_sequence<J...>) {
  return (argument_default<J + 1, std::tuple_element_t<J, Defaults>, std::tuple_element_t<J, Parameters>>::checked &&
          ...);
}

// The registry's default: a reference shows as the "${key}" it reads.
template <class D>
value declared_default(const D& d) {
  if constexpr (std::is_same_v<D, ref>) return value("${" + d.key() + "}");
  else return default_as_value(d);
}

template <class F, class = void>
struct signature {
  static constexpr bool known = false;
};
template <class R, class... P>
struct signature<R (*)(P...)> {
  static constexpr bool known = true;
  using parameters = std::tuple<P...>;
};
template <class R, class... P>
struct signature<R (*)(P...) noexcept> : signature<R (*)(P...)> {};
template <class C, class R, class... P>
struct signature<R (C::*)(P...)> : signature<R (*)(P...)> {};
template <class C, class R, class... P>
struct signature<R (C::*)(P...) const> : signature<R (*)(P...)> {};
template <class C, class R, class... P>
struct signature<R (C::*)(P...) noexcept> : signature<R (*)(P...)> {};
template <class C, class R, class... P>
struct signature<R (C::*)(P...) const noexcept> : signature<R (*)(P...)> {};
template <class F>
struct signature<F, std::void_t<decltype(&F::operator())>> : signature<decltype(&F::operator())> {};

// How a wrapper reads an hp::arg's default: as it is, or through an entry
// read with the parameter's converter (see default_kind_of()).
enum class default_kind : unsigned char { plain, reference, converted, text, checked };

// One hp::arg as the code compiled once sees it (no C++ types).
struct arg_info {
  const std::string* name;
  const std::string* help;
  const std::string* declared_at;
  const char* type;                        // type_name<P>
  value (*shown_default)(const void* d);  // what --help shows for the default at d
  value (*entry_value)(const void* d);    // the default as an hp::value (for `converted`)
  const void* default_value;
  declared_type_check check;
  default_kind kind;
  bool in_function;  // argument::declared_in_function()
};

template <class D>
value shown_default(const void* d) {
  return declared_default(*static_cast<const D*>(d));
}

template <class D>
value default_value_of(const void* d) {
  return value(*static_cast<const D*>(d));
}

// Whether some value of the number type D is out of the range of P.
template <class D, class P>
constexpr bool may_overflow() {
  using d = std::numeric_limits<D>;
  using p = std::numeric_limits<P>;
  if constexpr (is_integer_v<D> && is_integer_v<P>) return (d::is_signed && !p::is_signed) || d::digits > p::digits;
  else if constexpr (std::is_floating_point_v<D> && std::is_floating_point_v<P>)
    return d::max_exponent > p::max_exponent;
  else return false;
}

// A default D for a parameter P is read through an entry when it must be: a
// reference, a value the parameter's converter has to read (also a float
// for a wider floating type: 0.1f becomes 0.1, not 0.100000001490116), or
// text (when it has ${...}); `checked`: a number that may be out of P's
// range, through an entry only when it is (read, it is a conversion_error).
template <class P, class D>
constexpr default_kind default_kind_of() {
  if constexpr (std::is_same_v<D, ref>) return default_kind::reference;
  else if constexpr (std::is_same_v<D, float> && std::is_floating_point_v<P> && !std::is_same_v<P, float>)
    return default_kind::converted;
  else if constexpr (!std::is_convertible_v<const D&, P> && std::is_constructible_v<value, const D&>)
    return default_kind::converted;
  else if constexpr (std::is_same_v<D, std::string>) return default_kind::text;
  else if constexpr (may_overflow<D, P>()) return default_kind::checked;
  else return default_kind::plain;
}

template <class P, class D>
arg_info describe_arg(const argument<D>& a) {
  constexpr default_kind kind = default_kind_of<P, D>();
  value (*entry_value)(const void*) = nullptr;
  if constexpr (kind == default_kind::converted || kind == default_kind::checked) entry_value = &default_value_of<D>;
  return {&a.name(),          &a.help_text(),   &a.declared_at(),
          type_name_text<P>(), &shown_default<D>, entry_value,
          &a.default_value(), declared_type_check_for<P>(), kind, a.declared_in_function()};
}

// What a wrapper's declared parameters share, made once with it: their keys
// and the defaults read through an entry (the others: nullptr).
struct declared_args {
  std::vector<resolved_key> keys;
  std::vector<std::shared_ptr<const entry>> default_entries;
  std::uint64_t id = 0;                      // a resolver's id (see resolver_memo): copies share it
  mutable std::atomic<std::size_t> uses{1};  // the wrappers sharing it
};

HP_COMPILED void retain(const declared_args* a) noexcept HP_BODY({ a->uses.fetch_add(1, std::memory_order_relaxed); })
HP_COMPILED void release(const declared_args* a) noexcept HP_BODY({
  if (a->uses.fetch_sub(1, std::memory_order_acq_rel) == 1) delete a;
})

HP_PROCESS_STATE(std::atomic<std::uint64_t>, next_resolver_id, {1})

HP_COMPILED std::shared_ptr<const entry> default_entry_of(const std::string& key, const arg_info& a) HP_BODY({
  switch (a.kind) {
    case default_kind::reference: {
      const ref& r = *static_cast<const ref*>(a.default_value);
      validate_key(r.key(), "hp::ref in the default of '" + key + "' (default at " + *a.declared_at + ")");
      return make_default_entry(key, a.shown_default(a.default_value), *a.declared_at);
    }
    case default_kind::converted: return make_default_entry(key, a.entry_value(a.default_value), *a.declared_at);
    case default_kind::text:
      return text_default_entry(key, *static_cast<const std::string*>(a.default_value), *a.declared_at);
    case default_kind::checked: {  // an entry only for a default out of range, read as a conversion_error
      value v = a.entry_value(a.default_value);
      try {
        (void)a.check(v);
        return nullptr;
      } catch (const conversion_error&) {
        return make_default_entry(key, std::move(v), *a.declared_at);
      }
    }
    default: return nullptr;
  }
})

// Validates and hashes the keys "prefix.name" of args[0, n) and makes their
// default entries, then registers them; throws before any is registered.
HP_COMPILED const declared_args* declare_args(std::string_view prefix, const arg_info* args, std::size_t n,
                                              bool late) HP_BODY({
  std::unique_ptr<declared_args> out(new declared_args);
  out->keys.reserve(n);
  for (std::size_t j = 0; j < n; ++j)
    out->keys.push_back(make_key(prefix, *args[j].name, "auto_param", *args[j].declared_at));
  out->default_entries.reserve(n);
  for (std::size_t j = 0; j < n; ++j) out->default_entries.push_back(default_entry_of(out->keys[j].name, args[j]));
  for (std::size_t j = 0; j < n; ++j)
    register_param(out->keys[j].name, args[j].type, args[j].shown_default(args[j].default_value), *args[j].help,
                   *args[j].declared_at, args[j].check, late, args[j].in_function);
  out->id = next_resolver_id.fetch_add(1, std::memory_order_relaxed);
  return out.release();
})

// Each thread remembers what the last auto_param wrappers it called found in
// its scopes, valid while its view generation (scope_stack.hpp) is unchanged:
// calling a wrapper again in an unchanged scope looks nothing up.
struct resolver_memo {
  static constexpr std::size_t slots = 16;
  static constexpr std::size_t widest = 8;  // wrappers with more parameters look up every call
  struct slot {
    std::uint64_t owner;       // a resolver's id; 0: empty
    std::uint64_t generation;
    const entry* found[widest];
  };
  slot slot_for[slots];
};
HP_THREAD_STATE(resolver_memo, resolved_entries, {})  // zero-initialised

// The defaults of a resolver, the J-th of type D in default_slot<J, D>.
template <std::size_t J, class D>
struct default_slot {
  D value;
};
template <class Indices, class... D>
struct default_values;
template <std::size_t... J, class... D>
struct default_values<std::index_sequence<J...>, D...> : default_slot<J, D>... {
  explicit default_values(const D&... d) : default_slot<J, D>{d}... {}
};
template <std::size_t J, class D>
const D& default_at(const default_slot<J, D>& s) noexcept {
  return s.value;
}

// What every resolver does the same whatever its types: the keys, and what
// they name in the current view.
class resolver_base {
 public:
  [[nodiscard]] const std::string& key_name(std::size_t j) const { return declared_->keys[j].name; }

 protected:
  resolver_base(std::string_view prefix, std::initializer_list<arg_info> args)
      : declared_(declare_args(prefix, args.begin(), args.size(), module_loaded_late)), id_(declared_->id) {}
  resolver_base(const resolver_base& other) noexcept : declared_(other.declared_), id_(other.id_) { retain(declared_); }
  resolver_base& operator=(const resolver_base& other) noexcept {
    retain(other.declared_);
    release(declared_);
    declared_ = other.declared_;
    id_ = other.id_;
    return *this;
  }
  ~resolver_base() { release(declared_); }

  // What the first `count` declared keys name in the current view (nullptr:
  // not set), copied out of the memo: converting a value may run code that
  // calls other wrappers, which may take this wrapper's slot.
  template <std::size_t count>
  HP_ALWAYS_INLINE std::array<const entry*, count> lookup_all() const {
    std::array<const entry*, count> out{};
    if constexpr (count > 0 && count <= resolver_memo::widest) {
      const resolver_memo::slot* s = &resolved_entries.slot_for[id_ % resolver_memo::slots];
      const std::uint64_t now = view_generation.load(std::memory_order_acquire);
      if (s->owner != id_ || s->generation != now) s = &refill(count, now);
      for (std::size_t j = 0; j < count; ++j) out[j] = s->found[j];
    } else {
      look_up(out.data(), count);
    }
    return out;
  }

  // The j-th declared parameter as P, found at `e` (nullptr: not set), else
  // its default `d`. One function for every parameter of types P and D.
  template <class P, class D>
  P resolve_one(const entry* e, const D& d, std::size_t j) const {
    // As read_noted, with the default made only when needed.
    P out = e != nullptr ? read_entry<P>(*e, current_view{}) : inline_default<P>(d, j);
    if (reads_tracked()) note_read(key_name(j), out, e);
    return out;
  }

 private:
  template <class P, class D>
  P inline_default(const D& d, std::size_t j) const {
    constexpr default_kind kind = default_kind_of<P, D>();
    if constexpr (kind == default_kind::plain) {
      static_assert(std::is_convertible_v<const D&, P>, "hp::arg: this default cannot become its parameter's type");
      return d;
    } else if constexpr (kind == default_kind::text) {  // an entry when it has ${...}
      if (const entry* e = default_entry(j)) return read_entry<P>(*e, current_view{});
      return d;
    } else if constexpr (kind == default_kind::checked) {  // an entry when out of range: throws
      if (const entry* e = default_entry(j)) return read_entry<P>(*e, current_view{});
      return static_cast<P>(d);
    } else {
      return read_entry<P>(*default_entry(j), current_view{});  // always made for such defaults
    }
  }

  const entry* default_entry(std::size_t j) const { return declared_->default_entries[j].get(); }

  // out[j]: what the j-th declared key names in the current view.
  void look_up(const entry** out, std::size_t count) const {
    for (std::size_t j = 0; j < count; ++j) out[j] = lookup_current(declared_->keys[j].hash);
  }

  // `generation` is read before the lookups: should the view change while
  // they run (the first may set up the thread), the result is not reused.
  HP_NOINLINE const resolver_memo::slot& refill(std::size_t count, std::uint64_t generation) const {
    resolver_memo::slot& s = resolved_entries.slot_for[id_ % resolver_memo::slots];
    look_up(s.found, count);
    s.owner = id_;
    s.generation = generation;
    return s;
  }

  const declared_args* declared_;  // shared by copies
  std::uint64_t id_;
};

template <class T>
struct type_tag {};  // a type, passed as an empty argument

// What auto_param's functions and classes share: keys, defaults, resolution.
template <class... D>
class resolver : public resolver_base {
 public:
  static constexpr std::size_t count = sizeof...(D);
  // What each declared key names in the current view (nullptr: not set).
  using found_entries = std::array<const entry*, count>;

  // P...: the C++ parameter types, for the registry's type names. The tag is
  // empty and the prefix taken by reference, so up to four parameters the
  // arguments travel in registers: stack arguments would make the function
  // that makes a wrapper (a function-local static's) keep a frame pointer,
  // one register fewer for its loops.
  template <class... P>
  HP_NOINLINE resolver(type_tag<std::tuple<P...>>, const std::string_view& prefix, const argument<D>&... args)
      : resolver_base(prefix, {describe_arg<P>(args)...}), defaults_(args.default_value()...) {}

  HP_ALWAYS_INLINE found_entries lookup_all() const { return resolver_base::lookup_all<count>(); }

  // The J-th declared parameter as P: scope first, then the inline default.
  template <std::size_t J, class P>
  HP_ALWAYS_INLINE P resolve(const found_entries& found) const {
    return resolve_one<P>(found[J], default_at<J>(defaults_), J);
  }

 private:
  default_values<std::index_sequence_for<D...>, D...> defaults_;
};

template <class Tuple, std::size_t From, std::size_t... I>
std::tuple<std::decay_t<std::tuple_element_t<From + I, Tuple>>...> tail_types(std::index_sequence<I...>);

// A function whose last sizeof...(D) parameters come from the scope.
template <class F, class... D>
class auto_function {
  using parameters = typename signature<F>::parameters;
  static constexpr std::size_t declared = sizeof...(D);
  static_assert(std::tuple_size_v<parameters> >= declared,
                "hp::auto_param: more hp::arg than the function has parameters");
  static constexpr std::size_t leading = std::tuple_size_v<parameters> - declared;
  using declared_types = decltype(tail_types<parameters, leading>(std::make_index_sequence<declared>{}));
  static_assert(defaults_fit<std::tuple<D...>, declared_types>(std::make_index_sequence<declared>{}));

 public:
  auto_function(std::string_view prefix, F fn, const argument<D>&... args)
      : fn_(std::move(fn)), resolver_(type_tag<declared_types>{}, prefix, args...) {}

  template <class... Args>
  HP_ALWAYS_INLINE decltype(auto) operator()(Args&&... args) const {
    static_assert(sizeof...(Args) >= leading,
                  "hp::auto_param: pass every leading argument, then optionally a prefix of the declared ones");
    static_assert(sizeof...(Args) <= leading + declared, "hp::auto_param: too many arguments");
    return call(std::make_index_sequence<leading + declared - sizeof...(Args)>{}, std::forward<Args>(args)...);
  }

 private:
  // The arguments given, then the declared parameters from `first` on.
  template <std::size_t... K, class... Args>
  HP_ALWAYS_INLINE decltype(auto) call(std::index_sequence<K...>, Args&&... args) const {
    constexpr std::size_t first = sizeof...(Args) - leading;
    const auto found = resolver_.lookup_all();
    static_cast<void>(found);
    return fn_(
        std::forward<Args>(args)...,
        resolver_.template resolve<first + K, std::tuple_element_t<first + K, declared_types>>(found)...);
  }

  F fn_;
  resolver<D...> resolver_;
};

// What C's constructor takes for each declared parameter, found at compile
// time with stand-in arguments that are never called. The leading arguments
// are the one count L (at most 8) for which C is constructible from L + n
// arguments of any type. Then each declared parameter has the type T for
// which C is constructible with a stand-in that converts only to T there:
// the default's own type, else the one such type a value can be read as. When
// none is found (a user type built from its default, or a constructor that
// is overloaded there, a template, or takes several counts of arguments) the
// parameter is read as its default's type and converted by C's constructor.
template <class C>
struct any_but {  // converts to any parameter type but C itself
  template <class U, std::enable_if_t<!std::is_same_v<std::remove_cv_t<U>, C>, int> = 0>
  operator U&() const;
};
template <class T>
struct exactly {  // converts to T (or a reference to it) only
  template <class U, std::enable_if_t<std::is_same_v<std::remove_cv_t<U>, T>, int> = 0>
  operator U&() const;
};
template <std::size_t, class T>
using always = T;

template <class... T>
struct types {};
using readable_types =
    types<bool, signed char, unsigned char, short, unsigned short, int, unsigned, long, unsigned long, long long,
          unsigned long long, float, double, long double, std::string, value, std::vector<bool>, std::vector<int>,
          std::vector<unsigned>, std::vector<long>, std::vector<unsigned long>, std::vector<long long>,
          std::vector<float>, std::vector<double>, std::vector<std::string>>;

inline constexpr std::size_t most_leading = 8;

template <class C, std::size_t... I>
constexpr bool takes_count(std::index_sequence<I...>) {
  return std::is_constructible_v<C, always<I, any_but<C>>...>;
}
template <class C, std::size_t Count, std::size_t... L>
constexpr std::size_t leading_of(std::index_sequence<L...>) {
  constexpr bool fits[] = {takes_count<C>(std::make_index_sequence<L + Count>{})...};
  std::size_t found = most_leading, matches = 0;
  for (std::size_t l = 0; l < sizeof...(L); ++l)
    if (fits[l]) {
      found = l;
      ++matches;
    }
  return matches == 1 ? found : most_leading;
}

// Whether C takes a T at argument `At` of `Arity`.
template <class C, std::size_t Arity, std::size_t At>
struct parameter_probe {
  template <class T, std::size_t... I>
  static constexpr bool takes(std::index_sequence<I...>) {
    return std::is_constructible_v<C, std::conditional_t<I == At, exactly<T>, any_but<C>>...>;
  }
  template <class T>
  static constexpr bool fits = takes<T>(std::make_index_sequence<Arity>{});
};

template <class Probe, class... T>
constexpr std::size_t fitting_count(types<T...>) {
  return (std::size_t{Probe::template fits<T>} + ... + 0);
}
template <class Probe>
void first_fitting(types<>);
template <class Probe, class T, class... Rest>
auto first_fitting(types<T, Rest...>)
    -> std::conditional_t<Probe::template fits<T>, T, decltype(first_fitting<Probe>(types<Rest...>{}))>;

template <class C, std::size_t Arity, std::size_t At, class D>
auto parameter_type_of() {
  using probe = parameter_probe<C, Arity, At>;
  if constexpr (probe::template fits<D>) return static_cast<D*>(nullptr);
  else if constexpr (fitting_count<probe>(readable_types{}) == 1)
    return static_cast<decltype(first_fitting<probe>(readable_types{}))*>(nullptr);
  else return static_cast<D*>(nullptr);
}

// C's declared parameter types: tuple<P...>, one per default D (itself where not found).
template <class C, class... D>
struct class_parameters {
  static constexpr std::size_t leading = leading_of<C, sizeof...(D)>(std::make_index_sequence<most_leading>{});
  template <std::size_t J>
  using at = std::remove_pointer_t<decltype(parameter_type_of<C, leading + sizeof...(D), leading + J,
                                                              std::tuple_element_t<J, std::tuple<D...>>>())>;
  template <std::size_t... J>
  static auto types_of(std::index_sequence<J...>) {
    if constexpr (leading == most_leading) return static_cast<std::tuple<D...>*>(nullptr);
    else return static_cast<std::tuple<at<J>...>*>(nullptr);
  }
  using type = std::remove_pointer_t<decltype(types_of(std::index_sequence_for<D...>{}))>;
};

// Builds C from the leading arguments, then the declared ones.
template <class C, class... D>
class auto_class {
  using declared_types = typename class_parameters<C, D...>::type;
  static_assert(defaults_fit<std::tuple<D...>, declared_types>(std::index_sequence_for<D...>{}));

 public:
  explicit auto_class(std::string_view prefix, const argument<D>&... args)
      : resolver_(type_tag<declared_types>{}, prefix, args...) {}

  template <class... Args>
  C operator()(Args&&... args) const {
    constexpr std::size_t leading = leading_count<Args...>();
    return build<leading>(std::forward_as_tuple(std::forward<Args>(args)...),
                          std::make_index_sequence<leading + sizeof...(D)>{});
  }

 private:
  // With K arguments given, L of them are leading when C can be built from
  // them followed by the declared parameters L + ... ; exactly one L may fit.
  template <class... Args>
  static constexpr std::size_t leading_count() {
    constexpr std::size_t given = sizeof...(Args);
    constexpr std::size_t n = sizeof...(D);
    std::size_t found = given + 1, matches = 0;
    constexpr std::array<bool, given + 1> fits = fitting<Args...>(std::make_index_sequence<given + 1>{});
    for (std::size_t l = 0; l <= given; ++l)
      if (given - l <= n && fits[l]) {
        found = l;
        ++matches;
      }
    return matches == 1 ? found : given + 1;
  }

  template <class... Args, std::size_t... L>
  static constexpr std::array<bool, sizeof...(L)> fitting(std::index_sequence<L...>) {
    return {fits_with<L, Args...>()...};
  }

  template <std::size_t L, class... Args>
  static constexpr bool fits_with() {
    constexpr std::size_t given = sizeof...(Args);
    if constexpr (given - L > sizeof...(D)) {
      return false;
    } else {
      return constructible<L, std::tuple<Args...>>(std::make_index_sequence<given>{},
                                                   std::make_index_sequence<sizeof...(D) - (given - L)>{});
    }
  }

  template <std::size_t L, class Given, std::size_t... I, std::size_t... R>
  static constexpr bool constructible(std::index_sequence<I...>, std::index_sequence<R...>) {
    constexpr std::size_t direct = std::tuple_size_v<Given> - L;
    return std::is_constructible_v<C, std::tuple_element_t<I, Given>...,
                                   std::tuple_element_t<direct + R, declared_types>...>;
  }

  template <std::size_t Leading, class Tuple, std::size_t... I>
  C build(Tuple&& given, std::index_sequence<I...>) const {
    static_assert(Leading <= std::tuple_size_v<std::decay_t<Tuple>>,
                  "hp::auto_param<C>: no unique way to build C from these arguments and the declared ones");
    const auto found = resolver_.lookup_all();
    return C(pick<Leading, I>(given, found)...);
  }

  template <std::size_t Leading, std::size_t I, class Tuple>
  decltype(auto) pick(Tuple& given, const typename resolver<D...>::found_entries& found) const {
    if constexpr (I < std::tuple_size_v<Tuple>) {
      return std::get<I>(std::move(given));
    } else {
      using P = std::tuple_element_t<I - Leading, declared_types>;
      return resolver_.template resolve<I - Leading, P>(found);
    }
  }

  resolver<D...> resolver_;
};

}  // namespace detail

// auto dnn = hp::auto_param("dnn", dnn_impl, hp::arg("layers", 3), hp::arg("activation", "relu"));
template <class F, class... D>
[[nodiscard]] auto auto_param(std::string_view prefix, F fn, const argument<D>&... args) {
  static_assert(!std::is_member_pointer_v<F>,
                "hp::auto_param: a member function needs its object; wrap the call in a lambda with typed "
                "parameters: [&model](int x, int layers) { return model.forward(x, layers); }");
  static_assert(std::is_member_pointer_v<F> || detail::signature<F>::known,
                "hp::auto_param needs a function, function pointer or lambda with one call signature; for an "
                "overloaded function or a template, pick one with a cast (static_cast<int (*)(int, int)>(f)) or "
                "wrap it in a lambda with typed parameters");
  if constexpr (!std::is_member_pointer_v<F> && detail::signature<F>::known)
    return detail::auto_function<F, D...>(prefix, std::move(fn), args...);
}

// auto make = hp::auto_param<Model>("model", hp::arg("hidden", 128)); make(input_dim)
template <class C, class... D>
[[nodiscard]] auto auto_param(std::string_view prefix, const argument<D>&... args) {
  return detail::auto_class<C, D...>(prefix, args...);
}

HP_NAMESPACE_END
