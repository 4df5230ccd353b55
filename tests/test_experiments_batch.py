"""Batches: common random numbers, identical results serially / on a local cluster / on a
remote scheduler, resume after SIGKILL, failed runs recorded, summary statistics."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tremplin.experiments.batch import Batch, execute, replication_seed, summarise
from tremplin.experiments.store import ResultStore, StoreError
from tremplin.model.scenario import builtin_dir, load

MONTHS = 12


def small_file(tmp: Path, name: str, base: str = "baseline") -> Path:
    """A small-town scenario file extending a shipped one (usable from a subprocess)."""
    path = tmp / f"{name}.toml"
    path.write_text(f'extends = "{(builtin_dir() / f"{base}.toml").as_posix()}"\n'
                    f'name = "{name}"\n'
                    "[population]\nmigrants = 300\nnatives = 900\n"
                    "[labour_market]\nemployers = 40\n[run]\nburn_in_months = 3\n")
    return path


@pytest.fixture(scope="module")
def scenario_files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scn")
    return [small_file(tmp, "small_base", "baseline"),
            small_file(tmp, "small_oacas", "oacas_regularisation")]


def make_batch(files, replications=3, seed=7) -> Batch:
    return Batch({load(f).name: load(f) for f in files}, replications, MONTHS, seed)


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["scenario", "replication", "month"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def serial_result(scenario_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    outcome = execute(make_batch(scenario_files), out, serial=True, progress=False)
    return out, canonical(outcome.frame())


def test_seeds_are_common_and_stable():
    seeds = [replication_seed(7, k) for k in range(50)]
    assert len(set(seeds)) == 50
    assert seeds[:3] == [replication_seed(7, k) for k in range(3)]  # independent of R
    assert replication_seed(8, 0) != seeds[0]


def test_dataset_columns_and_common_random_numbers(serial_result, scenario_files):
    out, frame = serial_result
    assert list(frame.columns[:4]) == ["scenario", "replication", "seed", "month"]
    assert len(list((out / "runs").glob("*.parquet"))) == 6
    assert len(frame) == 2 * 3 * (MONTHS + 1)
    seeds = frame.groupby(["replication"])["seed"].unique()
    assert all(len(s) == 1 for s in seeds)  # replication k: the same seed in both scenarios
    # the stored run equals a direct run on that seed
    from tremplin.model import run_scenario

    one = frame[(frame.scenario == "small_oacas") & (frame.replication == 1)]
    direct = run_scenario(load(scenario_files[1]), int(one.seed.iloc[0]), MONTHS).timeseries
    np.testing.assert_array_equal(one["employment_rate"].to_numpy(),
                                  direct["employment_rate"].to_numpy())
    # month 0 is shared (same burn-in, same seed): the paired design at work
    m0 = frame[frame.month == 0].pivot(index="replication", columns="scenario",
                                       values="migrants_present")
    assert (m0["small_base"] == m0["small_oacas"]).all()


def test_local_dask_and_remote_cluster_give_identical_parquet(serial_result, scenario_files,
                                                               tmp_path, cli):
    from dask.distributed import LocalCluster

    _, serial = serial_result
    local = execute(make_batch(scenario_files), tmp_path / "local", workers=2, progress=False)
    pd.testing.assert_frame_equal(canonical(local.frame()), serial)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        res = cli("batch", *scenario_files, "--replications", 3, "--months", MONTHS, "--seed",
                  7, "--out", tmp_path / "remote", "--cluster", cluster.scheduler_address)
    assert res.code == 0, res.err
    remote = ResultStore(tmp_path / "remote").read()
    pd.testing.assert_frame_equal(canonical(remote), serial)
    assert "regularisation_rate" in res.out and "diff" in res.out


def test_sigkill_halfway_then_rerun_gives_the_uninterrupted_batch(scenario_files, tmp_path,
                                                                   tremplin_cmd):
    reps = 6
    out = tmp_path / "killed"
    cmd = [*tremplin_cmd, "batch", *map(str, scenario_files), "--replications", str(reps),
           "--months", str(MONTHS), "--seed", "3", "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    try:
        while time.time() < deadline:
            n = len(list((out / "runs").glob("*.parquet"))) if (out / "runs").exists() else 0
            if n >= 3 or proc.poll() is not None:
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the batch and its Dask workers
        proc.wait()
    stored = len(list((out / "runs").glob("*.parquet")))
    assert 3 <= stored < 2 * reps, f"not killed halfway ({stored} runs stored)"
    rerun = subprocess.run([*cmd[:-2], "--serial"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored} of {2 * reps} runs already stored" in rerun.stderr
    assert "computing the run again" not in rerun.stderr  # a kill damages nothing stored
    files = sorted(p.name for p in (out / "runs").iterdir())
    assert not [f for f in files if not f.endswith(".parquet")], files  # no temp files left
    records = sorted(p.name for p in (out / "checksums").iterdir())
    assert records == [f.replace(".parquet", ".json") for f in files]
    resumed = canonical(ResultStore(out).read())
    assert resumed.groupby("scenario")["replication"].nunique().tolist() == [reps, reps]
    assert not resumed.duplicated(["scenario", "replication", "month"]).any()
    whole = execute(Batch({load(f).name: load(f) for f in scenario_files}, reps, MONTHS, 3),
                    tmp_path / "whole", serial=True, progress=False)
    pd.testing.assert_frame_equal(resumed, canonical(whole.frame()))
    summary = pd.read_csv(out / "summary.csv")
    assert (summary.loc[summary.indicator == "employment_rate", "n"] == reps).all()


def test_a_run_that_raises_is_recorded_and_the_batch_goes_on(scenario_files, tmp_path):
    from tremplin.experiments.batch import run_one

    def flaky(spec):  # defined here: pickled by value for the Dask workers
        if spec.label == "small_oacas" and spec.replication == 1:
            raise RuntimeError("boom in the model")
        return run_one(spec)

    batch = make_batch(scenario_files)
    out = execute(batch, tmp_path / "b", workers=2, runner=flaky, progress=False)
    assert len(out.failed) == 1
    err = out.failed[0]
    assert (err["scenario"], err["replication"]) == ("small_oacas", 1)
    assert err["seed"] == replication_seed(7, 1) and "boom in the model" in err["error"]
    assert len(out.stems) == 5
    summary = summarise(out.frame(), batch).set_index(["scenario", "indicator"])
    assert summary.loc[("small_oacas", "employment_rate"), "n"] == 2
    assert summary.loc[("small_oacas", "employment_rate"), "n_pairs"] == 2
    # the rerun retries only the failed run, and it now succeeds
    again = execute(batch, tmp_path / "b", serial=True, progress=False)
    assert (again.ran, again.reused, again.failed) == (1, 5, [])
    assert not list((tmp_path / "b" / "errors").iterdir())


def test_summary_is_the_paired_t_interval(serial_result, scenario_files):
    _, frame = serial_result
    batch = make_batch(scenario_files)
    summary = summarise(frame, batch).set_index(["scenario", "indicator"])
    final = frame[frame.month == MONTHS].pivot(index="replication", columns="scenario",
                                               values="employment_rate")
    d = final["small_oacas"] - final["small_base"]
    half = stats.t.ppf(0.975, 2) * d.std(ddof=1) / np.sqrt(3)
    row = summary.loc[("small_oacas", "employment_rate")]
    assert row["diff_mean"] == pytest.approx(d.mean())
    assert row["diff_ci_low"] == pytest.approx(d.mean() - half)
    assert row["diff_ci_high"] == pytest.approx(d.mean() + half)
    x = final["small_base"]
    base = summary.loc[("small_base", "employment_rate")]
    assert base["mean"] == pytest.approx(x.mean()) and base["std"] == pytest.approx(x.std())
    assert base["diff_mean"] == 0


def test_a_folder_with_another_definition_is_refused(serial_result, scenario_files, tmp_path):
    out, _ = serial_result
    with pytest.raises(StoreError, match="different horizon"):
        execute(Batch({load(f).name: load(f) for f in scenario_files}, 3, MONTHS + 1, 7),
                out, serial=True, progress=False)
    with pytest.raises(StoreError, match="base_seed"):
        execute(make_batch(scenario_files, seed=8), out, serial=True, progress=False)
    manifest = json.loads((out / "batch.json").read_text())
    assert manifest["base_seed"] == 7 and manifest["replications"] == 3


def test_cli_errors_are_one_line(cli, tmp_path, scenario_files):
    res = cli("batch", "baseline", "--replications", "0")
    assert res.code == 2 and len(res.err_lines) == 1
    res = cli("batch", "no_such_scenario", "--replications", "2", "--out", tmp_path / "x")
    assert res.code == 2 and len(res.err_lines) == 1
    res = cli("batch", scenario_files[0], scenario_files[0], "--replications", "2")
    assert res.code == 2 and "named twice" in res.err
    res = cli("batch", "baseline", "--replications", "2", "--serial", "--workers", "2")
    assert res.code == 2 and len(res.err_lines) == 1
