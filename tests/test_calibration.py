"""Calibration files, the ABC-SMC fit (recovery of a known parameter, resume after SIGKILL,
reproducibility) and validate-fit.

The fit tests use a tiny model (200 migrants, 8 months) and a synthetic Eurostat file written
from model runs at a known parameter value, so the fit must recover that value.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tremplin.model as tm
from tremplin.calibration import targets, validate
from tremplin.calibration.targets import CalibrationFileError
from tremplin.cli import main
from tremplin.model import run_scenario, scenario

# as far from the registry default (0.8) as 0.83 was from the former 0.755
TRUE_PARTICIPATION = 0.725
SMALL = {"population": {"migrants": 200, "natives": 1800}}  # 600 native agents: less noise


# ----------------------------------------------------------------------------- targets file
def test_shipped_be_2019_targets_are_read_from_the_data():
    cal = targets.load("be_2019")
    got = {t.name: (t.indicator, t.value, t.flags) for t in cal.targets}
    assert got == {
        "employment_NAT": ("natives_employment_rate", 71.8, ""),
        "unemployment_NAT": ("natives_unemployment_rate", 4.6, ""),
        "employment_NEU27": ("employment_rate_regular", 44.2, ""),
        "unemployment_NEU27": ("unemployment_rate_regular", 18.5, ""),
        "employment_NEU27_F": ("employment_rate_regular_women", 30.1, ""),
        "unemployment_NEU27_F": ("unemployment_rate_regular_women", 20.4, ""),
        "employment_NEU27_M": ("employment_rate_regular_men", 58.7, ""),
        "unemployment_NEU27_M": ("unemployment_rate_regular_men", 17.4, ""),
    }
    assert all(t.where["age"] == "Y20-64" for t in cal.targets)
    sexes = {t.indicator: t.where["sex"] for t in cal.targets}
    assert all(sex == {"women": "F", "men": "M"}.get(name.rsplit("_", 1)[-1], "T")
               for name, sex in sexes.items())
    assert all(t.scale == 100 for t in cal.targets)  # unit PC: percent vs model shares
    assert cal.notes == []
    assert all(tm.params.REGISTRY[k].calibrate for k in cal.fit.parameters)


def test_shipped_fr_2019_reads_the_french_figures_for_the_french_base():
    """fr_2019 fits the french base scenario to the same eight series as be_2019, read for FR
    (lfsa_ergan / lfsa_urgan 2019), and the french scenario carries the rules it says."""
    be, fr = targets.load("be_2019"), targets.load("fr_2019")
    assert fr.geo == "FR" and fr.base == "france" and fr.fit.parameters == be.fit.parameters
    assert [t.name for t in fr.targets] == [t.name for t in be.targets]
    assert {t.name: t.value for t in fr.targets} == {
        "employment_NAT": 72.9, "unemployment_NAT": 7.7, "employment_NEU27": 51.9,
        "unemployment_NEU27": 18.0, "employment_NEU27_F": 38.6, "unemployment_NEU27_F": 20.6,
        "employment_NEU27_M": 68.2, "unemployment_NEU27_M": 16.1}
    france = tm.load("france")
    assert france.regularisation.preset == "valls_circular"
    assert france.demography.asylum_work_access_months == 6
    assert france.population.initial_state == "drawn"  # not Belgium's stored steady state
    assert france.run.burn_in_months == 120


def _edit(tmp_path: Path, old: str, new: str, name: str = "c.toml") -> Path:
    text = targets.SHIPPED.resolve("be_2019").read_text().replace(old, new)
    text = text.replace('"data/estat_', f'"{targets.SHIPPED.folder}/data/estat_')
    path = tmp_path / name
    path.write_text(text)
    return path


CALENDAR = ("average_from = 12\naverage_to = 24", 'start = "2018-01"')


def _calendar_file(tmp_path: Path, run: str = CALENDAR[1]) -> Path:
    """be_2019 on a calendar from January 2018: its targets stay 2019, and the women's
    employment target is read for 2018 instead (its own ``year``)."""
    text = _edit(tmp_path, CALENDAR[0], run).read_text()
    text = text.replace('name = "employment_NEU27_F"', 'name = "employment_NEU27_F"\nyear = 2018')
    path = tmp_path / "calendar.toml"
    path.write_text(text)
    return path


def test_a_calendar_compares_each_target_with_the_months_of_its_year(tmp_path):
    """With [run] start, the 2018 target is the mean of simulation months 1-12 and the 2019
    ones of months 13-24 (not one shared window), and the simulator computes exactly that."""
    from tremplin.calibration import fit

    cal = targets.load(_calendar_file(tmp_path))
    assert cal.start == (2018, 1)
    windows = {t.name: (t.where["time"], t.first, t.last) for t in cal.targets}
    assert windows["employment_NEU27_F"] == ("2018", 1, 12)
    assert {w for n, w in windows.items() if n != "employment_NEU27_F"} == {("2019", 13, 24)}
    assert {t.name: t.value for t in cal.targets}["employment_NEU27_F"] == 32.1  # 2018 figure
    small = replace(cal, overrides={"population": {"migrants": 200, "natives": 1800}})
    sim = fit.Simulator.of(small)
    got = sim.run({}, seed=5)
    ts = run_scenario(sim.scenario, 5, months=24).timeseries
    for name, indicator, first, last in (("employment_NEU27_F", "employment_rate_regular_women",
                                          1, 12), ("employment_NAT", "natives_employment_rate",
                                                   13, 24)):
        window = ts.loc[(ts.month >= first) & (ts.month <= last), indicator]
        assert got[name] == pytest.approx(100 * window.mean())
    assert got["employment_NEU27_F"] != pytest.approx(
        100 * ts.loc[(ts.month >= 13), "employment_rate_regular_women"].mean())


@pytest.mark.parametrize(("run", "message"), [
    ('start = "2018-13"', 'start = \'2018-13\' must be a month written YYYY-MM'),
    ('start = 2018', "start = 2018 must be a month written YYYY-MM"),
    ('start = "2018-01"\naverage_from = 12', "remove average_from and average_to"),
    ('start = "2018-07"', "year 2018 begins before [run] start 2018-07"),
    ('start = "2017-01"', "year 2019 ends at simulation month 36, after [run] months = 24"),
])
def test_calendar_errors_name_the_field(tmp_path, run, message):
    with pytest.raises(CalibrationFileError) as e:
        targets.load(_calendar_file(tmp_path, run))
    assert message in str(e.value) and "calendar.toml" in str(e.value)


def test_flagged_values_are_refused_unless_allowed(tmp_path):
    # BE 2021 NEU27 employment is 43.3 flagged b (break in series)
    path = _edit(tmp_path, "year = 2019", "year = 2021")
    with pytest.raises(CalibrationFileError, match=r"target 'employment_NAT'.*flagged 'b' "
                       r"\(b = break in time series\); add the flags to allow_flags"):
        targets.load(path)
    path = _edit(tmp_path, 'allow_flags = ""', 'allow_flags = "b"').read_text()
    path = tmp_path / "c2.toml"
    path.write_text(_edit(tmp_path, 'allow_flags = ""', 'allow_flags = "b"').read_text()
                    .replace("year = 2019", "year = 2021"))
    cal = targets.load(path)
    assert {t.name: t.value for t in cal.targets}["employment_NEU27"] == 43.3
    assert any("employment_NEU27" in n and "'b'" in n for n in cal.notes)


def test_missing_values_are_refused(tmp_path):
    # Bosnia-Herzegovina NEU27 employment 2019 is ':' in the extract
    path = _edit(tmp_path, 'geo = "BE"', 'geo = "BA"')
    with pytest.raises(CalibrationFileError, match=r"is missing in estat_lfsa_\w+\.tsv"):
        targets.load(path)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('base = "baseline"', 'base = "nowhere"', "base/overrides: nowhere: no such scenario"),
    ('indicator = "natives_employment_rate"', 'indicator = "jobs"',
     "target 'employment_NAT': indicator 'jobs' is not a model indicator"),
    ("tolerance = 1.5", "tolerance = -1", "target 'employment_NAT': tolerance must be > 0"),
    ('citizen = "NAT" }', 'citizen = "NATIONALS" }',
     "citizen=NATIONALS is not in the file; citizen has"),
    ('"labour_market.native_participation",', '"labour_market.employers",',
     "'labour_market.employers' is not a calibrated registry parameter"),
    ("particles = 60", "particles = 1.5", "[fit] particles = 1.5 must be an integer"),
    ("year = 2019", "year = 2019\ncolour = 1", "unknown field 'colour'"),
    ('unit = "PC", sex = "T", age = "Y20-64", citizen = "NAT" }',
     'unit = "PC", age = "Y20-64", citizen = "NAT" }', "where selects 3 values"),
])
def test_validation_errors_name_the_field(tmp_path, old, new, message):
    path = _edit(tmp_path, old, new)
    with pytest.raises(CalibrationFileError) as e:
        targets.load(path)
    assert message in str(e.value) and str(path) in str(e.value)


# ----------------------------------------------------------------------------- synthetic fit
def _synthetic_case(tmp: Path) -> Path:
    """A Eurostat TSV of what the tiny model gives at TRUE_PARTICIPATION in its first year, and
    a calibration file on the calendar (month 1 = January 2019, so the 2019 figures are the
    means of months 1-12) that fits native_participation to it."""
    scn = scenario.replace(tm.load("baseline", SMALL),
                           {"labour_market": {"native_participation": TRUE_PARTICIPATION}})
    runs = [run_scenario(scn, 900 + s, months=12).timeseries for s in range(6)]
    emp = np.mean([ts.loc[1:12, "natives_employment_rate"].mean() for ts in runs]) * 100
    une = np.mean([ts.loc[1:12, "natives_unemployment_rate"].mean() for ts in runs]) * 100
    for name, v in (("ergan", emp), ("urgan", une)):
        (tmp / f"synthetic_lfsa_{name}.tsv").write_bytes(
            ("freq,unit,sex,age,citizen,geo\\TIME_PERIOD\t2019 \r\n"
             f"A,PC,T,Y20-64,NAT,XX\t{v:.1f} \r\n").encode())
    path = tmp / "synthetic.toml"
    path.write_text("""
name = "synthetic"
base = "baseline"
overrides = {population = {migrants = 200, natives = 1800}}
geo = "XX"
year = 2019
[data]
lfsa_ergan = "synthetic_lfsa_ergan.tsv"
lfsa_urgan = "synthetic_lfsa_urgan.tsv"
[run]
months = 12
start = "2019-01"
[fit]
parameters = ["labour_market.native_participation"]
particles = 12
generations = 4
seed = 11
report_seeds = 3
predictive_draws = 10
predictive_seeds = 2
[[targets]]
name = "employment_NAT"
indicator = "natives_employment_rate"
dataset = "lfsa_ergan"
where = {citizen = "NAT"}
tolerance = 1.0
[[targets]]
name = "unemployment_NAT"
indicator = "natives_unemployment_rate"
dataset = "lfsa_urgan"
where = {citizen = "NAT"}
tolerance = 1.0
""")
    return path


def test_fit_end_to_end(tmp_path, capsys):
    """One synthetic calibration, checked from every side. (One test, not a module fixture, so
    that pytest-xdist never runs the fit twice.)"""
    cal_file = _synthetic_case(tmp_path)
    out = tmp_path / "out"
    assert main(["calibrate", str(cal_file), "--out", str(out), "--workers", "2"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"fit accepted: {out}/fit.toml", last  # better than the defaults (0.8)
    fitted = {"file": cal_file, "out": out}
    _check_recovery(fitted)
    _check_distance_falls(fitted)
    _check_fit_scenario(fitted)
    _check_report(fitted)
    _check_predictive(fitted)
    _check_validate_fit(fitted, tmp_path, capsys)
    _check_other_fit_refused(fitted, capsys, tmp_path)
    _check_kill_and_resume(fitted, tmp_path / "killed")
    _check_guardrail(cal_file, tmp_path / "short", capsys)


def _check_guardrail(cal_file: Path, out: Path, capsys):
    """A fit stopped after its first generation (particles drawn from the prior, epsilon far
    above the tolerances) is not accepted: exit 1, no fit.toml, the last line says why; with
    --force (the same folder: the finished run is resumed, not redone) fit.toml is written and
    marked, and the scenario it holds says so wherever it is reported."""
    short = ["calibrate", str(cal_file), "--out", str(out), "--workers", "2", "--budget",
             "generations=1,particles=6,report_seeds=2"]
    assert main(short) == 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("fit NOT ACCEPTED (") and "the runs' own noise" in last, last
    assert last.endswith("fit.toml not written: use --force to write it"), last
    assert not (out / "fit.toml").exists() and (out / "posterior.csv").exists()
    assert "NO: " in (out / "report.html").read_text()
    assert main([*short, "--force"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("fit NOT ACCEPTED (") and "written anyway (--force)" in last, last
    text = (out / "fit.toml").read_text()
    assert text.startswith("# NOT ACCEPTED (written with --force): final epsilon")
    assert tm.load(out / "fit.toml").description.startswith("NOT ACCEPTED fit (")


def test_a_fit_worse_than_the_defaults_is_not_accepted():
    from tremplin.calibration.cli import not_accepted

    def check(errors, sd=(0.5, 0.5)):
        return pd.DataFrame({"error": errors, "tolerance": [1.0, 2.0], "simulated_sd": sd})

    assert not_accepted(check([0.5, -1.0]), check([0.9, 1.0]), 0.8) == []
    worse = not_accepted(check([1.5, -1.0]), check([0.9, 1.0]), 0.8)
    assert len(worse) == 1 and "1.12 is worse than the registry defaults' 0.73" in worse[0]
    far = not_accepted(check([0.5, -1.0]), check([0.9, 1.0]), 1.2)
    assert len(far) == 1 and "final epsilon 1.2 is above both 1 and the runs' own noise (0.40)" \
        in far[0]
    # runs noisier than the tolerances (sd 2 and 2.4 -> floor sqrt((4 + 1.44) / 2) = 1.65):
    # an epsilon of 1.2 is what a run at the true values gives, 1.8 is not
    assert not_accepted(check([0.5, -1.0], (2.0, 2.4)), check([0.9, 1.0]), 1.2) == []
    assert "(1.65)" in not_accepted(check([0.5, -1.0], (2.0, 2.4)), check([0.9, 1.0]), 1.8)[0]


def _check_recovery(fitted):
    summary = pd.read_csv(fitted["out"] / "posterior_summary.csv").iloc[0]
    assert summary["parameter"] == "labour_market.native_participation"
    assert summary["q05"] <= TRUE_PARTICIPATION <= summary["q95"]
    assert abs(summary["mean"] - TRUE_PARTICIPATION) < 0.03
    # the posterior is much narrower than the uniform prior 0.7..0.9
    assert summary["sd"] < 0.5 * summary["prior_sd"]


def _check_distance_falls(fitted):
    gens = pd.read_csv(fitted["out"] / "generations.csv")
    assert len(gens) == 4
    assert gens["epsilon"].is_monotonic_decreasing
    assert gens["epsilon"].iloc[-1] < 0.5 * gens["epsilon"].iloc[0]
    post = pd.read_csv(fitted["out"] / "posterior.csv")
    assert set(post["t"]) == {0, 1, 2, 3}
    assert np.allclose(post.groupby("t")["weight"].sum(), 1)
    assert len(pd.read_parquet(fitted["out"] / "posterior.parquet")) == len(post)


def _check_fit_scenario(fitted):
    fit_file = fitted["out"] / "fit.toml"
    text = fit_file.read_text()
    assert 'extends = "baseline"' in text  # a shipped base by name: found from any folder
    scn = tm.load(fit_file)
    summary = pd.read_csv(fitted["out"] / "posterior_summary.csv").iloc[0]
    assert scn.labour_market.native_participation == pytest.approx(summary["mean"], abs=1e-6)
    assert scn.population.migrants == 200
    assert scn.regularisation.preset == "belgium_9bis"  # from the base scenario


def _check_report(fitted):
    checks = pd.read_csv(fitted["out"] / "targets.csv")
    assert list(checks["target"]) == ["employment_NAT", "unemployment_NAT"]
    assert (checks["simulated_sd"] > 0).all()
    defaults = pd.read_csv(fitted["out"] / "targets_defaults.csv")
    # the fit moved the simulated values towards what the model generated at the true value
    def rms(df):
        return float(np.sqrt(((df["error"] / df["tolerance"]) ** 2).mean()))
    assert rms(checks) < 0.7 * rms(defaults)
    assert abs(checks["error"].iloc[0]) < 0.6 * abs(defaults["error"].iloc[0])
    html = (fitted["out"] / "report.html").read_text()
    verdict = ("every target is inside its tolerance" if checks["inside"].all()
               else "NOT inside tolerance: ")
    for word in ("employment_NAT", "native_participation", "epsilon", "report.png", verdict):
        assert word in html
    assert (fitted["out"] / "report.png").read_bytes()[:4] == b"\x89PNG"


def _check_predictive(fitted):
    """10 posterior particles x 2 seeds run again: the synthetic targets (made at the true
    value) fall inside the 90% predictive interval; a value 30 points away would not; the
    weights' effective sample size, the correlation table and the pair plot are written."""
    from tremplin.calibration import fit

    out = fitted["out"]
    runs = pd.read_csv(out / "predictive_runs.csv")
    assert len(runs) == 20 and runs["seed"].nunique() == 20
    pred = pd.read_csv(out / "predictive.csv")
    assert list(pred["target"]) == ["employment_NAT", "unemployment_NAT"]
    assert (pred["runs"] == 20).all() and pred["inside"].all(), pred
    assert (pred["predictive_lo"] < pred["predictive_hi"]).all()
    cal = targets.load(fitted["file"])
    far = replace(cal, targets=tuple(replace(t, value=t.value + 30) for t in cal.targets))
    moved = fit.predictive_check(far, runs)
    assert not moved["inside"].any() and (moved["share_below_observed"] == 1.0).all()
    post = pd.read_csv(out / "posterior.csv")
    last = post[post.t == post.t.max()]
    ess = fit.effective_sample_size(last["weight"].to_numpy())
    assert 1 < ess <= len(last)
    html = (out / "report.html").read_text()
    assert f"{ess:.1f} of {len(last)} particles" in html and "Posterior predictive" in html
    corr = pd.read_csv(out / "correlations.csv", index_col=0)
    assert corr.shape == (1, 1) and corr.iloc[0, 0] == pytest.approx(1.0)
    assert (out / "pairs.png").read_bytes()[:4] == b"\x89PNG"


def test_weighted_correlation_and_effective_sample_size():
    """Kish's ESS is n for equal weights and 1 for one particle holding all the weight; the
    weighted correlation sees a planted dependence (y = -2x + small noise) and ignores a
    particle with zero weight that would break it."""
    from tremplin.calibration import fit

    assert fit.effective_sample_size(np.ones(8)) == pytest.approx(8)
    assert fit.effective_sample_size(np.r_[1.0, np.zeros(7)]) == pytest.approx(1)
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 50)
    parts = pd.DataFrame({"t": 2, "weight": np.r_[np.ones(50), 0.0],
                          "a.x": np.r_[x, 0.0], "a.y": np.r_[-2 * x + rng.normal(0, 0.01, 50),
                                                             99.0]})
    cal = replace(targets.load("be_2019"), fit=replace(targets.load("be_2019").fit,
                                                       parameters=("a.x", "a.y")))
    corr = fit.correlations(parts, cal)
    assert corr.loc["x", "y"] < -0.99 and corr.loc["y", "y"] == pytest.approx(1)


def _generations_done(db: Path) -> list[tuple]:
    if not db.is_file():
        return []
    try:
        with sqlite3.connect(db, timeout=1) as c:
            return c.execute("select t, population_end_time from populations where t >= 0 "
                             "order by t").fetchall()
    except sqlite3.Error:
        return []


def _check_kill_and_resume(fitted, tmp_path: Path):
    """SIGKILL a calibration (1 worker, another process) after its first generation; the rerun
    continues from the stored generations and ends exactly where the uninterrupted run did."""
    out = tmp_path / "out"
    tmp_path.mkdir()
    cmd = [sys.executable, "-m", "tremplin.cli", "calibrate", str(fitted["file"]), "--out",
           str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    try:
        while not _generations_done(out / "abc.db") and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read().decode()
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    before = _generations_done(out / "abc.db")
    assert 1 <= len(before) < 4, "the kill should land mid-calibration"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"resuming {out}: {len(before)} generation(s) already done" in done.stdout
    after = _generations_done(out / "abc.db")
    assert after[: len(before)] == before  # the stored generations were kept, not redone
    assert len(after) == 4
    resumed = pd.read_csv(out / "posterior.csv")
    reference = pd.read_csv(fitted["out"] / "posterior.csv")
    pd.testing.assert_frame_equal(resumed, reference)  # same seed -> same posterior


def _check_other_fit_refused(fitted, capsys, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(fitted["file"].read_text().replace("seed = 11", "seed = 12")
                     .replace('"synthetic_lfsa_', f'"{fitted["file"].parent}/synthetic_lfsa_'))
    assert main(["calibrate", str(other), "--out", str(fitted["out"])]) == 2
    assert "holds a calibration of another file or settings" in capsys.readouterr().err


def test_bad_budget_is_named(capsys):
    assert main(["calibrate", "be_2019", "--budget", "particles=many"]) == 2
    assert "--budget particles='many': must be a number" in capsys.readouterr().err
    assert main(["calibrate", "be_2019", "--budget", "speed=3"]) == 2
    assert "key one of particles, generations" in capsys.readouterr().err


# ----------------------------------------------------------------------------- validate-fit
def _check_validate_fit(fitted, tmp_path, capsys):
    target = pd.read_csv(fitted["out"] / "targets.csv").iloc[0]["observed"] / 100
    facts = tmp_path / "facts.csv"
    facts.write_text("indicator,month,year,value,tolerance,source\n"
                     f"natives_employment_rate,,1,{target:.3f},0.06,synthetic\n"
                     "natives_employment_rate,12,,0.2,0.01,absurd\n")
    assert main(["validate-fit", str(fitted["out"] / "fit.toml"), str(facts), "--seeds",
                 "3"]) == 0
    out = capsys.readouterr().out
    lines = [ln.split() for ln in out.splitlines() if " natives_employment_rate " in ln]
    # scenario, indicator, when (2 words), fact, tol, mean, sd, range, seeds, result, source
    assert lines[0][0] == "synthetic_fit" and lines[0][2:4] == ["year", "1"]
    assert lines[0][-3:] == ["3/3", "pass", "synthetic"]
    assert lines[1][2:4] == ["month", "12"] and lines[1][-3:] == ["3/3", "FAIL", "absurd"]
    assert "1 of 2 facts pass, 1 fail, 0 not computable" in out
    assert main(["validate-fit", str(fitted["out"] / "fit.toml"), str(facts), "--seeds", "2",
                 "--strict"]) == 1


def _facts(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "facts.csv"
    path.write_text("indicator,year,value,tolerance,source,scenario,versus\n" + body)
    return path


def _table(out: str) -> list[list[str]]:
    return [ln.split() for ln in out.splitlines()
            if ln.split() and ln.split()[-1] in ("a", "b", "c", "d")]


def test_validate_fit_checks_several_scenarios_and_their_difference(tmp_path, capsys):
    """Two scenarios on the same seeds: a fact without ``scenario`` is checked on both; a
    ``versus`` fact is the paired difference, equal to the difference of the two means; a
    fact no seed can give (cooperative survival at 36 months, in year 1) is "not computable"
    and fails --strict; --seed-base moves the seeds."""
    facts = _facts(tmp_path, "employment_rate_regular,1,0.45,0.05,a,,\n"
                             "employment_rate_regular,1,0.0,0.05,b,integrated_pathway,baseline\n"
                             "coop_survival_36m,1,0.5,0.2,c,baseline,\n")
    argv = ["validate-fit", "baseline", "integrated_pathway", str(facts), "--seeds", "2",
            "--seed-base", "7"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "baseline, integrated_pathway: 2 seeds (7..8)" in out
    rows = _table(out)
    assert [r[0] for r in rows] == ["baseline", "integrated_pathway", "integrated_pathway",
                                    "baseline"]
    base, pathway, diff, survival = rows
    assert diff[1:3] == ["-", "baseline"] and diff[-2] == "pass"
    assert float(diff[8]) == pytest.approx(float(pathway[6]) - float(base[6]), abs=2e-3)
    assert survival[-4:-1] == ["0/2", "not", "computable"]
    assert "0 fail, 1 not computable" in out
    assert main([*argv, "--strict"]) == 1


@pytest.mark.parametrize(("body", "message"), [
    ("employment_rate_regular,1,30.1,0.03,a,,\n",
     "employment_rate_regular is a share from 0 to 1 (write 0.301 for 30.1%)"),
    ("employment_rate_regular,1,0.3,3,a,,\n", "with a tolerance up to 1"),
    ("employment_rate_regular,1,-0.02,0.03,a,baseline,\n", "must lie in 0..1"),
    ("employment_rate_regular,1,0.02,0.03,a,,baseline\n", "versus 'baseline' needs a scenario"),
    ("employment_rate_regular,1,0.3,0.03,a,nowhere,\n",
     "scenario 'nowhere' is not a scenario given (given: baseline)"),
])
def test_validate_fit_refuses_percentages_and_unknown_scenarios(tmp_path, capsys, body,
                                                                 message):
    assert main(["validate-fit", "baseline", str(_facts(tmp_path, body))]) == 2
    err = capsys.readouterr().err
    assert message in err and "facts.csv" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("body", "message"), [
    ("indicator,year,value,tolerance\nwages,1,0.5,0.1\n", "line 2: indicator 'wages'"),
    ("indicator,year,value,tolerance\nemployment_rate,one,0.5,0.1\n", "line 2: month/year"),
    ("indicator,value,tolerance\nemployment_rate,0.5,0.1\n", "needs columns indicator, month"),
    ("indicator,month,year,value,tolerance\nemployment_rate,3,1,0.5,0.1\n",
     "line 2: give exactly one of month or year"),
])
def test_validate_fit_names_bad_facts(tmp_path, capsys, body, message):
    facts = tmp_path / "facts.csv"
    facts.write_text(body)
    assert main(["validate-fit", "baseline", str(facts)]) == 2
    err = capsys.readouterr().err
    assert message in err and "facts.csv" in err


@pytest.mark.parametrize(("facts_file", "fit"), [("facts_be.csv", "be_2019"),
                                                 ("facts_fr.csv", "fr_2019")])
def test_shipped_facts_are_the_extract_values_not_the_fit_targets(facts_file, fit):
    from tremplin.calibration import eurostat

    facts = validate.read_facts(targets.SHIPPED.folder / facts_file)
    data = {ds: eurostat.read(targets.SHIPPED.folder / "data" / f"estat_lfsa_{ds}_filtered.tsv")
            for ds in ("ergan", "urgan")}
    fitted_targets = {(t.indicator, t.where["time"]) for t in targets.load(fit).targets}
    assert len(facts) == 6
    for f in facts.itertuples():
        ds, geo, citizen, sex, _age, year = f.source.split(" = ")[0].split()[:6]
        table = data[ds.removeprefix("lfsa_")]
        row = table[(table.geo == geo) & (table.citizen == citizen) & (table.sex == sex)
                    & (table.time == year)]
        assert f.value == pytest.approx(row["value"].iloc[0] / 100), f.source
        assert (f.indicator, year) not in fitted_targets


def test_a_sourced_prior_shape_replaces_the_uniform_prior():
    """The registry gives discrimination a normal prior (the French estimates) truncated to its
    prior range: draws follow it (mean near 0.29, none outside 0.1..0.5, the sd the report
    states), while parameters without a shape keep the uniform prior."""
    import pyabc

    from tremplin.calibration import fit

    cal = targets.load("be_2019")
    cal = replace(cal, fit=replace(cal.fit, parameters=("labour_market.discrimination",
                                                        "labour_market.migrant_participation")))
    shapes, ranges = cal.prior_shapes(), cal.priors()
    assert shapes == {"labour_market.discrimination": ("normal", 0.29, 0.08),
                      "labour_market.migrant_participation": None}
    rng = np.random.default_rng(1)
    for key in shapes:
        (lo, hi), shape = ranges[key], shapes[key]
        rv = fit._prior_rv(pyabc, lo, hi, shape)
        x = np.array(rv.rvs(size=20_000, random_state=rng))
        assert lo <= x.min() and x.max() <= hi
        assert x.std() == pytest.approx(fit.prior_sd(lo, hi, shape), rel=0.03)
        centre = shape[1] if shape else (lo + hi) / 2
        assert x.mean() == pytest.approx(centre, abs=0.01)
    assert fit.prior_sd(0.1, 0.5, ("normal", 0.29, 0.08)) < 0.08 < (0.5 - 0.1) / 12**0.5
