"""Cooperative accounts (issue 11): regularising a member, bounded reserves, off-book pay,
survival without support beside SINE 2006, and support acting through cash.

The paired tests use common random numbers (the same seed with and without the change) and
assert a paired t-statistic; the survival test runs the reproducible measurement of
``tremplin coop-survival`` (``experiments/coop_survival.py``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from tremplin.experiments import coop_survival
from tremplin.model import TremplinModel, load, run_scenario
from tremplin.model.cooperatives import month_accounts
from tremplin.model.params import REGISTRY
from tremplin.model.residence import grant_temporary_permit

CAP = REGISTRY["cooperatives.reserve_cap_months"].default


@cache
def stepped(seed: int, months: int = 36) -> TremplinModel:
    model = TremplinModel(load("baseline"), seed=seed)
    for _ in range(months):
        model.step()
    return model


def _offbook_members(model: TremplinModel) -> list[tuple[int, int]]:
    """(enterprise, one of its off-book members) for every active enterprise that has one."""
    p, c = model.people, model.cooperatives
    legal = model.masks.legal_to_work
    out = []
    for i in np.flatnonzero(c.active[: c.n] & ~c.community[: c.n]):
        rows = np.flatnonzero((p.coop == i) & ~legal)
        if len(rows):
            out.append((int(i), int(rows[0])))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_regularising_a_member_does_not_lower_the_enterprises_viability(seed):
    """Unit test: take each enterprise with a member without the right to work, regularise
    that member alone, and compare the month's accounts. A declared member is paid on the
    books (with employer contributions, which the subsidy may share), may deliver public
    contracts and sell with an invoice, and carries no sanction risk: viability (the month's
    result at the full wage less the expected sanction) must not fall."""
    model = stepped(seed)
    c = model.cooperatives
    cases = _offbook_members(model)
    assert cases, "no enterprise with an off-book member to regularise"
    for coop, member in cases:
        before = month_accounts(model)
        grant_temporary_permit(model, np.array([member]))
        after = month_accounts(model)
        assert after.declared[coop] == before.declared[coop] + 1
        assert after.offbook[coop] == before.offbook[coop] - 1
        assert after.viability[coop] >= before.viability[coop] - 1e-6, (
            f"seed {seed}, enterprise {coop}: viability {before.viability[coop]:,.0f} -> "
            f"{after.viability[coop]:,.0f}")
        # off-book pay never draws the subsidy: only declared costs are eligible
        assert np.all(after.subsidy(1.0) <= after.share * (
            after.pay_declared + after.pay_commune + after.materials + after.premises) + 1e-6)
    assert c.n > 0


def test_off_book_pay_is_never_subsidised():
    """With the taper on, the subsidy drawn equals its share of declared costs: moving every
    member off the books would leave only materials and premises eligible."""
    model = TremplinModel(load("subsidy_taper"), seed=4)
    for _ in range(24):
        model.step()
    acc = month_accounts(model)
    c = model.cooperatives
    supported = np.flatnonzero(c.active[: c.n] & (acc.share[: c.n] > 0))
    assert len(supported), "no subsidised enterprise at month 24"
    offbook_part = acc.share * acc.pay_offbook
    declared = acc.pay_declared + acc.pay_commune + acc.materials + acc.premises
    assert np.allclose(acc.subsidy(1.0), acc.share * declared)
    assert np.all(acc.subsidy(1.0) + offbook_part >= acc.subsidy(1.0))


@pytest.mark.parametrize("scenario", ["baseline", "subsidy_taper", "all_levers"])
def test_reserves_never_exceed_the_cap_in_any_month(scenario):
    """``coop_reserve_months_max`` stays at or below the registry cap in every month of
    several seeds; and the cap binds somewhere (a reserve reaches it), so surplus beyond it
    is invested rather than hoarded."""
    highest = 0.0
    for seed in (1, 2, 3):
        ts = run_scenario(load(scenario), seed=seed, months=72).timeseries
        col = ts["coop_reserve_months_max"].to_numpy(float)
        col = col[np.isfinite(col)]
        assert np.all(col <= CAP + 1e-9), f"{scenario} seed {seed}: max {col.max():.3f}"
        highest = max(highest, float(col.max()))
    assert highest > 0.9 * CAP, f"{scenario}: the cap never binds (max {highest:.2f} months)"


def test_member_and_offbook_pay_are_set_per_enterprise():
    """Helper columns read by incomes: pay per declared and per off-book member this month,
    zero for communities, at most the wage (declared) and its off-book share."""
    model = stepped(1)
    c, cp = model.cooperatives, model.scenario.cooperatives
    n = c.n
    comm = c.community[:n]
    assert np.all(c.member_pay[:n][comm] == 0) and np.all(c.offbook_pay[:n][comm] == 0)
    ent = c.active[:n] & ~comm
    assert np.all(c.member_pay[:n][ent] <= cp.wage_eur + 1e-9)
    assert np.allclose(c.offbook_pay[:n][ent], c.member_pay[:n][ent] * cp.offbook_pay_share)
    assert np.any(c.member_pay[:n][ent] > 0)


# a town four times the default (with its cooperatives in proportion): about 5 enterprises a
# run are observed 60 months in the default town, too few for a paired test of survival
BIG_TOWN = {"population": {"migrants": 8000, "natives": 24000},
            "cooperatives": {"initial_cooperatives": 28, "initial_communities": 8}}


def _with(*changes: dict) -> dict:
    out: dict = {}
    for ch in changes:
        for section, values in ch.items():
            out.setdefault(section, {}).update(values)
    return out


def test_unsupported_survival_matches_sine_2006_within_8_points():
    """Without any support, new enterprises' survival at 1-5 years is within 8 points of the
    French SINE 2006 cohort (the big town, 20 seeds, 180 months: 780-1,070 enterprises per
    horizon; measured after the merge of issue 11: -3.1 / -0.8 / -0.9 / -2.7 / -7.0 points)."""
    enterprises = coop_survival.collect("baseline", range(1, 21), 180,
                                        _with(BIG_TOWN, coop_survival.UNSUPPORTED), workers=2)
    rows = coop_survival.survival(enterprises)
    assert min(h.observed for h in rows) >= 300
    assert coop_survival.within_tolerance(rows), "\n" + coop_survival.table(rows)


# ---------------------------------------------------------------- support acts through cash
SEEDS, MONTHS, T_MIN = 40, 120, 2.0
NO_ORDERS = {"reserved_procurement": {"enabled": True, "reserved_share": 0.0,
                                      "direct_orders_eur_per_month": 0.0}}
ORDERS = {"reserved_procurement": {"enabled": True, "reserved_share": 0.0,
                                   "direct_orders_eur_per_month": 80_000.0}}  # 20,000 x 4


@cache
def _paired(ref: str, which: str) -> dict[str, coop_survival.Paired]:
    a, b = {"orders": (NO_ORDERS, ORDERS),
            "taper": ({}, {"subsidy": {"end_share": 0.4}})}[which]
    a, b = _with(BIG_TOWN, a), _with(BIG_TOWN, b)
    return {p.measure: p for p in coop_survival.compare(ref, a, b, SEEDS, MONTHS, workers=2)}


def test_direct_orders_raise_sse_employment():
    """Direct municipal orders (EUR 20,000 a month per 2,000 migrants, shared among
    enterprises) are cash only: with them enterprises keep and take on more members (the big
    town, paired over 40 seeds, 120 months; measured after the merge of issue 11: SSE
    employment +0.12 points, t = 8.4; enterprises active +2.9, t = 3.9)."""
    res = _paired("baseline", "orders")
    assert res["sse_employment"].t > 3, str(res["sse_employment"])


def test_direct_orders_lower_the_failure_hazard_of_enterprises():
    """With direct orders, enterprises fail less often and more of those founded from month 0
    survive 60 months (the big town, 40 paired seeds: failures per enterprise-year -0.030,
    t = -5.2; 60-month survival +8.5 points, t = 2.8)."""
    res = _paired("baseline", "orders")
    assert res["failures_per_year"].t < -T_MIN, str(res["failures_per_year"])
    assert res["survival"].t > T_MIN, str(res["survival"])


def test_taper_to_40_rather_than_0_raises_60_month_survival():
    """Support acts through cash: the taper ending at 40% rather than 0% leaves subsidised
    enterprises more cash (pay, reserve up to its cap, then sales effort), and more of those
    founded from month 0 survive 60 months (the big town, 40 paired seeds, measured after the
    merge of issue 11: +4.3 points, t = 2.3; SSE employment +0.02 points, t = 1.7: a small
    effect, on the few enterprises founded while the subsidy runs)."""
    res = _paired("subsidy_taper", "taper")
    assert res["survival"].t > T_MIN, f"{res['survival']}; {res['sse_employment']}"
