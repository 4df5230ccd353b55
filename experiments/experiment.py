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

from tremplin.errors import TremplinError, read_toml, shown
from tremplin.model.scenario import load, problem_lines, replace
from tremplin.shipped import ShippedFiles

from .limits import LIMITS
from .sensitivity import Source
from .study import SensitivitySpec


class ExperimentError(TremplinError):
    """An experiment file that cannot be read or does not validate."""


SHIPPED = ShippedFiles("tremplin.experiments", "experiment", ExperimentError)


class BatchExperiment(BaseModel):
    """An experiment file of kind ``batch``: scenarios x replications on common seeds."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["batch"]
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    scenarios: list[str] = Field(min_length=1, max_length=1000)
    replications: int = Field(ge=1, le=LIMITS["replications"][1])
    months: int | None = Field(default=None, ge=1, le=LIMITS["months"][1])
    seed: int = Field(default=0, ge=0, le=LIMITS["seed"][1])
    out: str | None = Field(default=None, min_length=1, max_length=4096)
    overrides: dict[str, dict] = Field(default_factory=dict)


class SensitivityExperiment(SensitivitySpec):
    """An experiment file of kind ``sensitivity``: a study (every setting of
    ``SensitivitySpec``, under the same names), named, with its output folder."""

    kind: Literal["sensitivity"]
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    out: str | None = Field(default=None, min_length=1, max_length=4096)


def load_experiment(ref: str | Path) -> BatchExperiment | SensitivityExperiment:
    """Read and validate an experiment file (a path or a shipped name); scenario references
    in it are shipped names or paths relative to the file."""
    path = SHIPPED.resolve(ref)
    source = Source(path, ExperimentError)
    raw = read_toml(path, ExperimentError)
    kind = raw.get("kind")
    if "kind" not in raw:
        raise source.refuse("missing kind: must be 'batch' or 'sensitivity'")
    if kind == "sensitivity":
        if isinstance(raw.get("scenario"), str):
            raw["scenario"] = _near(raw["scenario"], path.parent)
        return SensitivityExperiment.build(raw, source)
    if kind != "batch":  # a list or a table compares unequal too: refused here, by value
        raise source.refuse(f"{source.setting('kind', kind)}: must be 'batch' or "
                            "'sensitivity'")
    try:
        exp = BatchExperiment.model_validate(raw)
    except ValidationError as e:
        raise source.invalid(e, BatchExperiment.model_fields) from None
    exp.scenarios = [_near(s, path.parent) for s in exp.scenarios]
    _check_scenarios(exp, source)
    return exp


def _check_scenarios(exp: BatchExperiment, source: Source) -> None:
    """Every scenario of a batch file loads with the file's overrides, so a bad reference or
    override is refused now, naming this file, not after other scenarios have run."""
    for ref in exp.scenarios:
        try:
            scn = load(ref)
        except TremplinError as e:
            raise source.nested("scenarios", e) from None
        except OSError as e:  # a name the system cannot look up (too long)
            raise source.refuse(f"scenarios: {shown(ref)}: {e.strerror}") from None
        if exp.overrides:  # named after this file's overrides, not "<NAME with changes>"
            try:
                replace(scn, exp.overrides, where="overrides")
            except TremplinError as e:
                raise source.refuse_all(problem_lines(e)) from None


def _near(scenario: str, here: Path) -> str:
    """A scenario reference written in a file in ``here``: the path next to the file when it
    is one, else as written (a shipped name, or a path from the working folder)."""
    if "\0" in scenario:  # not a path; the scenario loader refuses it by name
        return scenario
    near = here / scenario
    try:
        found = near.exists()
    except OSError:  # a name too long to look up: the loader refuses it, naming the field
        return scenario
    return str(near) if found and ("/" in scenario or scenario.endswith(".toml")) \
        else scenario
