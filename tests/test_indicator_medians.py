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


def test_median_of_two_sorted_groups_matches_the_weighted_median():
    """``_incomes`` finds the median from migrants' and natives' incomes sorted apart, each
    group of one weight: the same value as the median of everyone with their weights."""
    rng = np.random.default_rng(7)
    for _ in range(400):
        sizes = rng.integers(0, 120, 2)
        if not sizes.any():
            continue
        distinct = int(rng.integers(1, 12))
        values = [rng.integers(0, distinct, k) * 137.5 for k in sizes]
        weights = [1, int(rng.integers(1, 6))]
        groups = [(np.sort(v), w) for v, w in zip(values, weights, strict=True)]
        everyone = np.concatenate(values)
        each = np.concatenate([np.full(k, w, dtype=np.int16)
                               for k, w in zip(sizes, weights, strict=True)])
        assert indicators._median_of_groups(groups) == _argsort_weighted_median(everyone, each)


def test_band_lookup_matches_the_search_of_the_band_edges():
    """Years here are banded by a lookup table that must answer as the edge search would,
    before arrival, at every edge and far past the last."""
    months = np.arange(-2000, 14000, dtype=np.int32)
    table = indicators._BAND_AFTER
    looked_up = table.take(np.minimum(np.maximum(months + 1, 0), len(table) - 1))
    assert np.array_equal(looked_up, indicators._BAND_EDGES.searchsorted(months, side="right"))
