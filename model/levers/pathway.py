"""Language and job pathway: linear versus integrated (guide L287-291, L1656-1659, L1793-1802,
L2111-2173, L2802-2805).

*Linear* (the classic ISP route): a classroom language course until the threshold level, then
vocational training, then job search. Time in a course is time not searching (full-time course,
low search intensity), and dropout rises the longer one stays (Kokkola's attrition, L1796-1798).
*Integrated*: job language and skills learned together in a placement, often in an SSE
enterprise, which people start at their current level instead of first finishing a language
course (both pathways take people below the threshold level): faster job-language gains,
host-country work experience and a tie to a native coworker, but placements are scarce and
cost more.
Both are capacity-limited (seats per 1,000 migrants) and paid by the municipality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import levers, network
from ..population import NEVER, SHORTAGE, Pathway, Status, Work

if TYPE_CHECKING:
    from ..model import TremplinModel


def seats(model: TremplinModel) -> int:
    """Places the municipality funds in the active pathway."""
    mu, pw = model.scenario.municipality, model.scenario.pathway
    per_1000 = pw.placement_seats_per_1000 if integrated(model) else mu.course_seats_per_1000
    return round(per_1000 * model.initial_migrants / 1000.0)  # not behavioural: per 1,000


def integrated(model: TremplinModel) -> bool:
    return model.lever_on("pathway") and model.scenario.pathway.mode == "integrated"


def _placement_hosts(model: TremplinModel, k: int) -> np.ndarray:
    """A worker at a host (an SSE enterprise or a shortage-sector firm) for each placement."""
    p, rng = model.people, model.rng
    employer_sector = model.employers.sector[np.maximum(p.employer, 0)]
    staff = np.flatnonzero((p.work == Work.SSE)
                           | ((p.work == Work.MAINSTREAM) & SHORTAGE[employer_sector]))
    if len(staff) == 0 or k == 0:
        return np.empty(0, dtype=np.int64) if k == 0 else np.zeros(k, dtype=np.int64)
    return staff[rng.integers(0, len(staff), k)]


def language_and_training(model: TremplinModel) -> None:
    """Enrolment into free seats, language gains of every migrant, progress, dropout and
    costs of the month."""
    p, rng, month = model.people, model.rng, model.month
    mu, pw, lang = model.scenario.municipality, model.scenario.pathway, model.scenario.language
    mi = np.flatnonzero(model.masks.migrants)
    state = p.pathway[mi]
    level = p.language[mi]
    work = p.work[mi]
    # ---- enrolment into free seats
    free = seats(model) - int(np.count_nonzero(state != Pathway.NOT_ENROLLED))
    if free > 0:
        eligible = ((state == Pathway.NOT_ENROLLED) & (p.status[mi] != Status.UNDOCUMENTED)
                    & (work <= Work.INFORMAL) & model.ready()[mi]
                    & (p.dropouts[mi] < mu.max_dropouts)
                    & (mu.course_threshold > level) & ~p.trained[mi])
        idx = mi[eligible]
        take_up = min(1.0, mu.course_take_up * levers.factor("take_up", model))
        take = idx[rng.random(len(idx)) < take_up]
        if len(take) > free:
            take = rng.choice(take, size=free, replace=False)
        if integrated(model):
            cost = pw.placement_cost_eur * pw.placement_months
            take = take[: model.municipality.affordable("pathway", cost, len(take))]
            p.pathway[take] = Pathway.PLACEMENT
            hosts = _placement_hosts(model, len(take))
            model.network.add(take, hosts)
        else:
            cost = mu.course_cost_eur * mu.course_commitment_months
            take = take[: model.municipality.affordable("pathway", cost, len(take))]
            p.pathway[take] = Pathway.LANGUAGE_COURSE
        p.pathway_months[take] = 0
        if model.levers_active:
            first = take[p.pathway_entry_month[take] == NEVER]
            p.pathway_entry_month[first] = month
        state = p.pathway[mi]
    # ---- language gains (distance-to-one learning curve): classroom, placement, work, contacts
    by_pathway = np.array([0.0, lang.course_gain, lang.training_gain_factor * lang.course_gain,
                           lang.placement_gain])
    by_work = np.array([0.0, lang.informal_work_gain_factor, lang.sse_work_gain_factor, 1.0,
                        lang.self_employed_gain_factor]) * lang.work_gain
    gain = (by_pathway[state.astype(np.intp)] + by_work[work.astype(np.intp)]
            + lang.network_gain * network.contact_share(model, "native")[mi])
    p.language[mi] = np.minimum(1.0, level + gain * (1.0 - level))
    # ---- progress and dropout of those enrolled
    en = mi[state != Pathway.NOT_ENROLLED]
    st = p.pathway[en]
    p.pathway_months[en] += 1
    months = p.pathway_months[en]
    u = rng.random(len(en))
    course = st == Pathway.LANGUAGE_COURSE
    training = st == Pathway.VOCATIONAL_TRAINING
    placement = st == Pathway.PLACEMENT
    fatigue = 1.0 + lang.dropout_fatigue * months / 12.0  # not behavioural: per year
    informal = p.work[en] == Work.INFORMAL
    drop = course & (u < lang.course_dropout_rate * fatigue * (1.0 + informal))
    drop |= placement & (u < pw.placement_dropout_rate)
    p.dropouts[en[drop]] += 1
    done_course = course & ~drop & (mu.course_threshold <= p.language[en])
    done_training = training & (months >= mu.vocational_months)
    done_place = placement & ~drop & (months >= pw.placement_months)
    p.leave_pathway(en[drop | done_training | done_place])
    p.trained[en[done_training | done_place]] = True
    nxt = en[done_course]
    p.pathway[nxt] = Pathway.VOCATIONAL_TRAINING
    p.pathway_months[nxt] = 0
    # ---- cost of the month
    in_course = int(np.count_nonzero(course & ~drop))
    in_voc = int(np.count_nonzero(training))
    in_place = int(np.count_nonzero(placement & ~drop))
    model.municipality.pay("pathway", in_course * mu.course_cost_eur
                           + in_voc * mu.vocational_cost_eur + in_place * pw.placement_cost_eur)


SECTION = "pathway"
ACCOUNTS = ("pathway",)
STEP = language_and_training
HOOKS: dict = {}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Linear or integrated pathway", "fr": "Parcours linéaire ou intégré"},
    "line": {"en": "Language first then training (linear), or job language and skills learned "
                   "together at work (integrated).",
             "fr": "D'abord la langue puis la formation (linéaire), ou langue du métier et "
                   "compétences apprises ensemble au travail (intégré)."},
    "guide": {"en": "The generalist path is one linear route (L287-291); INTEGRA in Kokkola and "
                    "9-month integrated programmes (L1796-1802, L2053-2056).",
              "fr": "Le parcours généraliste est une seule voie linéaire (L287-291) ; INTEGRA à "
                    "Kokkola et programmes intégrés de 9 mois (L1796-1802, L2053-2056)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "mode": {"en": "Pathway", "fr": "Parcours"},
    "placement_months": {"en": "Placement length (months)", "fr": "Durée du stage intégré (mois)"},
    "placement_seats_per_1000": {"en": "Placements per 1,000 migrants",
                                 "fr": "Places de stage pour 1 000 migrants"},
    "placement_cost_eur": {"en": "Placement cost (EUR/person-month)",
                           "fr": "Coût d'un stage (EUR/personne-mois)"},
    "placement_dropout_rate": {"en": "Placement dropout (per month)",
                               "fr": "Abandon des stages (par mois)"},
}
