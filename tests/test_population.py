"""The population table's helpers: the weighted draw that replaces ``Generator.choice``."""

from __future__ import annotations

import numpy as np
import pytest

from tremplin.model.population import cumulative_weights, weighted_choice


@pytest.mark.parametrize("seed", range(40))
def test_weighted_choice_draws_what_generator_choice_draws(seed):
    """Same indices, same dtype and the generator left in the same state as
    ``rng.choice(len(p), size=k, p=p)``, for weights with zeros and of many sizes: the
    processes that use it (arrivals) must keep every random stream as it was."""
    setup = np.random.default_rng(seed)
    n, k = int(setup.integers(1, 300)), int(setup.integers(0, 60))
    weights = setup.random(n) * (setup.random(n) < 0.6)
    weights[setup.integers(0, n)] += 0.5  # at least one positive weight
    p = weights / weights.sum()
    reference, ours = np.random.default_rng(seed + 1000), np.random.default_rng(seed + 1000)
    expected = reference.choice(n, size=k, p=p)
    got = weighted_choice(ours, cumulative_weights(p), k)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)
    assert ours.bit_generator.state == reference.bit_generator.state


def test_weighted_choice_never_draws_a_zero_weight():
    rng = np.random.default_rng(3)
    p = np.array([0.0, 0.25, 0.0, 0.75, 0.0])
    drawn = weighted_choice(rng, cumulative_weights(p), 5000)
    assert set(np.unique(drawn)) == {1, 3}
