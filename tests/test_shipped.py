"""One rule finds a user's file or a shipped one by name, for every kind of file: scenarios,
experiment files and calibration files."""

from __future__ import annotations

import pytest

from tremplin.calibration.targets import SHIPPED as CALIBRATIONS
from tremplin.calibration.targets import CalibrationFileError
from tremplin.experiments.experiment import SHIPPED as EXPERIMENTS
from tremplin.experiments.experiment import ExperimentError
from tremplin.model.scenario import SHIPPED as SCENARIOS
from tremplin.model.scenario import ScenarioError

KINDS = [(SCENARIOS, ScenarioError, "baseline"), (EXPERIMENTS, ExperimentError, "sobol_main"),
         (CALIBRATIONS, CalibrationFileError, "be_2019")]
IDS = ["scenario", "experiment", "calibration"]


@pytest.mark.parametrize(("kind", "error", "name"), KINDS, ids=IDS)
def test_a_shipped_name_with_or_without_suffix(kind, error, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).mkdir()  # a folder of that name (an earlier --out) does not hide it
    assert kind.resolve(name) == kind.folder / f"{name}.toml"
    assert kind.resolve(f"{name}.toml") == kind.folder / f"{name}.toml"
    assert name in kind.names()


@pytest.mark.parametrize(("kind", "error", "name"), KINDS, ids=IDS)
def test_a_path_wins_and_is_relative_to_near(kind, error, name, tmp_path, monkeypatch):
    own = tmp_path / f"{name}.toml"
    own.write_text("")
    monkeypatch.chdir(tmp_path)
    assert kind.resolve(f"{name}.toml") == own.relative_to(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert kind.resolve(f"{name}.toml", near=tmp_path) == own


@pytest.mark.parametrize(("kind", "error", "name"), KINDS, ids=IDS)
def test_refusals_are_one_line_naming_what_is_shipped(kind, error, name, tmp_path):
    with pytest.raises(error, match=f"nope: no such {kind.noun} file \\(shipped: .*{name}"):
        kind.resolve("nope")
    with pytest.raises(error, match=f"is a folder, not a {kind.noun} file"):
        kind.resolve(tmp_path)
    with pytest.raises(error, match=r"x\.toml: extends = 'nope': no such .* next to it"):
        kind.resolve("nope", near=tmp_path, label="x.toml: extends = 'nope'")


@pytest.mark.parametrize(("kind", "error", "name"), KINDS, ids=IDS)
def test_only_a_bare_name_reaches_the_shipped_folder(kind, error, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match="no such"):
        kind.resolve(f"sub/../{name}")
    assert kind.shipped(f"../{kind.folder.name}/{name}") is None
