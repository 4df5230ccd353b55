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
