#!/usr/bin/env bash
# Compile-time cost of hyperparameter, with g++ and clang++ (or $CXX alone):
#
# - bench/compile_time/with_hp.cpp (<hyperparameter/hp.hpp> and 20 auto_param
#   wrappers of mixed parameter types: int, double, std::string, bool,
#   std::vector<int>) against baseline.cpp (the same program with plain
#   functions, <string>, <vector> and <map>), in the three ways a program can
#   build it: header-only with every translation unit compiling the library's
#   out-of-line code (no CMake, no definition); header-only through the CMake
#   target (-DHYPERPARAMETER_SEPARATE_COMPILATION=1, as
#   hyperparameter::hyperparameter sets it: that code is compiled once per
#   target, in src/bodies.cpp); runtime mode (-DHYPERPARAMETER_RUNTIME=1 as
#   well, as linking hyperparameter::runtime sets it: that code is in the
#   library). The ratio of the medians;
# - each configuration adapter: adapter_X.cpp (hp.hpp and <hyperparameter/X.hpp>)
#   against direct_X.cpp (hp.hpp and the third-party header itself): the extra
#   cost in percent, without CMake and through the targets. An adapter whose
#   library is not installed is skipped;
# - what the targets compile once each: src/bodies.cpp and src/X.cpp.
#
# Every file is compiled N times (-O2 -std=c++17 -c) after one untimed warm-up;
# the medians are compared.
#
#   bench/compile_time.sh                  # g++ and clang++; N=5
#   CXX=clang++ N=9 bench/compile_time.sh  # one compiler
#   ADAPTERS=0 bench/compile_time.sh       # without the adapter rows
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/bench/compile_time"
n="${N:-5}"
if [[ -n "${CXX:-}" ]]; then compilers=("$CXX"); else compilers=(g++ clang++); fi
flags=(-O2 -std=c++17 -I "$root/include" -c -o /dev/null)

# Wall time of one compilation, in milliseconds.
time_one() {
  local start end
  start=$(date +%s%N)
  "$cxx" "${flags[@]}" "$@"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure FILE [FLAGS...]: the median of N compilations, in ms (each time on stderr).
# FILE is relative to bench/compile_time/.
measure() {
  local file="$dir/$1" times=()
  shift
  "$cxx" "${flags[@]}" "$@" "$file"  # warm the file cache; not timed
  for ((i = 0; i < n; ++i)); do times+=("$(time_one "$@" "$file")"); done
  echo "  $(basename "$file") $*: ${times[*]} ms" >&2
  printf '%s\n' "${times[@]}" | median
}

# Whether FILE compiles (the adapter's third-party library is installed).
compiles() { "$cxx" "${flags[@]}" "$dir/$1" 2>/dev/null; }

separate=(-DHYPERPARAMETER_SEPARATE_COMPILATION=1)  # what hyperparameter::hyperparameter sets
runtime_mode=("${separate[@]}" -DHYPERPARAMETER_RUNTIME=1)  # and hyperparameter::runtime

results=()
once=()
for cxx in "${compilers[@]}"; do
  echo "$("$cxx" --version | head -n 1); ${flags[*]}; median of $n" >&2
  base=$(measure baseline.cpp)
  every_tu=$(measure with_hp.cpp)
  target=$(measure with_hp.cpp "${separate[@]}")
  runtime=$(measure with_hp.cpp "${runtime_mode[@]}")
  bodies=$(measure ../../src/bodies.cpp "${separate[@]}")
  results+=("$(awk -v c="$cxx" -v b="$base" -v h="$every_tu" -v t="$target" -v r="$runtime" 'BEGIN {
    printf "| %s | 20 mixed-type wrappers vs plain functions | %.2f s | %.2f s (%.1fx) | %.2f s (%.1fx, goal <= 5x) | %.2f s (%.1fx, goal <= 3x) |",
           c, b / 1000, h / 1000, h / b, t / 1000, t / b, r / 1000, r / b }')")
  once+=("$(awk -v c="$cxx" -v t="$bodies" 'BEGIN { printf "| %s | src/bodies.cpp | %.2f s |", c, t / 1000 }')")
  [[ "${ADAPTERS:-1}" == 0 ]] && continue
  for format in json yaml toml; do
    if ! compiles "direct_$format.cpp"; then
      echo "  $format: skipped (its library is not installed)" >&2
      continue
    fi
    upper=$(tr a-z A-Z <<<"$format")
    direct=$(measure "direct_$format.cpp")
    adapter=$(measure "adapter_$format.cpp")
    direct_target=$(measure "direct_$format.cpp" "${separate[@]}")
    adapter_target=$(measure "adapter_$format.cpp" "${separate[@]}" "-DHP_ADAPTER_$upper")
    source=$(measure "../../src/$format.cpp" "${separate[@]}" "-DHP_ADAPTER_$upper")
    results+=("$(awk -v c="$cxx" -v f="$format" -v d="$direct" -v a="$adapter" -v dt="$direct_target" -v at="$adapter_target" 'BEGIN {
      printf "| %s | <hyperparameter/%s.hpp> vs its library included directly | %.2f s / %.2f s | %.2f s (%+.0f%%) | %.2f s (%+.0f%%, goal <= +20%%) | |",
             c, f, d / 1000, dt / 1000, a / 1000, 100 * (a - d) / d, at / 1000, 100 * (at - dt) / dt }')")
    once+=("$(awk -v c="$cxx" -v f="$format" -v t="$source" 'BEGIN { printf "| %s | src/%s.cpp | %.2f s |", c, f, t / 1000 }')")
  done
done

echo
echo "| compiler | translation unit | yardstick | header-only, every TU | header-only, CMake target | runtime mode |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "Compiled once per target (separate compilation):"
echo
echo "| compiler | file | time |"
echo "|---|---|---|"
printf '%s\n' "${once[@]}"
