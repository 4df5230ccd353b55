"""Municipal procurement: reserved lots, open competition and direct orders.

Directive 2014/24/EU lets a municipality reserve contracts for enterprises whose workers are at
least 30% disadvantaged (art. 20; guide L1483-1498, sources.md §3.d.2), because social
enterprises cannot win under normal competition (recital 36, L1493-1494; L1479-1482). Stable
municipal clients and direct orders (Grigny, Barcelona: L1474-1482, L2229-2235, L2848-2850)
give fragile cooperatives outlets and credibility.

Rule, stated: the yearly procurement volume is cut into lots of ``lot_eur_per_year``, each let
for ``contract_months``; as lots expire they are re-let. A new lot is reserved with probability
``reserved_share`` (when the lever is on) and then goes to an eligible active enterprise: the
one with most spare capacity (``award_rule = "capacity"``) or one drawn at random
(``"lottery"``); a reserved lot no eligible enterprise can take is let openly. In open
competition the best-placed enterprise bids against established firms and wins with chance
``open_win_chance`` times its market access (young ones mostly lose); otherwise a mainstream
firm of the lot's sector wins,
hires for it, and, if the anti-discrimination lever is on, is bound by its clause.
"""

from __future__ import annotations

import numpy as np

from ..population import SSE_SECTORS


class Lots:
    """Procurement lots currently let (holder: employer or cooperative)."""

    def __init__(self) -> None:
        self.to_coop = np.empty(0, dtype=bool)
        self.holder = np.empty(0, dtype=np.int64)
        self.until = np.empty(0, dtype=np.int64)
        self.jobs = np.empty(0, dtype=np.int64)

    def add(self, to_coop: bool, holder: int, until: int, jobs: int) -> None:
        self.to_coop = np.append(self.to_coop, to_coop)
        self.holder = np.append(self.holder, holder)
        self.until = np.append(self.until, until)
        self.jobs = np.append(self.jobs, jobs)

    def expire(self, month: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Drop lots ending before ``month``; return (to_coop, holder, jobs) of those dropped."""
        done = self.until < month
        out = (self.to_coop[done], self.holder[done], self.jobs[done])
        keep = ~done
        self.to_coop, self.holder = self.to_coop[keep], self.holder[keep]
        self.until, self.jobs = self.until[keep], self.jobs[keep]
        return out


def lot_month_eur(m) -> float:
    return m.scenario.municipality.lot_eur_per_year / 12.0


def coop_contract_revenue(m) -> np.ndarray:
    """Monthly contract revenue of each cooperative (lots plus direct orders)."""
    c = m.cooperatives
    rev = np.zeros(c.n)
    lots = m.lots
    if lots.to_coop.any():
        rev += np.bincount(lots.holder[lots.to_coop], minlength=c.n)[: c.n] * lot_month_eur(m)
    if m.lever_on("reserved_procurement"):
        direct = m.scenario.reserved_procurement.direct_orders_eur_per_month
        act = c.active[: c.n] & ~c.community[: c.n]
        if direct > 0 and act.any():
            members = c.members()
            w = np.where(act, members, 0).astype(float)
            if w.sum() > 0:
                rev += direct * w / w.sum()
    return rev


def _open_award(m, sector: int) -> tuple[bool, int]:
    rng, c, emp = m.rng, m.cooperatives, m.employers
    act = np.flatnonzero(c.active[: c.n] & ~c.community[: c.n])
    if len(act):  # the best-placed enterprise bids against established firms
        access = c.market_access(m)[act]
        best = int(np.argmax(access + rng.random(len(act)) * 1e-6))
        if rng.random() < m.scenario.municipality.open_win_chance * access[best]:
            return True, int(act[best])
    firms = np.flatnonzero(emp.sector == sector)
    if len(firms) == 0:
        firms = np.arange(emp.n)
    w = emp.jobs[firms].astype(float) + 1.0
    return False, int(firms[np.searchsorted(np.cumsum(w), rng.random() * w.sum(),
                                            side="right").clip(0, len(firms) - 1)])


def _reserved_award(m) -> int:
    c, rng = m.cooperatives, m.rng
    elig = np.flatnonzero(c.active[: c.n] & ~c.community[: c.n] & c.eligible(m))
    if len(elig) == 0:
        return -1
    if m.scenario.reserved_procurement.award_rule == "lottery":
        return int(elig[rng.integers(0, len(elig))])
    spare = c.spare_capacity(m)[elig]
    return int(elig[np.argmax(spare + rng.random(len(elig)) * 1e-6)])


def award_contracts(m, initial: bool = False) -> None:
    """Expire old lots and let new ones (all lots are let at the first call)."""
    mu = m.scenario.municipality
    rng, emp = m.rng, m.employers
    to_coop, holder, jobs = m.lots.expire(m.month)
    np.subtract.at(emp.contract_jobs, holder[~to_coop], jobs[~to_coop])
    n_lots = mu.procurement_eur_per_year / mu.lot_eur_per_year
    if initial:
        k = round(n_lots)
        ends = m.month + rng.integers(0, mu.contract_months, size=k)
    else:
        expected = n_lots / mu.contract_months
        k = int(expected) + int(rng.random() < expected - int(expected))
        k = max(0, min(k, round(n_lots) - len(m.lots.holder)))
        ends = np.full(k, m.month + mu.contract_months - 1)
    labour_cost = m.scenario.cooperatives.wage_eur * m.scenario.cooperatives.employer_cost_factor
    reserve = m.lever_on("reserved_procurement")
    share = m.scenario.reserved_procurement.reserved_share
    for i in range(k):
        sector = int(SSE_SECTORS[rng.integers(0, len(SSE_SECTORS))])
        coop = -1
        if reserve and rng.random() < share:
            coop = _reserved_award(m)
        if coop >= 0:
            m.lots.add(True, coop, int(ends[i]), 0)
            continue
        won_by_coop, h = _open_award(m, sector)
        if won_by_coop:
            m.lots.add(True, h, int(ends[i]), 0)
        else:
            j = max(1, round(lot_month_eur(m) * 0.6 / labour_cost))
            m.lots.add(False, h, int(ends[i]), j)
            emp.contract_jobs[h] += j
            emp.contract_until[h] = max(int(emp.contract_until[h]), int(ends[i]))
