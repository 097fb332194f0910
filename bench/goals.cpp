// The goal table: each of bench's goals as a ratio of measured times, its limit and a verdict;
// then what each read cache buys, for information.
#include "goals.hpp"

#include "alloc_counter.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>

namespace hp_bench {

void results::add(const std::string& name, std::int64_t threads, measurement m) {
  runs_[{name, threads}].push_back(std::move(m));
}

std::optional<measurement> results::find(const std::string& name, std::int64_t threads) const {
  const auto it = runs_.find({name, threads});
  if (it == runs_.end() || it->second.empty()) return std::nullopt;
  const std::vector<measurement>& runs = it->second;
  const auto median = [&](const std::function<double(const measurement&)>& field) {
    std::vector<double> values;
    for (const measurement& m : runs) values.push_back(field(m));
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  };
  measurement summary;
  summary.real_ns = median([](const measurement& m) { return m.real_ns; });
  summary.cpu_ns = median([](const measurement& m) { return m.cpu_ns; });
  for (const auto& named : runs.front().counters) {
    const std::string& counter = named.first;
    summary.counters[counter] = median([&](const measurement& m) {
      const auto c = m.counters.find(counter);
      return c == m.counters.end() ? 0.0 : c->second;
    });
  }
  return summary;
}

namespace {

struct row {
  std::string what;
  std::string goal;
  double limit;
  std::optional<double> measured;  // nullopt: its benchmarks did not run
  std::string detail;              // the times the ratio was made of
  bool is_count = false;           // a count or a percentage rather than a ratio
};

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
  return buffer;
}

class calculator {
 public:
  explicit calculator(const results& r) : r_(r) {}

  // Single-threaded rows compare CPU time per iteration: unlike wall time it
  // does not count the moments another process had the core.
  std::optional<double> ns(const std::string& name) const {
    const auto m = r_.find(name);
    if (!m) return std::nullopt;
    return m->cpu_ns;
  }

  // A thread's own wall time per iteration: Google Benchmark divides the
  // average wall time of the threads by the iterations of all of them.
  std::optional<double> per_thread_real_ns(const std::string& name, std::int64_t threads) const {
    const auto m = r_.find(name, threads);
    if (!m) return std::nullopt;
    return m->real_ns * static_cast<double>(threads);
  }

  // CPU time is already per thread: summed over threads, divided by all iterations.
  std::optional<double> per_thread_cpu_ns(const std::string& name, std::int64_t threads) const {
    const auto m = r_.find(name, threads);
    if (!m) return std::nullopt;
    return m->cpu_ns;
  }

  std::optional<double> counter(const std::string& name, const std::string& counter) const {
    const auto m = r_.find(name);
    if (!m) return std::nullopt;
    const auto c = m->counters.find(counter);
    if (c == m->counters.end()) return std::nullopt;
    return c->second;
  }

  // a / b, with "a ns / b ns" as detail.
  row ratio(std::string what, std::string goal, double limit, const std::string& a, const std::string& b) const {
    row out{std::move(what), std::move(goal), limit, std::nullopt, "not run"};
    const auto ta = ns(a), tb = ns(b);
    if (ta && tb && *tb > 0) {
      out.measured = *ta / *tb;
      out.detail = format("%.3g ns / %.3g ns", *ta, *tb);
    }
    return out;
  }

  // Cost per operation of `big` (10x the operations of `small`) over `small`'s.
  row per_op(std::string what, const std::string& big, const std::string& small) const {
    row out = ratio(std::move(what), "<= 2x", 2, big, small);
    if (out.measured) *out.measured /= 10;
    out.detail += " / 10";
    return out;
  }

 private:
  const results& r_;
};

std::vector<row> goal_rows(const calculator& c) {
  std::vector<row> rows;
  rows.push_back(c.ratio("1. hp::get(compiled key) vs thread_local read", "<= 4x", 4, "BM_hp_get_compiled_key",
                         "BM_thread_local_read"));
  rows.push_back(c.ratio("1. hp::get(compiled key) vs absl::GetFlag", "<= 4x", 4, "BM_hp_get_compiled_key",
                         "BM_absl_get_flag"));
#if !defined(HP_BENCH_HAVE_ABSL)
  rows.back().detail = "not run (abseil not found when configured)";
#endif
  rows.push_back(c.ratio("2. hp::get(name) runtime string key vs unordered_map::find", "<= 1.0x", 1.0,
                         "BM_hp_get_runtime_string_key", "BM_unordered_map_find"));
  rows.push_back(c.ratio("3. read, 1,000 params in scope vs 10", "<= 1.5x", 1.5, "BM_hp_read_params/1000",
                         "BM_hp_read_params/10"));
  rows.push_back(c.ratio("4. read of a key set 64 scopes up vs innermost", "<= 2x", 2, "BM_hp_read_nested/64_up",
                         "BM_hp_read_nested/innermost"));
  rows.push_back(c.ratio("5. miss at depth 64 vs depth 1", "<= 2x", 2, "BM_hp_miss_at_depth/64",
                         "BM_hp_miss_at_depth/1"));
  rows.push_back(c.ratio("6. push+pop one entry over 10,000 params vs 10", "<= 2x", 2, "BM_hp_push_pop/10000",
                         "BM_hp_push_pop/10"));
  {
    row r{"7. auto_param overhead per parameter, in thread_local reads", "<= 4x", 4, std::nullopt, "not run"};
    const auto wrapped = c.ns("BM_hp_auto_param_call"), direct = c.ns("BM_direct_call"),
               local = c.ns("BM_thread_local_read");
    if (wrapped && direct && local && *local > 0) {
      const double per_parameter = (*wrapped - *direct) / 4;
      r.measured = per_parameter / *local;
      r.detail = format("(%.3g ns - %.3g ns) / 4 / %.3g ns", *wrapped, *direct, *local);
    }
    rows.push_back(r);
  }
  {
    row r{"7. the same, mixed types (int, double, short std::string), 3 params", "<= 4x", 4, std::nullopt, "not run"};
    const auto wrapped = c.ns("BM_hp_auto_param_mixed"), direct = c.ns("BM_direct_call_mixed"),
               local = c.ns("BM_thread_local_read");
    if (wrapped && direct && local && *local > 0) {
      const double per_parameter = (*wrapped - *direct) / 3;
      r.measured = per_parameter / *local;
      r.detail = format("(%.3g ns - %.3g ns) / 3 / %.3g ns", *wrapped, *direct, *local);
    }
    rows.push_back(r);
  }
  {
    row r{"7. heap allocations per mixed-type auto_param call", "0", 0, std::nullopt, "not run", true};
    const auto wrapped = c.counter("BM_hp_auto_param_mixed", "allocs/iter");
    const auto direct = c.counter("BM_direct_call_mixed", "allocs/iter");
    if (wrapped && direct) {
      r.measured = *wrapped;
      r.detail = format("wrapped %g, direct call %g", *wrapped, *direct);
    } else if (!allocations_counted()) {
      r.detail = "not counted in this build (ThreadSanitizer owns operator new)";
    }
    rows.push_back(r);
  }
  {
    row r{"8. per-thread read cost, 2 threads vs 1 (real time)", "<= 1.3x", 1.3, std::nullopt, "not run"};
    const auto two = c.per_thread_real_ns("BM_hp_get_threads", 2), one = c.per_thread_real_ns("BM_hp_get_threads", 1);
    if (two && one && *one > 0) {
      r.measured = *two / *one;
      r.detail = format("%.3g ns / %.3g ns per thread", *two, *one);
    }
    rows.push_back(r);
  }
  {
    row r{"9. heap allocations per read", "0", 0, std::nullopt, "not run", true};
    const auto hit = c.counter("BM_hp_get_compiled_key", "allocs/iter");
    const auto miss = c.counter("BM_hp_get_compiled_key_miss", "allocs/iter");
    const auto runtime = c.counter("BM_hp_get_runtime_string_key", "allocs/iter");
    if (hit && miss && runtime) {
      r.measured = std::max({*hit, *miss, *runtime});
      r.detail = format("hit %g, miss %g, runtime key %g", *hit, *miss, *runtime);
    } else if (!allocations_counted()) {
      r.detail = "not counted in this build (ThreadSanitizer owns operator new)";
    }
    rows.push_back(r);
  }
  {
    row r{"9. heap allocations per push+pop over 10,000 params", "<= 4", 4, std::nullopt, "not run", true};
    if (const auto n = c.counter("BM_hp_push_pop/10000", "allocs/iter")) {
      r.measured = *n;
      r.detail = format("over 10 params: %g", c.counter("BM_hp_push_pop/10", "allocs/iter").value_or(-1));
    } else if (!allocations_counted()) {
      r.detail = "not counted in this build (ThreadSanitizer owns operator new)";
    }
    rows.push_back(r);
  }
  rows.push_back(c.per_op("10. per scope: 20,000 nested scopes vs 2,000", "BM_scaling_nested_scopes/20000",
                          "BM_scaling_nested_scopes/2000"));
  rows.push_back(c.per_op("10. per set: 20,000 hp::set in one scope vs 2,000", "BM_scaling_sets_in_one_scope/20000",
                          "BM_scaling_sets_in_one_scope/2000"));
  rows.push_back(c.per_op("10. per define: a scope of 20,000 defines vs 2,000", "BM_scaling_defines_scope/20000",
                          "BM_scaling_defines_scope/2000"));
  {
    // hp::run --sweep's own work per trial (scopes, record) against the cheapest
    // trial of the README's sparse_lr sweep (bench_sparse_lr.cpp).
    row r{"11. sweep's own cost per trial, % of the fastest sparse_lr trial", "<= 1 %", 1, std::nullopt, "not run",
          true};
    std::optional<double> fastest;
    for (const char* penalty : {"l1", "l2"})
      for (const char* C : {"1", "0.1", "0.01"})
        if (const auto t = c.ns(std::string("BM_sparse_lr_trial/") + penalty + "/C:" + C))
          if (!fastest || *t < *fastest) fastest = t;
    if (const auto own = c.ns("BM_sweep_trial_overhead"); own && fastest && *fastest > 0) {
      r.measured = 100 * *own / *fastest;
      r.detail = format("%.3g us / %.3g us", *own / 1e3, *fastest / 1e3);
    }
    rows.push_back(r);
  }
  return rows;
}

// What each read cache buys: the same read with the cache and without it
// (bench_caches.cpp), informative rows rather than goals.
struct cache_row {
  std::string what;
  std::optional<double> with, without;  // ns per read (per parameter for the resolver memo)
  std::string detail;
};

std::vector<cache_row> cache_rows(const calculator& c) {
  std::vector<cache_row> rows;
  const auto compare = [&](const char* family, const char* what, const char* with, const char* without) {
    const std::string a = std::string(family) + with, b = std::string(family) + without;
    rows.push_back({what, c.ns(a), c.ns(b), std::string(with) + " vs " + without});
  };
  const auto read = [&](const char* what, const char* with, const char* without) {
    compare("BM_cache_read/", what, with, without);
  };
  const auto probe = [&](const char* what, const char* with, const char* without) {
    compare("BM_cache_probe/", what, with, without);
  };
  read("key memo: runtime key read again in an unchanged view", "key_memo", "key_memo_none");
  read("  its hash (no validation, no hashing), probing every read", "key_memo_hash_only", "key_memo_none");
  read("  its per-generation result (no probe) over the hash alone", "key_memo", "key_memo_hash_only");
  read("  the same for a key nobody set (the probe misses, then the base)", "key_memo_miss", "key_memo_hash_only_miss");
  {
    cache_row r{"resolver memo: per parameter, 8 remembered vs 9 looked up", std::nullopt, std::nullopt, "not run"};
    const auto w8 = c.ns("BM_cache_resolver_8"), d8 = c.ns("BM_cache_direct_8"), w9 = c.ns("BM_cache_resolver_9"),
               d9 = c.ns("BM_cache_direct_9");
    if (w8 && d8 && w9 && d9) {
      r.with = (*w8 - *d8) / 8;
      r.without = (*w9 - *d9) / 9;
      r.detail = format("(%.3g ns - %.3g ns) / 8 vs ", *w8, *d8) + format("(%.3g ns - %.3g ns) / 9", *w9, *d9);
    }
    rows.push_back(r);
  }
  read("overlay copy: hit, thread_local probe vs through the context", "overlay_copy_hit", "overlay_context_hit");
  read("overlay copy: miss (then the base), the same", "overlay_copy_miss", "overlay_context_miss");
  probe("byte-offset probing: hit, 11 keys, vs index arithmetic", "bytes_hit", "index_hit");
  probe("  miss, 11 keys", "bytes_miss", "index_miss");
  probe("  hit, 1,000 keys", "bytes_hit_1000", "index_hit_1000");
  probe("  miss, 1,000 keys", "bytes_miss_1000", "index_miss_1000");
  return rows;
}

void report_caches(const calculator& c, std::ostream& out) {
  const std::vector<cache_row> rows = cache_rows(c);
  std::size_t width = 0;
  for (const cache_row& x : rows) width = std::max(width, x.what.size());
  out << "\nWhat each read cache buys (the same read with and without it; information, not goals)\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %9s  %9s  %6s  %9s  %-7s  %s\n", static_cast<int>(width), "cache", "with",
                "without", "gain", "saved", "verdict", "from");
  out << line << std::string(width, '-') << "  ---------  ---------  ------  ---------  -------  ----\n";
  for (const cache_row& x : rows) {
    std::string with = "n/a", without = "n/a", gain = "n/a", saved = "n/a";
    if (x.with && x.without && *x.with > 0) {
      with = format("%.3g ns", *x.with);
      without = format("%.3g ns", *x.without);
      gain = format("%.2fx", *x.without / *x.with);
      saved = format("%.3g ns", *x.without - *x.with);
    }
    std::snprintf(line, sizeof line, "%-*s  %9s  %9s  %6s  %9s  %-7s  %s\n", static_cast<int>(width), x.what.c_str(),
                  with.c_str(), without.c_str(), gain.c_str(), saved.c_str(), "info", x.detail.c_str());
    out << line;
  }
  // What their thread-local storage costs each thread (the process's CPU time).
  const auto plain = c.ns("BM_cache_thread_start/plain_thread_local"),
             hp_read = c.ns("BM_cache_thread_start/one_hp_read");
  if (plain && hp_read && *plain > 0)
    out << format("  a thread started and joined: %.3g us reading a thread_local, %.3g us making one hp read (%.2fx)\n",
                  *plain / 1e3, *hp_read / 1e3, *hp_read / *plain);
  const auto zeroing = c.ns("BM_cache_tls_zeroing");
  const auto keys = c.counter("BM_cache_tls_zeroing", "key_memo_B"),
             resolver = c.counter("BM_cache_tls_zeroing", "resolver_memo_B"),
             overlay = c.counter("BM_cache_tls_zeroing", "overlay_B");
  if (zeroing && keys && resolver && overlay) {
    out << format("  thread-local bytes: key memo %g, resolver memo %g, overlay copy %g", *keys, *resolver, *overlay)
        << format("; zeroing them: %.3g ns per thread", *zeroing);
    if (plain && *plain > 0) out << format(", %.2f %% of a thread start", 100 * *zeroing / *plain);
    out << '\n';
  }
}

// Context for the table, not goals.
std::vector<std::string> notes(const calculator& c) {
  std::vector<std::string> out;
  const auto add_ns = [&](const char* label, const std::string& name) {
    if (const auto t = c.ns(name)) out.push_back(format("%8.3f ns  ", *t) + label);
  };
  add_ns("thread_local int read", "BM_thread_local_read");
  add_ns("gflags FLAGS_x read", "BM_gflags_read");
  add_ns("absl::GetFlag<int>", "BM_absl_get_flag");
  add_ns("unordered_map<string,int>::find, prebuilt key", "BM_unordered_map_find");
  add_ns("unordered_map<string,int>::find, 1,000 entries (hashes the key)", "BM_unordered_map_find_1000");
  add_ns("unordered_map<string,int>::find, std::string built per call", "BM_unordered_map_find_string_per_call");
  add_ns("std::map<string,int>::find, prebuilt key", "BM_std_map_find");
  add_ns("hp::get(compiled key), hit", "BM_hp_get_compiled_key");
  add_ns("hp::get(compiled key), miss", "BM_hp_get_compiled_key_miss");
  add_ns("hp::get(\"bench.hot\"_hp) with the literal inside the call", "BM_hp_get_inline_literal");
  add_ns("hp::declare handle read", "BM_hp_declared_param");
  add_ns("hp::get(name), runtime std::string key (row 2)", "BM_hp_get_runtime_string_key");
  add_ns("hp::get(name), runtime const char* key (no strlen when remembered)", "BM_hp_get_runtime_key");
  add_ns("hp::get(name), a runtime key this thread has not read lately", "BM_hp_get_runtime_key_unremembered");
  add_ns("hp::get(\"a.b.c\") as written (the compiler may fold the key)", "BM_hp_get_literal_key");
  add_ns("direct call sum4(a, b, c, d)", "BM_direct_call");
  add_ns("auto_param call, 4 params from the scope", "BM_hp_auto_param_call");
  add_ns("auto_param call, 4 inline defaults", "BM_hp_auto_param_defaults");
  add_ns("direct call mixed4(x, a, b, std::string(\"s\"))", "BM_direct_call_mixed");
  add_ns("auto_param call mixed4(x), a, b, c from the scope", "BM_hp_auto_param_mixed");
  add_ns("push+pop one entry over 10 params", "BM_hp_push_pop/10");
  add_ns("push+pop one entry over 10,000 params", "BM_hp_push_pop/10000");
  const auto each = c.ns("BM_hp_get_runtime_string_key_each_key"), map_each = c.ns("BM_unordered_map_find_each_key");
  if (each && map_each && *map_each > 0)
    out.push_back(format("%8.2fx     row 2 over all eleven keys in turn (%.3g ns / %.3g ns)", *each / *map_each, *each,
                         *map_each));
  const auto gf = c.ns("BM_gflags_read"), hit = c.ns("BM_hp_get_compiled_key");
  if (gf && hit && *gf > 0) out.push_back(format("%8.2fx     hp::get(compiled key) vs gflags", *hit / *gf));
  const auto cpu2 = c.per_thread_cpu_ns("BM_hp_get_threads", 2), cpu1 = c.per_thread_cpu_ns("BM_hp_get_threads", 1);
  if (cpu2 && cpu1 && *cpu1 > 0)
    out.push_back(format("%8.2fx     row 8 by CPU time per thread (%.3g ns / %.3g ns)", *cpu2 / *cpu1, *cpu2, *cpu1));
  const auto tl2 = c.per_thread_real_ns("BM_thread_local_threads", 2),
             tl1 = c.per_thread_real_ns("BM_thread_local_threads", 1);
  if (tl2 && tl1 && *tl1 > 0)
    out.push_back(format("%8.2fx     thread_local read, 2 threads vs 1 (real time per thread)", *tl2 / *tl1));
  return out;
}

}  // namespace

int report_goals(const results& r, std::ostream& out) {
  const calculator c(r);
  const std::vector<row> rows = goal_rows(c);
  std::size_t width = 0;
  for (const row& x : rows) width = std::max(width, x.what.size());

  out << "\nhyperparameter performance goals\n";
  char header[256];
  std::snprintf(header, sizeof header, "%-*s  %9s  %-8s  %-7s  %s\n", static_cast<int>(width), "row", "measured",
                "goal", "verdict", "from");
  out << header << std::string(width, '-') << "  ---------  --------  -------  ----\n";
  int misses = 0;
  for (const row& x : rows) {
    std::string measured = "n/a", verdict = "n/a";
    if (x.measured) {
      measured = x.is_count ? format("%.2f", *x.measured) : format("%.2fx", *x.measured);
      const bool met = *x.measured <= x.limit;
      verdict = met ? "PASS" : "MISS";
      if (!met) ++misses;
    }
    char line[512];
    std::snprintf(line, sizeof line, "%-*s  %9s  %-8s  %-7s  %s\n", static_cast<int>(width), x.what.c_str(),
                  measured.c_str(), x.goal.c_str(), verdict.c_str(), x.detail.c_str());
    out << line;
  }
  report_caches(c, out);
  out << "\nfor reference:\n";
  for (const std::string& note : notes(c)) out << "  " << note << '\n';
  out << '\n' << misses << (misses == 1 ? " goal" : " goals") << " missed\n";
  return misses;
}

}  // namespace hp_bench
