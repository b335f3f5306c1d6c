#!/usr/bin/python3
"""Turns the JSON lines of ams_bench_strategies and optuna_side.py into Markdown tables.

    report.py regret.jsonl cost.jsonl

Regret table: per function and (tool, strategy), the median and interquartile range (25th to
75th percentile over seeds) of regret = best value so far - known optimum, after 25, 50, 100
(and 200) trials. Then, per function, our best strategy's median final regret over Optuna's best
(< 1: amsearch found better points), and the same ratio for each algorithm both tools have.
Cost table: mean microseconds per trial spent in ask + tell
for runs of 100, 1000 and 2000 trials (median over repeats).
"""
import json
import sys
from collections import defaultdict


def quantile(values, q):
    """Linear interpolation between order statistics (numpy's default)."""
    s = sorted(values)
    if not s:
        return float("nan")
    pos = (len(s) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def fmt(v):
    if v != v:
        return "-"
    if v == 0:
        return "0"
    if abs(v) >= 100 or abs(v) < 1e-3:
        return f"{v:.2e}"
    return f"{v:.3g}"


def read(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def regret_tables(rows):
    by = defaultdict(list)
    for r in rows:
        by[(r["function"], r["tool"], r["label"])].append(r)
    functions = []
    for f, _, _ in by:
        if f not in functions:
            functions.append(f)
    out = []
    for f in functions:
        keys = sorted((k for k in by if k[0] == f), key=lambda k: (k[1], k[2]))
        checkpoints = sorted({int(c) for k in keys for r in by[k] for c in r["regret"]})
        checkpoints = [c for c in checkpoints if c in (25, 50, 100, 200)]
        seeds = max(len(by[k]) for k in keys)
        out.append(f"\n### {f} ({seeds} seeds): regret, median [25th, 75th percentile]\n")
        out.append("| tool | strategy | " + " | ".join(f"after {c}" for c in checkpoints) + " |")
        out.append("|---|---|" + "---|" * len(checkpoints))
        final = {}
        for k in keys:
            cells = []
            for c in checkpoints:
                vals = [r["regret"][str(c)] for r in by[k] if str(c) in r["regret"]]
                if not vals:
                    cells.append("-")
                    continue
                med = quantile(vals, 0.5)
                cells.append(f"{fmt(med)} [{fmt(quantile(vals, 0.25))}, {fmt(quantile(vals, 0.75))}]")
                final[k] = med
            out.append(f"| {k[1]} | {k[2]} | " + " | ".join(cells) + " |")
        ours = {k: v for k, v in final.items() if k[1] == "amsearch"}
        theirs = {k: v for k, v in final.items() if k[1] == "optuna"}
        if ours and theirs:
            best_ours = min(ours, key=ours.get)
            best_theirs = min(theirs, key=theirs.get)
            a, b = ours[best_ours], theirs[best_theirs]
            ratio = a / b if b > 0 else (1.0 if a == 0 else float("inf"))
            out.append(f"\nBest median final regret: amsearch {best_ours[2]} {fmt(a)}, optuna "
                       f"{best_theirs[2]} {fmt(b)}; ratio amsearch/optuna = {ratio:.3g}")
            same = []
            for k, v in sorted(ours.items()):
                twin = (k[0], "optuna", k[2])
                if twin in theirs and theirs[twin] > 0:
                    same.append(f"{k[2]} {v / theirs[twin]:.3g}")
            if same:
                out.append("Same algorithm, amsearch/optuna median final regret: " + ", ".join(same))
    return "\n".join(out)


def cost_table(rows):
    by = defaultdict(list)
    for r in rows:
        by[(r["tool"], r["label"], r["function"], r["trials"])].append(r["cost_us"])
    sizes = sorted({k[3] for k in by})
    series = sorted({k[:3] for k in by})
    out = ["\n### Per-trial cost (ask + tell), microseconds per trial, mean over the run\n",
           "| tool | strategy | function | " + " | ".join(f"{n} trials" for n in sizes) + " |",
           "|---|---|---|" + "---|" * len(sizes)]
    for s in series:
        cells = []
        for n in sizes:
            v = by.get(s + (n,))
            cells.append(f"{fmt(quantile(v, 0.5))} (x{len(v)})" if v else "-")
        out.append(f"| {s[0]} | {s[1]} | {s[2]} | " + " | ".join(cells) + " |")
    out.append("\n(xK: median of K repeats)")
    return "\n".join(out)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: report.py REGRET.jsonl [COST.jsonl]")
    print("## Regret\n" + regret_tables(read(sys.argv[1])))
    if len(sys.argv) > 2:
        print("\n## Cost\n" + cost_table(read(sys.argv[2])))


if __name__ == "__main__":
    main()
