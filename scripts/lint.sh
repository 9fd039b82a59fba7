#!/usr/bin/env bash
# The format and lint check CI enforces: ESLint, Prettier (JS/CSS/HTML/JSON) and clang-format (C++).
# Fix what it reports with: npx prettier --write . && clang-format -i <files>
set -euo pipefail
cd "$(dirname "$0")/.."
npx eslint --max-warnings 0 .
npx prettier --check --log-level warn .
mapfile -t cpp_files < <(git ls-files 'cpp/*.cpp' 'cpp/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
clang-format --dry-run --Werror "${cpp_files[@]}"
echo "lint: eslint, prettier and clang-format clean (${#cpp_files[@]} C++ files)"
