"""Global sensitivity analysis: Sobol indices on randomised quasi-Monte Carlo, Morris screening.

**Why not SALib's intervals.** SALib's Sobol intervals bootstrap the rows of one scrambled
Sobol design as if they were independent draws. They are not: quasi-Monte Carlo errors shrink
faster than 1/sqrt(N), so that bootstrap overstates the error (here 7-75x, coverage 100%).
We draw ``K`` independent scramblings of the Saltelli design instead (SALib's sampler, each
seeded from the study seed) and report the mean of the K estimates with a Student t interval
over them (randomised QMC, Owen 1997; L'Ecuyer & Lemieux 2000): each scrambling is an unbiased
randomisation, so the interval is right whatever the design's hidden structure; its coverage
on the Ishigami function is tested (``tests/test_sensitivity_ishigami.py``).

**Doubling.** SALib's Saltelli design of N base rows is the first N blocks of the design of 2N
(same seed, no skipping), so each scrambling's runs at N are reused at 2N and the convergence
check (indices from the first half of every scrambling vs all of it) costs nothing.

**Failed runs.** A run that raised, or an output that is undefined (NaN), removes its whole
Saltelli block (or Morris trajectory): the block's other runs cannot be used without it. The
count is reported; a study losing more than a quarter of any scrambling's blocks is refused.

Morris elementary effects come from independent random trajectories, so a bootstrap over
trajectories (percentile intervals) is valid there.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError, one_line, shown
from tremplin.experiments.stats import t_half_width
from tremplin.model.params import REGISTRY

if TYPE_CHECKING:
    from pydantic import ValidationError

MAX_DROPPED_SHARE = 0.25


class SensitivityError(TremplinError):
    """A sensitivity study that cannot be set up or analysed; the message says why."""


# ---------------------------------------------------------------------- the problem
@dataclass(frozen=True)
class Factor:
    """One uncertain parameter and its range (from the registry unless overridden)."""

    key: str
    lo: float
    hi: float
    integer: bool = False

    def value(self, x: float):
        return round(x) if self.integer else float(x)


@dataclass(frozen=True)
class Source:
    """Where an experiment's settings were written, so that a refusal names them as the user
    wrote them: a key of an experiment file (``path: n = 6``) or a flag (``--n 6``).

    Attributes:
        file: the experiment file, or None for the command line.
        error: the error to raise (ExperimentError for a file, else SensitivityError).
    """

    file: Path | None = None
    error: type[TremplinError] = SensitivityError

    def name(self, key: str) -> str:
        """A setting's name: ``second_order`` in a file, ``--second-order`` on the line."""
        if self.file is not None:
            return key
        return FLAGS.get(key, "--" + key.replace("_", "-"))

    def setting(self, key: str, value) -> str:
        """A setting and its value: ``n = 6`` in a file, ``--n 6`` on the line (a long value
        cut short, so that nested junk still gives one short line)."""
        if self.file is not None:
            return f"{key} = {shown(value)}"
        plain = isinstance(value, str) and value.isprintable()
        return f"{self.name(key)} {value[:60] if plain else shown(value)}"

    def range(self, key: str, lo: float | str = "LO", hi: float | str = "HI") -> str:
        """A range as written: ``ranges.k = [0.1, 0.5]`` in a file, ``--range k=0.1:0.5``."""
        lo, hi = (f"{v:g}" if isinstance(v, int | float) else v for v in (lo, hi))
        if self.file is not None:
            return f"ranges.{key} = [{lo}, {hi}]"
        return f"--range {key}={lo}:{hi}"

    def refuse(self, text: str) -> TremplinError:
        """The one-line error for ``text``, naming the file when there is one (a control
        character quoted from the input, a newline in a name, is escaped: still one line)."""
        return self.error(one_line(text if self.file is None else f"{self.file}: {text}"))

    def refuse_all(self, lines: list[str]) -> TremplinError:
        """One error listing every problem, one line each (at most ``MAX_LINES`` and a count),
        each naming the file when there is one."""
        lines = [one_line(t if self.file is None else f"{self.file}: {t}") for t in lines]
        extra = len(lines) - MAX_LINES
        return self.error("\n".join(lines[:MAX_LINES]
                                    + ([f"... and {extra} more problems"] if extra > 0 else [])))

    def nested(self, where: str, e: TremplinError) -> TremplinError:
        """A scenario's problems (one line each, already escaped) under the setting ``where``
        that led to it (``scenarios``, ``overrides``, ``--set``)."""
        from tremplin.model.scenario import problem_lines

        return self.refuse_all([f"{where}: {line}" for line in problem_lines(e)])

    def invalid(self, e: ValidationError, fields=()) -> TremplinError:
        """Every problem pydantic found (unknown, missing, wrong type or value), one line each.

        An unknown setting close to one of ``fields`` is named with it (``did you mean``), and
        the "missing" line of the setting it was meant to be is left out: the typo is the one
        problem to fix."""
        errs = e.errors(include_url=False)

        def key_of(err) -> str:
            return ".".join(str(x) for x in err["loc"]) or "(the file)"

        unknown = [key_of(x) for x in errs if x["type"] == "extra_forbidden"]
        lines = []
        for err in errs:
            key = key_of(err)
            if err["type"] == "missing":
                typos = difflib.get_close_matches(key, unknown, n=1, cutoff=0.6)
                if not typos:
                    lines.append(f"{self.name(key)}: missing (a required setting)")
                continue
            named = self.setting(key, err["input"])
            if err["type"] == "extra_forbidden":
                hint = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                lines.append(f"{named}: unknown setting"
                             + (f" (did you mean {self.name(hint[0])!r}?)" if hint else ""))
            else:
                lines.append(f"{named}: {err['msg']}")
        return self.refuse_all(lines)


MAX_LINES = 20  # problems listed for one file or command line (the rest are counted)
FLAGS = {"ranges": "--range", "overrides": "--set"}  # flags not spelt like their setting
COMMAND_LINE = Source()


def factor(key: str, override: tuple[float, float] | None = None,
           source: Source = COMMAND_LINE) -> Factor:
    """The range of ``key``: ``override`` if given, else its calibration prior when set, else
    its registry bounds; refused unless numeric and within the registry's bounds."""
    p = REGISTRY.get(key)
    if p is None:
        raise source.refuse(f"{source.name('params')}: {key!r} is not a registry parameter "
                            "(see 'tremplin params' for section.name keys)")
    if p.choices or p.type is bool:
        raise source.refuse(f"{source.name('params')}: {key} is {p.allowed()}; only numeric "
                            "parameters can be varied")
    lo, hi = override or p.prior or (p.lo, p.hi)
    if lo is None or hi is None:
        raise source.refuse(f"{source.name('params')}: {key} has no upper bound in the "
                            f"registry; give one with {source.range(key)}")
    if not lo < hi:
        raise source.refuse(f"{source.range(key, lo, hi)}: LO must be below HI")
    for bound in (lo, hi):
        if (p.lo is not None and bound < p.lo) or (p.hi is not None and bound > p.hi):
            raise source.refuse(f"{source.range(key, lo, hi)}: must lie within the "
                                f"registry's range ({p.allowed()})")
    return Factor(key, float(lo), float(hi), integer=p.type is int)


def problem(factors: list[Factor]) -> dict:
    return {"num_vars": len(factors), "names": [f.key for f in factors],
            "bounds": [[f.lo, f.hi] for f in factors]}


def changes_for(factors: list[Factor], row) -> dict:
    """The scenario changes ``{section: {name: value}}`` of one design row."""
    out: dict[str, dict] = {}
    for f, x in zip(factors, row, strict=True):
        section, name = f.key.split(".", 1)
        out.setdefault(section, {})[name] = f.value(x)
    return out


def _is_power_of_two(n: int) -> bool:
    return n >= 1 and n & (n - 1) == 0


# ---------------------------------------------------------------------- Sobol design
@dataclass
class SobolDesign:
    """K independently scrambled Saltelli designs of ``n`` base rows each."""

    factors: list[Factor]
    n: int
    scrambles: int
    seed: int
    second_order: bool = False
    samples: list[np.ndarray] = field(default_factory=list, repr=False)

    @property
    def block(self) -> int:
        d = len(self.factors)
        return (2 * d + 2) if self.second_order else (d + 2)

    def scramble_seeds(self) -> list[int]:
        ss = np.random.SeedSequence(int(self.seed))
        return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in ss.spawn(self.scrambles)]

    def build(self) -> SobolDesign:
        import warnings

        from SALib.sample import sobol as sobol_sample

        if not _is_power_of_two(self.n) or self.n < 2:
            raise SensitivityError(f"--n {self.n}: the base sample per scrambling must be a "
                                   "power of two >= 2 (Sobol' balance properties)")
        if self.scrambles < 2:
            raise SensitivityError(f"--scrambles {self.scrambles}: need at least 2 independent "
                                   "scramblings to estimate an interval")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=DeprecationWarning)
            self.samples = [sobol_sample.sample(problem(self.factors), self.n,
                                                calc_second_order=self.second_order,
                                                scramble=True, seed=s)
                            for s in self.scramble_seeds()]
        return self

    def points(self) -> list[tuple[str, np.ndarray]]:
        """(label, parameter values) of every design row; labels stay the same when ``n``
        doubles (the design of n is the first half of the design of 2n)."""
        out = []
        for k, x in enumerate(self.samples):
            for r, row in enumerate(x):
                out.append((f"s{k:02d}-b{r // self.block:05d}-{r % self.block:02d}", row))
        return out


def _sobol_estimates(y: np.ndarray, d: int, second_order: bool) -> dict[str, np.ndarray]:
    """Saltelli (2010) first-order and Jansen total-effect estimates from blocks ``y`` of
    shape (n, block): columns A, AB_1..AB_d, [BA_1..BA_d], B."""
    a, b = y[:, 0], y[:, -1]
    ab = y[:, 1:d + 1]
    var = np.var(np.r_[a, b], ddof=0)
    if not var > 0:
        nan = np.full(d, math.nan)
        return {"S1": nan, "ST": nan, **({"S2": np.full((d, d), math.nan)} if second_order
                                          else {})}
    s1 = np.mean(b[:, None] * (ab - a[:, None]), axis=0) / var
    st = 0.5 * np.mean((a[:, None] - ab) ** 2, axis=0) / var
    out = {"S1": s1, "ST": st}
    if second_order:
        ba = y[:, d + 1:2 * d + 1]
        s2 = np.full((d, d), math.nan)
        for j in range(d):
            for k in range(j + 1, d):
                vjk = np.mean(ba[:, j] * ab[:, k] - a * b) / var
                s2[j, k] = vjk - s1[j] - s1[k]
        out["S2"] = s2
    return out


def _rqmc_interval(est: np.ndarray, level: float) -> tuple[np.ndarray, ...]:
    """Mean over scramblings (axis 0) and its t interval."""
    k = est.shape[0]
    mean = est.mean(axis=0)
    half = t_half_width(est.std(axis=0, ddof=1), k, level)
    return mean, mean - half, mean + half


def sobol_indices(design: SobolDesign, y: np.ndarray, *, level: float = 0.95,
                  rows: int | None = None) -> tuple[pd.DataFrame, dict]:
    """Indices with randomised-QMC intervals from outputs ``y`` in design order.

    ``rows`` uses only the first ``rows`` base rows of each scrambling (the convergence check).
    Returns the table (index, parameter, [parameter2,] estimate, ci_low, ci_high) and a note
    of dropped blocks.
    """
    d, block, n = len(design.factors), design.block, design.n
    rows = n if rows is None else rows
    y = np.asarray(y, dtype=float).reshape(design.scrambles, n, block)[:, :rows, :]
    per = {"S1": [], "ST": [], "S2": []}
    dropped = []
    # a parameter whose AB column equals A in every block of every scrambling changed nothing
    same = np.all(y[:, :, 1:d + 1] == y[:, :, :1], axis=(0, 1))
    for ys in y:
        ok = np.isfinite(ys).all(axis=1)
        dropped.append(int((~ok).sum()))
        if ok.sum() < 2 or (~ok).sum() > MAX_DROPPED_SHARE * rows:
            raise SensitivityError(
                f"{int((~ok).sum())} of {rows} Saltelli blocks of one scrambling have a failed "
                "run or an undefined output; refusing to estimate indices from what is left "
                "(see the batch's errors/ folder; rerun the study to retry failed runs)")
        for key, val in _sobol_estimates(ys[ok], d, design.second_order).items():
            per[key].append(val)
    names = [f.key for f in design.factors]
    recs = []
    for key in ("S1", "ST"):
        mean, lo, hi = _rqmc_interval(np.array(per[key]), level)
        for j, name in enumerate(names):
            recs.append((key, name, "", mean[j], lo[j], hi[j]))
    if design.second_order:
        mean, lo, hi = _rqmc_interval(np.array(per["S2"]), level)
        for j in range(d):
            for k in range(j + 1, d):
                recs.append(("S2", names[j], names[k], mean[j, k], lo[j, k], hi[j, k]))
    table = pd.DataFrame(recs, columns=["index", "parameter", "parameter2", "estimate",
                                        "ci_low", "ci_high"])
    names_ = [f.key for f in design.factors]
    return table, {"blocks_dropped": int(sum(dropped)), "blocks": design.scrambles * rows,
                   "no_effect": [n for n, z in zip(names_, same, strict=True) if z]}


def noise_words(noise: dict) -> str:
    """The seed-noise share in words (a share above 1 says the indices measure mostly
    noise)."""
    share = noise["share"]
    text = (f"sd {noise['noise_sd']:.3g} over {noise['seeds']} seeds at the centre of the "
            f"ranges, {100 * share:.0f}% of the output's variance over the design")
    if share > 0.5:
        text += ": the indices measure mostly seed noise (add --replications)"
    return text


def seed_noise(noise_values: np.ndarray, design_values: np.ndarray, replications: int
               ) -> dict:
    """How much of an output's variance over the design is the run-to-run randomness of the
    model: the variance over seeds at the centre of the ranges (``noise_values``), divided by
    ``replications`` (the design averages that many runs per point), over the variance of the
    design's outputs. Common random numbers give every point the same seeds, but the model's
    response to a parameter is jagged at that scale, and the indices count it as the
    parameters' (mostly as interactions)."""
    noise = np.asarray(noise_values, dtype=float)
    noise = noise[np.isfinite(noise)]
    y = np.asarray(design_values, dtype=float)
    y = y[np.isfinite(y)]
    if noise.size < 2 or y.size < 2:
        return {"seeds": int(noise.size), "noise_sd": math.nan, "share": math.nan}
    var_noise = float(noise.var(ddof=1)) / max(1, replications)
    var_total = float(y.var(ddof=1))
    share = var_noise / var_total if var_total > 0 else math.nan
    return {"seeds": int(noise.size), "noise_sd": float(noise.std(ddof=1)),
            "share": share}


def convergence(full: pd.DataFrame, half: pd.DataFrame, tolerance: float) -> tuple[bool, str]:
    """Compare indices at N (``full``) with N/2 (``half``); say whether more samples are
    needed: every S1/ST interval must be narrower than +-tolerance and no index may move by
    more than the tolerance when the sample doubles."""
    main = full["index"].isin(["S1", "ST"])
    if not (np.isfinite(full.loc[main, "estimate"]).all()
            and np.isfinite(half.loc[main, "estimate"]).all()):
        return False, ("the output did not vary over the design, so its indices are undefined "
                       "(try a longer horizon, a later --month or another output)")
    f, h = full[main].reset_index(drop=True), half[main].reset_index(drop=True)
    width = ((f["ci_high"] - f["ci_low"]) / 2).max()
    moved = (f["estimate"] - h["estimate"]).abs()
    worst = int(moved.idxmax())
    ok = bool(width <= tolerance and moved.max() <= tolerance)
    text = (f"largest interval half-width {width:.3f}, largest change from N/2 to N "
            f"{moved.max():.3f} ({f.loc[worst, 'index']} of {f.loc[worst, 'parameter']}); ")
    text += ("converged within the tolerance" if ok else
             f"MORE SAMPLES NEEDED for a tolerance of {tolerance:g} (double --n: every run "
             "made so far is reused)")
    return ok, text


# ---------------------------------------------------------------------- Morris
@dataclass
class MorrisDesign:
    factors: list[Factor]
    trajectories: int
    seed: int
    levels: int = 4
    sample: np.ndarray | None = field(default=None, repr=False)

    def build(self) -> MorrisDesign:
        from SALib.sample import morris as morris_sample

        if self.trajectories < 2:
            raise SensitivityError(f"--n {self.trajectories}: Morris needs at least 2 "
                                   "trajectories")
        self.sample = morris_sample.sample(problem(self.factors), self.trajectories,
                                           num_levels=self.levels, seed=self.seed)
        return self

    def points(self) -> list[tuple[str, np.ndarray]]:
        d1 = len(self.factors) + 1
        return [(f"t{r // d1:05d}-{r % d1:02d}", row) for r, row in enumerate(self.sample)]


def elementary_effects(design: MorrisDesign, y: np.ndarray) -> np.ndarray:
    """Elementary effects, shape (trajectories, d), inputs on the unit scale (NaN where a run
    of the trajectory failed)."""
    d = len(design.factors)
    lo = np.array([f.lo for f in design.factors])
    span = np.array([f.hi - f.lo for f in design.factors])
    x = (design.sample - lo) / span
    x = x.reshape(design.trajectories, d + 1, d)
    y = np.asarray(y, dtype=float).reshape(design.trajectories, d + 1)
    ee = np.full((design.trajectories, d), math.nan)
    for t in range(design.trajectories):
        dx = np.diff(x[t], axis=0)
        dy = np.diff(y[t])
        for step in range(d):
            j = int(np.argmax(np.abs(dx[step])))
            ee[t, j] = dy[step] / dx[step, j]
    return ee


def morris_indices(design: MorrisDesign, y: np.ndarray, *, level: float = 0.95,
                   resamples: int = 1000, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """mu*, mu and sigma per parameter with percentile bootstrap intervals over trajectories."""
    ee = elementary_effects(design, y)
    ok = np.isfinite(ee).all(axis=1)
    if ok.sum() < 2 or (~ok).sum() > MAX_DROPPED_SHARE * len(ok):
        raise SensitivityError(f"{int((~ok).sum())} of {len(ok)} Morris trajectories have a "
                               "failed run or an undefined output; refusing to estimate")
    ee = ee[ok]
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(ee), size=(resamples, len(ee)))
    boot = ee[idx]  # (resamples, n, d)
    q = [50 * (1 - level), 50 * (1 + level)]
    measures = {"mu_star": (np.abs(ee).mean(axis=0), np.abs(boot).mean(axis=1)),
                "mu": (ee.mean(axis=0), boot.mean(axis=1)),
                "sigma": (ee.std(axis=0, ddof=1), boot.std(axis=1, ddof=1))}
    recs = []
    for key, (point, bs) in measures.items():
        lo, hi = np.percentile(bs, q, axis=0)
        for j, f in enumerate(design.factors):
            recs.append((key, f.key, "", point[j], lo[j], hi[j]))
    table = pd.DataFrame(recs, columns=["index", "parameter", "parameter2", "estimate",
                                        "ci_low", "ci_high"])
    names = [f.key for f in design.factors]
    converged, verdict = morris_convergence(ee, np.abs(boot).mean(axis=1), names)
    return table, {"trajectories_dropped": int((~ok).sum()), "trajectories": len(ok),
                   "converged": converged, "verdict": verdict,
                   "no_effect": [n for n, zero in zip(names, (ee == 0).all(axis=0),
                                                      strict=True) if zero]}


RANK_AGREEMENT = 0.9  # Spearman correlation of mu* rankings taken as "the same ranking"
RANK_SHARE = 0.9  # share of bootstrap resamples that must agree that well


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 1.0 if np.ptp(x) == np.ptp(y) == 0 else 0.0
    return float(spearmanr(x, y).statistic)


def morris_convergence(ee: np.ndarray, boot_mu_star: np.ndarray, names: list[str]
                       ) -> tuple[bool, str]:
    """Whether the ranking of mu* has settled: the ranking from the first half of the
    trajectories agrees with the ranking from all of them (Spearman >= ``RANK_AGREEMENT``),
    and so do at least ``RANK_SHARE`` of the bootstrap resamples; the top parameter's
    bootstrap share is stated. Screening is about the ranking, not the values."""
    mu_star = np.abs(ee).mean(axis=0)
    if len(names) < 2:
        return True, "one parameter: no ranking to settle"
    if not mu_star.any():
        return True, "no parameter changed this output (every elementary effect is 0)"
    half = np.abs(ee[: max(2, len(ee) // 2)]).mean(axis=0)
    rho_half = _spearman(half, mu_star)
    rhos = np.array([_spearman(b, mu_star) for b in boot_mu_star])
    share = float((rhos >= RANK_AGREEMENT).mean())
    top = int(np.argmax(mu_star))
    top_share = float((np.argmax(boot_mu_star, axis=1) == top).mean())
    ok = rho_half >= RANK_AGREEMENT and share >= RANK_SHARE
    text = (f"ranking of mu*: Spearman {rho_half:.2f} between the first half of the "
            f"trajectories and all {len(ee)}; {100 * share:.0f}% of bootstrap resamples rank "
            f"the parameters alike (Spearman >= {RANK_AGREEMENT:g}); {names[top]} first in "
            f"{100 * top_share:.0f}% of them; ")
    text += ("the ranking is stable: converged" if ok else
             "the ranking is NOT stable: MORE TRAJECTORIES NEEDED (raise --n; runs made so "
             "far are not reused by Morris)")
    return ok, text
