"""Writes the benchmark data sets once, each as train.csv and test.csv (80/20, fixed seed).

    make_data.py OUT_DIR DIGITS_CSV N_ROWS

classif: make_classification(N_ROWS x 50, 20 informative, 2 classes, seed 0)
regress: make_regression(N_ROWS x 50, 20 informative, noise 10, seed 0)
digits:  examples/data/digits.csv (1797 x 64, 10 classes)
Numeric CSVs with a header and the target last, as fit_one.cpp and sk_fit_one.py read them.
"""
import os
import sys

import numpy as np
from sklearn.datasets import make_classification, make_regression
from sklearn.model_selection import train_test_split


def write(folder, X, y, integer_target):
    os.makedirs(folder, exist_ok=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.2, random_state=0, stratify=y if integer_target else None)
    header = ",".join([f"x{j}" for j in range(X.shape[1])] + ["target"])
    for name, A, b in (("train", X_tr, y_tr), ("test", X_te, y_te)):
        data = np.column_stack([A, b])
        fmt = ["%.17g"] * X.shape[1] + ["%d" if integer_target else "%.17g"]
        np.savetxt(os.path.join(folder, name + ".csv"), data, delimiter=",", header=header,
                   comments="", fmt=fmt)


def main():
    out, digits_csv, n_rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tag = f"{n_rows}"
    if not os.path.exists(os.path.join(out, f"classif{tag}", "test.csv")):
        X, y = make_classification(n_samples=n_rows, n_features=50, n_informative=20,
                                   n_redundant=10, n_classes=2, random_state=0)
        write(os.path.join(out, f"classif{tag}"), X, y, True)
    if not os.path.exists(os.path.join(out, f"regress{tag}", "test.csv")):
        X, y = make_regression(n_samples=n_rows, n_features=50, n_informative=20, noise=10.0,
                               random_state=0)
        write(os.path.join(out, f"regress{tag}"), X, y, False)
    if not os.path.exists(os.path.join(out, "digits", "test.csv")):
        raw = np.loadtxt(digits_csv, delimiter=",", skiprows=1)
        write(os.path.join(out, "digits"), raw[:, :-1], raw[:, -1].astype(int), True)


if __name__ == "__main__":
    main()
