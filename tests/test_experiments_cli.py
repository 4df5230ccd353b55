"""Sensitivity studies of the model, reports and experiment files, through ``tremplin``."""

from __future__ import annotations

import base64
import json
import re

import pandas as pd
import pytest
from test_experiments_batch import small_file

from tremplin.experiments.experiment import SHIPPED, load_experiment
from tremplin.experiments.store import ResultStore

PARAMS = "labour_market.discrimination,labour_market.callback_base"


@pytest.fixture(scope="module")
def small_scn(tmp_path_factory):
    return small_file(tmp_path_factory.mktemp("scn"), "small_base")


@pytest.fixture(scope="module")
def sobol_dir(small_scn, tmp_path_factory):
    from tremplin.cli import main

    out = tmp_path_factory.mktemp("sobol") / "study"
    code = main(["sensitivity", "--scenario", str(small_scn), "--params", PARAMS,
                 "--method", "sobol", "--n", "4", "--scrambles", "2", "--months", "6",
                 "--range", "labour_market.discrimination=0.1:0.6", "--serial",
                 "--out", str(out), "--seed", "3"])
    assert code == 0
    return out


def test_sobol_study_of_the_model(sobol_dir, capsys):
    meta = json.loads((sobol_dir / "sensitivity.json").read_text())
    assert meta["runs"] == 2 * 4 * 4 and meta["failed_runs"] == 0
    assert meta["factors"][0] == {"key": "labour_market.discrimination", "lo": 0.1, "hi": 0.6,
                                  "integer": False}
    assert meta["factors"][1]["lo"] == 0.05  # the registry prior of callback_base
    ind = pd.read_csv(sobol_dir / "indices.csv")
    assert set(ind["output"]) == {"employment_rate", "regularisation_rate"}
    assert set(ind["index"]) == {"S1", "ST"}
    emp = ind[ind["output"] == "employment_rate"]
    assert (emp["ci_low"] <= emp["estimate"]).all() and (emp["estimate"] <= emp["ci_high"]).all()
    assert "estimate_half_n" in ind
    note = meta["outputs"]["employment_rate"]  # n=4 is far too small: the check says so
    assert not note["converged"] and "MORE SAMPLES NEEDED" in note["verdict"]
    design = pd.read_csv(sobol_dir / "design.csv")
    store = ResultStore(sobol_dir).read()
    assert len(store) == len(design) * 7
    # the parameter values reached the model
    assert design["labour_market.discrimination"].between(0.1, 0.6).all()
    assert design["labour_market.discrimination"].nunique() > 4


def test_doubling_n_reuses_every_run(sobol_dir, small_scn, cli):
    res = cli("sensitivity", "--scenario", small_scn, "--params", PARAMS, "--n", "8",
              "--scrambles", "2", "--months", "6", "--range",
              "labour_market.discrimination=0.1:0.6", "--serial", "--out", sobol_dir,
              "--seed", "3")
    assert res.code == 0, res.err
    assert "32 of 64 runs already stored" in res.err
    assert "convergence:" in res.out
    res = cli("sensitivity", "--scenario", small_scn, "--params", PARAMS, "--n", "8",
              "--scrambles", "2", "--months", "6", "--serial", "--out", sobol_dir, "--seed", "3")
    assert res.code == 2 and "different parameters" in res.err  # another range: refused


def test_morris_study(small_scn, tmp_path, cli):
    out = tmp_path / "morris"
    res = cli("sensitivity", "--scenario", small_scn, "--params", PARAMS, "--method", "morris",
              "--n", "3", "--months", "6", "--serial", "--out", out, "--outputs",
              "employment_rate")
    assert res.code == 0, res.err
    ind = pd.read_csv(out / "indices.csv")
    assert set(ind["index"]) == {"mu_star", "mu", "sigma"}
    assert "mu_star" in res.out
    assert cli("report", out).code == 0
    assert (out / "figures" / "morris_employment_rate.png").stat().st_size > 5000


@pytest.mark.parametrize(("args", "needle"), [
    (["--params", "labour_market.nope"], "not a registry parameter"),
    (["--params", "regularisation.preset"], "only numeric"),
    (["--params", PARAMS, "--n", "6"], "power of two"),
    (["--params", PARAMS, "--outputs", "happiness"], "not an indicator"),
    (["--params", PARAMS, "--range", "labour_market.discrimination=0.9:0.1"], "LO must be"),
    (["--params", PARAMS, "--range", "labour_market.discrimination=0:2"], "within the"),
    (["--params", PARAMS, "--range", "nonsense"], "section.name=LO:HI"),
])
def test_sensitivity_errors_are_one_line(cli, tmp_path, args, needle):
    res = cli("sensitivity", *args, "--serial", "--out", tmp_path / "x")
    assert res.code == 2 and len(res.err_lines) == 1 and needle in res.err, res.err


def _check_page(page_path, pngs):
    page = page_path.read_text()
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == len(pngs)
    for b64, png in zip(images, pngs, strict=True):
        assert base64.b64decode(b64) == png.read_bytes()  # embedded and saved: the same figure
    # self-contained: no script, no link out (the embedded figures' base64 is left out of the
    # search: four letters of it may spell "http" by chance)
    text = re.sub(r"data:image/png;base64,[^\"]+", "", page)
    assert "<script" not in text and "http" not in text.split("</style>")[1]
    return page


def test_study_report(sobol_dir, cli):
    res = cli("report", sobol_dir)
    assert res.code == 0, res.err
    page = _check_page(sobol_dir / "report.html",
                       [sobol_dir / "figures" / f"sobol_{o}.png"
                        for o in ("employment_rate", "regularisation_rate")])
    assert "Convergence:" in page and "labour_market.discrimination" in page


def test_batch_experiment_and_report(small_scn, tmp_path, cli):
    small_file(tmp_path, "small_oacas", "oacas_regularisation")
    exp = tmp_path / "tiny.toml"
    exp.write_text('kind = "batch"\nname = "tiny"\n'
                   f'scenarios = ["{small_scn.as_posix()}", "small_oacas.toml"]\n'
                   "replications = 3\nmonths = 6\nseed = 2\n"
                   "[overrides]\nlabour_market = { employers = 30 }\n")
    out = tmp_path / "tiny_out"
    res = cli("experiment", exp, "--out", out, "--serial")
    assert res.code == 0, res.err
    assert f"HTML report: {(out / 'report.html').resolve()}" in res.out
    # the policy report (issue 12): paired differences over time, then levels
    page = _check_page(out / "report.html", [out / "figures" / "differences_over_time.png",
                                             out / "figures" / "trajectories.png"])
    assert "small_oacas" in page and "All headline indicators at month 6" in page
    assert "In brief" in page and "What it costs" in page
    assert (out / "experiment.toml").read_text() == exp.read_text()
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns[:9]) == ["scenario", "indicator", "mean", "std", "ci_low",
                                         "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high"]
    assert set(summary["scenario"]) == {"small_base", "small_oacas"}


def test_shipped_experiments_validate():
    assert {"headline_levers", "sobol_main"} <= set(SHIPPED.names())
    head = load_experiment("headline_levers")
    assert head.scenarios[0] == "baseline" and len(head.scenarios) == 5
    sob = load_experiment("sobol_main")
    assert sob.method == "sobol" and sob.outputs == ["employment_rate", "regularisation_rate"]
    from tremplin.experiments.sensitivity import factor

    for key in sob.params:
        factor(key, tuple(sob.ranges[key]) if key in sob.ranges else None)


def test_file_and_flags_build_the_same_study(tmp_path):
    """One spec: an experiment file and the same settings as flags give equal studies, and
    what neither sets is the spec's default in both."""
    from tremplin.cli import build_parser
    from tremplin.experiments.cli import study_spec
    from tremplin.experiments.study import SensitivitySpec

    path = tmp_path / "study.toml"
    path.write_text('kind = "sensitivity"\nname = "s"\nscenario = "baseline"\n'
                    'params = ["labour_market.discrimination", "labour_market.callback_base"]\n'
                    'method = "morris"\nn = 5\nmonths = 12\nmonth = 6\n'
                    '[ranges]\n"labour_market.discrimination" = [0.1, 0.6]\n')
    args = build_parser().parse_args([
        "sensitivity", "--params", PARAMS, "--method", "morris", "--n", "5", "--months", "12",
        "--month", "6", "--range", "labour_market.discrimination=0.1:0.6"])
    from_file, from_flags = load_experiment(path), study_spec(args)
    assert isinstance(from_file, SensitivitySpec) and type(from_flags) is SensitivitySpec
    assert from_file.record() == from_flags.record()
    assert from_flags.scrambles == SensitivitySpec.model_fields["scrambles"].default
    assert [f.lo for f in from_flags.factors()] == [0.1, 0.05]


@pytest.mark.parametrize(("text", "needle"), [
    ('kind = "batch"\nname = "x"\nscenarios = ["baseline"]\n',
     "replications: missing (a required setting)"),
    # a misspelt setting is named with the one it was meant to be, and its "missing" line is
    # left out (it used to say "replications: Field required", one problem at a time)
    ('kind = "batch"\nname = "x"\nscenarios = ["baseline"]\nreplication = 2\n',
     "replication = 2: unknown setting (did you mean 'replications'?)"),
    ('kind = "batch"\nname = "x"\nscenarios = ["baseline"]\nreplications = 2\n'
     '[overrides.subsidy]\nenabled = true\nend_shar = 0.4\n',
     ": overrides: [subsidy] end_shar: unknown key (did you mean 'end_share'?)"),
    ('kind = "batch"\nname = "x"\nscenarios = ["baseline"]\nreplications = "many"\n',
     "replications = 'many'"),
    ('kind = "batch"\nname = "x"\nscenarios = ["baseline"]\nreplications = 2\ncolour = 1\n',
     "colour"),
    ('kind = "study"\n', "kind = 'study'"),
    ('kind = "sensitivity"\nname = "x"\nscenario = "baseline"\nparams = ["a.b"]\n'
     'method = "fast"\n', "method = 'fast'"),
    ("kind = \n", "not valid TOML"),
    ('kind = "sensitivity"\nname = "x"\nparams = ["labour_market.discrimination"]\nn = 6\n',
     "n = 6: the base sample per scrambling must be a power of two"),
    ('kind = "sensitivity"\nname = "x"\nparams = ["labour_market.discrimination"]\n'
     '[ranges]\n"labour_market.discrimination" = [0.9, 0.1]\n',
     "ranges.labour_market.discrimination = [0.9, 0.1]: LO must be below HI"),
    ('kind = "sensitivity"\nname = "x"\nparams = ["labour_market.nope"]\n',
     "params: 'labour_market.nope' is not a registry parameter"),
    ('kind = "sensitivity"\nname = "x"\nparams = ["labour_market.discrimination"]\n'
     "month = 999\nmonths = 12\n", "month = 999: must be from 0 to the horizon (12 months)"),
])
def test_experiment_file_errors_name_the_field(cli, tmp_path, text, needle):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    res = cli("experiment", path, "--serial")
    assert res.code == 2 and len(res.err_lines) == 1, res.err
    assert str(path) in res.err and needle in res.err, res.err


def test_report_of_an_empty_folder_is_a_clear_error(cli, tmp_path):
    res = cli("report", tmp_path)
    assert res.code == 2 and "no batch" in res.err and len(res.err_lines) == 1
