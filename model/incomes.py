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

Offers (a mainstream post, a place in a cooperative) are accepted against current income: an
offer must pay at least current income plus a margin, and while a benefit pays for the search
a person refuses a post below their education that pays much less than their own level
(``aspiration_share``). The social services press people on the integration income to take
any job (guide L224-230): with probability ``activation_pressure`` they must accept an offer
they would refuse, so deskilling can follow from the pressure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from . import levers
from .population import NEVER, Education, Pathway, Status, Work

if TYPE_CHECKING:
    from .model import TremplinModel

RECORD_BITS = 42  # not behavioural: months of declared work remembered (the longest window)
MONTHS_PER_YEAR = 12  # not behavioural


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
        return self.wage + self.informal + self.coop + self.unemployment + self.assistance

    @property
    def benefit(self) -> np.ndarray:
        return self.unemployment + self.assistance


def net(ic: BaseModel, gross: np.ndarray | float) -> np.ndarray:
    """Net of the worker's social contributions."""
    return np.asarray(gross) * (1.0 - ic.worker_contribution_rate)


def post_wage(ic: BaseModel, level: np.ndarray) -> np.ndarray:
    """Gross monthly wage of a post of skill ``level`` (low / medium / tertiary), at least the
    minimum wage."""
    by_level = np.maximum(np.array([ic.wage_low_eur, ic.wage_medium_eur, ic.wage_tertiary_eur]),
                          ic.minimum_wage_eur)
    return by_level[np.clip(level, Education.LOW, Education.TERTIARY).astype(np.intp)]


def ris_rate(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Integration income a person would receive with no other resources, by household:
    with a dependent child, else cohabitant or single."""
    p, ic = model.people, model.scenario.incomes
    child = p.youngest_child_born[rows]
    family = (child != NEVER) & (model.month - child < ic.dependent_child_months)
    alone = np.where(p.cohabits[rows] == 1, ic.ris_cohabitant_eur, ic.ris_single_eur)
    return np.where(family, ic.ris_family_eur, alone)


def months_worked(record: np.ndarray, window: int) -> np.ndarray:
    """Months of declared work within the last ``window`` months of a record."""
    mask = np.int64((1 << int(window)) - 1)
    return np.bitwise_count(np.maximum(record, 0) & mask)


def qualifies(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Whether the record of declared work meets the unemployment-insurance condition at the
    person's age (longer periods only from ``ub_age_middle`` and ``ub_age_long``)."""
    p, ic = model.people, model.scenario.incomes
    rec = p.contribution_record[rows]
    age = (model.month - p.birth_month[rows]) / MONTHS_PER_YEAR
    short = months_worked(rec, ic.ub_window_short_months) >= ic.ub_required_short_months
    middle = months_worked(rec, ic.ub_window_middle_months) >= ic.ub_required_middle_months
    long = months_worked(rec, ic.ub_window_long_months) >= ic.ub_required_long_months
    return (long | (middle & (age < ic.ub_age_long))
            | (short & (age < ic.ub_age_middle)))


def benefit_duration(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Months of benefit of an entitlement: the base, plus one a year of career after the
    first (since the first declared job), up to the registry's most."""
    p, ic = model.people, model.scenario.incomes
    first = p.first_job_month[rows]
    years = np.where(first != NEVER, (model.month - first) // MONTHS_PER_YEAR, 0)
    return ic.ub_base_months + np.clip(years - 1, 0, ic.ub_extra_months_max)


def _available(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Available for work (in the labour force) or in a course or placement: the condition of
    both benefits."""
    p = model.people
    return p.participates[rows] | (p.pathway[rows] != Pathway.NOT_ENROLLED)


def _declared_gross(model: TremplinModel, rows: np.ndarray,
                    declared: np.ndarray) -> np.ndarray:
    """Gross monthly wage of the declared work of ``rows`` (0 for others)."""
    p, c, ic = model.people, model.cooperatives, model.scenario.incomes
    work = p.work[rows]
    gross = np.where((work == Work.MAINSTREAM) | (work == Work.SELF_EMPLOYED),
                     post_wage(ic, p.job_level[rows]), 0.0)
    sse = work == Work.SSE
    coop = np.where(sse, p.coop[rows], 0)
    pay = c.member_pay[coop] if c.n else np.zeros(len(rows))
    return np.where(declared & sse, pay, np.where(declared, gross, 0.0))


def sources(model: TremplinModel, rows: np.ndarray) -> Sources:
    """This month's income of ``rows`` by source, from their current state (a pure query: an
    unemployment entitlement not yet opened is counted as it would open)."""
    p, c, ic, cp = (model.people, model.cooperatives, model.scenario.incomes,
                    model.scenario.cooperatives)
    work = p.work[rows]
    legal = model.masks.legal_to_work[rows]
    declared = model.declared()[rows]
    gross = _declared_gross(model, rows, declared)
    sse = work == Work.SSE
    wage = np.where(sse, 0.0, net(ic, gross))
    informal = np.where(work == Work.INFORMAL, ic.informal_pay_eur, 0.0)
    coop = np.zeros(len(rows))
    if c.n:
        k = np.where(sse, p.coop[rows], 0)
        community = c.community[k]
        coop = np.where(sse & community, cp.allowance_eur * c.paid_fraction[k],
                        np.where(sse & legal, net(ic, c.member_pay[k]),
                                 np.where(sse, c.offbook_pay[k], 0.0)))
    available = _available(model, rows)
    # unemployment benefit: an open entitlement not yet used up, or one that would open now
    drawn = p.benefit_months[rows]
    out_of_work = (work == Work.NONE) & legal & available
    entitled = out_of_work & np.where(drawn >= 0, drawn < benefit_duration(model, rows),
                                      qualifies(model, rows))
    months = np.maximum(drawn, 0)
    rate = np.where(months < ic.ub_first_months, ic.ub_replacement_first,
                    ic.ub_replacement_later)
    reference = np.minimum(p.reference_wage[rows], ic.ub_wage_cap_eur)
    unemployment = np.where(entitled, rate * reference, 0.0)
    # integration income: legal residents without work, available, topped up to the rate
    resident = p.status[rows] >= Status.PROTECTED
    eligible = resident & available & (work == Work.NONE)
    assistance = np.where(eligible, np.maximum(ris_rate(model, rows) - unemployment, 0.0), 0.0)
    return Sources(wage, informal, coop, unemployment, assistance)


def accepts(model: TremplinModel, rows: np.ndarray, offered_income: np.ndarray | float,
            level: np.ndarray | None = None) -> np.ndarray:
    """Whether each of ``rows`` accepts an offer paying ``offered_income`` (EUR a month, net)
    for a post of skill ``level`` (``None``: no level, as for a place in a cooperative).

    The reservation income is current income plus ``reservation_margin_eur``; while a benefit
    pays for the search, a post below one's education must also pay ``aspiration_share`` of
    the net wage of one's own level. People on the integration income must accept an offer
    they would refuse with probability ``activation_pressure`` (guide L224-230).
    """
    rows = np.asarray(rows)
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    p, ic = model.people, model.scenario.incomes
    s = sources(model, rows)
    offered = np.broadcast_to(np.asarray(offered_income, dtype=float), rows.shape)
    reservation = s.total + ic.reservation_margin_eur
    if level is not None:
        own = p.education[rows]
        below = np.asarray(level) < own
        aspired = ic.aspiration_share * net(ic, post_wage(ic, own))
        waits = below & (s.benefit > 0)
        reservation = np.where(waits, np.maximum(reservation, aspired), reservation)
    ok = offered >= reservation
    pressed = np.flatnonzero(~ok & (s.assistance > 0))
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
    (hook ``sse_offer_income``)."""
    c, ic, cp = model.cooperatives, model.scenario.incomes, model.scenario.cooperatives
    legal = model.masks.legal_to_work[rows]
    paid = c.paid_fraction[coop]
    # a cooperative that has not yet run its accounts is expected to pay the full wage
    declared = np.where(c.member_pay[coop] > 0, c.member_pay[coop], cp.wage_eur * paid)
    offbook = np.where(c.offbook_pay[coop] > 0, c.offbook_pay[coop],
                       cp.informal_share_eur * paid)
    pay = np.where(c.community[coop], cp.allowance_eur * paid,
                   np.where(legal, net(ic, declared), offbook))
    kept = levers.total("sse_offer_income", model, rows, sources(model, rows).assistance)
    return pay + kept


def accepts_coop_offer(model: TremplinModel, rows: np.ndarray, coop: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` accepts a place in cooperative ``coop[i]`` as far as income
    goes: people who would lose a benefit by joining weigh the cooperative's expected pay
    against it (``accepts``); for the others, who lose no benefit, the cooperatives' own
    acceptance rates decide (housing, a route to papers, a collective: motives the model does
    not price)."""
    rows, coop = np.asarray(rows), np.asarray(coop)
    ok = np.ones(len(rows), dtype=bool)
    weigh = np.flatnonzero(sources(model, rows).benefit > 0)
    if len(weigh):
        r = rows[weigh]
        ok[weigh] = accepts(model, r, coop_offer_income(model, r, coop[weigh]))
    return ok


def _draw_households(model: TremplinModel, rows: np.ndarray) -> None:
    """Whether people not yet seen live with others (drawn once, ``cohabitant_share``)."""
    p = model.people
    new = rows[p.cohabits[rows] < 0]
    if len(new):
        p.cohabits[new] = model.rng.random(len(new)) < model.scenario.incomes.cohabitant_share


def _start_records(model: TremplinModel, rows: np.ndarray, declared: np.ndarray) -> None:
    """Records not yet known (natives, people drawn at start): the months of the current
    declared work's tenure."""
    p = model.people
    new = p.contribution_record[rows] < 0
    if not new.any():
        return
    r = rows[new]
    since = p.work_since[r]
    tenure = np.where(declared[new] & (since != NEVER),
                      np.clip(model.month - since, 0, RECORD_BITS), 0)
    p.contribution_record[r] = (np.left_shift(np.int64(1), tenure.astype(np.int64))
                                - 1).astype(np.int64)


def monthly(model: TremplinModel) -> None:
    """Every person's income this month by source; records of declared work, unemployment
    entitlements and the last wage move on."""
    p = model.people
    rows = np.flatnonzero(p.present)
    if len(rows) == 0:
        return
    declared = model.declared()[rows]
    _draw_households(model, rows)
    _start_records(model, rows, declared)
    s = sources(model, rows)
    # people who left the integration income for an SSE structure this month
    joined = ((p.work[rows] == Work.SSE) & (p.work_since[rows] == model.month)
              & (p.assistance[rows] > 0))
    levers.notify("left_assistance_for_sse", model, rows[joined])
    kept = levers.total("kept_assistance", model, rows, ris_rate(model, rows))
    s = replace(s, assistance=np.maximum(s.assistance, kept))
    model.income_sources = (rows, s)
    p.assistance[rows] = s.assistance
    p.benefit[rows] = s.benefit
    p.income[rows] = s.total
    # state carried to next month
    gross = _declared_gross(model, rows, declared)
    p.reference_wage[rows] = np.where(declared, gross, p.reference_wage[rows])
    mask = np.int64((1 << RECORD_BITS) - 1)
    p.contribution_record[rows] = ((p.contribution_record[rows] << 1)
                                   | declared.astype(np.int64)) & mask
    drawn = p.benefit_months[rows]
    drawn = np.where(s.unemployment > 0, np.maximum(drawn, 0) + 1, drawn)
    # work ends the claim, and so does leaving the labour force: a new claim must meet the
    # work condition again
    p.benefit_months[rows] = np.where(declared | ~_available(model, rows), -1, drawn)
