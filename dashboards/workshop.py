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
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np
import pandas as pd

from tremplin.experiments.stats import t_interval
from tremplin.model import TremplinModel, cooperative_accounts, indicators, network_sample, snapshot
from tremplin.model.params import LEVER_SECTIONS, REGISTRY, Param, section_params
from tremplin.model.scenario import ScenarioError, replace, to_dict, validate

# counts the results table shows after the headline indicators (see _extras)
EXTRAS = ("jobs", "regularisations")
# conditions of the national regularisation route shown as levers (regularisation is not a
# municipal lever section in the registry, but the workshop explores it)
REGULARISATION_LEVERS = ("regime", "preset", "min_presence_months", "min_activity_months",
                         "promise_required", "work_experience_months", "approval_probability",
                         "processing_months")
SEED_CHOICES = (1, 3, 5)
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


class Workshop:
    """Policy and baseline models on the same seeds, stepped month by month together.

    Args:
        policy: the validated scenario with the chosen levers.
        seeds: one model pair per seed (common random numbers: the same seed for both).
        horizon: months a full run lasts.
    """

    def __init__(self, policy, seeds: tuple[int, ...] = (1,), horizon: int = 24) -> None:
        self.policy = policy
        self.baseline = baseline_of(policy)
        self.seeds = tuple(int(s) for s in seeds)
        self.horizon = int(clamp(REGISTRY["run.months"], horizon))
        self.pairs: list[tuple[TremplinModel, TremplinModel]] = []
        self._extras: dict[str, list[list[dict]]] = {"policy": [], "baseline": []}
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ life cycle
    @property
    def built(self) -> bool:
        return len(self.pairs) == len(self.seeds)

    def build(self, progress: Callable[[float], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> None:
        """Construct (with burn-in) a policy and a baseline model for each seed."""
        pairs, extras = [], {"policy": [], "baseline": []}
        total = 2 * len(self.seeds)
        for i, seed in enumerate(self.seeds):
            pair = []
            for j, (which, scn) in enumerate((("policy", self.policy),
                                              ("baseline", self.baseline))):
                if cancelled is not None and cancelled():
                    return
                m = TremplinModel(scn, seed=seed)
                pair.append(m)
                extras[which].append([_extras(m)])
                if progress is not None:
                    progress((2 * i + j + 1) / total)
            pairs.append((pair[0], pair[1]))
        with self.lock:
            self.pairs, self._extras = pairs, extras

    @property
    def month(self) -> int:
        return self.pairs[0][0].month if self.pairs else 0

    @property
    def finished(self) -> bool:
        return self.month >= self.horizon

    def step(self) -> None:
        """One month for every model (policy and baseline, every seed)."""
        if not self.built or self.finished:
            return
        with self.lock:
            for k, (pol, base) in enumerate(self.pairs):
                pol.step()
                base.step()
                self._extras["policy"][k].append(_extras(pol))
                self._extras["baseline"][k].append(_extras(base))

    # ------------------------------------------------------------------ results
    def series(self, which: str) -> list[pd.DataFrame]:
        """Monthly indicators of each seed's run (``which``: policy or baseline), with the
        extra counts ``jobs`` and ``regularisations``."""
        idx = 0 if which == "policy" else 1
        with self.lock:
            out = []
            for k, pair in enumerate(self.pairs):
                df = pair[idx].datacollector.get_model_vars_dataframe().reset_index(drop=True)
                ex = pd.DataFrame(self._extras[which][k])
                out.append(pd.concat([df[indicators.names()], ex], axis=1))
            return out

    def timeseries_table(self) -> pd.DataFrame:
        """Long table of every run: run, seed, month, indicators (the CSV export)."""
        frames = []
        for which in ("policy", "baseline"):
            for seed, df in zip(self.seeds, self.series(which), strict=True):
                frames.append(df.assign(run=which, seed=seed))
        if not frames:
            return pd.DataFrame()
        df = pd.concat(frames, ignore_index=True)
        return df[["run", "seed", *[c for c in df.columns if c not in ("run", "seed")]]]

    def comparison(self) -> pd.DataFrame:
        """Policy vs baseline at the current month: means over seeds, the mean paired
        difference and its 95% interval over seeds (none with one seed)."""
        pol, base = self.series("policy"), self.series("baseline")
        rows = []
        for k in (*(s.name for s in indicators.headline()), *EXTRAS):
            a = np.array([df[k].iloc[-1] for df in pol], dtype=float)
            b = np.array([df[k].iloc[-1] for df in base], dtype=float)
            rows.append({"indicator": k, "baseline": _nanmean(b), "policy": _nanmean(a),
                         **_diff(a - b)})
        d_spend = np.array([p["municipal_spend_eur"].iloc[-1] - b["municipal_spend_eur"].iloc[-1]
                            for p, b in zip(pol, base, strict=True)])
        for name, col in (("cost_per_additional_job_eur", "jobs"),
                          ("cost_per_additional_regularisation_eur", "regularisations")):
            gain = np.array([p[col].iloc[-1] - b[col].iloc[-1]
                             for p, b in zip(pol, base, strict=True)])
            g, s = float(np.mean(gain)), float(np.mean(d_spend))
            # a cost per unit only makes sense for a gain: none (n/a) otherwise
            value = s / g if g > 0 else float("nan")
            rows.append({"indicator": name, "baseline": float("nan"), "policy": value,
                         "difference": float("nan"), "low": float("nan"), "high": float("nan")})
        return pd.DataFrame(rows)

    # ------------------------------------------------------------------ inspection
    def cooperatives(self) -> pd.DataFrame:
        """Finances of the policy run's active cooperatives (first seed), last month."""
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
        """A snowball sample of migrants of the policy run (first seed) and the ties among
        them (``tremplin.model.network_sample``), as the arrays the network picture reads."""
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
        scn = validate({**to_dict(scn), "name": Path(name).stem}, where=name)
    return scn
