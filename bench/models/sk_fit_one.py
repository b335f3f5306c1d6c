"""Fits one scikit-learn model on train.csv and scores it on test.csv, in a process that does
nothing else (the counterpart of fit_one.cpp).

    sk_fit_one.py MODEL train.csv test.csv classification|regression [SEED]

Prints {"fit_s":..,"predict_s":..,"score":..,"max_rss_kb":..,"base_rss_kb":..}: CPU seconds (process_time, every
thread) of the fit and the prediction, accuracy or R^2, peak resident memory of the process and
its peak before reading the data (the interpreter with scikit-learn imported).
"""
import json
import resource
import sys
import time

import numpy as np


def make(name, seed):
    from sklearn import ensemble, linear_model, neighbors, neural_network
    return {
        "random_forest": lambda: ensemble.RandomForestClassifier(
            n_estimators=100, max_features="sqrt", n_jobs=1, random_state=seed),
        "extra_trees": lambda: ensemble.ExtraTreesClassifier(
            n_estimators=100, max_features="sqrt", n_jobs=1, random_state=seed),
        "gradient_boosting": lambda: ensemble.HistGradientBoostingClassifier(
            max_iter=100, learning_rate=0.1, max_leaf_nodes=31, early_stopping=False,
            random_state=seed),
        "logistic_regression": lambda: linear_model.LogisticRegression(C=1.0, max_iter=100),
        "ridge": lambda: linear_model.Ridge(alpha=1.0),
        "knn": lambda: neighbors.KNeighborsClassifier(n_neighbors=5, n_jobs=1),
        "mlp": lambda: neural_network.MLPClassifier(
            hidden_layer_sizes=(64,), max_iter=200, batch_size=200, random_state=seed),
    }[name]()


def main():
    name, train_csv, test_csv, task = sys.argv[1:5]
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    model = make(name, seed)  # imports scikit-learn: the interpreter's own footprint, before any data
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    train = np.loadtxt(train_csv, delimiter=",", skiprows=1)
    test = np.loadtxt(test_csv, delimiter=",", skiprows=1)
    start = time.process_time()
    model.fit(train[:, :-1], train[:, -1])
    fit_s = time.process_time() - start
    start = time.process_time()
    model.predict(test[:, :-1])
    predict_s = time.process_time() - start
    score = model.score(test[:, :-1], test[:, -1])  # accuracy or R^2
    print(json.dumps({"fit_s": fit_s, "predict_s": predict_s, "score": score,
                      "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "base_rss_kb": base_kb}))


if __name__ == "__main__":
    main()
