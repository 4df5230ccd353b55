"""Residence by reason (issue 10): each permit kept or lost by its own Belgian rule, and every
undocumented person's route into irregularity recorded.

The checks follow people month by month in small towns: what a person's permit was last
month and what happened to it this month.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small

from tremplin.model.model import TremplinModel
from tremplin.model.population import NEVER, PermitReason, Route, Status

MONTHS = 48


def _months(scn, seed: int, months: int = MONTHS):
    """Yield (before, model) each month: copies of last month's columns and the model now."""
    m = TremplinModel(scn, seed=seed)
    for _ in range(months):
        p = m.people
        n = p.n
        before = {"status": p.status.copy(), "reason": p.permit_reason.copy(),
                  "present": p.present.copy(), "declared": m.declared().copy(),
                  "searching_since": p.searching_since.copy(), "work": p.work.copy()}
        m.step()
        yield {k: v[:n] for k, v in before.items()}, m


@pytest.mark.parametrize("seed", [1, 2])
def test_reason_and_route_match_status(seed):
    """Legal migrants hold a reason that matches their status; undocumented people a route."""
    for _, m in _months(small(), seed):
        p = m.people
        mig = m.masks.migrants
        st, why, route = p.status[mig], p.permit_reason[mig], p.irregular_route[mig]
        assert (why[st == Status.PROTECTED] == PermitReason.PROTECTION).all()
        assert (why[st == Status.LONG_TERM_PERMIT] == PermitReason.LONG_TERM).all()
        temporary = why[st == Status.TEMPORARY_PERMIT]
        assert np.isin(temporary, [PermitReason.WORK, PermitReason.FAMILY, PermitReason.STUDY,
                                   PermitReason.REGULARISATION]).all()
        assert (why[st <= Status.ASYLUM_SEEKER] == PermitReason.NONE).all()
        assert (route[st == Status.UNDOCUMENTED] != Route.NONE).all()
        assert (p.permit_until[mig][st == Status.TEMPORARY_PERMIT] > m.month).all()
        assert (p.permit_until[mig][st != Status.TEMPORARY_PERMIT] == NEVER).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_protection_is_never_lost(seed):
    """Refugees and subsidiary protection are never lost, through unemployment or else."""
    changes = {"labour_market": {"separation_rate": 0.1}}  # many people out of work
    lost = 0
    for before, m in _months(small(changes=changes), seed):
        was = before["present"] & (before["status"] == Status.PROTECTED)
        now = m.people.status[: len(was)]
        still = m.people.present[: len(was)]
        lost += int(np.count_nonzero(was & still & (now < Status.PROTECTED)))
    assert lost == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_family_permits_do_not_depend_on_work(seed):
    """With certain renewal, no family permit lapses, though many holders have no job."""
    scn = small(changes={"regularisation": {"family_renewal_probability": 1.0,
                                            "in_force_before_start": True}})
    lapsed = jobless_renewals = 0
    for before, m in _months(scn, seed):
        was = before["present"] & (before["reason"] == PermitReason.FAMILY) & (
            before["status"] == Status.TEMPORARY_PERMIT)
        p = m.people
        lapsed += int(np.count_nonzero(was & (p.status[: len(was)] == Status.UNDOCUMENTED)))
        jobless_renewals += int(np.count_nonzero(was & ~before["declared"]))
    assert lapsed == 0
    assert jobless_renewals > 0, "the test needs family permit holders without work"


@pytest.mark.parametrize("seed", [1, 2])
def test_work_permit_needs_a_job(seed):
    """Nobody keeps a work permit after more than the grace period without declared work."""
    held_jobless = 0
    for _, m in _months(small(), seed):
        p = m.people
        grace = m.scenario.regularisation.work_permit_grace_months
        work = (m.masks.migrants & (p.status == Status.TEMPORARY_PERMIT)
                & (p.permit_reason == PermitReason.WORK))
        since = p.searching_since
        out = work & ~m.declared() & (since != NEVER) & (m.month - since > grace)
        held_jobless += int(np.count_nonzero(out))
    assert held_jobless == 0


def _work_permits(scn, seed: int) -> int:
    """Work permits held at the end of a small run."""
    m = TremplinModel(scn, seed=seed)
    for _ in range(MONTHS):
        m.step()
    p, mig = m.people, m.masks.migrants
    return int(np.count_nonzero(mig & (p.status == Status.TEMPORARY_PERMIT)
                                & (p.permit_reason == PermitReason.WORK)))


def test_longer_grace_keeps_more_work_permits():
    """A year to find a new employer instead of none keeps more work permits (paired over
    seeds: same seed, same draws until the rules differ). Many work permits make the
    difference visible in a small town. 40 seeds: since issue 11 (other random streams) the
    first 8 gave +1.8 permits, t = 0.8; 40 give +2.9, t = 3.3."""
    common = {"population": {"permit_share_employment": 0.6, "permit_share_education": 0.1}}
    runs = {}
    for grace in (0, 12):
        changes = {**common, "regularisation": {"work_permit_grace_months": grace,
                                                "in_force_before_start": True}}
        runs[grace] = np.array([_work_permits(small(changes=changes), s) for s in range(1, 41)])
    diff = runs[12] - runs[0]
    t = diff.mean() / (diff.std(ddof=1) / np.sqrt(len(diff)))
    assert diff.mean() > 0 and t > 2, runs


def test_graduates_without_work_lose_their_permit_after_the_search_year():
    """No student permit outlives studies by more than the search year."""
    scn = small(changes={"demography": {"study_months": 6.0},
                         "population": {"permit_share_education": 0.6,
                                        "permit_share_employment": 0.1}})
    holders = 0
    for _, m in _months(scn, 1):
        p = m.people
        grads = (m.masks.migrants & (p.status == Status.TEMPORARY_PERMIT)
                 & (p.permit_reason == PermitReason.STUDY) & ~p.studying)
        holders += int(np.count_nonzero(grads))
        assert (p.permit_until[grads] - m.month
                <= m.scenario.regularisation.search_year_months).all()
    assert holders > 0
