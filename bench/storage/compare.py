"""Storage overhead, side by side: amhost with [output] storage = "memory" and "sqlite", and
Optuna with in-memory and SQLite storage, on the same trivial study (1000 trials of a 2-D
sphere, random sampling, one trial at a time). Each configuration runs REPEATS times; the
median wall and CPU times are reported, and the SQLite overhead per trial is the difference
to the in-memory run divided by the trial count. Then both databases are checked: every trial
present exactly once, and amhost's trials.csv agrees with its database.

usage: compare.py AMHOST PIPELINE TRIALS REPEATS WORKDIR
"""
import csv
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time


def timed(fn):
    """Wall seconds and CPU seconds (this process and its children) of fn()."""
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    fn()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
    return wall, cpu


def amhost_run(amhost, pipeline, trials, storage, out):
    def run():
        subprocess.run([amhost, pipeline, "--trials", str(trials), "--output", out, "--overwrite",
                        "--quiet", "--set", f'output.storage="{storage}"'],
                       check=True, stdout=subprocess.DEVNULL)
    return timed(run)


def optuna_run(trials, storage_url):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    def objective(trial):
        x0 = trial.suggest_float("x0", -5.12, 5.12)
        x1 = trial.suggest_float("x1", -5.12, 5.12)
        return x0 * x0 + x1 * x1

    def run():
        study = optuna.create_study(storage=storage_url, sampler=optuna.samplers.RandomSampler(seed=0),
                                    study_name="storage-bench")
        study.optimize(objective, n_trials=trials)
    return timed(run)


def median_of(runs):
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def main():
    amhost, pipeline, trials, repeats, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    results = {}
    for storage in ("memory", "sqlite"):
        runs = [amhost_run(amhost, pipeline, trials, storage, os.path.join(work, "ams-" + storage))
                for _ in range(repeats)]
        results[("amsearch", storage)] = median_of(runs)
        print(f"amsearch {storage}: {results[('amsearch', storage)]}", file=sys.stderr)
    optuna_db = os.path.join(work, "optuna.db")
    runs_mem, runs_sql = [], []
    for _ in range(repeats):
        runs_mem.append(optuna_run(trials, None))
        if os.path.exists(optuna_db):
            os.remove(optuna_db)
        runs_sql.append(optuna_run(trials, "sqlite:///" + optuna_db))
    results[("optuna", "memory")] = median_of(runs_mem)
    results[("optuna", "sqlite")] = median_of(runs_sql)
    print(f"optuna: {results[('optuna', 'memory')]} {results[('optuna', 'sqlite')]}", file=sys.stderr)

    # Integrity: every trial exactly once, finished, and the CSV matches the database.
    ams_db = sqlite3.connect(os.path.join(work, "ams-sqlite", "study.db"))
    ams_numbers = [r[0] for r in ams_db.execute("SELECT number FROM trials WHERE state = 'complete' ORDER BY number")]
    with open(os.path.join(work, "ams-sqlite", "trials.csv")) as f:
        csv_numbers = [int(r["number"]) for r in csv.DictReader(f)]
    ams_ok = ams_numbers == list(range(trials)) and csv_numbers == ams_numbers
    opt_db = sqlite3.connect(optuna_db)
    opt_numbers = [r[0] for r in opt_db.execute(
        "SELECT number FROM trials WHERE state = 'COMPLETE' ORDER BY number")]
    opt_ok = opt_numbers == list(range(trials))

    print(f"#### Storage overhead: {trials} trials, 2-D sphere, random, one at a time "
          f"(median of {repeats} runs)\n")
    print("| tool | storage | wall s | CPU s | wall ms/trial |")
    print("|---|---|---|---|---|")
    for tool in ("amsearch", "optuna"):
        for storage in ("memory", "sqlite"):
            wall, cpu = results[(tool, storage)]
            print(f"| {tool} | {storage} | {wall:.3f} | {cpu:.3f} | {1000 * wall / trials:.3f} |")
    print()
    overhead = {}
    for tool in ("amsearch", "optuna"):
        wall = (results[(tool, "sqlite")][0] - results[(tool, "memory")][0]) / trials * 1000
        cpu = (results[(tool, "sqlite")][1] - results[(tool, "memory")][1]) / trials * 1000
        overhead[tool] = (wall, cpu)
        print(f"- {tool}: SQLite adds {wall:.3f} ms of wall time and {cpu:.3f} ms of CPU time per trial")
    ratio_wall = overhead["optuna"][0] / max(overhead["amsearch"][0], 1e-6)
    ratio_cpu = overhead["optuna"][1] / max(overhead["amsearch"][1], 1e-6)
    print(f"- Optuna's SQLite overhead / amsearch's: {ratio_wall:.0f}x (wall), {ratio_cpu:.0f}x (CPU)")
    print(f"- integrity: amsearch study.db holds trials 0..{trials - 1} once each, trials.csv agrees: "
          f"{'yes' if ams_ok else 'NO'}; Optuna's database holds {len(opt_numbers)} complete trials: "
          f"{'yes' if opt_ok else 'NO'}")
    if not (ams_ok and opt_ok):
        sys.exit(1)


if __name__ == "__main__":
    main()
