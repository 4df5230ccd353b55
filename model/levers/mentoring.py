"""Mentoring pairs, Duo for a Job style (guide L1749-1754, L1272-1284, L2866-2867).

A young job seeker of migrant background (under 36, as De Nomade's 18-35, L1148-1158) is paired
with an experienced person over 50 from the same sector (Duo for a Job: 3 of 4 mentees reach an
internship, training or a job). In the model a pair is a new bridging tie to an employed native
over 50 in the mentee's sector, through which news of openings and referrals travel; what
follows for employment emerges from the labour market.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..population import Status, Work

if TYPE_CHECKING:
    from ..model import TremplinModel


def form_pairs(model: TremplinModel) -> None:
    """New mentoring pairs this month, within the budget."""
    if not model.lever_on("mentoring"):
        return
    p, mt, rng = model.people, model.scenario.mentoring, model.rng
    per_1000 = model.initial_migrants / 1000.0  # not behavioural: a rate per 1,000
    n = rng.poisson(mt.pairs_per_month_per_1000 * per_1000)
    if n == 0:
        return
    age = p.age(model.month)
    mentee_ok = (model.masks.migrants & (p.work == Work.NONE.value) & (age < mt.mentee_max_age)
                 & (p.status >= Status.PROTECTED.value) & (p.mentored_until < model.month)
                 & model.ready())
    mentees = mentee_ok.nonzero()[0]
    mentors_all = (model.masks.natives & (age >= mt.mentor_min_age)
                   & (p.work == Work.MAINSTREAM.value)).nonzero()[0]
    if len(mentees) == 0 or len(mentors_all) == 0:
        return
    mentees = rng.choice(mentees, size=min(n, len(mentees)), replace=False)
    mentees = mentees[: model.municipality.affordable("mentoring", mt.cost_eur_per_pair,
                                                      len(mentees))]
    if len(mentees) == 0:
        return
    # a mentor from the mentee's sector of experience where there is one
    msec = model.employers.sector[p.employer[mentors_all]]
    order = np.argsort(msec, kind="stable")
    msorted, secs = mentors_all[order], msec[order]
    s = p.sector[mentees]
    lo = np.searchsorted(secs, s, side="left")
    hi = np.searchsorted(secs, s, side="right")
    size = hi - lo
    pick = lo + (rng.random(len(mentees)) * np.maximum(size, 1)).astype(np.int64)
    mentors = np.where(size > 0, msorted[np.minimum(pick, len(msorted) - 1)],
                       mentors_all[rng.integers(0, len(mentors_all), len(mentees))])
    model.network.add(mentees, mentors)
    p.mentored_until[mentees] = model.month + mt.pair_months
    model.municipality.pay("mentoring", len(mentees) * mt.cost_eur_per_pair)


SECTION = "mentoring"
ACCOUNTS = ("mentoring",)
STEP = form_pairs
HOOKS: dict = {}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Mentoring pairs", "fr": "Parrainage (binômes)"},
    "line": {"en": "A job seeker is paired with an experienced local worker from the same trade.",
             "fr": "Un demandeur d'emploi est associé à un travailleur expérimenté du même "
                   "métier."},
    "guide": {"en": "Duo for a Job: young job seekers with mentors over 50 (L1749-1754).",
              "fr": "Duo for a Job : jeunes demandeurs avec des mentors de plus de 50 ans "
                    "(L1749-1754)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Fund mentoring", "fr": "Financer le parrainage"},
    "pairs_per_month_per_1000": {"en": "New pairs per month per 1,000 migrants",
                                 "fr": "Nouveaux binômes par mois pour 1 000 migrants"},
    "cost_eur_per_pair": {"en": "Cost per pair (EUR)", "fr": "Coût par binôme (EUR)"},
    "mentee_max_age": {"en": "Mentees younger than (years)",
                       "fr": "Parrainés de moins de (ans)"},
    "mentor_min_age": {"en": "Mentors aged at least (years)",
                       "fr": "Parrains d'au moins (ans)"},
    "pair_months": {"en": "Length of a pairing (months)", "fr": "Durée d'un binôme (mois)"},
}
