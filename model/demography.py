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

from . import labour_market, participation, stationary
from .network import initial_ties
from .population import (
    NEVER,
    SECTORS,
    Citizenship,
    Education,
    PermitReason,
    Route,
    Status,
    Work,
    cumulative_weights,
    months_of_age,
    weighted_choice,
)

if TYPE_CHECKING:
    from .model import TremplinModel

SECTOR_P = np.full(len(SECTORS), 1.0 / len(SECTORS))
_SECTOR_CDF = cumulative_weights(SECTOR_P)
# the reason of the residence right that a status other than a temporary permit implies
_REASON_BY_STATUS = np.full(len(Status), PermitReason.NONE.value, dtype=np.int8)
_REASON_BY_STATUS[Status.PROTECTED] = PermitReason.PROTECTION
_REASON_BY_STATUS[Status.LONG_TERM_PERMIT] = PermitReason.LONG_TERM
# who came through the asylum procedure (trauma), and the route into irregularity, by status
# on arrival: one lookup instead of comparisons on a month's few newcomers
_THROUGH_ASYLUM = np.zeros(len(Status), dtype=bool)
_THROUGH_ASYLUM[[Status.ASYLUM_SEEKER, Status.PROTECTED]] = True
_ROUTE_BY_STATUS = np.full(len(Status), Route.NONE.value, dtype=np.int8)
_ROUTE_BY_STATUS[Status.UNDOCUMENTED] = Route.ARRIVED_UNDOCUMENTED

# Codes as plain ints for the monthly paths: reading ``Status.X.value`` goes through enum's
# descriptor on every call (thousands of reads a run)
_UNDOCUMENTED: int = Status.UNDOCUMENTED.value
_ASYLUM_SEEKER: int = Status.ASYLUM_SEEKER.value
_PROTECTED: int = Status.PROTECTED.value
_TEMPORARY_PERMIT: int = Status.TEMPORARY_PERMIT.value
_NO_WORK: int = Work.NONE.value
_MAINSTREAM: int = Work.MAINSTREAM.value
_NON_EU: int = Citizenship.NON_EU.value
_NO_REASON: int = PermitReason.NONE.value
_WORK_PERMIT: int = PermitReason.WORK.value
_STUDY_PERMIT: int = PermitReason.STUDY.value


def _common(model: TremplinModel, rows: np.ndarray, ages: np.ndarray) -> None:
    """Columns every newcomer gets, for ``rows`` just added (the table's last rows: written
    through a slice, cheaper than an index array for a month's few newcomers)."""
    p, rng = model.people, model.rng
    new = slice(p.n - len(rows), p.n)
    p.present[new] = True
    p.birth_month[new] = model.month - (ages * 12).astype(np.int32)  # not behavioural
    p.sector[new] = weighted_choice(rng, _SECTOR_CDF, len(rows))  # SECTOR_P
    p.disabled[new] = rng.random(len(rows)) < model.scenario.cooperatives.join_disabled_share


def add_natives(model: TremplinModel, k: int) -> np.ndarray:
    """Working-age nationals and EU citizens (each agent stands for ``native_weight`` people)."""
    p, pop, rng = model.people, model.scenario.population, model.rng
    rows = p.add(k)
    _common(model, rows, rng.uniform(pop.native_age_min, model.scenario.demography.retirement_age,
                                     k))
    p.citizenship[rows] = np.where(rng.random(k) < pop.eu_share_of_natives, Citizenship.EU,
                                   Citizenship.NATIONAL)
    p.weight[rows] = pop.native_weight
    p.sex_female[rows] = rng.random(k) < pop.native_share_female
    tertiary, medium = pop.native_share_tertiary, pop.native_share_medium
    p.education[rows] = rng.choice(len(Education), size=k,
                                   p=[1 - tertiary - medium, medium, tertiary])
    p.language[rows] = 1.0
    p.diploma_recognised[rows] = True
    p.participates[rows] = rng.random(k) < participation.propensity(model, rows)
    p.arrival_month[rows] = p.birth_month[rows]
    # any month before the start marks earlier host-country experience
    earlier = model.month - 12  # not behavioural
    p.first_job_month[rows] = np.where(p.participates[rows], earlier, NEVER)
    return rows


def add_migrants(model: TremplinModel, k: int, status: np.ndarray,
                 months_present: np.ndarray | int, reason: np.ndarray) -> np.ndarray:
    """New migrant rows with the given status, time already spent in town (one value for all
    of them, as 0 for this month's newcomers: the arithmetic on it is then on scalars, with
    the values an array of zeros would give) and, for temporary permits, the reason of the
    permit (``PermitReason``; ignored for other statuses)."""
    p, pop, rng = model.people, model.scenario.population, model.rng
    dem = model.scenario.demography
    rows = p.add(k)
    new = slice(p.n - k, p.n)  # the rows just added: a slice writes faster than ``rows``
    # bounded as np.clip would (its Python wrapper costs more than a month's few newcomers)
    ages = np.minimum(np.maximum(rng.normal(pop.arrival_age_mean, pop.arrival_age_sd, k),
                                 pop.arrival_age_min),
                      pop.arrival_age_max) + months_present / 12.0  # not behavioural
    ages = np.minimum(ages, dem.retirement_age - 0.5)  # not behavioural: below the exit age
    _common(model, rows, ages)
    p.citizenship[new] = _NON_EU
    p.origin[new] = rng.integers(0, pop.origin_groups, k)
    arrival = model.month - months_present
    p.arrival_month[new] = arrival
    female = rng.random(k) < pop.share_female
    p.sex_female[new] = female
    p.education[new] = _by_share(rng.random(k),
                                 (pop.share_tertiary, pop.share_tertiary + pop.share_medium),
                                 _EDUCATION_BY_SHARE)
    p.diploma_recognised[new] = rng.random(k) < pop.diploma_recognised_share
    top = pop.language_ceiling
    lang0 = np.minimum(np.maximum(rng.normal(pop.initial_language_mean, pop.initial_language_sd,
                                             k), 0.0), top)
    learned = 1 - np.exp(-months_present / pop.language_presence_months)
    p.language[new] = np.minimum(top, lang0 + (1 - lang0) * learned)
    p.other_languages[new] = (rng.random(k) < pop.lingua_franca_share).astype(np.int8)
    p.set_status(rows, status)
    p.status_on_arrival[new] = status
    asylum = status == _ASYLUM_SEEKER
    p.trauma[new] = np.where(_THROUGH_ASYLUM.take(status) & (rng.random(k) < pop.share_trauma),
                             rng.uniform(pop.trauma_severity_min, 1.0, k), 0.0)
    p.housing_ok[new] = rng.random(k) >= pop.share_housing_problem * np.exp(
        -months_present / pop.housing_problem_months)
    p.childcare_need[new] = female & (rng.random(k) < pop.share_mothers_young_children)
    wait = rng.geometric(1.0 / max(dem.asylum_decision_months, 1.0), k)
    p.asylum_decision_month[new] = np.where(asylum, model.month + wait, NEVER)
    legal = status >= _PROTECTED
    p.legal_since[new] = np.where(legal, arrival, NEVER)
    perm = status == _TEMPORARY_PERMIT
    # a first permit runs its full length; the initial stock is somewhere within its permit
    first = model.regularisation_rules.permit_months
    left = np.where(months_present == 0, first, rng.integers(1, first + 1, k))
    p.permit_until[new] = np.where(perm, model.month + left, NEVER)
    p.searching_since[new] = model.month
    p.participates[new] = rng.random(k) < participation.propensity(model, rows)
    p.permit_reason[new] = np.where(perm, reason, _REASON_BY_STATUS.take(status))
    p.irregular_route[new] = _ROUTE_BY_STATUS.take(status)
    p.studying[new] = perm & (reason == _STUDY_PERMIT)
    p.participates[new] |= perm & (reason == _WORK_PERMIT)
    return rows


def permit_reasons(model: TremplinModel, k: int) -> np.ndarray:
    """Reasons of ``k`` first permits: Eurostat's migr_resfirst mix (work, study, and family
    with the other reasons, protection coming through the asylum route)."""
    pop = model.scenario.population
    r = model.rng.random(k)
    work, study = pop.permit_share_employment, pop.permit_share_education
    return _by_share(r, (work, work + study), _PERMIT_REASONS)


def arrivals_status(model: TremplinModel, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Status on arrival (undocumented, asylum seeker, first permit) and permit reasons."""
    pop, rng = model.scenario.population, model.rng
    u = rng.random(k)
    undocumented = pop.arrival_share_undocumented
    status = _by_share(u, (undocumented, undocumented + pop.arrival_share_asylum),
                       _ARRIVAL_STATUS)
    reason = permit_reasons(model, k)
    reason[status != _TEMPORARY_PERMIT] = _NO_REASON
    return status, reason


# what a uniform draw picks among shares, in this order (``_by_share``)
_PERMIT_REASONS = np.array([PermitReason.WORK, PermitReason.STUDY, PermitReason.FAMILY],
                           dtype=np.int8)
_ARRIVAL_STATUS = np.array([Status.UNDOCUMENTED, Status.ASYLUM_SEEKER, Status.TEMPORARY_PERMIT],
                           dtype=np.int8)
_EDUCATION_BY_SHARE = np.array([Education.TERTIARY, Education.MEDIUM, Education.LOW],
                               dtype=np.int8)


def _by_share(u: np.ndarray, cumulative: tuple[float, ...], outcomes: np.ndarray) -> np.ndarray:
    """``outcomes[i]`` where ``u`` falls below the ``i``-th cumulative share (the last outcome
    above them all): the same as nested ``np.where(u < share, ...)``, in one search (np.where
    with scalars costs several times the work on a month's few newcomers)."""
    return outcomes.take(np.searchsorted(cumulative, u, side="right"))


def arrivals(model: TremplinModel) -> int:
    """Newcomers and their first ties; those admitted for work take an open position if
    there is one."""
    pop, rng = model.scenario.population, model.rng
    k = rng.poisson(pop.arrivals_per_1000 * model.initial_migrants / 1000.0)  # not behavioural
    if k == 0:
        return 0
    status, reason = arrivals_status(model, k)
    rows = add_migrants(model, k, status, 0, reason)
    net = model.scenario.network
    model.network.add(*initial_ties(rng, model.people, rows, net.mean_degree, net.homophily,
                                    net.native_tie_share, net.native_tie_language_floor))
    workers = rows[reason == _WORK_PERMIT]
    if len(workers) == 0:
        return k
    vac = model.employers.vacancies()
    total = vac.sum()
    if total > 0:  # an open position, each equally likely
        e = weighted_choice(rng, cumulative_weights(vac / total), len(workers))
        labour_market.take_job(model, workers, e)
    return k


def departures(model: TremplinModel) -> int:
    """Onward migration, removals and ageing out of working age."""
    p, dem, rng, month = model.people, model.scenario.demography, model.rng, model.month
    u = rng.random(p.n)
    old = p.birth_month <= month - months_of_age(dem.retirement_age)  # age >= retirement
    migrants = model.masks.migrants.nonzero()[0]
    rate = np.where(p.status[migrants] == _UNDOCUMENTED, dem.undocumented_exit_rate,
                    dem.onward_migration_rate)
    leave = migrants[(u[migrants] < rate) | old[migrants]]
    depart(model, leave)
    # natives ageing out are replaced by young natives entering the labour force
    natives_old = (model.masks.natives & old).nonzero()[0]
    if len(natives_old):
        model.cooperatives.leave(model, natives_old[p.coop[natives_old] >= 0])
        labour_market.leave_job(model, natives_old[p.work[natives_old] != _NO_WORK])
        young = model.scenario.population.native_age_min
        p.birth_month[natives_old] = month - young * 12  # not behavioural: months a year
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
            p.citizenship[rows] == _NON_EU))
    labour_market.leave_job(model, rows[p.work[rows] == _MAINSTREAM])
    model.cooperatives.leave(model, rows[p.coop[rows] >= 0])
    p.leave_pathway(rows)
    p.sse_exit_month[rows] = NEVER
    p.set_absent(rows)
    p.work[rows] = _NO_WORK
    model.drop_migrant_views(rows)


def initial_population(model: TremplinModel) -> None:
    """The stock at start: natives, then migrants resampled from the model's stored steady
    state (``stationary``), or drawn from the assumed shares (``initial_state = 'drawn'``)."""
    pop = model.scenario.population
    add_natives(model, pop.natives // pop.native_weight)
    # read by labour_market.initial_jobs: who holds a job at start, and the vacant share
    model.initial_jobs_planned = None
    model.initial_vacancy_share = None
    if pop.initial_state == "steady_state":
        stationary.add_migrants(model, pop.migrants)
        model.initial_vacancy_share = stationary.stored().vacancy_by_level
    else:
        drawn_migrants(model, pop.migrants)


def drawn_migrants(model: TremplinModel, k: int) -> None:
    """Migrants with time present and status mix drawn from the assumed shares."""
    pop, rng = model.scenario.population, model.rng
    months = np.minimum(rng.exponential(pop.initial_presence_mean_months, k),
                        pop.initial_presence_max_months).astype(np.int32)
    shares = np.array([pop.initial_share_undocumented, pop.initial_share_asylum,
                       pop.initial_share_protected, 0.0, pop.initial_share_long_term])
    shares[Status.TEMPORARY_PERMIT] = max(0.0, 1.0 - shares.sum())
    status = rng.choice(len(shares), size=k, p=shares / shares.sum()).astype(np.int8)
    reason = permit_reasons(model, k)
    months = np.where(status == Status.ASYLUM_SEEKER,
                      np.minimum(months, pop.initial_asylum_max_months), months)
    long_term = model.scenario.demography.long_term_after_months
    months = np.where(status == Status.LONG_TERM_PERMIT, np.maximum(months, long_term), months)
    add_migrants(model, k, status, months, reason)
