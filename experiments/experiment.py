"""Experiment files: a batch or a sensitivity study written down as one TOML file.

A study is reproducible from the file alone (scenarios, replications, horizon, seed, town
size). Shipped files live next to this module (``headline_levers.toml``, ``sobol_main.toml``)
and are found by name; scenario names in a file are shipped scenarios or paths relative to the
file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tremplin.errors import TremplinError, read_toml


class ExperimentError(TremplinError):
    """An experiment file that cannot be read or does not validate."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class BatchExperiment(_Strict):
    kind: Literal["batch"]
    name: str
    description: str = ""
    scenarios: list[str] = Field(min_length=1)
    replications: int = Field(ge=1, le=100_000)
    months: int | None = Field(default=None, ge=1, le=600)
    seed: int = Field(default=0, ge=0)
    out: str | None = None
    overrides: dict[str, dict] = Field(default_factory=dict)


class SensitivityExperiment(_Strict):
    kind: Literal["sensitivity"]
    name: str
    description: str = ""
    scenario: str
    method: Literal["sobol", "morris"] = "sobol"
    params: list[str] = Field(min_length=1)
    n: int = Field(default=16, ge=2)
    scrambles: int = Field(default=8, ge=2)
    outputs: list[str] = Field(default_factory=lambda: ["employment_rate",
                                                        "regularisation_rate"])
    second_order: bool = False
    months: int | None = Field(default=None, ge=1, le=600)
    month: int | None = Field(default=None, ge=0)
    replications: int = Field(default=1, ge=1)
    seed: int = Field(default=0, ge=0)
    tolerance: float = Field(default=0.05, gt=0)
    ranges: dict[str, list[float]] = Field(default_factory=dict)
    overrides: dict[str, dict] = Field(default_factory=dict)
    out: str | None = None


def shipped() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir()
                  if p.name.endswith(".toml"))


def resolve(ref: str | Path) -> Path:
    path = Path(ref)
    if path.exists():
        return path
    name = str(ref)[:-5] if str(ref).endswith(".toml") else str(ref)
    if name in shipped():
        return Path(str(resources.files(__package__) / f"{name}.toml"))
    raise ExperimentError(f"{ref}: no such experiment file (shipped: {', '.join(shipped())})")


def load_experiment(ref: str | Path) -> BatchExperiment | SensitivityExperiment:
    path = resolve(ref)
    raw = read_toml(path, ExperimentError)
    kind = raw.get("kind")
    model = {"batch": BatchExperiment, "sensitivity": SensitivityExperiment}.get(kind)
    if model is None:
        raise ExperimentError(f"{path}: kind = {kind!r}: must be 'batch' or 'sensitivity'")
    try:
        exp = model.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        got = f" = {err['input']!r}" if err["type"] != "missing" else ""
        raise ExperimentError(f"{path}: {loc}{got}: {err['msg']}") from None
    if isinstance(exp, SensitivityExperiment):
        for key, rng in exp.ranges.items():
            if len(rng) != 2:
                raise ExperimentError(f"{path}: ranges.{key} = {rng!r}: must be [LO, HI]")
    # scenario references relative to the experiment file
    here = path.parent

    def ref_of(s: str) -> str:
        return str(here / s) if (here / s).exists() and ("/" in s or s.endswith(".toml")) else s

    if isinstance(exp, BatchExperiment):
        exp.scenarios = [ref_of(s) for s in exp.scenarios]
    else:
        exp.scenario = ref_of(exp.scenario)
    return exp
