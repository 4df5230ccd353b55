"""The indicators' own medians (speed pass, issues 10-11) give exactly the values of the plain
numpy computations they replace: the golden files compare indicator tables byte for byte, so a
median off by one tie or by the sign of a zero would show there only for the seeds stored."""

from __future__ import annotations

import numpy as np
import pytest

from tremplin.model import indicators


def _argsort_weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The former definition: sort, accumulate the weights, take the value at half."""
    order = np.argsort(values)
    cum = np.cumsum(weights[order].astype(float))
    return float(values[order][np.searchsorted(cum, cum[-1] / 2.0)])


@pytest.mark.parametrize("kinds", [(1,), (1, 5), (1, 3, 5), (2, 7)])
def test_weighted_median_matches_the_sorted_cumulative_weight(kinds):
    rng = np.random.default_rng(len(kinds))
    for _ in range(400):
        n = int(rng.integers(1, 200))
        distinct = int(rng.integers(1, 12))
        values = rng.integers(0, distinct, n) * 137.5  # many ties, as incomes have
        if rng.random() < 0.3:
            values = values + rng.random(n)  # or none
        weights = rng.choice(np.array(kinds, dtype=np.int16), n)
        got = indicators._weighted_median(values, weights)
        assert got == _argsort_weighted_median(values, weights)


def test_weighted_median_of_nobody_is_nan():
    assert np.isnan(indicators._weighted_median(np.zeros(0), np.zeros(0, dtype=np.int16)))


def test_finite_median_matches_numpy_bit_for_bit():
    rng = np.random.default_rng(0)
    for _ in range(3000):
        n = int(rng.integers(1, 50))
        pick = int(rng.integers(0, 3))
        values = [rng.normal(0.0, 3.0, n), np.round(rng.normal(0.0, 1.0, n)),
                  rng.choice(np.array([-0.0, 0.0, 1.0, -1.0]), n)][pick]
        expected, got = float(np.median(values)), indicators._finite_median(values)
        assert got == expected and np.signbit(got) == np.signbit(expected)
    assert np.isnan(indicators._finite_median(np.zeros(0)))
