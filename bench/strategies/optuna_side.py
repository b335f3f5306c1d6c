#!/usr/bin/python3
"""The Optuna side of the strategy benchmark: the same functions, bounds and trial counts as
ams_bench_strategies, one JSON line per seed in the same format (tool = "optuna").

Each trial goes through study.ask(fixed_distributions) / study.tell(), which is where Optuna
samples and records, so cost_us measures the same work as the amsearch driver's ask + tell:
everything but the objective itself. In-memory storage, logging off.

    optuna_side.py --sampler tpe_mv --function ackley --dims 5 --shift 7.5,-11.25,3,-4.5,12 \\
        --trials 100 --seeds 10
"""
import argparse
import json
import math
import sys
import time
import warnings

import optuna

# The definitions follow plugins/objectives/benchmarks/test_functions.cpp line by line.


def branin(x):
    pi = math.pi
    b, c, t = 5.1 / (4 * pi * pi), 5 / pi, 1 / (8 * pi)
    u = x[1] - b * x[0] * x[0] + c * x[0] - 6
    return u * u + 10 * (1 - t) * math.cos(x[0]) + 10


HARTMANN6_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
               [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN6_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
               [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            d = x[j] - 1e-4 * HARTMANN6_P[i][j]
            inner += HARTMANN6_A[i][j] * d * d
        total += HARTMANN6_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def ackley(x):
    n = len(x)
    squares = sum(v * v for v in x)
    cosines = sum(math.cos(2 * math.pi * v) for v in x)
    value = -20 * math.exp(-0.2 * math.sqrt(squares / n)) - math.exp(cosines / n) + 20 + math.e
    return max(value, 0.0)


def sphere(x):
    return sum(v * v for v in x)


MIXED_FLOAT_TARGET = [1.5, -2.25, 3.0]
MIXED_INT_TARGET = [3, -7]
MIXED_CHOICES = ["red", "green", "blue"]
MIXED_OFFSET = {"red": 2.0, "green": 0.0, "blue": 5.0}


def mixed_quadratic(x):
    value = sum((x[i] - MIXED_FLOAT_TARGET[i]) ** 2 for i in range(3))
    value += sum((x[3 + j] - MIXED_INT_TARGET[j]) ** 2 for j in range(2))
    return value + MIXED_OFFSET[x[5]]


def mixed_distributions():
    d = optuna.distributions
    return ([d.FloatDistribution(-5.0, 5.0)] * 3 + [d.IntDistribution(-10, 10)] * 2
            + [d.CategoricalDistribution(MIXED_CHOICES)])


# name -> (function, bounds for `dims` dimensions, optimum, default dims); a bound may be an
# Optuna distribution for a non-float dimension (mixed_quadratic). The shift applies to floats.
FUNCTIONS = {
    "branin": (branin, lambda d: [(-5.0, 10.0), (0.0, 15.0)], 0.397887357729738, 2),
    "hartmann6": (hartmann6, lambda d: [(0.0, 1.0)] * 6, -3.32236801141551, 6),
    "rosenbrock": (rosenbrock, lambda d: [(-5.0, 10.0)] * d, 0.0, 5),
    "ackley": (ackley, lambda d: [(-32.768, 32.768)] * d, 0.0, 5),
    "sphere": (sphere, lambda d: [(-5.12, 5.12)] * d, 0.0, 5),
    "mixed_quadratic": (mixed_quadratic, lambda d: mixed_distributions(), 0.0, 6),
}

SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe_mv": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed),
}
LABELS = {"random": "random", "tpe": "tpe", "tpe_mv": "tpe multivariate", "cmaes": "cmaes"}

CHECKPOINTS = {25, 50, 100, 200, 500, 1000, 2000}


def run_seed(args, seed):
    func, bounds_of, optimum, default_dims = FUNCTIONS[args.function]
    dims = args.dims or default_dims
    bounds = bounds_of(dims)
    shift = [0.0] * len(bounds)
    if args.shift:
        shift = [float(v) for v in args.shift.split(",")]
        if len(shift) != len(bounds):
            sys.exit(f"--shift has {len(shift)} numbers, the function has {len(bounds)} dimensions")
    names = [f"x{i}" for i in range(len(bounds))]
    distributions = {
        n: b if isinstance(b, optuna.distributions.BaseDistribution)
        else optuna.distributions.FloatDistribution(*b) for n, b in zip(names, bounds)}

    study = optuna.create_study(sampler=SAMPLERS[args.sampler](seed + 1), direction="minimize")
    best = math.inf
    regret = {}
    ask_s = tell_s = 0.0
    for number in range(args.trials):
        t0 = time.perf_counter()
        trial = study.ask(distributions)
        ask_s += time.perf_counter() - t0
        x = [trial.params[n] - s if s else trial.params[n] for n, s in zip(names, shift)]
        value = func(x)
        t0 = time.perf_counter()
        study.tell(trial, value)
        tell_s += time.perf_counter() - t0
        best = min(best, value)
        if number + 1 in CHECKPOINTS:
            regret[str(number + 1)] = best - optimum
    regret.setdefault(str(args.trials), best - optimum)
    per = 1e6 / args.trials
    print(json.dumps({
        "tool": "optuna", "strategy": args.sampler, "options": "", "label": LABELS[args.sampler],
        "function": args.function, "seed": seed, "trials": args.trials, "best": best,
        "regret": regret, "ask_us": ask_s * per, "tell_us": tell_s * per,
        "cost_us": (ask_s + tell_s) * per}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sampler", required=True, choices=sorted(SAMPLERS))
    parser.add_argument("--function", required=True, choices=sorted(FUNCTIONS))
    parser.add_argument("--dims", type=int, default=0, help="for rosenbrock, ackley, sphere")
    parser.add_argument("--shift", default="", help="ackley: comma-separated minimizer")
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0)
    args = parser.parse_args()
    # ERROR, not WARNING: CmaEsSampler warns on every trial that it samples categoricals at random.
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        run_seed(args, seed)


if __name__ == "__main__":
    main()
