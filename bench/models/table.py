"""Prints the model benchmark results (JSON lines from run.sh) as one Markdown table.
Ratios are amsearch / scikit-learn: below 1 means amsearch is faster or smaller."""
import json
import sys


def main():
    path, n_rows = sys.argv[1], sys.argv[2]
    print(f"classif/regress: {n_rows} rows x 50 features (80/20 split); digits: 1797 x 64\n")
    print("| model | data | fit CPU s (ams / sk) | fit ratio | predict CPU s (ams / sk) | predict ratio "
          "| peak RSS MB (ams / sk) | RSS ratio | RSS above start MB (ams / sk) | score (ams / sk) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for line in open(path):
        r = json.loads(line)
        a, s = r["amsearch"], r["sklearn"]
        if "error" in a or "error" in s:
            print(f"| {r['model']} | {r['data']} | amsearch: {a.get('error', 'ok')}, "
                  f"sklearn: {s.get('error', 'ok')} | | | | | | | |")
            continue
        grown = lambda r: (r["max_rss_kb"] - r.get("base_rss_kb", 0)) / 1024
        ratio = lambda k: a[k] / s[k] if s[k] > 0 else float("nan")
        print(f"| {r['model']} | {r['data']} | {a['fit_s']:.3f} / {s['fit_s']:.3f} | "
              f"{ratio('fit_s'):.2f} | {a['predict_s']:.4f} / {s['predict_s']:.4f} | "
              f"{ratio('predict_s'):.2f} | {a['max_rss_kb'] / 1024:.0f} / "
              f"{s['max_rss_kb'] / 1024:.0f} | {ratio('max_rss_kb'):.2f} | "
              f"{grown(a):.0f} / {grown(s):.0f} | "
              f"{a['score']:.4f} / {s['score']:.4f} |")


if __name__ == "__main__":
    main()
