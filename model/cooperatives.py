"""SSE cooperatives and solidarity communities: formation, members, accounts, failure.

Collectives of migrants formalise as cooperatives (guide L1998-2005, L2187-2191), faster with an
incubator. An enterprise sells to a private market it learns to reach month by month (market
codes, L1480-1482, L1522-1525), to public buyers (``levers/procurement.py``) and may receive a
tapering subsidy on its eligible declared costs (``levers/subsidy.py``). Members produce more
with better language and training. Members without the right to work cannot be paid from
formal accounts or subsidies (L2244-2252): they are paid off-book, their output sells only
without an invoice, and the enterprise risks an inspection (a fine, the loss of public
contracts). Pay comes out of cash at a pay level per enterprise: surplus raises pay towards the
wage, then fills a capped reserve, then is invested in sales effort; deficits draw on the
reserve and then cut pay (L2244-2247); underpaid members leave for informal work
(L2702-2704). A cooperative whose reserve is exhausted while it cannot pay is wound up.
Solidarity communities (OACAS, Emmaus: L2288-2298) host members without papers, who receive an
allowance and upkeep and accumulate months of solidarity activity.

Who may join (issue 11): migrants found collectives, but enterprises recruit anyone free to
join, natives included, taking the candidates who will produce most whatever their status, so
the share of disadvantaged workers (``disadvantaged``) is an outcome and eligibility for
reserved contracts (``Cooperatives.eligible``) can be lost. A member holds a post of a level
drawn from the sector's post mix, like a firm's post.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from . import incomes, labour_market, levers, network, stationary
from .population import (
    NEVER,
    SECTORS,
    SSE_SECTORS,
    Citizenship,
    Column,
    ColumnStore,
    Education,
    People,
    Status,
    Work,
)

if TYPE_CHECKING:
    from .model import TremplinModel

# the enum members the monthly paths compare columns with, as plain ints: reading
# ``Work.SSE.value`` goes through the enum's descriptor (~0.5 us), thousands of times a run
_NO_WORK: int = Work.NONE.value
_INFORMAL: int = Work.INFORMAL.value
_SSE: int = Work.SSE.value
_MAINSTREAM: int = Work.MAINSTREAM.value
_UNDOCUMENTED: int = Status.UNDOCUMENTED.value
_NON_EU: int = Citizenship.NON_EU.value
_LOW_EDUCATION: int = Education.LOW.value
_TERTIARY: int = Education.TERTIARY.value


class Cooperatives(ColumnStore):
    """Every cooperative and solidarity community ever founded, one row each
    (``agents.Cooperative`` is a view onto a row)."""

    active = Column("bool", False)
    community = Column("bool", False)
    oacas_approved = Column("bool", False)
    subsidised = Column("bool", False)
    founded_month = Column("int32", 0)
    ended_month = Column("int32", NEVER)
    sector = Column("int8", 0)
    reserve = Column("float64", 0.0)
    # consecutive months with the reserve exhausted and pay below the underpaid threshold
    negative_months = Column("int16", 0)
    # set at founding from the registry (cooperatives.market_learning_months); NaN until then
    learning_months = Column("float64", float("nan"))
    # share of mature private demand the enterprise reaches (learned month by month)
    access = Column("float64", 0.0)
    # private demand won by past investment in sales effort (EUR per month, decays)
    invested_demand = Column("float64", 0.0)
    revenue_market = Column("float64", 0.0)
    revenue_contracts = Column("float64", 0.0)
    subsidy_paid = Column("float64", 0.0)
    seconded_output = Column("float64", 0.0)  # output of city staff this month (EUR)
    costs = Column("float64", 0.0)
    invested = Column("float64", 0.0)  # surplus beyond the reserve cap invested this month
    profit_ema = Column("float64", 0.0)
    autonomous = Column("bool", False)
    # the pay level: share of the wage (of the allowance, in communities) paid this month
    paid_fraction = Column("float64", 1.0)
    member_pay = Column("float64", 0.0)   # EUR this month per declared member (gross wage)
    offbook_pay = Column("float64", 0.0)  # EUR this month per member paid off-book
    declared_members = Column("int32", 0)
    offbook_members = Column("int32", 0)
    banned_until = Column("int32", NEVER)  # no public contracts until then (a sanction)
    in_sim = Column("bool", False)
    shock = Column("float64", 1.0)  # this month's demand shock (a multiplier)
    # pay this month of each declared member (gross) and of each member paid off-book (EUR);
    # set in ``economics``, read by ``incomes``
    member_pay = Column("float64", 0.0)
    offbook_pay = Column("float64", 0.0)

    def __init__(self, people: People,
                 capacity: int = 64) -> None:  # not behavioural: initial rows
        super().__init__(capacity)
        self._people = people
        self._member_rows: np.ndarray | None = None

    # ---- views shared by processes
    def member_rows(self) -> np.ndarray:
        """Rows of the people who are members of a cooperative or community, ascending (a
        read-only array): found once, then kept up to date by ``join`` and ``leave`` (the
        only writers of ``People.coop``) from the rows that change, since several processes a
        month need them."""
        if self._member_rows is None:
            rows = (self._people.coop >= 0).nonzero()[0]
            rows.flags.writeable = False
            self._member_rows = rows
        return self._member_rows

    def _members_joined(self, rows: np.ndarray) -> None:
        """``rows`` have just become members: merged into the kept member rows (sorting the
        few members costs less than scanning everyone again)."""
        if self._member_rows is None:
            return
        merged = np.concatenate([self._member_rows, rows])
        merged.sort()
        if len(merged) > 1 and not (merged[1:] > merged[:-1]).all():  # a row given twice
            merged = np.unique(merged)
        merged.flags.writeable = False
        self._member_rows = merged

    def _members_left(self) -> None:
        """Some members have just left: the kept member rows keep those still members."""
        if self._member_rows is None:
            return
        kept = self._member_rows[self._people.coop[self._member_rows] >= 0]
        kept.flags.writeable = False
        self._member_rows = kept

    def members(self) -> np.ndarray:
        return np.bincount(self._people.coop[self.member_rows()], minlength=self.n)[: self.n]

    def age(self, month: int) -> np.ndarray:
        return month - self.founded_month

    def new_enterprises(self, month: int, months: int) -> np.ndarray:
        """Active enterprises (not solidarity communities) founded during the run and younger
        than ``months`` at ``month``: those the city's start-up support reaches."""
        return (self.active & ~self.community & self.in_sim & (self.founded_month >= 0)
                & (self.age(month) < months))

    def own_revenue_share(self) -> np.ndarray:
        """Autonomy: last month's private sales over revenue plus public support (contracts
        and direct orders, subsidy, the output of seconded staff); NaN without any."""
        total = self.revenue_market + self.revenue_contracts + self.subsidy_paid
        total = total + self.seconded_output
        safe = np.where(total > 0, total, 1.0)
        return np.where(total > 0, self.revenue_market / safe, np.nan)

    def reserve_months(self) -> np.ndarray:
        """Reserve in months of last month's costs (NaN without costs)."""
        safe = np.where(self.costs > 0, self.costs, 1.0)
        return np.where(self.costs > 0, self.reserve / safe, np.nan)

    def market_access(self, model: TremplinModel) -> np.ndarray:
        """Share of mature private demand each enterprise reaches now (a copy)."""
        return self.access.copy()

    def production(self, model: TremplinModel, declared_only: bool = False) -> np.ndarray:
        """Value members can produce this month (EUR); with ``declared_only``, only members
        who may work legally: a public contract cannot be delivered with workers who cannot be
        paid or invoiced formally (guide L2248-2250)."""
        return self.outputs(model)[1 if declared_only else 0]

    def outputs(self, model: TremplinModel) -> tuple[np.ndarray, np.ndarray]:
        """``production`` of all members and of the declared ones only, from one pass over
        the members (the processes that need one need both)."""
        p = self._people
        rows = self.member_rows()
        coop_of = p.coop[rows]
        cp = model.scenario.cooperatives
        prod = cp.productivity_eur * expected_output(model, rows)
        # communities collect and sell donated goods: a flat amount per member
        prod = np.where(self.community[coop_of], cp.community_sales_eur, prod)
        legal = model.masks.legal_to_work[rows]
        n = self.n
        return (np.bincount(coop_of, weights=prod, minlength=n)[:n],
                np.bincount(coop_of[legal], weights=prod[legal], minlength=n)[:n])

    def demand(self, model: TremplinModel) -> np.ndarray:
        """Private demand an enterprise can reach (communities: whatever they collect)."""
        cp = model.scenario.cooperatives
        d = (cp.mature_market_eur * self.access + self.invested_demand) * self.shock
        return np.where(self.community, np.inf, d)

    def eligible(self, model: TremplinModel) -> np.ndarray:
        """Reserved-contract eligibility (Dir. 2014/24 art. 20, Belgian law of 17 June 2016):
        at least ``eligibility_share`` of the declared workers are disadvantaged.

        Only declared workers count: the rule counts employees, and members without the right
        to work cannot be employed or deliver a public contract (guide L2248-2250). An
        enterprise with no declared worker is not eligible."""
        p = self._people
        rows = self.member_rows()
        rows = rows[model.masks.legal_to_work[rows]]
        dis = disadvantaged(model, rows)
        n_dis = np.bincount(p.coop[rows], weights=dis.astype(float), minlength=self.n)[: self.n]
        n_decl = np.bincount(p.coop[rows], minlength=self.n)[: self.n]
        share = np.divide(n_dis, n_decl, out=np.zeros(self.n), where=n_decl > 0)
        return (n_decl > 0) & (share >= model.scenario.cooperatives.eligibility_share)

    def works_in(self, model: TremplinModel) -> np.ndarray:
        """``(cooperatives, SECTORS)``: the sectors each works in, for procurement: its own,
        and any sector in which at least ``municipality.lot_other_sector_min_workers`` of its
        declared workers have their trade (it can staff a lot there)."""
        p = self._people
        rows = self.member_rows()
        rows = rows[model.masks.legal_to_work[rows]]
        k = len(SECTORS)
        trades = np.bincount(p.coop[rows] * k + p.sector[rows],
                             minlength=self.n * k)[: self.n * k].reshape(self.n, k)
        out = trades >= model.scenario.municipality.lot_other_sector_min_workers
        out[np.arange(self.n), self.sector[: self.n]] = True
        return out

    # ---- membership
    def join(self, model: TremplinModel, rows: np.ndarray, coop: np.ndarray) -> None:
        p = model.people
        if len(rows) == 0:
            return
        labour_market.leave_job(model, rows[p.work[rows] != _NO_WORK])
        # the unemployment spell at hiring decides long-term unemployment for the reserve
        # (before the spell is closed below)
        p.spell_at_join[rows] = np.minimum(_registered_spell(model, rows), _SPELL_CAP)
        p.work[rows] = _SSE
        p.coop[rows] = coop
        self._members_joined(rows)  # ``People.coop`` changed
        p.employer[rows] = -1
        level = _post_level(model, rows, coop)
        p.job_level[rows] = level
        p.deskilled[rows] = p.education[rows] > level
        p.work_since[rows] = model.month
        p.searching_since[rows] = NEVER
        p.unpaid_months[rows] = 0
        # solidarity communities house their members (OACAS: decent housing, L2288-2297)
        p.housing_ok[rows] |= self.community[coop]
        # a first declared job: paid work in an enterprise with the right to work
        paid = model.masks.legal_to_work[rows]
        paid &= ~self.community[coop]
        fj = rows[paid & (p.first_job_month[rows] == NEVER)]
        p.first_job_month[fj] = model.month
        mates = network.one_colleague_each(model, "coop", self.n)[coop]
        ok = mates >= 0
        model.network.add(rows[ok], mates[ok])

    def leave(self, model: TremplinModel, rows: np.ndarray) -> None:
        """Members leave (for a job, informal work, or because the cooperative closed)."""
        if len(rows) == 0:
            return
        p = model.people
        p.coop[rows] = -1
        self._members_left()  # ``People.coop`` changed
        p.work[rows] = _NO_WORK
        p.spell_at_join[rows] = 0
        p.job_level[rows] = -1
        p.deskilled[rows] = False
        p.solidarity_months[rows] = 0
        p.sse_months[rows] = 0
        p.unpaid_months[rows] = 0
        p.sse_exit_month[rows] = model.month
        p.searching_since[rows] = model.month


_SPELL_CAP = 30_000  # not behavioural: int16 column


def disadvantaged(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Who counts as disabled or disadvantaged for reserved contracts.

    Directive 2014/24 art. 20 and the Belgian law of 17 June 2016 (sources.md §3.d.2) reserve
    contracts to operators whose staff are at least 30% "disabled or disadvantaged" without a
    list; the CJEU (Conacee, C-598/19) lets a state use narrower criteria. The model uses
    three: a recognised disability (``People.disabled``), low qualification (at most lower
    secondary education), and long-term unemployment (a registered spell of at least
    ``cooperatives.join_long_unemployed_months``; for a member, the spell they had when they
    joined, as target-group status is assessed at hiring). Being a migrant, or having no
    papers, is not a criterion: recital 36 names "disadvantaged minorities" only as an
    example and the narrower national criteria do not list it; people without papers cannot
    register as job seekers, and as members they are not declared workers, so they count in
    no enterprise's share (``Cooperatives.eligible``)."""
    p = model.people
    rows = np.asarray(rows, dtype=np.int64)
    spell = p.spell_at_join[rows]
    outside = p.coop[rows] < 0
    if outside.any():  # the callers ask about members: most calls need no current spell
        spell = np.where(outside, _registered_spell(model, rows), spell)
    return (p.disabled[rows] | (p.education[rows] == _LOW_EDUCATION)
            | (spell >= model.scenario.cooperatives.join_long_unemployed_months))


def _registered_spell(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Months of the current unemployment spell, for people with the right to work (people
    without papers cannot register with the public employment service)."""
    return np.where(model.masks.legal_to_work[rows], labour_market.unemployed_months(model, rows),
                    0)


def _post_level(model: TremplinModel, rows: np.ndarray, coop: np.ndarray) -> np.ndarray:
    """The level of the post each new member takes: drawn from the post mix of firms in the
    enterprise's sector (``labour_market.level_mix``: SSE posts are posts like others) and
    capped at the education the member can show, counted as most employers count it
    (``labour_market.effective_qualification``: an unrecognised foreign degree one level
    lower). Community activity is not a post: level 0."""
    p, c = model.people, model.cooperatives
    below = _level_mix_cumulative(model.scenario.labour_market)[c.sector[coop]]
    drawn = (model.rng.random(len(rows))[:, None] > below).sum(axis=1)
    edu = p.education[rows]
    counts = p.diploma_recognised[rows] | (p.citizenship[rows] != _NON_EU)
    shown = np.where(counts, edu, np.maximum(edu - 1, _LOW_EDUCATION))
    level = np.minimum(np.minimum(drawn, _TERTIARY), shown)
    return np.where(c.community[coop], _LOW_EDUCATION, level).astype(np.int8)


def _level_mix_cumulative(lm: BaseModel) -> np.ndarray:
    """``labour_market.level_mix`` summed along the levels (the chance of a post at or below
    each level), fitted once per scenario (it is an iterative fit). The scenario of the last
    call is checked by identity first: hashing a scenario section for the cache costs more
    than the rest of a month's recruitment draws."""
    if _LAST_MIX[0] is not lm:
        _LAST_MIX[:] = [lm, _fit_level_mix_cumulative(lm)]
    return _LAST_MIX[1]


@lru_cache(maxsize=8)  # not behavioural: the fit depends only on the scenario's registry values
def _fit_level_mix_cumulative(lm: BaseModel) -> np.ndarray:
    below = labour_market.level_mix(lm).cumsum(axis=1)
    below.flags.writeable = False
    return below


_LAST_MIX: list = [None, None]  # the labour-market section last asked for, and its mix


def candidates(model: TremplinModel) -> np.ndarray:
    """People free to join an SSE structure: present, ready, in the labour force (or without
    papers), without declared work or membership; migrants and natives alike."""
    p = model.people
    participates = p.participates | (p.status == _UNDOCUMENTED)
    return (p.present & (p.work <= _INFORMAL) & (p.coop < 0) & model.ready()
            & participates)


def free_migrants(model: TremplinModel) -> np.ndarray:
    """Migrants among the candidates: those who found collectives (guide L1998-2005)."""
    return candidates(model) & model.masks.migrants


def found(model: TremplinModel, founders: np.ndarray, community: bool = False, age: int = 0,
          in_sim: bool = True) -> int:
    """Create a cooperative (or community) with ``founders`` as first members."""
    c, cp, p = model.cooperatives, model.scenario.cooperatives, model.people
    i = int(c.add(1)[0])
    model.register_cooperative(i)
    c.active[i] = True
    c.community[i] = community
    c.oacas_approved[i] = community
    c.founded_month[i] = model.month - age
    c.in_sim[i] = in_sim
    s = int(p.sector[founders[0]]) if len(founders) else SECTORS.index("catering")
    c.sector[i] = (s if s in SSE_SECTORS
                   else int(SSE_SECTORS[model.rng.integers(0, len(SSE_SECTORS))]))
    c.learning_months[i] = cp.market_learning_months * levers.factor("market_learning", model)
    # an enterprise already there at start has learned its market for ``age`` months
    c.access[i] = 1.0 - (1.0 - cp.initial_market_access) * np.exp(-age / c.learning_months[i])
    c.invested_demand[i] = 0.0
    c.reserve[i] = cp.founders_capital_eur
    c.paid_fraction[i] = 1.0 if community else cp.account_initial_pay_level
    c.negative_months[i] = 0
    c.banned_until[i] = NEVER
    c.shock[i] = 1.0
    if in_sim:
        levers.notify("coop_founded", model, i)
    c.join(model, founders, np.full(len(founders), i))
    return i


def formation(model: TremplinModel) -> int:
    """Collectives of migrants formalise as cooperatives this month (guide L1998-2005).

    A collective needs a seed person with enough free contacts of the same origin; isolation
    (few ties) therefore blocks collectives.
    """
    cp, rng, p = model.scenario.cooperatives, model.rng, model.people
    free = free_migrants(model)
    n_free = int(np.count_nonzero(free))
    per_100 = cp.formation_rate / 100.0  # not behavioural: the rate is per 100 free migrants
    k = rng.poisson(per_100 * n_free * levers.factor("coop_formation", model))
    made = 0
    if k == 0:
        return 0
    seeds = rng.choice(free.nonzero()[0], size=min(k, n_free), replace=False)
    if len(seeds) <= _FEW_SEEDS:
        src, dst = model.network.pairs_from(seeds, free)
    else:
        is_seed = np.zeros(p.n, dtype=bool)
        is_seed[seeds] = True
        src, dst = model.network.pairs(is_seed, free)
    same = p.origin[src] == p.origin[dst]
    src, dst = src[same], dst[same]
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    for seed in seeds:
        if not free[seed]:
            continue
        lo, hi = np.searchsorted(src, [seed, seed + 1])
        nb = dst[lo:hi]
        nb = np.unique(nb[free[nb]])
        size = int(rng.integers(cp.founders_min, cp.founders_max + 1))
        if len(nb) + 1 < cp.founders_min:
            continue
        group = np.concatenate([[seed], rng.permutation(nb)[: size - 1]])
        found(model, group)
        free[group] = False
        made += 1
    return made


# up to this many seeds, their ties are found by comparing rows rather than gathering masks
_FEW_SEEDS = 2  # not behavioural: a speed switch, same pairs either way


def recruitment(model: TremplinModel) -> None:
    """Enterprises with more demand than members, and communities with room, recruit.

    Recruits come through members' contacts (an isolated person hears of no opening), and,
    when a public contract needs declared workers, through the public employment service;
    natives and migrants alike (natives accept less often, ``join_native_factor``); people
    without papers favour solidarity communities when the national regime counts that
    activity towards a permit (they anticipate it). An enterprise takes the candidates who
    will produce most, whatever their status: whether it stays eligible for reserved
    contracts depends on who was available.
    """
    c, cp, p, rng = model.cooperatives, model.scenario.cooperatives, model.people, model.rng
    n = c.n
    if n == 0:
        return
    members = c.members()
    # an enterprise takes on as many members as its sales can occupy, if it paid its members;
    # contracts it cannot deliver with declared workers call for recruits with papers
    prod, prod_declared = c.outputs(model)
    per_member = np.maximum(prod / np.maximum(members, 1),
                            cp.staffing_output_floor * cp.productivity_eur)
    contracts = levers.total("coop_contract_revenue", model)
    want = np.floor((c.demand(model) + contracts) / per_member)
    needs_declared = contracts > prod_declared
    want = np.where(c.community, cp.community_capacity, np.minimum(want, cp.max_members))
    can_pay = (c.paid_fraction >= cp.recruit_paid_threshold) | c.community
    # np.minimum/np.maximum for np.clip: whole numbers here, and np.clip's overhead is the cost
    need = np.where(c.active & can_pay,
                    np.minimum(np.maximum(want - members, 0), cp.max_recruits_per_month),
                    0).astype(int)
    if need.sum() == 0:
        return
    free = candidates(model)
    src, cand_r = model.network.pairs(p.coop >= 0, free)
    cand_c = p.coop[src]
    keep = need[cand_c] > 0
    cand_c, cand_r = cand_c[keep], cand_r[keep]
    legal = model.masks.legal_to_work
    keep = ~needs_declared[cand_c] | legal[cand_r]
    taken = _fill(model, cand_r[keep], cand_c[keep], need, via_service=False)
    # a contract it cannot yet deliver: the enterprise also posts the openings at the public
    # employment service, where job seekers with papers hear of them (one opening each)
    short = need - np.bincount(taken, minlength=n)[:n]
    posting = (needs_declared & (short > 0) & c.active & ~c.community).nonzero()[0]
    if len(posting):
        pool = (candidates(model) & legal & p.participates).nonzero()[0]
        if len(pool):
            openings = np.repeat(posting, short[posting])
            _fill(model, pool, openings[rng.integers(0, len(openings), len(pool))], short,
                  via_service=True)


def membership_accepted(model: TremplinModel, rows: np.ndarray, coop: np.ndarray,
                        via_service: bool) -> np.ndarray:
    """Whether each person accepts the offer to join cooperative ``coop``: the one place every
    SSE membership offer is accepted or refused.

    First the cooperative's own draw (people without papers are unpaid in enterprises and
    welcome in communities; natives accept less often), then, for people who have a benefit
    to lose, the weighing of the place's pay against their income and benefits
    (``incomes.accepts_coop_offer``: the social-assistance lever acts there, on entry).
    """
    c, cp, p = model.cooperatives, model.scenario.cooperatives, model.people
    undoc = p.status[rows] == _UNDOCUMENTED
    comm = c.community[coop]
    if via_service:
        accept = np.full(len(rows), cp.accept_employment_service)
    else:
        counts_towards_permit = model.regularisation_rules.regime == "oacas"
        undoc_to_comm = (cp.accept_community_towards_permit if counts_towards_permit
                         else cp.accept_community_undocumented)
        accept = np.where(undoc,
                          np.where(comm, undoc_to_comm, cp.accept_enterprise_undocumented),
                          np.where(comm, cp.accept_community, cp.accept_enterprise))
    native = p.citizenship[rows] != _NON_EU
    accept = accept * np.where(native, cp.join_native_factor, 1.0)
    ok = model.rng.random(len(rows)) < accept
    ok[ok] = incomes.accepts_coop_offer(model, rows[ok], coop[ok])
    return ok


def _fill(model: TremplinModel, rows: np.ndarray, coop: np.ndarray, room: np.ndarray,
          via_service: bool) -> np.ndarray:
    """Offers (person ``rows[i]`` -> cooperative ``coop[i]``): those accepted, one per
    person, fill each cooperative's ``room``; enterprises take the candidates who will
    produce most first (communities take whoever comes). Returns the cooperative of each
    person who joined."""
    c, rng = model.cooperatives, model.rng
    ok = membership_accepted(model, rows, coop, via_service)
    rows, coop = rows[ok], coop[ok]
    order = rng.permutation(len(rows))
    # one offer per person, drawn at random, in the order of rows; offers to people who each
    # have one, in that order already (the employment service's), stay as they are
    if not (rows[1:] > rows[:-1]).all():
        rows, coop = rows[order], coop[order]
        first = _first_of_each(rows)
        rows, coop = rows[first], coop[first]
    jitter = rng.random(len(rows))
    score = np.where(c.community[coop], jitter, expected_output(model, rows) + jitter * _TIE)
    order = np.lexsort((-score, coop))
    rows, coop = rows[order], coop[order]
    start = np.searchsorted(coop, coop, side="left")
    take = (np.arange(len(coop)) - start) < room[coop]
    c.join(model, rows[take], coop[take])
    return coop[take]


_TIE = 1e-6  # not behavioural: breaks ties between equally productive candidates at random


def _first_of_each(rows: np.ndarray) -> np.ndarray:
    """Where each distinct value of ``rows`` first occurs, in ascending order of the values:
    ``np.unique(rows, return_index=True)[1]`` (the same stable sort) without its overhead."""
    order = np.argsort(rows, kind="stable")
    ranked = rows[order]
    new = np.empty(len(ranked), dtype=bool)
    new[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
    return order[new]


def expected_output(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """What a recruit would produce, relative to a full member (language and training):
    what an enterprise looks at when it picks among candidates."""
    p, cp = model.people, model.scenario.cooperatives
    w = cp.output_language_weight
    return (((1 - w) + w * p.language[rows])
            * (1.0 + cp.trained_output_bonus * p.trained[rows]))


@dataclass(frozen=True)
class Accounts:
    """One month's accounts of every cooperative, before the pay level is chosen (EUR, one
    value per row of ``Cooperatives``).

    Pay amounts are at the full wage (communities: the full allowance and upkeep); the pay
    level scales them. Declared pay carries employer contributions and, with the other
    declared costs, is what the subsidy may pay a share of; off-book pay is paid from cash
    only (guide L2244-2252).
    """

    declared: np.ndarray         # members with the right to work, paid on the books
    offbook: np.ndarray          # enterprise members without it, paid off-book
    market: np.ndarray           # private sales
    contracts: np.ndarray        # public contracts and direct orders delivered
    seconded: np.ndarray         # output of staff seconded by the city
    share: np.ndarray            # share of eligible declared costs the subsidy pays
    materials: np.ndarray
    premises: np.ndarray
    pay_declared: np.ndarray     # declared pay with employer contributions, at the wage
    pay_offbook: np.ndarray      # off-book pay at the same pay level
    pay_commune: np.ndarray      # community allowances and upkeep
    expected_sanction: np.ndarray  # inspection probability x fines, for off-book work

    @property
    def revenue(self) -> np.ndarray:
        return self.market + self.contracts

    def subsidy(self, level: np.ndarray | float) -> np.ndarray:
        """Subsidy drawn at pay level ``level``: a share of eligible declared costs only."""
        eligible = level * (self.pay_declared + self.pay_commune) + self.materials + self.premises
        return self.share * eligible

    def pay(self, level: np.ndarray | float) -> np.ndarray:
        return level * (self.pay_declared + self.pay_offbook + self.pay_commune)

    def result(self, level: np.ndarray | float) -> np.ndarray:
        """Cash result of the month at pay level ``level`` (subsidy included)."""
        return (self.revenue + self.subsidy(level) - self.materials - self.premises
                - self.pay(level))

    @property
    def viability(self) -> np.ndarray:
        """The month's result at the full wage, less the expected sanction for off-book work:
        what the enterprise's members' work is worth to it."""
        return self.result(1.0) - self.expected_sanction


# the kinds of member the month's accounts count, as tally columns (declared and off-book are
# the right to work negated: False, True)
_KINDS = 3  # not behavioural: declared, off-book, community
_DECLARED, _OFFBOOK, _COMMUNE = range(_KINDS)


def month_accounts(model: TremplinModel) -> Accounts:
    """This month's accounts of every cooperative (a pure query: no draw, no change).

    Revenue is private sales, public contracts and direct orders (``coop_contract_revenue``);
    contracts are delivered with declared work only (members with the right to work and
    seconded staff). Off-book output sells only in the part of private demand that needs no
    invoice (``offbook_sales_share``). Communities sell donated goods and pay allowances.
    """
    c, p, cp = model.cooperatives, model.people, model.scenario.cooperatives
    n = c.n
    rows = c.member_rows()
    coop_of = p.coop[rows]
    # each member counted once, as declared, off-book (no right to work) or in a community
    kind = np.where(c.community[coop_of], _COMMUNE, ~model.masks.legal_to_work[rows])
    counts = np.bincount(coop_of * _KINDS + kind, minlength=_KINDS * n)[: _KINDS * n]
    counts = counts.reshape(n, _KINDS)
    declared, offbook, commune = counts[:, _DECLARED], counts[:, _OFFBOOK], counts[:, _COMMUNE]
    zero = np.zeros(n)
    prod, prod_declared = c.outputs(model)
    prod_declared = np.where(c.community, 0.0, prod_declared)
    seconded = np.where(c.community, 0.0, zero + levers.total("coop_seconded_output", model))
    contracts = zero + levers.total("coop_contract_revenue", model)
    contracts = np.where(c.banned_until >= model.month, 0.0, contracts)
    declared_out = prod_declared + seconded
    from_contracts = np.where(c.community, 0.0, np.minimum(contracts, declared_out))
    demand = c.demand(model)
    without_invoice = np.minimum(prod - prod_declared, cp.offbook_sales_share * demand)
    market = np.where(c.community, prod, np.minimum(demand, declared_out - from_contracts
                                                    + without_invoice))
    materials = np.where(c.community, 0.0, cp.materials_share * (market + from_contracts))
    wage = cp.wage_eur
    return Accounts(
        declared=declared, offbook=offbook, market=market, contracts=from_contracts,
        seconded=seconded,
        share=zero + levers.total("coop_cost_share", model, c.age(model.month)),
        materials=materials, premises=zero + cp.premises_eur,
        pay_declared=declared * wage * cp.employer_cost_factor,
        pay_offbook=offbook * wage * cp.offbook_pay_share,
        pay_commune=commune * (cp.allowance_eur + cp.community_cost_eur),
        expected_sanction=cp.offbook_inspection_rate * offbook * cp.offbook_fine_eur)


def _pay_level(acc: Accounts, reserve: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """The pay level (share of the wage) each cooperative pays this month.

    A surplus of the month's cash flow first raises pay towards the wage; a deficit is drawn
    from the reserve to keep the previous level, and when the reserve runs out pay falls to
    what the cash in hand allows (members are paid below the wage, guide L2244-2247).
    """
    bill = (acc.pay_declared + acc.pay_commune) * (1.0 - acc.share) + acc.pay_offbook
    inflow = acc.revenue - (acc.materials + acc.premises) * (1.0 - acc.share)
    safe = np.maximum(bill, 1e-9)  # not behavioural: guards a division by zero
    from_flow = inflow / safe
    from_cash = np.clip((reserve + inflow) / safe, 0.0, previous)
    level = np.where(from_flow >= previous, np.minimum(from_flow, 1.0), from_cash)
    return np.where(bill > 0, np.clip(level, 0.0, 1.0), 1.0)


def economics(model: TremplinModel) -> None:
    """Sales, contracts, subsidy, pay, reserve, investment, sanctions, exits and failure.

    Surplus goes first to raising pay towards the wage, then to a reserve capped at
    ``reserve_cap_months`` of costs, then to investment in sales effort (demand that decays);
    deficits draw on the reserve. A cooperative fails after ``failure_months`` months with
    its reserve exhausted and pay below ``underpaid_threshold`` (or debts it cannot pay).
    Enterprises with off-book members risk an inspection: a fine per worker, the workers
    leave, and no public contracts for ``offbook_contract_ban_months``.
    """
    c, p, rng, month = model.cooperatives, model.people, model.rng, model.month
    cp = model.scenario.cooperatives
    n = c.n
    if n == 0:
        return
    active = c.active.copy()
    c.shock = np.exp(rng.normal(0.0, cp.demand_volatility, n)
                          - cp.demand_volatility ** 2 / 2)  # not behavioural: mean 1
    acc = month_accounts(model)
    level = np.where(active, _pay_level(acc, c.reserve, c.paid_fraction), c.paid_fraction)
    subsidy, pay = acc.subsidy(level), acc.pay(level)
    revenue, pay_full = acc.revenue, acc.pay(1.0)
    sub = np.where(active, subsidy, 0.0)
    # ``acc.result(level)``, with the subsidy and pay above
    reserve = c.reserve + (revenue + subsidy - acc.materials - acc.premises - pay)
    costs = pay + acc.materials + acc.premises
    invest = np.where(active, np.maximum(reserve - cp.reserve_cap_months * costs, 0.0), 0.0)
    c.reserve = np.where(active, reserve - invest, c.reserve)
    c.invested = invest
    grow = np.where(c.community, 0.0, invest * cp.account_invest_demand_per_eur)
    c.invested_demand = c.invested_demand * (1.0 - cp.account_demand_decay) + grow
    levers.notify("coop_subsidy_paid", model, sub)
    c.paid_fraction = level
    enterprise = active & ~c.community
    wage = level * cp.wage_eur
    c.member_pay = np.where(enterprise, wage, 0.0)
    c.offbook_pay = np.where(enterprise, wage * cp.offbook_pay_share, 0.0)
    c.declared_members = np.where(active, acc.declared, 0)  # the int32 column casts
    c.offbook_members = np.where(active, acc.offbook, 0)
    c.revenue_market = np.where(active, acc.market, 0.0)
    c.revenue_contracts = np.where(active, acc.contracts, 0.0)
    c.subsidy_paid = sub
    c.seconded_output = np.where(active, acc.seconded, 0.0)
    c.costs = np.where(active, costs, 0.0)
    profit = revenue - acc.materials - acc.premises - pay_full
    a = cp.profit_smoothing
    c.profit_ema = np.where(active, (1 - a) * c.profit_ema + a * profit, c.profit_ema)
    age = c.age(month)
    c.autonomous = (active & (acc.share == 0) & (c.profit_ema >= 0)
                    & (age >= cp.autonomy_months))
    _learn_market(model, active)
    caught = _inspections(model, active, acc)
    _members_month(model, level, caught)
    # failure: reserve exhausted and members unpaid too long, or too few members left
    euro = 1.0  # not behavioural: a euro, below which a reserve is exhausted (rounding)
    broke = (c.reserve < euro) & (level < cp.underpaid_threshold)
    c.negative_months = np.where(active & (broke | (c.reserve < -euro)),
                                 c.negative_months + 1, 0)
    members = c.members()
    fail = active & ((c.negative_months >= cp.failure_months) | (members < cp.min_members))
    fail &= age >= 1
    were_members = c.member_rows()  # those who leave below no longer match any cooperative
    for i in fail.nonzero()[0]:
        c.active[i] = False
        c.ended_month[i] = month
        _exit_members(model, were_members[p.coop[were_members] == i])


def _learn_market(model: TremplinModel, active: np.ndarray) -> None:
    """Enterprises learn their market: access rises towards 1 (market codes, L1480-1482)."""
    c = model.cooperatives
    speed = levers.factor("coop_market_learning", model)
    step = 1.0 - np.exp(-speed / c.learning_months)
    c.access = np.where(active, c.access + (1.0 - c.access) * step, c.access)


def _inspections(model: TremplinModel, active: np.ndarray, acc: Accounts) -> np.ndarray:
    """Inspections of enterprises with off-book members: a fine per worker charged to the
    reserve and a ban from public contracts. Returns which cooperatives were sanctioned."""
    c, cp = model.cooperatives, model.scenario.cooperatives
    u = model.rng.random(c.n)
    caught = active & (acc.offbook > 0) & (u < cp.offbook_inspection_rate)
    if not caught.any():  # most months: no fine, no ban (subtracting 0.0 changes no reserve)
        return caught
    c.reserve = c.reserve - np.where(caught, acc.offbook * cp.offbook_fine_eur, 0.0)
    c.banned_until = np.where(caught, model.month + cp.offbook_contract_ban_months,
                              c.banned_until).astype(np.int32)
    return caught


def _members_month(model: TremplinModel, level: np.ndarray, caught: np.ndarray) -> None:
    """Members' month: unpaid months and exits, activity counters, contract promises; off-book
    workers found by an inspection leave the enterprise."""
    c, p, rng, month = model.cooperatives, model.people, model.rng, model.month
    cp = model.scenario.cooperatives
    rows = c.member_rows()
    coop_of = p.coop[rows]
    undoc = p.status[rows] == _UNDOCUMENTED
    in_comm = c.community[coop_of]
    legal = model.masks.legal_to_work[rows]
    paid = legal & ~in_comm  # declared workers of enterprises
    underpaid = (level < cp.underpaid_threshold)[coop_of]
    capped = np.minimum(p.unpaid_months[rows] + 1, 100)  # not behavioural: int8 column
    p.unpaid_months[rows] = np.where(underpaid, capped, 0)
    levers.notify("unpaid_members", model, rows[underpaid & paid])
    kept = np.where(paid, levers.factor("unpaid_member_exit", model), 1.0)  # only with papers
    hazard = np.where(underpaid, cp.unpaid_exit_rate * kept, cp.member_exit_rate)
    # masks over the (sorted, distinct) member rows: rows[a | b] is their union, in order
    leaving = rng.random(len(rows)) < hazard
    if caught.any():  # most months no enterprise is inspected
        leaving |= caught[coop_of] & ~legal & ~in_comm  # off-book workers found
    p.solidarity_months[rows] += c.oacas_approved[coop_of].astype(np.int16)
    p.sse_months[rows] += 1
    # the training route: solvent enterprises promise contracts to members without papers
    solvent = (c.reserve > 0) & ~c.community
    cand = rows[undoc & solvent[coop_of]]
    prom = cand[rng.random(len(cand)) < cp.sse_promise_rate]
    p.promise_until[prom] = month + model.scenario.labour_market.promise_months
    _exit_members(model, rows[leaving])


def count_springboard(model: TremplinModel) -> None:
    """Springboard follow-up: of people present who left the SSE six months ago, how many
    now hold a mainstream job (counted from month 0 on)."""
    if not model.levers_active:
        return
    p = model.people
    due = p.present & (p.sse_exit_month == model.month - 6)  # not behavioural: indicator's 6 months
    if due.any():
        model.springboard[0] += int(np.count_nonzero(due))
        model.springboard[1] += int(np.count_nonzero(due & (p.work == _MAINSTREAM)))


def _exit_members(model: TremplinModel, rows: np.ndarray) -> None:
    """Leaving members go back to informal work if they have no papers, else to search."""
    if len(rows) == 0:
        return
    p = model.people
    undoc = p.status[rows] == _UNDOCUMENTED
    model.cooperatives.leave(model, rows)
    p.work[rows[undoc]] = _INFORMAL


def initial_cooperatives(model: TremplinModel) -> None:
    """Enterprises and communities active at the start, as many as the scenario says (the
    registry's numbers are the baseline's steady state): with the stored steady state each
    is a resampled stored cooperative (age, members, reserve); with ``initial_state =
    'drawn'`` their ages are spread over five years."""
    cp, rng = model.scenario.cooperatives, model.rng
    for kind, size, age, reserve in _initial_plan(model):
        free = free_migrants(model).nonzero()[0]
        if len(free) < cp.founders_min:
            break
        if kind:  # communities host mostly people without papers
            st = model.people.status[free]
            odds = cp.initial_community_undocumented_weight
            w = np.where(st == _UNDOCUMENTED, odds, 1.0)
            group = rng.choice(free, size=min(size, len(free)), replace=False, p=w / w.sum())
        else:
            group = rng.choice(free, size=min(size, len(free)), replace=False)
        i = found(model, group, community=kind, age=age, in_sim=False)
        if reserve is not None:
            model.cooperatives.reserve[i] = reserve


def _initial_plan(model: TremplinModel) -> list[tuple[bool, int, int, float | None]]:
    """(community, members, age, reserve or None) of each cooperative active at start."""
    cp, rng = model.scenario.cooperatives, model.rng
    stored = (stationary.stored().cooperatives
              if model.scenario.population.initial_state == "steady_state" else None)
    plan = []
    for kind, count in ((True, cp.initial_communities), (False, cp.initial_cooperatives)):
        rows = None if stored is None else stored[stored[:, 0] == kind]
        if rows is not None and len(rows):
            # not behavioural: the stored fields community, age, members, reserve
            for _, age, members, reserve in rows[rng.integers(0, len(rows), count)]:
                plan.append((kind, max(int(members), cp.founders_min), int(age), reserve))
            continue
        for _ in range(count):
            size = (int(cp.community_capacity * cp.initial_community_fill) if kind
                    else int(rng.integers(cp.founders_min, cp.founders_max + 1)))
            ages = ((cp.initial_community_age_min, cp.initial_community_age_max) if kind
                    else (cp.initial_enterprise_age_min, cp.initial_enterprise_age_max))
            plan.append((kind, size, int(rng.integers(ages[0], ages[1] + 1)), None))
    return plan
