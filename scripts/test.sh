#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every test suite: native GoogleTest (ctest), node
# tests against the built WASM, and browser tests in headless Chromium. Fails if any suite
# fails or runs no test at all. Usage: test.sh [native|node|browser|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

bash scripts/setup.sh --browser
bash scripts/build.sh all

summary=()
fail=0

run_native() {
  local log=build/ctest.log
  ctest --preset native-release -j2 2>&1 | tee "$log" | tail -n 4
  local total
  total=$(grep -Eo 'tests failed out of [0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  grep -q '100% tests passed' "$log" || fail=1
  ((total > 0)) || { echo "native: no test ran"; fail=1; }
  summary+=("native (ctest/GoogleTest): $total tests")
}

run_node_suite() {  # name, directory
  local name=$1 dir=$2 log=build/$1.log
  node --test --test-reporter=tap "$dir" >"$log" 2>&1 || fail=1
  grep -E '^# (tests|pass|fail)' "$log" | tr '\n' ' '
  echo
  grep -E '^not ok' "$log" | head -20 || true
  local total
  total=$(grep -Eo '^# tests [0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
  ((total > 0)) || { echo "$name: no test ran"; fail=1; }
  grep -qE '^# fail 0' "$log" || fail=1
  summary+=("$name: $total tests")
}

[[ $what == native || $what == all ]] && run_native
[[ $what == node || $what == all ]] && run_node_suite node tests/node
if [[ $what == browser || $what == all ]] && ls tests/browser/*.test.mjs >/dev/null 2>&1; then
  run_node_suite browser tests/browser
fi

echo "----"
printf '%s\n' "${summary[@]}"
if ((fail)); then
  echo "FAILED (logs in build/*.log)"
  exit 1
fi
echo "ALL PASSED"
