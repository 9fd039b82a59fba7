#!/usr/bin/env bash
# Builds the libFuzzer target (preset native-fuzz: clang++, ASan + UBSan) and fuzzes the
# validation and the kernels for [seconds] (default 60) in one process. Starts from a copy of the
# committed seed corpus (tests/fuzz/corpus/) in build/native-fuzz/corpus/, which keeps what the
# fuzzer learns across runs; the committed corpus stays small. Prints the number of executions;
# exits non-zero on any finding (crash input saved in build/native-fuzz/artifacts/).
# Usage: fuzz.sh [seconds]. Needs clang and libclang-rt-14-dev (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
cmake --preset native-fuzz >/dev/null
cmake --build --preset native-fuzz -j2 >build/fuzz-build.log 2>&1 ||
  { tail -n 30 build/fuzz-build.log; exit 1; }

dir=build/native-fuzz
mkdir -p "$dir/corpus" "$dir/artifacts"
cp -n tests/fuzz/corpus/* "$dir/corpus/" 2>/dev/null || true
rm -f "$dir"/fuzz-*.log
log=build/fuzz.log

# -jobs=1: one worker process (its output goes to fuzz-0.log); the 2-core machine is shared.
# -timeout: no single input may take seconds (the fuzzer only runs cheap computations, so a slow
# one is a planning blow-up); -rss_limit_mb: a valid call must never need gigabytes.
set +e
(cd "$dir" && ./convlab_fuzzer corpus -jobs=1 -workers=1 -max_total_time="$seconds" \
  -timeout=15 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix=artifacts/ >/dev/null 2>&1)
status=$?
set -e
cat "$dir"/fuzz-*.log >"$log" 2>/dev/null || true

execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
if [[ $status -ne 0 ]] || grep -qE '^==[0-9]+==ERROR|convlab_fuzzer:|SUMMARY: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error:' "$log"; then
  grep -E -A12 'convlab_fuzzer:|ERROR|runtime error:' "$log" | head -n 40
  echo "fuzz: FAILED after ${execs:-?} executions (log: $log, input in $dir/artifacts/)"
  exit 1
fi
echo "fuzz: ${execs:-0} executions in ${seconds} s, no finding ($(ls "$dir/corpus" | wc -l) corpus inputs)"
((${execs:-0} > 0)) || { echo "fuzz: nothing ran"; exit 1; }
