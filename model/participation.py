"""Who takes part in the labour market, and how people move between inactivity and search.

Readiness: trauma, housing and an unmet childcare need lower it (guide L2179-2186,
L1402-1404); below the registry threshold a person cannot search or take a job, and an unmet
childcare need alone is enough (its weight is 1). Barriers ease with time.

Flows: each month people without work move between inactivity and search. An inactive person
who is ready enters the labour force at a rate, and a job seeker withdraws at a rate, so that
with no jobs at all the active share of a group (sex, native or migrant) would settle at the
group's participation propensity; long search adds a discouragement hazard. Hiring makes a
person active; births end some women's search or work (``households``). A course is neither
search nor inactivity here: the pathway decides who enters it.

Spells: ``searching_since`` holds the month the current unemployment spell started, and
``NEVER`` for anyone who is not unemployed (inactive, working, in a course, not ready), so
long-term unemployment is measured on the current spell.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from . import households, labour_market
from .population import NEVER, Citizenship, Pathway, People, Work

if TYPE_CHECKING:
    from .model import TremplinModel

# enum members read every month, as plain ints: ``Work.SSE.value`` goes through enum's
# descriptor on each access
_NO_WORK: int = Work.NONE.value
_SSE: int = Work.SSE.value
_NON_EU: int = Citizenship.NON_EU.value
# by pathway stage (``Pathway``): a full-time course, whose participants are not unemployed
_IN_A_COURSE = np.array([stage in (Pathway.LANGUAGE_COURSE, Pathway.VOCATIONAL_TRAINING)
                         for stage in Pathway])
_IN_A_COURSE.flags.writeable = False


def readiness(people: People, scn: BaseModel, rows: np.ndarray | None = None) -> np.ndarray:
    """Readiness to work 0-1: trauma, housing and childcare lower it (guide L2179-2186), of
    everyone or of ``rows``."""
    p, part = people, scn.participation
    trauma, housing_ok, childcare_need = p.trauma, p.housing_ok, p.childcare_need
    if rows is not None:
        trauma, housing_ok, childcare_need = trauma[rows], housing_ok[rows], childcare_need[rows]
    return (1.0 - part.readiness_trauma_weight * trauma
            - part.readiness_housing_weight * ~housing_ok
            - part.readiness_childcare_weight * childcare_need)


def barriers(model: TremplinModel) -> None:
    """Barriers to work ease: trauma fades, stable housing and childcare are found."""
    p, dem, rng = model.people, model.scenario.demography, model.rng
    n = p.n
    # the live columns are updated in place (``p.trauma *= f`` would also copy the column onto
    # itself through ``ColumnStore.__setattr__``)
    trauma, housing_ok, childcare_need = p.trauma, p.housing_ok, p.childcare_need
    trauma *= np.float32(np.exp(-1.0 / dem.trauma_recovery_months))
    trauma[trauma < model.scenario.participation.trauma_residual] = 0.0
    housing_ok |= rng.random(n) < dem.housing_found_rate
    childcare_need &= rng.random(n) >= dem.childcare_found_rate


def ready_to_work(model: TremplinModel, rows: np.ndarray | None = None) -> np.ndarray:
    """Who is ready to work (of everyone, or of ``rows``): readiness at or above the registry
    threshold."""
    threshold = model.scenario.labour_market.readiness_threshold
    if rows is not None:
        return readiness(model.people, model.scenario, rows) >= threshold
    # of everyone: without trauma, housing trouble or a childcare need, readiness is exactly
    # 1.0, so the weighted sum is computed only for those with a barrier (its float passes
    # over every row were the cost in a large town)
    p = model.people
    barred = ((p.trauma != 0) | ~p.housing_ok | p.childcare_need).nonzero()[0]
    ready = np.full(p.n, threshold <= 1.0)
    ready[barred] = readiness(p, model.scenario, barred) >= threshold
    return ready


def _groups(people: People, rows: np.ndarray | None = None) -> np.ndarray:
    """Each person's group for participation, 0-3: 2 x (non-EU migrant) + (woman)."""
    cit, female = people.citizenship, people.sex_female
    if rows is not None:
        cit, female = cit[rows], female[rows]
    non_eu = (cit == _NON_EU).view(np.uint8)
    group = non_eu + non_eu  # 2 x non-EU: an addition costs less than a shift on bytes
    group |= female.view(np.uint8)
    return group


def _group_propensity(model: TremplinModel) -> np.ndarray:
    """The participation propensity of each of the four groups of ``_groups``."""
    lm, part = model.scenario.labour_market, model.scenario.participation
    return _propensity_table(lm.native_participation, lm.migrant_participation,
                             part.women_participation_factor_natives,
                             part.women_participation_factor_migrants)


@lru_cache(maxsize=64)  # not behavioural: a few scenarios per process
def _propensity_table(natives: float, migrants: float, women_natives: float,
                      women_migrants: float) -> np.ndarray:
    """The four groups' propensities from the registry values, built once per set of values
    (read-only: every caller shares the array)."""
    base = np.array([natives, natives, migrants, migrants], dtype=np.float64)
    women = np.array([1.0, women_natives, 1.0, women_migrants], dtype=np.float64)
    table = np.clip(base * women, 0.0, 0.999)  # not behavioural
    table.flags.writeable = False
    return table


def propensity(model: TremplinModel, rows: np.ndarray | None = None) -> np.ndarray:
    """Each person's participation propensity (of everyone, or of ``rows``): the group's share
    in the labour force that entry and withdrawal would settle at without jobs, by origin and
    sex."""
    return _group_propensity(model).take(_groups(model.people, rows))


def flows(model: TremplinModel) -> None:
    """People enter the labour force or leave it: job seekers withdraw (more after long
    search: discouragement), workers stop working for other reasons, and inactive people who
    are ready re-enter, by sex and origin."""
    p, part, rng, month = model.people, model.scenario.participation, model.rng, model.month
    dem = model.scenario.demography
    people = p.present & ~p.studying & p.aged(month, dem.working_age_min, dem.retirement_age)
    # the hazards are needed only where they act: the active (exit) and the inactive (entry)
    active = (people & p.participates).nonzero()[0]
    work = p.work[active]
    working = work != _NO_WORK
    since = p.searching_since[active]
    # ``month - since >= months`` compared as ``since <= month - months``: one pass less
    long_search = (since != NEVER) & (since <= month - part.discouragement_months)
    leave = np.where(working, part.employed_withdrawal_rate,
                     part.withdrawal_rate + part.discouragement_rate * long_search)
    # entry balances the group's mean exit hazard so that, without barriers, the group's
    # active share settles at its propensity q: entry = mean exit x q / (1 - q)
    group = _groups(p)
    active_group = group[active].astype(np.intp)  # bincount's index type, converted once
    size = np.bincount(active_group, minlength=4)  # not behavioural
    hazard = np.bincount(active_group, weights=leave, minlength=4)  # not behavioural
    mean_exit = hazard / np.maximum(size, 1)
    q = _group_propensity(model)
    entry = mean_exit * q / (1.0 - q)
    u = rng.random(p.n)
    inactive = (people & ~p.participates).nonzero()[0]
    inactive = inactive[u[inactive] < entry.take(group[inactive])]
    enter = inactive[ready_to_work(model, inactive)]
    out = (u[active] < leave) & (work != _SSE)
    withdraw = active[out]
    p.participates[enter] = True
    p.participates[withdraw] = False
    households.stop_work(model, withdraw[working[out]])


def unemployed_rows(model: TremplinModel) -> np.ndarray:
    """The rows of the unemployed (``unemployed``), in order."""
    p = model.people
    rows = labour_market.job_seeker_rows(model)
    in_course = _IN_A_COURSE.take(p.pathway[rows])
    return rows[(p.work[rows] == _NO_WORK) & ~in_course]


def unemployed(model: TremplinModel) -> np.ndarray:
    """Who is unemployed: a job seeker with no work at all, not in a full-time course (the
    Labour Force Survey's sense, as the indicators count it)."""
    out = np.zeros(model.people.n, dtype=bool)
    out[unemployed_rows(model)] = True
    return out


def spells(model: TremplinModel) -> None:
    """Unemployment spells: a spell starts the month a person becomes unemployed and ends
    with work, a course or inactivity (``searching_since`` is then ``NEVER``)."""
    since = model.people.searching_since
    now = unemployed_rows(model)
    started = since[now]
    started[started == NEVER] = model.month
    since.fill(NEVER)
    since[now] = started
