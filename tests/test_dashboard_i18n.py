"""The dashboard in French and English: number formats, typography, every word of its tables,
and the people's-paths and PDF summary modules (no browser)."""

from __future__ import annotations

import html
import os
import re

import numpy as np
import pandas as pd
import pytest

from tremplin.dashboards import i18n, panels, paths, pdf
from tremplin.dashboards.workshop import Workshop, lever_params, set_lever
from tremplin.model import Status, TremplinModel, Work, indicators, load
from tremplin.model.params import REGISTRY
from tremplin.model.scenario import replace as _replace

NNBSP = "\u202f"
SMALL = {"population": {"migrants": 300, "natives": 900}, "labour_market": {"employers": 40},
         "run": {"burn_in_months": 3}}


def small(ref: str = "baseline"):
    return _replace(load(ref), SMALL)


def _run(scn, seeds=(1,), months=6) -> Workshop:
    ws = Workshop(scn, seeds=seeds, horizon=months)
    ws.build()
    while not ws.finished:
        ws.step()
    return ws


# ---------------------------------------------------------------- numbers and typography
@pytest.mark.parametrize(("value", "fr", "en"), [
    (1500, "1 500", "1,500"), (1733224, "1 733 224", "1,733,224"), (0, "0", "0"),
    (-0.2, "0", "0"), (-51000, "-51 000", "-51,000"), (999, "999", "999")])
def test_numbers_in_french_and_english(value, fr, en):
    assert i18n.number(value, "fr") == fr.replace(" ", NNBSP)
    assert i18n.number(value, "en") == en


def test_decimals_money_and_percent():
    assert i18n.number(599.66, "fr", 1) == "599,7"
    assert i18n.number(599.66, "en", 1) == "599.7"
    assert i18n.euros(1733224, "fr") == f"1{NNBSP}733{NNBSP}224{NNBSP}€"
    assert i18n.euros(1733224, "en") == "€1,733,224"
    assert i18n.euros(-25000, "en", signed=True) == "-€25,000"
    assert i18n.euros(25000, "fr", signed=True) == f"+25{NNBSP}000{NNBSP}€"
    assert i18n.percent(0.38, "fr") == f"38{NNBSP}%"
    assert i18n.percent(0.125, "en", 1) == "12.5%"
    assert i18n.points(0.012, "fr") == f"+1,2{NNBSP}pt"
    assert i18n.number(float("nan"), "fr") == "–"


def test_axis_formatter_writes_ticks_as_the_language_does():
    fr, en = i18n.axis_formatter("fr"), i18n.axis_formatter("en")
    assert [fr(x) for x in (0, 0.5, 1500)] == ["0", "0,5", f"1{NNBSP}500"]
    assert [en(x) for x in (0, 0.5, 1500)] == ["0", "0.5", "1,500"]


def test_vega_locale_matches_the_number_functions():
    loc = i18n.vega_locale("fr")["number"]
    assert (loc["decimal"], loc["thousands"]) == (",", NNBSP)
    assert i18n.vega_locale("en")["number"]["thousands"] == ","


def test_french_typography_puts_a_narrow_space_before_high_punctuation():
    text = i18n.typography("Votre politique: A; prêt? Oui! 12:30 L2277-2287 http://x", "fr")
    assert f"politique{NNBSP}:" in text and f"A{NNBSP};" in text
    assert f"prêt{NNBSP}?" in text and f"Oui{NNBSP}!" in text
    assert "12:30" in text and "http://x" in text
    assert i18n.typography("Policy: A", "en") == "Policy: A"
    # every French interface text with a colon has the space
    for key in i18n.UI:
        fr = i18n.t(key, "fr")
        assert not re.search(r"\S[:;?!](\s|$)", fr), (key, fr)


# ---------------------------------------------------------------- every word in both languages
def test_every_lever_has_a_french_definition_and_unit():
    for p in lever_params():
        assert i18n.param_help(p.key, "fr") != p.description, p.key
        assert i18n.param_help(p.key, "en") == p.description
        assert p.unit in i18n.UNIT_WORDS, (p.key, p.unit)


def test_every_cooperative_kind_sector_and_state_is_translated():
    from tremplin.model import cooperative_accounts

    ws = _run(small("all_levers"), months=12)
    acc = cooperative_accounts(ws.pairs[0][0])
    assert len(acc) > 0  # the test reads real accounts
    for sector in acc["sector"].unique():
        assert sector in i18n.SECTORS_WORDS, sector
    for status in acc["status"].unique():
        assert status in i18n.COOP_STATUS, status
    coops = ws.cooperatives()
    if not coops.empty:
        fr = panels.coops_html(coops, "fr", panels.shown_run("fr"))
        assert "graine 1" in fr and "réserve" in fr
        for kind in coops["kind"].unique():
            assert i18n.COOP_KINDS[kind]["fr"] in fr


def test_results_and_help_are_french_in_french():
    ws = _run(small("all_levers"), seeds=(1, 2))
    table = ws.comparison()
    fr = panels.comparison_html(table, 6, 2, "fr")
    assert "," in re.sub(r"<[^>]+>", "", fr)  # decimal commas
    assert "EUR" not in fr and "€" in fr
    en = panels.comparison_html(table, 6, 2, "en")
    assert "€" in en and "EUR" not in en
    help_fr = panels.help_html("fr")
    for p in lever_params():
        assert i18n.param_help(p.key, "fr").split(" ")[0] in help_fr
    assert "hypothèse" in help_fr and "assumption" not in help_fr
    for spec in indicators.headline():
        assert html.escape(spec.title("fr")) in help_fr


def test_validation_errors_in_french_keep_file_field_and_values():
    msg = "broken.toml: [subsidy] start_share = 7: must be a number from 0 to 1"
    fr = i18n.error_text(msg, "fr")
    assert "broken.toml" in fr and "start_share = 7" in fr
    assert "doit être un nombre de 0 à 1" in fr and "must" not in fr
    assert i18n.error_text(msg, "en") == msg


def test_shipped_scenarios_have_readable_names():
    from tremplin.model.scenario import builtin_dir

    for path in builtin_dir().glob("*.toml"):
        for lang in i18n.LANGS:
            name = i18n.scenario_label(path.stem, lang)
            assert name != path.stem and "_" not in name, (path.stem, lang)
    assert i18n.scenario_label("my_plan", "fr", "Mon plan") == "Mon plan"
    assert i18n.scenario_label("my_plan", "fr") == "my plan"


# ---------------------------------------------------------------- people's paths
def test_paths_follow_every_migrant_from_month_0():
    ws = _run(small("oacas_regularisation"), months=12)
    pol_model, _base_model = ws.pairs[0]
    start = paths.start_states(ws.policy, 1)
    # a fresh model of the same scenario and seed is the run's month 0
    again = paths.states(TremplinModel(ws.policy, seed=1))
    pd.testing.assert_frame_equal(start, again)
    now = paths.states(pol_model)
    table = paths.flows(start, now, "status")
    # everyone at month 0 is somewhere now, everyone now came from somewhere
    assert table.loc[table["source"] != paths.ARRIVED, "people"].sum() == len(start)
    assert table.loc[table["target"] != paths.LEFT, "people"].sum() == len(now)
    assert set(table["source"]) <= {paths.ARRIVED, *map(int, Status)}
    assert set(table["target"]) <= {paths.LEFT, *map(int, Status)}
    # the undocumented who got a permit are regularisations the model counted since month 0
    moved = table[(table["source"] == Status.UNDOCUMENTED)
                  & (table["target"].isin([Status.TEMPORARY_PERMIT, Status.LONG_TERM_PERMIT]))]
    regs = ws.comparison().set_index("indicator").loc["regularisations", "policy"]
    assert moved["people"].sum() <= regs + 1e-9


def test_paths_by_work_and_picture():
    ws = _run(small("integrated_pathway"), months=6)
    pol, base = paths.run_flows(ws, 0, "work")
    assert set(pol["source"]) <= {paths.ARRIVED, *map(int, Work)}
    assert pol["people"].sum() > 0 and base["people"].sum() > 0
    png = paths.paths_png(pol, base, "work", "fr", 6, 1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    line = paths.summary(pol, "work", "fr")
    n = int(pol.loc[pol["source"] == Work.NONE, "people"].sum())
    assert line.startswith(f"Sur les {i18n.number(n, 'fr')} personnes sans travail")


def test_paths_say_which_seed_and_runs_they_show():
    assert "graine 3" in paths.w("shown", "fr", s=3)
    assert "seed 3" in paths.w("shown", "en", s=3)


# ---------------------------------------------------------------- PDF summary
def test_moved_levers_name_only_what_differs_from_doing_nothing():
    scn = set_lever(small(), "subsidy.enabled", True)
    scn = set_lever(scn, "subsidy.launch_grant_eur", 40_000)
    ws = Workshop(scn)
    lines = pdf.moved_levers(ws.policy, ws.baseline, "fr")
    assert any(f"40{NNBSP}000{NNBSP}€" in x for x in lines), lines
    assert not pdf.moved_levers(ws.baseline, ws.baseline, "fr")


def test_headline_says_when_no_clear_effect_is_seen():
    table = pd.DataFrame([
        {"indicator": "jobs", "baseline": 100, "policy": 110, "difference": 10, "low": -5,
         "high": 25},
        {"indicator": "regularisations", "baseline": 1, "policy": 5, "difference": 4,
         "low": 2, "high": 6},
        {"indicator": "municipal_spend_eur", "baseline": 0, "policy": 5e5,
         "difference": 5e5, "low": 4e5, "high": 6e5},
        {"indicator": "cost_per_additional_job_eur", "baseline": np.nan, "policy": 5e4,
         "difference": np.nan, "low": np.nan, "high": np.nan}])
    lines = pdf.headline(table, 3, "fr")
    assert lines[0].startswith("pas d'effet net visible")
    assert lines[1].startswith("+4 (de +2 à +6)")
    assert "gain incertain" in lines[3]
    en = pdf.headline(table, 3, "en")
    assert en[1] == "+4 (from +2 to +6) regularisations"


def test_summary_page_has_levers_numbers_charts_date_and_version():
    import datetime as dt

    scn = set_lever(small(), "one_stop_shop.enabled", True)
    ws = _run(scn, seeds=(1, 2), months=4)
    page = pdf.summary_html(ws, 4, "fr", when=dt.datetime(2026, 11, 30, 20, 0))
    assert "30/11/2026 20:00" in page and pdf.model_version() in page
    assert "data:image/png;base64," in page and "tp-results" in page
    assert "Guichet" in page or "guichet" in page


def test_no_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TREMPLIN_CHROMIUM", str(tmp_path / "nowhere"))
    with pytest.raises(pdf.PdfError, match="no executable Chromium there"):
        pdf.find_chromium()
    monkeypatch.delenv("TREMPLIN_CHROMIUM")
    monkeypatch.setattr(pdf.Path, "is_file", lambda self: False)
    with pytest.raises(pdf.PdfError, match="apt-get install -y chromium"):
        pdf.find_chromium()


@pytest.mark.skipif(not os.path.isfile("/usr/bin/chromium"), reason="needs /usr/bin/chromium")
def test_pdf_is_one_page():
    ws = _run(set_lever(small(), "mentoring.enabled", True), seeds=(1, 2), months=3)
    data = pdf.summary_pdf(ws, 3, "en")
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == 1, pages


def test_registry_units_of_levers_are_known():
    assert {p.unit for p in lever_params()} <= set(i18n.UNIT_WORDS)
    assert REGISTRY["subsidy.launch_grant_eur"].unit == "EUR"
