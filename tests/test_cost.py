"""Cost guards: a run or batch estimated above the limits is refused before it starts, in one
line giving the estimate and the limit, unless ``--force``; nothing shipped is refused."""

from __future__ import annotations

import pytest

from tremplin.experiments.experiment import SHIPPED as SHIPPED_EXPERIMENTS
from tremplin.experiments.experiment import BatchExperiment, load_experiment
from tremplin.model import Cost, CostError, check_cost, estimate_cost, load
from tremplin.model.cost import LOTS_LIMIT, MEMORY_LIMIT, SECONDS_LIMIT
from tremplin.model.scenario import builtin_dir, replace

LOTS = ('extends = "baseline"\nname = "lots"\n[municipality]\n'
        "procurement_eur_per_year = 1e10\nlot_eur_per_year = 1000\n")
HUGE = ('extends = "baseline"\nname = "huge"\n[population]\nmigrants = 200000\n'
        "natives = 2000000\nnative_weight = 1\narrivals_per_1000 = 50\n[network]\n"
        "mean_degree = 50\n[run]\nburn_in_months = 120\n")


def _scenario_file(tmp_path, text):
    path = tmp_path / "costly.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("ref", sorted(p.stem for p in builtin_dir().glob("*.toml")))
def test_no_shipped_scenario_is_refused(ref):
    cost = estimate_cost(load(ref))
    assert cost.over() == []
    check_cost(cost, ref)


def test_no_shipped_batch_experiment_is_refused():
    for name in SHIPPED_EXPERIMENTS.names():
        exp = load_experiment(name)
        if isinstance(exp, BatchExperiment):
            total = sum((estimate_cost(load(s), exp.months).times(exp.replications)
                         for s in exp.scenarios), start=Cost(0, 0, 0, 0))
            assert total.over() == [], (name, total)


def test_the_estimate_grows_with_each_size():
    base = load("baseline")
    ref = estimate_cost(base)
    for change in ({"population": {"migrants": 20000}}, {"population": {"native_weight": 1}},
                   {"network": {"mean_degree": 40}}, {"run": {"burn_in_months": 100}},
                   {"municipality": {"lot_eur_per_year": 1000}}):
        bigger = estimate_cost(replace(base, change))
        assert bigger.seconds > ref.seconds, change
        if "run" not in change:
            assert bigger.memory > ref.memory, change
    assert estimate_cost(base, months=240).seconds > ref.seconds


@pytest.mark.parametrize("command", ["run", "compare", "batch"])
@pytest.mark.parametrize("text,over", [(LOTS, "lots"), (HUGE, "memory")])
def test_a_costly_run_is_refused_in_one_line(cli, tmp_path, command, text, over):
    path = _scenario_file(tmp_path, text)
    out = tmp_path / "out"
    args = {"run": ["run", path], "compare": ["compare", "baseline", path],
            "batch": ["batch", path, "-r", "2", "--serial"]}[command]
    res = cli(*args, "--months", "2", "--out", out)
    assert res.code == 2
    assert len(res.err_lines) == 1 and "Traceback" not in res.err, res.err
    line = res.err_lines[0]
    assert str(path) in line and over in line and "--force" in line, line
    assert "GiB" in line or "MiB" in line, line
    assert not out.exists()


def test_the_lots_case_states_its_estimate(tmp_path, cli):
    res = cli("run", _scenario_file(tmp_path, LOTS), "--months", "2")
    assert "~10^7 procurement lots" in res.err and "limits per run 4.0 GiB and 10^5 lots" \
        in res.err, res.err


def test_a_batch_is_refused_on_its_total(tmp_path, cli):
    """Each run is fine; 90,000 runs of 600 months (under the run-count limit) are not."""
    res = cli("batch", "baseline", "-r", "90000", "--months", "600", "--serial", "--out",
              tmp_path / "b")
    assert res.code == 2 and "90000 runs need" in res.err and "computing time" in res.err, \
        res.err
    assert not (tmp_path / "b").exists()


def test_an_experiment_is_refused_naming_its_file(tmp_path, cli):
    exp = tmp_path / "big.toml"
    exp.write_text('kind = "batch"\nname = "big"\nscenarios = ["baseline"]\n'
                   "replications = 100000\nmonths = 600\n")
    res = cli("experiment", exp, "--serial", "--out", tmp_path / "b")
    assert res.code == 2 and len(res.err_lines) == 1, res.err
    assert str(exp) in res.err and "--force" in res.err
    assert not (tmp_path / "b").exists()


def test_force_runs_it_anyway(tmp_path, cli, monkeypatch):
    """``--force`` passes the guard (limits lowered so that a tiny run is 'too big')."""
    monkeypatch.setattr("tremplin.model.cost.LOTS_LIMIT", 1)
    path = _scenario_file(tmp_path, 'extends = "baseline"\nname = "tiny"\n[population]\n'
                          "migrants = 60\nnatives = 60\n[run]\nburn_in_months = 1\n")
    assert cli("run", path, "--months", "1", "--out", tmp_path / "o").code == 2
    res = cli("run", path, "--months", "1", "--out", tmp_path / "o", "--force")
    assert res.code == 0, res.err
    assert (tmp_path / "o" / "summary.json").exists()


def test_the_limits_are_stated():
    assert MEMORY_LIMIT == 4 * 2**30 and LOTS_LIMIT == 10**5 and SECONDS_LIMIT == 86_400
    with pytest.raises(CostError, match="memory"):
        check_cost(Cost(MEMORY_LIMIT + 1, 0, 0), "x.toml")
    check_cost(Cost(MEMORY_LIMIT + 1, 0, 0), "x.toml", force=True)
