"""One browser session's simulation: the chosen policy and the baseline, stepped together.

The dashboard never shares a model between browsers: each session owns a ``Workshop``. Both
runs use the same seeds (common random numbers), so a difference between them comes from the
levers and not from luck; with several seeds the charts show bands and the results table an
interval over seeds.

Only the model's façade is used (``tremplin.model``: ``TremplinModel(scenario, seed)``,
``.step()``, its DataCollector and indicators, ``snapshot``, ``network_sample``,
``cooperative_accounts``), never its storage. The dashboard never draws from a model's random
generator (that would break common random numbers); samples for drawing use their own seeded
generator.

Five seeds by default: a month of one policy and its baseline took 12, 38 and 59 ms of CPU
with 1, 3 and 5 seeds (2,000 migrants, measured 2026-11-30 on the 2-core machine, load ~10),
so a 24-month run with 5 seeds costs about 1.5 s of computing, while the 95% interval over
5 seeds is about half as wide as over 3 (t = 2.78/sqrt(5) against 4.30/sqrt(3)).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from tremplin.experiments.stats import t_interval
from tremplin.model import TremplinModel, cooperative_accounts, indicators, network_sample, snapshot
from tremplin.model.params import LEVER_SECTIONS, REGISTRY, Param, section_params
from tremplin.model.scenario import ScenarioError, name_from_file, replace, to_dict, validate

# counts the results table shows after the headline indicators (see _extras)
EXTRAS = ("jobs", "regularisations")
# conditions of the national regularisation route shown as levers (regularisation is not a
# municipal lever section in the registry, but the workshop explores it)
REGULARISATION_LEVERS = ("regime", "preset", "min_presence_months", "min_activity_months",
                         "promise_required", "work_experience_months", "approval_probability",
                         "processing_months")
SEED_CHOICES = (1, 3, 5)
DEFAULT_SEEDS = 5  # see the module docstring: measured step time and interval width
MAX_POLICIES = 4
TOWN_SIZES = (300, 1000, 2000, 5000, 10_000)


def lever_params() -> list[Param]:
    """Every parameter a workshop may move: the registry's lever sections, then the route to
    regularisation."""
    out = [p for s in LEVER_SECTIONS for p in section_params(s)]
    out += [REGISTRY[f"regularisation.{n}"] for n in REGULARISATION_LEVERS]
    return out


def clamp(p: Param, value: Any) -> Any:
    """A value the registry accepts for ``p``: numbers limited to [lo, hi] (ints rounded),
    choices outside the list replaced by the default, anything unreadable by the default."""
    if p.choices:
        return value if value in p.choices else p.default
    if p.type is bool:
        return bool(value) if isinstance(value, (bool, int, np.bool_)) else p.default
    try:
        x = float(value)
    except (TypeError, ValueError):
        return p.default
    if math.isnan(x):
        return p.default
    if p.lo is not None:
        x = max(x, p.lo)
    if p.hi is not None:
        x = min(x, p.hi)
    return round(x) if p.type is int else float(x)


def set_lever(scn, key: str, value: Any):
    """The scenario with one lever moved (clamped to the registry); a new regime starts from
    the registry's conditions, a preset from its own."""
    p = REGISTRY[key]
    v = clamp(p, value)
    if key == "regularisation.regime":
        return replace(scn, {"regularisation": {"preset": "custom", "regime": v}})
    if key == "regularisation.preset":
        return replace(scn, {"regularisation": {"preset": v}})
    return replace(scn, {p.section: {p.name: v}})


def baseline_of(scn):
    """Doing nothing: the same town with every municipal lever off and today's national
    regularisation rules (the registry defaults)."""
    d = to_dict(scn)
    for s in (*LEVER_SECTIONS, "regularisation"):
        d.pop(s, None)
    d["name"] = f"{scn.name} (baseline)"
    d["description"] = "No municipal lever; default national regularisation rules"
    return validate(d, where="<baseline>")


def with_town_size(scn, migrants: int):
    """The scenario scaled to ``migrants``, natives in the same proportion."""
    pop = scn.population
    m = int(clamp(REGISTRY["population.migrants"], migrants))
    natives = int(clamp(REGISTRY["population.natives"], round(pop.natives * m / pop.migrants)))
    return replace(scn, {"population": {"migrants": m, "natives": natives}})


def _extras(model: TremplinModel) -> dict[str, float]:
    """Counts the results table needs beyond the rates: migrants in declared work now, and
    regularisations since the policy start (people who left afterwards included)."""
    ind = model.indicators
    jobs = ind["employment_rate"] * ind["migrants_present"]
    return {"jobs": float(jobs) if not math.isnan(jobs) else 0.0,
            "regularisations": float(snapshot(model).regularisations)}


class Run:
    """One scenario on every seed of the workshop, stepped month by month (models built with
    their burn-in on first use)."""

    def __init__(self, scenario) -> None:
        self.scenario = scenario
        self.models: list[TremplinModel] = []
        self.extras: list[list[dict]] = []
        self._frames: tuple[int, list[pd.DataFrame]] | None = None  # (month, frames) cache

    @property
    def month(self) -> int:
        return self.models[0].month if self.models else -1

    def build(self, seeds: tuple[int, ...], cancelled: Callable[[], bool] | None) -> bool:
        """Construct one model per seed; False when cancelled half-way (nothing kept)."""
        models, extras = [], []
        for seed in seeds:
            if cancelled is not None and cancelled():
                return False
            m = TremplinModel(self.scenario, seed=seed)
            models.append(m)
            extras.append([_extras(m)])
        self.models, self.extras, self._frames = models, extras, None
        return True

    def step(self) -> None:
        for m, ex in zip(self.models, self.extras, strict=True):
            m.step()
            ex.append(_extras(m))

    def frames(self) -> list[pd.DataFrame]:
        """Monthly indicators of each seed's run with the extra counts (``EXTRAS``); built
        once a month (tables and charts read them many times), copies handed out."""
        if self._frames is None or self._frames[0] != self.month:
            self._frames = (self.month, self._build_frames())
        return [df.copy() for df in self._frames[1]]

    def _build_frames(self) -> list[pd.DataFrame]:
        out = []
        for m, ex in zip(self.models, self.extras, strict=True):
            df = m.datacollector.get_model_vars_dataframe().reset_index(drop=True)
            out.append(pd.concat([df[indicators.names()], pd.DataFrame(ex)], axis=1))
        return out

    def spent_by_item(self) -> list[dict[str, float]]:
        """Each seed's spending since month 0 by account (the municipality's books)."""
        return [dict(m.municipality.spent) for m in self.models]


@dataclass
class Policy:
    """A named policy of the room: its levers (a validated scenario) and its runs."""

    key: int
    name: str
    scenario: Any
    origin: str  # the scenario it started from (shipped name or uploaded file)
    run: Run | None = None
    edited: bool = False  # levers moved since it was loaded from ``origin``
    _base: tuple | None = None  # (scenario, canonical key, baseline scenario), cached

    def is_baseline(self) -> bool:
        """No lever moved: this policy is its own baseline."""
        return self.baseline()[0] == _canon(self.scenario)

    def baseline(self) -> tuple[str, Any]:
        """The canonical key and scenario of this policy's baseline (validated once)."""
        if self._base is None or self._base[0] is not self.scenario:
            base = baseline_of(self.scenario)
            self._base = (self.scenario, _canon(base), base)
        return self._base[1], self._base[2]


def _canon(scn) -> str:
    """A scenario's identity without its name and description (two policies with the same
    town share one baseline run)."""
    d = to_dict(scn)
    d.pop("name", None)
    d.pop("description", None)
    return repr(sorted(d.items()))


def describe(scn, origin: str) -> str:
    """A description that says what this policy is now: where it started and every lever value
    that differs from the registry default (so an exported file never keeps a stale one)."""
    moved = []
    for p in lever_params():
        v = getattr(getattr(scn, p.section), p.name)
        if v != p.default:
            moved.append(f"{p.key} = {v}")
    body = "; ".join(moved) if moved else "every lever at its registry default"
    return f"Made in the Tremplin workshop from '{origin}': {body}"


def renamed(scn, name: str, description: str | None = None):
    """The scenario with a new name (and description), re-validated."""
    d = to_dict(scn)
    d["name"] = name
    if description is not None:
        d["description"] = description
    return validate(d, where=f"<{name}>")


@dataclass(frozen=True)
class Estimate:
    """A paired difference (policy minus baseline) over seeds: mean and 95% interval.

    ``low``/``high`` are NaN with one seed; for a ratio they may be infinite (unbounded).
    """

    mean: float
    low: float
    high: float
    n: int

    @property
    def has_interval(self) -> bool:
        return self.n >= 2 and not (math.isnan(self.low) or math.isnan(self.high))

    @property
    def clear(self) -> bool:
        """The interval excludes zero: an effect is seen in the same direction over seeds."""
        return self.has_interval and (self.low > 0 or self.high < 0)


def estimate(d) -> Estimate:
    mean, _, low, high = t_interval(d)
    return Estimate(mean, low, high, int(np.isfinite(np.asarray(d, dtype=float)).sum()))


def ratio_estimate(cost, gain, level: float = 0.95) -> Estimate:
    """Extra cost per extra unit gained, ``mean(cost) / mean(gain)``, with Fieller's interval
    for a ratio of paired means: bounded only when the gain itself is clearly above zero;
    otherwise the bounds are infinite (the cost per job is then not known)."""
    from scipy import stats

    c, g = np.asarray(cost, dtype=float), np.asarray(gain, dtype=float)
    n = len(g)
    cm, gm = float(c.mean()), float(g.mean())
    mean = cm / gm if gm > 0 else math.nan
    if n < 2:
        return Estimate(mean, math.nan, math.nan, n)
    t2 = float(stats.t.ppf(0.5 + level / 2, n - 1)) ** 2
    cov = np.cov(np.vstack([c, g]), ddof=1) / n
    a = gm * gm - t2 * cov[1, 1]
    b = -2 * (cm * gm - t2 * cov[0, 1])
    k = cm * cm - t2 * cov[0, 0]
    disc = b * b - 4 * a * k
    if gm <= 0 or a <= 0 or disc < 0:
        return Estimate(mean, -math.inf, math.inf, n)
    r = math.sqrt(disc)
    return Estimate(mean, (-b - r) / (2 * a), (-b + r) / (2 * a), n)


@dataclass(frozen=True)
class Headline:
    """What a councillor asks: what do we get and what does it cost, at the month shown."""

    month: int
    seeds: int
    jobs: Estimate
    regularisations: Estimate
    extra_cost: Estimate
    cost_per_job: Estimate

    @property
    def cost_per_job_uncertain(self) -> bool:
        """No clear gain in jobs: the cost per job is not known (shown, but flagged)."""
        return not self.jobs.clear or not math.isfinite(self.cost_per_job.high)


@dataclass(frozen=True)
class Money:
    """Spending split honestly: what the town pays anyway (the baseline's spending, e.g.
    language courses) and what the levers add (policy minus baseline, paired by seed)."""

    month: int
    anyway: float  # the baseline's spending since month 0, mean over seeds
    anyway_by_item: dict[str, float]
    extra: Estimate  # paired difference of total spending
    extra_by_item: dict[str, float]  # mean paired difference by account
    yearly: pd.DataFrame  # year, months, anyway, extra, low, high


class Workshop:
    """The room's named policies and their baseline, run on the same seeds, month by month.

    Every policy is compared with doing nothing in the same town on the same seeds (common
    random numbers). A lever change only drops that policy's runs, which ``sync`` rebuilds and
    steps to the workshop's month; the other policies keep their results.

    Args:
        policy: the validated scenario of the first policy.
        seeds: one model per seed and per run.
        horizon: months a full run lasts.
        name: the first policy's name (the scenario's name by default).
    """

    def __init__(self, policy, seeds: tuple[int, ...] = (1,), horizon: int = 24,
                 name: str | None = None) -> None:
        self.seeds = tuple(int(s) for s in seeds)
        self.horizon = int(clamp(REGISTRY["run.months"], horizon))
        self.policies: list[Policy] = [Policy(1, name or policy.name, policy, policy.name)]
        self.active = 1
        self._baselines: dict[str, Run] = {}
        self._month = 0
        self.changes = 0  # lever changes that dropped a policy's runs (one per slider drag)
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ named policies
    def get(self, key: int | None = None) -> Policy:
        key = self.active if key is None else key
        for p in self.policies:
            if p.key == key:
                return p
        raise KeyError(key)

    @property
    def policy(self):
        """The active policy's scenario."""
        return self.get().scenario

    @property
    def baseline(self):
        return self.get().baseline()[1]

    def add(self, scn, name: str | None = None, origin: str | None = None) -> int:
        """A new named policy (at most ``MAX_POLICIES``); it becomes the active one."""
        with self.lock:
            if len(self.policies) >= MAX_POLICIES:
                raise ValueError(f"at most {MAX_POLICIES} policies side by side")
            key = max(p.key for p in self.policies) + 1
            self.policies.append(Policy(key, name or scn.name, scn, origin or scn.name))
            self.active = key
            return key

    def duplicate(self, key: int | None = None, name: str | None = None) -> int:
        src = self.get(key)
        new = self.add(src.scenario, name or f"{src.name} (2)", src.origin)
        self.get(new).edited = src.edited
        if src.run is not None and src.run.month == self._month:
            self.get(new).run = src.run  # same levers, same seeds: the same results
        return new

    def rename(self, key: int, name: str) -> None:
        name = name.strip()
        if name:
            self.get(key).name = name

    def delete(self, key: int) -> None:
        """Drop a policy (the last one stays: there is always something to compare)."""
        with self.lock:
            if len(self.policies) <= 1:
                return
            self.policies = [p for p in self.policies if p.key != key]
            if self.active == key:
                self.active = self.policies[0].key
            self._prune()

    def select(self, key: int) -> None:
        self.get(key)
        self.active = key

    def set_scenario(self, key: int, scn, origin: str | None = None) -> None:
        """New levers for one policy: its runs are dropped (``sync`` redoes them)."""
        with self.lock:
            p = self.get(key)
            if scn == p.scenario and origin is None:
                return
            p.scenario, p.run = scn, None
            self.changes += 1
            if origin is not None:
                p.origin, p.edited = origin, False
            else:
                p.edited = True
            self._prune()

    def configure(self, seeds: tuple[int, ...] | None = None, horizon: int | None = None,
                  migrants: int | None = None) -> None:
        """New seeds, horizon or town size for every policy: back to month 0."""
        with self.lock:
            if seeds is not None:
                self.seeds = tuple(int(s) for s in seeds)
            if horizon is not None:
                self.horizon = int(clamp(REGISTRY["run.months"], horizon))
            if migrants is not None:
                for p in self.policies:
                    p.scenario = with_town_size(p.scenario, migrants)
            self.reset()

    def export_scenario(self, key: int | None = None):
        """The policy as a scenario file would hold it: its shown name and a description of
        its current levers."""
        p = self.get(key)
        return renamed(p.scenario, name_from_file(p.name), describe(p.scenario, p.origin))

    # ------------------------------------------------------------------ life cycle
    def _baseline_run(self, p: Policy) -> Run:
        key, base = p.baseline()
        if key not in self._baselines:
            self._baselines[key] = Run(base)
        return self._baselines[key]

    def _prune(self) -> None:
        used = {p.baseline()[0] for p in self.policies}
        self._baselines = {k: r for k, r in self._baselines.items() if k in used}

    def runs(self) -> list[Run]:
        """Every run the workshop needs: each policy's, then the baselines."""
        with self.lock:
            out: list[Run] = []
            for p in self.policies:
                if p.run is None:
                    p.run = Run(p.scenario)
                out.append(p.run)
            out += [self._baseline_run(p) for p in self.policies]
            unique: list[Run] = []  # a duplicate shares its original's run until it changes
            for r in out:
                if all(r is not u for u in unique):
                    unique.append(r)
            return unique

    def pending(self) -> list[Run]:
        """Runs not built yet or behind the workshop's month (read under the lock: a month
        being stepped in another thread is not mistaken for a run left behind)."""
        with self.lock:
            return [r for r in self.runs() if r.month != self._month]

    @property
    def built(self) -> bool:
        return not self.pending()

    def sync(self, progress: Callable[[float], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> bool:
        """Build the missing runs and step them to the workshop's month; False if cancelled.

        Other runs are left as they are (a lever change costs one policy's runs only)."""
        todo = self.pending()
        for i, run in enumerate(todo):
            if not run.models and not run.build(self.seeds, cancelled):
                return False
            while run.month < self._month:
                if cancelled is not None and cancelled():
                    return False
                with self.lock:
                    run.step()
            if progress is not None:
                progress((i + 1) / len(todo))
        return True

    build = sync  # the single-policy name

    def reset(self) -> None:
        """Back to month 0: every run is redone."""
        with self.lock:
            self._month = 0
            for p in self.policies:
                p.run = None
            self._baselines = {}

    @property
    def month(self) -> int:
        return self._month

    @property
    def finished(self) -> bool:
        return self._month >= self.horizon

    def step(self) -> None:
        """One month for every run (each policy and the baseline, every seed)."""
        if self.finished or not self.sync():
            return
        with self.lock:
            for run in self.runs():
                run.step()
            self._month += 1

    # ------------------------------------------------------------------ results
    @property
    def pairs(self) -> list[tuple[TremplinModel, TremplinModel]]:
        """(policy, baseline) models of the active policy, one pair per seed."""
        p = self.get()
        if p.run is None or not p.run.models:
            return []
        base = self._baseline_run(p)
        return list(zip(p.run.models, base.models, strict=False))

    def series(self, which: str, key: int | None = None) -> list[pd.DataFrame]:
        """Monthly indicators of each seed's run (``which``: policy or baseline) of a policy
        (the active one by default), with the extra counts ``jobs`` and ``regularisations``."""
        p = self.get(key)
        with self.lock:
            run = p.run if which == "policy" else self._baseline_run(p)
            return run.frames() if run is not None and run.month == self._month else []

    def baselines(self) -> list[tuple[list[Policy], list[pd.DataFrame]]]:
        """Each distinct baseline's series with the policies it serves (usually one)."""
        groups: dict[int, tuple[list[Policy], Run]] = {}
        with self.lock:
            for p in self.policies:
                b = self._baseline_run(p)
                groups.setdefault(id(b), ([], b))[0].append(p)
            return [(ps, b.frames() if b.month == self._month else [])
                    for ps, b in groups.values()]

    def timeseries_table(self) -> pd.DataFrame:
        """Long table of every run: run, policy name, seed, month, indicators (CSV export)."""
        frames = []
        for p in self.policies:
            for seed, df in zip(self.seeds, self.series("policy", p.key), strict=False):
                frames.append(df.assign(run="policy", policy=p.name, seed=seed))
        for ps, series in self.baselines():
            for seed, df in zip(self.seeds, series, strict=False):
                frames.append(df.assign(run="baseline", policy=", ".join(p.name for p in ps),
                                        seed=seed))
        if not frames:
            return pd.DataFrame()
        df = pd.concat(frames, ignore_index=True)
        first = ["run", "policy", "seed"]
        return df[[*first, *[c for c in df.columns if c not in first]]]

    def _finals(self, key: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Last month of each seed (rows) for a policy and its baseline."""
        pol, base = self.series("policy", key), self.series("baseline", key)
        return (pd.DataFrame([df.iloc[-1] for df in pol]).reset_index(drop=True),
                pd.DataFrame([df.iloc[-1] for df in base]).reset_index(drop=True))

    def comparison(self, key: int | None = None) -> pd.DataFrame:
        """A policy (the active one by default) vs the baseline at the current month: means
        over seeds, the mean paired difference and its 95% interval over seeds (none with one
        seed); costs per additional job and regularisation with Fieller's interval."""
        pol, base = self._finals(key)
        rows = []
        for k in (*(s.name for s in indicators.headline()), *EXTRAS):
            a, b = pol[k].to_numpy(dtype=float), base[k].to_numpy(dtype=float)
            rows.append({"indicator": k, "baseline": _nanmean(b), "policy": _nanmean(a),
                         **_diff(a - b)})
        spend = (pol["municipal_spend_eur"] - base["municipal_spend_eur"]).to_numpy(dtype=float)
        for name, col in (("cost_per_additional_job_eur", "jobs"),
                          ("cost_per_additional_regularisation_eur", "regularisations")):
            r = ratio_estimate(spend, (pol[col] - base[col]).to_numpy(dtype=float))
            rows.append({"indicator": name, "baseline": float("nan"), "policy": r.mean,
                         "difference": float("nan"), "low": r.low, "high": r.high})
        return pd.DataFrame(rows)

    def headline(self, key: int | None = None) -> Headline | None:
        """Jobs and regularisations gained, extra cost and cost per job, with intervals."""
        if not self.series("policy", key):
            return None
        pol, base = self._finals(key)
        d = {k: (pol[k] - base[k]).to_numpy(dtype=float)
             for k in ("jobs", "regularisations", "municipal_spend_eur")}
        return Headline(self._month, len(self.seeds), estimate(d["jobs"]),
                        estimate(d["regularisations"]), estimate(d["municipal_spend_eur"]),
                        ratio_estimate(d["municipal_spend_eur"], d["jobs"]))

    def money(self, key: int | None = None) -> Money | None:
        """Spending that happens anyway vs the levers' extra cost, in total, by account and
        by year (a year's spending is the rise of the cumulative spending in its months)."""
        p = self.get(key)
        pol, base = self.series("policy", key), self.series("baseline", key)
        if not pol or not base:
            return None
        with self.lock:
            items_p = p.run.spent_by_item()
            items_b = self._baseline_run(p).spent_by_item()
        accounts = sorted({k for d in (*items_p, *items_b) for k in d})
        anyway_by = {k: float(np.mean([d.get(k, 0.0) for d in items_b])) for k in accounts}
        extra_by = {k: float(np.mean([a.get(k, 0.0) - b.get(k, 0.0)
                                      for a, b in zip(items_p, items_b, strict=True)]))
                    for k in accounts}
        cum_p = np.vstack([df["municipal_spend_eur"].to_numpy(dtype=float) for df in pol])
        cum_b = np.vstack([df["municipal_spend_eur"].to_numpy(dtype=float) for df in base])
        rows = []
        for year in range(1, -(-self._month // 12) + 1):
            lo, hi = 12 * (year - 1), min(12 * year, self._month)
            yp, yb = cum_p[:, hi] - cum_p[:, lo], cum_b[:, hi] - cum_b[:, lo]
            e = estimate(yp - yb)
            rows.append({"year": year, "months": f"{lo + 1}-{hi}", "anyway": float(yb.mean()),
                         "extra": e.mean, "low": e.low, "high": e.high})
        _, last_b = cum_p[:, -1], cum_b[:, -1]
        return Money(self._month, float(last_b.mean()),
                     {k: v for k, v in anyway_by.items() if v},
                     estimate(cum_p[:, -1] - cum_b[:, -1]),
                     {k: v for k, v in extra_by.items() if v},
                     pd.DataFrame(rows, columns=["year", "months", "anyway", "extra", "low",
                                                 "high"]))

    # ------------------------------------------------------------------ inspection
    def cooperatives(self) -> pd.DataFrame:
        """Finances of the active policy's active cooperatives (first seed), last month."""
        if not self.pairs:
            return pd.DataFrame()
        with self.lock:
            acc = cooperative_accounts(self.pairs[0][0])
        acc = acc[acc["active"]].reset_index(drop=True)
        if acc.empty:
            return pd.DataFrame()
        income = acc["market_eur"] + acc["contracts_eur"] + acc["subsidy_eur"]
        share = np.divide(acc["subsidy_eur"], income, out=np.zeros(len(acc)), where=income > 0)
        return pd.DataFrame({
            "id": acc["id"], "kind": np.where(acc["community"], "community", "enterprise"),
            "sector": acc["sector"], "age_months": acc["age_months"], "members": acc["members"],
            "market_eur": acc["market_eur"], "contracts_eur": acc["contracts_eur"],
            "subsidy_eur": acc["subsidy_eur"], "subsidy_share": share,
            "costs_eur": acc["costs_eur"], "reserve_eur": acc["reserve_eur"],
            "status": acc["status"]})

    def network_sample(self, size: int = 120, seed: int = 0) -> dict[str, np.ndarray]:
        """A snowball sample of migrants of the active policy's run (first seed) and the ties
        among them (``tremplin.model.network_sample``), as the arrays the picture reads."""
        if not self.pairs:
            return {}
        with self.lock:
            sample = network_sample(self.pairs[0][0], size=size, seed=seed)
        return {f.name: getattr(sample, f.name) for f in fields(sample)}


def _nanmean(x: np.ndarray) -> float:
    x = x[~np.isnan(x)]
    return float(x.mean()) if len(x) else float("nan")


def _diff(d: np.ndarray) -> dict[str, float]:
    """Mean paired difference over seeds and its 95% Student t interval (the batch summaries'
    own ``t_interval``); no interval below two seeds."""
    mean, _, low, high = t_interval(d)
    return {"difference": mean, "low": low, "high": high}


def scenario_toml(scn) -> str:
    """The scenario as a complete TOML file that ``tremplin validate`` accepts."""
    import tomli_w

    d = to_dict(scn)
    head = {"name": d.pop("name"), "description": d.pop("description")}
    return ("# Exported from the Tremplin workshop dashboard (every value written out)\n"
            + tomli_w.dumps({**head, **d}))


def read_uploaded(name: str, data: bytes):
    """Validate an uploaded scenario file; raise ScenarioError with the validation message.

    ``extends`` may only name a shipped scenario (an upload has no folder of its own): the file
    is validated alone in an empty folder, where a name resolves to the shipped scenario.
    """
    import tempfile
    from pathlib import Path

    from tremplin.errors import parse_toml
    from tremplin.model.scenario import SHIPPED, load

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{name}: not a text file (UTF-8 TOML expected)") from None
    raw = parse_toml(text, name, ScenarioError)
    ext = raw.get("extends")
    if ext is not None and not (isinstance(ext, str) and SHIPPED.shipped(ext)):
        raise ScenarioError(f"{name}: extends = {ext!r}: an uploaded file may only extend a "
                            f"shipped scenario (one of {', '.join(SHIPPED.names())})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / f"upload-{Path(name).name or 'scenario.toml'}"
        path.write_text(text, encoding="utf-8")
        try:
            scn = load(path)
        except ScenarioError as e:
            raise ScenarioError(str(e).replace(str(path), name)
                                .replace(str(folder) + "/", "")) from None
    if "name" not in raw:
        scn = validate({**to_dict(scn), "name": name_from_file(Path(name).stem)}, where=name)
    return scn
