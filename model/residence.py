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

from typing import TYPE_CHECKING

import numpy as np

from . import demography, labour_market, levers
from .population import NEVER, Status

if TYPE_CHECKING:
    from .model import TremplinModel


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
    """Regularisation: a first temporary permit."""
    p, month = model.people, model.month
    p.set_status(rows, Status.TEMPORARY_PERMIT)
    p.permit_until[rows] = month + model.regularisation_rules.permit_months
    p.legal_since[rows] = month
    first = rows[p.regularised_month[rows] == NEVER]
    p.regularised_month[first] = month
    p.promise_until[rows] = NEVER


def residence(model: TremplinModel) -> None:
    """Asylum decisions, permit renewals, long-term permits and regularisation for the month."""
    p, r, dem, rng, month = (model.people, model.regularisation_rules, model.scenario.demography,
                             model.rng, model.month)
    mig = model.masks.migrants
    # asylum decisions
    due = np.flatnonzero(mig & (p.status == Status.ASYLUM_SEEKER)
                         & (p.asylum_decision_month <= month))
    if len(due):
        granted = rng.random(len(due)) < dem.asylum_recognition_rate
        g = due[granted]
        p.set_status(g, Status.PROTECTED)
        p.legal_since[g] = month
        rejected = due[~granted]
        stay = rng.random(len(rejected)) < dem.rejected_stay_share
        p.set_status(rejected[stay], Status.UNDOCUMENTED)
        labour_market.lose_right_to_work(model, rejected[stay])
        demography.depart(model, rejected[~stay])
    # temporary permits: renewal or loss at expiry
    temporary = p.status == Status.TEMPORARY_PERMIT
    exp = np.flatnonzero(mig & temporary & (p.permit_until <= month) & p.present)
    if len(exp):
        working = model.declared()[exp]
        prob = np.where(working, r.renewal_probability_working, r.renewal_probability_not_working)
        renew = rng.random(len(exp)) < prob
        p.permit_until[exp[renew]] = month + r.renewal_months
        lost = exp[~renew]
        p.set_status(lost, Status.UNDOCUMENTED)
        labour_market.lose_right_to_work(model, lost)
    status = p.status
    legal = np.flatnonzero(p.present & ((status == Status.TEMPORARY_PERMIT)
                                        | (status == Status.PROTECTED)))
    long_term = legal[(month - p.legal_since[legal]) >= dem.long_term_after_months]
    p.set_status(long_term, Status.LONG_TERM_PERMIT)
    # regularisation: decisions on pending applications, then new applications
    undoc = p.present & (p.status == Status.UNDOCUMENTED)
    pending = p.application_decision_month
    decide = np.flatnonzero(undoc & (pending != NEVER) & (pending <= month))
    if len(decide):
        p.application_decision_month[decide] = NEVER
        prob = np.where(p.application_route[decide] == 1, r.approval_probability,
                        r.discretionary_approval_probability)
        grant_temporary_permit(model, decide[rng.random(len(decide)) < prob])
    if r.regime == "none":
        return
    undoc = p.present & (p.status == Status.UNDOCUMENTED)  # after decisions
    cand = np.flatnonzero(undoc & (p.application_decision_month == NEVER))
    if len(cand) == 0:
        return
    take_up = levers.factor("take_up", model)
    own = eligible(model, cand)
    presence = month - p.arrival_month[cand]
    rate = np.where(own, r.application_rate, np.where(
        presence >= r.discretionary_min_presence_months, r.discretionary_application_rate, 0.0))
    apply = rng.random(len(cand)) < np.minimum(1.0, rate * take_up)
    delay = round(r.processing_months * levers.factor("administrative_delay", model))
    p.application_decision_month[cand[apply]] = month + delay
    p.application_route[cand[apply]] = own[apply]
