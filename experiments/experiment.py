"""Experiment files: a batch or a sensitivity study written down as one TOML file.

A study is reproducible from the file alone (scenarios, replications, horizon, seed, town
size). Shipped files live next to this module (``headline_levers.toml``, ``sobol_main.toml``)
and are found by name; scenario names in a file are shipped scenarios or paths relative to the
file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tremplin.errors import TremplinError, read_toml
from tremplin.shipped import ShippedFiles

from .sensitivity import Source
from .study import SensitivitySpec


class ExperimentError(TremplinError):
    """An experiment file that cannot be read or does not validate."""


SHIPPED = ShippedFiles("tremplin.experiments", "experiment", ExperimentError)


class BatchExperiment(BaseModel):
    """An experiment file of kind ``batch``: scenarios x replications on common seeds."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["batch"]
    name: str
    description: str = ""
    scenarios: list[str] = Field(min_length=1)
    replications: int = Field(ge=1, le=100_000)
    months: int | None = Field(default=None, ge=1, le=600)
    seed: int = Field(default=0, ge=0)
    out: str | None = None
    overrides: dict[str, dict] = Field(default_factory=dict)


class SensitivityExperiment(SensitivitySpec):
    """An experiment file of kind ``sensitivity``: a study (every setting of
    ``SensitivitySpec``, under the same names), named, with its output folder."""

    kind: Literal["sensitivity"]
    name: str
    description: str = ""
    out: str | None = None


def load_experiment(ref: str | Path) -> BatchExperiment | SensitivityExperiment:
    """Read and validate an experiment file (a path or a shipped name); scenario references
    in it are shipped names or paths relative to the file."""
    path = SHIPPED.resolve(ref)
    source = Source(path, ExperimentError)
    raw = read_toml(path, ExperimentError)
    kind = raw.get("kind")
    if kind == "sensitivity":
        if isinstance(raw.get("scenario"), str):
            raw["scenario"] = _near(raw["scenario"], path.parent)
        return SensitivityExperiment.build(raw, source)
    if kind != "batch":
        raise source.refuse(f"kind = {kind!r}: must be 'batch' or 'sensitivity'")
    try:
        exp = BatchExperiment.model_validate(raw)
    except ValidationError as e:
        raise source.invalid(e) from None
    exp.scenarios = [_near(s, path.parent) for s in exp.scenarios]
    return exp


def _near(scenario: str, here: Path) -> str:
    """A scenario reference written in a file in ``here``: the path next to the file when it
    is one, else as written (a shipped name, or a path from the working folder)."""
    near = here / scenario
    return str(near) if near.exists() and ("/" in scenario or scenario.endswith(".toml")) \
        else scenario
