"""One scenario and one seed give one result: in process, across processes, and through the CLI.

Also checks what a run records about itself (summary.json), so that a result can be traced back
to the seed, the code version and the exact scenario that produced it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import subprocess
from importlib.metadata import version

import numpy as np
import pytest

import tremplin.model as tm
from tremplin import __version__
from tremplin.model import indicators
from tremplin.model.run import run_scenario
from tremplin.model.scenario import load, to_dict

MONTHS = 24


def _write(res, out):
    res.write(out)
    return (out / "timeseries.csv").read_bytes(), (out / "summary.json").read_bytes()


def test_same_seed_gives_identical_files_in_process(small_scenario, tmp_path):
    scn = small_scenario("all_levers")
    a = _write(run_scenario(scn, seed=7, months=MONTHS), tmp_path / "a")
    b = _write(run_scenario(scn, seed=7, months=MONTHS), tmp_path / "b")
    assert a[0] == b[0], "timeseries.csv differs between two runs with the same seed"
    assert a[1] == b[1], "summary.json differs between two runs with the same seed"


def test_another_seed_gives_different_results(small_scenario, tmp_path):
    scn = small_scenario("all_levers")
    a, _ = _write(run_scenario(scn, seed=7, months=MONTHS), tmp_path / "a")
    b, _ = _write(run_scenario(scn, seed=8, months=MONTHS), tmp_path / "b")
    assert a != b


def test_randomness_comes_only_from_the_model_seed(small_scenario):
    """Two models stepped alternately, with the global RNGs reseeded in between, match a model
    run alone: no process reads numpy's or Python's global random state, or shares an RNG."""
    scn = small_scenario("all_levers")
    solo = tm.TremplinModel(scn, seed=11)
    for _ in range(12):
        solo.step()
    ref = solo.datacollector.get_model_vars_dataframe().reset_index(drop=True)

    a = tm.TremplinModel(scn, seed=11)
    b = tm.TremplinModel(scn, seed=11)
    for t in range(12):
        np.random.seed(1000 + t)
        random.seed(2000 + t)
        a.step()
        np.random.seed(3000 + t)
        random.seed(4000 + t)
        b.step()
    for m in (a, b):
        df = m.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        assert df.equals(ref)


def test_cli_runs_are_identical_across_processes(tremplin_cmd, tmp_path):
    """``tremplin run baseline --seed 3 --months 24`` twice, in two fresh processes with
    different hash seeds, writes byte-identical files, equal to the in-process result."""
    procs = []
    for i, hashseed in enumerate(("0", "4242")):
        out = tmp_path / f"run{i}"
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        procs.append((out, subprocess.Popen(
            [*tremplin_cmd, "run", "baseline", "--seed", "3", "--months", str(MONTHS),
             "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)))
    for _, proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    (o1, _), (o2, _) = procs
    for name in ("timeseries.csv", "summary.json"):
        assert (o1 / name).read_bytes() == (o2 / name).read_bytes(), name

    here = _write(run_scenario(load("baseline"), seed=3, months=MONTHS), tmp_path / "here")
    assert (o1 / "timeseries.csv").read_bytes() == here[0]
    assert (o1 / "summary.json").read_bytes() == here[1]


@pytest.fixture(scope="module")
def written(small_scenario, tmp_path_factory):
    """A small all-levers run written to disk: (scenario, seed, timeseries rows, summary)."""
    scn = small_scenario("all_levers")
    out = tmp_path_factory.mktemp("summary")
    run_scenario(scn, seed=5, months=MONTHS).write(out)
    rows = list(csv.DictReader(io.StringIO((out / "timeseries.csv").read_text())))
    summary = json.loads((out / "summary.json").read_text())
    return scn, 5, rows, summary


def test_summary_records_seed_version_and_horizon(written):
    scn, seed, _, summary = written
    assert summary["seed"] == seed
    assert summary["months"] == MONTHS
    assert summary["scenario"] == scn.name
    assert summary["version"] == __version__ == version("tremplin")


def test_summary_holds_the_resolved_scenario(written):
    """The scenario as run, with every registry field (not just what the file set)."""
    scn, _, _, summary = written
    resolved = summary["resolved_scenario"]
    assert resolved == json.loads(json.dumps(to_dict(scn)))
    # it is complete enough to rebuild the exact scenario
    assert type(scn).model_validate(resolved) == scn
    assert resolved["population"]["migrants"] == 300
    assert resolved["regularisation"]["preset"] == "ceseda_l435_2"


def _num(text: str):
    return math.nan if text == "" else float(text)


def test_summary_final_values_are_the_last_row_of_the_timeseries(written):
    _, _, rows, summary = written
    final = summary["final"]
    assert set(final) == set(indicators.INDICATORS)
    last = rows[-1]
    for k, v in final.items():
        expected = _num(last[k])
        if math.isnan(expected):
            assert v is None, f"{k}: NaN must be written as null, got {v!r}"
        else:
            # the CSV is written with 6 significant digits
            assert v == pytest.approx(expected, rel=1e-5, abs=1e-9), k
    assert final["month"] == MONTHS


def test_summary_holds_the_medians(written):
    _, _, _, summary = written
    for key, count in (("median_months_to_first_job", "first_job_observed"),
                       ("median_months_to_regularisation", "regularisations_observed")):
        assert key in summary
        v = summary[key]
        if summary[count] == 0:
            assert v is None, f"{key} with no observation must be null"
        else:
            assert isinstance(v, float)
            assert 0 <= v <= MONTHS
    assert summary["first_job_observed"] <= summary["arrivals_observed"]
    assert summary["regularisations_observed"] <= summary["undocumented_arrivals_observed"]
    assert summary["undocumented_arrivals_observed"] <= summary["arrivals_observed"]


def test_summary_spending_adds_up(written):
    _, _, _, summary = written
    spend = summary["spend_by_lever_eur"]
    assert all(v >= 0 for v in spend.values())
    assert sum(spend.values()) == pytest.approx(summary["final"]["municipal_spend_eur"], abs=1.0)
