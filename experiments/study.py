"""A sensitivity study end to end: design -> runs on the batch engine -> indices -> files.

The study folder is a batch folder (``store.py``: resumable, failed runs recorded) plus
``sensitivity.json`` (the study, its verdicts) and ``indices.csv`` (one row per output, index
and parameter, with intervals; Sobol rows also carry the estimate at N/2).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import UsageError
from tremplin.model import indicators
from tremplin.model.scenario import load, replace

from .batch import Batch, execute
from .sensitivity import (
    MorrisDesign,
    SensitivityError,
    SobolDesign,
    changes_for,
    convergence,
    factor,
    morris_indices,
    sobol_indices,
)

DEFAULT_OUTPUTS = ("employment_rate", "regularisation_rate")


@dataclass
class StudySpec:
    """Everything that defines a sensitivity study (what an experiment file holds)."""

    scenario: str
    params: list[str]
    method: str = "sobol"
    n: int = 16
    scrambles: int = 8
    outputs: list[str] = field(default_factory=lambda: list(DEFAULT_OUTPUTS))
    second_order: bool = False
    months: int | None = None
    month: int | None = None
    replications: int = 1
    seed: int = 0
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    tolerance: float = 0.05
    level: float = 0.95
    levels: int = 4

    def check(self) -> None:
        if self.method not in ("sobol", "morris"):
            raise UsageError(f"--method {self.method!r}: must be sobol or morris")
        if not self.params:
            raise UsageError("--params: name at least one registry parameter (section.name)")
        if len(set(self.params)) != len(self.params):
            raise UsageError("--params: a parameter is named twice")
        for key in self.ranges:
            if key not in self.params:
                raise UsageError(f"--range {key}: not among --params")
        for name in self.outputs:
            if name not in indicators.outcomes():
                raise UsageError(f"--outputs: {name!r} is not an indicator (one of "
                                 f"{', '.join(indicators.outcomes())})")
        if self.replications < 1:
            raise UsageError("--replications must be at least 1")
        if self.method == "sobol" and (self.n < 2 or self.n & (self.n - 1)):
            raise UsageError(f"--n {self.n}: the base sample per scrambling must be a power "
                             "of two >= 2 (Sobol' balance properties)")
        if self.method == "morris" and self.second_order:
            raise UsageError("--second-order applies to --method sobol only")


def run_study(spec: StudySpec, out: Path | str, *, serial: bool = False,
              cluster: str | None = None, workers: int | None = None,
              progress: bool = True) -> dict:
    """Run (or resume) the study into ``out`` and write its indices; returns the result."""
    spec.check()
    factors = [factor(k, spec.ranges.get(k)) for k in spec.params]
    base = load(spec.scenario)
    if spec.overrides:
        base = replace(base, spec.overrides)
    months = base.run.months if spec.months is None else spec.months
    month = months if spec.month is None else spec.month
    if not 0 <= month <= months:
        raise UsageError(f"--month {month}: must be from 0 to the horizon ({months} months)")
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
    result = {"study": {**asdict(spec), "months": months, "month": month},
              "factors": [asdict(f) for f in factors],
              "runs": len(batch.runs()), "failed_runs": len(outcome.failed), "outputs": {}}
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


def _jsonable(x):
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, tuple):
        return list(x)
    raise TypeError(type(x))


def read_study(root: Path | str) -> tuple[dict, pd.DataFrame]:
    root = Path(root)
    try:
        meta = json.loads((root / "sensitivity.json").read_text())
        return meta, pd.read_csv(root / "indices.csv", keep_default_na=False,
                                 na_values=["", "nan", "NaN"])
    except (OSError, ValueError) as e:
        raise SensitivityError(f"{root}: not a finished sensitivity study ({e})") from None
