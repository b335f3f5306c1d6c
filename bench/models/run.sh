#!/usr/bin/env bash
# Model benchmark: each amsearch model against its scikit-learn counterpart on the same 80/20
# split: fit time, predict time, peak resident memory and test score, one process per fit.
#
#   bench/models/run.sh                 # 50k x 50 synthetic sets + digits
#   N_ROWS=10000 bench/models/run.sh    # smaller synthetic sets
#   MODELS="ridge knn" bench/models/run.sh
#
# Environment: BUILD_DIR (default bench/models/build), DATA_DIR (default
# ${TMPDIR:-/tmp}/amsearch-bench-data), N_ROWS (50000), MODELS (all pairs whose plugin exists),
# REPEAT (1: REPEAT runs of each fit with seeds 0..REPEAT-1: fastest times, mean score). Both
# sides run single-threaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$here/build}"
data="${DATA_DIR:-${TMPDIR:-/tmp}/amsearch-bench-data}"
n_rows="${N_ROWS:-50000}"
repeat="${REPEAT:-1}"
python=/usr/bin/python3

# One thread everywhere: amsearch models get n_jobs = 1, numpy/OpenMP the same.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if ! "$python" -c 'import sklearn' 2>/dev/null; then
  echo "installing python3-sklearn (apt-get)" >&2
  apt-get install -y python3-sklearn >/dev/null
fi

echo "building amsearch (Release) in $build" >&2
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target ams_model_bench -j"${JOBS:-2}" >/dev/null
driver="$build/bin/ams_model_bench"
plugins="$build/lib/amhost/plugins"

"$python" "$here/make_data.py" "$data" "$root/examples/data/digits.csv" "$n_rows"

# model | amsearch options (the body of a TOML inline table) | data sets | task
pairs=(
  'random_forest|n_estimators = 100, max_features = "sqrt", n_jobs = 1|classif digits|classification'
  'extra_trees|n_estimators = 100, max_features = "sqrt", n_jobs = 1|classif digits|classification'
  'gradient_boosting|n_estimators = 100, learning_rate = 0.1, max_leaves = 31, early_stopping = false|classif digits|classification'
  'logistic_regression|C = 1.0, max_iter = 100|classif digits|classification'
  'ridge|alpha = 1.0|regress|regression'
  'knn|n_neighbors = 5, standardize = false|classif digits|classification'
  'mlp|n_layers = 1, units = 64, max_epochs = 200, batch_size = 200|classif digits|classification'
)

# A plugin still being written may not build: its pair is skipped, the others still run.
# extra_trees is a component of the random_forest plugin library.
have_plugin() {
  local library="$1"
  [[ "$library" == extra_trees ]] && library=random_forest
  [[ -d "$root/plugins/models/$library" ]] &&
    cmake --build "$build" --target "ams_$library" -j"${JOBS:-2}" >/dev/null 2>&1
}

# $repeat runs of one command printing a JSON line, run r with seed r appended: the smallest
# fit and predict times, the largest peak memory and the mean score over the seeds (one seed's
# test score on a small test set moves by a point or more from seed to seed).
best_of() {
  local lines=() r
  for ((r = 0; r < repeat; r++)); do
    lines+=("$("$@" "$r")") || return 1
  done
  "$python" - "${lines[@]}" <<'PY'
import json, sys
runs = [json.loads(a) for a in sys.argv[1:]]
out = {k: min(r[k] for r in runs) for k in ("fit_s", "predict_s", "base_rss_kb")}
out["max_rss_kb"] = max(r["max_rss_kb"] for r in runs)
out["score"] = sum(r["score"] for r in runs) / len(runs)
out["scores"] = [r["score"] for r in runs]
print(json.dumps(out))
PY
}

results="$data/results-$n_rows.jsonl"
: >"$results"
for pair in "${pairs[@]}"; do
  IFS='|' read -r model options sets task <<<"$pair"
  [[ -n "${MODELS:-}" && " $MODELS " != *" $model "* ]] && continue
  if ! have_plugin "$model"; then
    echo "skipping $model: no plugin in $plugins" >&2
    continue
  fi
  for set in $sets; do
    folder="$data/$set"
    [[ "$set" == digits ]] || folder="$data/$set$n_rows"
    echo "$model on $set" >&2
    ams="$(best_of "$driver" "$plugins" "$model" "$options" "$folder/train.csv" "$folder/test.csv" "$task" || echo '{"error": "failed"}')"
    sk="$(best_of "$python" "$here/sk_fit_one.py" "$model" "$folder/train.csv" "$folder/test.csv" "$task" || echo '{"error": "failed"}')"
    printf '{"model": "%s", "data": "%s", "amsearch": %s, "sklearn": %s}\n' "$model" "$set" "$ams" "$sk" >>"$results"
  done
done
"$python" "$here/table.py" "$results" "$n_rows"
