"""Every command writes only inside its chosen (or default) output folder, whatever the names
in the files it reads.

A scenario, experiment or calibration name becomes part of a folder name. Scenario validation
refuses unsafe names, but the commands must be safe on their own (defence in depth): here the
hostile name is planted after validation (``model_copy``), so these tests hold whatever the
validator accepts. Each test lists every file under a sandbox before and after the command and
checks that the new ones all lie in the expected folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

import tremplin.model.cli as model_cli
import tremplin.model.scenario as scenario_module
from tremplin.errors import UsageError
from tremplin.paths import MAX_NAME, inside, safe_name

HOSTILE = ["../../x", "/abs", "..", "a/b", "a\x00b", "x" * 300]
SMALL_TOML = ('extends = "baseline"\nname = "plain"\n[population]\nmigrants = 60\n'
              "natives = 60\n[labour_market]\nemployers = 5\n[run]\nburn_in_months = 1\n")


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A working folder two levels down in ``tmp_path`` (so ``../../x`` from ``runs/`` stays
    in ``tmp_path``, where it can be seen) and a small scenario file."""
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    (tmp_path / "small.toml").write_text(SMALL_TOML)
    return tmp_path


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _hostile_loads(monkeypatch, name: str) -> None:
    """Every scenario the commands load gets ``name`` after validation."""
    real = scenario_module.load

    def load(ref, *args, **kwargs):
        return real(ref, *args, **kwargs).model_copy(update={"name": name})

    monkeypatch.setattr(scenario_module, "load", load)
    monkeypatch.setattr(model_cli, "load", load)


def _new_files_only_under(sandbox: Path, before: set[Path], folder: Path) -> set[Path]:
    new = _files(sandbox) - before
    outside = {p for p in new if folder.resolve() not in p.resolve().parents}
    assert not outside, f"written outside {folder}: {sorted(outside)}"
    return new


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("with_out", [False, True], ids=["default", "out"])
def test_run_writes_only_in_its_folder(cli, sandbox, monkeypatch, name, with_out):
    _hostile_loads(monkeypatch, name)
    before = _files(sandbox)
    out = sandbox / "chosen"
    args = ["run", sandbox / "small.toml", "--months", "1"] + (["--out", out] if with_out else [])
    res = cli(*args)
    assert res.code == 0, res.err
    folder = out if with_out else Path("runs")
    new = _new_files_only_under(sandbox, before, folder)
    assert {p.name for p in new} == {"timeseries.csv", "summary.json"}
    if not with_out:  # one plain folder directly under runs/
        assert [p.parent.parent.resolve() for p in new] == [Path("runs").resolve()] * 2


@pytest.mark.parametrize("name", ["..", "../../x", "/abs", "a/b"])
def test_compare_writes_only_in_out(cli, sandbox, monkeypatch, name):
    _hostile_loads(monkeypatch, name)
    before = _files(sandbox)
    out = sandbox / "chosen"
    res = cli("compare", sandbox / "small.toml", sandbox / "small.toml", "--months", "1",
              "--out", out)
    assert res.code == 0, res.err
    new = _new_files_only_under(sandbox, before, out)
    assert {p.parent.parent.resolve() for p in new} == {out.resolve()}


@pytest.mark.parametrize("name", ["../../x", "/abs", "..", "a/b"])
@pytest.mark.parametrize("with_out", [False, True], ids=["default", "out"])
def test_batch_writes_only_in_its_folder(cli, sandbox, monkeypatch, name, with_out):
    _hostile_loads(monkeypatch, name)
    before = _files(sandbox)
    out = sandbox / "chosen"
    res = cli("batch", sandbox / "small.toml", "-r", "1", "--months", "1", "--serial",
              *(["--out", out] if with_out else []))
    assert res.code == 0, res.err
    new = _new_files_only_under(sandbox, before, out if with_out else Path("runs"))
    assert any(p.suffix == ".parquet" for p in new)


def _experiment(sandbox: Path, name: str, out: str | None = None) -> Path:
    path = sandbox / "exp.toml"
    text = (f'kind = "batch"\nname = {name!r}\nscenarios = ["small.toml"]\nreplications = 1\n'
            "months = 1\n")
    path.write_text(text + (f"out = {out!r}\n" if out is not None else ""))
    return path


@pytest.mark.parametrize("name", ["../../x", "/abs"])
def test_experiment_default_folder_follows_a_safe_name(cli, sandbox, monkeypatch, name):
    """The experiment's name is planted after validation; its batch and report stay in
    ``runs/``."""
    from tremplin.experiments import experiment

    real = experiment.load_experiment
    monkeypatch.setattr(experiment, "load_experiment",
                        lambda ref: real(ref).model_copy(update={"name": name}))
    path = _experiment(sandbox, "plain")
    before = _files(sandbox)
    res = cli("experiment", path, "--serial")
    assert res.code == 0, res.err
    new = _new_files_only_under(sandbox, before, Path("runs"))
    assert any(p.name == "report.html" for p in new)


@pytest.mark.parametrize("out", ["../../x", "/abs", ".."])
def test_experiment_file_out_must_stay_in_the_working_folder(cli, sandbox, out):
    path = _experiment(sandbox, "plain", out)
    before = _files(sandbox)
    res = cli("experiment", path, "--serial")
    assert res.code == 2
    assert len(res.err_lines) == 1 and "outside the output folder" in res.err, res.err
    assert _files(sandbox) == before


def test_experiment_with_out_flag_writes_there(cli, sandbox):
    path = _experiment(sandbox, "plain", "../../x")
    before = _files(sandbox)
    out = sandbox / "chosen"
    res = cli("experiment", path, "--serial", "--out", out)
    assert res.code == 0, res.err
    _new_files_only_under(sandbox, before, out)


def test_calibrate_default_folder_follows_a_safe_name(cli, sandbox, monkeypatch):
    """The calibration's name is planted after loading; the fit itself is replaced by a stop,
    so only where the command would write is checked."""
    from dataclasses import replace

    from tremplin.calibration import fit, targets
    from tremplin.experiments import cluster

    real = targets.load
    monkeypatch.setattr(targets, "load", lambda ref: replace(real(ref), name="../../../x"))
    monkeypatch.setattr(cluster, "dask_client", lambda *a: contextlib.nullcontext())

    def stop(cal, out, client):
        out.mkdir(parents=True)
        (out / "marker").write_text("")
        raise UsageError("stopped here")

    monkeypatch.setattr(fit, "run_abc", stop)
    before = _files(sandbox)
    res = cli("calibrate", "be_2019")
    assert res.err_lines == ["tremplin: stopped here"], res.err
    new = _new_files_only_under(sandbox, before, Path("runs"))
    assert [p.parent.name for p in new] == ["calibrate-_x"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_real_file_with_a_hostile_name_is_refused_or_kept_inside(cli, sandbox, name):
    """End to end, with the validator: refused in one line, or run inside ``runs/``."""
    path = sandbox / "named.toml"
    path.write_text(SMALL_TOML.replace('"plain"', repr(name).replace("\\x00", "\\u0000")))
    before = _files(sandbox)
    res = cli("run", path, "--months", "1")
    assert res.code in (0, 2), res.err
    if res.code == 2:
        assert len(res.err_lines) == 1 and "Traceback" not in res.err, res.err
    _new_files_only_under(sandbox, before, Path("runs"))


# ---------------------------------------------------------------------- the helpers
@pytest.mark.parametrize("text", ["baseline", "liege", "all_levers", "batch-a-b-r20", "x.y-z_1"])
def test_a_safe_name_is_unchanged(text):
    assert safe_name(text) == text


@pytest.mark.parametrize("text", [*HOSTILE, "", ".", "...", "\n\t", "é/ü", "a\\b", "-"])
def test_safe_name_is_one_plain_component(text):
    name = safe_name(text)
    assert name and len(name) <= MAX_NAME and name.isascii()
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and ".." not in name
    assert name.isprintable()


def test_long_names_that_share_a_beginning_stay_distinct():
    assert safe_name("x" * 300) != safe_name("x" * 301)
    assert len(safe_name("x" * 300)) == MAX_NAME


@pytest.mark.parametrize("parts", [("..",), ("/abs",), ("a", "..", ".."), ("a\x00b",)])
def test_inside_refuses_a_path_leaving_its_base(tmp_path, parts):
    with pytest.raises(UsageError, match=r"outside the output folder|NUL"):
        inside(tmp_path, *parts)


def test_inside_refuses_a_symbolic_link_pointing_away(tmp_path):
    (tmp_path / "base").mkdir()
    os.symlink(tmp_path, tmp_path / "base" / "up")
    with pytest.raises(UsageError, match="outside the output folder"):
        inside(tmp_path / "base", "up", "x")
    assert inside(tmp_path / "base", "a", "..", "b") == tmp_path / "base" / "a" / ".." / "b"
