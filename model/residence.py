"""National residence rules: asylum decisions, permits and regularisation regimes.

The regime is a national setting of the scenario, not a municipal lever (residence is rarely a
local competence, guide L2264-2267), but the municipality shapes who meets its conditions
(SSE activity, promises of employment) and how fast procedures go (one-stop shop).

Regimes (sources.md §3.c; facts.md §2 #53-57):
- ``none``: no route besides asylum.
- ``humanitarian``: only the discretionary case-by-case route after years of presence (Belgium,
  art. 9bis Aliens Act; preset ``belgium_9bis``). That route stays open under every regime
  but ``none``; the regimes below add their own route to it.
- ``oacas``: months of presence plus months of *continuous* activity in an approved solidarity
  organisation, with or without a promise of employment, at the prefect's discretion (presets
  ``valls_circular``: 5 y + 3 y + promise, L2273-2282; ``ceseda_l435_2``: 3 y uninterrupted,
  L2282-2287; ``state_emmaus``: 5 y + 12 months + promise, L2299-2304).
- ``arraigo``: months of presence plus a job contract (Spain; presets ``arraigo_2011``: 3 y,
  ``arraigo_2025``: 2 y; sources.md §3.c.1).
- ``work_based``: a contract, or documented SSE work experience (Barcelona, L2399-2403).
Regularised people get a temporary permit that is renewed, or lost, at expiry.

A regime other than the registry default is a national reform that takes effect at month 0:
during the burn-in the default preset (today's Belgian rule) applies, so a reform scenario and
the baseline share their starting state; ``in_force_before_start = true`` makes the regime the
status quo instead (a country where it already applies).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from . import demography, labour_market, levers
from .population import NEVER, PermitReason, Route, Status

if TYPE_CHECKING:
    from .model import TremplinModel

# Codes as plain ints for the monthly paths: reading ``Status.X.value`` goes through enum's
# descriptor on every call (thousands of reads a run)
_UNDOCUMENTED: int = Status.UNDOCUMENTED.value
_ASYLUM_SEEKER: int = Status.ASYLUM_SEEKER.value
_PROTECTED: int = Status.PROTECTED.value
_TEMPORARY_PERMIT: int = Status.TEMPORARY_PERMIT.value
_LONG_TERM_PERMIT: int = Status.LONG_TERM_PERMIT.value
_NO_REASON: int = PermitReason.NONE.value
_WORK_PERMIT: int = PermitReason.WORK.value
_FAMILY_PERMIT: int = PermitReason.FAMILY.value
_STUDY_PERMIT: int = PermitReason.STUDY.value
_PROTECTION: int = PermitReason.PROTECTION.value
_REGULARISATION: int = PermitReason.REGULARISATION.value
_LONG_TERM: int = PermitReason.LONG_TERM.value


def eligible(model: TremplinModel, idx: np.ndarray) -> np.ndarray:
    """Which undocumented people ``idx`` meet the conditions of the regime's own route."""
    p, r, month = model.people, model.regularisation_rules, model.month
    if r.regime in ("none", "humanitarian"):
        return np.zeros(len(idx), dtype=bool)
    presence = month - p.arrival_month[idx]
    ok = presence >= r.min_presence_months
    promise = p.promise_until[idx] >= month
    if r.regime == "oacas":
        ok &= p.solidarity_months[idx] >= r.min_activity_months
        if r.promise_required:
            ok &= promise
    elif r.regime == "arraigo":
        ok &= promise
    elif r.regime == "work_based":
        ok &= promise | (p.sse_months[idx] >= max(r.work_experience_months, 1))
    return ok


def grant_temporary_permit(model: TremplinModel, rows: np.ndarray) -> None:
    """Regularisation: a first temporary permit (reason ``REGULARISATION``)."""
    if len(rows) == 0:  # most months' decisions grant no one
        return
    p, month = model.people, model.month
    p.set_status(rows, _TEMPORARY_PERMIT)
    p.permit_reason[rows] = _REGULARISATION
    p.permit_until[rows] = month + model.regularisation_rules.permit_months
    p.legal_since[rows] = month
    first = rows[p.regularised_month[rows] == NEVER]
    p.regularised_month[first] = month
    p.promise_until[rows] = NEVER


def become_undocumented(model: TremplinModel, rows: np.ndarray, route: Route) -> None:
    """``rows`` lose (or never had) a right to stay and remain: their route into irregularity
    is recorded (kept after a later regularisation, so regularisations can be told by route)."""
    if len(rows) == 0:
        return
    p = model.people
    p.set_status(rows, _UNDOCUMENTED)
    p.irregular_route[rows] = route
    p.permit_reason[rows] = _NO_REASON
    p.permit_until[rows] = NEVER
    p.legal_since[rows] = NEVER
    p.studying[rows] = False
    labour_market.lose_right_to_work(model, rows)


def lose_permit(model: TremplinModel, rows: np.ndarray) -> None:
    """A permit lapses: an order to leave, which some follow (``lost_permit_stay_share`` stay)."""
    if len(rows) == 0:
        return
    stay = model.rng.random(len(rows)) < model.scenario.demography.lost_permit_stay_share
    become_undocumented(model, rows[stay], Route.LOST_PERMIT)
    demography.depart(model, rows[~stay])


def asylum_decisions(model: TremplinModel) -> None:
    """First-instance asylum decisions: protection, or an order to leave that some ignore.

    Protection counts towards unlimited stay from the asylum application (AIDA Belgium,
    sources.md "Belgian rules"), so its legal stay starts at arrival.
    """
    p, dem, rng, month = model.people, model.scenario.demography, model.rng, model.month
    # residence statuses other than CITIZEN are migrants', so presence is enough (as in
    # ``long_term`` and ``residence``): no rebuild of the month's migrant mask here
    due = (p.present & (p.status == _ASYLUM_SEEKER)
           & (p.asylum_decision_month <= month)).nonzero()[0]
    if len(due) == 0:
        return
    granted = rng.random(len(due)) < dem.asylum_recognition_rate
    g = due[granted]
    if len(g):
        p.set_status(g, _PROTECTED)
        p.permit_reason[g] = _PROTECTION
        p.legal_since[g] = p.arrival_month[g]
    rejected = due[~granted]
    stay = rng.random(len(rejected)) < dem.rejected_stay_share
    become_undocumented(model, rejected[stay], Route.REJECTED_ASYLUM)
    demography.depart(model, rejected[~stay])


def studies_end(model: TremplinModel) -> None:
    """Students finish their studies (mean ``study_months``) and start a search year."""
    p, rng, month = model.people, model.rng, model.month
    r = model.regularisation_rules
    students = (p.present & p.studying).nonzero()[0]
    done = students[rng.random(len(students)) < 1 / model.scenario.demography.study_months]
    if len(done) == 0:
        return
    p.studying[done] = False
    holders = done[(p.status[done] == _TEMPORARY_PERMIT)
                   & (p.permit_reason[done] == _STUDY_PERMIT)]
    p.permit_until[holders] = month + r.search_year_months


@lru_cache(maxsize=8)  # not behavioural: a regime or two per run
def _renewal_rules(working: float, not_working: float, family: float, study: float,
                   renewal_months: int, family_months: int, study_months: int,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The renewal rules at a permit's expiry as tables, built once per set of parameters:
    the probability of renewal by (permit reason, declared work, studying), the months
    renewed and whether a renewal moves a graduate to a work permit, by (permit reason,
    studying). A month's expiring permits then look their rule up in one indexing instead of
    a dozen comparisons and selections on a few dozen rows; the values are those the rules
    give in numpy (``working * p`` is 0.0 or ``p``)."""
    reasons = len(PermitReason)
    odds = np.empty((reasons, 2, 2))  # not behavioural: two yes/no conditions
    for why, has_work, in_studies in np.ndindex(reasons, 2, 2):  # not behavioural
        # the first rule that applies: work, family, studying, study (search year), else
        # regularised or other permits
        if why == _WORK_PERMIT:
            odds[why, has_work, in_studies] = has_work * working
        elif why == _FAMILY_PERMIT:
            odds[why, has_work, in_studies] = family
        elif in_studies:
            odds[why, has_work, in_studies] = study
        elif why == _STUDY_PERMIT:
            odds[why, has_work, in_studies] = has_work * working
        else:
            odds[why, has_work, in_studies] = working if has_work else not_working
    months = np.array([[family_months if why == _FAMILY_PERMIT else
                        study_months if in_studies else renewal_months for in_studies in (0, 1)]
                       for why in range(reasons)])
    graduating = np.zeros((reasons, 2), dtype=bool)  # not behavioural: studying or not
    graduating[_STUDY_PERMIT, 0] = True  # a study permit, studies over
    for table in (odds, months, graduating):
        table.flags.writeable = False
    return odds, months, graduating


def renewals(model: TremplinModel) -> None:
    """Temporary permits by reason: kept or lost by the base country's rules (Belgium).

    Work (single permit): lost after ``work_permit_grace_months`` without declared work, and
    renewed at expiry only with a job. Family: renewed yearly on the sponsor's conditions,
    not on the holder's own job. Study: renewed yearly while studying; after the studies a
    search year, then a work permit with a job or nothing. Regularised: renewed on declared
    work (rule of the 9bis card not confirmed: ``renewal_probability_*``). Protection never
    expires and is not lost through unemployment.
    """
    p, rng, month = model.people, model.rng, model.month
    r = model.regularisation_rules
    temporary = (p.present & (p.status == _TEMPORARY_PERMIT)).nonzero()[0]  # migrants only
    declared = model.declared(temporary)
    since = p.searching_since[temporary]
    jobless = (since != NEVER) & (month - since >= r.work_permit_grace_months)
    lose_permit(model, temporary[(p.permit_reason[temporary] == _WORK_PERMIT) & ~declared
                                 & jobless])
    expiring = (p.status[temporary] == _TEMPORARY_PERMIT) & (p.permit_until[temporary]
                                                                   <= month)
    exp = temporary[expiring]
    if len(exp) == 0:
        return
    why, working, studying = p.permit_reason[exp], declared[expiring], p.studying[exp]
    u = rng.random(len(exp))
    odds, months, graduating = _renewal_rules(
        r.renewal_probability_working, r.renewal_probability_not_working,
        r.family_renewal_probability, r.study_renewal_probability, r.renewal_months,
        r.family_permit_months, r.study_permit_months)
    # the tables are indexed by 0/1 codes of the two conditions (a bool index would mask)
    working, studying = working.view(np.uint8), studying.view(np.uint8)
    renew = u < odds[why, working, studying]
    p.permit_until[exp[renew]] = month + months[why, studying][renew]
    # graduates who found work during their search year move to a work permit
    graduates = exp[renew & graduating[why, studying]]
    p.permit_reason[graduates] = _WORK_PERMIT
    lose_permit(model, exp[~renew])


def long_term(model: TremplinModel) -> None:
    """Long-term residence after ``long_term_after_months`` of legal stay (students excluded)."""
    p, month = model.people, model.month
    status = p.status
    legal = (p.present & ((status == _TEMPORARY_PERMIT)
                          | (status == _PROTECTED)) & ~p.studying).nonzero()[0]
    due = legal[(month - p.legal_since[legal]) >= model.scenario.demography.long_term_after_months]
    if len(due) == 0:
        return
    p.set_status(due, _LONG_TERM_PERMIT)
    p.permit_reason[due] = _LONG_TERM
    p.permit_until[due] = NEVER


def residence(model: TremplinModel) -> None:
    """Asylum decisions, permit renewals by reason, long-term permits and regularisation."""
    p, r, rng, month = model.people, model.regularisation_rules, model.rng, model.month
    asylum_decisions(model)
    studies_end(model)
    renewals(model)
    long_term(model)
    # regularisation: decisions on pending applications, then new applications (the
    # undocumented are found in one pass over all rows; the rest reads their rows only)
    undoc = (p.present & (p.status == _UNDOCUMENTED)).nonzero()[0]
    pending = p.application_decision_month[undoc]
    decide = undoc[(pending != NEVER) & (pending <= month)]
    if len(decide):
        p.application_decision_month[decide] = NEVER
        prob = np.where(p.application_route[decide] == 1, r.approval_probability,
                        r.discretionary_approval_probability)
        grant_temporary_permit(model, decide[rng.random(len(decide)) < prob])
    if r.regime == "none":
        return
    # after the decisions: those granted a permit are no longer candidates (without any
    # decision, the undocumented and their pending months are those read above)
    if len(decide):
        cand = undoc[(p.status[undoc] == _UNDOCUMENTED)
                     & (p.application_decision_month[undoc] == NEVER)]
    else:
        cand = undoc[pending == NEVER]
    if len(cand) == 0:
        return
    take_up = levers.factor("take_up", model)
    own = eligible(model, cand)
    presence = month - p.arrival_month[cand]
    rate = np.where(own, r.application_rate, np.where(
        presence >= r.discretionary_min_presence_months, r.discretionary_application_rate, 0.0))
    apply = rng.random(len(cand)) < np.minimum(1.0, rate * take_up)
    applicants = cand[apply]
    if len(applicants) == 0:
        return
    delay = round(r.processing_months * levers.factor("administrative_delay", model))
    p.application_decision_month[applicants] = month + delay
    p.application_route[applicants] = own[apply]
