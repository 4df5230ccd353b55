"""Procurement lots and awards, rule by rule (``model/levers/procurement.py``).

Each test builds a small town, then sets up the state the rule reads (which enterprises are
eligible or active, when lots end) and calls the monthly award directly, without the other
processes of the month, so what changes is the rule's doing alone. Deterministic rules are
checked exactly; the lottery is checked on its distribution over a thousand draws.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from tremplin.model import TremplinModel
from tremplin.model.levers import procurement
from tremplin.model.levers.procurement import Lots, award_contracts, coop_contract_revenue
from tremplin.model.population import SECTORS, Education

# ---------------------------------------------------------------- touch points on the model
# Every internal name these tests use is here, so a rename is adapted in one place.


def let_lots(model: TremplinModel) -> None:
    """The monthly award: expire old lots, let new ones."""
    award_contracts(model)


def contract_revenue(model: TremplinModel) -> np.ndarray:
    """Monthly contract revenue per cooperative (lots and direct orders)."""
    return coop_contract_revenue(model)


def spare_capacity(model: TremplinModel) -> np.ndarray:
    return procurement.spare_capacity(model)


def members(model: TremplinModel) -> np.ndarray:
    return model.cooperatives.members()


def enterprises(model: TremplinModel) -> np.ndarray:
    """Rows of active cooperatives that are enterprises (not solidarity communities)."""
    c = model.cooperatives
    return np.flatnonzero(c.active[: c.n] & ~c.community[: c.n])


def communities(model: TremplinModel) -> np.ndarray:
    c = model.cooperatives
    return np.flatnonzero(c.active[: c.n] & c.community[: c.n])


def eligible(model: TremplinModel) -> np.ndarray:
    """Active enterprises eligible for reserved lots."""
    e = enterprises(model)
    return e[model.cooperatives.eligible(model)[e]]


def make_ineligible(model: TremplinModel, coop: int) -> None:
    """None of its workers is disadvantaged any more (no disability, upper-secondary
    education, not long-term unemployed when they joined)."""
    staff = np.flatnonzero(model.people.coop == coop)
    model.people.education[staff] = Education.MEDIUM
    model.people.disabled[staff] = False
    model.people.spell_at_join[staff] = 0


def make_eligible(model: TremplinModel, coop: int) -> None:
    """Every worker is low-qualified, so disadvantaged (Belgian criteria, art. 20)."""
    staff = np.flatnonzero(model.people.coop == coop)
    model.people.education[staff] = Education.LOW


def set_sector(model: TremplinModel, coop: int, sector: str) -> None:
    model.cooperatives.sector[coop] = SECTORS.index(sector)


def wind_up(model: TremplinModel, coop: int) -> None:
    model.cooperatives.active[coop] = False


def next_month(model: TremplinModel) -> None:
    """Move the clock on by one month without running the month's other processes."""
    model.month += 1


# ---------------------------------------------------------------- helpers


def town(small_scenario, seed: int = 3, *, reserved: bool = True, award_rule: str = "capacity",
         reserved_share: float = 1.0, direct_eur: float = 0.0, open_win_chance: float = 0.0,
         contract_months: int = 12, lots_per_year: int = 25, one_sector: bool = True,
         premium: float = 0.0) -> TremplinModel:
    """A small town at month 0 (levers acting), with the procurement settings of the test.

    By default every new lot is reserved and no enterprise wins in open competition, so each
    lot a cooperative wins was won under the award rule; with ``one_sector`` every lot is a
    catering lot and every enterprise works in catering and is eligible, so the rule alone
    decides (the tests of sectors and eligibility set them up themselves).
    """
    lot_eur = 60_000.0
    weights = ({f"lot_sector_weight_{s}": float(s == "catering")
                for s in ("catering", "cleaning", "care", "logistics", "retail")}
               if one_sector else {})
    model = TremplinModel(small_scenario("baseline", {
        "reserved_procurement": {"enabled": reserved, "award_rule": award_rule,
                                 "reserved_share": reserved_share,
                                 "direct_orders_eur_per_month": direct_eur,
                                 "price_premium": premium},
        "municipality": {"open_win_chance": open_win_chance, "contract_months": contract_months,
                         "lot_eur_per_year": lot_eur,
                         "procurement_eur_per_year": lots_per_year * lot_eur, **weights},
    }), seed=seed)
    if one_sector:
        for coop in enterprises(model):
            set_sector(model, int(coop), "catering")
            make_eligible(model, int(coop))
    return model


def lot_month_eur(model: TremplinModel) -> float:
    return model.scenario.municipality.lot_eur_per_year / 12.0


def snapshot(lots: Lots) -> dict[str, np.ndarray]:
    return {k: getattr(lots, k).copy() for k in Lots.FIELDS}


def award_and_split(model: TremplinModel) -> tuple[dict, dict]:
    """Let this month's lots; return (lots kept from before, lots let now).

    A lot let now ends ``contract_months`` from now; every earlier lot ends sooner, so the
    end month tells the two apart.
    """
    let_lots(model)
    after = snapshot(model.lots)
    now = after["until"] == model.month + model.scenario.municipality.contract_months - 1
    return ({k: v[~now] for k, v in after.items()}, {k: v[now] for k, v in after.items()})


def wins(lots: dict, n: int) -> np.ndarray:
    """Lots held by each of ``n`` cooperatives."""
    return np.bincount(lots["holder"][lots["to_coop"]], minlength=n)[:n]


# ---------------------------------------------------------------- the capacity rule


def test_capacity_rule_gives_each_reserved_lot_to_the_eligible_enterprise_with_most_spare_capacity(
        small_scenario):
    """Lot by lot, the eligible enterprise with the most spare capacity left wins, and the lot
    takes up that capacity (so the next lot may go elsewhere). The enterprise with the most
    capacity of all is made ineligible: it must win nothing."""
    model = town(small_scenario, contract_months=1)
    n = model.cooperatives.n
    next_month(model)  # every lot let in the last burn-in month ends now
    assert not contract_revenue(model).any(), "set-up: no cooperative holds a lot yet"
    ent = enterprises(model)
    biggest = int(ent[np.argmax(spare_capacity(model)[ent])])
    make_ineligible(model, biggest)
    spare = spare_capacity(model)
    elig = eligible(model)
    assert biggest not in elig and len(elig) >= 3, "set-up: several eligible enterprises"

    _, new = award_and_split(model)

    k = len(new["holder"])
    assert k == 25 and new["to_coop"].all(), "with every lot reserved, all 25 go to enterprises"
    expected = np.zeros(n, dtype=int)
    left = spare[elig].copy()
    for _ in range(k):
        j = int(np.argmax(left))
        expected[elig[j]] += 1
        left[j] -= lot_month_eur(model)
    np.testing.assert_array_equal(wins(new, n), expected)
    assert wins(new, n)[biggest] == 0
    # the capacity the lots take up is gone: spare capacity falls by the lots' monthly value
    np.testing.assert_allclose(spare_capacity(model),
                               spare - wins(new, n) * lot_month_eur(model))


def test_a_reserved_lot_no_eligible_enterprise_can_take_is_let_openly(small_scenario):
    model = town(small_scenario, contract_months=1)
    for coop in enterprises(model):
        make_ineligible(model, int(coop))
    assert len(eligible(model)) == 0
    next_month(model)
    _, new = award_and_split(model)
    assert len(new["holder"]) == 25
    assert not new["to_coop"].any(), "a reserved lot went to an ineligible enterprise"
    assert (new["jobs"] > 0).all(), "an openly let lot goes to a firm that hires for it"


# ---------------------------------------------------------------- the lottery


def test_lottery_draws_winners_uniformly_among_eligible_enterprises_only(small_scenario):
    """1,000 reserved lots by lottery: each eligible enterprise wins some, equally often
    (chi-square test), and ineligible, wound-up enterprises and communities win none."""
    model = town(small_scenario, award_rule="lottery", contract_months=1, lots_per_year=100)
    n = model.cooperatives.n
    ent = enterprises(model)
    make_ineligible(model, int(ent[0]))
    wind_up(model, int(ent[1]))
    elig = eligible(model)
    assert len(elig) >= 3, "set-up: several eligible enterprises"
    won = np.zeros(n, dtype=int)
    for _ in range(10):
        next_month(model)
        _, new = award_and_split(model)
        assert new["to_coop"].all()
        won += wins(new, n)
    assert won.sum() == 1000
    outside = np.setdiff1d(np.arange(n), elig)
    assert won[outside].sum() == 0, f"lots won outside the eligible set: {won}"
    assert (won[elig] > 0).all(), f"an eligible enterprise never won: {won}"
    p = stats.chisquare(won[elig]).pvalue
    assert p > 1e-3, f"lottery wins are not uniform among eligible enterprises: {won}, p={p:.2g}"


# ---------------------------------------------------------------- expiry and re-letting


def test_lots_run_for_contract_months_and_are_re_let_within_the_procurement_volume(
        small_scenario):
    """Every month: lots still running are kept, lots that ended are dropped, new lots run
    ``contract_months``, and the lots let never exceed procurement volume / lot size."""
    model = town(small_scenario, reserved=False, contract_months=6)
    counts = []
    for _ in range(48):
        next_month(model)
        before = snapshot(model.lots)
        kept, _ = award_and_split(model)
        month = model.month
        np.testing.assert_array_equal(kept["until"], before["until"][before["until"] >= month])
        counts.append(len(model.lots.holder))
    assert max(counts) <= 25
    # lots that end are let again: the volume let stays near the procurement volume
    assert np.mean(counts[12:]) >= 20, counts


def test_a_wound_up_cooperatives_lots_are_re_let(small_scenario):
    model = town(small_scenario)
    n = model.cooperatives.n
    for _ in range(6):
        next_month(model)
        let_lots(model)
    held = wins(snapshot(model.lots), n)
    closing = int(np.argmax(held))
    assert held[closing] >= 2, "set-up: a cooperative holding several lots"
    wind_up(model, closing)
    next_month(model)
    running = snapshot(model.lots)
    kept, new = award_and_split(model)
    assert wins(kept, n)[closing] == 0 and wins(new, n)[closing] == 0
    # every other lot still running is kept
    others = running["until"] >= model.month
    others &= ~(running["to_coop"] & (running["holder"] == closing))
    assert len(kept["holder"]) == int(np.count_nonzero(others))
    # its lots return to the pool, which the lots let over the next year refill
    counts = []
    for _ in range(24):
        next_month(model)
        let_lots(model)
        counts.append(len(model.lots.holder))
    assert wins(snapshot(model.lots), n)[closing] == 0
    assert min(counts[12:]) >= 22 and max(counts) <= 25, counts


# ---------------------------------------------------------------- direct orders


def test_direct_orders_are_split_among_active_enterprises_in_proportion_to_members(
        small_scenario):
    model = town(small_scenario, reserved_share=0.0, direct_eur=5000.0)
    wound = int(enterprises(model)[0])
    wind_up(model, wound)
    assert not snapshot(model.lots)["to_coop"].any(), "set-up: no cooperative holds a lot"
    rev = contract_revenue(model)
    ent = enterprises(model)
    assert len(ent) >= 2 and len(communities(model)) >= 1
    assert rev.sum() == pytest.approx(5000.0)
    np.testing.assert_allclose(rev[ent], 5000.0 * members(model)[ent] / members(model)[ent].sum())
    assert rev[communities(model)].sum() == 0, "a solidarity community got direct orders"
    assert rev[wound] == 0, "a wound-up enterprise got direct orders"


def test_no_direct_orders_when_the_lever_is_off(small_scenario):
    model = town(small_scenario, reserved=False, direct_eur=5000.0)
    assert not snapshot(model.lots)["to_coop"].any(), "set-up: no cooperative holds a lot"
    assert not contract_revenue(model).any()


# ---------------------------------------------------------------- contract jobs at firms


def test_mainstream_winners_hire_for_their_lots_and_release_the_jobs_at_expiry(small_scenario):
    """A firm that wins a lot opens contract jobs and is bound until the lot ends; when the lot
    ends the jobs go. Checked firm by firm every month over four years."""
    model = town(small_scenario, reserved=False, contract_months=6)
    emp = model.employers
    released = 0
    for _ in range(48):
        next_month(model)
        before_jobs = emp.contract_jobs.copy()
        before = snapshot(model.lots)
        _, new = award_and_split(model)
        assert not new["to_coop"].any() and (new["jobs"] > 0).all()
        ended = before["until"] < model.month
        gone = np.bincount(before["holder"][ended], weights=before["jobs"][ended],
                           minlength=emp.n)
        won = np.bincount(new["holder"], weights=new["jobs"], minlength=emp.n)
        np.testing.assert_array_equal(emp.contract_jobs, before_jobs - gone + won)
        released += int(gone.sum())
        # a firm is bound by its contract while any of its lots runs
        held = snapshot(model.lots)
        assert (emp.contract_until[held["holder"]] >= held["until"]).all()
        bound = np.zeros(emp.n, dtype=bool)
        bound[held["holder"]] = True
        assert not (emp.contract_until[~bound] >= model.month).any(), "bound without a lot"
    assert released > 0
    assert (emp.contract_jobs >= 0).all()


def test_a_town_without_any_cooperative_lets_every_lot_to_firms(small_scenario):
    """No cooperative at start and none can form: lots still go to firms, nothing crashes."""
    scn = small_scenario("reserved_procurement", {
        "cooperatives": {"initial_cooperatives": 0, "initial_communities": 0,
                         "formation_rate": 0.0}})
    model = TremplinModel(scn, seed=1)
    for _ in range(3):
        model.step()
    assert model.cooperatives.n == 0
    assert len(model.lots.holder) > 0 and not model.lots.to_coop.any()


# ---------------------------------------------------------------- sectors and prices


def test_cooperatives_win_only_lots_in_the_sectors_they_work_in(small_scenario):
    """Enterprises work in catering or cleaning, with staff of that trade only: every lot a
    cooperative wins (reserved or open) is in its sector, and lots of the other SSE sectors
    all go to firms. Then three declared workers of one enterprise take up the care trade,
    and that enterprise alone wins the care lots."""
    model = town(small_scenario, one_sector=False, open_win_chance=1.0, contract_months=1)
    p, c = model.people, model.cooperatives
    ent = enterprises(model)
    for i, coop in enumerate(ent):
        sector = ("catering", "cleaning")[i % 2]
        set_sector(model, int(coop), sector)
        make_eligible(model, int(coop))
        p.sector[p.coop == coop] = SECTORS.index(sector)
    seen = dict.fromkeys(range(len(SECTORS)), 0)
    for _ in range(12):
        next_month(model)
        _, new = award_and_split(model)
        won = new["to_coop"]
        assert (new["sector"][won] == c.sector[new["holder"][won]]).all()
        for s in new["sector"]:
            seen[int(s)] += 1
    other = [SECTORS.index(s) for s in ("care", "logistics", "retail")]
    assert sum(seen[s] for s in other) > 0, "set-up: lots of the other sectors were let"
    held = snapshot(model.lots)
    assert not (held["to_coop"] & np.isin(held["sector"], other)).any()
    # three declared workers of the care trade let an enterprise bid for care lots
    declared = np.bincount(p.coop[(p.coop >= 0) & model.masks.legal_to_work],
                           minlength=c.n)[ent]
    carer = int(ent[np.argmax(declared)])
    staff = np.flatnonzero((p.coop == carer) & model.masks.legal_to_work)
    assert len(staff) >= 3, "set-up: an enterprise with three declared workers"
    p.sector[staff[:3]] = SECTORS.index("care")
    care_wins = 0
    for _ in range(12):
        next_month(model)
        _, new = award_and_split(model)
        care = new["sector"] == SECTORS.index("care")
        assert (new["holder"][care & new["to_coop"]] == carer).all()
        care_wins += int((care & new["to_coop"]).sum())
    assert care_wins > 0, "the enterprise with care workers never won a care lot"


def test_a_reserved_lot_is_priced_at_the_premium_the_city_pays(small_scenario):
    """With a 20% premium a reserved lot brings its holder 1.2 times the open price, an open
    lot the open price, and the city books the premium of every reserved lot running."""
    model = town(small_scenario, reserved_share=0.5, open_win_chance=1.0, premium=0.2)
    spent = model.municipality.spent["reserved_premium"]
    next_month(model)
    let_lots(model)
    lots = model.lots
    base = lot_month_eur(model)
    assert lots.reserved.any() and (lots.to_coop & ~lots.reserved).any()
    np.testing.assert_allclose(lots.price[lots.reserved], 1.2 * base)
    np.testing.assert_allclose(lots.price[~lots.reserved], base)
    assert not (lots.reserved & ~lots.to_coop).any(), "a reserved lot went to a firm"
    n = model.cooperatives.n
    expected = np.bincount(lots.holder[lots.to_coop], weights=lots.price[lots.to_coop],
                           minlength=n)[:n]
    np.testing.assert_allclose(contract_revenue(model), expected)
    booked = model.municipality.spent["reserved_premium"] - spent
    assert booked == pytest.approx(0.2 * base * lots.reserved.sum())


@pytest.mark.parametrize("weights", [None, (0.5, 0.0, 0.2, 0.2, 0.1)])
def test_lot_sectors_are_the_draws_numpys_choice_makes_with_the_purchasing_mix(small_scenario,
                                                                                weights):
    """The sector draw skips ``Generator.choice``'s argument checks for speed: it must give
    the same sectors and leave the generator in the same state, for the default mix and a
    skewed one, over many lettings of different sizes."""
    over = ({} if weights is None else
            {f"lot_sector_weight_{s}": w for s, w in
             zip(("catering", "cleaning", "care", "logistics", "retail"), weights, strict=True)})
    model = TremplinModel(small_scenario("baseline", {"municipality": over}), seed=5)
    p = procurement.lot_sector_weights(model)
    twin = np.random.default_rng(11)
    model.rng = np.random.default_rng(11)
    for k in (1, 0, 3, 1, 25, 2, 7):
        ours = procurement._draw_sectors(model, k)
        theirs = procurement.SSE_SECTORS[twin.choice(len(p), size=k, p=p)]
        assert ours.tolist() == theirs.tolist()
    assert model.rng.random() == twin.random()
