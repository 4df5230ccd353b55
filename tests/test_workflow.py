"""Everyday workflow (issue 12, item 6): every problem of a scenario listed at once with
close-match suggestions, ``--set section.key=value``, Morris's convergence verdict, warnings
for parameters with no effect, Sobol's seed-noise share, and the default engine."""

from __future__ import annotations

import math
import socket
import warnings

import numpy as np
import pytest

from tremplin.experiments.cluster import SERIAL_BELOW_SECONDS, prefer_serial
from tremplin.experiments.sensitivity import (
    Factor,
    MorrisDesign,
    SobolDesign,
    morris_indices,
    seed_noise,
    sobol_indices,
)
from tremplin.model.scenario import ScenarioError, load, parse_setting, settings

BAD = """extends = "baseline"
name = "bad"
[subsidy]
enabled = true
end_shar = 0.4
start_share = 2
[pathway]
mode = "integrate"
[cooperatives]
founders_min = 10
founders_max = 3
[populaton]
migrants = 300
[municipality]
reserved_share = 0.3
"""


def test_every_problem_of_a_file_is_listed_at_once_with_suggestions(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    res = cli("validate", path)
    assert res.code == 2, res.err
    lines = res.err_lines
    assert len(lines) == 6 and all(str(path) in line for line in lines), res.err
    text = res.err
    assert "[subsidy] end_shar: unknown key (did you mean 'end_share'?)" in text
    assert "[subsidy] start_share = 2: must be a number from 0 to 1" in text
    assert "mode = 'integrate': must be one of 'linear', 'integrated' (did you mean " \
           "'integrated'?)" in text
    assert "unknown key or section 'populaton' (did you mean 'population'?)" in text
    assert "[municipality] reserved_share: unknown key (it is a key of " \
           "[reserved_procurement])" in text
    # the rule across fields is checked too, on what is sound, in the same message
    assert "founders_min must not exceed founders_max" in text


def test_a_file_with_one_problem_still_gets_one_line(cli, tmp_path):
    path = tmp_path / "one.toml"
    path.write_text('extends = "baseline"\n[subsidy]\nenable = true\n')
    res = cli("validate", path)
    assert res.code == 2 and len(res.err_lines) == 1
    assert "did you mean 'enabled'?" in res.err


@pytest.mark.parametrize(("text", "expected"), [
    ("subsidy.enabled=true", ("subsidy", "enabled", True)),
    ("subsidy.end_share=0.4", ("subsidy", "end_share", 0.4)),
    ("population.migrants=500", ("population", "migrants", 500)),
    ("pathway.mode=integrated", ("pathway", "mode", "integrated")),
    ('pathway.mode="integrated"', ("pathway", "mode", "integrated")),
])
def test_set_values_are_read_as_toml(text, expected):
    assert parse_setting(text) == expected


@pytest.mark.parametrize("text", ["subsidy", "subsidy.enabled", "=1", "subsidy.=1", ".x=1",
                                  "subsidy.enabled="])
def test_malformed_set_is_refused(text):
    with pytest.raises(ScenarioError, match=r"expected section\.key=value"):
        settings([text])


def test_set_changes_the_scenario_and_its_problems_name_the_flag():
    scn = load("baseline", settings(["subsidy.enabled=true", "subsidy.end_share=0.4"]),
               overrides_from="--set")
    assert scn.subsidy.enabled is True and scn.subsidy.end_share == 0.4
    with pytest.raises(ScenarioError) as e:
        load("baseline", settings(["pathway.mdoe=integrated", "subsidy.enabled=1"]),
             overrides_from="--set")
    lines = str(e.value).splitlines()
    assert len(lines) == 2 and all(line.startswith("--set: ") for line in lines)
    assert "did you mean 'mode'?" in lines[0] and "must be true or false" in lines[1]


def test_set_on_run_and_batch(cli, tmp_path):
    res = cli("run", "baseline", "--months", "1", "--set", "population.migrants=200",
              "--set", "population.natives=600", "--set", "run.burn_in_months=2",
              "--out", tmp_path / "run")
    assert res.code == 0, res.err
    import json

    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["resolved_scenario"]["population"]["migrants"] == 200
    res = cli("batch", "baseline", "-r", "1", "--months", "1", "--set",
              "population.migrnts=200", "--out", tmp_path / "b")
    assert res.code == 2 and len(res.err_lines) == 1
    assert "--set: [population] migrnts: unknown key (did you mean 'migrants'?)" in res.err


def test_set_on_sensitivity_names_the_flag(cli, tmp_path):
    res = cli("sensitivity", "--params", "labour_market.discrimination", "--set",
              "subsidy.enabld=true", "--out", tmp_path / "s")
    assert res.code == 2 and len(res.err_lines) == 1, res.err
    assert "--set: [subsidy] enabld: unknown key (did you mean 'enabled'?)" in res.err


# ---------------------------------------------------------------------- Morris and Sobol
FACTORS = [Factor("a.x", 0.0, 1.0), Factor("a.y", 0.0, 1.0), Factor("a.z", 0.0, 1.0)]


def _linear(x: np.ndarray) -> np.ndarray:
    """Strong in x, weak in y, nothing in z."""
    return 10 * x[:, 0] + 1 * x[:, 1]


def test_morris_converges_on_a_clear_ranking_and_names_the_idle_factor():
    design = MorrisDesign(FACTORS, 20, seed=3).build()
    _, note = morris_indices(design, _linear(design.sample), seed=3)
    assert note["converged"] and "converged" in note["verdict"]
    assert "a.x first in 100%" in note["verdict"]
    assert note["no_effect"] == ["a.z"]


def test_morris_is_not_converged_when_the_ranking_is_noise():
    design = MorrisDesign(FACTORS, 4, seed=5).build()
    rng = np.random.default_rng(0)
    y = rng.normal(size=len(design.sample))  # no parameter matters: any ranking is chance
    _, note = morris_indices(design, y, seed=5)
    assert not note["converged"] and "MORE TRAJECTORIES NEEDED" in note["verdict"]
    assert note["no_effect"] == []


def test_sobol_names_a_parameter_with_no_effect():
    design = SobolDesign(FACTORS, 8, 2, seed=1).build()
    y = np.concatenate([_linear(x) for x in design.samples])
    _, note = sobol_indices(design, y)
    assert note["no_effect"] == ["a.z"]


def test_seed_noise_share():
    noise = np.array([1.0, 3.0])  # variance 2
    design = np.array([0.0, 2.0, 4.0, 6.0])  # variance 6.67
    out = seed_noise(noise, design, replications=2)
    assert out["share"] == pytest.approx(1 / 6.6666667) and out["seeds"] == 2
    assert math.isnan(seed_noise(noise[:1], design, 1)["share"])


def test_a_study_reports_seed_noise_and_warns_of_an_idle_lever(cli, tmp_path):
    import json

    res = cli("sensitivity", "--params", "labour_market.discrimination,subsidy.end_share",
              "--n", "2", "--scrambles", "2", "--months", "2", "--noise-seeds", "2",
              "--set", "population.migrants=200", "--set", "population.natives=600",
              "--set", "run.burn_in_months=2", "--serial", "--out", tmp_path / "s")
    assert res.code == 0, res.err
    assert "subsidy.end_share: the subsidy lever is off" in res.err
    meta = json.loads((tmp_path / "s" / "sensitivity.json").read_text())
    note = meta["outputs"]["employment_rate"]
    assert note["seed_noise"]["seeds"] == 2 and note["no_effect"] == ["subsidy.end_share"]
    assert "WARNING: subsidy.end_share had no effect" in res.out
    assert (tmp_path / "s" / "noise" / "batch.json").exists()


# ---------------------------------------------------------------------- engine
def test_small_batches_run_serially_by_default(monkeypatch):
    import tremplin.experiments.cluster as cluster

    monkeypatch.setattr(cluster, "free_cores", lambda: 2.0)
    assert prefer_serial(SERIAL_BELOW_SECONDS / 2, workers=2)[0]
    assert not prefer_serial(SERIAL_BELOW_SECONDS * 2, workers=2)[0]
    monkeypatch.setattr(cluster, "free_cores", lambda: 0.3)  # a busy machine
    assert prefer_serial(SERIAL_BELOW_SECONDS * 2, workers=2)[0]
    assert prefer_serial(1e9, workers=1)[0]


def test_a_local_cluster_never_warns_about_port_8787(capfd):
    """Another program holds 8787: the local cluster's dashboard takes a free port quietly."""
    from tremplin.experiments.cluster import dask_client

    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        holder.bind(("127.0.0.1", 8787))
        holder.listen()
    except OSError:
        pass  # someone already holds it: the case to test
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with dask_client(None, 1) as client:
                assert client.submit(sum, [1, 2]).result() == 3
    finally:
        holder.close()
    err = capfd.readouterr().err
    assert "8787" not in err and not any("8787" in str(w.message) for w in caught), err
