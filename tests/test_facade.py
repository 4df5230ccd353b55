"""The model's façade for tools (``tremplin.model``): counts since month 0, ties, a network
sample, cooperatives' accounts. Tests may read the model's columns to check what it says."""

from __future__ import annotations

import numpy as np
import pytest

from tremplin.model import (
    ACCOUNT_COLUMNS,
    Status,
    TremplinModel,
    Work,
    cooperative_accounts,
    edge_list,
    network_sample,
    snapshot,
)
from tremplin.model.population import NEVER, Citizenship

MONTHS = 8


@pytest.fixture(scope="module")
def stepped(small_scenario):
    """A small all-levers town after a few months, and the snapshot of every month."""
    model = TremplinModel(small_scenario("all_levers"), seed=2)
    snaps = [snapshot(model)]
    for _ in range(MONTHS):
        model.step()
        snaps.append(snapshot(model))
    return model, snaps


def test_counts_since_month_0_only_grow_and_match_the_people(stepped):
    model, snaps = stepped
    assert [s.month for s in snaps] == list(range(MONTHS + 1))
    for key in ("rows", "arrivals", "first_jobs", "regularisations"):
        values = [getattr(s, key) for s in snaps]
        assert values == sorted(values), key  # leavers stay counted
    assert snaps[-1].arrivals > 0 and snaps[-1].first_jobs > 0
    p, last = model.people, snaps[-1]
    migrant = p.citizenship == Citizenship.NON_EU
    assert last.rows == p.n
    assert last.migrants == int((migrant & p.present).sum())
    assert last.regularisations == int((p.regularised_month >= 0).sum())
    # a burn-in event (negative month) is not counted
    assert last.arrivals < int((migrant & (p.arrival_month != NEVER)).sum())


def test_hires_and_departures_account_for_every_change_in_the_migrants_present(small_scenario):
    """Month by month, migrants present change only by arrivals and departures, and every
    migrant who started a mainstream job this month is among the month's hires."""
    model = TremplinModel(small_scenario("all_levers"), seed=3)
    before = snapshot(model)
    for _ in range(MONTHS):
        model.step()
        now = snapshot(model)
        assert now.migrants == (before.migrants + (now.arrivals - before.arrivals)
                                - (now.departures - before.departures))
        p = model.people
        started = (p.citizenship == Citizenship.NON_EU) & (p.work == Work.MAINSTREAM) & (
            p.work_since == model.month)
        assert now.hires - before.hires >= int(started.sum())
        before = now
    assert before.hires > 0 and before.departures > 0


def test_reading_the_facade_does_not_change_the_run(small_scenario):
    """Common random numbers: a model inspected every month runs as one left alone."""
    scn = small_scenario("all_levers")
    read, alone = TremplinModel(scn, seed=4), TremplinModel(scn, seed=4)
    for _ in range(4):
        snapshot(read), edge_list(read), cooperative_accounts(read)
        network_sample(read, size=50, seed=9)
        read.step()
        alone.step()
    assert read.indicators == pytest.approx(alone.indicators, nan_ok=True)


def test_edge_list_is_a_copy_of_the_ties(stepped):
    model, _ = stepped
    a, b = edge_list(model)
    assert len(a) == len(b) == len(model.network) > 0
    a[:] = -1
    assert (edge_list(model)[0] >= 0).all()


def test_network_sample_is_migrants_present_and_their_ties(stepped):
    model, _ = stepped
    s = network_sample(model, size=60, seed=3)
    p = model.people
    assert 0 < len(s.nodes) <= 60 and (np.diff(s.nodes) > 0).all()
    assert p.present[s.nodes].all()
    assert (p.citizenship[s.nodes] == Citizenship.NON_EU).all()
    assert np.isin(s.a, s.nodes).all() and np.isin(s.b, s.nodes).all() and len(s.a) > 0
    assert set(s.work.tolist()) <= {int(w) for w in Work}
    assert set(s.status.tolist()) <= {int(x) for x in Status}
    again = network_sample(model, size=60, seed=3)
    assert np.array_equal(s.nodes, again.nodes) and np.array_equal(s.a, again.a)
    assert not np.array_equal(s.nodes, network_sample(model, size=60, seed=4).nodes)


def test_cooperative_accounts_cover_every_cooperative(stepped):
    model, _ = stepped
    acc = cooperative_accounts(model)
    assert tuple(acc.columns) == ACCOUNT_COLUMNS
    assert acc["id"].tolist() == list(range(len(acc))) and len(acc) > 0
    assert int(acc["active"].sum()) == model.indicators["coops_active"]
    assert int(acc["members"].sum()) == int((model.people.coop >= 0).sum())
    assert (acc.loc[~acc["active"], "status"] == "failed").all()
    assert (acc["age_months"] == model.month - acc["founded_month"]).all()
