"""Indicators on Labour Force Survey definitions (issue 10, item 7), checked on a small town whose
columns a test sets directly: each indicator must follow the state it is given, so a wrong
numerator, denominator or age band fails."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tremplin.model import TremplinModel, indicators
from tremplin.model.population import NEVER, Citizenship, Education, Route, Status, Work


@pytest.fixture
def model(small_scenario) -> TremplinModel:
    m = TremplinModel(small_scenario("baseline"), seed=3)
    for _ in range(6):
        m.step()
    return m


def _masks(m: TremplinModel):
    everyone = indicators._everyone(m)
    return everyone, indicators._migrants(m, everyone)


def _migrant_rows(m: TremplinModel, mask) -> np.ndarray:
    _, mig = _masks(m)
    return mig.rows[mask(mig)]


def test_long_term_unemployment_counts_from_the_start_of_the_current_spell(model):
    m, p = model, model.people
    _, mig = _masks(m)
    unemployed = mig.rows[mig.unemployed & mig.working_age]
    assert len(unemployed) >= 4
    half = unemployed[: len(unemployed) // 2]
    p.searching_since[unemployed] = m.month - indicators.LONG_TERM_MONTHS + 1  # 11 months
    p.searching_since[half] = m.month - indicators.LONG_TERM_MONTHS             # 12 months
    # people in work with an old date do not count: they are not unemployed
    p.searching_since[mig.rows[mig.employed]] = m.month - 100
    ind = indicators.compute(m)
    assert ind["long_term_unemployment_share"] == pytest.approx(len(half) / len(unemployed))
    active = np.count_nonzero(mig.in_labour_force & mig.working_age)
    assert ind["long_term_unemployment_rate"] == pytest.approx(len(half) / active)
    p.searching_since[unemployed] = NEVER  # no spell recorded: not long-term
    assert indicators.compute(m)["long_term_unemployment_share"] == 0


def test_ilo_employment_counts_undeclared_work_and_declared_employment_does_not(model):
    m, p = model, model.people
    before = indicators.compute(m)
    idle = _migrant_rows(m, lambda g: g.working_age & (g.work == Work.NONE) & g.permit_holders)
    assert len(idle) >= 2
    p.work[idle] = Work.INFORMAL
    after = indicators.compute(m)
    wa = np.count_nonzero(_masks(m)[1].working_age)
    assert after["employment_rate_ilo"] == pytest.approx(
        before["employment_rate_ilo"] + len(idle) / wa)
    assert after["employment_rate"] == before["employment_rate"]
    assert after["declared_employment_rate_regular"] == before["declared_employment_rate_regular"]
    assert after["employment_rate_regular"] > before["employment_rate_regular"]


def test_permit_holders_by_sex_leave_out_people_without_papers(model):
    m, p = model, model.people
    women = _migrant_rows(m, lambda g: g.working_age & g.permit_holders & g.women)
    assert len(women) >= 2
    p.work[women] = Work.INFORMAL  # every woman with a permit works (undeclared)
    undocumented_women = _migrant_rows(
        m, lambda g: g.working_age & (g.status == Status.UNDOCUMENTED) & g.women)
    p.work[undocumented_women] = Work.NONE  # and no woman without papers does
    ind = indicators.compute(m)
    assert ind["employment_rate_regular_women"] == 1.0
    assert ind["unemployment_rate_regular_women"] == 0.0
    assert ind["employment_rate_regular_men"] < 1.0
    lo, hi = sorted((ind["employment_rate_regular_women"], ind["employment_rate_regular_men"]))
    assert lo <= ind["employment_rate_regular"] <= hi


def test_regularisation_rate_covers_every_route_and_reports_the_stock_by_route(model):
    m, p = model, model.people
    rows = _migrant_rows(m, lambda g: g.permit_holders)
    assert len(rows) >= 12
    p.irregular_route[p.migrants()] = Route.NONE
    p.status_on_arrival[p.migrants()] = Status.TEMPORARY_PERMIT
    p.set_status(np.flatnonzero(p.migrants() & (p.status == Status.UNDOCUMENTED)),
                 Status.TEMPORARY_PERMIT)
    rejected, lost, arrived = rows[:6], rows[6:9], rows[9:12]
    p.irregular_route[rejected] = Route.REJECTED_ASYLUM
    p.irregular_route[lost] = Route.LOST_PERMIT
    p.irregular_route[arrived] = Route.ARRIVED_UNDOCUMENTED
    p.set_status(rejected[:4], Status.UNDOCUMENTED)  # 2 of 6 regularised
    p.set_status(lost[:1], Status.UNDOCUMENTED)      # 2 of 3 regularised
    ind = indicators.compute(m)
    assert ind["regularisation_rate_rejected_asylum"] == pytest.approx(2 / 6)
    assert ind["regularisation_rate_lost_permit"] == pytest.approx(2 / 3)
    assert ind["regularisation_rate_arrived_undocumented"] == 1.0
    assert ind["regularisation_rate"] == pytest.approx(7 / 12)
    assert (ind["undocumented_rejected_asylum"], ind["undocumented_lost_permit"],
            ind["undocumented_arrived_undocumented"]) == (4, 1, 0)
    assert ind["undocumented_share"] == pytest.approx(5 / len(np.flatnonzero(p.migrants())))


def test_regularisation_rate_is_undefined_when_nobody_has_been_undocumented(model):
    p = model.people
    mig = np.flatnonzero(p.migrants())
    p.irregular_route[mig] = Route.NONE
    p.status_on_arrival[mig] = Status.TEMPORARY_PERMIT
    p.set_status(mig[p.status[mig] == Status.UNDOCUMENTED], Status.TEMPORARY_PERMIT)
    ind = indicators.compute(model)
    assert math.isnan(ind["regularisation_rate"])
    assert ind["undocumented_lost_permit"] == 0


def test_overqualification_is_for_ages_20_to_64_on_skill_levels(model):
    m, p = model, model.people
    grads = _migrant_rows(m, lambda g: g.declared & g.working_age)
    grads = grads[p.education[grads] == Education.TERTIARY]
    assert len(grads) >= 2
    p.job_level[grads] = Education.MEDIUM
    assert indicators.compute(m)["overqualification_rate"] == 1.0
    p.job_level[grads[:1]] = Education.TERTIARY
    assert indicators.compute(m)["overqualification_rate"] == pytest.approx(
        (len(grads) - 1) / len(grads))
    p.birth_month[grads] = m.month - indicators.LFS_AGES[1] * 12  # all aged 65
    assert math.isnan(indicators.compute(m)["overqualification_rate"])


def test_natives_rates_count_nationals_only(model):
    m, p = model, model.people
    nationals = np.flatnonzero(p.present & (p.citizenship == Citizenship.NATIONAL))
    eu = np.flatnonzero(p.present & (p.citizenship == Citizenship.EU))
    before = indicators.compute(m)["natives_employment_rate"]
    p.work[eu] = Work.NONE  # other-EU citizens are not in the nationals' comparator
    assert indicators.compute(m)["natives_employment_rate"] == before
    p.work[nationals] = Work.INFORMAL  # undeclared work is employment in the ILO sense
    assert indicators.compute(m)["natives_employment_rate"] == 1.0
