"""Language and job pathway: linear versus integrated (guide L287-291, L1656-1659, L1793-1802,
L2111-2173, L2802-2805).

*Linear* (the classic ISP route): a classroom language course until the threshold level, then
vocational training, then job search. Time in a course is time not searching (full-time course,
low search intensity), and dropout rises the longer one stays (Kokkola's attrition, L1796-1798).
*Integrated*: job language and skills learned together in a placement, often in an SSE
enterprise, open whatever the language level: faster job-language gains, host-country work
experience and a tie to a native coworker, but placements are scarce and cost more.
Both are capacity-limited (seats per 1,000 migrants) and paid by the municipality.
"""

from __future__ import annotations

import numpy as np

from ..population import NEVER, Citizenship, Pathway, Status, Work
from . import one_stop_shop


def seats(m) -> int:
    """Places the municipality funds in the active pathway."""
    mu, pw = m.scenario.municipality, m.scenario.pathway
    per_1000 = pw.placement_seats_per_1000 if integrated(m) else mu.course_seats_per_1000
    return round(per_1000 * m.initial_migrants / 1000.0)


def integrated(m) -> bool:
    return m.lever_on("pathway") and m.scenario.pathway.mode == "integrated"


def end(m, rows: np.ndarray) -> None:
    """People who leave the pathway (job found, left town...)."""
    m.people.pathway[rows] = Pathway.NOT_ENROLLED
    m.people.pathway_months[rows] = 0


def language_and_training(m) -> None:
    """Enrolment, progress, dropout and language learning for the month."""
    p, mu, pw, lang, rng, month = (m.people, m.scenario.municipality, m.scenario.pathway,
                                   m.scenario.language, m.rng, m.month)
    present = p.col("present")
    mig = present & (p.col("citizenship") == Citizenship.NON_EU)
    state = p.col("pathway")
    level = p.col("language")
    # ---- enrolment into free seats
    enrolled = mig & (state != Pathway.NOT_ENROLLED)
    free = seats(m) - int(enrolled.sum())
    if free > 0:
        status = p.col("status")
        eligible = (mig & (state == Pathway.NOT_ENROLLED) & (status != Status.UNDOCUMENTED)
                    & (p.col("work") <= Work.INFORMAL) & m.ready() & (p.col("dropouts") < 2)
                    & (mu.course_threshold > level) & ~p.col("trained"))
        idx = np.flatnonzero(eligible)
        take_up = min(1.0, mu.course_take_up * one_stop_shop.take_up_factor(m))
        take = idx[rng.random(len(idx)) < take_up]
        if len(take) > free:
            take = rng.choice(take, size=free, replace=False)
        if integrated(m):
            cost = pw.placement_cost_eur * pw.placement_months
            take = take[: m.municipality.affordable("pathway", cost, len(take))]
            p.pathway[take] = Pathway.PLACEMENT
            hosts = m.placement_hosts(len(take))
            m.network.add(take, hosts)
        else:
            take = take[: m.municipality.affordable("pathway", mu.course_cost_eur * 6, len(take))]
            p.pathway[take] = Pathway.LANGUAGE_COURSE
        p.pathway_months[take] = 0
        if m.levers_active:
            first = take[p.pathway_entry_month[take] == NEVER]
            p.pathway_entry_month[first] = month
        state = p.col("pathway")
    # ---- language gains (distance-to-one learning curve)
    work = p.col("work")
    gain = np.zeros(p.n, dtype=np.float32)
    gain += np.where(state == Pathway.LANGUAGE_COURSE, lang.course_gain, 0.0)
    gain += np.where(state == Pathway.VOCATIONAL_TRAINING, lang.course_gain * 0.3, 0.0)
    gain += np.where(state == Pathway.PLACEMENT, lang.placement_gain, 0.0)
    gain += np.where(work == Work.MAINSTREAM, lang.work_gain,
                     np.where(work == Work.SSE, 0.5 * lang.work_gain,
                              np.where(work == Work.INFORMAL, 0.2 * lang.work_gain, 0.0)))
    gain += lang.network_gain * m.neighbour_share("native")
    level[:] = np.where(mig, np.minimum(1.0, level + gain * (1.0 - level)), level)
    # ---- progress and dropout
    active = mig & (state != Pathway.NOT_ENROLLED)
    p.pathway_months[: p.n] += active.astype(np.int16)
    months = p.col("pathway_months")
    u = rng.random(p.n)
    course = state == Pathway.LANGUAGE_COURSE
    fatigue = 1.0 + lang.dropout_fatigue * months / 12.0
    informal = work == Work.INFORMAL
    drop = course & (u < lang.course_dropout_rate * fatigue * (1.0 + informal))
    drop |= (state == Pathway.PLACEMENT) & (u < pw.placement_dropout_rate)
    drop &= active
    p.dropouts[: p.n] += drop.astype(np.int8)
    done_course = active & course & ~drop & (mu.course_threshold <= level)
    training = state == Pathway.VOCATIONAL_TRAINING
    done_training = active & training & (months >= mu.vocational_months)
    done_place = active & (state == Pathway.PLACEMENT) & ~drop & (months >= pw.placement_months)
    finished = np.flatnonzero(drop | done_training | done_place)
    end(m, finished)
    p.trained[np.flatnonzero(done_training | done_place)] = True
    nxt = np.flatnonzero(done_course)
    p.pathway[nxt] = Pathway.VOCATIONAL_TRAINING
    p.pathway_months[nxt] = 0
    # ---- cost of the month
    in_course = int((active & course & ~drop).sum())
    in_voc = int((active & (state == Pathway.VOCATIONAL_TRAINING)).sum())
    in_place = int((active & (state == Pathway.PLACEMENT) & ~drop).sum())
    m.municipality.pay("pathway", in_course * mu.course_cost_eur + in_voc * mu.vocational_cost_eur
                       + in_place * pw.placement_cost_eur)
