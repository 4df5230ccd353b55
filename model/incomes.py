"""Every person's monthly income by source, the benefits they are entitled to, and offers
weighed against them (issue 11, item 1).

Sources, all monthly and net of the worker's social contributions (not of income tax):

- a mainstream wage by the post's skill level (Statbel earnings, floored at the Belgian
  minimum wage GMMMI); the self-employed earn the wage of their own level (an assumption);
- informal pay (an assumption);
- cooperative pay, read from the enterprise's accounts: ``Cooperatives.member_pay`` for a
  declared member (gross, so net of contributions here), ``Cooperatives.offbook_pay`` for a
  member without the right to work; a community member's cash allowance (upkeep in kind is not
  counted);
- unemployment benefit, for people out of declared work whose record of declared months meets
  the Belgian work condition by age (312 days in 21 months under 36, 468 in 33, 624 in 42),
  a replacement rate of the last gross wage (capped) for a limited number of months;
- the integration income (RIS / leefloon) by household type (cohabitant, single, with a
  dependent child), for legal residents (permit holders, recognised refugees, subsidiary
  protection, citizens) who are available for work or in a course and have no work: topped
  up to the rate above an unemployment benefit. Undocumented people get none (urgent medical
  aid only); asylum seekers in reception get material aid, not money, so none either.

Offers (a mainstream post, a place in a cooperative) are accepted against current income (the
last monthly accounts, without the pay of work lost since): an offer must pay at least that
plus a margin, and while a benefit pays for the search a person refuses a post below their
education that pays much less than their own level (``aspiration_share``). The social
services press people on the integration income to take any job (guide L224-230): with
probability ``activation_pressure`` they must accept an offer they would refuse, so deskilling
can follow from the pressure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from . import levers
from .population import NEVER, Pathway, Status, Work

if TYPE_CHECKING:
    from .model import TremplinModel

RECORD_BITS = 42  # not behavioural: months of declared work remembered (the longest window)
MONTHS_PER_YEAR = 12  # not behavioural

# the enum members compared with every month, as plain ints read once: each ``Work.SSE.value``
# goes through enum's descriptor, and offers are weighed hundreds of times a run
_NO_WORK, _INFORMAL, _SSE = Work.NONE.value, Work.INFORMAL.value, Work.SSE.value
_MAINSTREAM, _SELF_EMPLOYED = Work.MAINSTREAM.value, Work.SELF_EMPLOYED.value
_PROTECTED, _NOT_ENROLLED = Status.PROTECTED.value, Pathway.NOT_ENROLLED.value


@dataclass(frozen=True)
class Sources:
    """Monthly income of some rows, by source (EUR, net of the worker's contributions)."""

    wage: np.ndarray          # mainstream job or self-employment
    informal: np.ndarray      # undeclared work
    coop: np.ndarray          # an SSE enterprise's pay (declared or off-book), a community's
    unemployment: np.ndarray  # unemployment benefit
    assistance: np.ndarray    # integration income (RIS)

    @property
    def total(self) -> np.ndarray:
        # summed in place, in the order of the fields (no temporary array per source)
        total = self.wage + self.informal
        total += self.coop
        total += self.unemployment
        total += self.assistance
        return total

    @property
    def benefit(self) -> np.ndarray:
        return self.unemployment + self.assistance


def net(ic: BaseModel, gross: np.ndarray | float) -> np.ndarray:
    """Net of the worker's social contributions."""
    return np.asarray(gross) * (1.0 - ic.worker_contribution_rate)


def post_wage(ic: BaseModel, level: np.ndarray) -> np.ndarray:
    """Gross monthly wage of a post of skill ``level`` (low / medium / tertiary), at least the
    minimum wage."""
    by_level = _wage_by_level(ic.wage_low_eur, ic.wage_medium_eur, ic.wage_tertiary_eur,
                              ic.minimum_wage_eur)
    return by_level[np.asarray(level, dtype=np.intp)]


@lru_cache(maxsize=16)  # not behavioural: a few scenarios per process, asked every offer
def _wage_by_level(low: float, medium: float, tertiary: float, minimum: float) -> np.ndarray:
    """``post_wage``'s table for one set of registry values, built once (read-only)."""
    by_level = np.maximum(np.array([low, medium, tertiary]), minimum)
    by_level.flags.writeable = False
    return by_level


def ris_rate(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Integration income a person would receive with no other resources, by household:
    with a dependent child, else cohabitant or single.

    Looked up by household type (0 single, 1 cohabitant, 2-3 with a dependent child): a
    lookup costs a fraction of ``np.where`` on a mask as mixed as cohabitation."""
    p, ic = model.people, model.scenario.incomes
    child = p.youngest_child_born[rows]
    family = (child != NEVER) & (model.month - child < ic.dependent_child_months)
    by_household = _ris_by_household(ic.ris_single_eur, ic.ris_cohabitant_eur, ic.ris_family_eur)
    household = (family.view(np.uint8) << 1) | (p.cohabits[rows] == 1).view(np.uint8)
    return by_household.take(household)


@lru_cache(maxsize=16)  # not behavioural: a few scenarios per process, asked every month
def _ris_by_household(single: float, cohabitant: float, family: float) -> np.ndarray:
    """``ris_rate``'s table for one set of registry values, built once (read-only)."""
    by_household = np.array([single, cohabitant, family, family])
    by_household.flags.writeable = False
    return by_household


def months_worked(record: np.ndarray, window: int) -> np.ndarray:
    """Months of declared work within the last ``window`` months of a record."""
    return _months_worked(np.maximum(record, 0), window)


def _months_worked(known: np.ndarray, window: int) -> np.ndarray:
    """``months_worked`` of a record already known (no -1)."""
    return np.bitwise_count(known & np.int64((1 << int(window)) - 1))


def qualifies(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Whether the record of declared work meets the unemployment-insurance condition at the
    person's age (longer periods only from ``ub_age_middle`` and ``ub_age_long``)."""
    p, ic = model.people, model.scenario.incomes
    rec = np.maximum(p.contribution_record[rows], 0)  # a record not yet known counts none
    age = (model.month - p.birth_month[rows]) / MONTHS_PER_YEAR
    short = _months_worked(rec, ic.ub_window_short_months) >= ic.ub_required_short_months
    middle = _months_worked(rec, ic.ub_window_middle_months) >= ic.ub_required_middle_months
    long = _months_worked(rec, ic.ub_window_long_months) >= ic.ub_required_long_months
    return (long | (middle & (age < ic.ub_age_long))
            | (short & (age < ic.ub_age_middle)))


def benefit_duration(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Months of benefit of an entitlement: the base, plus one a year of career after the
    first (since the first declared job), up to the registry's most."""
    p, ic = model.people, model.scenario.incomes
    first = p.first_job_month[rows]
    years = np.where(first != NEVER, (model.month - first) // MONTHS_PER_YEAR, 0)
    # ``np.clip`` of whole months, without its wrapper (it costs more than the work here)
    return ic.ub_base_months + np.minimum(np.maximum(years - 1, 0), ic.ub_extra_months_max)


def _available(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Available for work (in the labour force) or in a course or placement: the condition of
    both benefits."""
    p = model.people
    return p.participates[rows] | (p.pathway[rows] != _NOT_ENROLLED)


def _paid_members(model: TremplinModel, rows: np.ndarray, sse: np.ndarray,
                  legal: np.ndarray) -> np.ndarray:
    """The positions ``sse`` (in ``rows``, of SSE workers) of those in declared work: members
    of an enterprise (not a community) with the right to work."""
    c = model.cooperatives
    if not c.n:
        return sse[:0]
    with_papers = sse[legal[sse]]
    return with_papers[~c.community[model.people.coop[rows[with_papers]]]]


def _declared_gross(model: TremplinModel, rows: np.ndarray, in_job: np.ndarray,
                    paid_members: np.ndarray) -> np.ndarray:
    """Gross monthly wage of the declared work of ``rows`` (0 for others): the post's for
    those ``in_job`` (a mainstream job or self-employment), the enterprise's member pay for
    the ``paid_members`` (positions in ``rows``). Written through positions, not masks: a
    mask as mixed as holding a job is several times slower to index with."""
    p, c, ic = model.people, model.cooperatives, model.scenario.incomes
    gross = np.zeros(len(rows))
    job = in_job.nonzero()[0]
    gross[job] = post_wage(ic, p.job_level[rows[job]])
    gross[paid_members] = c.member_pay[p.coop[rows[paid_members]]]
    return gross


def sources(model: TremplinModel, rows: np.ndarray) -> Sources:
    """This month's income of ``rows`` by source, from their current state (a pure query: an
    unemployment entitlement not yet opened is counted as it would open)."""
    return _sources(model, rows)[0]


@dataclass(frozen=True)
class _State:
    """What ``_sources`` derived on the way, for ``monthly`` to reuse."""

    declared: np.ndarray   # in declared work
    gross: np.ndarray      # its gross wage
    available: np.ndarray  # available for work or in a course
    rate: np.ndarray       # integration-income rate of the household
    sse: np.ndarray        # positions (in the rows) of SSE workers


def _sources(model: TremplinModel, rows: np.ndarray) -> tuple[Sources, _State]:
    """``sources``, with what was derived on the way."""
    p, c, ic, cp = (model.people, model.cooperatives, model.scenario.incomes,
                    model.scenario.cooperatives)
    n = len(rows)
    work = p.work[rows]
    legal = model.masks.legal_to_work[rows]
    idle = work == _NO_WORK
    in_job = (work == _MAINSTREAM) | (work == _SELF_EMPLOYED)
    sse = (work == _SSE).nonzero()[0]  # few: positions in rows
    paid_members = _paid_members(model, rows, sse, legal)
    declared = in_job.copy()  # ``model.declared()`` for rows only
    declared[paid_members] = True
    gross = _declared_gross(model, rows, in_job, paid_members)
    wage = net(ic, gross)
    wage[sse] = 0.0
    informal = np.where(work == _INFORMAL, float(ic.informal_pay_eur), 0.0)
    coop = np.zeros(n)
    if len(sse):
        k = p.coop[rows[sse]]
        coop[sse] = np.where(c.community[k], cp.allowance_eur * c.paid_fraction[k],
                             np.where(legal[sse], net(ic, c.member_pay[k]), c.offbook_pay[k]))
    available = _available(model, rows)
    # unemployment benefit: an open entitlement not yet used up, or one that would open now
    unemployment = np.zeros(n)
    out = (idle & legal & available).nonzero()[0]
    if len(out):
        r = rows[out]
        drawn = p.benefit_months[r]
        # an open entitlement lasts its duration, a new one opens on the record: both rules
        # are worked out for every claimant (cheaper than splitting the few claimants in two)
        entitled = np.where(drawn >= 0, drawn < benefit_duration(model, r), qualifies(model, r))
        rate = np.where(np.maximum(drawn, 0) < ic.ub_first_months, ic.ub_replacement_first,
                        ic.ub_replacement_later)
        reference = np.minimum(p.reference_wage[r], ic.ub_wage_cap_eur)
        unemployment[out] = np.where(entitled, rate * reference, 0.0)
    # integration income: legal residents without work, available, topped up to the rate
    rate = ris_rate(model, rows)
    eligible = ((p.status[rows] >= _PROTECTED) & available & idle).nonzero()[0]
    assistance = np.zeros(n)
    assistance[eligible] = np.maximum(rate[eligible] - unemployment[eligible], 0.0)
    return (Sources(wage, informal, coop, unemployment, assistance),
            _State(declared, gross, available, rate, sse))


def current(model: TremplinModel, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                               np.ndarray]:
    """What ``rows`` live on as they weigh an offer: (income, benefits, integration income) of
    the last monthly accounts (``monthly``), without the pay of work no longer held (a job lost
    this month: its benefit is not paid yet)."""
    p = model.people
    benefit = p.benefit[rows]
    income = np.where(p.work[rows] == _NO_WORK, benefit, p.income[rows])
    return income, benefit, p.assistance[rows]


def accepts(model: TremplinModel, rows: np.ndarray, offered_income: np.ndarray | float,
            level: np.ndarray | None = None) -> np.ndarray:
    """Whether each of ``rows`` accepts an offer paying ``offered_income`` (EUR a month, net)
    for a post of skill ``level`` (``None``: no level, as for a place in a cooperative).

    The reservation income is current income (``current``) plus ``reservation_margin_eur``;
    while a benefit pays for the search, a post below one's education must also pay
    ``aspiration_share`` of the net wage of one's own level. People on the integration income
    must accept an offer they would refuse with probability ``activation_pressure`` (guide
    L224-230).
    """
    rows = np.asarray(rows)
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    p, ic = model.people, model.scenario.incomes
    income, benefit, assistance = current(model, rows)
    reservation = income + ic.reservation_margin_eur
    if level is not None:
        own = p.education[rows]
        waits = (np.asarray(level) < own) & (benefit > 0)
        aspired = ic.aspiration_share * net(ic, post_wage(ic, own))
        reservation = np.where(waits, np.maximum(reservation, aspired), reservation)
    ok = np.asarray(offered_income) >= reservation
    pressed = (~ok & (assistance > 0)).nonzero()[0]
    if len(pressed):
        ok[pressed] = model.rng.random(len(pressed)) < ic.activation_pressure
    return ok


def post_offer_income(model: TremplinModel, level: np.ndarray) -> np.ndarray:
    """Net monthly pay of mainstream posts of skill ``level``."""
    ic = model.scenario.incomes
    return net(ic, post_wage(ic, level))


def coop_offer_income(model: TremplinModel, rows: np.ndarray, coop: np.ndarray) -> np.ndarray:
    """What ``rows`` expect a month from joining cooperatives ``coop``: what the cooperative
    paid a member like them last month (declared with the right to work, off-book without;
    a community's allowance), plus any assistance a lever lets them keep
    (hook ``sse_offer_income``, given their current integration income)."""
    c, ic, cp = model.cooperatives, model.scenario.incomes, model.scenario.cooperatives
    legal = model.masks.legal_to_work[rows]
    paid = c.paid_fraction[coop]
    member_pay, offbook_pay = c.member_pay[coop], c.offbook_pay[coop]
    # a cooperative that has not yet run its accounts is expected to pay the full wage
    declared = np.where(member_pay > 0, member_pay, cp.wage_eur * paid)
    offbook = np.where(offbook_pay > 0, offbook_pay, cp.wage_eur * cp.offbook_pay_share * paid)
    pay = np.where(c.community[coop], cp.allowance_eur * paid,
                   np.where(legal, net(ic, declared), offbook))
    kept = levers.total("sse_offer_income", model, rows, model.people.assistance[rows])
    return pay + kept


def accepts_coop_offer(model: TremplinModel, rows: np.ndarray, coop: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` accepts a place in cooperative ``coop[i]`` as far as income
    goes: people who would lose a benefit by joining weigh the cooperative's expected pay
    against it (``accepts``); for the others, who lose no benefit, the cooperatives' own
    acceptance rates decide (housing, a route to papers, a collective: motives the model does
    not price)."""
    rows, coop = np.asarray(rows), np.asarray(coop)
    ok = np.ones(len(rows), dtype=bool)
    weigh = (model.people.benefit[rows] > 0).nonzero()[0]
    if len(weigh):
        r = rows[weigh]
        ok[weigh] = accepts(model, r, coop_offer_income(model, r, coop[weigh]))
    return ok


def _first_seen(model: TremplinModel, rows: np.ndarray, declared: np.ndarray) -> None:
    """People not seen before (natives, people drawn at start, arrivals; migrants resampled
    from the stored state bring both): whether they live with others (``cohabitant_share``),
    and a record of declared months from the tenure of their current declared work."""
    p = model.people
    p.cohabits[rows] = model.rng.random(len(rows)) < model.scenario.incomes.cohabitant_share
    since = p.work_since[rows]
    tenure = np.where(declared & (since != NEVER),
                      np.minimum(np.maximum(model.month - since, 0), RECORD_BITS), 0)
    p.contribution_record[rows] = np.left_shift(np.int64(1), tenure.astype(np.int64)) - 1


def monthly(model: TremplinModel) -> None:
    """Every person's income this month by source; records of declared work, unemployment
    entitlements and the last wage move on."""
    p = model.people
    rows = p.present.nonzero()[0]
    if len(rows) == 0:
        return
    s, state = _sources(model, rows)
    declared = state.declared
    new = (p.cohabits[rows] < 0).nonzero()[0]
    if len(new):
        _first_seen(model, rows[new], declared[new])
    # people who left the integration income for an SSE structure this month
    sse = rows[state.sse]
    joined = sse[(p.work_since[sse] == model.month) & (p.assistance[sse] > 0)]
    if len(joined):
        levers.notify("left_assistance_for_sse", model, joined)
    kept = levers.total("kept_assistance", model, rows, state.rate)
    if np.count_nonzero(kept):  # cheaper than ``np.any`` on a float array
        s = replace(s, assistance=np.maximum(s.assistance, kept))
    model.income_sources = (rows, s)
    p.assistance[rows] = s.assistance
    p.benefit[rows] = s.benefit
    p.income[rows] = s.total
    # state carried to next month (written through positions: masks as mixed as declared
    # work are slow to select with)
    at_work = declared.nonzero()[0]
    p.reference_wage[rows[at_work]] = state.gross[at_work]
    record = p.contribution_record[rows]
    record <<= 1
    record |= declared
    record &= np.int64((1 << RECORD_BITS) - 1)
    p.contribution_record[rows] = record
    drawn = p.benefit_months[rows]
    paid = (s.unemployment > 0).nonzero()[0]
    drawn[paid] = np.maximum(drawn[paid], 0) + 1
    # work ends the claim, and so does leaving the labour force: a new claim must meet the
    # work condition again
    drawn[(declared | ~state.available).nonzero()[0]] = -1
    p.benefit_months[rows] = drawn
