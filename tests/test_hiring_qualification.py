"""The hiring factor for under-qualification is read from a table (a speed-up of 2026-12-01);
the rule it tabulates is ``labour_market.effective_qualification``. These tests keep the two
from drifting apart: every application's factor must be the rule's, in a real town where
unrecognised foreign degrees, employers who count them and every post level occur."""

from __future__ import annotations

import numpy as np
import pytest

from tremplin.model import TremplinModel, load
from tremplin.model.labour_market import (
    _applicants,
    _qualification_odds,
    effective_qualification,
)
from tremplin.model.population import Citizenship


def _by_rule(model: TremplinModel, rows: np.ndarray, e: np.ndarray) -> np.ndarray:
    lm = model.scenario.labour_market
    gap = model.employers.level[e] - effective_qualification(model.people, rows,
                                                             model.employers, e)
    return np.where(gap <= 0, 1.0, np.where(gap == 1, lm.one_level_below_hire_factor,
                                            lm.underqualified_hire_factor))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_table_gives_the_rules_factor_for_every_person_and_employer(seed):
    model = TremplinModel(load("baseline"), seed=seed)
    p, emp = model.people, model.employers
    rows = np.flatnonzero(model.masks.migrants | model.masks.natives)
    rows, e = (a.ravel() for a in np.meshgrid(rows, np.arange(emp.n)))
    non_eu = p.citizenship[rows] == Citizenship.NON_EU.value
    table = _qualification_odds(model, _applicants(model, rows).kind, e)
    rule = _by_rule(model, rows, e)
    # the comparison covers the cases that differ: a foreign degree not counted, both factors
    unrecognised = non_eu & ~p.diploma_recognised[rows] & ~emp.foreign_diplomas[e]
    assert unrecognised.any() and (~unrecognised).any()
    lm = model.scenario.labour_market
    assert {1.0, lm.one_level_below_hire_factor, lm.underqualified_hire_factor} <= set(rule)
    np.testing.assert_array_equal(table, rule)
