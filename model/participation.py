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

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from . import households, labour_market
from .population import NEVER, Citizenship, Pathway, People, Work

if TYPE_CHECKING:
    from .model import TremplinModel


def readiness(people: People, scn: BaseModel) -> np.ndarray:
    """Readiness to work 0-1: trauma, housing and childcare lower it (guide L2179-2186)."""
    p, part = people, scn.participation
    return (1.0 - part.readiness_trauma_weight * p.trauma
            - part.readiness_housing_weight * ~p.housing_ok
            - part.readiness_childcare_weight * p.childcare_need)


def barriers(model: TremplinModel) -> None:
    """Barriers to work ease: trauma fades, stable housing and childcare are found."""
    p, dem, rng = model.people, model.scenario.demography, model.rng
    n = p.n
    p.trauma *= np.float32(np.exp(-1.0 / dem.trauma_recovery_months))
    p.trauma = np.where(p.trauma < model.scenario.participation.trauma_residual, 0.0, p.trauma)
    p.housing_ok |= rng.random(n) < dem.housing_found_rate
    p.childcare_need &= rng.random(n) >= dem.childcare_found_rate


def ready_to_work(model: TremplinModel) -> np.ndarray:
    """Who is ready to work: readiness at or above the registry threshold."""
    return (readiness(model.people, model.scenario)
            >= model.scenario.labour_market.readiness_threshold)


def propensity(model: TremplinModel) -> np.ndarray:
    """Each person's participation propensity: the group's share in the labour force that
    entry and withdrawal would settle at without jobs, by origin and sex."""
    p, lm, part = model.people, model.scenario.labour_market, model.scenario.participation
    migrant = p.citizenship == Citizenship.NON_EU
    base = np.where(migrant, lm.migrant_participation, lm.native_participation)
    women = np.where(migrant, part.women_participation_factor_migrants,
                     part.women_participation_factor_natives)
    return np.clip(base * np.where(p.sex_female, women, 1.0), 0.0, 0.999)  # not behavioural


def flows(model: TremplinModel) -> None:
    """People enter the labour force or leave it: job seekers withdraw (more after long
    search: discouragement), workers stop working for other reasons, and inactive people who
    are ready re-enter, by sex and origin."""
    p, part, rng, month = model.people, model.scenario.participation, model.rng, model.month
    age, dem = p.age(month), model.scenario.demography
    people = (p.present & ~p.studying & (age >= dem.working_age_min)
              & (age < dem.retirement_age))
    working = p.work != Work.NONE
    active = people & p.participates
    long_search = (p.searching_since != NEVER) & (
        month - p.searching_since >= part.discouragement_months)
    leave = np.where(working, part.employed_withdrawal_rate,
                     part.withdrawal_rate + part.discouragement_rate * long_search)
    # entry balances the group's mean exit hazard so that, without barriers, the group's
    # active share settles at its propensity q: entry = mean exit x q / (1 - q)
    non_eu = p.citizenship == Citizenship.NON_EU
    group = (2 * non_eu + p.sex_female).astype(np.intp)  # not behavioural: 4 groups
    size = np.bincount(group[active], minlength=4)  # not behavioural
    hazard = np.bincount(group[active], weights=leave[active], minlength=4)  # not behavioural
    mean_exit = (hazard / np.maximum(size, 1))[group]
    q = propensity(model)
    entry = mean_exit * q / (1.0 - q)
    u = rng.random(p.n)
    enter = people & ~p.participates & ready_to_work(model) & (u < entry)
    withdraw = np.flatnonzero(active & (u < leave) & (p.work != Work.SSE))
    p.participates[enter] = True
    p.participates[withdraw] = False
    households.stop_work(model, withdraw[working[withdraw]])


def unemployed(model: TremplinModel) -> np.ndarray:
    """Who is unemployed: a job seeker with no work at all, not in a full-time course (the
    Labour Force Survey's sense, as the indicators count it)."""
    p = model.people
    out = np.zeros(p.n, dtype=bool)
    out[labour_market.job_seekers(model)[0]] = True
    in_course = ((p.pathway == Pathway.LANGUAGE_COURSE)
                 | (p.pathway == Pathway.VOCATIONAL_TRAINING))
    return out & (p.work == Work.NONE) & ~in_course


def spells(model: TremplinModel) -> None:
    """Unemployment spells: a spell starts the month a person becomes unemployed and ends
    with work, a course or inactivity (``searching_since`` is then ``NEVER``)."""
    p = model.people
    now = unemployed(model)
    p.searching_since[now & (p.searching_since == NEVER)] = model.month
    p.searching_since[~now] = NEVER
