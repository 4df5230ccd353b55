"""Fit the registry's free parameters to the targets by ABC-SMC (pyabc) on a Dask cluster.

Why pyabc: it returns a posterior (uncertainty, not a point), stores every generation in SQLite
so a killed calibration resumes from its last finished generation (``ABCSMC.load``), and takes
any ``map`` as its sampler, so Dask runs the simulations. Its own Dask sampler draws particles
with unseeded worker RNGs; :class:`SeededMappingSampler` instead gives every task of generation
``t`` a seed derived from (seed, t), so a calibration is reproducible for a given seed, whatever
the number of workers, and a resumed one continues exactly as an uninterrupted one would.

One simulation = the base scenario with the proposed parameters, run ``months`` months with a
seed drawn from the task's RNG; the summary statistic of each target is its indicator averaged
over its months (``average_from..average_to``, or with a calendar the months of the target's
own year), in the data's units. The distance is the root mean
square of (simulated - observed) / tolerance over the targets, so epsilon <= 1 means "inside
the tolerances on average".
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError

from .targets import Calibration

DB_NAME = "abc.db"
STATE_NAME = "state.json"


class CalibrationRunError(TremplinError):
    """A calibration output folder that cannot be used (e.g. it holds another fit)."""


# ----------------------------------------------------------------------------- simulation
@dataclass
class Simulator:
    """Picklable model wrapper: parameters -> the targets' simulated values (data units)."""

    base: str
    overrides: dict
    months: int
    targets: tuple[tuple[str, str, float, int, int], ...]  # name, indicator, scale, months

    @classmethod
    def of(cls, cal: Calibration) -> Simulator:
        return cls(cal.base, cal.overrides, cal.months,
                   tuple((t.name, t.indicator, t.scale, t.first, t.last) for t in cal.targets))

    @functools.cached_property
    def scenario(self):
        from tremplin.model import scenario

        return scenario.load(self.base, self.overrides or None)

    def scenario_with(self, params: dict[str, float]):
        from tremplin.model import params as registry
        from tremplin.model import scenario

        changes: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            p = registry.REGISTRY[key]
            v = round(float(value)) if p.type is int else float(value)
            changes.setdefault(p.section, {})[p.name] = v
        return scenario.replace(self.scenario, changes)

    def run(self, params: dict[str, float], seed: int) -> dict[str, float]:
        """Each target's simulated value for one run."""
        from tremplin.model import run_scenario

        ts = run_scenario(self.scenario_with(params), int(seed), months=self.months).timeseries
        out = {}
        for name, indicator, scale, first, last in self.targets:
            window = ts[(ts["month"] >= first) & (ts["month"] <= last)]
            v = float(window[indicator].mean()) * scale
            out[name] = v if math.isfinite(v) else 1e9  # no population left: far from data
        return out

    def __call__(self, params) -> dict[str, float]:
        """pyabc's model: the seed comes from the task's seeded RNG (SeededMappingSampler)."""
        return self.run(dict(params), int(np.random.randint(0, 2**31 - 1)))


def distance_function(tolerances: dict[str, float]):
    """RMS of tolerance-scaled errors (a plain function of two dicts, as pyabc accepts)."""
    return functools.partial(_distance, tolerances)


def _distance(tolerances: dict[str, float], x: dict, x0: dict) -> float:
    return float(np.sqrt(np.mean([((x[k] - x0[k]) / tol) ** 2
                                  for k, tol in tolerances.items()])))


def _run_one(sim: Simulator, params: dict[str, float], seed: int) -> dict[str, float]:
    return sim.run(params, seed)


# ----------------------------------------------------------------------------- sampler
def make_sampler(map_, seed: int):
    """A pyabc MappingSampler whose tasks are seeded from (seed, generation, task index)."""
    from pyabc.sampler import MappingSampler

    class SeededMappingSampler(MappingSampler):
        def __init__(self, map_, seed: int):
            super().__init__(map_=map_, mapper_pickles=False)
            self.seed = int(seed)

        def map_function(self, simulate_one, task_seed):
            simulate_one = self.unpickle(simulate_one)
            np.random.seed(int(task_seed))
            random.seed(int(task_seed))
            nr = 0
            sample = self._create_empty_sample()
            while True:
                new = simulate_one()
                nr += 1
                sample.append(new)
                if new.accepted:
                    break
            return sample, nr

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf,
                                    all_accepted=False, ana_vars=None):
            seeds = np.random.SeedSequence([self.seed, int(t) + 2]).generate_state(n)
            fn = functools.partial(self.map_function, self.pickle(simulate_one))
            results = [r for r in self.map_(fn, [int(s) for s in seeds])
                       if not isinstance(r, Exception)]
            samples, evals = zip(*results, strict=True)
            self.nr_evaluations_ = sum(evals)
            out = self._create_empty_sample()
            for s in samples:
                out += s
            return out

    return SeededMappingSampler(map_, seed)


def dask_map(client):
    """``map`` over a Dask client that keeps the order of its inputs."""
    def _map(fn, items):
        futures = client.map(fn, list(items), pure=False)
        return client.gather(futures)
    return _map


# ----------------------------------------------------------------------------- running
def fingerprint(cal: Calibration) -> str:
    """What a stored calibration must match to be resumed: the file, its data, the settings."""
    h = hashlib.sha256(cal.path.read_bytes())
    for p in sorted(cal.data.values()):
        h.update(p.read_bytes())
    h.update(json.dumps([cal.fit.parameters, cal.fit.particles, cal.fit.seed,
                         cal.overrides], sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def _abc(cal: Calibration, sampler):
    import pyabc

    shapes = cal.prior_shapes()
    prior = pyabc.Distribution(**{key: _prior_rv(pyabc, lo, hi, shapes[key])
                                  for key, (lo, hi) in cal.priors().items()})
    return pyabc.ABCSMC(Simulator.of(cal), prior,
                        distance_function({t.name: t.tolerance for t in cal.targets}),
                        population_size=cal.fit.particles, sampler=sampler)


def _prior_rv(pyabc, lo: float, hi: float, shape: tuple[str, float, float] | None):
    """Uniform on the registry's prior range, or the registry's sourced shape (a normal
    truncated to that range)."""
    if shape is None:
        return pyabc.RV("uniform", lo, hi - lo)
    _kind, mean, sd = shape
    return pyabc.RV("truncnorm", (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)


def prior_sd(lo: float, hi: float, shape: tuple[str, float, float] | None) -> float:
    """The prior's standard deviation (to compare the posterior's with)."""
    if shape is None:
        return (hi - lo) / math.sqrt(12)
    from scipy.stats import truncnorm

    _kind, mean, sd = shape
    return float(truncnorm((lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd).std())


def observed(cal: Calibration) -> dict[str, float]:
    return {t.name: t.value for t in cal.targets}


def run_abc(cal: Calibration, out: Path, client, log=print) -> dict:
    """Run (or resume) the ABC-SMC in ``out``; returns {'resumed_from': t or None, ...}."""
    import logging

    import pyabc  # noqa: F401 - sets its loggers up on import; quieten them after

    for name in ("ABC", "ABC.History", "ABC.Sampler", "ABC.Distance"):
        logging.getLogger(name).setLevel(logging.WARNING)
    out.mkdir(parents=True, exist_ok=True)
    db = out / DB_NAME
    state_file = out / STATE_NAME
    fp = fingerprint(cal)
    state = json.loads(state_file.read_text()) if state_file.is_file() else None
    if state and state.get("fingerprint") != fp:
        raise CalibrationRunError(
            f"{out}: holds a calibration of another file or settings ({state.get('file')}); "
            "use another --out, or delete the folder to start again")
    if db.is_file() and not state:
        raise CalibrationRunError(f"{out}: {DB_NAME} without {STATE_NAME}; delete the folder "
                                  "or use another --out")
    np.random.seed(cal.fit.seed)
    abc = _abc(cal, make_sampler(dask_map(client), cal.fit.seed))
    url = f"sqlite:///{db}"
    resumed_from = None
    if state:
        abc.load(url, state["abc_id"])
        done = abc.history.max_t + 1
        resumed_from = done
        log(f"resuming {out}: {done} generation(s) already done")
    else:
        history = abc.new(url, observed(cal))
        state = {"fingerprint": fp, "file": str(cal.path), "abc_id": history.id}
        state_file.write_text(json.dumps(state, indent=1))
        done = 0
    remaining = cal.fit.generations - done
    t0 = time.monotonic()
    if remaining > 0 and not _converged(abc.history, cal):
        import datetime

        abc.run(minimum_epsilon=cal.fit.min_epsilon, max_nr_populations=remaining,
                max_walltime=datetime.timedelta(minutes=cal.fit.minutes),
                max_total_nr_simulations=cal.fit.max_simulations or np.inf)
    return {"resumed_from": resumed_from, "seconds": time.monotonic() - t0,
            "history": abc.history}


def _converged(history, cal: Calibration) -> bool:
    if history.max_t < 0:
        return False
    pops = history.get_all_populations()
    eps = pops.loc[pops.t == history.max_t, "epsilon"].iloc[0]
    return bool(eps <= cal.fit.min_epsilon)


def posterior_tables(history, cal: Calibration) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All particles of every generation (t, weight, distance, parameters) and the generations
    (epsilon, simulations, acceptance)."""
    rows = []
    for t in range(history.max_t + 1):
        df, w = history.get_distribution(m=0, t=t)
        df = df.reset_index(drop=True)
        d = history.get_weighted_distances(t=t)
        df.insert(0, "weight", w)
        df.insert(0, "t", t)
        df["distance"] = d["distance"].to_numpy()
        rows.append(df)
    particles = pd.concat(rows, ignore_index=True)
    particles = particles[["t", "weight", "distance", *cal.fit.parameters]]
    pops = history.get_all_populations()
    pops = pops[pops.t >= 0][["t", "epsilon", "samples", "particles"]].reset_index(drop=True)
    pops["acceptance"] = pops["particles"] / pops["samples"]
    return particles, pops


def summarise(particles: pd.DataFrame, cal: Calibration) -> pd.DataFrame:
    """Weighted mean, sd and 5/50/95% quantiles of each parameter in the last generation, with
    its prior range."""
    last = particles[particles.t == particles.t.max()]
    w = last["weight"].to_numpy() / last["weight"].sum()
    shapes = cal.prior_shapes()
    out = []
    for key, (lo, hi) in cal.priors().items():
        x = last[key].to_numpy()
        order = np.argsort(x)
        cw = np.cumsum(w[order])
        q = [float(x[order][np.searchsorted(cw, p)]) for p in (0.05, 0.5, 0.95)]
        mean = float(np.sum(w * x))
        sd = float(np.sqrt(np.sum(w * (x - mean) ** 2)))
        out.append({"parameter": key, "mean": mean, "sd": sd, "q05": q[0], "median": q[1],
                    "q95": q[2], "prior_lo": lo, "prior_hi": hi,
                    "prior_sd": prior_sd(lo, hi, shapes[key]),
                    "prior_shape": "uniform" if shapes[key] is None
                    else f"{shapes[key][0]}({shapes[key][1]:g}, sd {shapes[key][2]:g})",
                    "default": _default(key)})
    return pd.DataFrame(out)


def _default(key: str) -> float:
    from tremplin.model.params import REGISTRY

    return float(REGISTRY[key].default)


def check_targets(cal: Calibration, client, params: dict[str, float], seeds: list[int]
                  ) -> pd.DataFrame:
    """Each target against the simulated value over ``seeds`` (mean, sd, min, max)."""
    sim = Simulator.of(cal)
    futures = client.map(_run_one, [sim] * len(seeds), [params] * len(seeds), seeds)
    runs = pd.DataFrame(client.gather(futures))
    out = []
    for t in cal.targets:
        x = runs[t.name]
        out.append({"target": t.name, "indicator": t.indicator, "observed": t.value,
                    "flags": t.flags, "tolerance": t.tolerance, "simulated_mean": x.mean(),
                    "simulated_sd": x.std(ddof=1) if len(x) > 1 else 0.0,
                    "simulated_min": x.min(), "simulated_max": x.max(),
                    "error": x.mean() - t.value,
                    "inside": bool(abs(x.mean() - t.value) <= t.tolerance)})
    return pd.DataFrame(out)


# ----------------------------------------------------------------------------- posterior
PREDICTIVE_SEED_BASE = 20_000  # seeds of the predictive runs: apart from the check's 10_000+
PREDICTIVE_LEVEL = 0.90  # the predictive interval reported for each target


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights, (sum w)^2 / sum w^2: how many
    equally weighted particles the last generation is worth."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / np.sum(w**2)) if len(w) else 0.0


def correlations(particles: pd.DataFrame, cal: Calibration) -> pd.DataFrame:
    """Weighted correlation of every pair of fitted parameters in the last generation: a strong
    one says the targets identify a combination of them, not each."""
    last = particles[particles.t == particles.t.max()]
    x = last[list(cal.fit.parameters)].to_numpy(dtype=float)
    cov = np.cov(x, rowvar=False, aweights=last["weight"].to_numpy(), ddof=0)
    sd = np.sqrt(np.diag(np.atleast_2d(cov)))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.atleast_2d(cov) / np.outer(sd, sd)
    names = [k.split(".")[-1] for k in cal.fit.parameters]
    return pd.DataFrame(corr, index=names, columns=names)


def predictive_runs(cal: Calibration, client, particles: pd.DataFrame) -> pd.DataFrame:
    """The targets simulated at ``predictive_draws`` particles drawn from the last generation
    by weight (with replacement, seeded by the fit's seed), each over ``predictive_seeds``
    seeds: the posterior predictive distribution, parameter and model noise together."""
    draws, per = cal.fit.predictive_draws, cal.fit.predictive_seeds
    last = particles[particles.t == particles.t.max()].reset_index(drop=True)
    if not draws or last.empty:
        return pd.DataFrame()
    w = last["weight"].to_numpy(dtype=float)
    rng = np.random.default_rng([cal.fit.seed, PREDICTIVE_SEED_BASE])
    picked = rng.choice(len(last), size=draws, p=w / w.sum())
    jobs = [(int(i), PREDICTIVE_SEED_BASE + d * per + k) for d, i in enumerate(picked)
            for k in range(per)]
    params = [{p: float(last.at[i, p]) for p in cal.fit.parameters} for i, _ in jobs]
    sim = Simulator.of(cal)
    values = client.gather(client.map(_run_one, [sim] * len(jobs), params,
                                      [s for _, s in jobs]))
    out = pd.DataFrame(values)
    out.insert(0, "seed", [s for _, s in jobs])
    out.insert(0, "particle", [i for i, _ in jobs])
    return out


def predictive_check(cal: Calibration, runs: pd.DataFrame) -> pd.DataFrame:
    """Per target: the observed value against the central ``PREDICTIVE_LEVEL`` interval of the
    predictive runs, and the share of runs below it (near 0 or 1: the posterior cannot
    reproduce the value, whatever its mean does)."""
    lo_q, hi_q = (1 - PREDICTIVE_LEVEL) / 2, 1 - (1 - PREDICTIVE_LEVEL) / 2
    out = []
    for t in cal.targets:
        x = runs[t.name].to_numpy(dtype=float) if t.name in runs else np.array([])
        x = x[np.isfinite(x)]
        lo, mid, hi = (np.quantile(x, [lo_q, 0.5, hi_q]) if len(x) else (math.nan,) * 3)
        out.append({"target": t.name, "observed": t.value, "tolerance": t.tolerance,
                    "runs": len(x), "predictive_median": float(mid),
                    "predictive_lo": float(lo), "predictive_hi": float(hi),
                    "share_below_observed": float(np.mean(x < t.value)) if len(x) else math.nan,
                    "inside": bool(len(x) and lo <= t.value <= hi)})
    return pd.DataFrame(out)


def write_fit_scenario(cal: Calibration, fitted: dict[str, float], path: Path,
                       summary: pd.DataFrame, extraction: str,
                       refusals: list[str] | None = None) -> None:
    """A scenario file that ``extends`` the base and sets the fitted values; a fit written
    despite ``refusals`` (``calibrate --force``) says NOT ACCEPTED in its first line and in its
    description, which every report of a run of it shows.

    A shipped base is extended by name (found from any folder), another by a short relative
    path when there is one, else by its absolute path.
    """
    import os

    import tomli_w

    from tremplin.model import params as registry
    from tremplin.model.scenario import SHIPPED

    base_path = SHIPPED.resolve(cal.base).resolve()
    if base_path.parent == SHIPPED.folder.resolve():
        ext = base_path.stem
    else:
        try:
            ext = os.path.relpath(base_path, path.parent.resolve())
        except ValueError:  # another drive
            ext = str(base_path)
        if ext.startswith(("../../../", "..\\..\\..\\")) or ext.count("..") > 2:
            ext = str(base_path)
    body: dict[str, Any] = {"extends": ext, "name": f"{cal.name}_fit",
                            "description": f"{cal.description or cal.name}: posterior means of "
                                           f"an ABC-SMC fit ({extraction})"}
    if cal.overrides:
        for sec, vals in cal.overrides.items():
            body.setdefault(sec, {}).update(vals)
    for key, value in fitted.items():
        p = registry.REGISTRY[key]
        body.setdefault(p.section, {})[p.name] = (round(value) if p.type is int
                                                  else round(float(value), 6))
    lines = [f"# Fitted by `tremplin calibrate {cal.path.name}`; posterior summary:"]
    if refusals:
        why = "; ".join(refusals)
        lines.insert(0, f"# NOT ACCEPTED (written with --force): {why}")
        body["description"] = f"NOT ACCEPTED fit ({why}). {body['description']}"
    for r in summary.itertuples():
        lines.append(f"#   {r.parameter} = {r.mean:.4g} (sd {r.sd:.3g}, 90% interval "
                     f"{r.q05:.4g}..{r.q95:.4g}; prior {r.prior_shape} on "
                     f"{r.prior_lo:g}..{r.prior_hi:g})")
    path.write_text("\n".join(lines) + "\n" + tomli_w.dumps(body), encoding="utf-8")
