"""Emergent patterns the model should reproduce without being told to (Calvó-Armengol &
Jackson 2004, sources.md §1.2): employment is correlated between contacts (through referrals
and ties formed at work), and the chance of leaving unemployment falls with its duration
(heterogeneity and shrinking networks). Nothing in the code sets either directly."""

from __future__ import annotations

import numpy as np

from tremplin.model import TremplinModel, load
from tremplin.model.labour_market import job_seekers
from tremplin.model.population import Citizenship, Work

SEEDS = range(3)


def _run(seed: int, months: int = 48):
    model = TremplinModel(load("baseline"), seed=seed)
    exits = np.zeros(2)
    at_risk = np.zeros(2)  # [searching < 3 months, searching >= 12 months]
    for _ in range(months):
        p = model.people
        rows, _ = job_seekers(model)
        rows = rows[(p.citizenship[rows] == Citizenship.NON_EU) & (p.work[rows] == Work.NONE)]
        duration = model.month - p.searching_since[rows]
        band = np.where(duration < 3, 0, np.where(duration >= 12, 1, -1))
        model.step()
        found = model.declared()[rows]
        for b in (0, 1):
            at_risk[b] += (band == b).sum()
            exits[b] += (found & (band == b)).sum()
    return model, exits, at_risk


def test_exit_from_unemployment_falls_with_duration():
    exits = np.zeros(2)
    at_risk = np.zeros(2)
    for seed in SEEDS:
        _, e, r = _run(seed)
        exits += e
        at_risk += r
    short, long_ = exits / at_risk
    assert at_risk.min() > 100
    assert short > 1.5 * long_


def test_employment_is_correlated_between_contacts():
    observed, shuffled = [], []
    rng = np.random.default_rng(0)
    for seed in SEEDS:
        model, _, _ = _run(seed, months=36)
        p = model.people
        mig = p.present & (p.citizenship == Citizenship.NON_EU)
        employed = model.declared().astype(float)
        a, b = model.network.a, model.network.b
        both = mig[a] & mig[b]
        a, b = a[both], b[both]
        observed.append(np.corrcoef(employed[a], employed[b])[0, 1])
        # the same people paired at random: no tie, no referral
        shuffled.append(np.corrcoef(employed[a], employed[rng.permutation(b)])[0, 1])
    assert np.mean(observed) > 0.02
    assert np.mean(observed) > np.mean(shuffled) + 0.02
