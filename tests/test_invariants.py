"""State invariants checked every month of small simulations with every lever on.

Each check states something that must hold whatever the parameters: bookkeeping (positions,
memberships, accounts), legal constraints (no declared job without the right to work), the
Mesa agent set matching the people present, and indicators that are shares, sums or partitions
of each other.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import tremplin.model as tm
from tremplin.model import indicators
from tremplin.model.agents import Cooperative, Migrant
from tremplin.model.labour_market import hire_probability
from tremplin.model.population import Citizenship, Education, Pathway, Route, Status, Work

MONTHS = 36
RATE_KEYS = [s.name for s in indicators.SPECS if s.kind is indicators.Kind.SHARE]


def _check_people(m) -> None:
    p, emp = m.people, m.employers
    work, present = p.work, p.present
    employer, coop, status = p.employer, p.coop, p.status
    main = work == Work.MAINSTREAM

    # positions: each employer's occupied count is the weighted count of its staff
    occupied = np.bincount(employer[main], weights=p.weight[main], minlength=emp.n)
    np.testing.assert_array_equal(occupied.astype(np.int64), emp.occupied,
                                  err_msg="employers.occupied out of step with people.employer")
    assert (emp.occupied >= 0).all()
    assert (employer[main] >= 0).all() and (employer[main] < emp.n).all()
    assert (employer[~main] == -1).all(), "an employer recorded for someone not in a job"
    assert (p.job_level[main] >= 0).all()

    # the right to work
    assert not (main & (status == Status.UNDOCUMENTED)).any(), "undocumented in a declared job"
    legal = p.legal_to_work(m.month, m.scenario.demography.asylum_work_access_months)
    assert not (main & ~legal).any(), "mainstream job without the right to work"
    assert not ((work == Work.SELF_EMPLOYED) & (status == Status.UNDOCUMENTED)).any()

    # cooperatives: members are SSE workers of an active cooperative, and vice versa
    member = coop >= 0
    assert (work[member] == Work.SSE).all(), "member of a cooperative not in SSE work"
    assert (member[work == Work.SSE]).all(), "SSE work without a cooperative"
    c = m.cooperatives
    assert (coop[member] < c.n).all()
    assert c.active[coop[member]].all(), "member of a closed cooperative"
    assert present[member].all(), "a member who left"
    # SSE posts have levels like others (issue 11): within the scale, deskilling by education
    assert ((p.job_level[member] >= 0) & (p.job_level[member] <= Education.TERTIARY)).all()
    np.testing.assert_array_equal(p.deskilled[member], p.education[member] > p.job_level[member])

    # people who left hold nothing
    gone = ~present
    assert (work[gone] == Work.NONE).all(), "someone who left still has work"
    assert (employer[gone] == -1).all() and (coop[gone] == -1).all()
    assert (p.pathway[gone] == Pathway.NOT_ENROLLED).all()
    assert not (main & (p.pathway != Pathway.NOT_ENROLLED)).any()

    lang = p.language
    assert ((lang >= 0) & (lang <= 1)).all(), (lang.min(), lang.max())
    trauma = p.trauma
    assert ((trauma >= 0) & (trauma <= 1)).all()


def _check_agents(m) -> None:
    p = m.people
    mig = p.citizenship == Citizenship.NON_EU
    here = np.flatnonzero(mig & p.present)
    left = np.flatnonzero(mig & ~p.present)
    # Migrant views are created on request: those that exist are all of people present
    agents = m.agents_by_type.get(Migrant, [])
    assert {a.row for a in agents} <= set(here.tolist()), "a Migrant view outlived its person"
    for r in here[:: max(1, len(here) // 25)].tolist():
        view = m.migrant(r)
        assert view.row == r and view.present is True
    for r in left.tolist():
        with pytest.raises(KeyError):
            m.migrant(r)
    c = m.cooperatives
    coops = m.agents_by_type.get(Cooperative, [])
    assert sorted(a.row for a in coops) == list(range(c.n))


def _check_indicators(m, prev: dict | None) -> None:
    ind, p, c = m.indicators, m.people, m.cooperatives
    assert ind["month"] == m.month
    for k in RATE_KEYS:
        v = ind[k]
        assert math.isnan(v) or 0.0 <= v <= 1.0, f"{k} = {v}"
    present_mig = p.present & (p.citizenship == Citizenship.NON_EU)
    assert 0 <= ind["migrants_present"] <= present_mig.sum()
    assert 0.0 <= ind["mean_language_level"] <= 1.0

    # denominators: regularisation among people present who have been undocumented, by any
    # route (issue 10; it was among those who arrived undocumented)
    been = present_mig & ((p.irregular_route != Route.NONE) | (p.status == Status.UNDOCUMENTED)
                          | (p.status_on_arrival == Status.UNDOCUMENTED))
    assert math.isnan(ind["regularisation_rate"]) == (not been.any())
    if been.any():
        holds = (p.status[been] != Status.UNDOCUMENTED).mean()
        assert ind["regularisation_rate"] == pytest.approx(holds)
    # the stock of undocumented people by route never exceeds the undocumented present
    by_route = sum(ind[f"undocumented_{r}"] for r, _ in indicators.ROUTES)
    assert by_route <= (present_mig & (p.status == Status.UNDOCUMENTED)).sum()
    assert math.isnan(ind["undocumented_share"]) == (not present_mig.any())
    # long-term unemployment is a share of the unemployed: undefined exactly when nobody is
    u = ind["unemployment_rate"]
    assert math.isnan(ind["long_term_unemployment_share"]) == (math.isnan(u) or u == 0)

    # declared work is mainstream + SSE + self-employment; informal work is apart
    eps = 1e-9
    assert ind["employment_rate"] + eps >= (ind["mainstream_employment_rate"]
                                            + ind["sse_employment_rate"])
    assert ind["employment_rate"] + ind["informal_work_rate"] <= 1 + eps
    # ILO employment adds undeclared work to declared work; the LFS rates are consistent
    assert ind["employment_rate_ilo"] + eps >= ind["employment_rate"] + ind["informal_work_rate"]
    assert ind["employment_rate_regular"] + eps >= ind["declared_employment_rate_regular"]
    e, a, u = ind["employment_rate_ilo"], ind["activity_rate"], ind["unemployment_rate"]
    if a > 0:
        assert e == pytest.approx(a * (1 - u))
    ltu, ltu_rate = ind["long_term_unemployment_share"], ind["long_term_unemployment_rate"]
    if u > 0:
        assert ltu_rate == pytest.approx(ltu * u)
    # the breakdowns partition the same population, so the total lies within them
    for group in (("women", "men"),
                  ("arrived_undocumented", "arrived_asylum", "arrived_permit"),
                  ("years_0_1", "years_2_3", "years_4_5", "years_6_9", "years_10_plus")):
        vals = [ind[f"employment_rate_{g}"] for g in group]
        vals = [v for v in vals if not math.isnan(v)]
        if vals:
            assert min(vals) - eps <= ind["employment_rate"] <= max(vals) + eps, group
    for total in ("employment_rate_regular", "unemployment_rate_regular"):
        vals = [ind[f"{total}_{g}"] for g in ("women", "men")]
        vals = [v for v in vals if not math.isnan(v)]
        if vals:
            assert min(vals) - eps <= ind[total] <= max(vals) + eps, total

    # cooperatives
    active = int(c.active[: c.n].sum())
    assert ind["coops_active"] == active
    if c.n:
        assert ind["coop_survival_rate"] == pytest.approx(active / c.n)
    for h in ("36m", "60m"):
        v = ind[f"coop_survival_{h}"]
        assert math.isnan(v) or 0 <= v <= 1

    # money: cumulative, never decreasing, and the municipality's own total
    assert ind["municipal_spend_eur"] == pytest.approx(m.municipality.total_spent)
    assert ind["municipal_spend_eur"] >= 0
    if prev is not None:
        assert ind["municipal_spend_eur"] >= prev["municipal_spend_eur"]
        assert ind["month"] == prev["month"] + 1


def _run_and_check(scn, seed: int, months: int = MONTHS) -> tm.TremplinModel:
    m = tm.TremplinModel(scn, seed=seed)
    _check_people(m)
    _check_agents(m)
    _check_indicators(m, None)
    prev = dict(m.indicators)
    for _ in range(months):
        m.step()
        _check_people(m)
        _check_agents(m)
        _check_indicators(m, prev)
        prev = dict(m.indicators)
    return m


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_invariants_all_levers(small_scenario, seed):
    m = _run_and_check(small_scenario("all_levers"), seed)
    # the checks were not vacuous: people left, jobs and cooperatives changed hands
    p = m.people
    assert (~p.present & (p.citizenship == Citizenship.NON_EU)).any()
    assert m.cooperatives.n > 0
    assert m.municipality.total_spent > 0


@pytest.mark.parametrize("name", ["baseline", "oacas_regularisation", "subsidy_taper"])
def test_invariants_other_scenarios(small_scenario, name):
    _run_and_check(small_scenario(name), seed=4, months=24)


def test_invariants_under_stress(small_scenario):
    """Extreme but valid settings: heavy turnover, many departures, cooperatives forming
    and failing fast, natives standing for several people."""
    scn = small_scenario("all_levers", {
        "population": {"native_weight": 3, "natives": 1200, "arrivals_per_1000": 20.0},
        "demography": {"onward_migration_rate": 0.05, "undocumented_exit_rate": 0.05,
                       "asylum_decision_months": 2.0},
        "labour_market": {"separation_rate": 0.1, "applications_per_month": 10.0},
        "cooperatives": {"formation_rate": 0.5, "failure_months": 1, "founders_capital_eur": 0.0,
                         "mature_market_eur": 2000.0},
        "regularisation": {"approval_probability": 1.0, "processing_months": 0,
                           "min_presence_months": 0, "min_activity_months": 0},
        "municipality": {"budget_eur_per_migrant_year": 10.0},
    })
    m = _run_and_check(scn, seed=9, months=24)
    c = m.cooperatives
    assert (~c.active[: c.n]).any(), "no cooperative failed"


def test_nobody_without_status_is_paid_as_a_declared_worker(small_scenario):
    """Undocumented SSE members are not counted in declared paid work (guide L2248-2250)."""
    m = tm.TremplinModel(small_scenario("oacas_regularisation"), seed=3)
    for _ in range(12):
        m.step()
        undoc = m.people.status == Status.UNDOCUMENTED
        assert not (m.declared() & undoc).any()


def test_springboard_counts_only_people_who_left_sse(small_scenario):
    """Each month, the people newly evaluated for the springboard indicator are at most those
    who left an SSE job six months earlier."""
    scn = small_scenario("all_levers", {"run": {"burn_in_months": 0}})
    m = tm.TremplinModel(scn, seed=1)
    p = m.people
    exits = {0: int((p.sse_exit_month == 0).sum())}
    evaluated = m.springboard[0]
    for _ in range(12):
        m.step()
        new = m.springboard[0] - evaluated
        evaluated = m.springboard[0]
        assert new <= exits.get(m.month - 6, 0), (m.month, new)
        exits[m.month] = int((p.sse_exit_month == m.month).sum())


def test_people_in_a_job_count_as_experienced(small_scenario):
    """Someone holding a mainstream job has host-country experience: being 'trained' on top
    cannot raise their hiring odds through the experience bonus."""
    m = tm.TremplinModel(small_scenario("baseline"), seed=2)
    p = m.people
    rows = np.flatnonzero(p.work == Work.MAINSTREAM)
    e = p.employer[rows]
    referred = np.zeros(len(rows), dtype=bool)
    before = hire_probability(m, rows, e, referred)
    trained = p.trained[rows].copy()
    p.trained[rows] = True
    after = hire_probability(m, rows, e, referred)
    p.trained[rows] = trained
    np.testing.assert_allclose(after, before)
