"""The council workshop's answers without a browser: named policies side by side, the
headline with its intervals, the honest split of money, stale state and hostile uploads."""

from __future__ import annotations

import base64
import math
import tomllib

import numpy as np
import pytest

from tremplin.dashboards import headline, levers
from tremplin.dashboards.upload import MAX_BYTES, decode
from tremplin.dashboards.workshop import (
    MAX_POLICIES,
    Estimate,
    Workshop,
    estimate,
    ratio_estimate,
    read_uploaded,
    scenario_toml,
    set_lever,
)
from tremplin.model.params import REGISTRY
from tremplin.model.scenario import ScenarioError, load, to_dict
from tremplin.model.scenario import replace as _replace

MONTHS = 6
SMALL = {"population": {"migrants": 300, "natives": 900}, "labour_market": {"employers": 40},
         "run": {"burn_in_months": 3}}


def small(ref: str = "baseline"):
    return _replace(load(ref), SMALL)


def run_to(ws: Workshop, months: int) -> Workshop:
    ws.sync()
    while ws.month < months:
        ws.step()
    return ws


def test_named_policies_share_one_baseline_and_keep_their_results():
    shop = set_lever(small(), "one_stop_shop.enabled", True)
    ws = Workshop(shop, seeds=(1, 2), horizon=MONTHS, name="Guichet")
    key_b = ws.add(set_lever(small(), "mentoring.enabled", True), "Parrainage")
    run_to(ws, 4)
    assert len(ws.baselines()) == 1  # the same town: one baseline run for both
    before = ws.series("policy", 1)[0].copy()
    # a lever change on B drops B's runs only; A keeps its results
    ws.set_scenario(key_b, set_lever(ws.get(key_b).scenario, "mentoring.pairs_per_month_per_1000",
                                     10))
    assert [r.scenario.name for r in ws.pending()] == [ws.get(key_b).scenario.name]
    assert ws.series("policy", 1)[0].equals(before)
    assert ws.series("policy", key_b) == []
    ws.sync()
    assert ws.built and len(ws.series("policy", key_b)[0]) == 5  # caught up to month 4
    # caught-up runs equal runs made from the start (same seeds, same months)
    fresh = run_to(Workshop(ws.get(key_b).scenario, seeds=(1, 2), horizon=MONTHS), 4)
    np.testing.assert_array_equal(ws.series("policy", key_b)[1].to_numpy(dtype=float),
                                  fresh.series("policy")[1].to_numpy(dtype=float))
    np.testing.assert_array_equal(ws.series("baseline", key_b)[0].to_numpy(dtype=float),
                                  fresh.series("baseline")[0].to_numpy(dtype=float))


def test_add_duplicate_rename_delete():
    ws = Workshop(small(), seeds=(1,), horizon=MONTHS, name="A")
    run_to(ws, 2)
    dup = ws.duplicate(1, "A bis")
    assert ws.active == dup and ws.get(dup).scenario == ws.get(1).scenario
    assert ws.built  # a duplicate shares the runs it copies: nothing to redo
    ws.step()  # a shared run is stepped once a month, not once per policy
    assert ws.month == 3 and len(ws.series("policy", dup)[0]) == 4
    assert ws.headline(dup).jobs == ws.headline(1).jobs
    ws.set_scenario(dup, set_lever(ws.get(dup).scenario, "mentoring.enabled", True))
    assert ws.get(1).run is not ws.get(dup).run and ws.series("policy", 1)
    ws.rename(dup, "  Plan B ")
    assert ws.get(dup).name == "Plan B"
    ws.rename(dup, "   ")  # a blank name is ignored
    assert ws.get(dup).name == "Plan B"
    while len(ws.policies) < MAX_POLICIES:
        ws.add(small())
    with pytest.raises(ValueError, match="at most"):
        ws.add(small())
    for p in list(ws.policies):
        ws.delete(p.key)
    assert len(ws.policies) == 1  # the last policy stays
    assert ws.active == ws.policies[0].key


def test_headline_intervals_and_plain_words():
    scn = set_lever(small(), "one_stop_shop.enabled", True)
    ws = run_to(Workshop(scn, seeds=(1, 2, 3), horizon=MONTHS), MONTHS)
    h = ws.headline()
    table = ws.comparison().set_index("indicator")
    # the headline's gains are the table's paired differences and intervals
    for est, row in ((h.jobs, "jobs"), (h.regularisations, "regularisations")):
        assert est.mean == pytest.approx(table.loc[row, "difference"])
        assert est.low == pytest.approx(table.loc[row, "low"])
        assert est.low <= est.mean <= est.high
    # the shop costs its running cost every month in every seed: a clear extra cost
    cost = scn.one_stop_shop.cost_eur_per_month
    assert h.extra_cost.clear and h.extra_cost.mean == pytest.approx(MONTHS * cost, rel=0.2)
    lines = headline.headline_lines(h, "fr")
    assert lines["jobs"].split()[1] == "emplois"
    if not h.jobs.clear:
        assert "pas d'effet net observé" in lines["jobs"]
        assert h.cost_per_job_uncertain and "incertain" in lines["per_job"]
    else:
        assert "de " in lines["jobs"] and "pas d'effet" not in lines["jobs"]
    assert "de coût en plus" in lines["cost"] and "\u00a0€" in lines["cost"]


def test_count_phrases_say_when_no_effect_is_seen():
    clear = Estimate(51.2, 27.4, 74.6, 5)
    assert headline.count_parts(clear, "emplois", "fr") == ("+51 emplois", "de +27 à +75")
    assert headline.headline_lines.__doc__  # the sentences are documented for the PDF
    unclear = Estimate(10.0, -35.0, 54.0, 5)
    main, detail = headline.count_parts(unclear, "jobs", "en")
    assert main == "+10 jobs" and detail.startswith("no clear effect seen")
    assert "\u221235" in detail  # a true minus sign
    main, detail = headline.count_parts(Estimate(3.0, math.nan, math.nan, 1), "jobs", "en")
    assert "one seed only" in detail


def test_cost_per_job_interval_is_fieller_and_unbounded_without_a_clear_gain():
    rng = np.random.default_rng(0)
    gain = 50 + rng.normal(0, 5, 5)
    cost = 600_000 + rng.normal(0, 10_000, 5)
    r = ratio_estimate(cost, gain)
    assert r.low < cost.mean() / gain.mean() < r.high and math.isfinite(r.high)
    # a gain whose interval includes zero gives no bounded cost per job
    r = ratio_estimate(cost, np.array([30.0, -20.0, 10.0, -5.0, 2.0]))
    assert math.isinf(r.low) and math.isinf(r.high)
    assert math.isnan(ratio_estimate(cost, -gain).mean)  # a loss has no cost per job
    e = estimate([10.0, 11.0, 12.0])
    assert e.has_interval and e.clear and e.n == 3
    assert not estimate([1.0, 2.0, 3.0]).clear  # t(2 df) = 4.3: the interval crosses zero


def test_money_separates_spending_that_happens_anyway_from_the_levers():
    """The baseline already pays the language pathway: that is not the levers' cost."""
    scn = set_lever(small(), "one_stop_shop.enabled", True)
    ws = run_to(Workshop(scn, seeds=(1, 2, 3), horizon=14), 14)
    m = ws.money()
    pol = np.array([df["municipal_spend_eur"].iloc[-1] for df in ws.series("policy")])
    base = np.array([df["municipal_spend_eur"].iloc[-1] for df in ws.series("baseline")])
    assert m.anyway == pytest.approx(base.mean())
    assert m.anyway > 0  # the baseline does spend (language courses)
    assert m.extra.mean == pytest.approx((pol - base).mean())
    assert sum(m.extra_by_item.values()) == pytest.approx(m.extra.mean)
    assert sum(m.anyway_by_item.values()) == pytest.approx(m.anyway)
    assert m.extra_by_item["one_stop_shop"] == pytest.approx(
        14 * scn.one_stop_shop.cost_eur_per_month, rel=0.1)
    # the yearly view adds up to the total, year 2 holding months 13-14
    assert list(m.yearly["year"]) == [1, 2] and m.yearly["months"].iloc[1] == "13-14"
    assert m.yearly["extra"].sum() == pytest.approx(m.extra.mean)
    assert m.yearly["anyway"].sum() == pytest.approx(m.anyway)
    text = headline.money_html(ws, "fr")
    assert "Dépensé de toute façon" in text and "Coût en plus des leviers" in text


def test_policies_table_has_every_policy_and_whole_counts():
    ws = Workshop(set_lever(small(), "one_stop_shop.enabled", True), seeds=(1, 2),
                  horizon=MONTHS, name="Guichet")
    ws.add(set_lever(small(), "third_place.enabled", True), "Tiers-lieu")
    run_to(ws, MONTHS)
    text = headline.policies_table_html(ws, "fr")
    assert "Guichet" in text and "Tiers-lieu" in text and "Ne rien faire" in text
    row = text.split("tp-row-jobs")[1].split("</tr>")[0]
    assert not any(ch == "," for ch in row.split("<td>")[2].split("<")[0])  # whole persons
    card = headline.headline_html(ws, {1: "#d95f02", 2: "#1b9e77"}, "en")
    assert card.count("tp-headline-row") == 2 and "data-month='6'" in card
    assert "No lever on" not in card
    ws.add(small(), "Nothing")  # no lever moved: said plainly, not "0 (from 0 to 0)"
    ws.sync()
    assert ws.get().is_baseline() and not ws.get(1).is_baseline()
    assert "No lever on" in headline.headline_html(ws, {}, "en")


def test_export_after_lever_changes_has_the_current_name_and_description():
    ws = Workshop(load("subsidy_taper"), seeds=(1,), horizon=MONTHS, name="Subvention")
    ws.set_scenario(1, set_lever(ws.policy, "subsidy.end_share", 0.4))
    assert ws.get().edited
    data = tomllib.loads(scenario_toml(ws.export_scenario()))
    assert data["name"] == "Subvention"
    assert "subsidy.end_share = 0.4" in data["description"]
    assert "subsidy_taper" in data["description"]  # where it started
    assert data["subsidy"]["end_share"] == 0.4
    ws.rename(1, "Élus : l'option « 2 »")  # any name a room types still exports
    assert tomllib.loads(scenario_toml(ws.export_scenario()))["name"].startswith("Élus")


def test_lever_values_read_with_their_units():
    p = REGISTRY
    assert levers.value_text(p["subsidy.launch_grant_eur"], 25_000, "fr") == "25\u202f000\u00a0€"
    assert levers.value_text(p["subsidy.start_share"], 0.38, "fr") == "38\u00a0%"
    assert levers.value_text(p["subsidy.duration_months"], 36, "fr") == "36\u00a0mois"
    assert levers.value_text(p["pathway.placement_dropout_rate"], 0.015, "en").startswith("1.5")
    assert levers.parse_number("25 000") == 25_000 and levers.parse_number("0,38") == 0.38
    assert levers.parse_number("abc") is None


@pytest.mark.parametrize("data", [
    b"", b"\x00\x01\x02", b"name = 3\n", b"[population]\nmigrants = \"many\"\n",
    b"[population]\nmigrants = 1e400\n", b"[run]\nmonths = -1\n", b"extends = 5\n",
    b"extends = \"nope\"\n", b"[subsidy]\nenabled = \"yes\"\n", b"description = [1, 2]\n",
    b"[[subsidy]]\nx = 1\n", b"subsidy = 1\n", b"[regularisation]\npreset = 4\n",
    "name = \"\u00e9t\u00e9\"\n[pathway]\nmode = \"\u2603\"\n".encode(),
    b"a = {b = {c = {d = 1}}}\n", b"\xef\xbb\xbfname = \"bom\"\n",
])
def test_every_malformed_upload_is_a_scenario_error(data):
    try:
        read_uploaded("mine.toml", data)
    except ScenarioError as e:
        assert str(e).startswith("mine.toml") and "Traceback" not in str(e)


def test_upload_payload_refuses_big_broken_or_missing_data():
    ok = {"n": 1, "name": "a.toml", "data": base64.b64encode(b"name = 'a'\n").decode()}
    assert decode(ok) == ("a.toml", b"name = 'a'\n", None)
    assert decode({"n": 2, "name": "b.toml", "error": "too_big"})[2] == "upload_too_big"
    assert decode({"n": 3, "name": "c.toml", "data": "%%%"})[2] == "upload_unreadable"
    assert decode({"n": 4, "name": "d.toml"})[2] == "upload_unreadable"
    big = base64.b64encode(b"x" * (MAX_BYTES + 10)).decode()
    assert decode({"n": 5, "name": "e.toml", "data": big})[2] == "upload_too_big"


def test_reset_and_configure_restart_every_policy_at_month_zero():
    ws = Workshop(small(), seeds=(1,), horizon=MONTHS)
    ws.add(set_lever(small(), "mentoring.enabled", True))
    run_to(ws, 3)
    ws.configure(seeds=(1, 2, 3), migrants=400)
    assert ws.month == 0 and ws.seeds == (1, 2, 3)
    assert all(p.scenario.population.migrants == 400 for p in ws.policies)
    ws.sync()
    assert all(len(ws.series("policy", p.key)) == 3 for p in ws.policies)
    assert to_dict(ws.baseline)["population"]["migrants"] == 400
