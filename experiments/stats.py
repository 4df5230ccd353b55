"""Means, paired differences and their t intervals: what a batch summary reports.

Replications are independent draws of the model, so a Student t interval on their mean is the
honest 95% interval; under common random numbers the paired difference (same replication,
same seed, two scenarios) removes the noise the scenarios share.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats


def t_half_width(sd, n: int, level: float = 0.95):
    """Half-width of the Student t interval of a mean of ``n`` values with std ``sd`` (array or
    number): the one place a t quantile is computed."""
    return stats.t.ppf(0.5 + level / 2, n - 1) * sd / math.sqrt(n)


def t_interval(values, level: float = 0.95) -> tuple[float, float, float, float]:
    """``(mean, std, low, high)`` of the finite ``values``; NaN bounds below two values."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = x.size
    if n == 0:
        return (math.nan,) * 4
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, math.nan, math.nan
    sd = float(x.std(ddof=1))
    half = float(t_half_width(sd, n, level))
    return mean, sd, mean - half, mean + half


def paired_p(diffs) -> float:
    """Two-sided p-value of the paired t test that the mean of ``diffs`` is 0 (NaN below two
    values; 0 or 1 when every difference is the same)."""
    x = np.asarray(diffs, dtype=float)
    x = x[np.isfinite(x)]
    if x.size < 2:
        return math.nan
    sd = x.std(ddof=1)
    if sd == 0:
        return 1.0 if x.mean() == 0 else 0.0
    t = x.mean() / (sd / math.sqrt(x.size))
    return float(2 * stats.t.sf(abs(t), x.size - 1))


def holm(pvalues) -> np.ndarray:
    """Holm's step-down adjustment of ``pvalues`` (NaN kept out of the family and returned
    as NaN): controls the chance of any false positive among all the comparisons."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, math.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = ok.size
    running = 0.0
    for rank, i in enumerate(ok[np.argsort(p[ok], kind="stable")]):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def sign_count(values) -> tuple[int, int, int]:
    """``(positive, negative, n)`` among the finite ``values``: a plain count that needs no
    symmetry (a skewed spending difference positive in 5 of 5 replications is said so)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    return int((x > 0).sum()), int((x < 0).sum()), int(x.size)


def bootstrap_ratio(numerator, denominator, *, resamples: int = 4000, level: float = 0.95,
                    seed: int = 0) -> dict:
    """Ratio of means ``mean(numerator) / mean(denominator)`` over paired replications (the
    cost per additional job: extra spending over extra jobs), with a percentile bootstrap
    interval that resamples whole replications, so the pairing is kept.

    The ratio is defined only for a positive denominator (a gain); ``undefined`` is the share
    of resamples without one, and the interval is NaN when it exceeds ``1 - level``: the data
    cannot tell whether there is a gain to put a price on.
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    ok = np.isfinite(num) & np.isfinite(den)
    num, den = num[ok], den[ok]
    n = num.size
    nan = {"estimate": math.nan, "low": math.nan, "high": math.nan, "undefined": math.nan,
           "n": int(n)}
    if n == 0:
        return nan
    estimate = num.mean() / den.mean() if den.mean() > 0 else math.nan
    if n < 2:
        return {**nan, "estimate": estimate}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(resamples, n))
    bn, bd = num[idx].mean(axis=1), den[idx].mean(axis=1)
    good = bd > 0
    undefined = float(1 - good.mean())
    low = high = math.nan
    if undefined <= 1 - level:
        # a resample without a gain has no finite cost: it counts as an infinite one
        ratios = np.where(good, bn / np.where(good, bd, 1), np.inf)
        # order statistics, not interpolation (which makes NaN of two infinite neighbours)
        low, high = (float(v) for v in np.quantile(ratios, [(1 - level) / 2, (1 + level) / 2],
                                                   method="inverted_cdf"))
    return {"estimate": float(estimate), "low": low, "high": high, "undefined": undefined,
            "n": int(n)}


def bootstrap_mean(values, *, resamples: int = 4000, level: float = 0.95,
                   seed: int = 0) -> tuple[float, float, float]:
    """``(mean, low, high)``: a percentile bootstrap interval of the mean, which follows the
    skew of the values (a Student t interval is symmetric by construction)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size < 2:
        return (float(x.mean()) if x.size else math.nan), math.nan, math.nan
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(resamples, x.size))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(x.mean()), float(low), float(high)
