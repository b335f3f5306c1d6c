#!/usr/bin/env bash
# Search benchmark: amhost's random search over a random-forest space (pipeline.toml: 30 trials,
# stratified 5-fold, 2 trials at a time, digits) against scikit-learn's
# RandomizedSearchCV(RandomForestClassifier, n_iter=30, cv=5, n_jobs=2) on the same space and
# data. Prints the wall times, the best cross-validated accuracies and their ratio.
#
#   bench/search/run.sh
#   TRIALS=10 bench/search/run.sh          # a shorter run
#   AMHOST=build/bin/amhost bench/search/run.sh   # an amhost already built (Release!)
#   SEEDS="0 1 2 3 4" bench/search/run.sh         # five searches a side, and their means
#   STRATEGIES="random tpe" bench/search/run.sh   # amhost's random search and its TPE
#
# Environment: BUILD_DIR (default <repo>/build-bench), AMHOST, TRIALS (30), SEEDS ("0"; SEED
# is read too), STRATEGIES ("random"), SAMPLER (the random strategy's sampler, "uniform"
# unless set).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
trials="${TRIALS:-30}"
seeds="${SEEDS:-${SEED:-0}}"
strategies="${STRATEGIES:-random}"
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
  cmake --build "$build" -j"${JOBS:-2}" --target amhost ams_csv ams_random ams_tpe ams_bayes \
    ams_random_forest ams_classification_metrics >/dev/null
  amhost="$build/bin/amhost"
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/amsearch-bench-search.XXXXXX")"
trap 'rm -rf "$out"' EXIT

# One search per seed on each side. The two sides draw different configurations, so one seed's
# best accuracies differ by chance; the mean over several seeds compares the searches.
results="$out/results.jsonl"
for seed in $seeds; do
  for strategy in $strategies; do
    sampler=()
    [[ -n "${SAMPLER:-}" && "$strategy" == random ]] && sampler=(--set "strategy.sampler=\"$SAMPLER\"")
    echo "seed $seed: amhost $strategy, $trials trials" >&2
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$out/amhost.time" \
      "$amhost" "$here/pipeline.toml" --trials "$trials" --seed "$seed" --output "$out/run" -q --overwrite \
      --set "strategy.plugin=\"$strategy\"" "${sampler[@]}" >"$out/amhost.log"
    end=$(date +%s.%N)
    "$python" - "$seed" "amhost $strategy${sampler:+ ($SAMPLER)}" "$start" "$end" "$out/amhost.time" \
      "$out/run/trials.csv" >>"$results" <<'PY'
import csv, json, sys
seed, side, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
u, s = open(sys.argv[5]).read().split()[-2:]
rows = [r for r in csv.DictReader(open(sys.argv[6])) if r["state"] == "complete" and r["value"]]
print(json.dumps({"seed": int(seed), "side": side, "wall_s": end - start, "cpu_s": float(u) + float(s),
                  "best_cv": max(float(r["value"]) for r in rows)}))
PY
  done
  echo "seed $seed: scikit-learn RandomizedSearchCV n_iter=$trials" >&2
  "$python" "$here/sk_search.py" "$root/examples/data/digits.csv" "$trials" 5 2 "$seed" |
    "$python" -c 'import json, sys; r = json.load(sys.stdin); r.update(seed=int(sys.argv[1]), side="sklearn RandomizedSearchCV"); print(json.dumps(r))' "$seed" >>"$results"
done

"$python" - "$results" "$trials" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
trials = sys.argv[2]
sides = list(dict.fromkeys(r["side"] for r in runs))
seeds = sorted({r["seed"] for r in runs})
by = {(r["side"], r["seed"]): r for r in runs}
sk = "sklearn RandomizedSearchCV"
print(f"random forest on digits (1797 x 64), {trials} configurations, stratified 5-fold, 2 at a time, "
      f"seeds {' '.join(map(str, seeds))}\n")
print("best CV accuracy per seed:\n")
print("| search | " + " | ".join(f"seed {s}" for s in seeds) + " | mean |")
print("|---|" + "---|" * (len(seeds) + 1))
for side in sides:
    v = [by[side, s]["best_cv"] for s in seeds]
    print(f"| {side} | " + " | ".join(f"{x:.4f}" for x in v) + f" | {statistics.mean(v):.4f} |")
print("\nmeans over the seeds:\n")
print("| search | wall s | CPU s | best CV accuracy | wall vs sklearn | best CV vs sklearn |")
print("|---|---|---|---|---|---|")
mean = lambda side, key: statistics.mean(by[side, s][key] for s in seeds)
for side in sides:
    print(f"| {side} | {mean(side, 'wall_s'):.1f} | {mean(side, 'cpu_s'):.1f} | {mean(side, 'best_cv'):.4f} | "
          f"{mean(side, 'wall_s') / mean(sk, 'wall_s'):.3f} | {mean(side, 'best_cv') - mean(sk, 'best_cv'):+.4f} |")
PY
