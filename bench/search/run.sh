#!/usr/bin/env bash
# Search benchmark: amhost's random search over a random-forest space (pipeline.toml: 30 trials,
# stratified 5-fold, 2 trials at a time, digits) against scikit-learn's
# RandomizedSearchCV(RandomForestClassifier, n_iter=30, cv=5, n_jobs=2) on the same space and
# data. Prints the wall times, the best cross-validated accuracies and their ratio.
#
#   bench/search/run.sh
#   TRIALS=10 bench/search/run.sh          # a shorter run
#   AMHOST=build/bin/amhost bench/search/run.sh   # an amhost already built (Release!)
#
# Environment: BUILD_DIR (default <repo>/build-bench), AMHOST, TRIALS (30), SEED (0).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
trials="${TRIALS:-30}"
seed="${SEED:-0}"
python=/usr/bin/python3
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if ! "$python" -c 'import sklearn' 2>/dev/null; then
  echo "installing python3-sklearn (apt-get)" >&2
  apt-get install -y python3-sklearn >/dev/null
fi

amhost="${AMHOST:-}"
if [[ -z "$amhost" ]]; then
  echo "building amhost (Release) in $build" >&2
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMS_BUILD_TESTS=OFF \
    -DAMS_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "$build" -j"${JOBS:-2}" --target amhost ams_csv ams_random ams_random_forest \
    ams_classification_metrics >/dev/null
  amhost="$build/bin/amhost"
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/amsearch-bench-search.XXXXXX")"
trap 'rm -rf "$out"' EXIT

echo "amhost: $trials trials" >&2
start=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$out/amhost.time" \
  "$amhost" "$here/pipeline.toml" --trials "$trials" --seed "$seed" --output "$out/run" -q >"$out/amhost.log"
end=$(date +%s.%N)
ams_wall=$("$python" -c "print($end - $start)")
ams_cpu=$("$python" -c "import sys; u, s = open(sys.argv[1]).read().split()[-2:]; print(float(u) + float(s))" "$out/amhost.time")
ams_best=$("$python" - "$out/run/trials.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["state"] == "complete" and r["value"]]
print(max(float(r["value"]) for r in rows))
PY
)

echo "scikit-learn: RandomizedSearchCV n_iter=$trials" >&2
sk="$("$python" "$here/sk_search.py" "$root/examples/data/digits.csv" "$trials" 5 2 "$seed")"

"$python" - "$ams_wall" "$ams_cpu" "$ams_best" "$sk" "$trials" <<'PY'
import json, sys
ams_wall, ams_cpu, ams_best = map(float, sys.argv[1:4])
sk, trials = json.loads(sys.argv[4]), sys.argv[5]
print(f"random forest on digits (1797 x 64), {trials} random configurations, stratified 5-fold, 2 at a time\n")
print("| | wall s | CPU s | best CV accuracy |")
print("|---|---|---|---|")
print(f"| amhost random search | {ams_wall:.1f} | {ams_cpu:.1f} | {ams_best:.4f} |")
print(f"| sklearn RandomizedSearchCV | {sk['wall_s']:.1f} | {sk['cpu_s']:.1f} | {sk['best_cv']:.4f} |")
print(f"| ratio amhost / sklearn | {ams_wall / sk['wall_s']:.2f} | {ams_cpu / sk['cpu_s']:.2f} | {ams_best / sk['best_cv']:.4f} |")
print(f"\nsklearn best: {sk['best_params']}")
PY
