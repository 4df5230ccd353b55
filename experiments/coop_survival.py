"""Survival of new SSE enterprises at 1-5 years, beside the conventional-firm cohort (issue 11).

Why: a cooperative economy that never fails, or that fails whatever the levers, tells nothing
about support. Without any support (no subsidy, no public contracts or direct orders, no
seconded staff or help finding customers, and no open-competition lots), new enterprises
should survive about as conventional start-ups do: the French SINE 2006 cohort, 91.4 / 78.8 /
65.8 / 59.1 / 51.5% at 1-5 years (sources.md A5, §3.d.1; France, another country). The
cooperative-economy parameters marked "fitted to SINE 2006" in the registry were set so.

Measure: run the scenario over several seeds, and for every enterprise founded during a run
(not the communities, not the enterprises already there at the start), count it at age ``k``
years if the run lasted ``12 k`` months after its founding; survival at ``k`` is the share of
those counted that were still active at that age.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tremplin.model import TremplinModel, cooperative_accounts
from tremplin.model.scenario import load

SINE_2006 = (0.914, 0.788, 0.658, 0.591, 0.515)
"""Survival at 1-5 years of French firms created in the first half of 2006 (sources.md A5)."""
TOLERANCE_PP = 8.0
"""Largest gap to SINE 2006 accepted at any of the five horizons (issue 11), in points."""
MONTHS_PER_YEAR = 12

UNSUPPORTED: dict[str, dict[str, object]] = {
    "subsidy": {"enabled": False},
    "reserved_procurement": {"enabled": False},
    "seconded_staff": {"enabled": False},
    "customer_help": {"enabled": False},
    "municipality": {"open_win_chance": 0.0},
}
"""Changes that take every cash support away from enterprises (no public contracts at all)."""


@dataclass(frozen=True)
class Horizon:
    """Survival at one age: the share of enterprises observed that long still active."""

    years: int
    survival: float
    observed: int
    sine: float

    @property
    def gap_pp(self) -> float:
        return 100.0 * (self.survival - self.sine)


def lifetimes(args: tuple[str, int, int, dict]) -> pd.DataFrame:
    """Founding month, lifetime and whether still active of every enterprise founded during
    one run (a top-level function: it is pickled for the worker processes)."""
    ref, seed, months, changes = args
    model = TremplinModel(load(ref, changes or None), seed=seed)
    for _ in range(months):
        model.step()
    acc = cooperative_accounts(model)
    acc = acc[acc["founded_in_run"] & ~acc["community"]]
    return pd.DataFrame({"seed": seed, "observed_months": model.month - acc["founded_month"],
                         "lifetime_months": acc["lifetime_months"], "active": acc["active"]})


def collect(ref: str, seeds: Iterable[int], months: int, changes: dict | None = None,
            workers: int = 1) -> pd.DataFrame:
    """The enterprises founded in each seed's run (``lifetimes``), stacked."""
    jobs = [(ref, int(s), months, changes or {}) for s in seeds]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            frames = list(pool.map(lifetimes, jobs))
    else:
        frames = [lifetimes(j) for j in jobs]
    return pd.concat(frames, ignore_index=True)


def survival(enterprises: pd.DataFrame) -> list[Horizon]:
    """Survival at 1-5 years from stacked ``lifetimes``."""
    out = []
    for k, sine in enumerate(SINE_2006, start=1):
        age = k * MONTHS_PER_YEAR
        seen = enterprises[enterprises["observed_months"] >= age]
        share = float((seen["lifetime_months"] >= age).mean()) if len(seen) else float("nan")
        out.append(Horizon(k, share, len(seen), sine))
    return out


def measure(ref: str, seeds: int, months: int, supported: bool = False,
            workers: int = 1) -> list[Horizon]:
    """Survival at 1-5 years of enterprises founded in ``ref`` over seeds 1..``seeds``,
    without any support unless ``supported``."""
    changes = None if supported else UNSUPPORTED
    return survival(collect(ref, range(1, seeds + 1), months, changes, workers))


def table(rows: list[Horizon]) -> str:
    lines = [f"{'age':>5} {'survival':>9} {'SINE 2006':>10} {'gap':>8} {'observed':>9}"]
    for h in rows:
        lines.append(f"{h.years:>4}y {100 * h.survival:>8.1f}% {100 * h.sine:>9.1f}% "
                     f"{h.gap_pp:>+7.1f}pp {h.observed:>9d}")
    return "\n".join(lines)


def within_tolerance(rows: list[Horizon]) -> bool:
    return all(np.isfinite(h.survival) and abs(h.gap_pp) <= TOLERANCE_PP for h in rows)


# ---------------------------------------------------------------------- paired comparisons
SURVIVAL_AGE = 60
"""Age (months) of the survival compared between packages (issue 11: 60-month survival)."""


@dataclass(frozen=True)
class RunMeasures:
    """What support changes, in one run: survival to ``SURVIVAL_AGE`` of enterprises founded
    from month 0 (the policy start) and observed that long, their number, and the mean over
    the months of the SSE employment rate and of the enterprises active; and the failure
    hazard of every enterprise (those there at the start included): failures per
    enterprise-year active over the run, which uses far more enterprises than the cohort."""

    survival: float
    founded: int
    sse_employment: float
    coops_active: float
    failures_per_year: float


def run_measures(args: tuple[str, dict, int, int]) -> RunMeasures:
    """The measures of one run (a top-level function: it is pickled)."""
    ref, changes, seed, months = args
    model = TremplinModel(load(ref, changes or None), seed=seed)
    start = model.month
    sse, active = [], []
    for _ in range(months):
        model.step()
        sse.append(model.indicators["sse_employment_rate"])
        active.append(model.indicators["coops_active"])
    acc = cooperative_accounts(model)
    ent = acc[~acc["community"]]
    end = ent["founded_month"] + ent["lifetime_months"]
    exposure = int((np.minimum(end, model.month) - np.maximum(ent["founded_month"], start))
                   .clip(lower=0).sum())
    failed = int((~ent["active"] & (end > start)).sum())
    new = acc[acc["founded_in_run"] & ~acc["community"] & (acc["founded_month"] >= 0)]
    seen = new[model.month - new["founded_month"] >= SURVIVAL_AGE]
    surv = float((seen["lifetime_months"] >= SURVIVAL_AGE).mean()) if len(seen) else np.nan
    hazard = MONTHS_PER_YEAR * failed / exposure if exposure else np.nan
    return RunMeasures(surv, len(seen), float(np.mean(sse)), float(np.mean(active)), hazard)


@dataclass(frozen=True)
class Paired:
    """A paired difference (b - a) over seeds: mean, paired t-statistic, seeds used."""

    measure: str
    mean: float
    t: float
    seeds: int

    def __str__(self) -> str:
        return f"{self.measure}: {self.mean:+.4f} (paired t = {self.t:.2f}, {self.seeds} seeds)"


def paired_t(a: np.ndarray, b: np.ndarray, measure: str) -> Paired:
    """Paired difference ``b - a`` over the seeds where both are defined."""
    d = np.asarray(b, float) - np.asarray(a, float)
    d = d[np.isfinite(d)]
    mean = float(d.mean()) if len(d) else float("nan")
    sd = float(d.std(ddof=1)) if len(d) > 1 else float("nan")
    t = mean / (sd / np.sqrt(len(d))) if sd and np.isfinite(sd) else (
        0.0 if mean == 0 else float(np.sign(mean) * np.inf))
    return Paired(measure, mean, t, len(d))


def compare(ref: str, a: dict, b: dict, seeds: int, months: int,
            workers: int = 1) -> list[Paired]:
    """Scenario ``ref`` with changes ``a`` and with changes ``b``, same seeds (common random
    numbers): the paired differences b - a of every ``RunMeasures`` field."""
    jobs = [(ref, ch, s, months) for ch in (a, b) for s in range(1, seeds + 1)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            runs = list(pool.map(run_measures, jobs))
    else:
        runs = [run_measures(j) for j in jobs]
    ra, rb = runs[:seeds], runs[seeds:]
    return [paired_t(np.array([getattr(r, f) for r in ra]),
                     np.array([getattr(r, f) for r in rb]), f)
            for f in ("survival", "founded", "sse_employment", "coops_active",
                      "failures_per_year")]
