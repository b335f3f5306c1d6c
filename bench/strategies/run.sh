#!/usr/bin/env bash
# Strategy benchmark: amsearch's strategies against Optuna 3.1's samplers on the same functions,
# bounds, trial counts and seeds, then the per-trial cost of ask + tell. Prints Markdown tables.
#
#   bench/strategies/run.sh                 # 10 seeds, everything
#   SEEDS=5 bench/strategies/run.sh         # fewer seeds
#   PART=regret bench/strategies/run.sh     # only the regret tables (PART=cost: only the cost)
#   OPTUNA_TPE_2000=1 bench/strategies/run.sh   # also time Optuna's TPE over 2000 trials (minutes)
#
# Environment: BUILD_DIR (default <repo>/build-bench), SEEDS (10), COST_REPEATS (3: repeats of
# the 100- and 1000-trial cost runs; 2000-trial runs are done once), OUT (folder for the JSON
# lines, default ${TMPDIR:-/tmp}/amsearch-bench-strategies), JOBS (2, for the build),
# SKIP_BUILD=1 (use the driver and plugins already built in BUILD_DIR).
#
# Both sides run one trial at a time, single-threaded, in memory; the objective's own time is
# not part of the cost.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
out="${OUT:-${TMPDIR:-/tmp}/amsearch-bench-strategies}"
seeds="${SEEDS:-10}"
cost_repeats="${COST_REPEATS:-3}"
part="${PART:-all}"
python=/usr/bin/python3

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

case "$part" in all | regret | cost) ;; *) echo "PART must be all, regret or cost" >&2; exit 2 ;; esac

if ! "$python" -c 'import optuna' 2>/dev/null; then
  echo "installing python3-optuna (apt-get)" >&2
  apt-get install -y python3-optuna >/dev/null
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building amsearch (Release) with the benchmark driver in $build" >&2
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMS_BUILD_BENCH=ON \
    -DAMS_BUILD_TESTS=OFF -DAMS_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "$build" --target ams_bench_strategies ams_benchmarks -j"${JOBS:-2}" >/dev/null
  # Each strategy plugin on its own: one that does not build is left out, the others still run.
  for folder in "$root"/plugins/strategies/*/; do
    name="$(basename "$folder")"
    cmake --build "$build" --target "ams_$name" -j"${JOBS:-2}" >/dev/null 2>&1 ||
      echo "strategy $name does not build; left out" >&2
  done
fi
driver="$build/bin/ams_bench_strategies"
available=" $("$driver" --list | tr '\n' ' ') "

mkdir -p "$out"
regret="$out/regret.jsonl"
cost="$out/cost.jsonl"

# label | strategy | options (TOML)
ours=(
  "random|random|"
  "tpe|tpe|"
  "tpe multivariate|tpe|multivariate = true"
  "cmaes|cmaes|"
  "bayes|bayes|"
  "greedy|greedy|"
  "gradient|gradient|"
  "anneal|anneal|"
  "genetic|genetic|"
)
theirs=(random tpe tpe_mv cmaes)

# function | trials | amsearch objective options (TOML) | optuna_side.py flags
ackley_shift="7.5, -11.25, 3.0, -4.5, 12.0"
functions=(
  "branin|100||"
  "hartmann6|200||"
  "rosenbrock|100|dims = 5|--dims 5"
  "ackley|100|dims = 5
shift = [$ackley_shift]|--dims 5 --shift ${ackley_shift// /}"
  "mixed_quadratic|100||"
)

run_ours() {  # label strategy options function function_options trials seeds
  "$driver" --label "$1" --strategy "$2" --options "$3" --function "$4" \
    --function-options "$5" --trials "$6" --seeds "$7"
}

if [[ "$part" != cost ]]; then
  : >"$regret"
  for f in "${functions[@]}"; do
    IFS='|' read -r function trials fopts flags <<<"$(printf '%s' "$f" | tr '\n' '\t')"
    fopts="${fopts//$'\t'/$'\n'}"
    for entry in "${ours[@]}"; do
      IFS='|' read -r label strategy options <<<"$entry"
      [[ "$available" == *" $strategy "* ]] || continue
      echo "amsearch $label on $function" >&2
      run_ours "$label" "$strategy" "$options" "$function" "$fopts" "$trials" "$seeds" >>"$regret" ||
        echo "amsearch $label on $function failed" >&2
    done
    for sampler in "${theirs[@]}"; do
      echo "optuna $sampler on $function" >&2
      # shellcheck disable=SC2086  # flags are separate words
      "$python" "$here/optuna_side.py" --sampler "$sampler" --function "$function" $flags \
        --trials "$trials" --seeds "$seeds" >>"$regret"
    done
  done
fi

if [[ "$part" != regret ]]; then
  : >"$cost"
  cost_run() {  # tool strategy-or-sampler options label trials repeats
    if [[ "$1" == amsearch ]]; then
      [[ "$available" == *" $2 "* ]] || return 0
      run_ours "$4" "$2" "$3" sphere "dims = 10" "$5" "$6" >>"$cost"
    else
      "$python" "$here/optuna_side.py" --sampler "$2" --function sphere --dims 10 \
        --trials "$5" --seeds "$6" >>"$cost"
    fi
  }
  for trials in 100 1000 2000; do
    repeats="$cost_repeats"
    [[ $trials == 2000 ]] && repeats=1
    echo "cost at $trials trials" >&2
    cost_run amsearch random "" random "$trials" "$repeats"
    cost_run amsearch tpe "" tpe "$trials" "$repeats"
    cost_run amsearch tpe "multivariate = true" "tpe multivariate" "$trials" "$repeats"
    cost_run amsearch cmaes "" cmaes "$trials" "$repeats"
    cost_run optuna random "" random "$trials" "$repeats"
    cost_run optuna cmaes "" cmaes "$trials" "$repeats"
    if [[ $trials != 2000 || "${OPTUNA_TPE_2000:-0}" == 1 ]]; then
      cost_run optuna tpe "" tpe "$trials" "$([[ $trials == 100 ]] && echo "$repeats" || echo 1)"
    fi
  done
  echo "cost of bayes at 500 trials" >&2
  cost_run amsearch bayes "" bayes 100 1
  cost_run amsearch bayes "" bayes 500 1
fi

echo "JSON lines in $out" >&2
if [[ "$part" == cost ]]; then
  "$python" "$here/report.py" /dev/null "$cost"
elif [[ "$part" == regret ]]; then
  "$python" "$here/report.py" "$regret"
else
  "$python" "$here/report.py" "$regret" "$cost"
fi
