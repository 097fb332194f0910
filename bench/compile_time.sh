#!/usr/bin/env bash
# Compile-time cost of hyperparameter: times compiling bench/compile_time/with_hp.cpp
# (<hyperparameter/hp.hpp> and 20 auto_param functions) and baseline.cpp (<string>,
# <vector>, <map> and 20 plain functions), N times each with the same flags, and
# prints the ratio of the medians.
#
#   bench/compile_time.sh            # uses $CXX, else g++; N=5
#   CXX=clang++ N=9 bench/compile_time.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cxx="${CXX:-g++}"
n="${N:-5}"
flags=(-O2 -std=c++17 -I "$root/include" -c -o /dev/null)

# Wall time of one compilation, in milliseconds.
time_one() {
  local start end
  start=$(date +%s%N)
  "$cxx" "${flags[@]}" "$1"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {
  local file="$root/bench/compile_time/$1" times=()
  "$cxx" "${flags[@]}" "$file"  # warm the file cache; not timed
  for ((i = 0; i < n; ++i)); do times+=("$(time_one "$file")"); done
  echo "$1: ${times[*]} ms" >&2
  printf '%s\n' "${times[@]}" | median
}

echo "compiler: $("$cxx" --version | head -n 1)" >&2
echo "flags: ${flags[*]}, $n runs each" >&2
with_hp=$(measure with_hp.cpp)
baseline=$(measure baseline.cpp)
awk -v a="$with_hp" -v b="$baseline" \
  'BEGIN { printf "median with_hp.cpp %s ms, baseline.cpp %s ms: ratio %.2fx\n", a, b, a / b }'
