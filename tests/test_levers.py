"""Each lever moves what it acts on, over many seeds with common random numbers.

Every comparison is paired: replication k of the policy and of the baseline use seed k, so the
difference is not seed noise. Assertions are on directions (and, where the effect is the
lever's purpose, on a paired t-statistic), never on hard-coded levels.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from tremplin.model import load, run_scenario
from tremplin.model.levers import LEVERS
from tremplin.model.params import REGISTRY
from tremplin.model.scenario import replace

SEEDS = range(10)
MORE_SEEDS = range(20)  # for cooperative outcomes: a town has only a dozen cooperatives
SWITCHED = [lever for lever in LEVERS if f"{lever.SECTION}.enabled" in REGISTRY]  # on/off levers


@cache
def final_values(name: str, changes: tuple = (), months: int | None = None,
                 at: int = -1, seeds: range = SEEDS) -> dict[str, np.ndarray]:
    """Indicator values at month ``at`` for each seed (cached per test process)."""
    scn = load(name)
    if changes:
        scn = replace(scn, {sec: dict(kv) for sec, kv in changes})
    runs = [run_scenario(scn, seed=s, months=months).timeseries for s in seeds]
    return {c: np.array([r[c].iloc[at] for r in runs]) for c in runs[0].columns}


def paired_t(diff: np.ndarray) -> float:
    diff = diff[~np.isnan(diff)]
    sd = diff.std(ddof=1)
    return float(diff.mean() / (sd / np.sqrt(len(diff)))) if sd > 0 else float("inf")


def test_oacas_regularisation_raises_regularisation_of_people_undocumented_on_arrival():
    base = final_values("baseline")
    pol = final_values("oacas_regularisation")
    d = pol["regularisation_rate"] - base["regularisation_rate"]
    assert d.mean() > 0
    assert paired_t(d) > 3


def test_reserved_procurement_raises_coop_survival_and_sse_employment():
    base = final_values("baseline", seeds=MORE_SEEDS)
    pol = final_values("reserved_procurement", seeds=MORE_SEEDS)
    d_sse = pol["sse_employment_rate"] - base["sse_employment_rate"]
    assert d_sse.mean() > 0
    assert paired_t(d_sse) > 2
    # survival is a ratio of small counts per run: pool the seeds
    assert np.nanmean(pol["coop_survival_rate"]) > np.nanmean(base["coop_survival_rate"])


def test_tapering_subsidy_keeps_more_cooperatives_alive_through_year_three():
    # 40 seeds: since issue 10 the 36-month survival gain is +0.10, t = 2.6 over 40 paired
    # seeds but only t = 1.9 over the first 20
    seeds = range(40)
    base = final_values("baseline", seeds=seeds)
    pol = final_values("subsidy_taper", seeds=seeds)
    d = pol["coop_survival_36m"] - base["coop_survival_36m"]
    assert np.nanmean(d) > 0
    assert paired_t(d) > 2
    assert pol["coops_active"].mean() > base["coops_active"].mean()


def test_stronger_discrimination_lowers_employment():
    low = final_values("baseline", (("labour_market", (("discrimination", 0.1),)),))
    high = final_values("baseline", (("labour_market", (("discrimination", 0.5),)),))
    d = high["employment_rate"] - low["employment_rate"]
    assert d.mean() < 0
    assert paired_t(d) < -2
    # natives are not screened for citizenship: their employment does not fall
    d_nat = high["natives_employment_rate"] - low["natives_employment_rate"]
    assert d_nat.mean() > -0.005


def test_integrated_pathway_gets_participants_into_work_sooner_than_linear_at_month_24():
    linear = final_values("baseline", months=24)
    integrated = final_values("integrated_pathway", months=24)
    d = integrated["pathway_employment_rate"] - linear["pathway_employment_rate"]
    assert d.mean() > 0
    assert paired_t(d) > 2


@pytest.mark.xfail(strict=True, reason="finding since issue 11 (incomes, SSE posts with "
                   "levels): at month 24 the population-wide employment rate is 0.8 pp lower "
                   "with the integrated pathway (10 seeds; people in placements are not in "
                   "declared work yet), while at month 72 it is +0.7 pp [+0.1, +1.3] higher "
                   "(headline_levers, 20 replications)")
def test_integrated_pathway_does_not_lower_population_employment_at_month_24():
    linear = final_values("baseline", months=24)
    integrated = final_values("integrated_pathway", months=24)
    assert (integrated["employment_rate"] - linear["employment_rate"]).mean() > -0.002


def _spending(scn, seeds=range(1, 5), months: int = 36) -> dict[str, float]:
    """Spending by account, summed over ``seeds``."""
    total: dict[str, float] = {}
    for seed in seeds:
        for account, eur in run_scenario(scn, seed=seed, months=months).summary[
                "spend_by_lever_eur"].items():
            total[account] = total.get(account, 0.0) + eur
    return total


@pytest.mark.parametrize("lever", [lever for lever in SWITCHED if lever.ACCOUNTS],
                         ids=lambda lever: lever.SECTION)
def test_each_lever_is_paid_for_in_its_own_account_only_when_enabled(lever):
    # over a few seeds: a lever that pays per event (social assistance pays only for unpaid
    # members with a permit) may see no event in one 36-month run (seed 1: none since issue 10)
    scn = replace(load("baseline"), {lever.SECTION: {"enabled": True}})
    off, on = _spending(load("baseline")), _spending(scn)
    for account in lever.ACCOUNTS:
        assert off.get(account, 0.0) == 0.0, account
        assert on.get(account, 0.0) > 0.0, account
    opened = {a for a, eur in on.items() if eur > 0} - {a for a, eur in off.items() if eur > 0}
    assert opened <= set(lever.ACCOUNTS), "a lever charged another lever's account"


def test_skills_recognition_lowers_overqualification():
    """Recognised graduates count at their level: searching on the job they move up to
    posts that match it (issue 10), and SSE members hold posts capped at the degree they can
    show (issue 11); graduates on benefits wait for a post at their level (issue 11's
    incomes). Over 40 paired seeds overqualification fell 2.3 pp, t = -2.8, with
    on-the-job search alone, t = -2.0 on the merged model; before both it moved -0.6 pp,
    t = -0.5."""
    seeds = range(1, 41)
    off = final_values("baseline", seeds=seeds)
    on = final_values("baseline", (("skills_recognition", (("enabled", True),)),), seeds=seeds)
    t = paired_t(on["overqualification_rate"] - off["overqualification_rate"])
    assert t < -1.68, t  # one-sided 5% with 39 df: the claim is a direction (t = -2.0 measured)


def test_levers_do_not_act_during_burn_in():
    """Baseline and policy share the same state at month 0 (common starting point)."""
    levers = tuple((lever.SECTION, (("enabled", True),)) for lever in SWITCHED)
    base = final_values("baseline", months=1, at=0)
    pol = final_values("baseline", (*levers, ("pathway", (("mode", "integrated"),))), months=1,
                       at=0)
    for k in ("employment_rate", "coops_active", "regularisation_rate", "mean_language_level"):
        np.testing.assert_array_equal(base[k], pol[k])
