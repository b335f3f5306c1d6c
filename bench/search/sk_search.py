"""scikit-learn's side of the search benchmark: RandomizedSearchCV over the space of
pipeline.toml, on the same digits CSV. Prints {"wall_s":..,"cpu_s":..,"best_cv":..,
"best_params":..}; cpu_s counts this process and its worker processes, from the start (so it
includes reading the CSV and importing scikit-learn).

    sk_search.py DIGITS_CSV N_ITER CV N_JOBS SEED
"""
import json
import resource
import sys
import time

import numpy as np
from scipy.stats import randint
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold


def main():
    path, n_iter, cv, n_jobs, seed = sys.argv[1], *map(int, sys.argv[2:6])
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1].astype(int)
    space = {
        "n_estimators": randint(10, 201),
        "max_depth": randint(2, 33),
        "min_samples_split": randint(2, 21),
        "max_features": ["sqrt", "log2", None],
    }
    search = RandomizedSearchCV(
        RandomForestClassifier(n_jobs=1, random_state=seed), space, n_iter=n_iter,
        cv=StratifiedKFold(cv, shuffle=True, random_state=seed), scoring="accuracy",
        n_jobs=n_jobs, random_state=seed, refit=True)
    start = time.perf_counter()
    search.fit(X, y)
    wall = time.perf_counter() - start
    # The worker processes' CPU counts once they have exited and been waited for.
    from joblib.externals.loky import get_reusable_executor
    get_reusable_executor().shutdown(wait=True)
    cpu = sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                resource.getrusage(resource.RUSAGE_CHILDREN)))
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "best_cv": search.best_score_,
                      "best_params": {k: (v if v is not None else "all")
                                      for k, v in search.best_params_.items()}}))


if __name__ == "__main__":
    main()
