"""Who joins SSE enterprises, who counts as disadvantaged, and eligibility for reserved lots
(issue 11, items 3 and 7; ``model/cooperatives.py``).

``disadvantaged`` is checked on people whose columns the test sets; eligibility on an
enterprise whose staff the test sets; that eligibility binds, by paired runs with
``eligibility_share`` 0.3 and 1.0; that natives join and SSE posts have levels, on whole runs.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremplin.model import TremplinModel
from tremplin.model import cooperatives as coops
from tremplin.model.indicators import compute
from tremplin.model.population import NEVER, Citizenship, Education, Status, Work
from tremplin.model.scenario import load, replace

# ---------------------------------------------------------------- touch points on the model


def disadvantaged(model: TremplinModel, rows: np.ndarray) -> np.ndarray:
    return coops.disadvantaged(model, rows)


def enterprises(model: TremplinModel) -> np.ndarray:
    c = model.cooperatives
    return np.flatnonzero(c.active[: c.n] & ~c.community[: c.n])


def plain(model: TremplinModel, rows: np.ndarray) -> None:
    """Make ``rows`` not disadvantaged on any criterion: upper-secondary education, no
    disability, not searching (so no unemployment spell), a permit."""
    p = model.people
    p.education[rows] = Education.MEDIUM
    p.disabled[rows] = False
    p.searching_since[rows] = NEVER
    p.spell_at_join[rows] = 0
    p.set_status(rows, np.full(len(rows), Status.TEMPORARY_PERMIT, dtype=np.int8))
    p.permit_until[rows] = model.month + 120


# ---------------------------------------------------------------- the definition


@pytest.fixture
def town(small_scenario) -> TremplinModel:
    return TremplinModel(small_scenario("baseline"), seed=4)


def test_disadvantaged_is_disability_low_qualification_or_long_term_unemployment(town):
    """Each criterion alone makes a person disadvantaged; none makes them not; the spell must
    reach the registry's months; people without papers cannot be registered unemployed."""
    model, p = town, town.people
    limit = model.scenario.cooperatives.join_long_unemployed_months
    free = np.flatnonzero(p.present & (p.coop < 0) & (p.work == Work.NONE))[:7]
    assert len(free) == 7, "set-up: seven people outside any cooperative"
    plain(model, free)
    assert not disadvantaged(model, free).any()
    p.education[free[0]] = Education.LOW
    p.disabled[free[1]] = True
    p.searching_since[free[2]] = model.month - limit  # a spell of exactly the limit
    p.searching_since[free[3]] = model.month - limit + 1  # one month short
    p.searching_since[free[4]] = model.month - 5 * limit
    p.set_status(free[4:5], np.array([Status.UNDOCUMENTED], dtype=np.int8))  # cannot register
    p.searching_since[free[5]] = model.month - 5 * limit
    p.citizenship[free[5]] = Citizenship.NATIONAL  # natives are judged the same way
    expected = [True, True, True, False, False, True, False]
    np.testing.assert_array_equal(disadvantaged(model, free), expected)


def test_a_member_is_judged_on_the_spell_they_had_when_they_joined(town):
    """Joining ends the unemployment spell; the member stays long-term unemployed for the
    reserve, and one who joined after a short spell does not become so while a member."""
    model, p = town, town.people
    limit = model.scenario.cooperatives.join_long_unemployed_months
    coop = int(enterprises(model)[0])
    free = np.flatnonzero(p.present & (p.coop < 0) & (p.work == Work.NONE))[:2]
    plain(model, free)
    p.searching_since[free] = [model.month - limit - 3, model.month - 2]
    np.testing.assert_array_equal(disadvantaged(model, free), [True, False])
    model.cooperatives.join(model, free, np.full(2, coop))
    assert (p.searching_since[free] == NEVER).all(), "joining ends the spell"
    model.month += 5 * limit
    np.testing.assert_array_equal(disadvantaged(model, free), [True, False])
    model.cooperatives.leave(model, free)
    assert not disadvantaged(model, free).any(), "a new spell starts when they leave"


# ---------------------------------------------------------------- eligibility


def test_eligibility_counts_declared_workers_and_binds_at_the_share(town):
    """An enterprise of ten declared workers is eligible with 3 disadvantaged (0.3) and not
    with 2; members without papers count in neither the share nor its base."""
    model, p, c = town, town.people, town.cooperatives
    coop = int(enterprises(model)[0])
    staff = np.flatnonzero(p.coop == coop)
    c.leave(model, staff)
    people = np.flatnonzero(p.present & (p.coop < 0) & (p.work <= Work.INFORMAL))[:14]
    plain(model, people)
    c.join(model, people[:10], np.full(10, coop))
    undocumented = people[10:]
    p.set_status(undocumented, np.full(4, Status.UNDOCUMENTED, dtype=np.int8))
    p.education[undocumented] = Education.LOW  # disadvantaged, but not employees
    c.join(model, undocumented, np.full(4, coop))
    share = model.scenario.cooperatives.eligibility_share
    assert share == pytest.approx(0.3), "the test is written for the default share"
    p.education[people[:2]] = Education.LOW
    assert not c.eligible(model)[coop], "2 of 10 declared workers is below 30%"
    p.disabled[people[2]] = True
    assert c.eligible(model)[coop], "3 of 10 declared workers reaches 30%"
    c.leave(model, people[:10])
    assert not c.eligible(model)[coop], "members without papers alone make no enterprise eligible"


MONTHS = 60
SEEDS = 20
SMALL_TOWN = {
    "population": {"migrants": 1000, "natives": 3000},
    "labour_market": {"employers": 75},
    "cooperatives": {"initial_cooperatives": 6, "initial_communities": 1},
    "municipality": {"procurement_eur_per_year": 1_500_000.0},
    "run": {"burn_in_months": 3},
}


def lots_held_by_cooperatives(share: float, seed: int) -> float:
    """Mean number of lots cooperatives hold per month over the policy period."""
    scn = replace(replace(load("reserved_procurement"), SMALL_TOWN),
                  {"cooperatives": {"eligibility_share": share}})
    model = TremplinModel(scn, seed=seed)
    held = []
    for _ in range(MONTHS):
        model.step()
        held.append(int(model.lots.to_coop.sum()))
    return float(np.mean(held))


def test_a_stricter_share_leaves_cooperatives_fewer_public_contracts_paired_t_above_3():
    """With eligibility_share 1.0 fewer enterprises qualify than with 0.3, so cooperatives
    hold fewer lots: the reserve binds on the composition of the workforce (20 seeds)."""
    diff = np.array([lots_held_by_cooperatives(0.3, s) - lots_held_by_cooperatives(1.0, s)
                     for s in range(SEEDS)])
    t = diff.mean() / (diff.std(ddof=1) / np.sqrt(SEEDS))
    assert t > 3.0, f"lots held, share 0.3 minus 1.0: {diff.mean():+.2f}, t = {t:.2f}"


# ---------------------------------------------------------------- who joins, and at what level


@pytest.fixture(scope="module")
def reserved_run() -> TremplinModel:
    """The shipped reserved_procurement scenario at its own size, 120 months."""
    model = TremplinModel(load("reserved_procurement"), seed=0)
    natives = []
    for _ in range(120):
        model.step()
        natives.append(model.indicators["sse_native_member_share"])
    model.native_share_by_month = natives
    return model


def test_natives_join_enterprises(reserved_run):
    model, p = reserved_run, reserved_run.people
    assert np.nanmax(model.native_share_by_month) > 0, "no native ever joined an enterprise"
    assert np.nanmax(model.native_share_by_month) < 0.5, "natives crowd out the migrants"
    members = np.flatnonzero(p.present & (p.coop >= 0))
    assert (p.citizenship[members] == Citizenship.NON_EU).any()


def test_sse_posts_have_levels_below_what_members_can_show(reserved_run):
    """Members of enterprises hold posts of every level, none above the education they can
    show; community activity is not a post (level 0)."""
    p, c = reserved_run.people, reserved_run.cooperatives
    members = np.flatnonzero(p.present & (p.coop >= 0))
    in_enterprise = members[~c.community[p.coop[members]]]
    levels = p.job_level[in_enterprise]
    assert (levels > 0).any(), "every SSE post is of level 0"
    assert (levels == 0).any()
    shown = np.where(p.diploma_recognised[in_enterprise]
                     | (p.citizenship[in_enterprise] != Citizenship.NON_EU),
                     p.education[in_enterprise],
                     np.maximum(p.education[in_enterprise] - 1, 0))
    assert (levels <= shown).all(), "a member holds a post above what they can show"
    np.testing.assert_array_equal(p.deskilled[in_enterprise],
                                  p.education[in_enterprise] > levels)
    in_community = members[c.community[p.coop[members]]]
    assert (p.job_level[in_community] == 0).all()


def test_overqualification_counts_sse_posts_like_mainstream_ones(reserved_run):
    """Raising the posts of declared tertiary-educated SSE members to tertiary level lowers
    the overqualification rate by exactly their share of the graduates in declared work."""
    model, p = reserved_run, reserved_run.people
    declared = model.declared()
    age = p.age(model.month)
    graduate_in_work = (declared & p.present & (p.education == Education.TERTIARY)
                        & (p.citizenship == Citizenship.NON_EU) & (age >= 20) & (age < 65))
    below = graduate_in_work & (p.work == Work.SSE) & (p.job_level < Education.TERTIARY)
    assert below.any(), "set-up: an overqualified graduate in an SSE post"
    before = compute(model)["overqualification_rate"]
    p.job_level[below] = Education.TERTIARY
    after = compute(model)["overqualification_rate"]
    assert before - after == pytest.approx(below.sum() / graduate_in_work.sum())


def test_every_offer_to_join_passes_through_the_one_acceptance_call(small_scenario,
                                                                     monkeypatch):
    """With ``membership_accepted`` refusing every offer, enterprises recruit nobody (no new
    collectives form here), while the same run accepting offers grows: the place where
    incomes.accepts plugs in is the only one."""
    scn = small_scenario("reserved_procurement", {"cooperatives": {"formation_rate": 0.0}})

    def joined(refusing: bool) -> tuple[int, int]:
        model = TremplinModel(scn, seed=2)
        calls = []
        if refusing:
            def refuse(model, rows, coop, via_service):
                calls.append(len(rows))
                return np.zeros(len(rows), dtype=bool)

            monkeypatch.setattr(coops, "membership_accepted", refuse)
        for _ in range(24):
            model.step()
        monkeypatch.undo()
        return int((model.people.coop >= 0).sum()), sum(calls)

    accepting, _ = joined(False)
    refusing, offers = joined(True)
    assert offers > 0, "set-up: enterprises made offers"
    assert refusing < accepting, f"members: {refusing} refusing every offer, {accepting} not"


def test_kept_member_rows_follow_every_join_and_leave(town):
    """``member_rows`` is kept up to date from the rows that join or leave instead of being
    found again: month after month (foundings, recruitment, exits, failures) and after a
    direct join and leave, it must equal every person whose ``coop`` is set, in order."""
    p, c = town.people, town.cooperatives

    def members_now() -> np.ndarray:
        return np.flatnonzero(p.coop >= 0)

    for _ in range(24):
        town.step()
        assert c.member_rows().tolist() == members_now().tolist()
    free = np.flatnonzero(coops.candidates(town))[:3]
    coop = int(np.flatnonzero(c.active)[0])
    c.join(town, free, np.full(len(free), coop))
    assert c.member_rows().tolist() == members_now().tolist()
    c.leave(town, c.member_rows()[::2].copy())
    assert c.member_rows().tolist() == members_now().tolist()
    assert not c.member_rows().flags.writeable
