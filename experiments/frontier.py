"""Cost-effectiveness of lever packages: effect and lever spending with intervals, the frontier
of effect against cost, and the cheapest package that reaches a target with a stated
probability.

Both the effect and the spending of a package are **paired differences** against the base
scenario under the same uncertainty sample and seed (``sweep.paired``): the spending is what the
package adds to what the municipality spends anyway (the baseline's language pathway is paid in
every scenario), never the scenario's total.

**Intervals.** A package's runs form a crossed design: uncertainty samples (U) x replication
seeds (R), the same seeds under every sample. Cells sharing a seed are not independent, nor are
cells sharing a sample, so a t interval over the U x R cells as if independent would be too
narrow. The variance of the grand mean is estimated as ``s_u^2/U + s_r^2/R`` from the
variances of the sample means and of the replication means (crossed random effects: this counts
the interaction twice, so it errs wide), with ``min(U, R) - 1`` degrees of freedom. With one
uncertainty sample it is the paired t interval over replications that batches use.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from tremplin.errors import TremplinError

from .sweep import GAIN, LEVER_SPEND

OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
_CONDITION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|>|<)\s*([-+0-9.eE_]+)\s*(pp)?\s*$")


class TargetError(TremplinError):
    """A target that cannot be read or does not name an outcome of the sweep."""


@dataclass(frozen=True)
class Condition:
    """``outcome OP value``, e.g. ``employment_rate_regular_gain >= 0.02`` (2 points)."""

    outcome: str
    op: str
    value: float

    def holds(self, x: np.ndarray) -> np.ndarray:
        """Where the condition holds (an undefined outcome never meets a target)."""
        x = np.asarray(x, dtype=float)
        return np.isfinite(x) & OPS[self.op](x, self.value)

    def __str__(self) -> str:
        return f"{self.outcome} {self.op} {self.value:g}"


def condition(text: str, known: list[str] | None = None, where: str = "--target") -> Condition:
    """A condition as written: ``NAME>=VALUE`` (``<=``, ``>``, ``<`` too), the value a number
    or points (``2pp`` is 0.02, for shares); NAME must be among ``known`` when given."""
    m = _CONDITION.match(text) if isinstance(text, str) else None
    value = math.nan
    if m:
        try:
            value = float(m.group(3).replace("_", "")) / (100 if m.group(4) else 1)
        except ValueError:
            value = math.nan
    if not m or not math.isfinite(value):
        raise TargetError(f"{where} {str(text)[:80]!r}: expected OUTCOME>=VALUE (or <=, >, <), "
                          "e.g. employment_rate_regular_gain>=2pp or added_spend_eur<=2e6")
    name = m.group(1)
    if known is not None and name not in known:
        raise TargetError(f"{where} {text[:80]!r}: {name!r} is not an outcome of this sweep "
                          f"(one of {', '.join(known)})")
    return Condition(name, m.group(2), value)


def success(outcomes: dict[str, np.ndarray], conditions: list[Condition]) -> np.ndarray:
    """Runs where every condition holds."""
    ok = np.ones(len(next(iter(outcomes.values()))), dtype=bool)
    for c in conditions:
        ok &= c.holds(outcomes[c.outcome])
    return ok


# ---------------------------------------------------------------------- intervals
def crossed_interval(cells: pd.DataFrame, value: str, level: float = 0.95
                     ) -> tuple[float, float, float]:
    """Mean and interval of ``value`` over the (sample, replication) cells of one package
    (see the module's note on crossed designs)."""
    x = cells[value].to_numpy(float)
    ok = np.isfinite(x)
    cells = cells[ok]
    if not len(cells):
        return math.nan, math.nan, math.nan
    mean = float(cells[value].mean())
    by_sample = cells.groupby("sample")[value].mean()
    by_rep = cells.groupby("replication")[value].mean()
    u, r = len(by_sample), len(by_rep)
    var = (by_sample.var(ddof=1) / u if u > 1 else 0.0) + (by_rep.var(ddof=1) / r if r > 1
                                                           else 0.0)
    dof = min(u, r) - 1 if min(u, r) > 1 else max(u, r) - 1
    if dof < 1:
        return mean, math.nan, math.nan
    half = stats.t.ppf(0.5 + level / 2, dof) * math.sqrt(var)
    return mean, mean - half, mean + half


def packages(pairs: pd.DataFrame, effect: str, level: float = 0.95) -> pd.DataFrame:
    """One row per package: its effect (``effect``, a paired gain) and lever spending, each a
    mean with an interval over uncertainty samples and replications, and the runs counted."""
    rows = []
    for package, cells in pairs.groupby("package", sort=True):
        e = crossed_interval(cells, effect, level)
        c = crossed_interval(cells, LEVER_SPEND, level)
        rows.append({"package": int(package), "effect": e[0], "effect_low": e[1],
                     "effect_high": e[2], "cost": c[0], "cost_low": c[1], "cost_high": c[2],
                     "runs": len(cells)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- frontier
def frontier(table: pd.DataFrame, effect: str = "effect", cost: str = "cost") -> pd.DataFrame:
    """The packages no other package beats: none has at least the effect for at most the cost
    with one of the two strictly better. Sorted by cost; a package with an undefined effect or
    cost is on no frontier."""
    t = table[np.isfinite(table[effect]) & np.isfinite(table[cost])]
    t = t.sort_values([cost, effect], ascending=[True, False], kind="mergesort")
    keep, best = [], -math.inf
    for idx, e in zip(t.index, t[effect], strict=True):
        if e > best:  # cheaper ones come first: only a larger effect earns a place
            keep.append(idx)
            best = e
    return t.loc[keep]


# ---------------------------------------------------------------------- the cheapest package
@dataclass(frozen=True)
class Answer:
    """The cheapest package reaching the target, or None when no package does."""

    package: int | None
    table: pd.DataFrame  # every package: share of runs on target, its interval, mean cost
    probability: float


def cheapest(pairs: pd.DataFrame, outcomes: dict[str, np.ndarray], conditions: list[Condition],
             probability: float, level: float = 0.95) -> Answer:
    """The package with the least mean lever spending among those whose runs (over
    uncertainty samples and replications) meet every condition in at least a share
    ``probability``. The share has a Clopper-Pearson interval, for the reader: with a few
    dozen runs a share of 0.8 may well be 0.65."""
    hit = success(outcomes, conditions)
    frame = pd.DataFrame({"package": pairs["package"].to_numpy(), "hit": hit,
                          "cost": pairs[LEVER_SPEND].to_numpy(float)})
    rows = []
    for package, g in frame.groupby("package", sort=True):
        k, n = int(g["hit"].sum()), len(g)
        lo, hi = _clopper_pearson(k, n, level)
        rows.append({"package": int(package), "on_target": k, "runs": n, "share": k / n,
                     "share_low": lo, "share_high": hi, "cost": float(g["cost"].mean())})
    table = pd.DataFrame(rows)
    ok = table[table["share"] >= probability].sort_values(["cost", "share"],
                                                          ascending=[True, False])
    return Answer(int(ok["package"].iloc[0]) if len(ok) else None, table, probability)


def _clopper_pearson(k: int, n: int, level: float) -> tuple[float, float]:
    a = 1 - level
    lo = 0.0 if k == 0 else float(stats.beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(stats.beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


def effect_name(conditions: list[Condition], default: str) -> str:
    """The effect a frontier is drawn for: the first gain a target names, else ``default``."""
    for c in conditions:
        if c.outcome.endswith(GAIN):
            return c.outcome
    return default


def figure(table: pd.DataFrame, front: pd.DataFrame, path, effect_label: str,
           scale: float = 1.0, chosen: int | None = None) -> None:
    """Effect against lever spending, one point per package with both intervals, the
    frontier joined, the cheapest package on target circled. ``scale`` multiplies effects
    (100 for shares shown in points)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    t = table[np.isfinite(table["effect"]) & np.isfinite(table["cost"])]
    ax.errorbar(t["cost"] / 1e3, t["effect"] * scale,
                xerr=[(t["cost"] - t["cost_low"]) / 1e3, (t["cost_high"] - t["cost"]) / 1e3],
                yerr=[(t["effect"] - t["effect_low"]) * scale,
                      (t["effect_high"] - t["effect"]) * scale],
                fmt="o", ms=4, color="0.45", ecolor="0.85", elinewidth=1, label="package")
    ax.plot(front["cost"] / 1e3, front["effect"] * scale, "-o", color="tab:blue", ms=5,
            label="frontier (means)")
    for _, r in front.iterrows():
        ax.annotate(str(int(r["package"])), (r["cost"] / 1e3, r["effect"] * scale),
                    textcoords="offset points", xytext=(4, 4), fontsize=7, color="tab:blue")
    if chosen is not None and chosen in set(t["package"]):
        r = t.set_index("package").loc[chosen]
        ax.scatter([r["cost"] / 1e3], [r["effect"] * scale], s=160, facecolors="none",
                   edgecolors="red", linewidths=1.8, label=f"cheapest on target ({chosen})")
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("lever spending, paired with the base (EUR thousand)")
    ax.set_ylabel(effect_label)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
