"""Is a scenario a steady state? The yearly drift of every headline indicator.

Levers are compared against a baseline; if the baseline itself drifts, a lever's measured
effect depends on the horizon chosen (issue 10). This check runs a scenario over several
seeds, fits a straight line to each headline indicator's monthly mean over the seeds, and
reports the slope per year with an interval from the per-seed slopes (Student t over seeds).

Shares and 0-1 levels are judged in percentage points a year against a stated threshold
(0.5 pp by default, the issue's criterion); counts are shown as a percentage of their mean a
year; cumulative indicators (spending since month 0) grow by construction and are not judged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tremplin.model import indicators, run_scenario
from tremplin.model.scenario import load

from .stats import t_interval

THRESHOLD_PP = 0.5
"""The largest drift accepted for a share or level, in percentage points a year (issue 10)."""


@dataclass(frozen=True)
class Drift:
    """One indicator's drift: mean at the first and last month, slope per year [interval]."""

    indicator: str
    unit: str
    first: float
    last: float
    slope: float
    low: float
    high: float
    judged: bool

    @property
    def flat(self) -> bool | None:
        """Whether the slope is below the threshold (``None`` for indicators not judged)."""
        return abs(self.slope) < THRESHOLD_PP if self.judged else None


def _series(args: tuple[str, int, int]) -> pd.DataFrame:
    """The monthly headline indicators of one seed (a top-level function: it is pickled)."""
    ref, seed, months = args
    ts = run_scenario(load(ref), seed=seed, months=months).timeseries
    return ts[["month", *(s.name for s in indicators.headline())]].assign(seed=seed)


def _slope_per_year(month: np.ndarray, y: np.ndarray) -> float:
    ok = np.isfinite(y)
    if ok.sum() < 3:
        return math.nan
    return float(np.polyfit(month[ok], y[ok], 1)[0] * 12)


def _scale(spec: indicators.Indicator, mean: float) -> tuple[float, str, bool]:
    """How an indicator's slope is shown: (factor, unit, judged)."""
    if spec.kind in (indicators.Kind.SHARE, indicators.Kind.LEVEL):
        return 100.0, "pp/year", True
    if spec.kind is indicators.Kind.EUR:
        return 1.0, "EUR/year (cumulative: grows by construction)", False
    scale = 100.0 / mean if mean else math.nan
    return scale, "% of mean/year", False


def drift(frames: Iterable[pd.DataFrame]) -> list[Drift]:
    """The drift of every headline indicator over the seeds' monthly tables."""
    data = pd.concat(list(frames), ignore_index=True)
    mean = data.groupby("month").mean(numeric_only=True)
    months = mean.index.to_numpy(dtype=float)
    out = []
    for spec in indicators.headline():
        y = mean[spec.name].to_numpy(dtype=float)
        factor, unit, judged = _scale(spec, float(np.nanmean(y)))
        per_seed = np.array([
            _slope_per_year(g["month"].to_numpy(dtype=float), g[spec.name].to_numpy(dtype=float))
            for _, g in data.groupby("seed")]) * factor
        slope = _slope_per_year(months, y) * factor
        _, _, low, high = t_interval(per_seed)
        out.append(Drift(spec.name, unit, float(y[0]), float(y[-1]), slope, low, high, judged))
    return out


def measure(ref: str, seeds: int, months: int, workers: int = 2) -> list[Drift]:
    """Run ``ref`` for seeds 1..``seeds`` over ``months`` and return each indicator's drift."""
    jobs = [(ref, seed, months) for seed in range(1, seeds + 1)]
    if workers <= 1:
        return drift(map(_series, jobs))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return drift(pool.map(_series, jobs))


def table(rows: list[Drift]) -> str:
    """The drift table as Markdown (pasteable into a closing note or the docs)."""
    lines = ["| indicator | month 0 | last month | slope | 95% interval | unit | flat |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        verdict = {True: "yes", False: "NO", None: "-"}[r.flat]
        lines.append(f"| {r.indicator} | {r.first:.4g} | {r.last:.4g} | {r.slope:+.3f} | "
                     f"[{r.low:+.3f}, {r.high:+.3f}] | {r.unit} | {verdict} |")
    return "\n".join(lines)
