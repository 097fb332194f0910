// hyperparameter: sweeps, grids of trials each run inside its own scope.
//
//   hp::grid g;                                 // or hp::grid g(base_params);
//   g.add("opt.lr", {0.1, 0.01}).add("opt.name", {"sgd", "adam"});
//   hp::sweep_result r = hp::sweep(g, [](const hp::trial& t) { train(); }, 2);
//
// A grid is the cross product of its axes (a key and the values it takes,
// any hp::value). Trial i is the i-th point in row-major order: the LAST
// axis changes fastest, so with the axes above trial 0 is (0.1, sgd),
// 1 is (0.1, adam), 2 is (0.01, sgd), 3 is (0.01, adam). The index of a
// point never depends on how the trials are run. Every trial is an
// hp::params holding the grid's base and then its own axis values: its full
// parameter set, enough to rerun it exactly with -D or --config.
//
// hp::sweep runs `fn` once per trial inside the trial's scope (its
// parameters over whatever was current where hp::sweep was called),
// sequentially on the calling thread, or on N worker threads. Workers are
// for code that reads its parameters on the trial's own thread: threads
// that `fn` starts itself see the base of the process, not the trial (hand
// them hp::bind or hp::current(), or run trials as processes with
// hp::run's --jobs). `fn` takes `const hp::trial&` or nothing and returns
// void or an int (non-zero is a failed trial); with N threads it is called
// from N threads at once. A trial that throws or returns non-zero is
// recorded as failed and the other trials still run.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/call_status.hpp"
#include "detail/function_ref.hpp"
#include "detail/state.hpp"
#include "version.hpp"
#include "error.hpp"
#include "key.hpp"
#include "param_scope.hpp"
#include "params.hpp"
#include "value.hpp"

#if HP_HAS_BODIES
#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <thread>
#endif

HP_NAMESPACE_BEGIN

// One axis of a grid: a key and the values it takes, in order.
struct axis {
  std::string key;
  std::vector<value> values;
  std::string source = "code";  // where the values came from, e.g. "-D argv[2]"
};

// One point of a grid: its index and its full parameter set.
class trial {
 public:
  trial(std::size_t index, params parameters) : index_(index), parameters_(std::move(parameters)) {}

  [[nodiscard]] std::size_t index() const noexcept { return index_; }
  // The grid's base, then this trial's axis values (which win), with sources.
  [[nodiscard]] const params& parameters() const noexcept { return parameters_; }

 private:
  std::size_t index_;
  params parameters_;
};

class grid {
 public:
  grid() = default;
  // `base` holds what every trial shares (a config file, fixed defines).
  explicit grid(params base) : base_(std::move(base)) {}

  // Adds an axis after the existing ones (so it changes fastest). Throws
  // hp::error for an empty axis or a key that already has one, and
  // hp::invalid_key for a bad key.
  HP_COMPILED grid& add(std::string_view key, std::vector<value> values, std::string source = "code") HP_BODY({
    detail::validate_key(key, source);
    for (const axis& a : axes_)
      if (a.key == key)
        throw usage_error("sweep axis '" + std::string(key) + "' is given twice" + detail::from_clause(source));
    if (values.empty())
      throw usage_error("sweep axis '" + std::string(key) + "' has no values" + detail::from_clause(source));
    const std::size_t n = values.size();
    if (size_ > static_cast<std::size_t>(-1) / n)
      throw usage_error("sweep axis '" + std::string(key) + "' makes the grid too large to count");
    size_ *= n;
    axes_.push_back({std::string(key), std::move(values), std::move(source)});
    return *this;
  })

  [[nodiscard]] const params& base() const noexcept { return base_; }
  [[nodiscard]] const std::vector<axis>& axes() const noexcept { return axes_; }
  // The product of the axis lengths: 1 for a grid without axes (its base alone).
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  // Which value of each axis trial `index` takes (last axis fastest).
  [[nodiscard]] HP_COMPILED std::vector<std::size_t> coordinates(std::size_t index) const HP_BODY({
    check_index(index);
    std::vector<std::size_t> out(axes_.size());
    for (std::size_t a = axes_.size(); a-- > 0;) {
      out[a] = index % axes_[a].values.size();
      index /= axes_[a].values.size();
    }
    return out;
  })

  // Trial `index`; throws hp::error when it is not below size().
  [[nodiscard]] HP_COMPILED trial at(std::size_t index) const HP_BODY({
    const std::vector<std::size_t> where = coordinates(index);
    params p = base_;
    for (std::size_t a = 0; a < axes_.size(); ++a) p.set(axes_[a].key, axes_[a].values[where[a]], axes_[a].source);
    return trial(index, std::move(p));
  })
  [[nodiscard]] trial operator[](std::size_t index) const { return at(index); }

  // Iteration over every trial, in index order.
  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = trial;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = trial;

    const_iterator(const grid* g, std::size_t i) : grid_(g), index_(i) {}
    trial operator*() const { return grid_->at(index_); }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++index_;
      return old;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.index_ == b.index_; }
    friend bool operator!=(const const_iterator& a, const const_iterator& b) { return a.index_ != b.index_; }

   private:
    const grid* grid_;
    std::size_t index_;
  };
  [[nodiscard]] const_iterator begin() const { return {this, 0}; }
  [[nodiscard]] const_iterator end() const { return {this, size_}; }

 private:
  HP_COMPILED void check_index(std::size_t index) const HP_BODY({
    if (index >= size_)
      throw usage_error("trial " + std::to_string(index) + " is out of range: the sweep has " +
                        std::to_string(size_) + " trial" + (size_ == 1 ? "" : "s") + " (0 to " +
                        std::to_string(size_ - 1) + ")");
  })

  params base_;
  std::vector<axis> axes_;
  std::size_t size_ = 1;
};

// How one trial ended.
struct trial_result {
  std::size_t index = 0;
  params parameters;
  int status = 0;     // what `fn` returned (0 for void); 1 when it threw
  std::string error;  // what() of what it threw; empty when it returned
  [[nodiscard]] bool ok() const noexcept { return status == 0 && error.empty(); }
};

struct sweep_result {
  std::vector<trial_result> trials;  // in index order

  [[nodiscard]] HP_COMPILED bool ok() const noexcept HP_BODY({
    return std::all_of(trials.begin(), trials.end(), [](const trial_result& t) { return t.ok(); });
  })
  // The indices of the trials that failed, ascending.
  [[nodiscard]] HP_COMPILED std::vector<std::size_t> failed() const HP_BODY({
    std::vector<std::size_t> out;
    for (const trial_result& t : trials)
      if (!t.ok()) out.push_back(t.index);
    return out;
  })
};

namespace detail {

// A trial function behind a function_ref: the sweep itself is compiled once,
// not once per lambda. Returns the trial's exit status.
using trial_fn = function_ref<int(const trial&)>;

// Calls fn(t) or fn(), giving back its exit status (0 for void).
template <class Fn>
int call_trial(Fn& fn, const trial& t) {
  static_assert(takes_v<Fn, trial> || std::is_invocable_v<Fn&>,
                "hp::sweep: the function must take const hp::trial& or nothing");
  static_assert(returns_status<Fn, trial>(), "hp::sweep: the function must return void or an int status");
  return call_for_status(fn, t);
}

// Runs one trial inside its scope (over what is current on this thread),
// catching what it throws.
HP_COMPILED trial_result run_trial(trial_fn fn, const trial& t) HP_BODY({
  trial_result r{t.index(), t.parameters(), 0, {}};
  try {
    const with_scope scope(t.parameters());
    r.status = fn(t);
  } catch (const std::exception& e) {
    r.status = 1;
    r.error = e.what();
  } catch (...) {
    r.status = 1;
    r.error = "an exception that is not a std::exception";
  }
  return r;
})

// hp::sweep behind its template: runs every trial of `g` through `fn`.
HP_COMPILED sweep_result run_sweep(const grid& g, trial_fn fn, std::size_t threads) HP_BODY({
  if (threads == 0) throw usage_error("hp::sweep needs at least one thread (got 0)");
  sweep_result out;
  if (threads == 1 || g.size() <= 1) {
    out.trials.reserve(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) out.trials.push_back(run_trial(fn, g.at(i)));
    return out;
  }
  std::vector<std::optional<trial_result>> done(g.size());
  const frame outer = current();
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    const with_scope caller(outer);
    for (std::size_t i; (i = next.fetch_add(1)) < g.size();) done[i].emplace(run_trial(fn, g.at(i)));
  };
  std::vector<std::thread> workers;
  const std::size_t n = std::min(threads, g.size());
  workers.reserve(n);
  try {
    for (std::size_t w = 0; w < n; ++w) workers.emplace_back(worker);
  } catch (...) {  // no more threads: the ones started finish the grid
    if (workers.empty()) throw;
  }
  for (std::thread& w : workers) w.join();
  out.trials.reserve(g.size());
  for (std::optional<trial_result>& r : done) out.trials.push_back(std::move(*r));
  return out;
})

}  // namespace detail

// Runs `fn` for every trial of `g`, each inside its own scope over the
// frame current here; `threads` trials at a time (each on a worker thread
// when threads > 1). Trials are started in index order. Throws hp::error
// when threads is 0.
template <class Fn>
sweep_result sweep(const grid& g, Fn&& fn, std::size_t threads = 1) {
  using F = std::remove_reference_t<Fn>;
  if constexpr (std::is_function_v<F>) {
    return sweep(g, &fn, threads);
  } else {
    F& f = fn;
    return detail::run_sweep(g, [&f](const trial& t) { return detail::call_trial(f, t); }, threads);
  }
}

HP_NAMESPACE_END
