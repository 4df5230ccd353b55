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

A placement is a time budget: its hours a month (``pathway.placement_hours_per_month``) split
between job-language instruction (``placement_instruction_share``, gaining
``language.course_gain_per_hour``, as in a classroom) and work-based learning (the rest, gaining
``language.placement_work_gain_per_hour``); a classroom course is ``course_hours_per_month``
hours of instruction. Gains per hour are from Belgian course hours (sources.md) or flagged
assumptions (see the registry).

Who may enter follows the Belgian integration pathway (parcours d'intégration / inburgering):
people with a residence right may, and those who arrived less than
``municipality.obligation_months`` ago must (they enrol faster and go first when seats are
short); asylum seekers may take language courses (Flanders admits them to Dutch courses while
excluding them from the integration trajectory, sources.md) but a work-based placement only
once they have the right to work; people without papers are not admitted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import levers, network
from ..population import NEVER, SHORTAGE, Pathway, Status, Work

if TYPE_CHECKING:
    from ..model import TremplinModel

# enum members as plain ints for the monthly step (an enum's ``.value`` goes through its
# descriptor, ~0.5 us a read)
_PROTECTED: int = Status.PROTECTED.value
_LONG_TERM_PERMIT: int = Status.LONG_TERM_PERMIT.value
_ASYLUM_SEEKER: int = Status.ASYLUM_SEEKER.value
_INFORMAL: int = Work.INFORMAL.value
_SSE: int = Work.SSE.value
_MAINSTREAM: int = Work.MAINSTREAM.value
_NOT_ENROLLED: int = Pathway.NOT_ENROLLED.value
_LANGUAGE_COURSE: int = Pathway.LANGUAGE_COURSE.value
_VOCATIONAL_TRAINING: int = Pathway.VOCATIONAL_TRAINING.value
_PLACEMENT: int = Pathway.PLACEMENT.value


def seats(model: TremplinModel) -> int:
    """Places the municipality funds in the active pathway."""
    mu, pw = model.scenario.municipality, model.scenario.pathway
    per_1000 = pw.placement_seats_per_1000 if integrated(model) else mu.course_seats_per_1000
    return round(per_1000 * model.initial_migrants / 1000.0)  # not behavioural: per 1,000


def integrated(model: TremplinModel) -> bool:
    # the mode first: ``lever_on`` looks for an ``enabled`` field this section does not have,
    # and a missing field costs a raised and caught AttributeError (several a month)
    return model.scenario.pathway.mode == "integrated" and model.lever_on("pathway")


def monthly_gains(model: TremplinModel) -> tuple[float, float]:
    """Language gain a month (times the distance to level 1) in a classroom course and in a
    placement, from their hours and the gains per hour."""
    lang, pw = model.scenario.language, model.scenario.pathway
    per_hour = lang.course_gain_per_hour
    course = lang.course_hours_per_month * per_hour
    share = pw.placement_instruction_share
    placement = pw.placement_hours_per_month * (share * per_hour
                                                + (1 - share) * lang.placement_work_gain_per_hour)
    return course, placement


def admission(model: TremplinModel, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Who among ``rows`` may enter the active pathway, and who is obliged to (Belgian rules,
    see the module's docstring); the level, work, readiness and dropout conditions come on
    top."""
    p, mu = model.people, model.scenario.municipality
    status = p.status[rows]
    resident = (status >= _PROTECTED) & (status <= _LONG_TERM_PERMIT)
    asylum = status == _ASYLUM_SEEKER
    if integrated(model):  # a placement is work: it needs the right to work
        asylum &= model.masks.legal_to_work[rows]
    obliged = resident & (model.month - p.arrival_month[rows] < mu.obligation_months)
    return resident | asylum, obliged


def _placement_hosts(model: TremplinModel, k: int) -> np.ndarray:
    """A worker at a host (an SSE enterprise or a shortage-sector firm) for each placement."""
    p, rng = model.people, model.rng
    employer_sector = model.employers.sector[np.maximum(p.employer, 0)]
    staff = ((p.work == _SSE)
             | ((p.work == _MAINSTREAM) & SHORTAGE[employer_sector])).nonzero()[0]
    if len(staff) == 0 or k == 0:
        return np.empty(0, dtype=np.int64) if k == 0 else np.zeros(k, dtype=np.int64)
    return staff[rng.integers(0, len(staff), k)]


def language_and_training(model: TremplinModel) -> None:
    """Enrolment into free seats, language gains of every migrant, progress, dropout and
    costs of the month."""
    p, rng, month = model.people, model.rng, model.month
    mu, pw, lang = model.scenario.municipality, model.scenario.pathway, model.scenario.language
    mi = model.masks.migrants.nonzero()[0]
    state = p.pathway[mi]
    level = p.language[mi]
    work = p.work[mi]
    # ---- enrolment into free seats
    enrolled = state != _NOT_ENROLLED
    free = seats(model) - int(np.count_nonzero(enrolled))
    if free > 0:
        # the conditions on columns already at hand first, the others on the few left
        idx = mi[~enrolled & (work <= _INFORMAL) & (mu.course_threshold > level)]
        may, obliged = admission(model, idx)
        eligible = (may & model.ready()[idx] & (p.dropouts[idx] < mu.max_dropouts)
                    & ~p.trained[idx])
        idx, must = idx[eligible], obliged[eligible]
        factor = levers.factor("take_up", model)
        take_up = np.minimum(1.0, np.where(must, mu.obliged_take_up, mu.course_take_up) * factor)
        enrols = rng.random(len(idx)) < take_up
        take, must = idx[enrols], must[enrols]
        if len(take) > free:  # those obliged first, then at random
            take = take[np.lexsort((rng.random(len(take)), ~must))[:free]]
        if integrated(model):
            cost = pw.placement_cost_eur * pw.placement_months
            take = take[: model.municipality.affordable("pathway", cost, len(take))]
            p.pathway[take] = _PLACEMENT
            hosts = _placement_hosts(model, len(take))
            model.network.add(take, hosts)
        else:
            cost = mu.course_cost_eur * mu.course_commitment_months
            take = take[: model.municipality.affordable("pathway", cost, len(take))]
            p.pathway[take] = _LANGUAGE_COURSE
        p.pathway_months[take] = 0
        if model.levers_active:
            first = take[p.pathway_entry_month[take] == NEVER]
            p.pathway_entry_month[first] = month
        if len(take):  # the states of those who enrolled changed
            state = p.pathway[mi]
            enrolled = state != _NOT_ENROLLED
    # ---- language gains (distance-to-one learning curve): classroom, placement, work, contacts
    course_gain, placement_gain = monthly_gains(model)
    by_pathway = np.array([0.0, course_gain, lang.training_gain_factor * course_gain,
                           placement_gain])
    by_work = np.array([0.0, lang.informal_work_gain_factor, lang.sse_work_gain_factor, 1.0,
                        lang.self_employed_gain_factor]) * lang.work_gain
    gain = (by_pathway[state] + by_work[work]
            + lang.network_gain * network.contact_share(model, "native")[mi])
    p.language[mi] = np.minimum(1.0, level + gain * (1.0 - level))
    # ---- progress and dropout of those enrolled
    en = mi[enrolled]
    st = p.pathway[en]
    p.pathway_months[en] += 1
    months = p.pathway_months[en]
    u = rng.random(len(en))
    course = st == _LANGUAGE_COURSE
    training = st == _VOCATIONAL_TRAINING
    placement = st == _PLACEMENT
    fatigue = 1.0 + lang.dropout_fatigue * months / 12.0  # not behavioural: per year
    informal = p.work[en] == _INFORMAL
    drop = course & (u < lang.course_dropout_rate * fatigue * (1.0 + informal))
    drop |= placement & (u < pw.placement_dropout_rate)
    p.dropouts[en[drop]] += 1
    done_course = course & ~drop & (mu.course_threshold <= p.language[en])
    done_training = training & (months >= mu.vocational_months)
    done_place = placement & ~drop & (months >= pw.placement_months)
    p.leave_pathway(en[drop | done_training | done_place])
    p.trained[en[done_training | done_place]] = True
    nxt = en[done_course]
    p.pathway[nxt] = _VOCATIONAL_TRAINING
    p.pathway_months[nxt] = 0
    # ---- cost of the month
    in_course = int(np.count_nonzero(course & ~drop))
    in_voc = int(np.count_nonzero(training))
    in_place = int(np.count_nonzero(placement & ~drop))
    # courses and vocational training are the municipality's routine service (they happen
    # without any lever); integrated placements are the lever's own spending
    model.municipality.pay("language_courses", in_course * mu.course_cost_eur
                           + in_voc * mu.vocational_cost_eur)
    model.municipality.pay("pathway", in_place * pw.placement_cost_eur)


SECTION = "pathway"
ACCOUNTS = ("pathway", "language_courses")
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
    "placement_hours_per_month": {"en": "Placement hours per month",
                                  "fr": "Heures de stage par mois"},
    "placement_instruction_share": {"en": "Share of placement hours in language instruction",
                                    "fr": "Part des heures de stage en cours de langue"},
}
