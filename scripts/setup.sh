#!/usr/bin/env bash
# Installs what ConvLab needs on Debian 12 when it is missing: the C++/WASM toolchain, test
# libraries, node + npm packages, and (with --browser) the three browser engines the browser tests
# drive: Chromium, Firefox ESR and WebKitGTK (its WebDriver and a virtual X display). Browsers come
# from Debian only; the npm drivers (playwright-core, puppeteer-core, selenium-webdriver) never
# download one, and Selenium Manager never runs (tests start WebKitWebDriver themselves).
# Idempotent: a machine that has everything does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

packages=(cmake g++ make emscripten libxsimd-dev libgtest-dev nlohmann-json3-dev clang-format)
packages+=(clang libclang-rt-14-dev)  # libFuzzer + sanitizers (scripts/fuzz.sh, test.sh native)
packages+=(clang-16 lld-14)  # the relaxed-SIMD side module (CMakeLists.txt: convlab_relaxed)
((want_browser)) && packages+=(chromium firefox-esr webkit2gtk-driver xvfb xauth)
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
  # No browser downloads whatever a package's install step would like (puppeteer-core and
  # playwright-core have none; these switches keep it so).
  PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SE_AVOID_BROWSER_DOWNLOAD=true \
    npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
