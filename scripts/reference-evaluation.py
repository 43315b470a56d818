#!/usr/bin/env python3
"""Independent computations of the evaluation report's numbers, for core's known-answer tests.

Run: `make reference-evaluation` (a pinned venv with numpy and statsmodels). Prints each case's
values; core/src/evaluation/length.rs and core/tests/evaluation.rs assert the same figures.

- `length`: the length-controlled win rate, fitted with statsmodels' GLM (binomial family, the
  fractional response ½ for a tie), on the 12 pairs of `length.rs`'s `longer_wins()`.
- `bootstrap` and `wilson`: the keyword bootstrap and the Wilson interval of the twelve keywords
  of core/tests/evaluation.rs: SplitMix64 draws (the generator is four lines, written out below),
  rates with numpy, percentiles with numpy's `inverted_cdf`; Wilson from statsmodels.
"""
import numpy as np
import statsmodels.api as sm
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

M64 = (1 << 64) - 1
POINTS = {"win": 1.0, "loss": 0.0, "tie": 0.5, "both_bad": 0.5}


def length_case():
    pairs = [
        ("win", 220, 140), ("win", 180, 150), ("win", 300, 120), ("loss", 120, 210),
        ("loss", 100, 160), ("tie", 150, 150), ("win", 140, 160), ("loss", 200, 130),
        ("both_bad", 90, 110), ("win", 260, 200), ("loss", 130, 250), ("error", 0, 180),
    ]
    rows = [(POINTS[o], x - y) for o, x, y in pairs if o in POINTS]
    y = np.array([r[0] for r in rows])
    diff = np.array([r[1] for r in rows], dtype=float)
    d = np.tanh(diff / diff.std(ddof=1))
    fit = sm.GLM(y, sm.add_constant(d), family=sm.families.Binomial()).fit()
    b0, b1 = fit.params
    se0 = fit.bse[0]
    z = norm.ppf(0.975)
    expit = lambda v: 1.0 / (1.0 + np.exp(-v))
    print(f"length: b0={b0:.7f} b1={b1:.7f} se0={se0:.7f} "
          f"lc={expit(b0):.7f} low={expit(b0 - z * se0):.7f} high={expit(b0 + z * se0):.7f}")


class SplitMix:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        zone = M64 - M64 % n
        while True:
            x = self.next()
            if x < zone:
                return x % n


def bootstrap_case():
    outcomes = ["win", "win", "loss", "tie", "both_bad", "win", "error", "loss", "win", "unparseable",
                "win", "tie"]
    units = [(POINTS.get(o, 0.0), 1 if o in POINTS else 0) for o in outcomes]
    random = SplitMix(7)
    rates = []
    for _ in range(1000):
        drawn = [units[random.below(len(units))] for _ in units]
        points, decided = np.sum([p for p, _ in drawn]), np.sum([d for _, d in drawn])
        if decided > 0:
            rates.append(points / decided)
    low, high = np.percentile(rates, [2.5, 97.5], method="inverted_cdf")
    print(f"bootstrap: replicates={len(rates)} low={low:.7f} high={high:.7f}")
    decided = [(p, d) for p, d in units if d]
    points = sum(p for p, _ in decided)
    low, high = proportion_confint(points, len(decided), alpha=0.05, method="wilson")
    print(f"wilson: successes={points} n={len(decided)} low={low:.7f} high={high:.7f}")


if __name__ == "__main__":
    length_case()
    bootstrap_case()
