"""Who is in town: the initial population, monthly arrivals and departures (the barriers that
decide who is ready to work are in ``participation``).

Arrivals come by status on arrival (undocumented, asylum seeker, first permit); among first
permits, the reasons follow Eurostat's migr_resfirst mix (employment, study, family/other).
People leave through onward migration, removal of undocumented people and ageing out of
working age; natives who age out are replaced by young natives, so the native population is
stable (facts.md §8.24: the guide says nothing about flows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import labour_market, participation
from .network import initial_ties
from .population import NEVER, SECTORS, Citizenship, Education, Status, Work

if TYPE_CHECKING:
    from .model import TremplinModel

SECTOR_P = np.full(len(SECTORS), 1.0 / len(SECTORS))


def _common(model: TremplinModel, rows: np.ndarray, ages: np.ndarray) -> None:
    p, rng = model.people, model.rng
    p.present[rows] = True
    p.birth_month[rows] = model.month - (ages * 12).astype(np.int32)
    p.sector[rows] = rng.choice(len(SECTORS), size=len(rows), p=SECTOR_P)


def add_natives(model: TremplinModel, k: int) -> np.ndarray:
    """Working-age nationals and EU citizens (each agent stands for ``native_weight`` people)."""
    p, pop, rng = model.people, model.scenario.population, model.rng
    rows = p.add(k)
    _common(model, rows, rng.uniform(20, 65, k))
    p.citizenship[rows] = np.where(rng.random(k) < pop.eu_share_of_natives, Citizenship.EU,
                                   Citizenship.NATIONAL)
    p.weight[rows] = pop.native_weight
    p.sex_female[rows] = rng.random(k) < 0.5
    p.education[rows] = rng.choice(3, size=k, p=[0.25, 0.4, 0.35])
    p.language[rows] = 1.0
    p.diploma_recognised[rows] = True
    p.participates[rows] = rng.random(k) < participation.propensity(model)[rows]
    p.arrival_month[rows] = p.birth_month[rows]
    p.first_job_month[rows] = np.where(p.participates[rows], model.month - 12, NEVER)
    return rows


def add_migrants(model: TremplinModel, k: int, status: np.ndarray, months_present: np.ndarray,
                 reason: np.ndarray | None = None) -> np.ndarray:
    """New migrant rows with the given status and time already spent in town."""
    p, pop, rng = model.people, model.scenario.population, model.rng
    rows = p.add(k)
    ages = np.clip(rng.normal(32, 9, k), 18, 60) + months_present / 12.0
    ages = np.minimum(ages, 64.5)
    _common(model, rows, ages)
    p.citizenship[rows] = Citizenship.NON_EU
    p.origin[rows] = rng.integers(0, pop.origin_groups, k)
    p.arrival_month[rows] = model.month - months_present
    p.sex_female[rows] = rng.random(k) < pop.share_female
    u = rng.random(k)
    p.education[rows] = np.where(u < pop.share_tertiary, Education.TERTIARY,
                                 np.where(u < pop.share_tertiary + pop.share_medium,
                                          Education.MEDIUM, Education.LOW))
    p.diploma_recognised[rows] = rng.random(k) < pop.diploma_recognised_share
    lang0 = np.clip(rng.normal(pop.initial_language_mean, 0.15, k), 0.0, 0.95)
    p.language[rows] = np.minimum(0.95, lang0 + (1 - lang0) * (1 - np.exp(-months_present / 120)))
    p.other_languages[rows] = (rng.random(k) < pop.lingua_franca_share).astype(np.int8)
    p.set_status(rows, status)
    p.status_on_arrival[rows] = status
    asylum = status == Status.ASYLUM_SEEKER
    through_asylum = asylum | (status == Status.PROTECTED)
    p.trauma[rows] = np.where(through_asylum & (rng.random(k) < pop.share_trauma),
                              rng.uniform(0.5, 1.0, k), 0.0)
    p.housing_ok[rows] = rng.random(k) >= pop.share_housing_problem * np.exp(-months_present / 24)
    p.childcare_need[rows] = p.sex_female[rows] & (rng.random(k) < pop.share_mothers_young_children)
    dem = model.scenario.demography
    wait = rng.geometric(1.0 / max(dem.asylum_decision_months, 1.0), k)
    p.asylum_decision_month[rows] = np.where(asylum, model.month + wait, NEVER)
    legal = status >= Status.PROTECTED
    p.legal_since[rows] = np.where(legal, p.arrival_month[rows], NEVER)
    perm = status == Status.TEMPORARY_PERMIT
    p.permit_until[rows] = np.where(perm, model.month + rng.integers(
        1, model.regularisation_rules.permit_months + 1, k), NEVER)
    p.searching_since[rows] = model.month
    p.participates[rows] = rng.random(k) < participation.propensity(model)[rows]
    if reason is not None:
        p.studying[rows] = reason == "EDUC"
        p.participates[rows] |= reason == "EMP"
    return rows


def arrivals_status(model: TremplinModel, k: int) -> tuple[np.ndarray, np.ndarray]:
    pop, rng = model.scenario.population, model.rng
    u = rng.random(k)
    undoc = u < pop.arrival_share_undocumented
    asylum = ~undoc & (u < pop.arrival_share_undocumented + pop.arrival_share_asylum)
    status = np.where(undoc, Status.UNDOCUMENTED,
                      np.where(asylum, Status.ASYLUM_SEEKER, Status.TEMPORARY_PERMIT))
    r = rng.random(k)
    reason = np.where(r < pop.permit_share_employment, "EMP",
                      np.where(r < pop.permit_share_employment + pop.permit_share_education,
                               "EDUC", "FAM_OTH"))
    reason = np.where(status == Status.TEMPORARY_PERMIT, reason, "NONE")
    return status.astype(np.int8), reason


def arrivals(model: TremplinModel) -> int:
    """Newcomers and their first ties; those admitted for work take an open position if
    there is one; some students finish their studies."""
    pop, rng = model.scenario.population, model.rng
    k = rng.poisson(pop.arrivals_per_1000 * model.initial_migrants / 1000.0)
    if k == 0:
        return 0
    status, reason = arrivals_status(model, k)
    rows = add_migrants(model, k, status, np.zeros(k, dtype=np.int32), reason)
    net = model.scenario.network
    model.network.add(*initial_ties(rng, model.people, rows, net.mean_degree, net.homophily,
                                    net.native_tie_share, net.native_tie_language_floor))
    workers = rows[reason == "EMP"]
    vac = model.employers.vacancies()
    if len(workers) and vac.sum() > 0:
        e = rng.choice(model.employers.n, size=len(workers), p=vac / vac.sum())
        labour_market.take_job(model, workers, e)
    # students enter the labour market after their studies (about three years)
    p = model.people
    students = np.flatnonzero(p.present & p.studying)
    p.studying[students[rng.random(len(students)) < 1 / 36]] = False
    return k


def departures(model: TremplinModel) -> int:
    """Onward migration, removals and ageing out of working age."""
    p, dem, rng, month = model.people, model.scenario.demography, model.rng, model.month
    u = rng.random(p.n)
    rate = np.where(p.status == Status.UNDOCUMENTED, dem.undocumented_exit_rate,
                    dem.onward_migration_rate)
    old = p.age(month) >= 65
    leave = np.flatnonzero(model.masks.migrants & ((u < rate) | old))
    depart(model, leave)
    # natives ageing out are replaced by young natives entering the labour force
    natives_old = np.flatnonzero(model.masks.natives & old)
    if len(natives_old):
        labour_market.leave_job(model, natives_old[p.work[natives_old] != Work.NONE])
        p.birth_month[natives_old] = month - 20 * 12
        p.first_job_month[natives_old] = NEVER
        p.searching_since[natives_old] = month
    return len(leave)


def depart(model: TremplinModel, rows: np.ndarray) -> None:
    """People leave the municipality: their job, membership and course end with them."""
    if len(rows) == 0:
        return
    p = model.people
    if model.month >= 0:
        model.events["migrant_departures"] += int(np.count_nonzero(
            p.citizenship[rows] == Citizenship.NON_EU))
    labour_market.leave_job(model, rows[p.work[rows] == Work.MAINSTREAM])
    model.cooperatives.leave(model, rows[p.coop[rows] >= 0])
    p.leave_pathway(rows)
    p.sse_exit_month[rows] = NEVER
    p.set_absent(rows)
    p.work[rows] = Work.NONE
    model.drop_migrant_views(rows)


def initial_population(model: TremplinModel) -> None:
    """The stock at start: natives, then migrants with time present and status mixes."""
    pop, rng = model.scenario.population, model.rng
    add_natives(model, pop.natives // pop.native_weight)
    k = pop.migrants
    months = np.minimum(rng.exponential(60.0, k), 300).astype(np.int32)
    shares = np.array([pop.initial_share_undocumented, pop.initial_share_asylum,
                       pop.initial_share_protected, 0.0, pop.initial_share_long_term])
    shares[3] = max(0.0, 1.0 - shares.sum())
    status = rng.choice(5, size=k, p=shares / shares.sum()).astype(np.int8)
    months = np.where(status == Status.ASYLUM_SEEKER, np.minimum(months, 18), months)
    months = np.where(status == Status.LONG_TERM_PERMIT, np.maximum(months, 60), months)
    add_migrants(model, k, status, months)
