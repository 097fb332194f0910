#!/usr/bin/env bash
# Compile-time cost of hyperparameter, with g++ and clang++ (or $CXX alone):
#
# - bench/compile_time/with_hp.cpp (<hyperparameter/hp.hpp> and 20 auto_param
#   wrappers of mixed parameter types: int, double, std::string, bool,
#   std::vector<int>) against baseline.cpp (the same program with plain
#   functions, <string>, <vector> and <map>), header-only and in runtime mode
#   (-DHYPERPARAMETER_RUNTIME=1, as linking hyperparameter::runtime sets it):
#   the ratio of the medians;
# - each configuration adapter: adapter_X.cpp (hp.hpp and <hyperparameter/X.hpp>)
#   against direct_X.cpp (hp.hpp and the third-party header itself): the extra
#   cost in percent. An adapter whose library is not installed is skipped.
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

results=()
for cxx in "${compilers[@]}"; do
  echo "$("$cxx" --version | head -n 1); ${flags[*]}; median of $n" >&2
  base=$(measure baseline.cpp)
  header_only=$(measure with_hp.cpp)
  runtime=$(measure with_hp.cpp -DHYPERPARAMETER_RUNTIME=1)
  results+=("$(awk -v c="$cxx" -v b="$base" -v h="$header_only" -v r="$runtime" 'BEGIN {
    printf "| %s | 20 mixed-type wrappers vs plain functions | %.2f s | %.2f s (%.1fx, goal <= 5x) | %.2f s (%.1fx, goal <= 3x) |",
           c, b / 1000, h / 1000, h / b, r / 1000, r / b }')")
  [[ "${ADAPTERS:-1}" == 0 ]] && continue
  for format in json yaml toml; do
    if ! compiles "direct_$format.cpp"; then
      echo "  $format: skipped (its library is not installed)" >&2
      continue
    fi
    direct=$(measure "direct_$format.cpp")
    adapter=$(measure "adapter_$format.cpp")
    results+=("$(awk -v c="$cxx" -v f="$format" -v d="$direct" -v a="$adapter" 'BEGIN {
      printf "| %s | <hyperparameter/%s.hpp> vs its library included directly | %.2f s | %.2f s (%+.0f%%, goal <= +20%%) | |",
             c, f, d / 1000, a / 1000, 100 * (a - d) / d }')")
  done
done

echo
echo "| compiler | translation unit | yardstick | header-only | runtime mode |"
echo "|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
