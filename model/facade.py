"""What tools may read from a running model: counts since month 0, ties, cooperatives' accounts.

The dashboard, batches, calibration and benchmarks need a few things about a model beyond its
monthly indicators. Reading them here, rather than from ``model.people`` columns or the
network's edge buffers, keeps the model free to change how it stores people and ties: only this
module (inside ``model/``) knows the storage, and ``tests/test_architecture.py`` checks that
nothing outside ``model/`` reaches past it.

Every function here is a pure query: it copies what it returns and never draws from the
model's random generator, so reading a model does not change its future (common random numbers
between a policy and its baseline stay intact).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .population import Citizenship

if TYPE_CHECKING:
    from .model import TremplinModel


@dataclass(frozen=True)
class Snapshot:
    """Sizes now and events counted from month 0 (the policy start) to the current month.

    Event counts read the month stamped on each person, so people who have left since are
    still counted, and events of the burn-in (negative months) are not.

    Attributes:
        month: the model's current month.
        rows: people rows ever created (leavers included): the size that costs time.
        migrants: non-EU migrants present, all ages (the indicator ``migrants_present``
            counts working age only).
        arrivals: migrants who arrived from month 0 on.
        first_jobs: migrants whose first declared job began from month 0 on.
        hires: mainstream hires of migrants from month 0 on, every one (a second job too).
        departures: migrants who left the municipality from month 0 on (onward migration,
            removal, ageing out).
        regularisations: people granted their first permit from month 0 on.
    """

    month: int
    rows: int
    migrants: int
    arrivals: int
    first_jobs: int
    hires: int
    departures: int
    regularisations: int


def snapshot(model: TremplinModel) -> Snapshot:
    """Sizes and counts since month 0 of ``model`` as it stands (see ``Snapshot``)."""
    p = model.people
    migrant = p.citizenship == Citizenship.NON_EU
    return Snapshot(
        month=int(model.month),
        rows=int(p.n),
        migrants=int(np.count_nonzero(p.migrants())),
        arrivals=int(np.count_nonzero(migrant & (p.arrival_month >= 0))),
        first_jobs=int(np.count_nonzero(migrant & (p.first_job_month >= 0))),
        hires=model.events["migrant_hires"],
        departures=model.events["migrant_departures"],
        regularisations=int(np.count_nonzero(p.regularised_month >= 0)),
    )


def edge_list(model: TremplinModel) -> tuple[np.ndarray, np.ndarray]:
    """The social ties in force as two arrays of person rows (tie ``i`` joins ``a[i]`` and
    ``b[i]``, undirected): copies, so a tool may keep them while the model steps on."""
    return model.network.a.copy(), model.network.b.copy()


@dataclass(frozen=True)
class NetworkSample:
    """Migrants sampled from the network and the ties among them, for drawing.

    Attributes:
        nodes: person rows of the sampled migrants, sorted.
        a, b: the ties among them (rows, as in ``edge_list``).
        work: each node's work, a ``Work`` code.
        status: each node's residence status, a ``Status`` code.
    """

    nodes: np.ndarray
    a: np.ndarray
    b: np.ndarray
    work: np.ndarray
    status: np.ndarray


def network_sample(model: TremplinModel, size: int = 120,  # not behavioural: a display
                   seed: int = 0) -> NetworkSample:
    """A snowball sample of migrants present and the ties among them.

    A random sample of ~100 people out of thousands would show almost no ties; starting from a
    few random people and following their migrant contacts (up to six each, lowest rows first)
    makes the neighbourhoods visible. The starting order comes from a generator seeded with
    ``seed``, never the model's, so drawing a sample does not change the run.
    """
    p = model.people
    migrant = p.migrants()
    a, b = model.network.a, model.network.b
    keep = migrant[a] & migrant[b]
    a, b = a[keep], b[keep]
    chosen = _snowball(np.random.default_rng(seed), np.flatnonzero(migrant), a, b, size)
    nodes = np.array(sorted(chosen), dtype=np.int64)
    inside = np.zeros(p.n, dtype=bool)
    inside[nodes] = True
    tie = inside[a] & inside[b]
    return NetworkSample(nodes=nodes, a=a[tie], b=b[tie], work=p.work[nodes].copy(),
                         status=p.status[nodes].copy())


def _snowball(rng: np.random.Generator, rows: np.ndarray, a: np.ndarray, b: np.ndarray,
              size: int) -> list[int]:
    """Up to ``size`` of ``rows``, breadth first from random starts along the ties ``a``-``b``."""
    chosen: list[int] = []
    seen: set[int] = set()
    for start in rng.permutation(rows):
        if len(chosen) >= size:
            break
        frontier = [int(start)]
        while frontier and len(chosen) < size:
            r = frontier.pop(0)
            if r in seen:
                continue
            seen.add(r)
            chosen.append(r)
            contacts = np.concatenate([b[a == r], a[b == r]])
            frontier.extend(int(x) for x in np.sort(contacts)[:6])  # not behavioural
    return chosen


ACCOUNT_COLUMNS = ("id", "community", "sector", "founded_month", "age_months", "members",
                   "active", "status", "market_eur", "contracts_eur", "subsidy_eur",
                   "costs_eur", "reserve_eur", "founded_in_run", "lifetime_months",
                   "declared_members", "offbook_members", "pay_level", "member_pay_eur",
                   "offbook_pay_eur", "own_revenue_share")
"""Columns of ``cooperative_accounts``, in order."""


def cooperative_accounts(model: TremplinModel) -> pd.DataFrame:
    """One row per cooperative or solidarity community ever founded (failed ones included,
    ``active`` False), with last month's accounts.

    Columns (``ACCOUNT_COLUMNS``): ``id`` (the cooperative's number, as in
    ``model.cooperative(id)``), ``community`` (a solidarity community rather than an
    enterprise), ``sector`` (name), ``founded_month``, ``age_months``, ``members`` (people in
    it now), ``active``, ``status`` ("active", "financially autonomous" or "failed"), and in EUR
    for the month: ``market_eur`` (sales), ``contracts_eur`` (public contracts and direct
    orders), ``subsidy_eur`` (municipal subsidy paid), ``costs_eur``; ``reserve_eur`` is the
    reserve. ``founded_in_run`` is False for those already there at the start (their early
    months were not observed); ``lifetime_months`` is the age reached when it ended (the age
    now if active). ``declared_members`` and ``offbook_members`` (members without the right to
    work, paid off-book), ``pay_level`` (share of the wage paid), ``member_pay_eur`` and
    ``offbook_pay_eur`` (each, this month) and ``own_revenue_share`` (private sales over
    revenue plus public support: contracts, orders, subsidy, seconded staff's output) are
    last month's.
    """
    coop = model.people.coop
    c = model.cooperatives
    n = c.n
    members = np.bincount(coop[coop >= 0], minlength=n)
    lifetime = np.where(c.active, c.age(model.month), c.ended_month - c.founded_month)
    own = c.own_revenue_share()
    rows = []
    for i in range(n):
        v = model.cooperative(i)
        rows.append((i, bool(v.community), v.sector_name, v.founded_month, v.age,
                     int(members[i]), bool(v.active), v.status, v.revenue_market,
                     v.revenue_contracts, v.subsidy_paid, v.costs, v.reserve,
                     bool(c.in_sim[i]), int(lifetime[i]), int(c.declared_members[i]),
                     int(c.offbook_members[i]), float(c.paid_fraction[i]),
                     float(c.member_pay[i]), float(c.offbook_pay[i]), float(own[i])))
    return pd.DataFrame(rows, columns=list(ACCOUNT_COLUMNS))

