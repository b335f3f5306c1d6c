#!/usr/bin/env bash
# One command that builds everything and runs every test.
#   scripts/test.sh              Release build in build/, all tests
#   scripts/test.sh --sanitize   the same under AddressSanitizer + UBSan, in build-sanitize/
# Extra arguments go to ctest (e.g. -R csv).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
flags=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build=build-sanitize
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DAMS_SANITIZE=ON)
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi

bash scripts/install-deps.sh
cmake -S . -B "$build" "${flags[@]}" -DAMS_BUILD_TESTS=ON
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
