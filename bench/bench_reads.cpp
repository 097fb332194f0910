// Reads: compiled and runtime keys, scaling with scope size and depth, threads.
#include "bench_support.hpp"

namespace {

using namespace hp::literals;

constexpr hp::key hot_key = "bench.hot"_hp;
constexpr hp::key absent_key = "bench.absent"_hp;

// Row 1 (and the allocation count per read): a compiled key set in the
// innermost scope, over ten other parameters; nothing changes between reads.
void BM_hp_get_compiled_key(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"bench.hot", 7}};
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    int v = hp::get(hot_key, 0);
    benchmark::DoNotOptimize(v);
  }
  window.report(state);
}
BENCHMARK(BM_hp_get_compiled_key);

// The literal written inside the call. consteval in C++20, so hashed at
// compile time there; in C++17 it is only constexpr, and outside a constant
// expression the compiler may validate and hash it on every call.
void BM_hp_get_inline_literal(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"bench.hot", 7}};
  for (auto _ : state) {
    int v = hp::get("bench.hot"_hp, 0);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_hp_get_inline_literal);

// A compiled key nobody set: the fallback comes back.
void BM_hp_get_compiled_key_miss(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    int v = hp::get(absent_key, 0);
    benchmark::DoNotOptimize(v);
  }
  window.report(state);
}
BENCHMARK(BM_hp_get_compiled_key_miss);

// hp::declare's handle: the key hashed once, kept in the handle.
void BM_hp_declared_param(benchmark::State& state) {
  static const auto hot = hp::declare("bench.hot", 0);
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"bench.hot", 7}};
  for (auto _ : state) {
    int v = hot();
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_hp_declared_param);

// Row 2: a runtime std::string key, built once as unordered_map's is. It
// goes through DoNotOptimize every iteration, so nothing about it can be
// hoisted out of the loop: each read finds it in the thread's key memo.
void BM_hp_get_runtime_string_key(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"a.b.c", 7}};
  std::string name = "a.b.c";
  const hp_bench::allocation_window window;
  for (auto _ : state) {
    benchmark::DoNotOptimize(name);
    int v = hp::get(name, 0);
    benchmark::DoNotOptimize(v);
  }
  window.report(state);
}
BENCHMARK(BM_hp_get_runtime_string_key);

// Reads `names` in turn, in row 2's scopes.
void read_in_turn(benchmark::State& state, const std::vector<std::string>& names) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"a.b.c", 7}};
  std::size_t next = 0;
  for (auto _ : state) {
    int v = hp::get(names[next], 0);
    benchmark::DoNotOptimize(v);
    next = next + 1 == names.size() ? 0 : next + 1;
  }
}

// Row 2 over the same eleven keys its baseline map holds, each in turn.
void BM_hp_get_runtime_string_key_each_key(benchmark::State& state) {
  std::vector<std::string> keys{"a.b.c"};
  for (int i = 0; i < 10; ++i) keys.push_back("bench.p." + std::to_string(i));
  read_in_turn(state, keys);
}
BENCHMARK(BM_hp_get_runtime_string_key_each_key);

// The worst case for the memo: every read names "a.b.c" from a string this
// thread has not read lately (1,000 copies in turn, far more than the memo
// holds), so each read validates, hashes and remembers its key again.
void BM_hp_get_runtime_key_unremembered(benchmark::State& state) {
  read_in_turn(state, std::vector<std::string>(1000, std::string("a.b.c")));
}
BENCHMARK(BM_hp_get_runtime_key_unremembered);

// A runtime const char* key: its length is not known, so the memo compares
// it byte by byte up to its terminator.
void BM_hp_get_runtime_key(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"a.b.c", 7}};
  for (auto _ : state) {
    const char* name = "a.b.c";
    benchmark::DoNotOptimize(name);
    int v = hp::get(name, 0);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_hp_get_runtime_key);

// The same read exactly as a user writes it: the compiler may fold the key.
void BM_hp_get_literal_key(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"a.b.c", 7}};
  for (auto _ : state) {
    int v = hp::get("a.b.c", 0);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_hp_get_literal_key);

// Row 3: eight compiled keys read per iteration out of a scope of n parameters.
void BM_hp_read_params(benchmark::State& state) {
  static constexpr hp::key keys[] = {"bench.p.0"_hp, "bench.p.1"_hp, "bench.p.2"_hp, "bench.p.3"_hp,
                                     "bench.p.4"_hp, "bench.p.5"_hp, "bench.p.6"_hp, "bench.p.7"_hp};
  hp::with_scope scope(hp_bench::numbered_params(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    for (const hp::key& k : keys) {
      int v = hp::get(k, -1);
      benchmark::DoNotOptimize(v);
    }
  }
}
BENCHMARK(BM_hp_read_params)->Arg(10)->Arg(1000);

// Row 4: 65 nested scopes, each with an entry of its own; "bench.outer" is set
// in the outermost (64 scopes up), "bench.inner" in the innermost.
void BM_hp_read_nested(benchmark::State& state, hp::key k) {
  hp_bench::scope_tower tower;
  for (int level = 0; level <= 64; ++level) {
    hp::params p;
    p.set("bench.level." + std::to_string(level), level);
    if (level == 0) p.set("bench.outer", 1);
    if (level == 64) p.set("bench.inner", 2);
    tower.open(p);
  }
  for (auto _ : state) {
    int v = hp::get(k, 0);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK_CAPTURE(BM_hp_read_nested, innermost, "bench.inner"_hp);
BENCHMARK_CAPTURE(BM_hp_read_nested, 64_up, "bench.outer"_hp);

// Row 5: a key nobody set, read under `depth` nested scopes of one entry each.
void BM_hp_miss_at_depth(benchmark::State& state) {
  hp_bench::scope_tower tower;
  for (int level = 0; level < state.range(0); ++level) {
    hp::params p;
    p.set("bench.level." + std::to_string(level), level);
    tower.open(p);
  }
  for (auto _ : state) {
    int v = hp::get(absent_key, 0);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_hp_miss_at_depth)->Arg(1)->Arg(64);

// Row 8: every thread reads from its own scope. Real time, so the goal row
// multiplies by the thread count to get each thread's cost per read.
void BM_hp_get_threads(benchmark::State& state) {
  hp::with_scope outer(hp_bench::numbered_params(10));
  hp::with_scope inner{{"bench.hot", 7}};
  for (auto _ : state) {
    int v = hp::get(hot_key, 0);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_hp_get_threads)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
