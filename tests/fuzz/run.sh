#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 30) on a copy of its seed corpus,
# with its dictionary. Usage: tests/fuzz/run.sh [BUILD_DIR] [SECONDS]
# A finding stops the script (exit status non-zero); its input is saved in
# BUILD_DIR/fuzz-findings/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build/fuzz}" && pwd)
seconds=${2:-30}
findings=$build/fuzz-findings
mkdir -p "$findings"
for target in define value key interpolation json yaml toml cli run; do
  exe=$build/tests/fuzz/fuzz_$target
  corpus=$(mktemp -d)
  cp -r "$here/corpus/$target/." "$corpus/"
  dict=()
  if [ -f "$here/dict/$target.dict" ]; then dict=(-dict="$here/dict/$target.dict"); fi
  echo "== fuzz_$target for ${seconds}s"
  # -close_fd_mask=1: hp::run's standard output would drown libFuzzer's.
  log=$build/fuzz-$target.log
  status=0
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -close_fd_mask=1 \
    -print_final_stats=1 -artifact_prefix="$findings/$target-" "${dict[@]}" "$corpus" >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || true
  rm -rf "$corpus"
  if [ "$status" -ne 0 ]; then
    grep -v "^hp::" "$log" | tail -60 >&2
    echo "fuzz_$target found a failing input (exit $status): see $findings" >&2
    exit 1
  fi
done
