#!/usr/bin/env bash
# Storage benchmark: what SQLite storage costs per trial, amhost against Optuna, in one run.
# 1000 trials of a trivial objective (pipeline.toml: 2-D sphere, random strategy, one trial at
# a time) with amhost's [output] storage = "memory" and "sqlite", and Optuna 3.1's in-memory and
# SQLite storages (python3-optuna, installed with apt-get if missing). Prints a Markdown table,
# the overhead per trial, the ratio, and an integrity check of both databases.
#
#   bench/storage/run.sh
#   TRIALS=200 REPEATS=1 bench/storage/run.sh   # quicker
#   AMHOST=build/bin/amhost bench/storage/run.sh   # an amhost already built (Release!)
#
# Environment: BUILD_DIR (default <repo>/build-bench), AMHOST, TRIALS (1000), REPEATS (3), JOBS (2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
python=/usr/bin/python3

if ! "$python" -c 'import optuna' 2>/dev/null; then
  echo "installing python3-optuna (apt-get)" >&2
  apt-get install -y python3-optuna >/dev/null
fi

amhost="${AMHOST:-}"
if [[ -z "$amhost" ]]; then
  echo "building amhost (Release) in $build" >&2
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMS_BUILD_TESTS=OFF \
    -DAMS_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "$build" -j"${JOBS:-2}" --target amhost ams_random ams_benchmarks >/dev/null
  amhost="$build/bin/amhost"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/amsearch-bench-storage.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$python" "$here/compare.py" "$amhost" "$here/pipeline.toml" "${TRIALS:-1000}" "${REPEATS:-3}" "$work"
