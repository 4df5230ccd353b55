"""Experiment files: a batch or a sensitivity study written down as one TOML file.

A study is reproducible from the file alone (scenarios, replications, horizon, seed, town
size). Shipped files live next to this module (``headline_levers.toml``, ``sobol_main.toml``)
and are found by name; scenario names in a file are shipped scenarios or paths relative to the
file.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from tremplin.errors import TremplinError, read_toml, shown
from tremplin.model import indicators
from tremplin.model.scenario import load, problem_lines, replace
from tremplin.shipped import ShippedFiles

from .limits import LIMITS, MAX_OUTPUTS, MAX_RUNS
from .sensitivity import Source
from .study import SensitivitySpec

MAX_DIMENSIONS = 50  # levers (or uncertainties) in one sweep


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


class SweepExperiment(BaseModel):
    """An experiment file of kind ``sweep``: lever packages x uncertainty samples x
    replications on common seeds, each package paired with the base scenario (``sweep.py``).

    ``levers`` and ``uncertainties`` map ``section.key`` (quoted, or as a TOML sub-table) to
    ``[low, high]`` or a list of allowed values (``"prior"``: the calibration prior). ``n`` is
    the number of packages (``lhs``, ``sobol``) or the levels of each numeric lever (``grid``).
    ``target`` holds conditions (``outcome = ">= VALUE"``) and ``probability``, the share of
    runs that must meet them, for the cheapest-package question.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    kind: Literal["sweep"]
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    scenario: str = Field(default="baseline", min_length=1, max_length=4096)
    overrides: dict[str, dict] = Field(default_factory=dict)
    levers: dict[str, Any] = Field(min_length=1, max_length=MAX_DIMENSIONS)
    uncertainties: dict[str, Any] = Field(default_factory=dict, max_length=MAX_DIMENSIONS)
    design: Literal["grid", "lhs", "sobol"] = "lhs"
    n: int = Field(ge=2, le=LIMITS["n"][1])
    uncertainty_samples: int = Field(default=4, ge=1, le=LIMITS["n"][1])
    replications: int = Field(ge=1, le=LIMITS["replications"][1])
    months: int | None = Field(default=None, ge=1, le=LIMITS["months"][1])
    month: int | None = Field(default=None, ge=0)
    seed: int = Field(default=0, ge=0, le=LIMITS["seed"][1])
    outcomes: list[str] = Field(default_factory=lambda: ["employment_rate_regular",
                                                         "regularisation_rate"],
                                min_length=1, max_length=MAX_OUTPUTS)
    target: dict[str, Any] = Field(default_factory=dict)
    out: str | None = Field(default=None, min_length=1, max_length=4096)
    _design: Any = PrivateAttr(default=None)
    _scenarios: dict = PrivateAttr(default_factory=dict)

    def prepared(self, drawn, scenarios: dict) -> None:
        """Keep the design drawn and its scenarios (set once the file is validated)."""
        self._design = drawn
        self._scenarios = scenarios

    @property
    def drawn(self):
        """The packages and uncertainty samples drawn (``sweep.Design``)."""
        return self._design

    @property
    def scenarios(self) -> dict:
        """Every scenario of the sweep, label -> validated scenario (the base of u001 first)."""
        return self._scenarios

    def horizon(self) -> int:
        return self.months if self.months is not None else self.base().run.months

    def analysed_month(self) -> int:
        return self.horizon() if self.month is None else self.month

    def base(self):
        scn = load(self.scenario)
        return replace(scn, self.overrides) if self.overrides else scn

    def conditions(self) -> list:
        """The target's conditions (``probability`` aside), as ``frontier.Condition``."""
        from .frontier import condition

        return [condition(f"{k}{v}") for k, v in self.target.items() if k != "probability"]

    def probability(self) -> float:
        return float(self.target.get("probability", 0.8))

    def runs(self) -> int:
        d = self.drawn
        return (len(d.packages) + 1) * len(d.samples) * self.replications


def load_experiment(ref: str | Path) -> BatchExperiment | SensitivityExperiment | SweepExperiment:
    """Read and validate an experiment file (a path or a shipped name); scenario references
    in it are shipped names or paths relative to the file."""
    path = SHIPPED.resolve(ref)
    source = Source(path, ExperimentError)
    raw = read_toml(path, ExperimentError)
    kind = raw.get("kind")
    if "kind" not in raw:
        raise source.refuse("missing kind: must be 'batch', 'sensitivity' or 'sweep'")
    if kind == "sensitivity":
        if isinstance(raw.get("scenario"), str):
            raw["scenario"] = _near(raw["scenario"], path.parent)
        return SensitivityExperiment.build(raw, source)
    if kind == "sweep":
        return _sweep(raw, path, source)
    if kind != "batch":  # a list or a table compares unequal too: refused here, by value
        raise source.refuse(f"{source.setting('kind', kind)}: must be 'batch', "
                            "'sensitivity' or 'sweep'")
    try:
        exp = BatchExperiment.model_validate(raw)
    except ValidationError as e:
        raise source.invalid(e, BatchExperiment.model_fields) from None
    exp.scenarios = [_near(s, path.parent) for s in exp.scenarios]
    _check_scenarios(exp, source)
    return exp


def _sweep(raw: dict, path: Path, source: Source) -> SweepExperiment:
    """Validate a sweep file: its settings, then each lever and uncertainty, the target, the
    base scenario and every design point (each a valid scenario), and the design's size."""
    from . import sweep
    from .frontier import TargetError, condition

    for table in ("levers", "uncertainties"):
        if isinstance(raw.get(table), dict):
            raw[table] = _flat(raw[table])
    try:
        exp = SweepExperiment.model_validate(raw)
    except ValidationError as e:
        raise source.invalid(e) from None
    exp.scenario = _near(exp.scenario, path.parent)

    def refuse(field: str, text: str):
        return source.refuse(f"{field}: {text}")

    if set(exp.levers) & set(exp.uncertainties):
        both = sorted(set(exp.levers) & set(exp.uncertainties))[0]
        raise refuse(f"uncertainties.{both}", "already a lever; a key is one or the other")
    levers = [sweep.dimension(k, v, "lever", refuse) for k, v in exp.levers.items()]
    uncertain = [sweep.dimension(k, v, "uncertainty", refuse)
                 for k, v in exp.uncertainties.items()]
    for name in exp.outcomes:
        if name not in indicators.outcomes():
            raise refuse("outcomes", f"{name!r} is not an indicator (one of "
                         f"{', '.join(indicators.outcomes())})")
    known = [*exp.outcomes, *(o + sweep.GAIN for o in exp.outcomes), sweep.LEVER_SPEND]
    for key, value in exp.target.items():
        if key == "probability":
            if not (isinstance(value, float | int) and not isinstance(value, bool)
                    and 0 < value <= 1):
                raise refuse(f"target.probability = {shown(value)}", "must be a number above "
                             "0 and at most 1")
            continue
        try:
            condition(f"{key}{value}" if isinstance(value, str) else "", known)
        except TargetError:
            raise refuse(f"target.{key} = {shown(value)}", "must be written OUTCOME = "
                         "\">= VALUE\" (or <=, >, <; VALUE a number or points such as 2pp), "
                         f"OUTCOME one of {', '.join(known)}") from None
    if exp.design == "sobol" and exp.n & (exp.n - 1):
        raise refuse(f"n = {exp.n}", "with design = 'sobol' the number of packages must be a "
                     "power of two (Sobol' balance properties)")
    if exp.design == "grid":
        size = math.prod(len(d.levels(exp.n)) for d in levers)
        if size > MAX_RUNS:
            raise refuse(f"n = {exp.n}", f"the grid has {size:,} packages, more than "
                         f"{MAX_RUNS:,}; use fewer levels or design = 'lhs'")
    try:
        base = exp.base()
    except TremplinError as e:
        raise refuse("scenario" + ("/overrides" if exp.overrides else ""), str(e)) from None
    except OSError as e:
        raise refuse(f"scenario = {shown(exp.scenario)}", str(e.strerror)) from None
    horizon = exp.horizon()
    if exp.month is not None and exp.month > horizon:
        raise refuse(f"month = {exp.month}", f"must be from 0 to the horizon ({horizon} "
                     "months)")
    samples = exp.uncertainty_samples if uncertain else 1
    drawn = sweep.draw(levers, uncertain, exp.design, exp.n, samples, exp.seed)
    exp.prepared(drawn, sweep.scenarios(base, drawn, refuse))
    return exp


def _flat(table: dict) -> dict:
    """``{section: {name: v}}`` (TOML's reading of ``section.name = v``) as
    ``{"section.name": v}``; quoted ``"section.name"`` keys are already flat."""
    out = {}
    for key, value in table.items():
        if isinstance(value, dict) and "." not in key:
            out.update({f"{key}.{name}": v for name, v in value.items()})
        else:
            out[key] = value
    return out


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
