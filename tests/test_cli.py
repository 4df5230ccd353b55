"""The ``tremplin`` command: clear one-line errors for bad files and flags, and what it writes.

Most cases run ``tremplin.cli.main`` in process (an uncaught exception would fail the test as a
traceback would); a few run the real command in a fresh process to check exit status and
stderr end to end.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest

from tremplin.model import indicators
from tremplin.model.indicators import headline
from tremplin.model.params import REGISTRY, SECTIONS
from tremplin.model.scenario import builtin_dir

BASELINE = builtin_dir() / "baseline.toml"
SHIPPED = sorted(builtin_dir().glob("*.toml"))

# (file text, field the message must name, what it must say is allowed)
BAD_FILES = {
    "unknown_key": ("[subsidy]\nstart_shar = 0.5\n", "[subsidy] start_shar", "start_share"),
    "above_range": ("[subsidy]\nstart_share = 1.5\n", "[subsidy] start_share",
                    REGISTRY["subsidy.start_share"].allowed()),
    "negative_months": ("[run]\nmonths = -3\n", "[run] months", REGISTRY["run.months"].allowed()),
    "string_for_int": ('[run]\nmonths = "twelve"\n', "[run] months",
                       REGISTRY["run.months"].allowed()),
    "yes_for_bool": ('[subsidy]\nenabled = "yes"\n', "[subsidy] enabled", "true or false"),
    "int_for_bool": ("[mentoring]\nenabled = 1\n", "[mentoring] enabled", "true or false"),
    "float_for_int": ("[run]\nmonths = 12.5\n", "[run] months", REGISTRY["run.months"].allowed()),
    "whole_float_for_int": ("[population]\nmigrants = 500.0\n", "[population] migrants",
                            REGISTRY["population.migrants"].allowed()),
    "below_minimum": ("[population]\nmigrants = 10\n", "[population] migrants",
                      REGISTRY["population.migrants"].allowed()),
    "bad_choice": ('[subsidy]\nshape = "cubic"\n', "[subsidy] shape", "'yearly_steps'"),
    "unknown_section": ("[subsidies]\nenabled = true\n", "subsidies", "subsidy"),
    "section_not_table": ("subsidy = 3\n", "subsidy", "[subsidy]"),
    "broken_toml": ("[subsidy\nenabled = true\n", "TOML", "line 1"),
    "missing_parent": ('extends = "nothere.toml"\n', "extends", "nothere.toml"),
    "regime_vs_preset": ('[regularisation]\npreset = "ceseda_l435_2"\nregime = "arraigo"\n',
                         "[regularisation] regime", "custom"),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _argv(command: str, path: Path, out: Path) -> list:
    if command == "run":
        return ["run", path, "--months", "2", "--out", out]
    return ["validate", path]


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_scenario_file_gives_one_clear_line(cli, tmp_path, command, case):
    text, field, allowed = BAD_FILES[case]
    path = _write(tmp_path, case, text)
    out = tmp_path / "out"
    res = cli(*_argv(command, path, out))
    assert res.code != 0
    assert "Traceback" not in res.err
    assert len(res.err_lines) == 1, res.err
    line = res.err_lines[0]
    assert path.name in line, f"the message must name the file: {line}"
    assert field in line, f"the message must name {field!r}: {line}"
    assert allowed in line, f"the message must say what is allowed ({allowed!r}): {line}"
    assert not out.exists(), "nothing may be written for a run that could not start"


def test_each_problem_gets_its_own_line(cli, tmp_path):
    path = _write(tmp_path, "two", "[population]\nshare_female = 5\n"
                                   "[subsidy]\nstart_share = 2\nenabled = true\n")
    res = cli("validate", path)
    assert res.code != 0
    assert len(res.err_lines) == 2, res.err
    assert all(path.name in line for line in res.err_lines)
    assert any("[population] share_female" in line for line in res.err_lines)
    assert any("[subsidy] start_share" in line for line in res.err_lines)


def test_error_names_the_file_that_set_the_value(cli, tmp_path):
    """A child that extends a parent with a bad value: the message names the parent, after the
    child's ``extends`` line that led there, and does not quote the parent's value."""
    _write(tmp_path, "parent", "[subsidy]\nstart_share = 1.7\n")
    child = _write(tmp_path, "child", 'extends = "parent.toml"\n[subsidy]\nenabled = true\n')
    res = cli("validate", child)
    assert res.code != 0
    assert len(res.err_lines) == 1, res.err
    line = res.err_lines[0]
    assert f"{child}: extends = 'parent.toml' -> {tmp_path / 'parent.toml'}: " in line, line
    assert "[subsidy] start_share: must be" in line and "1.7" not in line, line


def test_error_names_the_extending_file_that_broke_a_value(cli, tmp_path):
    """The child breaks a value the (valid, shipped) parent set: the child is named."""
    child = _write(tmp_path, "child", f'extends = "{BASELINE.as_posix()}"\n'
                                      '[pathway]\nmode = "zigzag"\n')
    res = cli("validate", child)
    assert res.code != 0
    assert len(res.err_lines) == 1, res.err
    line = res.err_lines[0]
    assert "child.toml" in line and "baseline.toml" not in line, line
    assert "[pathway] mode" in line and "'integrated'" in line


def test_regime_contradicting_an_inherited_preset_names_the_child(cli, tmp_path):
    child = _write(tmp_path, "child", f'extends = "{BASELINE.as_posix()}"\n'
                                      '[regularisation]\nregime = "arraigo"\n')
    res = cli("validate", child)
    assert res.code != 0
    assert len(res.err_lines) == 1, res.err
    assert "child.toml" in res.err_lines[0]
    assert "belgium_9bis" in res.err_lines[0]


@pytest.mark.parametrize(("argv", "flag"), [
    (["run", "baseline", "--seed", "-1"], "--seed"),
    (["run", "baseline", "--months", "0"], "--months"),
    (["run", "baseline", "--months", "abc"], "--months"),
    (["run", "baseline", "--seed", "1.5"], "--seed"),
    (["compare", "baseline", "all_levers", "--months", "-2"], "--months"),
    (["run", "no_such_scenario"], "no_such_scenario"),
    (["validate", "no_such_scenario"], "no_such_scenario"),
    (["compare", "baseline", "no_such_scenario", "--months", "1"], "no_such_scenario"),
    (["params", "--section", "no_such_section"], "no_such_section"),
])
def test_bad_flags_exit_2_with_one_line(cli, tmp_path, argv, flag):
    res = cli(*argv, *(["--out", tmp_path / "out"] if argv[0] == "run" else []))
    assert res.code == 2
    assert len(res.err_lines) == 1, res.err
    assert flag in res.err_lines[0]
    assert "Traceback" not in res.err
    assert not (tmp_path / "out").exists()


def test_unknown_scenario_lists_the_shipped_ones(cli):
    res = cli("validate", "no_such_scenario")
    assert all(p.stem in res.err for p in SHIPPED)


@pytest.mark.parametrize("argv", [
    ["run", "BAD", "--months", "2"],
    ["run", "baseline", "--months", "abc"],
])
def test_errors_from_a_fresh_process(tremplin_cmd, tmp_path, argv):
    """End to end: the installed command exits non-zero with one line and no traceback."""
    bad = _write(tmp_path, "bad", "[subsidy]\nstart_share = 1.5\n")
    argv = [str(bad) if a == "BAD" else a for a in argv]
    proc = subprocess.run([*tremplin_cmd, *argv, *(["--out", "o"] if argv[0] == "run" else [])],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len([x for x in proc.stderr.splitlines() if x.strip()]) == 1, proc.stderr
    assert not (tmp_path / "o").exists()


# ----------------------------------------------------------------------------- params


def test_params_lists_every_registry_key(cli):
    res = cli("params")
    assert res.code == 0
    listed = {line.split()[0] for line in res.out.splitlines()[1:] if line.strip()}
    assert listed == set(REGISTRY)


def test_params_json_parses_and_matches_the_registry(cli):
    res = cli("params", "--format", "json")
    assert res.code == 0
    rows = json.loads(res.out)
    assert [r["name"] for r in rows] == list(REGISTRY)
    for r in rows:
        p = REGISTRY[r["name"]]
        assert r["default"] == p.default
        assert r["unit"] == p.unit and r["source"] == p.source
        assert r["calibrated"] == p.calibrate and r["lever"] == p.lever


def test_params_section_filter(cli):
    res = cli("params", "--section", "subsidy", "--format", "json")
    names = [r["name"] for r in json.loads(res.out)]
    assert names and all(n.startswith("subsidy.") for n in names)
    assert set(names) == {k for k in REGISTRY if k.startswith("subsidy.")}


# ----------------------------------------------------------------------------- validate / run


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_validate_passes_on_every_shipped_scenario(cli, path):
    for ref in (path.stem, path):
        res = cli("validate", ref)
        assert res.code == 0, res.err
        assert res.err == ""


def test_validate_show_prints_the_resolved_scenario(cli):
    res = cli("validate", "all_levers", "--show")
    assert res.code == 0
    resolved = json.loads(res.out[res.out.index("{"):])
    assert set(SECTIONS) <= set(resolved)
    assert resolved["regularisation"]["min_activity_months"] == 36  # from the preset


def test_run_writes_one_row_per_month_and_every_indicator(cli, tmp_path):
    months = 5
    out = tmp_path / "out"
    res = cli("run", "baseline", "--seed", "2", "--months", str(months), "--out", out)
    assert res.code == 0, res.err
    with (out / "timeseries.csv").open(newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = list(reader)
    assert header == indicators.names()
    required = {
        "month", "migrants_present", "employment_rate", "employment_rate_regular",
        "unemployment_rate", "mainstream_employment_rate", "sse_employment_rate",
        "informal_work_rate", "regularisation_rate", "undocumented_share",
        "overqualification_rate", "mean_language_level", "coops_active", "coop_survival_rate",
        "municipal_spend_eur", "sse_springboard_rate", "long_term_unemployment_share",
        "coop_survival_36m", "coop_survival_60m",
        "employment_rate_women", "employment_rate_men",
        "employment_rate_arrived_undocumented", "employment_rate_arrived_asylum",
        "employment_rate_arrived_permit",
        "employment_rate_years_0_1", "employment_rate_years_2_3", "employment_rate_years_4_5",
        "employment_rate_years_6_9", "employment_rate_years_10_plus",
    }
    assert required <= set(header), sorted(required - set(header))
    assert [int(r["month"]) for r in rows] == list(range(months + 1))
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 2 and summary["months"] == months
    # the printed headline names every headline indicator, with its unit
    for s in headline(run_summary=True):
        assert s.name in res.out
    share = next(line for line in res.out.splitlines() if line.split()[:1] == ["employment_rate"])
    assert share.endswith("%") or share.endswith("n/a"), share


def test_compare_prints_a_table_with_both_names(cli, tmp_path):
    res = cli("compare", "baseline", "all_levers", "--months", "6", "--seed", "1")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    header = next(line for line in lines if line.startswith("indicator"))
    assert "baseline" in header and "all_levers" in header and "difference" in header
    for s in headline(run_summary=True):
        row = next((line for line in lines if line.split()[:1] == [s.name]), None)
        assert row is not None, f"no row for {s.name}"
        cell = r"(n/a|[+-]?[\d,]+(\.\d+)?(%| pp| EUR| months)?)"  # two values, a difference
        assert re.fullmatch(rf"{s.name}\s+{cell}\s+{cell}\s+{cell}", row), row
        if s.kind is indicators.Kind.SHARE and "n/a" not in row:  # a difference in points
            assert row.count("%") == 2 and row.endswith(" pp"), row


def test_shipped_name_works_next_to_a_folder_of_that_name(cli, tmp_path, monkeypatch):
    """``tremplin run baseline --out baseline`` then ``tremplin run baseline`` again."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "baseline").mkdir()
    res = cli("validate", "baseline")
    assert res.code == 0, res.err


def test_unwritable_output_folder_is_one_line_not_a_traceback(cli, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    res = cli("run", "baseline", "--months", "2", "--out", blocker / "out")
    assert res.code == 2
    assert len(res.err_lines) == 1, res.err
    assert "a_file" in res.err_lines[0]
