"""Scenario discovery over a sweep: which lever and uncertainty ranges make a target likely.

Thin glue around EMA Workbench's analysis module (PRIM, feature scoring), which implements the
methods and is maintained; nothing here re-implements them. What this module adds is the
sweep's side: the target as conditions on the export's outcomes (``frontier.condition``), the
on/off and choice levers as integer codes (EMA Workbench 3.0's box inspection fails on
categorical columns with pandas 3), the boxes translated back into lever values, and a
peeling-trajectory figure.

Each run is one row (its package, uncertainty sample and seed): a box's **density** is the
share of its runs on target, its **coverage** the share of all runs on target that it holds,
and its **mass** the share of all runs in it. Replication noise is part of the data, as it is
part of what a council would live through.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .frontier import Condition, success
from .sweep import Dimension, SweepError


@dataclass(frozen=True)
class Box:
    """One PRIM box: the restricted dimensions and what the box holds."""

    limits: dict[str, str]  # key -> the values or range kept, for the restricted keys only
    qp: dict[str, float]  # key -> PRIM's quasi-p-value of the restriction (larger = weaker)
    coverage: float
    density: float
    mass: float
    runs: int
    trajectory: pd.DataFrame  # the peeling trajectory (coverage, density, mass, res_dim)
    chosen: int  # the trajectory step chosen


def encoded(experiments: pd.DataFrame, dims: list[Dimension]) -> pd.DataFrame:
    """The lever and uncertainty columns as numbers: an allowed value's position in its list
    (``false`` = 0, ``true`` = 1 for on/off levers), ranges as they are."""
    return pd.DataFrame({d.key: d.codes(experiments[d.key].astype(object)
                                        if d.values else experiments[d.key])
                         for d in dims})


def _prim():
    with warnings.catch_warnings():  # "ipyparallel not installed": we do not use it
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    return prim


def boxes(x: pd.DataFrame, y: np.ndarray, dims: list[Dimension], *, count: int = 2,
          min_density: float = 0.8, peel_alpha: float = 0.05, mass_min: float = 0.05
          ) -> list[Box]:
    """Up to ``count`` PRIM boxes (each found on the runs the earlier ones left uncovered,
    EMA Workbench's covering). On each peeling trajectory the step chosen is the one of
    largest coverage whose density is at least ``min_density`` (the densest step if none)."""
    if not y.any():
        raise SweepError("no run meets the target: nothing to discover (loosen the target)")
    if y.all():
        raise SweepError("every run meets the target: nothing to tell apart (tighten it)")
    prim = _prim()
    algorithm = prim.Prim(x, y, peel_alpha=peel_alpha, mass_min=mass_min)
    found = []
    for _ in range(count):
        try:
            box = algorithm.find_box()
        except (ValueError, IndexError):  # nothing left to cover
            break
        if box is None:
            break
        t = box.peeling_trajectory.reset_index(drop=True)
        dense = t[t["density"] >= min_density]
        step = int(dense["coverage"].idxmax()) if len(dense) else int(t["density"].idxmax())
        box.select(step)
        lims = box.box_lims[step]
        limits = _limits(lims, box.box_lims[0], dims)
        found.append(Box(limits, _qp(box.p_values[step], limits),
                         float(t.loc[step, "coverage"]), float(t.loc[step, "density"]),
                         float(t.loc[step, "mass"]), round(t.loc[step, "mass"] * len(y)),
                         t, step))
        if len(dense) == 0:
            break
    return found


def _qp(values: dict, limits: dict[str, str]) -> dict[str, float]:
    """The quasi-p-value of each restriction (Bryant and Lempert 2010, as EMA Workbench
    computes it): of a dimension restricted on both sides, the larger of the two."""
    out = {}
    for key in limits:
        sides = [float(v) for v in values.get(key, []) if v is not None and float(v) >= 0]
        out[key] = max(sides) if sides else float("nan")
    return out


def _limits(lims: pd.DataFrame, full: pd.DataFrame, dims: list[Dimension]) -> dict[str, str]:
    """The dimensions a box restricts, each with what it keeps in the sweep's own words."""
    out = {}
    for d in dims:
        lo, hi = float(lims[d.key].iloc[0]), float(lims[d.key].iloc[1])
        if (lo, hi) == (float(full[d.key].iloc[0]), float(full[d.key].iloc[1])):
            continue
        if d.values:
            kept = [v for i, v in enumerate(d.values) if lo <= i <= hi]
            out[d.key] = " | ".join(str(v).lower() if isinstance(v, bool) else str(v)
                                    for v in kept)
        else:
            out[d.key] = f"{lo:.4g} to {hi:.4g}"
    return out


def feature_scores(x: pd.DataFrame, outcomes: dict[str, np.ndarray]) -> pd.DataFrame:
    """EMA Workbench's extra-trees feature scores of each lever and uncertainty for each
    outcome (rows: dimensions, sorted by the first outcome; columns: outcomes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import feature_scoring
    finite = np.all([np.isfinite(v) for v in outcomes.values()], axis=0)
    scores = feature_scoring.get_feature_scores_all(
        x[finite].reset_index(drop=True), {k: v[finite] for k, v in outcomes.items()})
    return scores.sort_values(next(iter(outcomes)), ascending=False)


def trajectory_figure(found: list[Box], path: Path, title: str) -> Path:
    """Coverage against density along each box's peeling trajectory, coloured by the number
    of restricted dimensions, the chosen step circled."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(found), figsize=(5.2 * len(found), 4.4), squeeze=False)
    for i, (ax, box) in enumerate(zip(axes[0], found, strict=True)):
        t = box.trajectory
        sc = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=22)
        ax.plot(t["coverage"], t["density"], color="0.7", lw=0.8, zorder=0)
        ax.scatter([box.coverage], [box.density], s=140, facecolors="none", edgecolors="red",
                   linewidths=1.8, label=f"chosen (step {box.chosen})")
        ax.set_xlabel("coverage (share of on-target runs inside)")
        ax.set_ylabel("density (share of runs inside on target)")
        ax.set_title(f"box {i + 1}")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.legend(loc="lower left", fontsize=8)
        fig.colorbar(sc, ax=ax, label="restricted dimensions")
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def describe_target(conditions: list[Condition]) -> str:
    return " and ".join(str(c) for c in conditions)


def on_target(outcomes: dict[str, np.ndarray], conditions: list[Condition]) -> np.ndarray:
    return success(outcomes, conditions)


def share(y: np.ndarray) -> float:
    return float(y.mean()) if len(y) else math.nan
