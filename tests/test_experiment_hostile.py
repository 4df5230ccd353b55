"""Hostile experiment files, calibration files, facts files and study flags, through ``tremplin``.

Each is refused in one line naming the file (or the flag), the field and what is allowed, with
exit status 2 and no traceback; a design too big to run is refused before anything is sampled
unless ``--force``. A seeded, bounded set of generated experiment files checks the same rule
over wrong types, out-of-range values, NaN, huge designs, nested junk and unknown keys.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from tremplin.experiments.experiment import load_experiment

DISCRIMINATION = "labour_market.discrimination"
STUDY = ('kind = "sensitivity"\nname = "s"\nparams = ["labour_market.discrimination"]\n'
         "months = 3\n")
BATCH = 'kind = "batch"\nname = "b"\nscenarios = ["baseline"]\nreplications = 2\nmonths = 3\n'


def _refused(res, *needles: str) -> None:
    """One line, exit status 2, naming what it must."""
    assert res.code == 2 and len(res.err_lines) == 1, (res.code, res.err)
    for needle in needles:
        assert needle in res.err, res.err


def _refused_all(res, path: str) -> None:
    """Exit status 2 and one line per problem (every problem of a file is listed at once,
    issue 12), each naming the file, at most 20 and a count, each cut short."""
    lines = res.err_lines
    assert res.code == 2 and 1 <= len(lines) <= 21, (res.code, res.err)
    assert all(path in line for line in lines[:20]), res.err
    assert all(len(line) < 1000 for line in lines), res.err  # junk is cut short


def _experiment(cli, tmp_path: Path, text: str, *flags: str):
    path = tmp_path / "exp.toml"
    path.write_text(text)
    return cli("experiment", path, "--serial", "--out", tmp_path / "out", *flags), path


# ---------------------------------------------------------------------- the known cases
@pytest.mark.parametrize(("text", "needles"), [
    ('kind = ["batch"]\nname = "b"\n',
     ("kind = ['batch']", "must be 'batch', 'sensitivity' or 'sweep'")),
    ('kind = {a = 1}\n', ("kind = {'a': 1}",)),
    ('name = "b"\n', ("missing kind",)),
    (STUDY + "outputs = []\n", ("outputs = []", "at least 1 item")),
    (STUDY + "tolerance = nan\n", ("tolerance = nan",)),
    (STUDY + "tolerance = -1.0\n", ("tolerance = -1.0", "greater than 0")),
    (STUDY + "n = 1048576\n", ("n = 1048576, scrambles = 8, replications = 1",
                               "25,165,824 model runs", "100,000 runs", "--force")),
    (STUDY + "scrambles = 100000\n", ("scrambles = 100000", "less than or equal to 1000")),
    (STUDY + "scrambles = 1000\nreplications = 3\n", ("144,000 model runs", "--force")),
    (STUDY + 'method = "morris"\nn = 1000000\n',
     ("n = 1000000, replications = 1", "trajectories x (D+1)", "--force")),
])
def test_known_experiment_cases_are_one_line(cli, tmp_path, text, needles):
    res, path = _experiment(cli, tmp_path, text)
    _refused(res, str(path), *needles)
    assert not (tmp_path / "out").exists()  # refused before anything is written


@pytest.mark.parametrize(("flags", "needles"), [
    (["--tolerance", "nan"], ("--tolerance must be a number above 0 and at most 1",)),
    (["--tolerance", "-1"], ("--tolerance", "'-1'")),
    (["--tolerance", "inf"], ("--tolerance",)),
    (["--level", "1"], ("--level must be a number strictly between 0 and 1",)),
    (["--level", "nan"], ("--level",)),
    (["--range", f"{DISCRIMINATION}=nan:0.5"], ("finite numbers",)),
    (["--range", f"{DISCRIMINATION}=0.1:inf"], ("finite numbers",)),
    (["--n", "4194304"], ("--n must be from 2 to 1048576",)),
    (["--n", "1048576"], ("--n 1048576, --scrambles 8, --replications 1",
                          "25,165,824 model runs", "--force")),
    (["--scrambles", "100000"], ("--scrambles must be from 2 to 1000",)),
    (["--replications", "0"], ("--replications must be from 1 to 100000",)),
    (["--months", "601"], ("--months must be from 1 to 600",)),
    (["--month", "-1"], ("--month must be >= 0",)),
    (["--month", "601"], ("--month 601: must be from 0 to the horizon (3 months)",)),
    (["--seed", "99999999999999999999999"], ("--seed must be from 0 to",)),
    (["--levels", "1"], ("--levels must be from 2 to 1000",)),
    (["--outputs", ","], ("--outputs []", "at least 1 item")),
    (["--params", ","], ("--params: name at least one",)),
])
def test_study_flags_are_refused_in_one_line(cli, tmp_path, flags, needles):
    args = ["--params", DISCRIMINATION, "--months", "3", *flags]
    res = cli("sensitivity", *args, "--serial", "--out", tmp_path / "out")
    _refused(res, *needles)
    assert not (tmp_path / "out").exists()


def test_force_lifts_the_design_size_limit_only():
    from tremplin.experiments.study import SensitivitySpec

    spec = SensitivitySpec.build({"params": [DISCRIMINATION], "n": 2**20, "months": 3})
    size = spec.size()
    assert size.runs == 2**20 * 3 * 8 and size.memory > 2e9
    spec.guard(force=True)  # no refusal: the user asked for it
    small = SensitivitySpec.build({"params": [DISCRIMINATION], "n": 8, "months": 3})
    small.guard()  # far below the limits
    assert small.size().runs == 8 * 3 * 8


# ---------------------------------------------------------------------- every field family
@pytest.mark.parametrize(("text", "needle"), [
    (BATCH.replace('name = "b"', "name = 1"), "name = 1"),
    (BATCH.replace('name = "b"', 'name = ""'), "name = ''"),
    (BATCH.replace('["baseline"]', "[]"), "scenarios = []"),
    (BATCH.replace('["baseline"]', "[1]"), "scenarios.0 = 1"),
    (BATCH.replace('["baseline"]', '"baseline"'), "scenarios = 'baseline'"),
    (BATCH.replace('["baseline"]', '["nowhere"]'), "scenarios: nowhere"),
    (BATCH.replace("replications = 2", "replications = 2.0"), "replications = 2.0"),
    (BATCH.replace("replications = 2", "replications = true"), "replications = True"),
    (BATCH.replace("replications = 2", "replications = 1000000"), "replications = 1000000"),
    (BATCH.replace("months = 3", "months = nan"), "months = nan"),
    (BATCH.replace("months = 3", "months = 0"), "months = 0"),
    (BATCH + "seed = -1\n", "seed = -1"),
    (BATCH + "seed = 1.5\n", "seed = 1.5"),
    (BATCH + "out = []\n", "out = []"),
    (BATCH + "overrides = 1\n", "overrides = 1"),
    (BATCH + "overrides = {population = 3}\n", "overrides.population = 3"),
    (BATCH + "__origins__ = 1\n", "__origins__ = 1: unknown setting"),
    (BATCH + "description = [[[[[[1]]]]]]\n", "description = [[[[[[1]]]]]]"),
    (STUDY.replace('["labour_market.discrimination"]', '"labour_market.discrimination"'),
     "params = 'labour_market.discrimination'"),
    (STUDY.replace('["labour_market.discrimination"]', "[[1]]"), "params.0 = [1]"),
    (STUDY.replace('["labour_market.discrimination"]', "[]"), "params: name at least one"),
    (STUDY + 'method = ["sobol"]\n', "method = ['sobol']"),
    (STUDY + "n = 2.5\n", "n = 2.5"),
    (STUDY + "n = 1\n", "n = 1"),
    (STUDY + 'scrambles = "8"\n', "scrambles = '8'"),
    (STUDY + 'outputs = "employment_rate"\n', "outputs = 'employment_rate'"),
    (STUDY + 'outputs = ["joy"]\n', "outputs: 'joy' is not an indicator"),
    (STUDY + "second_order = 1\n", "second_order = 1"),
    (STUDY + "month = inf\n", "month = inf"),
    (STUDY + "level = 1.0\n", "level = 1.0"),
    (STUDY + "level = nan\n", "level = nan"),
    (STUDY + "levels = 1\n", "levels = 1"),
    (STUDY + "tolerance = inf\n", "tolerance = inf"),
    (STUDY + "seed = 1e3\n", "seed = 1000.0"),
    (STUDY + 'scenario = ""\n', "scenario = ''"),
    (STUDY + "scenario = 3\n", "scenario = 3"),
    (STUDY + "ranges = 1\n", "ranges = 1"),
    (STUDY + '[ranges]\n"labour_market.discrimination" = [0.1, nan]\n',
     "ranges.labour_market.discrimination.1 = nan"),
    (STUDY + '[ranges]\n"labour_market.discrimination" = [0.1, inf]\n',
     "ranges.labour_market.discrimination.1 = inf"),
    (STUDY + '[ranges]\n"labour_market.discrimination" = [0.1]\n', "must be [LO, HI]"),
    (STUDY + '[ranges]\n"labour_market.discrimination" = "0.1:0.5"\n',
     "ranges.labour_market.discrimination = '0.1:0.5'"),
    # named after the file's overrides, not "<baseline with changes>" (issue 12)
    (STUDY + "[overrides]\npopulation = { migrants = -5 }\n",
     ": overrides: [population] migrants = -5: must be"),
    (STUDY + "__origins__ = 1\n", "__origins__ = 1: unknown setting"),
])
def test_every_experiment_field_is_checked(cli, tmp_path, text, needle):
    res, path = _experiment(cli, tmp_path, text)
    _refused(res, str(path), needle)


# ---------------------------------------------------------------------- calibration files
def _calibration(tmp_path: Path, old: str, new: str) -> Path:
    """The shipped be_2019 file with the line starting ``old`` (or the table ``[old]``,
    header and keys) replaced by ``new`` (a table's replacement goes first, as a top key)."""
    from tremplin.calibration.targets import SHIPPED

    lines = SHIPPED.resolve("be_2019").read_text().replace(
        '"data/', f'"{SHIPPED.folder}/data/').splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(old))
    if old.startswith("["):  # drop the whole table, put the replacement on top
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")),
                   len(lines))
        lines = [new, *lines[:start], *lines[end:]]
    else:
        lines[start] = new
    path = tmp_path / "c.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("name = ", "name = 3", "name = 3 must be str"),
    ("description = ", "description = 3", "description = 3 must be str"),
    ("year = ", "year = 2019.5", "year = 2019.5 must be int"),
    ("geo = ", "geo = []", "geo = [] must be str"),
    ("overrides = ", "overrides = {population = 1}", "overrides must be a table"),
    ("allow_flags = ", "allow_flags = [1]", "allow_flags = [1] must list Eurostat flags"),
    ("[run]", "run = 5", "run = 5 must be a table"),
    ("months = ", "months = 24.5", "[run] months = 24.5 must be an integer"),
    ("months = ", "months = nan", "[run] months = nan"),
    ("average_from = ", 'average_from = "12"', "[run] average_from = '12'"),
    ("[fit]", "fit = [1]", "fit = [1] must be a table"),
    ("particles = ", "particles = nan", "[fit] particles = nan must be an integer from 2"),
    ("particles = ", "particles = inf", "[fit] particles = inf"),
    ("particles = ", "particles = 1e30", "[fit] particles = 1e+30"),
    ("minutes = ", "minutes = -1", "[fit] minutes = -1 must be a finite number"),
    ("min_epsilon = ", "min_epsilon = inf", "[fit] min_epsilon = inf"),
    ("seed = ", "seed = -3", "[fit] seed = -3"),
    ("report_seeds = ", "report_seeds = true", "[fit] report_seeds = True"),
    ("parameters = [", "parameters = [[1], ", "[fit] parameters: [1] is not a calibrated"),
    ("parameters = [", 'parameters = "abc"\nparticles_ = [',
     "unknown field 'particles_'"),
    ("tolerance = ", "tolerance = nan", "tolerance must be > 0 (a finite number), got nan"),
    ("tolerance = ", "tolerance = inf", "got inf"),
    ("tolerance = ", 'tolerance = 1.5\nscale = "abc"', "scale must be > 0"),
    ("tolerance = ", "tolerance = 1.5\nscale = nan", "scale must be > 0"),
    ("tolerance = ", "tolerance = 1.5\nyear = [2019]", "year = [2019] must be int"),
    ("tolerance = ", "tolerance = 1.5\ngeo = 1", "geo = 1 must be str"),
    ("where = ", 'where = { citizen = ["NAT"] }', "where.citizen = ['NAT'] must be a code"),
    ("where = ", "where = 3", "where = 3 must be dict"),
    ("lfsa_ergan = ", "lfsa_ergan = 3", "lfsa_ergan = 3 must be str"),
])
def test_every_calibration_field_is_checked(cli, tmp_path, old, new, needle):
    path = _calibration(tmp_path, old, new)
    res = cli("calibrate", path, "--out", tmp_path / "out")
    _refused(res, str(path), needle)
    assert not (tmp_path / "out").exists()


def test_fit_parameters_must_be_a_list(tmp_path):
    from tremplin.calibration.targets import CalibrationFileError, load

    path = _calibration(tmp_path, "[fit]", '[fit]\nparameters = "abc"')
    path.write_text(path.read_text().replace('[fit]\nparameters = "abc"\n', "") +
                    '\n[fit]\nparameters = "abc"\n')
    with pytest.raises(CalibrationFileError, match="parameters = 'abc' must be a non-empty"):
        load(path)


def test_a_list_where_a_target_table_is_expected(cli, tmp_path):
    path = _calibration(tmp_path, "[[targets]]", "targets = [1, 2]")
    text = path.read_text()
    path.write_text(text[:text.index("[[targets]]")])  # no table targets left
    _refused(cli("calibrate", path), str(path), "[[targets]] #1: 1 must be a table")


@pytest.mark.parametrize(("budget", "needle"), [
    ("particles=nan", "--budget particles=nan: must be an integer from 2 to 100000"),
    ("particles=inf", "--budget particles=inf: must be an integer"),
    ("particles=1.5", "--budget particles=1.5: must be an integer"),
    ("particles=1", "--budget particles=1: must be an integer from 2"),
    ("generations=0", "--budget generations=0:"),
    ("minutes=nan", "--budget minutes=nan: must be a finite number"),
    ("min_epsilon=-inf", "--budget min_epsilon=-inf:"),
    ("seed=-1", "--budget seed=-1:"),
    ("max_simulations=1e99", "--budget max_simulations=1e99:"),
    ("particles", "expected key=value"),
    ("__class__=1", "expected key=value"),
])
def test_budget_flags_are_refused_in_one_line(cli, tmp_path, budget, needle):
    res = cli("calibrate", "be_2019", "--budget", budget, "--out", tmp_path / "out")
    _refused(res, needle)
    assert not (tmp_path / "out").exists()


def test_a_good_budget_is_typed_like_the_file():
    from tremplin.calibration.cli import parse_budget

    assert parse_budget("particles=40,minutes=2.5,min_epsilon=1") == {
        "particles": 40, "minutes": 2.5, "min_epsilon": 1.0}
    assert isinstance(parse_budget("particles=4e1")["particles"], int)


# ---------------------------------------------------------------------- facts files
@pytest.mark.parametrize(("body", "needle"), [
    ("indicator,year,value,tolerance\nemployment_rate\n", "line 2: give exactly one"),
    ("indicator,year,value,tolerance\nemployment_rate,1,0.5\n", "line 2: month/year must"),
    ("indicator,year,value,tolerance\nemployment_rate,1,0.5,nan\n", "finite tolerance > 0"),
    ("indicator,year,value,tolerance\nemployment_rate,1,0.5,inf\n", "finite tolerance > 0"),
    ("indicator,year,value,tolerance\nemployment_rate,1,inf,0.1\n", "a finite value"),
    ("indicator,month,value,tolerance\nemployment_rate,1000000000,0.5,0.1\n",
     "month from 0 to 600"),
    ("indicator,year,value,tolerance\nemployment_rate,51,0.5,0.1\n", "year from 1 to 50"),
    ("indicator,year,value,tolerance\nemployment_rate,\u0661,0.5,0.1\n", "must be an integer"),
    ("indicator,year,value,tolerance\nemployment_rate,1,0.5,0.1,9,9\n", "not a CSV"),
    ("", "not a CSV"),
    ("\n\n\n", "not a CSV"),
    ("a,b\n1,2\n", "needs columns"),
    ("indicator,year,value,tolerance\n", "no facts"),
])
def test_malformed_facts_files_are_one_line(cli, tmp_path, body, needle):
    facts = tmp_path / "facts.csv"
    facts.write_text(body)
    _refused(cli("validate-fit", "baseline", facts), "facts.csv", needle)


def test_control_characters_and_long_names_stay_one_line(cli, tmp_path):
    facts = tmp_path / "facts.csv"
    facts.write_text('indicator,"a\nyear",value,tolerance\nemployment_rate,1,0.5,0.1\n')
    _refused(cli("validate-fit", "baseline", facts), "has indicator, a\\nyear")
    long = "x" * 300 + ".toml"
    _refused(cli("calibrate", _calibration(tmp_path, "base = ", f'base = "{long}"')),
             "base = 'xxx", "File name too long")
    _refused(cli("calibrate", _calibration(tmp_path, "lfsa_ergan = ", f'lfsa_ergan = "{long}"')),
             "[data] file 'xxx", "not found")
    res, path = _experiment(cli, tmp_path, BATCH.replace('["baseline"]', f'["{long}"]'))
    _refused(res, str(path), "scenarios: 'xxx", "File name too long")
    res = cli("sensitivity", "--params", DISCRIMINATION, "--scenario", "a\nb", "--months", "3")
    _refused(res, "--scenario: a\\nb")


@pytest.mark.parametrize("argv", [
    ["calibrate", "be_2019", "--workers", "100000"],
    ["validate-fit", "baseline", "facts.csv", "--workers", "0"],
])
def test_calibration_worker_counts_are_bounded(cli, argv):
    _refused(cli(*argv), "--workers must be from 1 to 512")


def test_binary_and_folder_facts_are_one_line(cli, tmp_path):
    facts = tmp_path / "facts.csv"
    facts.write_bytes(b"\xff\xfe\x00\x81" * 50)
    _refused(cli("validate-fit", "baseline", facts), "facts.csv")
    _refused(cli("validate-fit", "baseline", tmp_path), str(tmp_path))
    _refused(cli("validate-fit", "baseline", facts, "--seeds", "100001"), "--seeds")


# ---------------------------------------------------------------------- generated files
def _toml(value) -> str:
    """A TOML value (inline form) of a Python value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


def _junk(rng: random.Random, depth: int = 0):
    """A hostile value: a wrong type, a bad number, a huge one or nested junk."""
    pool = [math.nan, math.inf, -math.inf, -1, 0, 1, 2**62, -2**63, 1e308, 0.5, -0.0, True,
            "", "x" * 300, "a\u0000b", "../..", "baseline", [], {}, [1, "a"],
            {"__origins__": 1}, 2**20, 100_000, 3, 7, 2**10]
    if depth < 3 and rng.random() < 0.3:
        return rng.choice([[_junk(rng, depth + 1)], {"k": _junk(rng, depth + 1)}])
    if rng.random() < 0.05:
        deep = 1
        for _ in range(rng.randint(20, 120)):
            deep = [deep]
        return deep
    return rng.choice(pool)


BATCH_FIELDS = {"kind": "batch", "name": "b", "scenarios": ["baseline"], "replications": 2,
                "months": 3, "seed": 0, "description": "", "overrides": {}}
STUDY_FIELDS = {"kind": "sensitivity", "name": "s", "params": [DISCRIMINATION],
                "method": "sobol", "n": 4, "scrambles": 2, "months": 3, "replications": 1,
                "outputs": ["employment_rate"], "tolerance": 0.1, "level": 0.9, "levels": 4,
                "seed": 0, "second_order": False, "month": 2,
                "ranges": {DISCRIMINATION: [0.1, 0.5]}}
EXTRA_KEYS = ["__origins__", "colour", "Kind", "extends", "n ", "__class__"]
GENERATED = 150


def _hostile_file(rng: random.Random) -> dict:
    """A valid experiment (batch or study) with one to three fields spoilt or added, or (one
    in five) a study whose design is valid but huge."""
    if rng.random() < 0.2:
        return {**STUDY_FIELDS, "n": rng.choice([2**10, 2**14, 2**20]),
                "scrambles": rng.choice([8, 100, 1000]),
                "replications": rng.choice([1, 10, 1000]),
                "method": rng.choice(["sobol", "morris"])}
    doc = dict(rng.choice([BATCH_FIELDS, STUDY_FIELDS]))
    for _ in range(rng.randint(1, 3)):
        key = rng.choice([*doc, *EXTRA_KEYS]) if rng.random() < 0.15 else rng.choice(list(doc))
        doc[key] = _junk(rng)
    return doc


@pytest.fixture
def no_runs(monkeypatch):
    """Validation and the size guard run for real; a valid file then runs nothing."""
    import tremplin.experiments.cli as ecli
    import tremplin.experiments.report as report

    def study(spec, out, where, force=False):
        spec.guard(force)
        return 0

    monkeypatch.setattr(ecli, "run_batch", lambda *a, **k: 0)
    monkeypatch.setattr(ecli, "run_sensitivity_cmd", study)
    monkeypatch.setattr(report, "write_report", lambda *a, **k: Path("report.html"))


def test_generated_hostile_experiment_files(cli, tmp_path, no_runs):
    """150 seeded hostile files: each refused, one line per problem naming the file, or
    valid."""
    rng = random.Random(16)
    counts = {"refused": 0, "valid": 0, "too_big": 0}
    for i in range(GENERATED):
        doc = _hostile_file(rng)
        path = tmp_path / f"e{i}.toml"
        path.write_text("".join(f"{json.dumps(k)} = {_toml(v)}\n" for k, v in doc.items()))
        res = cli("experiment", path, "--serial", "--out", tmp_path / "out")
        if res.code == 0:
            counts["valid"] += 1
            load_experiment(path)  # valid through the command line: valid when loaded
        else:
            _refused_all(res, str(path))
            counts["refused"] += 1
            counts["too_big"] += "model runs" in res.err and "--force" in res.err
    assert counts["refused"] + counts["valid"] == GENERATED
    # the set is hostile, huge designs included, and some files stay valid
    assert counts["refused"] > 100 and counts["too_big"] > 10 and counts["valid"] > 0, counts
