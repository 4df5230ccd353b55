"""A sensitivity study end to end: its spec -> design -> runs on the batch engine -> indices.

One object describes a study (``SensitivitySpec``, in the spirit of SALib's ``ProblemSpec``):
the scenario, the factors and their ranges, the outputs, the method and its sample sizes, the
seed, the replications and the month read. An experiment file of kind ``sensitivity`` and the
``tremplin sensitivity`` flags both build it, with the same validation; a refusal is one line
naming the file's key or the flag (``Source``). ``run_study`` takes it.

The study folder is a batch folder (``store.py``: resumable, failed runs recorded) plus
``sensitivity.json`` (the study, its verdicts) and ``indices.csv`` (one row per output, index
and parameter, with intervals; Sobol rows also carry the estimate at N/2).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Self

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from tremplin.model import indicators
from tremplin.model.scenario import ScenarioError, load, problem_lines, replace

from .batch import Batch, execute
from .limits import LIMITS, MAX_MEMORY, MAX_OUTPUTS, MAX_PARAMS, MAX_RUNS
from .sensitivity import (
    COMMAND_LINE,
    Factor,
    MorrisDesign,
    SensitivityError,
    SobolDesign,
    Source,
    changes_for,
    convergence,
    factor,
    morris_indices,
    seed_noise,
    sobol_indices,
)

DEFAULT_OUTPUTS = ("employment_rate", "regularisation_rate")

# Bytes per design point (its validated scenario, label and row: 25 kB), per run (its spec
# and the batch's bookkeeping: 3.4 kB), measured with tracemalloc on sobol_main at n = 64, and
# per simulated month of a run read back for the analysis (a 300-byte row of 38 columns,
# with room for the copies the per-output grouping makes).
POINT_BYTES = 26_000
RUN_BYTES = 3_500
ROW_BYTES = 1_000


@dataclass(frozen=True)
class DesignSize:
    """What a design costs: model runs, estimated peak memory (bytes), how runs are counted."""

    runs: int
    memory: float
    formula: str


class SensitivitySpec(BaseModel):
    """Everything that defines a sensitivity study, validated as a whole.

    Build it with ``SensitivitySpec.build(values, source)`` so that a refusal names the file
    or the flags the values came from; constructing it directly validates the same way and
    names the flags.

    Attributes:
        scenario: a scenario file or shipped name, the base of every design point.
        params: the registry parameters varied (``section.name``), numeric only.
        method: ``sobol`` (indices with randomised-QMC intervals) or ``morris`` (screening).
        n: sobol: base rows per scrambling (a power of two); morris: trajectories.
        scrambles: sobol: independent scramblings (the interval is over them).
        outputs: the indicators analysed.
        second_order: sobol: also the pairwise interaction indices.
        months: the simulated horizon (default: the scenario's).
        month: the month whose indicators are analysed (default: the last).
        replications: runs per design point on common seeds, averaged.
        seed: the study seed (design scramblings, run seeds, bootstrap).
        ranges: ``{parameter: (lo, hi)}`` replacing the registry range (or prior).
        overrides: scenario changes ``{section: {name: value}}`` applied to every point.
        tolerance: convergence: the largest acceptable interval half-width and N/2 -> N move.
        level: the confidence level of the intervals.
        levels: morris: grid levels of each factor.
        noise_seeds: sobol: runs of the centre of the ranges on this many seeds (in
            ``noise/``), to say how much of each output's variance is seed noise (0: none).
    """

    # NaN and infinities are refused in every number (ranges included), like any bad value
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)

    scenario: str = Field(default="baseline", min_length=1, max_length=4096)
    params: list[str] = Field(max_length=MAX_PARAMS)
    method: Literal["sobol", "morris"] = "sobol"
    n: int = Field(default=16, ge=2, le=LIMITS["n"][1])
    scrambles: int = Field(default=8, ge=2, le=LIMITS["scrambles"][1])
    outputs: list[str] = Field(default_factory=lambda: list(DEFAULT_OUTPUTS), min_length=1,
                               max_length=MAX_OUTPUTS)
    second_order: bool = False
    months: int | None = Field(default=None, ge=1, le=LIMITS["months"][1])
    month: int | None = Field(default=None, ge=0)  # within the horizon: _check_month
    replications: int = Field(default=1, ge=1, le=LIMITS["replications"][1])
    seed: int = Field(default=0, ge=0, le=LIMITS["seed"][1])
    ranges: dict[str, list[float]] = Field(default_factory=dict)
    overrides: dict[str, dict] = Field(default_factory=dict)
    tolerance: float = Field(default=0.05, gt=0, le=1)
    level: float = Field(default=0.95, gt=0, lt=1)
    levels: int = Field(default=4, ge=2, le=LIMITS["levels"][1])
    noise_seeds: int = Field(default=8, ge=0, le=1000)
    _source: Source = PrivateAttr(default=COMMAND_LINE)

    @classmethod
    def build(cls, values: dict[str, Any], source: Source = COMMAND_LINE) -> Self:
        """The validated spec of ``values`` written in ``source``, or one line naming the
        setting refused and what is allowed."""
        try:
            return cls.model_validate(values, context={"source": source})
        except ValidationError as e:
            raise source.invalid(e, cls.model_fields) from None

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Self:
        """What no single field can say: factors, outputs, design size, month in horizon."""
        source = (info.context or {}).get("source", COMMAND_LINE)
        self._source = source
        self._check_params(source)
        self._check_outputs(source)
        self._check_design(source)
        self._check_month(source)
        return self

    def _check_params(self, source: Source) -> None:
        if not self.params:
            raise source.refuse(f"{source.name('params')}: name at least one registry "
                                "parameter (section.name)")
        if len(set(self.params)) != len(self.params):
            raise source.refuse(f"{source.name('params')}: a parameter is named twice")
        for key, rng in self.ranges.items():
            if len(rng) != 2:
                raise source.refuse(f"{source.name('ranges')}.{key} = {rng!r}: must be [LO, HI]")
            if key not in self.params:
                raise source.refuse(f"{source.range(key, *rng)}: not among "
                                    f"{source.name('params')}")
        self.factors(source)

    def _check_outputs(self, source: Source) -> None:
        for name in self.outputs:
            if name not in indicators.outcomes():
                raise source.refuse(f"{source.name('outputs')}: {name!r} is not an indicator "
                                    f"(one of {', '.join(indicators.outcomes())})")

    def _check_design(self, source: Source) -> None:
        if self.method == "sobol" and self.n & (self.n - 1):
            raise source.refuse(f"{source.setting('n', self.n)}: the base sample per "
                                "scrambling must be a power of two >= 2 (Sobol' balance "
                                "properties)")
        if self.method == "morris" and self.second_order:
            raise source.refuse(f"{source.name('second_order')} applies to "
                                f"{source.setting('method', 'sobol')} only")

    def _check_month(self, source: Source) -> None:
        try:  # the base scenario loads whatever the horizon
            base = load(self.scenario)
        except ScenarioError as e:  # a ValueError, which pydantic would swallow
            raise source.nested(source.name("scenario"), e) from None
        except OSError as e:  # a name the system cannot look up (too long)
            raise source.refuse(f"{source.setting('scenario', self.scenario)}: "
                                f"{e.strerror}") from None
        if self.overrides:
            try:
                base = replace(base, self.overrides, where=source.name("overrides"))
            except ScenarioError as e:
                raise source.refuse_all(problem_lines(e)) from None
        horizon = base.run.months if self.months is None else self.months
        if self.month is not None and self.month > horizon:
            raise source.refuse(f"{source.setting('month', self.month)}: must be from 0 to "
                                f"the horizon ({horizon} months)")
        self._check_corners(base, source)

    def _check_corners(self, base, source: Source) -> None:
        """Every design point is a valid scenario: the rules across fields (shares adding up
        to at most 1, a minimum below its maximum) are linear, so checking the corners of the
        box of ranges checks every point inside it, before any run starts."""
        factors = self.factors(source)
        for corner in _corners(len(factors)):
            row = [f.hi if up else f.lo for f, up in zip(factors, corner, strict=True)]
            try:
                replace(base, changes_for(factors, row))
            except ScenarioError as e:
                at = ", ".join(f"{f.key}={f.value(x):g}" for f, x in zip(factors, row,
                                                                          strict=True))
                reason = str(e).split(": ", 1)[-1]
                raise source.refuse(f"{source.name('params')}/{source.name('ranges')}: the "
                                    f"design reaches {at}, which is not a valid scenario "
                                    f"({reason})") from None

    def factors(self, source: Source = COMMAND_LINE) -> list[Factor]:
        """The varied parameters with their ranges, in the order of ``params``."""
        return [factor(k, tuple(self.ranges[k]) if k in self.ranges else None, source)
                for k in self.params]

    def base(self):
        """The scenario every design point starts from (with the spec's overrides)."""
        base = load(self.scenario)
        return replace(base, self.overrides, where=self._source.name("overrides")) \
            if self.overrides else base

    def size(self) -> DesignSize:
        """The number of model runs and the memory the design will take, before sampling."""
        d = len(self.params)
        if self.method == "sobol":
            block = 2 * d + 2 if self.second_order else d + 2
            points, formula = self.n * block * self.scrambles, (
                f"n x ({'2D+2' if self.second_order else 'D+2'}) x scrambles x replications = "
                f"{self.n} x {block} x {self.scrambles} x {self.replications}")
        else:
            points, formula = self.n * (d + 1), (f"trajectories x (D+1) x replications = "
                                                 f"{self.n} x {d + 1} x {self.replications}")
        runs = points * self.replications
        months = self.horizon()
        memory = points * POINT_BYTES + runs * (RUN_BYTES + (months + 1) * ROW_BYTES)
        return DesignSize(runs, memory, formula)

    def guard(self, force: bool = False) -> None:
        """Refuse, before anything is sampled or written, a design above ``MAX_RUNS`` model
        runs or ``MAX_MEMORY`` bytes, unless ``force``: a mistyped ``n`` must not fill the
        memory or the disk. The line names the settings and gives the estimate."""
        size = self.size()
        if force or (size.runs <= MAX_RUNS and size.memory <= MAX_MEMORY):
            return
        src = self._source
        keys = ("n", "scrambles", "replications") if self.method == "sobol" \
            else ("n", "replications")
        what = ", ".join(src.setting(k, getattr(self, k)) for k in keys)
        force_it = "add --force to run it anyway"
        raise src.refuse(f"{what}: the design needs {size.runs:,} model runs ({size.formula}) "
                         f"and about {size.memory / 1e9:,.1f} GB of memory; the limits are "
                         f"{MAX_RUNS:,} runs and {MAX_MEMORY / 1e9:g} GB ({force_it})")

    def horizon(self) -> int:
        """The simulated months: ``months`` if set, else the scenario's horizon."""
        return self.base().run.months if self.months is None else self.months

    def record(self) -> dict[str, Any]:
        """The spec as plain data (for ``sensitivity.json``), without what a subclass adds."""
        return self.model_dump(mode="json", include=set(SensitivitySpec.model_fields))


def _corners(d: int) -> list[tuple[bool, ...]]:
    """Corners of a ``d``-dimensional box (True = high end): all of them up to 10 factors,
    else both extremes and each factor alone at the other end of each."""
    if d <= 10:
        return list(itertools.product((False, True), repeat=d))
    out = [(False,) * d, (True,) * d]
    for i in range(d):
        out += [tuple(j == i for j in range(d)), tuple(j != i for j in range(d))]
    return out


def run_study(spec: SensitivitySpec, out: Path | str, *, serial: bool | None = None,
              cluster: str | None = None, workers: int | None = None,
              progress: bool = True, force: bool = False) -> dict:
    """Run (or resume) the study into ``out`` and write its indices; returns the result.

    A design above the size limits is refused before sampling unless ``force``."""
    spec.guard(force)
    factors = spec.factors()
    base = spec.base()
    months = spec.horizon()
    month = months if spec.month is None else spec.month
    if spec.method == "sobol":
        design = SobolDesign(factors, spec.n, spec.scrambles, spec.seed,
                             spec.second_order).build()
    else:
        design = MorrisDesign(factors, spec.n, spec.seed, spec.levels).build()
    points = design.points()
    scenarios = {label: replace(base, changes_for(factors, row)) for label, row in points}
    batch = Batch(scenarios, spec.replications, months, spec.seed, kind="sensitivity")
    outcome = execute(batch, out, serial=serial, cluster=cluster, workers=workers,
                      progress=progress, desc=f"{spec.method} runs")
    frame = outcome.frame()
    at = frame[frame["month"] == month]
    labels = [label for label, _ in points]
    noise = None
    if spec.method == "sobol" and spec.noise_seeds >= 2:
        noise = _noise_runs(spec, base, factors, months, month, out, serial=serial,
                            cluster=cluster, workers=workers, progress=progress)
    result = {"study": {**spec.record(), "months": months, "month": month},
              "factors": [asdict(f) for f in factors],
              "runs": len(batch.runs()), "failed_runs": len(outcome.failed), "outputs": {},
              "warnings": idle_parameters(spec, base)}
    tables = []
    for name in spec.outputs:
        # mean over replications; a missing (failed) run leaves the point undefined
        per_point = at.groupby("scenario", observed=True)[name].agg(["mean", "count"])
        y = per_point["mean"].where(per_point["count"] == spec.replications)
        y = y.reindex(labels).to_numpy(dtype=float)
        if spec.method == "sobol":
            full, note = sobol_indices(design, y, level=spec.level)
            half, _ = sobol_indices(design, y, level=spec.level, rows=spec.n // 2) \
                if spec.n >= 4 else (full, None)
            ok, verdict = convergence(full, half, spec.tolerance)
            full["estimate_half_n"] = half["estimate"].to_numpy()
            full["ci_low_half_n"] = half["ci_low"].to_numpy()
            full["ci_high_half_n"] = half["ci_high"].to_numpy()
            if spec.n < 4:
                verdict, ok = "N/2 too small to compare; MORE SAMPLES NEEDED", False
            result["outputs"][name] = {**note, "converged": ok, "verdict": verdict}
            if noise is not None:
                result["outputs"][name]["seed_noise"] = seed_noise(
                    noise[name].to_numpy(), y, spec.replications)
        else:
            full, note = morris_indices(design, y, level=spec.level, seed=spec.seed)
            result["outputs"][name] = note
        full.insert(0, "output", name)
        tables.append(full)
    indices = pd.concat(tables, ignore_index=True)
    root = Path(out)
    indices.to_csv(root / "indices.csv", index=False, float_format="%.6g")
    design_frame = pd.DataFrame([row for _, row in points], columns=spec.params)
    design_frame.insert(0, "scenario", labels)
    design_frame.to_csv(root / "design.csv", index=False, float_format="%.8g")
    result["failed"] = [{k: e[k] for k in ("scenario", "replication", "seed", "error")}
                        for e in outcome.failed]
    (root / "sensitivity.json").write_text(json.dumps(result, indent=1, default=_jsonable)
                                           + "\n")
    result["indices"] = indices
    return result


def _noise_runs(spec: SensitivitySpec, base, factors: list[Factor], months: int, month: int,
                out: Path | str, **where) -> pd.DataFrame:
    """The outputs at ``month`` of the centre of the ranges run on ``spec.noise_seeds``
    seeds (a batch of its own in ``out/noise``: resumable like the design)."""
    centre = replace(base, changes_for(factors, [(f.lo + f.hi) / 2 for f in factors]))
    batch = Batch({"centre": centre}, spec.noise_seeds, months, spec.seed, kind="noise")
    outcome = execute(batch, Path(out) / "noise", desc="seed-noise runs", **where)
    frame = outcome.frame()
    return frame[frame["month"] == month]


def idle_parameters(spec: SensitivitySpec, base) -> list[str]:
    """Warnings, before anything runs, for varied parameters of a lever that is off in the
    base scenario (and not varied itself): in that setting they cannot change anything."""
    from tremplin.model import levers

    sections = {lever.SECTION for lever in levers.LEVERS}
    out = []
    for key in spec.params:
        section, name = key.split(".", 1)
        switch = f"{section}.enabled"
        if (section in sections and name != "enabled" and switch not in spec.params
                and getattr(getattr(base, section), "enabled", True) is False):
            out.append(f"{key}: the {section} lever is off in this scenario ({section}.enabled "
                       f"= false), so this parameter cannot change anything; add --set "
                       f"{section}.enabled=true (or overrides.{section}.enabled = true in an "
                       "experiment file)")
    return out


def _jsonable(x):
    """numpy scalars (in the notes of the estimators) as plain numbers for JSON."""
    if isinstance(x, np.generic):
        return x.item()
    raise TypeError(type(x))


def read_study(root: Path | str) -> tuple[dict, pd.DataFrame]:
    root = Path(root)
    try:
        meta = json.loads((root / "sensitivity.json").read_text())
        return meta, pd.read_csv(root / "indices.csv", keep_default_na=False,
                                 na_values=["", "nan", "NaN"])
    except (OSError, ValueError) as e:
        raise SensitivityError(f"{root}: not a finished sensitivity study ({e})") from None
