"""The batch report for a policy audience (issue 12, item 4) and a result folder's provenance
(item 5): what each scenario changes, paired effects at a chosen month or period in
percentage points, costs per additional job and regularisation with bootstrap intervals and
sign counts, Holm's adjustment, and the resolved scenarios, version and commit kept."""

from __future__ import annotations

import json
import math
import re
import tomllib

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tremplin.experiments.batch import Batch, execute, git_commit, run_one
from tremplin.experiments.report import Window, window_values
from tremplin.experiments.stats import bootstrap_ratio, holm, paired_p, sign_count
from tremplin.model import run_scenario
from tremplin.model.scenario import builtin_dir, load

MONTHS = 8
REPS = 3


def small_file(tmp, name: str, base: str, extra: str = "") -> str:
    path = tmp / f"{name}.toml"
    path.write_text(f'extends = "{(builtin_dir() / f"{base}.toml").as_posix()}"\n'
                    f'name = "{name}"\ndescription = "{name} in a small town"\n'
                    "[population]\nmigrants = 300\nnatives = 900\n"
                    "[labour_market]\nemployers = 40\n[run]\nburn_in_months = 3\n"
                    "[cooperatives]\ninitial_cooperatives = 6\n" + extra)  # as tests/conftest.py
    return str(path)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory):
    """A small batch: the baseline against the subsidy taper with a one-stop shop (whose
    running cost is spent every month, whatever happens in a town this small)."""
    from tremplin.cli import main

    tmp = tmp_path_factory.mktemp("policy")
    files = [small_file(tmp, "small_base", "baseline"),
             small_file(tmp, "small_taper", "subsidy_taper",
                        "[one_stop_shop]\nenabled = true\n")]
    out = tmp / "batch"
    code = main(["batch", *files, "--replications", str(REPS), "--months", str(MONTHS),
                 "--seed", "5", "--serial", "--out", str(out)])
    assert code == 0
    return out


# ---------------------------------------------------------------------- statistics
def test_holm_matches_the_step_down_rule():
    p = np.array([0.01, 0.04, 0.03, math.nan])
    # sorted 0.01, 0.03, 0.04 times 3, 2, 1, made monotone: 0.03, 0.06, 0.06
    assert np.allclose(holm(p)[:3], [0.03, 0.06, 0.06]) and math.isnan(holm(p)[3])


def test_paired_p_is_the_paired_t_test():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 12), rng.normal(0.4, 1, 12)
    assert paired_p(b - a) == pytest.approx(stats.ttest_rel(b, a).pvalue, rel=1e-12)


def test_a_skewed_positive_cost_is_told_by_its_signs_and_bootstrap():
    """Five positive spending differences, one of them huge: the symmetric t interval crosses
    zero, the sign count and the percentile bootstrap do not."""
    d = np.array([1_000.0, 1_200.0, 900.0, 1_100.0, 60_000.0])
    mean, sd = d.mean(), d.std(ddof=1)
    half = stats.t.ppf(0.975, 4) * sd / math.sqrt(5)
    assert mean - half < 0  # what used to read as "no clear extra cost"
    assert sign_count(d) == (5, 0, 5)
    from tremplin.experiments.stats import bootstrap_mean

    _, low, _ = bootstrap_mean(d)
    assert low > 0


def test_cost_per_gain_interval_and_its_undefined_share():
    spend = np.array([100.0, 120.0, 90.0, 110.0, 105.0, 95.0])
    gain = np.array([2.0, 3.0, 1.5, 2.5, 2.0, 2.2])
    r = bootstrap_ratio(spend, gain)
    assert r["estimate"] == pytest.approx(spend.mean() / gain.mean())
    assert r["low"] < r["estimate"] < r["high"] and r["undefined"] == 0
    none = bootstrap_ratio(spend, np.array([1.0, -1.0, 0.5, -0.5, 0.2, -0.4]))
    assert math.isnan(none["low"]) and none["undefined"] > 0.05


# ---------------------------------------------------------------------- the stored runs
def test_a_stored_run_has_the_indicators_of_run_scenario(small_scenario):
    """``run_one`` steps the model itself to read the extra counts: its indicators must be
    those of ``run_scenario`` on the same seed, and the counts must only grow."""
    from tremplin.experiments.batch import RunSpec
    from tremplin.model.scenario import to_dict

    scn = small_scenario("subsidy_taper")
    spec = RunSpec(scn.name, 0, 11, 6, to_dict(scn))
    stored = run_one(spec)
    ts = run_scenario(scn, seed=11, months=6).timeseries
    pd.testing.assert_frame_equal(stored[list(ts.columns)].reset_index(drop=True),
                                  ts.reset_index(drop=True), check_dtype=False)
    for col in ("regularisations_since_start", "spend_subsidy_eur"):
        assert (np.diff(stored[col].to_numpy()) >= 0).all()
    spend = stored.filter(regex="^spend_").sum(axis=1)
    assert np.allclose(spend, stored["municipal_spend_eur"])


# ---------------------------------------------------------------------- provenance
def test_the_batch_folder_keeps_the_resolved_scenarios_and_provenance(batch_dir):
    manifest = json.loads((batch_dir / "batch.json").read_text())
    prov = manifest["provenance"]
    from tremplin import __version__

    assert prov["tremplin_version"] == __version__
    commit = git_commit()
    if commit is not None:  # run from a checkout: the commit of this tree
        assert prov["git_commit"] == commit and re.fullmatch(r"[0-9a-f]{40}(\+changes)?",
                                                              commit)
    expected = {"small_base": _small("baseline"),
                "small_taper": _small("subsidy_taper", {"one_stop_shop": {"enabled": True}})}
    for name, scn in expected.items():
        path = batch_dir / "scenarios" / f"{name}.toml"
        assert load(path).model_dump() == {**scn.model_dump(), "name": name,
                                           "description": f"{name} in a small town"}


def _small(ref, changes=None):
    from tests.conftest import small

    return small(ref, changes)


def test_no_commit_outside_a_git_checkout(tmp_path):
    assert git_commit(tmp_path) is None


def test_an_experiment_folder_holds_its_experiment_file(cli, tmp_path):
    scn = small_file(tmp_path, "small_base", "baseline")
    exp = tmp_path / "exp.toml"
    text = (f'kind = "batch"\nname = "tiny"\nscenarios = ["{scn}"]\nreplications = 1\n'
            "months = 2\n")
    exp.write_text(text)
    res = cli("experiment", exp, "--serial", "--out", tmp_path / "out")
    assert res.code == 0, res.err
    assert (tmp_path / "out" / "experiment.toml").read_text() == text
    assert tomllib.loads((tmp_path / "out" / "scenarios" / "small_base.toml").read_text())


# ---------------------------------------------------------------------- the report
def _paired(batch_dir, name: str, a: int, b: int) -> np.ndarray:
    frame = pd.read_parquet(batch_dir / "runs")
    win = frame[(frame["month"] >= a) & (frame["month"] <= b)]
    per = win.groupby(["scenario", "replication"], observed=True)[name].mean()
    return (per.loc["small_taper"] - per.loc["small_base"]).to_numpy()


@pytest.mark.parametrize(("flags", "a", "b", "words"), [
    ((), MONTHS, MONTHS, f"Effects at month {MONTHS}"),
    (("--month", "4"), 4, 4, "Effects at month 4"),
    (("--from", "3", "--to", "6"), 3, 6, "Effects at months 3-6"),
])
def test_the_report_reads_the_chosen_month_or_period(cli, batch_dir, flags, a, b, words):
    res = cli("report", batch_dir, *flags, "--out", batch_dir / "r.html")
    assert res.code == 0, res.err
    page = (batch_dir / "r.html").read_text()
    assert words in page
    d = _paired(batch_dir, "employment_rate", a, b)
    assert f"{100 * d.mean():+.1f} pp" in page  # a difference of shares, in points
    assert "What was compared" in page and "Start-up support that tapers off" in page
    assert "Holm" in page


def test_the_report_counts_people_in_whole_numbers(batch_dir):
    from tremplin.experiments.report import write_report

    page = write_report(batch_dir, str(batch_dir / "w.html")).read_text()
    frame = pd.read_parquet(batch_dir / "runs")
    values = window_values(frame, MONTHS, MONTHS)
    jobs = values.loc["small_base", "people_in_declared_work"].mean()
    assert f"<td>{round(jobs):,}</td>" in page


def test_the_cost_of_a_spending_lever_is_its_paired_difference(batch_dir):
    """The taper spends more than the baseline in every replication: said so, and the
    baseline's own spending (the language pathway) is named as spending that happens anyway."""
    from tremplin.experiments.report import write_report

    page = write_report(batch_dir, str(batch_dir / "c.html")).read_text()
    d = _paired(batch_dir, "municipal_spend_eur", MONTHS, MONTHS)
    assert (d > 0).all()
    assert f"EUR {d.mean():+,.0f}" in page and f"more spending in all {REPS}" in page
    assert "costs more" in page and "happens anyway" in page


@pytest.mark.parametrize(("flags", "needle"), [
    (("--month", "99"), f"--month 99: beyond the batch's horizon ({MONTHS} months)"),
    (("--month", "3", "--from", "1", "--to", "2"), "--month reads one month"),
    (("--from", "3"), "--from and --to go together"),
    (("--from", "5", "--to", "2"), "--from must not be after --to"),
])
def test_bad_report_windows_are_refused_in_one_line(cli, batch_dir, flags, needle):
    res = cli("report", batch_dir, *flags)
    assert res.code == 2 and len(res.err_lines) == 1 and needle in res.err, res.err


def test_window_values_average_levels_and_read_cumulative_values_at_the_end(batch_dir):
    frame = pd.read_parquet(batch_dir / "runs")
    v = window_values(frame, 2, 5)
    one = frame[(frame["scenario"] == "small_taper") & (frame["replication"] == 1)]
    inside = one[(one["month"] >= 2) & (one["month"] <= 5)]
    assert v.loc[("small_taper", 1), "employment_rate"] == pytest.approx(
        inside["employment_rate"].mean())
    assert v.loc[("small_taper", 1), "municipal_spend_eur"] == pytest.approx(
        one.loc[one["month"] == 5, "municipal_spend_eur"].iloc[0])


def test_job_years_add_up_the_people_in_work_month_by_month(batch_dir):
    """Cost per additional job-year (issue 11): the job-years of a run at the window's end are
    the people in declared work (employment rate x migrants present) summed over months 1 to
    the end, over 12; the report prices them against the paired extra spending."""
    from tremplin.experiments.report import JOB_YEARS, write_report

    frame = pd.read_parquet(batch_dir / "runs")
    v = window_values(frame, 2, 5)
    one = frame[(frame["scenario"] == "small_taper") & (frame["replication"] == 1)]
    months = one[(one["month"] >= 1) & (one["month"] <= 5)]
    expected = (months["employment_rate"] * months["migrants_present"]).sum() / 12
    assert v.loc[("small_taper", 1), JOB_YEARS] == pytest.approx(expected)
    page = write_report(batch_dir, str(batch_dir / "jy.html")).read_text()
    assert "job-years" in page and "additional job-year" in page


def test_window_flags_alone():
    assert Window.of(None, None, None).months(12) == (12, 12)
    assert Window.of(6, None, None).months(12) == (6, 6)
    assert Window.of(None, 2, 9).months(12) == (2, 9)


def test_batch_summary_has_holm_adjusted_p_values(batch_dir):
    s = pd.read_csv(batch_dir / "summary.csv")
    tested = s["diff_p"].notna()
    # every defined difference of the one scenario after the first, none of the reference
    assert set(s.loc[tested, "scenario"]) == {"small_taper"} and tested.sum() > len(s) // 3
    assert (s.loc[tested, "diff_p_holm"] >= s.loc[tested, "diff_p"] - 1e-12).all()
    assert np.allclose(s.loc[tested, "diff_p_holm"], holm(s.loc[tested, "diff_p"]),
                       equal_nan=True)


def test_execute_on_a_library_call_picks_serial_for_a_small_batch(small_scenario, tmp_path,
                                                                   capsys):
    scn = small_scenario("baseline")
    out = execute(Batch({"b": scn}, 1, 1, 0), tmp_path / "b")
    assert out.ran == 1 and "engine: serial" in capsys.readouterr().err
