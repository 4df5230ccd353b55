"""Paired effect tests, with a stated t-statistic, for mentoring, third place, one-stop shop,
anti-discrimination clauses and social assistance.

Design, the same for every lever:

- Common random numbers: replication k of the lever and of the baseline run the same scenario
  with seed k; only the lever's ``enabled`` changes. Both share the burn-in, so each pair
  differs by what the lever did after month 0.
- The town is the registry's default town scaled by 2.5 (5,000 migrants; employers,
  cooperatives and the procurement volume scaled alike), so an effect of a few tenths of a
  percentage point stands out from seed noise in 20 to 30 replications; a run takes ~0.3 s.
- The measure is the mean over the 36 months of the policy period of what the lever acts on
  through its mechanism (an indicator where there is one), and the test asserts a paired
  t-statistic above ``T_MIN = 3`` in the lever's direction.
- Where the lever does its first step (the ties, the kept members) but the outcome does not
  move at this size, the outcome test is an expected failure (``strict``: it fails the day
  the effect appears) with the t measured, and a second test checks the first step, so a
  lever that stops working at all still fails.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from conftest import EFFECTS_TOWN

from tremplin.model import TremplinModel, load
from tremplin.model.network import contact_share
from tremplin.model.population import Citizenship, Status
from tremplin.model.scenario import replace

T_MIN = 3.0
MONTHS = 36
SEEDS = 20
MORE_SEEDS = 100  # anti-discrimination: an effect of about a sixth of a point (t = 2.9 at 60 seeds)

# ---------------------------------------------------------------- touch points on the model
# Measures that are not indicators read the model's state; every internal name is here.


def _people_with_permit(model: TremplinModel) -> np.ndarray:
    p = model.people
    return (p.present & (p.citizenship == Citizenship.NON_EU)
            & (p.status >= Status.PROTECTED))


def young_permit_holders_employment(model: TremplinModel) -> float:
    """Declared employment of migrants aged 18-35 with a permit: the pool mentees come from."""
    age = model.people.age(model.month)
    young = _people_with_permit(model) & (age >= 18) & (age < 36)
    return float(model.declared()[young].mean())


def native_contact_share(model: TremplinModel) -> float:
    """Mean share of natives among the contacts of migrants with a permit."""
    return float(contact_share(model, "native")[_people_with_permit(model)].mean())


def unpaid_members_with_papers(model: TremplinModel) -> int:
    """Members of SSE enterprises who may work legally and went unpaid this month."""
    p, c = model.people, model.cooperatives
    coop = p.coop
    member = coop >= 0
    enterprise = np.zeros(p.n, dtype=bool)
    enterprise[member] = ~c.community[coop[member]]
    legal = p.legal_to_work(model.month, model.scenario.demography.asylum_work_access_months)
    return int(np.count_nonzero(enterprise & legal & (p.unpaid_months > 0)))


MEASURES = {
    "young_permit_holders_employment": young_permit_holders_employment,
    "native_contact_share": native_contact_share,
    "unpaid_members_with_papers": unpaid_members_with_papers,
}
INDICATORS = ("mainstream_employment_rate", "coops_active", "regularisation_rate",
              "in_language_course_share", "sse_employment_rate")


# ---------------------------------------------------------------- paired runs


# course seats that do not bind: since issue 10 the newcomers obliged to follow the integration
# pathway fill the default 40 seats per 1,000 migrants, so a take-up lever can only show where
# seats are left
ROOMY = {"municipality": {"course_seats_per_1000": 200.0}}


@cache
def policy_period_means(lever: str | None, seeds: int,
                        roomy: bool = False) -> dict[str, np.ndarray]:
    """Each measure's mean over the policy period, per seed, with ``lever`` enabled (or none),
    in a town with more course seats if ``roomy``."""
    scn = replace(replace(load("baseline"), EFFECTS_TOWN), ROOMY if roomy else {})
    if lever:
        scn = replace(scn, {lever: {"enabled": True}})
    out: dict[str, list[float]] = {k: [] for k in (*INDICATORS, *MEASURES)}
    for seed in range(seeds):
        model = TremplinModel(scn, seed=seed)
        monthly: dict[str, list[float]] = {k: [] for k in out}
        for _ in range(MONTHS):
            model.step()
            for k in INDICATORS:
                monthly[k].append(model.indicators[k])
            for k, measure in MEASURES.items():
                monthly[k].append(measure(model))
        for k, values in monthly.items():
            out[k].append(float(np.mean(values)))
    return {k: np.array(v) for k, v in out.items()}


def paired_t(lever: str, measure: str, seeds: int = SEEDS,
             roomy: bool = False) -> tuple[float, float]:
    """(mean difference lever - baseline, paired t-statistic) over ``seeds`` replications."""
    base = policy_period_means(None, seeds if roomy else MORE_SEEDS, roomy)[measure][:seeds]
    diff = policy_period_means(lever, seeds, roomy)[measure] - base
    mean, sd = float(diff.mean()), float(diff.std(ddof=1))
    if sd == 0:  # the lever changed nothing in any run (or the same amount in every run)
        return mean, 0.0 if mean == 0 else float(np.sign(mean) * np.inf)
    return mean, mean / (sd / np.sqrt(len(diff)))


def assert_raises(lever: str, measure: str, seeds: int = SEEDS, roomy: bool = False) -> None:
    d, t = paired_t(lever, measure, seeds, roomy)
    assert t > T_MIN, f"{lever} on {measure}: mean difference {d:+.4g}, paired t = {t:.2f} " \
                      f"(needs > {T_MIN}; {seeds} seeds)"


# ---------------------------------------------------------------- third place


def test_third_place_incubation_keeps_more_cooperatives_active_t_above_3():
    """Collectives formalise twice as fast with an incubator (measured t = 11.0)."""
    assert_raises("third_place", "coops_active")


# ---------------------------------------------------------------- one-stop shop


def test_one_stop_shop_raises_regularisation_t_above_3():
    """More applications and shorter processing: more people undocumented on arrival hold a
    permit (measured t = 9.7)."""
    assert_raises("one_stop_shop", "regularisation_rate")


def test_one_stop_shop_raises_take_up_of_language_courses_t_above_3():
    """Take-up of courses rises by the shop's take-up factor where seats are left (measured
    t = 12.1 before issue 10 with the default seats; with them the obliged newcomers now fill
    the seats, t = 1.9, so the test gives the town more seats: ``ROOMY``)."""
    assert_raises("one_stop_shop", "in_language_course_share", roomy=True)


# ---------------------------------------------------------------- anti-discrimination clauses


def test_anti_discrimination_clauses_raise_mainstream_employment_t_above_3():
    """Firms holding a municipal contract discriminate less while it runs. With issue 10's
    fitted defaults the effect is about a sixth of a percentage point (+0.18): measured t = 3.8
    over 100 seeds, 2.9 over the first 60 (before the fit: +0.19, t = 4.2 at 60 seeds; before
    the steady-state start, t = 4.1 at 30)."""
    assert_raises("anti_discrimination", "mainstream_employment_rate", MORE_SEEDS)


# ---------------------------------------------------------------- mentoring


def test_mentoring_pairs_give_migrants_more_native_contacts_t_above_3():
    """The lever's first step: each pair is a tie to an employed native (measured t = 14.3)."""
    assert_raises("mentoring", "native_contact_share")


@pytest.mark.xfail(strict=True, reason=(
    "finding: measured t = 0.2 (mean +0.04 points, 20 seeds; t = 0.6 and, over 48 months, 0.7 "
    "before barriers became a fixed step). The pairs form (native contacts t = 14) but do "
    "not raise the employment of young permit "
    "holders: a mentor passes on an opening at his employer's referral propensity (mean 0.1 a "
    "month; 77% of mentors' employers have a vacancy), about one application in twenty next to "
    "the (up to) 1.5 open applications a month a job seeker sends, so one more tie adds little "
    "to the hiring chance."))
def test_mentoring_raises_employment_of_young_permit_holders_t_above_3():
    assert_raises("mentoring", "young_permit_holders_employment")


# ---------------------------------------------------------------- social assistance


@pytest.mark.xfail(strict=True, reason=(
    "finding (issue 11 accounts): with a pay level per enterprise that is cut only when the "
    "reserve runs out, members with papers go unpaid (below half the wage) less often; the "
    "lever's first step measured +0.049 members, t = 2.57 over 100 seeds. Issue 11 item 6 "
    "reworks this lever to act on entry."))
def test_social_assistance_keeps_unpaid_members_with_papers_in_their_enterprise_t_above_3():
    """The lever's first step: unpaid members with papers leave less often (60 seeds: +0.34
    members, measured t = 6.0; from issue 10's steady-state start these members are rarer and
    20 seeds give t = 2.4, where they gave 6.9 before)."""
    assert_raises("social_assistance", "unpaid_members_with_papers", MORE_SEEDS)


@pytest.mark.xfail(strict=True, reason=(
    "finding: since issue 11 the lever acts on entry (people on the integration income keep it "
    "when they join; tests/test_incomes.py shows more of them join, t = 8.3 without the social "
    "services' pressure), but SSE employment is limited by the cooperatives' openings, not by "
    "who is willing: default town, 120 months, 20 paired seeds, +0.05 points at month 120 "
    "(t = 0.5), +0.09 points on the monthly mean (t = 1.5). Before issue 11: t = -0.5."))
def test_social_assistance_raises_sse_employment_t_above_3():
    assert_raises("social_assistance", "sse_employment_rate")
