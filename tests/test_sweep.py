"""Sweeps, scenario discovery and cost-effectiveness (issue 12).

- PRIM (EMA Workbench, through ``discover.boxes``) recovers a box planted in a synthetic
  function, on/off levers included;
- the frontier and the cheapest-package query are exact on small known cases, and the crossed
  interval reduces to the paired t interval with one uncertainty sample;
- a small sweep runs end to end: its Parquet rows read back with their lever and uncertainty
  columns, the paired gains are differences against the base run of the same sample and seed,
  and ``prim.Prim`` runs on its export;
- bad sweep files are refused in one line naming the file and the field, exit status 2.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tremplin.experiments import discover, frontier, sweep
from tremplin.experiments.frontier import Condition, condition
from tremplin.experiments.sweep import Dimension

# ---------------------------------------------------------------------- PRIM on a planted box


def _planted(n: int = 2000, seed: int = 3):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"a.share": rng.uniform(0, 1, n), "b.share": rng.uniform(0, 1, n),
                      "c.share": rng.uniform(0, 1, n),
                      "d.enabled": rng.integers(0, 2, n).astype(bool)})
    inside = (x["a.share"].between(0.2, 0.5) & (x["b.share"] > 0.6) & x["d.enabled"])
    dims = [Dimension("a.share", "lever", 0.0, 1.0), Dimension("b.share", "lever", 0.0, 1.0),
            Dimension("c.share", "uncertainty", 0.0, 1.0),
            Dimension("d.enabled", "lever", values=(False, True))]
    return x, inside.to_numpy(), dims


def test_prim_recovers_a_planted_box():
    x, y, dims = _planted()
    found = discover.boxes(discover.encoded(x, dims), y, dims, count=1, min_density=0.95)
    box = found[0]
    assert box.density >= 0.95 and box.coverage >= 0.8, (box.density, box.coverage)
    assert set(box.limits) == {"a.share", "b.share", "d.enabled"}, box.limits  # c is noise
    lo, hi = (float(v) for v in box.limits["a.share"].split(" to "))
    assert abs(lo - 0.2) < 0.05 and abs(hi - 0.5) < 0.05, box.limits
    assert abs(float(box.limits["b.share"].split(" to ")[0]) - 0.6) < 0.05, box.limits
    assert box.limits["d.enabled"] == "true"


def test_prim_refuses_a_target_no_run_meets():
    x, y, dims = _planted(200)
    with pytest.raises(sweep.SweepError, match="no run meets the target"):
        discover.boxes(discover.encoded(x, dims), np.zeros_like(y), dims)


def test_feature_scores_rank_the_planted_ranges_above_the_noise():
    """Extra-trees (impurity) scores: the two planted ranges score above the range that does
    not matter. (The planted on/off lever scores low: impurity scores favour dimensions with
    many split points, a known bias the ``discover`` printout states.)"""
    x, y, dims = _planted()
    scores = discover.feature_scores(discover.encoded(x, dims), {"on target": y.astype(float)})
    s = scores["on target"]
    assert min(s["a.share"], s["b.share"]) > 1.5 * s["c.share"], scores


# ---------------------------------------------------------------------- frontier, cheapest
def test_frontier_is_exact_on_a_known_case():
    table = pd.DataFrame({"package": [1, 2, 3, 4, 5, 6, 7],
                          "cost": [0.0, 10.0, 10.0, 20.0, 30.0, 25.0, math.nan],
                          "effect": [0.0, 1.0, 2.0, 1.5, 3.0, 3.0, 9.0]})
    # 2 is beaten by 3 (same cost, more effect), 4 by 3 (cheaper, more effect), 5 by 6
    # (cheaper, same effect); 7 has no cost and is on no frontier
    assert frontier.frontier(table)["package"].tolist() == [1, 3, 6]


def test_cheapest_package_is_the_least_costly_that_reaches_the_probability():
    # package 1: cheap, on target in 2 of 4 runs; 2: on target in 4 of 4, cost 30;
    # 3: on target in 3 of 4, cost 20 -> the cheapest at 0.75 is 3, at 0.9 it is 2
    pairs = pd.DataFrame({"package": np.repeat([1, 2, 3], 4),
                          "sample": np.tile([1, 1, 2, 2], 3),
                          "replication": np.tile([0, 1, 0, 1], 3),
                          "added_spend_eur": np.repeat([5.0, 30.0, 20.0], 4)})
    gain = np.array([0.03, 0.0, 0.03, 0.0, 0.02, 0.05, 0.03, 0.04, 0.03, 0.02, 0.01, 0.05])
    outcomes = {"employment_rate_regular_gain": gain,
                "added_spend_eur": pairs["added_spend_eur"].to_numpy()}
    target = [condition("employment_rate_regular_gain>=2pp")]
    assert frontier.cheapest(pairs, outcomes, target, 0.75).package == 3
    assert frontier.cheapest(pairs, outcomes, target, 0.9).package == 2
    capped = [*target, condition("added_spend_eur<=25")]
    assert frontier.cheapest(pairs, outcomes, capped, 0.9).package is None
    table = frontier.cheapest(pairs, outcomes, target, 0.75).table.set_index("package")
    assert table.loc[1, "on_target"] == 2 and table.loc[1, "share_low"] < 0.5 \
        < table.loc[1, "share_high"]


def test_crossed_interval_with_one_sample_is_the_paired_t_interval():
    from tremplin.experiments.stats import t_interval

    rng = np.random.default_rng(0)
    cells = pd.DataFrame({"sample": 1, "replication": range(12),
                          "v": rng.normal(2.0, 1.0, 12)})
    mean, lo, hi = frontier.crossed_interval(cells, "v")
    m, _, tlo, thi = t_interval(cells["v"], 0.95)
    assert (mean, lo, hi) == pytest.approx((m, tlo, thi))


def test_crossed_interval_covers_the_mean_of_a_crossed_design():
    """Sample effects and replication effects shared across cells: the interval covers the
    true mean about as often as it says (it errs wide, never narrow)."""
    rng = np.random.default_rng(5)
    hits = 0
    for _ in range(400):
        u, r = rng.normal(0, 1, 4), rng.normal(0, 1, 5)
        v = (u[:, None] + r[None, :] + rng.normal(0, 0.5, (4, 5))).ravel()
        cells = pd.DataFrame({"sample": np.repeat(range(4), 5), "replication":
                              np.tile(range(5), 4), "v": v})
        _, lo, hi = frontier.crossed_interval(cells, "v")
        hits += lo <= 0 <= hi
    assert hits / 400 >= 0.93, hits


@pytest.mark.parametrize(("text", "expected"), [
    ("employment_rate_regular_gain>=2pp", Condition("employment_rate_regular_gain", ">=", 0.02)),
    ("added_spend_eur <= 2e6", Condition("added_spend_eur", "<=", 2e6)),
    ("x<-1", Condition("x", "<", -1.0)),
])
def test_conditions_are_read_as_written(text, expected):
    assert condition(text) == expected


@pytest.mark.parametrize("text", ["employment>=", "a=>1", "a>=nan", "a>=1e999", ">=1", ""])
def test_bad_conditions_are_refused(text):
    with pytest.raises(frontier.TargetError, match="expected OUTCOME>=VALUE"):
        condition(text)


# ---------------------------------------------------------------------- a small sweep
SMALL_SWEEP = """kind = "sweep"
name = "small_sweep"
scenario = "baseline"
design = "lhs"
n = 3
uncertainty_samples = 2
replications = 2
months = 4
seed = 7
outcomes = ["employment_rate_regular", "regularisation_rate"]

[levers]
"pathway.mode" = ["linear", "integrated"]
subsidy.enabled = [false, true]
"reserved_procurement.reserved_share" = [0.1, 0.5]

[uncertainties]
"labour_market.discrimination" = "prior"

[target]
employment_rate_regular_gain = ">= 0pp"
probability = 0.5

[overrides]
population = { migrants = 80, natives = 240 }
labour_market = { employers = 10 }
run = { burn_in_months = 2 }
"""


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory):
    from tremplin.experiments.experiment import load_experiment

    root = tmp_path_factory.mktemp("sweep")
    path = root / "small.toml"
    path.write_text(SMALL_SWEEP)
    exp = load_experiment(path)
    outcome = sweep.run_sweep(exp, root / "out", serial=True, progress=False)
    return exp, outcome, root / "out"


def test_a_small_sweep_reads_back_with_its_lever_columns(small_sweep):
    _exp, outcome, out = small_sweep
    assert outcome.ran == (3 + 1) * 2 * 2 and not outcome.failed
    runs = pd.read_parquet(out / "runs")  # the store's files, read by any Parquet reader
    for key in ("pathway.mode", "subsidy.enabled", "reserved_procurement.reserved_share",
                "labour_market.discrimination", "package", "sample"):
        assert key in runs.columns, key
    assert runs["subsidy.enabled"].dtype == bool
    assert runs["reserved_procurement.reserved_share"].dtype == np.float64
    assert set(runs["pathway.mode"].astype(str)) <= {"linear", "integrated"}
    # each package's columns hold its design values, the base its scenario's own
    packages = pd.read_csv(out / "packages.csv", index_col="package")
    for package, g in runs[runs["package"] > 0].groupby("package"):
        assert g["reserved_procurement.reserved_share"].iloc[0] == pytest.approx(
            packages.loc[package, "reserved_procurement.reserved_share"])
    base = runs[runs["package"] == 0]
    assert (base["reserved_procurement.reserved_share"] == 0.3).all()  # the registry default
    # one uncertainty value per sample, shared by the base and every package
    assert (runs.groupby("sample")["labour_market.discrimination"].nunique() == 1).all()
    # common random numbers: replication k has one seed throughout
    assert (runs.groupby("replication")["seed"].nunique() == 1).all()


def test_the_export_pairs_each_run_with_its_base(small_sweep):
    _exp, _, out = small_sweep
    experiments, outcomes = sweep.read_export(out)
    assert len(experiments) == 3 * 2 * 2  # package runs only
    frame = pd.read_parquet(out / "runs")
    last = frame[frame["month"] == 4].set_index(["package", "sample", "replication"])
    for i in range(len(experiments)):
        p, s, r = (int(experiments.iloc[i][c]) for c in ("package", "sample", "replication"))
        want = (last.loc[(p, s, r), "employment_rate_regular"]
                - last.loc[(0, s, r), "employment_rate_regular"])
        assert outcomes["employment_rate_regular_gain"][i] == pytest.approx(want, nan_ok=True)
        spend = (last.loc[(p, s, r), "municipal_spend_eur"]
                 - last.loc[(0, s, r), "municipal_spend_eur"])
        assert outcomes["added_spend_eur"][i] == pytest.approx(spend)


def test_ema_workbench_prim_runs_on_the_export(small_sweep):
    from ema_workbench import load_results
    from ema_workbench.analysis import prim

    _, _, out = small_sweep
    experiments, outcomes = load_results(str(out / "export" / "ema_results.tar.gz"))
    x = experiments[["reserved_procurement.reserved_share", "labour_market.discrimination"]]
    y = outcomes["employment_rate_regular_gain"] >= np.nanmedian(
        outcomes["employment_rate_regular_gain"])
    box = prim.Prim(x, y, peel_alpha=0.1).find_box()
    assert len(box.peeling_trajectory) >= 1
    assert box.peeling_trajectory["coverage"].iloc[0] == pytest.approx(1.0)


def test_frontier_and_discover_commands_on_a_small_sweep(small_sweep, cli):
    _, _, out = small_sweep
    res = cli("frontier", out)
    assert res.code == 0, res.err
    assert "frontier (" in res.out and "cheapest package with" in res.out
    assert (out / "frontier.csv").exists() and (out / "frontier.png").exists()
    res = cli("discover", out, "--target", "added_spend_eur<=0")
    assert res.code == 0, res.err
    assert "feature scores" in res.out and (out / "discover" / "feature_scores.csv").exists()
    res = cli("discover", out, "--target", "nonsense>=1")
    assert res.code == 2 and len(res.err_lines) == 1 and "not an outcome" in res.err


def test_an_export_from_before_the_rename_is_refused_in_one_line(small_sweep, cli, tmp_path):
    """The paired spending column was called lever_spend_eur, like the indicator of one run's
    lever spending; an old export is named, not misread."""
    import shutil

    _, _, out = small_sweep
    old = tmp_path / "old"
    shutil.copytree(out, old)
    table = pd.read_parquet(old / "export" / "outcomes.parquet")
    table.rename(columns={"added_spend_eur": "lever_spend_eur"}).to_parquet(
        old / "export" / "outcomes.parquet", index=False)
    res = cli("frontier", old)
    assert res.code == 2 and len(res.err_lines) == 1, res.err
    assert "no column added_spend_eur" in res.err and "rerun" in res.err


def test_a_sweep_resumes_without_running_again(small_sweep):
    exp, _, out = small_sweep
    again = sweep.run_sweep(exp, out, serial=True, progress=False)
    assert again.ran == 0 and again.reused == 16


# ---------------------------------------------------------------------- refusals
BASE = 'kind = "sweep"\nname = "s"\nn = 2\nreplications = 1\nmonths = 2\n'
TOWN = '\n[overrides]\npopulation = { migrants = 60, natives = 180 }\n'


@pytest.mark.parametrize(("text", "needles"), [
    (BASE, ("levers",)),
    (BASE + '[levers]\n"subsidy.enabled" = [0, 1]\n',
     ("levers.subsidy.enabled", "[false, true]")),
    (BASE + '[levers]\n"pathway.mode" = ["linear", "spiral"]\n',
     ("levers.pathway.mode", "'integrated'")),
    (BASE + '[levers]\n"subsidy.start_share" = [0.2, 1.5]\n',
     ("levers.subsidy.start_share", "registry's range")),
    (BASE + '[levers]\n"subsidy.start_share" = [0.5, 0.2]\n', ("low must be below high",)),
    (BASE + '[levers]\n"subsidy.start_share" = "prior"\n', ("'prior' is for uncertainties",)),
    (BASE + '[levers]\n"labour_market.discrimination" = [0.1, 0.2]\n', ("not a lever",)),
    (BASE + '[levers]\n"subsidy.nope" = [0.1, 0.2]\n', ("not a registry parameter",)),
    (BASE + '[levers]\n"subsidy.enabled" = [false, true]\n[uncertainties]\n'
     '"population.arrival_share_asylum" = "prior"\n', ("no calibration prior",)),
    (BASE + '[levers]\n"subsidy.enabled" = [false, true]\n[target]\nfoo = ">= 1"\n',
     ("target.foo", "employment_rate_regular_gain")),
    (BASE + '[levers]\n"subsidy.enabled" = [false, true]\n[target]\nprobability = 2\n',
     ("target.probability",)),
    (BASE.replace("n = 2", "n = 6") + 'design = "sobol"\n[levers]\n'
     '"subsidy.enabled" = [false, true]\n', ("power of two",)),
    (BASE + 'design = "cube"\n[levers]\n"subsidy.enabled" = [false, true]\n', ("design",)),
    (BASE + '[levers]\n"subsidy.enabled" = [false, true]\n[uncertainties]\n'
     '"population.arrival_share_undocumented" = [0.8, 0.9]\n'
     '"population.arrival_share_asylum" = [0.3, 0.4]\n',
     ("the design reaches", "not a valid scenario")),
])
def test_bad_sweep_files_are_refused_in_one_line(cli, tmp_path, text, needles):
    path = tmp_path / "sweep.toml"
    path.write_text(text + TOWN)
    res = cli("experiment", path, "--serial", "--out", tmp_path / "out")
    assert res.code == 2 and len(res.err_lines) == 1, (res.code, res.err)
    for needle in (str(path), *needles):
        assert needle in res.err, res.err
    assert not (tmp_path / "out").exists()


def test_the_shipped_sweep_loads():
    from tremplin.experiments.experiment import load_experiment

    exp = load_experiment("lever_packages")
    assert exp.runs() == (exp.n + 1) * exp.uncertainty_samples * exp.replications
    assert exp.conditions()


def test_a_search_extends_one_sweep_folder_and_reports_like_a_sweep(cli, tmp_path):
    """NSGA-II (pymoo) proposes packages generation by generation; the folder is a sweep
    folder (base runs computed once, every package paired), which ``frontier`` reads."""
    path = tmp_path / "small.toml"
    path.write_text(SMALL_SWEEP.replace("months = 4", "months = 2"))
    out = tmp_path / "search"
    res = cli("search", path, "--generations", "2", "--population", "4", "--serial",
              "--out", out)
    assert res.code == 0, res.err
    assert "generation 2 of 2" in res.err and "frontier (" in res.out
    meta = sweep.read_sweep(out)
    assert meta["design"] == "search" and meta["packages"] == 8
    runs = pd.read_parquet(out / "runs", columns=["package", "sample", "replication",
                                                  "month"])
    per_run = runs.drop_duplicates(["package", "sample", "replication"])
    assert len(per_run) == (8 + 1) * 2 * 2  # the base once, not once per generation
    experiments, _ = sweep.read_export(out)
    assert sorted(experiments["package"].unique()) == list(range(1, 9))
