"""Checks examples/sparse_lr against scikit-learn's LogisticRegression.

    /usr/bin/python3 compare_sklearn.py path/to/sparse_lr

For C in (1, 0.1, 0.01) and each penalty, fits LogisticRegression(solver="saga")
on the digits (small against large, standardised, as scikit-learn's L1-sparsity
example does) and runs the C++ example with the same values through -D. Both
are scored on the training data. Fails (exit 1) unless, for every trial, the
accuracies are within 2 points, the sparsities within 5 points and the
objectives (C * summed log-loss + penalty) within one part in a million, and unless, under L1,
the sparsity grows as C shrinks.
"""

import os
import subprocess
import sys

import numpy as np
import sklearn.datasets
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

GRID_C = (1.0, 0.1, 0.01)
PENALTIES = ("l1", "l2")
ACCURACY_POINTS = 2.0
SPARSITY_POINTS = 5.0
OBJECTIVE_RELATIVE = 1e-6


def objective(clf, X, y, C, penalty):
    """What LogisticRegression minimises, at its solution."""
    margin = (2 * y - 1) * clf.decision_function(X)
    loss = np.logaddexp(0, -margin).sum()
    w = clf.coef_.ravel()
    return C * loss + (np.abs(w).sum() if penalty == "l1" else 0.5 * w @ w)


def ours(binary, data, C, penalty):
    args = [binary, "-D", f"sparse_lr.data={data}", "-D", f"sparse_lr.C={C}", "-D",
            f"sparse_lr.penalty={penalty}", "-D", "sparse_lr.tol=1e-8", "-D", "sparse_lr.max_iter=100000"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    values = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("accuracy", "sparsity"):
            values[words[0]] = float(words[1])
        if "objective" in words:
            values["objective"] = float(words[words.index("objective") + 1])
    if set(values) != {"accuracy", "sparsity", "objective"}:
        sys.exit(f"unexpected output of {' '.join(args)}:\n{out}")
    return values


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    # The very file load_digits reads, so both sides see the same data.
    data = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data", "digits.csv.gz")
    X, y = sklearn.datasets.load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    y = (y > 4).astype(int)

    failures = []
    sparsity = {}
    print(f"{'penalty':8}{'C':>6}  {'accuracy':>17}  {'sparsity':>17}  {'objective':>25}")
    print(f"{'':14}  {'sklearn':>8} {'ours':>8}  {'sklearn':>8} {'ours':>8}  {'sklearn':>12} {'ours':>12}")
    for penalty in PENALTIES:
        for C in GRID_C:
            clf = LogisticRegression(penalty=penalty, C=C, solver="saga", tol=1e-6, max_iter=20000,
                                     random_state=0)
            clf.fit(X, y)
            theirs = {
                "accuracy": 100 * clf.score(X, y),
                "sparsity": 100 * np.mean(clf.coef_ == 0),
                "objective": objective(clf, X, y, C, penalty),
            }
            mine = ours(binary, data, C, penalty)
            sparsity[penalty, C] = mine["sparsity"]
            print(f"{penalty:8}{C:>6}  {theirs['accuracy']:8.1f} {mine['accuracy']:8.1f}"
                  f"  {theirs['sparsity']:8.1f} {mine['sparsity']:8.1f}"
                  f"  {theirs['objective']:12.6f} {mine['objective']:12.6f}")
            trial = f"penalty={penalty} C={C}"
            if abs(theirs["accuracy"] - mine["accuracy"]) > ACCURACY_POINTS:
                failures.append(f"{trial}: accuracy {mine['accuracy']:.1f}, scikit-learn {theirs['accuracy']:.1f}")
            if abs(theirs["sparsity"] - mine["sparsity"]) > SPARSITY_POINTS:
                failures.append(f"{trial}: sparsity {mine['sparsity']:.1f}, scikit-learn {theirs['sparsity']:.1f}")
            if abs(theirs["objective"] - mine["objective"]) > OBJECTIVE_RELATIVE * theirs["objective"]:
                failures.append(f"{trial}: objective {mine['objective']:.6f}, "
                                f"scikit-learn {theirs['objective']:.6f}")

    l1 = [sparsity["l1", C] for C in GRID_C]  # C shrinking
    if not all(a < b for a, b in zip(l1, l1[1:])):
        failures.append(f"L1 sparsity does not grow as C shrinks {GRID_C}: {l1}")

    for failure in failures:
        print("FAIL", failure)
    if failures:
        sys.exit(1)
    print("sparse_lr agrees with scikit-learn on every trial")


if __name__ == "__main__":
    main()
