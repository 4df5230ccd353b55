"""The dashboard's logic without a browser: levers clamped to the registry, policy vs baseline
on common random numbers, the results table, exports, uploads, the asset cache, the CLI."""

from __future__ import annotations

import math
import re
import tomllib

import numpy as np
import pytest

from tremplin.dashboards import assets, charts, i18n, panels
from tremplin.dashboards.levers import slider_range
from tremplin.dashboards.workshop import (
    Workshop,
    baseline_of,
    clamp,
    lever_params,
    read_uploaded,
    scenario_toml,
    set_lever,
    with_town_size,
)
from tremplin.model import indicators
from tremplin.model.levers import LEVERS
from tremplin.model.params import LEVER_SECTIONS, REGISTRY
from tremplin.model.scenario import ScenarioError, load, to_dict
from tremplin.model.scenario import replace as _replace

MONTHS = 6
SMALL = {"population": {"migrants": 300, "natives": 900}, "labour_market": {"employers": 40},
         "run": {"burn_in_months": 3}}


def small(ref: str = "baseline"):
    """A shipped scenario shrunk to a small town (as tests/conftest.py does)."""
    return _replace(load(ref), SMALL)


def _run(scn, seeds=(1,), months=MONTHS) -> Workshop:
    ws = Workshop(scn, seeds=seeds, horizon=months)
    ws.build()
    while not ws.finished:
        ws.step()
    return ws


def test_every_lever_is_clamped_to_its_registry_range():
    scn = small()
    for p in lever_params():
        if p.choices:
            assert clamp(p, "no-such-choice") == p.default
            continue
        if p.type is bool:
            continue
        for extreme in (1e15, -1e15, float("nan"), "abc"):
            v = clamp(p, extreme)
            assert (p.lo is None or v >= p.lo) and (p.hi is None or v <= p.hi), (p.key, v)
        # a lever moved to an absurd value still gives a valid scenario, at the range's end
        moved = set_lever(scn, p.key, 1e15)
        section, name = p.key.split(".")
        assert getattr(getattr(moved, section), name) == (p.hi if p.hi is not None else 1e15)
        lo, hi, step = slider_range(p, p.default)
        assert (p.lo is None or lo >= p.lo) and (p.hi is None or hi <= p.hi) and step > 0


def test_every_lever_has_plain_words_in_both_languages():
    """Each lever's words come from its module alone (tests/test_lever_protocol.py checks
    them there); the dashboard's own are those of the national route to papers."""
    for p in lever_params():
        for lang in i18n.LANGS:
            assert i18n.param_label(p.key, lang) != p.key, p.key
    for lever in LEVERS:
        assert i18n.SECTIONS[lever.SECTION] is lever.WORDS
        for name, label in lever.LABELS.items():
            for lang in i18n.LANGS:
                assert i18n.param_label(f"{lever.SECTION}.{name}", lang) == label[lang]
    assert set(i18n.NATIONAL_SECTIONS) == {"regularisation"}
    assert {k.split(".")[0] for k in i18n.NATIONAL_PARAMS} == {"regularisation"}
    for s in (*LEVER_SECTIONS, "regularisation"):
        for part in ("name", "line", "guide"):
            assert set(i18n.SECTIONS[s][part]) == {"en", "fr"}
        for lang in i18n.LANGS:
            assert re.search(r"\bL\d+", i18n.SECTIONS[s]["guide"][lang])  # cites guide lines


def test_regime_and_preset_levers_stay_consistent():
    scn = set_lever(small(), "regularisation.preset", "barcelona_work")
    assert scn.regularisation.regime == "work_based"
    assert scn.regularisation.work_experience_months == 12
    scn = set_lever(scn, "regularisation.regime", "oacas")
    assert scn.regularisation.preset == "custom" and scn.regularisation.regime == "oacas"


def test_baseline_switches_every_municipal_lever_off():
    scn = set_lever(set_lever(small("all_levers"), "pathway.mode", "integrated"),
                    "regularisation.preset", "valls_circular")
    base = baseline_of(scn)
    for s in LEVER_SECTIONS:
        assert not getattr(getattr(base, s), "enabled", False)
    assert base.pathway.mode == REGISTRY["pathway.mode"].default
    assert base.regularisation.preset == REGISTRY["regularisation.preset"].default
    assert base.population == scn.population  # the same town


def test_same_levers_give_identical_runs_common_random_numbers():
    """With no lever on, policy and baseline are the same scenario on the same seed: every
    indicator must match month by month (the dashboard draws nothing from the models)."""
    ws = _run(small(), seeds=(3,))
    ws.network_sample()  # inspection must not disturb the models' random streams
    ws.cooperatives()
    pol, base = ws.series("policy")[0], ws.series("baseline")[0]
    assert len(pol) == MONTHS + 1
    np.testing.assert_array_equal(pol.to_numpy(dtype=float), base.to_numpy(dtype=float))


def test_workshop_is_reproducible():
    scn = set_lever(small(), "mentoring.enabled", True)
    a = _run(scn, seeds=(1, 2)).timeseries_table()
    b = _run(scn, seeds=(1, 2)).timeseries_table()
    assert a.equals(b)


def test_comparison_counts_the_lever_cost_and_gives_intervals_over_seeds():
    scn = set_lever(small(), "one_stop_shop.enabled", True)
    ws = _run(scn, seeds=(1, 2, 3))
    table = ws.comparison().set_index("indicator")
    spend = table.loc["municipal_spend_eur"]
    cost = scn.one_stop_shop.cost_eur_per_month
    assert spend["difference"] == pytest.approx(MONTHS * cost, rel=0.2)
    for k in ("employment_rate", "regularisation_rate", "jobs"):
        row = table.loc[k]
        assert row["low"] <= row["difference"] <= row["high"]
    job = table.loc["cost_per_additional_job_eur", "policy"]
    gain = table.loc["jobs", "difference"]
    if gain > 0:
        assert job == pytest.approx(spend["difference"] / gain)
    else:
        assert math.isnan(job)  # no gain: no cost per job, shown as n/a
    html = panels.comparison_html(ws.comparison(), ws.month, 3, "fr")
    assert "Coût par emploi supplémentaire" in html and f"data-month='{MONTHS}'" in html


def test_one_seed_has_no_interval():
    table = _run(small(), seeds=(1,)).comparison()
    assert table["low"].isna().all()


def test_exported_scenario_validates_and_round_trips(tmp_path, cli):
    scn = set_lever(set_lever(small(), "subsidy.enabled", True), "subsidy.end_share", 0.4)
    path = tmp_path / "exported.toml"
    path.write_text(scenario_toml(scn))
    r = cli("validate", path)
    assert r.code == 0, r.err
    again = load(path)
    assert to_dict(again) == to_dict(scn)
    assert tomllib.loads(path.read_text())["subsidy"]["end_share"] == 0.4


@pytest.mark.parametrize(("text", "expected"), [
    ('[subsidy]\nstart_share = 7\n', "[subsidy] start_share = 7: must be a number from 0 to 1"),
    ('[nonsense]\nx = 1\n', "unknown key or section 'nonsense'"),
    ('name = "x"\n[subsidy\n', "not valid TOML"),
    ('extends = "../../etc/passwd"\n', "may only extend a shipped scenario"),
    ('[regularisation]\nregime = "oacas"\npreset = "belgium_9bis"\n', "contradicts preset"),
])
def test_uploaded_file_that_does_not_validate_says_why(text, expected):
    with pytest.raises(ScenarioError) as e:
        read_uploaded("mine.toml", text.encode())
    msg = str(e.value)
    assert expected in msg
    assert msg.startswith("mine.toml")
    assert "/tmp" not in msg  # the temporary folder is not shown to people


def test_uploaded_file_may_extend_a_shipped_scenario():
    scn = read_uploaded("town.toml", b'extends = "baseline.toml"\n[mentoring]\nenabled = true\n')
    assert scn.mentoring.enabled and scn.name == "town"
    by_name = read_uploaded("town.toml", b'extends = "baseline"\n[mentoring]\nenabled = true\n')
    assert to_dict(by_name) == to_dict(scn)
    with pytest.raises(ScenarioError, match="not a text file"):
        read_uploaded("x.toml", b"\xff\xfe\x00")
    with pytest.raises(ScenarioError, match="nested more than"):
        read_uploaded("deep.toml", b"x = " + b"[" * 500 + b"]" * 500 + b"\n")


def test_town_size_keeps_the_native_ratio():
    scn = with_town_size(load("baseline"), 5000)
    assert scn.population.migrants == 5000
    assert scn.population.natives == 15000
    assert with_town_size(scn, 10**9).population.migrants == REGISTRY["population.migrants"].hi


def test_charts_and_network_pictures():
    ws = _run(set_lever(small(), "third_place.enabled", True), seeds=(1, 2))
    spec = charts.timeseries_spec(ws.series("policy"), ws.series("baseline"), MONTHS, "en")
    panels_ = {r["panel"] for r in spec["data"]["values"]}
    n = len(indicators.charted())
    assert len(panels_) == n
    assert len(spec["data"]["values"]) == n * 2 * (MONTHS + 1)
    assert spec["spec"]["layer"][0]["mark"]["type"] == "area"  # bands with 2 seeds
    png = charts.timeseries_png(ws.series("policy"), ws.series("baseline"), MONTHS, "fr")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    sample = ws.network_sample(size=60)
    assert 0 < len(sample["nodes"]) <= 60
    inside = set(sample["nodes"].tolist())
    assert all(a in inside and b in inside for a, b in zip(sample["a"], sample["b"],
                                                           strict=True))
    assert charts.network_png(sample, "status", "en")[:4] == b"\x89PNG"
    coops = ws.cooperatives()
    assert {"subsidy_share", "contracts_eur", "reserve_eur"} <= set(coops.columns)
    assert ((coops["subsidy_share"] >= 0) & (coops["subsidy_share"] <= 1)).all()


def test_asset_cache_counts_interrupted_fills_as_missing(tmp_path):
    assert assets.missing(tmp_path) == [f for f, _ in assets.ASSETS]
    folder = assets.ASSETS[0][0]
    (tmp_path / folder).mkdir(parents=True)  # unpacked but not marked complete
    assert folder in assets.missing(tmp_path)


def test_asset_cache_without_npm_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(assets.AssetError, match="npm not found"):
        assets.ensure_assets(tmp_path / "cache", quiet=True)


def test_dashboard_cli_rejects_a_bad_port(cli):
    r = cli("dashboard", "--port", "99999")
    assert r.code == 2
    assert len(r.err_lines) == 1 and "--port must be from 1 to 65535" in r.err
    r = cli("dashboard", "--lang", "de")
    assert r.code == 2 and len(r.err_lines) == 1
