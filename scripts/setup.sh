#!/usr/bin/env bash
# Installs what ConvLab needs on Debian 12 when it is missing: the C++/WASM toolchain, test
# libraries, node + npm packages, and (with --browser) Chromium for the browser tests.
# Idempotent: a machine that has everything does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

packages=(cmake g++ make emscripten libxsimd-dev libgtest-dev nlohmann-json3-dev clang-format)
packages+=(clang libclang-rt-14-dev)  # libFuzzer + sanitizers (scripts/fuzz.sh, test.sh native)
((want_browser)) && packages+=(chromium)
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node may come from elsewhere (nvm, nodesource): only the command matters.
if ((${#missing[@]})); then
  echo "setup: installing apt packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages (playwright-core for the browser tests); never downloads a browser.
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
