"""Mesa agents are live views onto the column stores; the Municipality keeps the accounts; the
social network is homophilous."""

from __future__ import annotations

import mesa
import networkx as nx
import numpy as np
import pytest

import tremplin.model as tm
from tremplin.model.agents import Cooperative, Employer, Migrant, Municipality
from tremplin.model.levers import ACCOUNTS as LEVER_ACCOUNTS
from tremplin.model.levers import LEVERS
from tremplin.model.params import REGISTRY
from tremplin.model.population import CEFR_BANDS, SECTORS, Citizenship, Status, Work, cefr


@pytest.fixture(scope="module")
def model(small_scenario):
    m = tm.TremplinModel(small_scenario("all_levers"), seed=6)
    for _ in range(12):
        m.step()
    return m


def _present_migrant(m, pred=None) -> int:
    p = m.people
    ok = p.present & (p.citizenship == Citizenship.NON_EU)
    if pred is not None:
        ok &= pred(p)
    rows = np.flatnonzero(ok)
    assert len(rows), "no such migrant in the test town"
    return int(rows[0])


# ----------------------------------------------------------------------------- Migrant


def test_migrant_view_reads_live_columns(model):
    p = model.people
    r = _present_migrant(model)
    view = model.migrant(r)
    assert isinstance(view, Migrant) and isinstance(view, mesa.Agent)
    assert view in model.agents
    old = float(p.language[r])
    try:
        p.language[r] = np.float32(0.625)
        assert view.language == pytest.approx(0.625)
        p.status[r] = Status.LONG_TERM_PERMIT
        assert view.status == Status.LONG_TERM_PERMIT
        assert view.residence_status is Status.LONG_TERM_PERMIT
    finally:
        p.language[r] = old


def test_setting_an_attribute_on_the_view_writes_the_column(model):
    p = model.people
    r = _present_migrant(model)
    view = model.migrant(r)
    old = float(p.language[r]), int(p.sector[r])
    others = p.sector.copy()
    try:
        view.language = 0.4
        assert p.language[r] == pytest.approx(0.4)
        view.sector = (old[1] + 1) % len(SECTORS)
        assert p.sector[r] == (old[1] + 1) % len(SECTORS)
        assert view.as_dict()["sector"] == p.sector[r]
        changed = np.flatnonzero(p.sector != others)
        assert changed.tolist() == [r], "only the view's own row may change"
    finally:
        p.language[r], p.sector[r] = old


def test_non_field_attributes_stay_on_the_view(model):
    r = _present_migrant(model)
    view = model.migrant(r)
    view.note = "hello"
    assert view.note == "hello"
    assert not hasattr(model.people, "note")
    with pytest.raises(AttributeError):
        _ = view.no_such_field


def test_migrant_derived_properties(model):
    r = _present_migrant(model)
    v = model.migrant(r)
    p = model.people
    assert v.months_present == model.month - int(p.arrival_month[r])
    assert v.age == pytest.approx((model.month - int(p.birth_month[r])) / 12)
    assert v.work_state == Work(int(p.work[r]))
    assert v.holds_promise == (int(p.promise_until[r]) >= model.month)
    assert 0.0 <= v.readiness <= 1.0
    assert f"row={r}" in repr(v)
    assert set(v.as_dict()) == set(Migrant._fields)


@pytest.mark.parametrize(("level", "band"), [
    (0.0, "A0"), (0.05, "A0"), (0.1, "A1"), (0.2, "A1"), (0.3, "A2"), (0.45, "A2"),
    (0.5, "B1"), (0.65, "B1"), (0.7, "B2"), (0.8, "B2"), (0.85, "C1"), (1.0, "C1"),
])
def test_cefr_bands(level, band):
    assert cefr(level) == band


def test_cefr_is_monotone_and_vectorised():
    levels = np.linspace(0, 1, 101)
    bands = cefr(levels)
    idx = [CEFR_BANDS.index(b) for b in bands]
    assert idx == sorted(idx)
    assert set(bands) == set(CEFR_BANDS)
    assert [cefr(float(x)) for x in levels] == list(bands)


@pytest.mark.parametrize(("level", "band"), [(0.05, "A0"), (0.2, "A1"), (0.4, "A2"),
                                             (0.6, "B1"), (0.78, "B2"), (0.95, "C1")])
def test_cefr_band_of_a_migrant(model, level, band):
    r = _present_migrant(model)
    v = model.migrant(r)
    old = float(model.people.language[r])
    try:
        v.language = level
        assert v.cefr_band == band
    finally:
        model.people.language[r] = old


def test_cefr_band_at_the_b2_threshold(model):
    r = _present_migrant(model)
    v = model.migrant(r)
    old = float(model.people.language[r])
    try:
        v.language = 0.7
        assert v.cefr_band == cefr(0.7) == "B2"
    finally:
        model.people.language[r] = old


# ----------------------------------------------------------------------------- Employer


def test_one_employer_agent_per_row(model):
    emps = model.agents_by_type[Employer]
    assert sorted(e.row for e in emps) == list(range(model.employers.n))


def test_employer_view_is_live(model):
    table = model.employers
    e = next(iter(model.agents_by_type[Employer]))
    i = e.row
    assert e.occupied == int(table.occupied[i])
    assert e.vacancies == max(0, int(table.jobs[i] + table.contract_jobs[i] - table.occupied[i]))
    assert e.vacancies == int(table.vacancies()[i])
    assert e.sector_name == SECTORS[int(table.sector[i])]
    assert e.shortage_sector == bool(table.shortage[i])
    assert e.holds_municipal_contract == (int(table.contract_until[i]) >= model.month)
    old = float(table.discrimination[i])
    try:
        e.discrimination = 0.0
        assert table.discrimination[i] == 0.0
        table.discrimination[i] = 0.5
        assert e.discrimination == pytest.approx(0.5)
    finally:
        table.discrimination[i] = old


# ----------------------------------------------------------------------------- Cooperative


def test_cooperative_views(model):
    c, p = model.cooperatives, model.people
    assert c.n > 0
    members = np.bincount(p.coop[p.coop >= 0], minlength=c.n)
    for i in range(c.n):
        view = model.cooperative(i)
        assert isinstance(view, Cooperative) and view.row == i
        assert view.active == bool(c.active[i])
        assert view.members == int(members[i])
        assert (view.status == "failed") == (not c.active[i])
        assert view.age == model.month - int(c.founded_month[i])
        assert view.sector_name in SECTORS
        assert isinstance(view.eligible_for_reserved_contracts, bool)
        if not view.active:
            assert view.members == 0


def test_cooperative_view_writes_through(model):
    c = model.cooperatives
    view = model.cooperative(0)
    old = float(c.reserve[0])
    try:
        view.reserve = 12345.0
        assert c.reserve[0] == 12345.0
        c.reserve[0] = -5.0
        assert view.reserve == -5.0
    finally:
        c.reserve[0] = old


# ----------------------------------------------------------------------------- Municipality


def test_municipality_accounts(model):
    mu = model.municipality
    assert isinstance(mu, Municipality)
    assert list(model.agents_by_type[Municipality]) == [mu]
    scn = model.scenario
    assert mu.budget_per_year == pytest.approx(
        scn.municipality.budget_eur_per_migrant_year * scn.population.migrants)
    assert mu.total_spent == pytest.approx(sum(mu.spent.values()))
    assert mu.total_spent == pytest.approx(model.indicators["municipal_spend_eur"])
    assert all(v >= 0 for v in mu.spent.values())
    known = set(LEVER_ACCOUNTS)
    assert set(mu.spent) <= known, set(mu.spent) - known


def test_municipality_budget_limits_new_commitments(small_scenario):
    m = tm.TremplinModel(small_scenario("baseline"), seed=0)
    mu = m.municipality
    assert m.levers_active
    room = mu.budget_per_year - mu.spent_this_year
    assert mu.affordable("test", room / 4, 10) == 4
    assert mu.affordable("test", room * 2, 1) == 0
    spent = mu.total_spent
    assert mu.commit("test", room * 2) is False
    assert mu.total_spent == spent
    assert mu.commit("test", room / 2) is True
    assert mu.spent["test"] == pytest.approx(room / 2)
    assert mu.affordable("test", room / 4, 10) == 2
    mu.pay("test", -100.0)  # nothing negative is booked
    assert mu.spent["test"] == pytest.approx(room / 2)


def test_levers_that_are_off_cost_nothing(small_scenario):
    res = tm.run_scenario(small_scenario("baseline"), seed=1, months=12)
    spend = res.summary["spend_by_lever_eur"]
    switched = [lever for lever in LEVERS if f"{lever.SECTION}.enabled" in REGISTRY]
    assert switched
    for account in (a for lever in switched for a in lever.ACCOUNTS):
        assert spend.get(account, 0.0) == 0.0, account


# ----------------------------------------------------------------------------- network


def _origin_assortativity(m) -> float:
    g = m.network.to_networkx(m.people)
    mig = [n for n, d in g.nodes(data=True) if d["citizenship"] == Citizenship.NON_EU]
    sub = g.subgraph(mig)
    assert sub.number_of_edges() > 100, "too few migrant-migrant ties to measure"
    return nx.attribute_assortativity_coefficient(sub, "origin")


def test_network_is_homophilous_by_origin(model):
    assert _origin_assortativity(model) > 0.2


def test_without_homophily_ties_ignore_origin(small_scenario):
    """The same measure is near zero when the homophily parameter is zero, so the test above
    measures the mechanism and not an artefact of the graph export."""
    m = tm.TremplinModel(small_scenario("baseline", {"network": {"homophily": 0.0}}), 6)
    assert abs(_origin_assortativity(m)) < 0.1


def test_network_graph_holds_people_present_only(model):
    g = model.network.to_networkx(model.people)
    present = set(np.flatnonzero(model.people.present).tolist())
    assert set(g.nodes) == present
    assert all(u != v for u, v in g.edges)
    for _, d in g.nodes(data=True):
        assert set(d) >= {"citizenship", "origin", "status", "work"}
