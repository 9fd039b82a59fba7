#!/usr/bin/env bash
# Builds the native tests and/or the WASM modules (web/lib/wasm/), then the single-file embed
# (web/dist/, scripts/bundle.mjs). Usage: build.sh [native|wasm|bundle|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
jobs=$(nproc 2>/dev/null || echo 2)

if [[ $what == native || $what == all ]]; then
  cmake --preset native-release >/dev/null
  cmake --build --preset native-release -j"$jobs"
fi
if [[ $what == wasm || $what == all ]]; then
  # Debian's emcc needs its acorn (TOOLCHAIN.md); the CMake linker launcher also sets it.
  export NODE_PATH=/usr/share/nodejs
  [[ -f build/wasm/CMakeCache.txt ]] ||
    emcmake cmake --preset wasm-release -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
  cmake --build --preset wasm-release -j"$jobs"
fi
if [[ $what == bundle || $what == all ]]; then
  node scripts/bundle.mjs
fi
