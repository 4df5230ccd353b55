"""The mainstream labour market: employers, separations, applications, screening and hiring.

Natives, EU citizens and migrants compete for the same positions. Hiring odds fall with a
language screen, unrecognised diplomas and employers' discrimination (callback penalties
from correspondence tests, sources.md §3.e.4); referrals through contacts (Calvó-Armengol &
Jackson 2004) bring applications that are screened with less discrimination. Undocumented
applicants cannot be hired; an employer who would hire one may issue a promise of employment
(guide L2280-2282), which some regularisation regimes require. Informal work is the fallback
of people without status (guide L270-278).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from . import incomes, levers, network, stationary
from .population import NEVER, SECTORS, SHORTAGE, Citizenship, Education, People, Status, Work

if TYPE_CHECKING:
    from .model import TremplinModel

# the enum members compared against every month, as plain ints: reading ``Work.SSE.value``
# goes through enum's descriptor on every access (thousands of calls a run)
_NO_WORK: int = Work.NONE.value
_INFORMAL: int = Work.INFORMAL.value
_SSE: int = Work.SSE.value
_MAINSTREAM: int = Work.MAINSTREAM.value
_SELF_EMPLOYED: int = Work.SELF_EMPLOYED.value
_NON_EU: int = Citizenship.NON_EU.value
_UNDOCUMENTED: int = Status.UNDOCUMENTED.value
_PROTECTED: int = Status.PROTECTED.value
_LONG_TERM_PERMIT: int = Status.LONG_TERM_PERMIT.value


def sector_weights(lm: BaseModel) -> np.ndarray:
    """Relative number of employers in each sector (registry ``sector_weight_*``)."""
    return np.array([getattr(lm, f"sector_weight_{s}") for s in SECTORS])


def level_mix(lm: BaseModel) -> np.ndarray:
    """Probability that an employer's typical post is of level low / medium / tertiary, by
    sector: the sectors' relative mixes (registry ``post_level_low_*`` and
    ``post_level_medium_*``) rescaled so that, over sectors, the levels have the national
    shares (``post_share_low``, ``post_share_medium``, tertiary the rest)."""
    low = np.array([getattr(lm, f"post_level_low_{s}") for s in SECTORS])
    medium = np.array([getattr(lm, f"post_level_medium_{s}") for s in SECTORS])
    mix = np.column_stack([low, medium, 1.0 - low - medium])
    weights = sector_weights(lm) / sector_weights(lm).sum()
    target = np.array([lm.post_share_low, lm.post_share_medium,
                       1.0 - lm.post_share_low - lm.post_share_medium])
    for _ in range(_RESCALE_ROUNDS):  # iterative proportional fitting: rows and columns
        column = weights @ mix
        mix = mix * np.where(column > 0, target / np.where(column > 0, column, 1.0), 0.0)
        mix = mix / np.maximum(mix.sum(axis=1, keepdims=True), 1e-12)  # not behavioural
    return mix


_RESCALE_ROUNDS = 50  # not behavioural: enough rounds for the fit to converge


def language_thresholds(lm: BaseModel) -> np.ndarray:
    """Mean host-language level required by low / medium / tertiary posts (A2, B1, B2)."""
    return np.array([lm.language_threshold_low, lm.language_threshold_medium,
                     lm.language_threshold_tertiary])


@dataclass
class Employers:
    """Column store of mainstream employers (``agents.Employer`` is a view onto a row)."""

    sector: np.ndarray
    level: np.ndarray
    jobs: np.ndarray
    occupied: np.ndarray
    language_threshold: np.ndarray
    foreign_diplomas: np.ndarray
    discrimination: np.ndarray
    referral: np.ndarray
    contract_until: np.ndarray
    contract_jobs: np.ndarray

    @property
    def n(self) -> int:
        return len(self.sector)

    @property
    def shortage(self) -> np.ndarray:
        return SHORTAGE[self.sector]

    @cached_property
    def level_starts(self) -> np.ndarray:
        """Where each level's block of employers starts, and the end (employers are sorted by
        level and keep their level for the whole run, so this is computed once)."""
        return np.searchsorted(self.level, np.arange(len(Education) + 1), side="left")

    def vacancies(self) -> np.ndarray:
        open_posts = self.jobs + self.contract_jobs
        open_posts -= self.occupied
        return np.maximum(open_posts, 0, out=open_posts)  # one new array (asked often)


def make_employers(rng: np.random.Generator, n: int, scn: BaseModel) -> Employers:
    """Employers sorted by job level, then sector (so each level is a contiguous block)."""
    lm = scn.labour_market
    weights = sector_weights(lm)
    sector = rng.choice(len(SECTORS), size=n, p=weights / weights.sum())
    u = rng.random(n)
    cum = level_mix(lm)[sector].cumsum(axis=1)
    level = np.minimum((u[:, None] > cum).sum(axis=1), Education.TERTIARY).astype(np.int8)
    order = np.lexsort((sector, level))
    sector, level = sector[order], level[order]
    thr = np.clip(language_thresholds(lm)[level] + rng.normal(0, lm.language_threshold_spread, n),
                  lm.language_threshold_min, lm.language_threshold_max)
    mean_d = lm.discrimination * np.where(SHORTAGE[sector], lm.shortage_discrimination_factor, 1.0)
    conc = lm.discrimination_concentration
    a = np.maximum(mean_d * conc, 1e-3)  # not behavioural: keeps Beta shapes positive
    b = np.maximum((1 - mean_d) * conc, 1e-3)  # not behavioural
    disc = rng.beta(a, b) if lm.discrimination > 0 else np.zeros(n)
    return Employers(
        sector=sector.astype(np.int8), level=level,
        jobs=np.zeros(n, dtype=np.int64), occupied=np.zeros(n, dtype=np.int64),
        language_threshold=thr.astype(np.float32),
        foreign_diplomas=rng.random(n) < lm.foreign_diploma_employer_share,
        discrimination=disc.astype(np.float32),
        # some firms fill posts mostly through their staff's contacts, others by open call
        referral=_referral_propensity(rng, lm.referral_share_of_hiring, lm.referral_beta_shape,
                                      n),
        contract_until=np.full(n, -1, dtype=np.int32),
        contract_jobs=np.zeros(n, dtype=np.int64),
    )


def _referral_propensity(rng: np.random.Generator, mean: float, shape: float,
                         n: int) -> np.ndarray:
    """Per-employer referral propensity, Beta(shape, b) with the registry mean."""
    if mean <= 0 or mean >= 1:
        return np.full(n, mean, dtype=np.float32)
    return rng.beta(shape, shape * (1 - mean) / mean, n).astype(np.float32)


def effective_qualification(people: People, rows: np.ndarray, emp: Employers,
                            e: np.ndarray) -> np.ndarray:
    """Education an employer counts: unrecognised foreign degrees count one level lower."""
    edu = people.education[rows]
    counts = (people.diploma_recognised[rows] | emp.foreign_diplomas[e]
              | (people.citizenship[rows] != _NON_EU))
    return np.where(counts, edu, np.maximum(edu - 1, Education.LOW.value))


_YES_NO = 2  # not behavioural: a yes/no trait doubles the kinds of employer or applicant


def _qualification_odds(model: TremplinModel, applicant_kind: np.ndarray,
                        e: np.ndarray) -> np.ndarray:
    """The hiring factor of each application for the gap between the post's level and the
    education the employer counts (``effective_qualification``), read from a table: the gap
    depends only on the employer's kind (post level, counts foreign degrees or not) and the
    applicant's (``_Applicants.kind``: education, degree counted everywhere or not), so a
    lookup replaces the dozen passes of computing it per application."""
    emp, lm = model.employers, model.scenario.labour_market
    table = _qualification_table(lm.one_level_below_hire_factor, lm.underqualified_hire_factor)
    # the table read flat (row-major): ``take`` on one index is cheaper than a 2-d lookup
    employer_row = (emp.level.astype(np.intp) * _YES_NO + emp.foreign_diplomas) * table.shape[1]
    return table.take(employer_row[e] + applicant_kind)


@lru_cache(maxsize=16)  # not behavioural: a few scenarios per process
def _qualification_table(one_level_below: float, further_below: float) -> np.ndarray:
    """Hiring factor by employer kind (row: level x foreign degrees counted) and applicant
    kind (column: education x degree counted everywhere), by the rule of
    ``effective_qualification``: an unrecognised foreign degree counts one level lower."""
    levels = range(len(Education))
    table = np.empty((len(Education) * _YES_NO, len(Education) * _YES_NO))
    for level, foreign_ok, edu, counted in itertools.product(levels, (0, 1), levels, (0, 1)):
        counts = edu if (counted or foreign_ok) else max(edu - 1, Education.LOW.value)
        gap = level - counts
        table[level * _YES_NO + foreign_ok, edu * _YES_NO + counted] = (
            1.0 if gap <= 0 else one_level_below if gap == 1 else further_below)
    table.flags.writeable = False
    return table


def hire_probability(model: TremplinModel, rows: np.ndarray, e: np.ndarray,
                     referred: np.ndarray) -> np.ndarray:
    """Probability that application (person ``rows[i]`` -> employer ``e[i]``) ends in an offer."""
    return _offer_probability(model, _applicants(model, rows), np.arange(len(rows)), e, referred)


@dataclass(frozen=True)
class _Applicants:
    """What screening reads of each applicant, read or computed once per person (a job seeker
    sends several applications a month), aligned with ``rows``."""

    rows: np.ndarray
    non_eu: np.ndarray
    language: np.ndarray
    education: np.ndarray
    kind: np.ndarray  # education x degree counted everywhere: a column of _qualification_table
    bonus: np.ndarray  # local experience: a first job or a training here
    months: np.ndarray  # of the current unemployment spell


def _applicants(model: TremplinModel, rows: np.ndarray) -> _Applicants:
    p, lm = model.people, model.scenario.labour_market
    non_eu = p.citizenship[rows] == _NON_EU
    education = p.education[rows]
    experienced = (p.first_job_month[rows] != NEVER) | p.trained[rows]
    return _Applicants(
        rows=rows, non_eu=non_eu, language=p.language[rows], education=education,
        kind=education * _YES_NO + (p.diploma_recognised[rows] | ~non_eu),
        bonus=1.0 + lm.local_experience_bonus * experienced,
        months=unemployed_months(model, rows))


def _offer_probability(model: TremplinModel, who: _Applicants, pos: np.ndarray, e: np.ndarray,
                       referred: np.ndarray) -> np.ndarray:
    """``hire_probability`` of applications by applicants ``pos`` (positions in ``who``) to
    employers ``e``. Each factor is the same float whether computed per application or per
    person and then looked up (elementwise arithmetic on the same values)."""
    emp, lm = model.employers, model.scenario.labour_market
    fit = 1.0 / (1.0 + np.exp(-(who.language.take(pos) - emp.language_threshold[e])
                              / lm.language_slope))
    non_eu = who.non_eu.take(pos)
    qual = _qualification_odds(model, who.kind.take(pos), e)
    disc = (emp.discrimination * levers.factor("employer_discrimination", model))[e] * non_eu
    disc = disc * np.where(referred, 1.0 - lm.referral_discrimination_discount, 1.0)
    bonus = who.bonus.take(pos)
    scar = _by_spell_length(who.months, lambda months: (
        1.0 - lm.duration_callback_loss * np.minimum(months / lm.duration_loss_months, 1.0)))
    # every factor is non-negative, so bounding with maximum/minimum equals np.clip (whose
    # Python wrapper costs more than the work on a month's applications)
    return np.minimum(np.maximum(lm.callback_base * fit * qual * (1.0 - disc) * bonus
                                 * scar.take(pos), 0.0), 1.0)


def unemployed_months(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    """Months since the current unemployment spell of ``rows`` started (0 outside a spell)."""
    since = model.people.searching_since[rows]
    months = model.month - since  # one new array, then updated in place (called often)
    months *= since != NEVER  # zero outside a spell: a product costs less than a masked write
    return np.maximum(months, 0, out=months)


def separations(model: TremplinModel) -> None:
    """Mainstream jobs end, self-employment and informal work end; positions reopen."""
    p, lm, rng, month = model.people, model.scenario.labour_market, model.rng, model.month
    u = rng.random(p.n)
    work = p.work
    # only people at work can lose it: the rates are looked up for them alone
    rows = (work != _NO_WORK).nonzero()[0]
    exit_rate = _exit_rates(lm.separation_rate, lm.migrant_separation_factor,
                            lm.self_employment_exit_rate, lm.informal_exit_rate)
    kind = work[rows] * _YES_NO  # a new array: the row of the table, by kind of work
    kind += p.citizenship[rows] == _NON_EU
    idx = rows[u.take(rows) < exit_rate.take(kind)]
    if len(idx):
        leave_job(model, idx)
        p.searching_since[idx] = month


@lru_cache(maxsize=16)  # not behavioural: a few scenarios per process, asked every month
def _exit_rates(mainstream: float, migrant_factor: float, self_employed: float,
                informal: float) -> np.ndarray:
    """Monthly exit rate by kind of work (``Work``) x non-EU or not, read in one lookup: the
    same floats as computing them per worker (``mainstream * factor`` is one product either
    way). SSE work and no work never end here (minus infinity: no draw is below it)."""
    table = np.full((len(Work), _YES_NO), -np.inf)
    table[_MAINSTREAM] = mainstream, mainstream * migrant_factor
    table[_SELF_EMPLOYED] = self_employed
    table[_INFORMAL] = informal
    table = table.ravel()
    table.flags.writeable = False
    return table


def leave_job(model: TremplinModel, idx: np.ndarray) -> None:
    """Release mainstream positions held by ``idx`` and set them to no work."""
    if len(idx) == 0:  # most calls (departures, stop_work) find no one
        return
    p, emp = model.people, model.employers
    main = idx[p.work[idx] == _MAINSTREAM]
    if len(main):
        # weights in the counts' own type: ``ufunc.at`` then skips its casting loop
        np.subtract.at(emp.occupied, p.employer[main], p.weight[main].astype(np.int64))
    p.work[idx] = _NO_WORK
    p.employer[idx] = -1
    p.job_level[idx] = -1
    p.deskilled[idx] = False


def job_seekers(model: TremplinModel) -> tuple[np.ndarray, np.ndarray]:
    """Rows looking for declared work and their search intensity (1 = full time).

    Job seekers without work search full time, informal workers less, SSE workers with papers
    look for a mainstream job part time (the springboard), workers in a post below their
    education look for a better one on the job, and a course or placement caps the effort
    (time in a course is time not searching, guide L289-291).
    """
    rows, intensity, _ = _job_seekers_and_mask(model)
    return rows, intensity


def _job_seekers_and_mask(model: TremplinModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``job_seekers``, and the same people as a mask over every row (hiring's referrals ask
    for both; the mask is the caller's to keep)."""
    searching, effort = _searching(model)
    rows = searching.nonzero()[0]
    p = model.people
    intensity = np.minimum(effort.by_work.take(p.work[rows]), effort.cap.take(p.pathway[rows]))
    if effort.all_capped_above_zero:  # every searcher's effort is then positive
        return rows, intensity, searching
    keep = intensity > 0
    searching[rows[~keep]] = False
    return rows[keep], intensity[keep], searching


def job_seeker_rows(model: TremplinModel) -> np.ndarray:
    """The rows of ``job_seekers`` alone: their efforts are looked up only if a cap of zero
    could leave someone out (for the callers that count job seekers, twice a month)."""
    searching, effort = _searching(model)
    return searching.nonzero()[0] if effort.all_capped_above_zero else job_seekers(model)[0]


def _searching(model: TremplinModel) -> tuple[np.ndarray, _SearchEffort]:
    """Who searches (a new mask over every row), before the pathway's caps (``job_seekers``),
    and the effort tables."""
    p, lm = model.people, model.scenario.labour_market
    effort = _search_effort(lm.informal_worker_search_intensity, lm.sse_worker_search_intensity,
                            lm.overqualified_search_intensity, lm.course_search_intensity)
    work = p.work
    # who searches is decided on the whole columns (cheap boolean passes); the efforts are
    # then looked up for the searchers alone
    ok = _ready_of_working_age(model) & p.participates  # a new array, narrowed in place
    ok &= ~p.studying
    for kind in effort.idle_kinds:  # holders of this kind of work do not search
        ok &= work != kind
    ok &= (work != _MAINSTREAM) | p.deskilled
    if effort.sse_workers_search:  # SSE workers without papers cannot take a declared job
        ok &= (work != _SSE) | (p.status != _UNDOCUMENTED)
    return ok, effort


def _ready_of_working_age(model: TremplinModel) -> np.ndarray:
    """Who is present, of working age and ready to work: fixed for the month while no one
    arrives or leaves (birth months never change, readiness is a month snapshot), so it is
    taken once per month and ``People.presence_revision`` and shared by the month's searches
    (read-only: callers narrow a copy)."""
    p, dem, month = model.people, model.scenario.demography, model.month

    def take() -> np.ndarray:
        mask = p.aged(month, dem.working_age_min, dem.retirement_age)
        mask &= p.present
        mask &= model.ready()
        mask.flags.writeable = False
        return mask

    return model.snapshot(f"ready_of_working_age_{p.presence_revision}", take)


@dataclass(frozen=True)
class _SearchEffort:
    """Search effort by kind of work (``Work``: mainstream for the overqualified only) and its
    cap by pathway stage (``Pathway``), with what ``job_seekers`` derives from them."""

    by_work: np.ndarray
    cap: np.ndarray
    idle_kinds: tuple[int, ...]  # kinds of work whose holders do not search
    all_capped_above_zero: bool
    sse_workers_search: bool


@lru_cache(maxsize=16)  # not behavioural: a few scenarios per process, asked every month
def _search_effort(informal: float, sse: float, overqualified: float,
                   course: float) -> _SearchEffort:
    """The effort tables for one set of registry values, built once (read-only arrays)."""
    by_work = np.array([1.0, informal, sse, overqualified, 0.0])
    cap = np.array([1.0, course, course, sse])
    by_work.flags.writeable = cap.flags.writeable = False
    idle = tuple(kind for kind, effort in enumerate(by_work.tolist()) if effort <= 0)
    return _SearchEffort(by_work, cap, idle, bool(cap.min() > 0), sse > 0)


def _draw_employers(model: TremplinModel, education: np.ndarray, vac: np.ndarray,
                    total: int) -> np.ndarray:
    """An employer with openings for each application: most at the level of the applicant's
    ``education``, the rest anywhere. Each open position (``total`` of them, ``vac`` by
    employer) is equally likely to be applied to (employers are sorted by level, so each
    level's positions form one block)."""
    rng, emp = model.rng, model.employers
    k = len(education)
    if total <= 0 or k == 0:
        return np.full(k, -1)
    # (array methods: numpy's module-level wrappers add a Python call to each)
    slot_employer = np.arange(emp.n).repeat(vac)
    cv = np.zeros(emp.n + 1, dtype=vac.dtype)
    vac.cumsum(out=cv[1:])
    bounds = emp.level_starts
    lo, hi = cv[bounds[:-1]], cv[bounds[1:]]
    s = education.astype(np.intp)
    lo_s, width_s = lo[s], (hi - lo)[s]  # the block of open positions at each one's level
    own = (rng.random(k) < model.scenario.labour_market.own_level_application_share)
    own &= width_s > 0
    u = rng.random(k)
    slot = np.where(own, lo_s + u * width_s, u * total).astype(np.intp)
    return slot_employer[np.minimum(slot, total - 1)]


def hiring(model: TremplinModel) -> None:
    """Applications (open calls and referrals), screening, offers and hiring; an employer may
    promise a job to an undocumented applicant instead."""
    p, emp, rng, month = model.people, model.employers, model.rng, model.month
    lm = model.scenario.labour_market
    vac = emp.vacancies()
    seekers, intensity, seeking = _job_seekers_and_mask(model)
    total = int(vac.sum())
    if len(seekers) == 0 or total == 0:
        return
    who = _applicants(model, seekers)
    # information: weak language narrows what one hears of (guide L220-224)
    heard = np.maximum(who.language,
                       lm.lingua_franca_information_level * (p.other_languages[seekers] > 0))
    info = np.where(who.non_eu, lm.information_base + lm.information_language_weight * heard,
                    1.0)
    n_open = rng.poisson(lm.applications_per_month * intensity * info)
    # applications by position among the seekers (``a_pos``), to an employer (``a_emp``)
    a_pos = np.arange(len(seekers)).repeat(n_open)
    a_emp = _draw_employers(model, who.education.take(a_pos), vac, total)  # there are openings
    open_calls = len(a_pos)  # the applications after these are referrals
    # referrals: an employed contact passes news of an opening at their workplace
    # each row's position among the seekers (-1: not seeking), to read referred seekers' traits
    seeker_pos = np.full(p.n, -1, dtype=np.intp)
    seeker_pos[seekers] = np.arange(len(seekers))
    emp_col = p.employer
    hiring_now = vac > 0
    # (``take`` reads index -1, the employer of people without one, as the last employer: only
    # mainstream workers count, and they all have an employer)
    holder = (p.work == _MAINSTREAM) & hiring_now.take(emp_col)
    src, dst = model.network.pairs(holder, seeking)
    if len(src):
        # contacts depreciate while out of work: news reaches the long unemployed less often
        dst_pos = seeker_pos.take(dst)
        kept = _by_spell_length(who.months.take(dst_pos),
                               lambda months: (1.0 - lm.contact_loss_per_month) ** months)
        ok = rng.random(len(src)) < emp.referral[emp_col[src]] * kept
        a_pos = np.concatenate([a_pos, dst_pos[ok]])
        a_emp = np.concatenate([a_emp, emp_col[src[ok]]])
    if len(a_pos) == 0:
        return
    a_ref = np.arange(len(a_pos)) >= open_calls
    passed = rng.random(len(a_pos)) < _offer_probability(model, who, a_pos, a_emp, a_ref)
    a_rows, a_emp = seekers.take(a_pos[passed]), a_emp[passed]
    if len(a_rows) == 0:
        return
    # each employer fills its openings in random order (weights: a native agent fills several)
    key = rng.random(len(a_rows))
    order = np.lexsort((key, a_emp))
    a_rows, a_emp = a_rows[order], a_emp[order]
    w = p.weight[a_rows].astype(np.int64)
    csum = w.cumsum()
    first = _starts_of_runs(a_emp)
    start_of_group = np.maximum.accumulate(np.where(first, np.arange(len(a_emp)), 0))
    before = csum - w - (csum[start_of_group] - w[start_of_group])
    offered = before < vac[a_emp]
    a_rows, a_emp = a_rows[offered], a_emp[offered]
    # each person takes one offer: the highest post they qualify for, then at random
    lvl = emp.level[a_emp]
    order = np.lexsort((rng.random(len(a_rows)), -lvl, a_rows))
    a_rows, a_emp = a_rows[order], a_emp[order]
    one = _starts_of_runs(a_rows)
    rows, e = a_rows[one], a_emp[one]
    # a worker searching on the job moves only for a higher post
    moving = p.work[rows] == _MAINSTREAM
    better = ~moving | (emp.level[e] > p.job_level[rows])
    rows, e = rows[better], e[better]
    leave_job(model, rows[moving[better]])
    legal = model.masks.legal_to_work[rows]
    # undocumented: the employer may promise the job instead (guide L2280-2282)
    undoc = rows[~legal]
    promised = undoc[rng.random(len(undoc)) < lm.promise_rate]
    p.promise_until[promised] = month + lm.promise_months
    rows, e = rows[legal], e[legal]
    # the offer is weighed against current income and benefits (incomes.accepts)
    level = emp.level[e]
    ok = incomes.accepts(model, rows, incomes.post_offer_income(model, level), level)
    take_job(model, rows[ok], e[ok])


def _by_spell_length(months: np.ndarray,
                    effect: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``effect(months)``, computed once per spell length and looked up: spells take few
    distinct lengths (months are whole and at least 0), so a table of lengths replaces one
    evaluation per application or contact. ``effect`` must act elementwise; the table's
    entries are then the same floats, computed by the same ufuncs on the same values."""
    if len(months) == 0:
        return effect(months)
    lengths = np.arange(int(months.max()) + 1, dtype=months.dtype)
    return effect(lengths).take(months)  # ``take``: cheaper than indexing with int32 months


def _starts_of_runs(sorted_keys: np.ndarray) -> np.ndarray:
    """True where a run of equal keys begins (the first element and every change)."""
    start = np.empty(len(sorted_keys), dtype=bool)
    start[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=start[1:])
    return start


def take_job(model: TremplinModel, rows: np.ndarray, e: np.ndarray) -> None:
    """Move ``rows`` into mainstream jobs at employers ``e``."""
    if len(rows) == 0:
        return
    p, emp, month = model.people, model.employers, model.month
    model.cooperatives.leave(model, rows[p.work[rows] == _SSE])
    p.leave_pathway(rows)
    p.participates[rows] = True
    p.work[rows] = _MAINSTREAM
    p.employer[rows] = e
    lvl = emp.level[e]
    p.job_level[rows] = lvl
    p.deskilled[rows] = p.education[rows] > lvl
    p.work_since[rows] = month
    p.searching_since[rows] = NEVER
    fj = rows[p.first_job_month[rows] == NEVER]
    p.first_job_month[fj] = month
    if month >= 0:
        model.events["migrant_hires"] += int(np.count_nonzero(
            p.citizenship[rows] == _NON_EU))
    np.add.at(emp.occupied, e, p.weight[rows].astype(np.int64))  # no casting loop in ``at``
    _coworker_ties(model, rows, e)


def _coworker_ties(model: TremplinModel, rows: np.ndarray, e: np.ndarray) -> None:
    """New hires meet a coworker (bridging ties formed at work)."""
    form = model.rng.random(len(rows)) < model.scenario.network.coworker_tie_rate
    mates = network.one_colleague_each(model, "employer", model.employers.n)[e[form]]
    ok = mates >= 0
    model.network.add(rows[form][ok], mates[ok])


def lose_right_to_work(model: TremplinModel, rows: np.ndarray) -> None:
    """People who lose the right to work lose their declared job (not SSE activity)."""
    p = model.people
    w = p.work[rows]
    rows = rows[(w == _MAINSTREAM) | (w == _SELF_EMPLOYED)]
    leave_job(model, rows)
    p.work[rows] = _INFORMAL


def informal_work(model: TremplinModel) -> int:
    """People without declared work find informal work, mostly through co-ethnic contacts."""
    p, lm, rng = model.people, model.scenario.labour_market, model.rng
    work = p.work
    st = p.status
    cand = model.masks.migrants & (work == _NO_WORK)
    # people without papers work informally to survive; others only if they seek work at all
    cand &= model.ready() & ((st == _UNDOCUMENTED) | p.participates)
    idx = cand.nonzero()[0]
    if len(idx) == 0:
        return 0
    share = network.contact_share(model, "informal")[idx]
    legal = model.masks.legal_to_work[idx]
    need = np.where(st[idx] == _UNDOCUMENTED, lm.informal_need_undocumented,
                    np.where(legal, lm.informal_need_legal, lm.informal_need_no_right_to_work))
    prob = lm.informal_find_rate * need * (lm.informal_contact_base + share)
    found = idx[rng.random(len(idx)) < prob]
    p.work[found] = _INFORMAL
    p.work_since[found] = model.month
    return len(found)


def self_employment(model: TremplinModel) -> None:
    """A few permit holders without a job start on their own (guide L1903-1905)."""
    p, lm, rng = model.people, model.scenario.labour_market, model.rng
    status = p.status
    cand = (p.present & (status >= _PROTECTED)
            & (status <= _LONG_TERM_PERMIT))
    cand &= (p.work == _NO_WORK) & model.ready() & p.participates & ~p.studying
    idx = cand.nonzero()[0]
    start = idx[rng.random(len(idx)) < lm.self_employment_rate]
    p.work[start] = _SELF_EMPLOYED
    p.job_level[start] = p.education[start]  # one's own business: no deskilling by definition
    p.work_since[start] = model.month
    p.searching_since[start] = NEVER
    fj = start[p.first_job_month[start] == NEVER]
    p.first_job_month[fj] = model.month


def _place_by_level(model: TremplinModel, rows: np.ndarray, size: np.ndarray,
                    edu: np.ndarray) -> np.ndarray:
    """Employers for workers placed at start by the rule of applications and offers: a post at
    one's own level with probability ``own_level_application_share``, else a post of any level
    weighted by the employers' sizes and the hiring odds of one's education there."""
    rng, emp, lm = model.rng, model.employers, model.scenario.labour_market
    out = np.empty(len(rows), dtype=np.int64)
    own = rng.random(len(rows)) < lm.own_level_application_share
    for lvl in range(len(Education)):
        gap = emp.level - lvl
        odds = np.where(gap <= 0, 1.0, np.where(gap == 1, lm.one_level_below_hire_factor,
                                                lm.underqualified_hire_factor))
        for own_level, w in ((True, size * (emp.level == lvl)), (False, size * odds)):
            sel = (edu == lvl) & (own == own_level)
            if w.sum() == 0:
                w = size
            out[sel] = rng.choice(emp.n, size=int(sel.sum()), p=w / w.sum())
    return out


def _place_at_levels(model: TremplinModel, levels: np.ndarray, weight: np.ndarray,
                     fits: Callable[[np.ndarray, int], np.ndarray] = np.equal) -> np.ndarray:
    """An employer for each worker, drawn by ``weight`` among those whose posts ``fits`` the
    worker's level (any employer if none does)."""
    rng, emp = model.rng, model.employers
    out = np.empty(len(levels), dtype=np.int64)
    for lvl in range(len(Education)):
        sel = levels == lvl
        w = weight * fits(emp.level, lvl)
        if w.sum() == 0:
            w = weight.copy()
        out[sel] = rng.choice(emp.n, size=int(sel.sum()), p=w / w.sum())
    return out


def initial_jobs(model: TremplinModel) -> None:
    """Fill employers at start; positions are then sized to leave ``vacancy_share`` open.

    Natives are placed at posts of their own level or, as in hiring, anywhere their education
    gives them odds. Migrants are placed with a tilt towards shortage sectors and posts at or
    below the level their (recognised) education allows: the ethno-stratified start the guide
    describes (L254-262). The burn-in then lets hiring and separations take over.
    """
    p, emp, rng, month = model.people, model.employers, model.rng, model.month
    lm = model.scenario.labour_market
    size = rng.lognormal(0.0, lm.employer_size_sigma, emp.n)
    planned, vacant = model.initial_jobs_planned, model.initial_vacancy_share
    if planned is None:
        nat = np.flatnonzero(model.masks.natives & p.participates)
        nat = nat[rng.random(len(nat)) < lm.initial_native_employment_share]
        e_nat = _place_by_level(model, nat, size, p.education[nat])
    else:  # natives too hold the posts of the stored steady state, by education
        nat, levels = stationary.native_jobs(model, np.flatnonzero(model.masks.natives))
        e_nat = _place_at_levels(model, levels, size)
    mig = np.flatnonzero(model.masks.migrants)
    # migrants resampled from the steady state bring their jobs (demography.initial_population)
    if planned is None:
        legal = model.masks.legal_to_work[mig]
        since = month - p.arrival_month[mig]
        gain = 1 - np.exp(-since / lm.initial_migrant_employment_months)
        p_job = (lm.initial_migrant_employment_base
                 + lm.initial_migrant_employment_gain * gain) * legal
        employed = mig[(rng.random(len(mig)) < p_job) & model.ready()[mig]]
    else:
        employed = planned
    if planned is None:  # posts up to the level their (recognised) education allows
        edu_eff = np.where(p.diploma_recognised[employed], p.education[employed],
                           np.maximum(p.education[employed] - 1, 0))
        fits = np.less_equal
    else:  # posts of the level they held in the steady state
        edu_eff, fits = model.initial_job_levels, np.equal
    shortage = np.where(emp.shortage, lm.initial_shortage_weight, 1.0)
    e_mig = _place_at_levels(model, edu_eff, size * shortage, fits=fits)
    if planned is None:
        informal = rng.random(len(mig)) < lm.initial_undocumented_informal_share
        undoc = mig[(p.status[mig] == Status.UNDOCUMENTED) & informal]
        p.work[undoc] = Work.INFORMAL
    rows = np.concatenate([nat, employed])
    e = np.concatenate([e_nat, e_mig])
    occupied = np.bincount(e, weights=p.weight[rows], minlength=emp.n)
    vacant = lm.vacancy_share if vacant is None else vacant[emp.level]  # stored: by level
    emp.jobs[:] = np.ceil(occupied / (1.0 - vacant)).astype(np.int64) + 1
    take_job(model, rows, e)
    p.work_since[rows] = month - rng.integers(0, lm.initial_tenure_max_months, len(rows))
    p.first_job_month[rows] = np.minimum(p.first_job_month[rows], month - 1)
