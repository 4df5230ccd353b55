"""The indicator specs: complete, consistent with what the model computes, and the one source
every table, report, chart and document derives from."""

from __future__ import annotations

import io
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from tremplin.dashboards import i18n, panels
from tremplin.experiments import report
from tremplin.experiments.cli import print_table
from tremplin.model import TremplinModel, indicators
from tremplin.model.cli import comparison_lines, headline_lines
from tremplin.model.docs import generated
from tremplin.model.indicators import RUN_SUMMARY, SPECS, Indicator, Kind

MONTHS = 12
NEW = Indicator("test_pathway_share", "A share added by a test.", Kind.SHARE, "test people",
                headline=True, label="Test share", label_fr="Part de test",
                definition_fr="Une part ajoutée par un test.")


@pytest.fixture(scope="module")
def monthly(small_scenario) -> list[dict[str, float]]:
    """What ``compute`` returns each month of a short small-town run with every lever on."""
    model = TremplinModel(small_scenario("all_levers"), seed=4)
    rows = [model.indicators]
    for _ in range(MONTHS):
        model.step()
        rows.append(model.indicators)
    rows.append(indicators.summary_medians(model))
    return rows


def test_every_computed_column_has_a_spec_and_every_spec_is_computed(monthly):
    *months, summary = monthly
    for row in months:
        assert list(row) == indicators.names()  # the same names, in column order
    assert list(summary) == [s.name for s in RUN_SUMMARY]
    assert list(indicators.INDICATORS) == indicators.names()
    every = [s.name for s in (*SPECS, *RUN_SUMMARY)]
    assert len(set(every)) == len(every), "a name is declared twice"


def test_values_fit_their_kind(monthly):
    *months, _ = monthly
    bounded = [s for s in SPECS if s.kind in (Kind.SHARE, Kind.LEVEL)]
    for row in months:
        for s in bounded:
            assert math.isnan(row[s.name]) or 0.0 <= row[s.name] <= 1.0, (s.name, row[s.name])
        for s in SPECS:
            if s.integer:
                assert isinstance(row[s.name], int | np.integer), s.name
    shares = {s.name for s in SPECS if s.kind is Kind.SHARE}
    assert any(0 < months[-1][k] < 1 for k in shares)  # not all degenerate


def test_specs_are_complete_and_consistent():
    assert all(isinstance(s.kind, Kind) and s.definition and s.population for s in SPECS)
    heads = indicators.headline()
    assert heads and all(s.headline for s in heads)
    assert set(indicators.charted()) <= set(heads)  # a chart is also in the tables
    for s in heads:  # the dashboard shows them in French and English
        assert s.label and s.label_fr and s.definition_fr, s.name
    compared = [s for s in SPECS if s.comparator]
    assert {str(s.comparator) for s in compared} == {
        "lfsa_ergan NEU27_2020_FOR", "lfsa_ergan NAT", "lfsa_urgan NEU27_2020_FOR",
        "lfsa_urgan NAT", "lfsa_ergan NEU27_2020_FOR sex=F", "lfsa_ergan NEU27_2020_FOR sex=M",
        "lfsa_urgan NEU27_2020_FOR sex=F", "lfsa_urgan NEU27_2020_FOR sex=M"}
    assert all(s.kind is Kind.SHARE for s in compared)
    assert indicators.MONTH not in indicators.outcomes()


@pytest.mark.parametrize(("kind", "value", "difference", "text"), [
    (Kind.SHARE, 0.612, False, "61.2%"),
    (Kind.SHARE, 0.03, True, "+3.0 pp"),
    (Kind.SHARE, -0.004, True, "-0.4 pp"),
    (Kind.EUR, 12345.4, False, "12,345 EUR"),
    (Kind.EUR, 500.0, True, "+500 EUR"),
    (Kind.COUNT, 7, False, "7"),
    (Kind.COUNT, 6.5, True, "+6.5"),
    (Kind.MONTHS, 14.5, False, "14.5 months"),
    (Kind.LEVEL, 0.5123, False, "0.512"),
    (Kind.SHARE, math.nan, True, "n/a"),
    (Kind.EUR, None, False, "n/a"),
])
def test_the_kind_decides_the_unit(kind, value, difference, text):
    assert Indicator("x", "x", kind, "x").format(value, difference=difference) == text


def _summary(names: list[str], diff: float) -> pd.DataFrame:
    """A batch summary of two scenarios where every indicator is 0.40 and 0.40 + diff."""
    rows = []
    for name in names:
        for label, mean, d in (("base", 0.40, math.nan), ("policy", 0.40 + diff, diff)):
            rows.append({"scenario": label, "indicator": name, "mean": mean, "sd": 0.01,
                         "ci_low": mean - 0.01, "ci_high": mean + 0.01, "diff_mean": d,
                         "diff_ci_low": d - 0.01, "diff_ci_high": d + 0.01, "n": 5,
                         "n_pairs": 5})
    return pd.DataFrame(rows)


def test_report_prints_differences_of_shares_in_percentage_points():
    page = report.comparison_table(_summary(indicators.outcomes(), 0.03), ["base", "policy"])
    assert "40.0%" in page and "43.0%" in page
    assert "+3.0 pp" in page and "+3.0%" not in page
    assert "+0.030" in page  # the language level is no share: its difference stays a level


def test_a_new_spec_reaches_every_consumer(monkeypatch):
    """Adding an indicator is one spec: tables, reports, the dashboard and the ODD show it."""
    monkeypatch.setattr(indicators, "SPECS", (*SPECS, NEW))
    name = NEW.name
    final = {s.name: 0.5 for s in SPECS} | {name: 0.25}
    run = {"final": final, **{s.name: 3.0 for s in RUN_SUMMARY}}
    assert f"  {name:30s} 25.0%" in headline_lines(run)
    other = {"final": final | {name: 0.28}, **{s.name: 3.0 for s in RUN_SUMMARY}}
    row = next(x for x in comparison_lines(("a", "b"), (run, other)) if x.startswith(name))
    assert row.split()[1:] == ["25.0%", "28.0%", "+3.0", "pp"]

    summary = _summary([*indicators.outcomes()], 0.03)
    assert "Test share" in report.comparison_table(summary, ["base", "policy"])
    out = io.StringIO()
    print_table(summary, ["base", "policy"], file=out)
    assert f"\n{name}\n" in out.getvalue() and "+3.0 pp" in out.getvalue()

    assert f"| `{name}` | share | test people | yes |" in generated()["indicators"]
    assert i18n.indicator_label(name, "fr") == "Part de test (%)"
    assert i18n.indicator_help(name, "fr") == "Une part ajoutée par un test."
    assert panels.fmt(name, 0.03, "en", signed=True) == "+3.0 pt"


def test_a_level_is_not_formatted_as_a_share(monkeypatch):
    """Changing a spec's kind is enough to change its unit everywhere."""
    level = replace(NEW, kind=Kind.LEVEL)
    monkeypatch.setattr(indicators, "SPECS", (*SPECS, level))
    assert i18n.indicator_label(level.name, "en") == "Test share (0-1)"
    assert panels.fmt(level.name, 0.03, "en", signed=True) == "+0.030"
    out = io.StringIO()
    print_table(_summary([level.name], 0.03), ["base", "policy"], file=out)
    assert "+0.030" in out.getvalue() and " pp" not in out.getvalue()
