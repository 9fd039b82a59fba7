#!/usr/bin/env bash
# npm start: installs what is missing, builds the WASM module and the embed, then serves web/ on
# localhost and prints the playground's URL. Keeps running until Ctrl-C. Port: first argument or $PORT
# (default 8000; a busy port falls back to a free one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh wasm
bash scripts/build.sh bundle  # web/dist/: the embed the playground's "Embed" snippets point at
exec node scripts/serve.mjs "${1:-${PORT:-8000}}"
