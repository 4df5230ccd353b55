"""Municipal procurement: reserved lots, open competition and direct orders.

Directive 2014/24/EU lets a municipality reserve contracts for enterprises whose workers are at
least 30% disadvantaged (art. 20; guide L1483-1498, sources.md §3.d.2), because social
enterprises cannot win under normal competition (recital 36, L1493-1494; L1479-1482). Stable
municipal clients and direct orders (Grigny, Barcelona: L1474-1482, L2229-2235, L2848-2850)
give fragile cooperatives outlets and credibility.

Rule, stated: the yearly procurement volume is cut into lots of ``lot_eur_per_year``, each let
for ``contract_months``; as lots expire they are re-let. Each lot has a sector, drawn from the
SSE sectors with the registry's purchasing mix (``municipality.lot_sector_weight_*``), and a
monthly price: the open price ``lot_eur_per_year / 12``, or for a reserved lot that price
times ``1 + reserved_procurement.price_premium`` (an assumption: fewer bidders); the city pays
the premium (booked as ``reserved_premium``), and at premium 0 reserving costs it nothing. A
cooperative bids only for lots in the sectors it works in (``Cooperatives.works_in``: its own
sector, and any SSE sector in which enough of its declared workers have their trade). A new
lot is reserved with probability ``reserved_share`` (when the lever is on) and then goes to an
eligible active enterprise working in its sector: the one with most spare capacity
(``award_rule = "capacity"``) or one drawn at random (``"lottery"``); a reserved lot no such
enterprise can take is let openly. In open competition the best-placed enterprise of the
lot's sector bids against established firms and wins with chance ``open_win_chance`` times
its market access (young ones mostly lose); otherwise a mainstream firm of the lot's sector
wins, hires for it (the lot's value times ``municipality.lot_labour_share``, over the cost of
a worker), and, if the anti-discrimination lever is on, is bound by its clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..population import SECTORS, SSE_SECTORS

if TYPE_CHECKING:
    from ..labour_market import Employers
    from ..model import TremplinModel


class Lots:
    """Procurement lots currently let (holder: employer or cooperative), with their sector,
    monthly price and whether they were reserved."""

    FIELDS = ("to_coop", "holder", "until", "jobs", "sector", "price", "reserved")

    def __init__(self) -> None:
        self.to_coop = np.empty(0, dtype=bool)
        self.holder = np.empty(0, dtype=np.int64)
        self.until = np.empty(0, dtype=np.int64)
        self.jobs = np.empty(0, dtype=np.int64)
        self.sector = np.empty(0, dtype=np.int8)
        self.price = np.empty(0, dtype=np.float64)
        self.reserved = np.empty(0, dtype=bool)
        # the purchasing mix as cumulative weights, found on first use (the scenario is fixed)
        self.sector_cdf: np.ndarray | None = None

    def extend(self, **new: np.ndarray | list) -> None:
        """Add lots: one array (or list) per field of ``FIELDS``."""
        for name in self.FIELDS:
            old = getattr(self, name)
            setattr(self, name, np.concatenate([old, np.asarray(new[name], dtype=old.dtype)]))

    def expire(self, month: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Drop lots ending before ``month``; return (to_coop, holder, jobs) of those dropped."""
        done = self.until < month
        out = (self.to_coop[done], self.holder[done], self.jobs[done])
        if not done.any():  # most months: nothing to copy
            return out
        for name in self.FIELDS:
            setattr(self, name, getattr(self, name)[~done])
        return out


def lot_month_eur(model: TremplinModel) -> float:
    """Monthly price of a lot let openly."""
    return model.scenario.municipality.lot_eur_per_year / 12.0  # not behavioural


def lot_sector_weights(model: TremplinModel) -> np.ndarray:
    """Chance that a new lot is in each of ``SSE_SECTORS`` (the purchasing mix; equal when
    every weight is 0)."""
    mu = model.scenario.municipality
    w = np.array([getattr(mu, f"lot_sector_weight_{SECTORS[s]}") for s in SSE_SECTORS])
    return w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))


def _draw_sectors(model: TremplinModel, k: int) -> np.ndarray:
    """The sectors of ``k`` new lots, drawn with ``lot_sector_weights``: the draws of
    ``rng.choice(len(SSE_SECTORS), size=k, p=weights)`` (one uniform each, placed in the
    normalised cumulative weights, as numpy's ``Generator.choice`` does), without its
    argument checks, which cost more than the draw."""
    lots = model.lots
    if lots.sector_cdf is None:
        cdf = lot_sector_weights(model).cumsum()
        cdf /= cdf[-1]
        lots.sector_cdf = cdf
    return SSE_SECTORS[lots.sector_cdf.searchsorted(model.rng.random(k), side="right")]


def coop_contract_revenue(model: TremplinModel) -> np.ndarray:
    """Monthly contract revenue of each cooperative (its lots' prices plus direct orders)."""
    c = model.cooperatives
    rev = np.zeros(c.n)
    lots = model.lots
    if lots.to_coop.any():
        rev += np.bincount(lots.holder[lots.to_coop], weights=lots.price[lots.to_coop],
                           minlength=c.n)[: c.n]
    if model.lever_on("reserved_procurement"):
        direct = model.scenario.reserved_procurement.direct_orders_eur_per_month
        act = c.active & ~c.community
        if direct > 0 and act.any():
            members = c.members()
            w = np.where(act, members, 0).astype(float)
            if w.sum() > 0:
                rev += direct * w / w.sum()
    return rev


def spare_capacity(model: TremplinModel) -> np.ndarray:
    """Declared production of each cooperative not yet committed to public contracts (EUR
    per month): what the capacity rule awards on."""
    production = model.cooperatives.production(model, declared_only=True)
    return production - coop_contract_revenue(model)


def award_contracts(model: TremplinModel, initial: bool = False) -> None:
    """Lots that expired, or whose cooperative closed, are let again in one batch (all lots
    at once at the start); the city pays the premium of the reserved lots running."""
    _let_lots(model, initial)
    book_premium(model)


def _let_lots(model: TremplinModel, initial: bool) -> None:
    mu = model.scenario.municipality
    rng, emp, c = model.rng, model.employers, model.cooperatives
    lots = model.lots
    # a wound-up cooperative's contracts are re-let (index only cooperatives' lots: a town
    # may have no cooperative at all)
    closed = lots.to_coop.copy()
    closed[lots.to_coop] = ~c.active[lots.holder[lots.to_coop]]
    lots.until[closed] = model.month - 1
    to_coop, holder, jobs = lots.expire(model.month)
    if len(holder):
        np.subtract.at(emp.contract_jobs, holder[~to_coop], jobs[~to_coop])
    n_lots = mu.procurement_eur_per_year / mu.lot_eur_per_year
    if initial:
        k = round(n_lots)
        ends = model.month + rng.integers(0, mu.contract_months, size=k)
    else:
        expected = n_lots / mu.contract_months
        k = int(expected) + int(rng.random() < expected - int(expected))
        k = max(0, min(k, round(n_lots) - len(model.lots.holder)))
        ends = np.full(k, model.month + mu.contract_months - 1)
    if k == 0:
        return
    lot_eur = lot_month_eur(model)
    cp = model.scenario.cooperatives
    jobs_per_lot = max(1, round(lot_eur * mu.lot_labour_share
                                / (cp.wage_eur * cp.employer_cost_factor)))
    sectors = _draw_sectors(model, k)
    # who can bid this month: enterprises working in the lot's sector
    enterprises = (c.active & ~c.community).nonzero()[0]
    works_in = c.works_in(model)[enterprises]
    access = c.market_access(model)[enterprises]
    jitter = rng.random(len(enterprises)) * 1e-6  # not behavioural: breaks ties at random
    reserve = model.lever_on("reserved_procurement")
    rp = model.scenario.reserved_procurement
    elig = c.eligible(model)[enterprises] if reserve else np.zeros(len(enterprises), bool)
    spare = spare_capacity(model)[enterprises] if reserve else np.zeros(len(enterprises))
    u_reserved, u_open, u_firm = rng.random(k), rng.random(k), rng.random(k)
    firms_of = _FirmsBySector(emp)
    bids = _Bids(works_in, elig, access + jitter)
    new: dict[str, list] = {name: [] for name in Lots.FIELDS}
    for i in range(k):
        coop, price, reserved = -1, lot_eur, False
        sector = int(sectors[i])
        if (reserve and u_reserved[i] < rp.reserved_share
                and len(bidders := bids.eligible(sector))):
            if rp.award_rule == "lottery":
                j = int(bidders[rng.integers(0, len(bidders))])
            else:  # the winner recruits declared workers if it cannot deliver yet
                j = int(bidders[np.argmax(spare[bidders])])
            coop, reserved = int(enterprises[j]), True
            price = lot_eur * (1.0 + rp.price_premium)
            spare[j] -= price  # the lot takes up that capacity
        elif ((j := bids.best_placed(sector)) >= 0
              and u_open[i] < mu.open_win_chance * access[j]):
            coop = int(enterprises[j])  # the best-placed enterprise beats the firms
            spare[j] -= price
        new["sector"].append(sectors[i])
        new["price"].append(price)
        new["reserved"].append(reserved)
        new["to_coop"].append(coop >= 0)
        if coop >= 0:
            new["holder"].append(coop)
            new["jobs"].append(0)
            continue
        firms, cw = firms_of[sector]
        h = int(firms[min(np.searchsorted(cw, u_firm[i] * cw[-1], side="right"), len(firms) - 1)])
        new["holder"].append(h)
        new["jobs"].append(jobs_per_lot)
        emp.contract_jobs[h] += jobs_per_lot
        emp.contract_until[h] = max(int(emp.contract_until[h]), int(ends[i]))
    model.lots.extend(until=ends, **{name: v for name, v in new.items() if name != "until"})


class _Bids:
    """Who bids for a lot of each sector, found on first use: which enterprises work in a
    sector, and their access, do not change while the lots of one letting are let."""

    def __init__(self, works_in: np.ndarray, eligible: np.ndarray, rank: np.ndarray) -> None:
        self._works_in, self._eligible, self._rank = works_in, eligible, rank
        self._bidders: dict[int, np.ndarray] = {}
        self._best: dict[int, int] = {}

    def eligible(self, sector: int) -> np.ndarray:
        """The eligible enterprises working in ``sector`` (positions among the bidders)."""
        if sector not in self._bidders:
            self._bidders[sector] = (self._eligible & self._works_in[:, sector]).nonzero()[0]
        return self._bidders[sector]

    def best_placed(self, sector: int) -> int:
        """The enterprise working in ``sector`` with the best access (ties broken by the
        jitter in ``rank``), -1 if none does."""
        if sector not in self._best:
            in_sector = self._works_in[:, sector]
            self._best[sector] = (int(np.argmax(np.where(in_sector, self._rank, -np.inf)))
                                  if in_sector.any() else -1)
        return self._best[sector]


class _FirmsBySector:
    """The firms of each sector and their cumulative weights (jobs + 1), found on first use:
    the lots of one letting draw their firm from these, and the weights do not change while
    lots are let (only contract jobs do), so each sector is scanned once per letting."""

    def __init__(self, emp: Employers) -> None:
        self._emp = emp
        self._weight = emp.jobs.astype(float) + 1.0
        self._found: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def __getitem__(self, sector: int) -> tuple[np.ndarray, np.ndarray]:
        if sector not in self._found:
            firms = (self._emp.sector == sector).nonzero()[0]
            if len(firms) == 0:
                firms = np.arange(self._emp.n)
            self._found[sector] = firms, np.cumsum(self._weight[firms])
        return self._found[sector]


def book_premium(model: TremplinModel) -> None:
    """The city pays the premium of the reserved lots running this month."""
    lots = model.lots
    if not lots.reserved.any():  # nothing to pay (and paying 0 books nothing)
        return
    extra = lots.price[lots.reserved] - lot_month_eur(model)
    model.municipality.pay("reserved_premium", float(np.maximum(extra, 0.0).sum()))


SECTION = "reserved_procurement"
ACCOUNTS: tuple[str, ...] = ("reserved_premium",)
STEP = award_contracts
HOOKS = {"coop_contract_revenue": coop_contract_revenue}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Reserve public purchases for social enterprises",
             "fr": "Réserver des marchés publics aux entreprises sociales"},
    "line": {"en": "Part of the city's catering, cleaning and event contracts goes only to "
                   "enterprises that employ disadvantaged workers.",
             "fr": "Une part des marchés de restauration, nettoyage et événements de la ville est "
                   "réservée aux entreprises employant des travailleurs défavorisés."},
    "guide": {"en": "Reserved contracts under EU Directive 2014/24 art. 20; obligatory in Brussels "
                    "(guide L1483-1498). Grigny orders meals from the Mamas (L2229-2235).",
              "fr": "Marchés réservés (directive 2014/24/UE art. 20), obligatoires à Bruxelles "
                    "(guide L1483-1498). Grigny commande des repas aux Mamas (L2229-2235)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Reserve contracts", "fr": "Réserver des marchés"},
    "reserved_share": {"en": "Share of purchases reserved", "fr": "Part des achats réservée"},
    "direct_orders_eur_per_month": {"en": "Direct orders to SSE enterprises (EUR/month)",
                                    "fr": "Commandes directes aux entreprises d'ESS (EUR/mois)"},
    "award_rule": {"en": "How a reserved lot is awarded", "fr": "Attribution d'un lot réservé"},
    "price_premium": {"en": "Extra price of a reserved lot (share)",
                      "fr": "Surcoût d'un lot réservé (part)"},
}
