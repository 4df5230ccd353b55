"""Lever sweeps: lever packages x uncertainty samples x replications, on common random numbers.

A sweep asks the analyst's question "which combination of levers does what, at what cost"
without one hand-written scenario file per combination. It starts from a base scenario and
varies:

- **levers** (``section.key``): a number between ``[low, high]``, or one of a list of allowed
  values for on/off and choice levers (``subsidy.enabled = [false, true]``,
  ``pathway.mode = ["linear", "integrated"]``);
- **uncertainties**: the same shape, or the word ``"prior"`` for the registry's calibration
  prior. They are what the council does not control (discrimination, take-up...).

The design (``grid``, ``lhs`` or ``sobol``) gives the lever packages; the uncertainty samples
are a Latin hypercube (a scrambled Sobol' sequence when ``design = "sobol"``) drawn once and
crossed with every package. Every package meets every uncertainty sample on the same seeds,
and so does the **base scenario** (the reference, without the sweep's lever changes): the
effect of a package is the paired difference against the base under the same uncertainty
sample and seed, so neither uncertainty nor chance is mistaken for an effect.

The runs go through the batch machinery (``batch.execute``: paired seeds, the results store
with checksums, resume). Each stored row carries the package number, the uncertainty sample
number and the value of every lever and uncertainty as columns, and ``export`` writes the
``(experiments, outcomes)`` shape that EMA Workbench's analysis functions read.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError
from tremplin.model import indicators
from tremplin.model.params import REGISTRY

from .batch import Batch, RunSpec, run_one

BASE = "base"  # the label stem of the reference scenario's runs
SPEND = "municipal_spend_eur"  # the cumulative spending on the levers (indicator)
LEVER_SPEND = "added_spend_eur"  # its paired difference: what the package adds (not the
# indicator lever_spend_eur, the cumulative lever spending of one run)
GAIN = "_gain"  # suffix of an outcome's paired difference against the base


class SweepError(TremplinError):
    """A sweep that cannot be set up or read; the message says why."""


# ---------------------------------------------------------------------- dimensions
@dataclass(frozen=True)
class Dimension:
    """One lever or uncertainty of a sweep: a numeric range or a list of allowed values.

    Attributes:
        key: the registry parameter, ``section.name``.
        role: ``lever`` or ``uncertainty``.
        lo, hi: the range of a numeric dimension (None for a list of values).
        values: the allowed values of an on/off or choice dimension (empty for a range).
        integer: whether a numeric dimension takes whole numbers (the registry's type).
    """

    key: str
    role: str
    lo: float | None = None
    hi: float | None = None
    values: tuple = ()
    integer: bool = False

    @property
    def numeric(self) -> bool:
        return not self.values

    def at(self, u: float) -> Any:
        """The value at ``u`` in [0, 1): a point of the range, or one of the values (equal
        shares of the unit interval, so a Latin hypercube balances them)."""
        if self.values:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        x = self.lo + u * (self.hi - self.lo)
        return round(x) if self.integer else float(x)

    def levels(self, n: int) -> list:
        """``n`` evenly spaced values of a range (its ends included), or every allowed value."""
        if self.values:
            return list(self.values)
        xs = np.linspace(self.lo, self.hi, n)
        return list(dict.fromkeys(round(x) for x in xs)) if self.integer \
            else [float(x) for x in xs]

    def codes(self, column: pd.Series) -> pd.Series:
        """The column as numbers for analyses that need them (PRIM, feature scoring): an
        allowed value's position in ``values``, a boolean as 0/1."""
        if self.values:
            return column.map({v: float(i) for i, v in enumerate(self.values)}).astype(float)
        return column.astype(float)

    def describe(self) -> str:
        if self.values:
            return " | ".join(_show(v) for v in self.values)
        return f"{self.lo:g} to {self.hi:g}"


def _show(v) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def dimension(key: str, spec, role: str, refuse) -> Dimension:
    """The dimension written ``key = spec`` in a sweep's ``[levers]`` or ``[uncertainties]``
    table; ``refuse(field, text)`` makes the one-line refusal naming the field."""
    where = f"{role}s.{key}"
    p = REGISTRY.get(key)
    if p is None:
        raise refuse(where, "not a registry parameter (see 'tremplin params' for "
                     "section.name keys)")
    if role == "lever" and not p.lever:
        raise refuse(where, "not a lever (a lever is a parameter of one of the guide's lever "
                     "sections; put what the council does not control under [uncertainties])")
    if p.choices or p.type is bool:
        allowed = "[false, true]" if p.type is bool else repr(list(p.choices))
        if not isinstance(spec, list) or not spec or len(set(map(repr, spec))) != len(spec) \
                or not all(p.accepts(v) for v in spec):
            raise refuse(where, f"must be a list of distinct allowed values, some of {allowed}")
        return Dimension(key, role, values=tuple(spec))
    if spec == "prior":
        if role != "uncertainty":
            raise refuse(where, "'prior' is for uncertainties; a lever needs [low, high]")
        if p.prior is None:
            raise refuse(where, f"has no calibration prior in the registry; give [low, high] "
                         f"within its range ({p.allowed()})")
        lo, hi = p.prior
    elif (isinstance(spec, list) and len(spec) == 2
          and all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec)):
        lo, hi = spec
    else:
        also = " or \"prior\"" if role == "uncertainty" else ""
        raise refuse(where, f"must be [low, high]{also}, within {p.allowed()}")
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise refuse(where, "low must be below high (finite numbers)")
    if not (p.accepts(type(p.default)(lo) if p.type is int else float(lo))
            and p.accepts(type(p.default)(hi) if p.type is int else float(hi))):
        raise refuse(where, f"must lie within the registry's range ({p.allowed()})")
    return Dimension(key, role, float(lo), float(hi), integer=p.type is int)


# ---------------------------------------------------------------------- the design
@dataclass(frozen=True)
class Design:
    """The lever packages and uncertainty samples of a sweep, drawn from its settings.

    ``packages[i]`` and ``samples[j]`` map each dimension's key to its value; package and
    sample numbers start at 1 (0 is the base scenario, which has no lever changes).
    """

    levers: tuple[Dimension, ...]
    uncertainties: tuple[Dimension, ...]
    packages: tuple[dict, ...]
    samples: tuple[dict, ...]

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return self.levers + self.uncertainties


def draw(levers: list[Dimension], uncertainties: list[Dimension], design: str, n: int,
         samples: int, seed: int) -> Design:
    """The packages of ``design`` (``grid``: every combination of ``n`` levels of each range
    and every allowed value of each list; ``lhs``/``sobol``: ``n`` packages) and ``samples``
    uncertainty samples (none without uncertainties), reproducible from ``seed``."""

    ss = np.random.SeedSequence(int(seed))
    lever_seed, unc_seed = (np.random.default_rng(s) for s in ss.spawn(2))
    if design == "grid":
        packages = [dict(zip([d.key for d in levers], combo, strict=True))
                    for combo in itertools.product(*(d.levels(n) for d in levers))]
    else:
        packages = _sampled(levers, n, design, lever_seed)
    if uncertainties:
        kind = "sobol" if design == "sobol" else "lhs"
        drawn = _sampled(uncertainties, samples, kind, unc_seed)
    else:
        drawn = [{}]
    return Design(tuple(levers), tuple(uncertainties), tuple(packages), tuple(drawn))


def _sampled(dims: list[Dimension], n: int, kind: str, rng: np.random.Generator) -> list[dict]:
    from scipy.stats import qmc

    engine = (qmc.Sobol(len(dims), scramble=True, seed=rng) if kind == "sobol"
              else qmc.LatinHypercube(len(dims), seed=rng))
    unit = engine.random(n)
    return [{d.key: d.at(u) for d, u in zip(dims, row, strict=True)} for row in unit]


def label(package: int, sample: int) -> str:
    """The scenario label of a package (0 = the base) under an uncertainty sample."""
    return f"{BASE if package == 0 else f'p{package:04d}'}-u{sample:03d}"


def changes(values: dict) -> dict[str, dict]:
    """``{section.name: value}`` as scenario changes ``{section: {name: value}}``."""
    out: dict[str, dict] = {}
    for key, v in values.items():
        section, name = key.split(".", 1)
        out.setdefault(section, {})[name] = v
    return out


def scenarios(base, design: Design, refuse) -> dict:
    """Every scenario of the sweep (label -> validated scenario): the base and each package
    under each uncertainty sample. A point that is no valid scenario (a rule across fields
    broken, e.g. a minimum above its maximum) is refused now, naming it, before any run."""
    from tremplin.model.scenario import ScenarioError, replace

    out = {}
    for j, sample in enumerate(design.samples, start=1):
        for i, package in enumerate(({}, *design.packages)):
            values = {**sample, **package}
            try:
                out[label(i, j)] = replace(base, changes(values)) if values else base
            except ScenarioError as e:
                at = ", ".join(f"{k}={_show(v)}" for k, v in values.items())
                reason = str(e).split(": ", 1)[-1]
                raise refuse("levers/uncertainties", f"the design reaches {at}, which is not "
                             f"a valid scenario ({reason})") from None
    return out


def batch_of(base, design: Design, replications: int, months: int, seed: int,
             definition: dict, refuse) -> Batch:
    """The sweep as a batch: the reference and every package, each under every uncertainty
    sample, on the same replication seeds (``kind = "sweep"`` in ``batch.json``)."""
    return Batch(scenarios(base, design, refuse), replications, months, seed, kind="sweep",
                 extra={"sweep": definition})


# ---------------------------------------------------------------------- running
def runner(keys: tuple[str, ...]):
    """The batch runner of a sweep: ``run_one`` plus the columns that say which package,
    uncertainty sample, lever and uncertainty values the run had (read from its scenario)."""
    return functools.partial(run_point, keys=keys)


def run_point(spec: RunSpec, keys: tuple[str, ...]) -> pd.DataFrame:
    return with_design_columns(run_one(spec), spec, keys)


def with_design_columns(frame: pd.DataFrame, spec: RunSpec, keys: tuple[str, ...]
                        ) -> pd.DataFrame:
    """``frame`` with ``package``, ``sample`` and one column per swept key after the id
    columns (booleans as booleans, choices as strings, numbers as floats or integers)."""
    stem, sample = spec.label.rsplit("-u", 1)
    n = len(frame)
    design = pd.DataFrame({"package": np.full(n, 0 if stem == BASE else int(stem[1:]),
                                              dtype=np.int64),
                           "sample": np.full(n, int(sample), dtype=np.int64)})
    for key in keys:
        section, name = key.split(".", 1)
        p = REGISTRY[key]
        dtype = ("bool" if p.type is bool else "string" if p.choices
                 else "int64" if p.type is int else "float64")
        design[key] = pd.Series([spec.scenario[section][name]] * n, dtype=dtype)
    ids = ["scenario", "replication", "seed"]
    return pd.concat([frame[ids].reset_index(drop=True), design,
                      frame.drop(columns=ids).reset_index(drop=True)], axis=1)


# ---------------------------------------------------------------------- export
def at_month(frame: pd.DataFrame, month: int) -> pd.DataFrame:
    """One row per run at ``month`` (a run that did not reach it is left out)."""
    return frame[frame["month"] == month].reset_index(drop=True)


def paired(frame: pd.DataFrame, month: int, outcomes: list[str]) -> pd.DataFrame:
    """One row per package run (the base's own runs left out) at ``month``: the design
    columns, each outcome, its paired gain against the base run with the same uncertainty
    sample and seed (``<outcome>_gain``), and ``added_spend_eur``, the paired difference of
    cumulative municipal spending: what the package adds to the spending that happens anyway
    (the baseline's language pathway, for instance). A run whose base run failed is left out."""
    rows = at_month(frame, month)
    base = rows[rows["package"] == 0].set_index(["sample", "replication"])
    mine = rows[rows["package"] != 0]
    key = pd.MultiIndex.from_frame(mine[["sample", "replication"]])
    keep = key.isin(base.index)
    mine, key = mine[keep].reset_index(drop=True), key[keep]
    out = mine.drop(columns=[c for c in mine.columns
                             if c in indicators.outcomes() and c not in outcomes])
    for name in outcomes:
        out[name + GAIN] = mine[name].to_numpy(float) - base.loc[key, name].to_numpy(float)
    out[LEVER_SPEND] = mine[SPEND].to_numpy(float) - base.loc[key, SPEND].to_numpy(float)
    return out


def export(pairs: pd.DataFrame, dims: list[Dimension], outcomes: list[str]
           ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The ``(experiments, outcomes)`` pair EMA Workbench's analysis functions read: one row
    per run with the package, sample, replication and every lever and uncertainty as columns
    (choices as categories, as the workbench stores them), and each outcome as an array in
    the same order (the levels, their paired gains and ``added_spend_eur``)."""
    cols = ["package", "sample", "replication", *(d.key for d in dims)]
    experiments = pairs[cols].copy()
    for d in dims:
        if d.values and not isinstance(d.values[0], bool):
            experiments[d.key] = pd.Categorical(experiments[d.key].astype(str),
                                                categories=list(d.values))
    names = [*outcomes, *(o + GAIN for o in outcomes), LEVER_SPEND]
    return experiments, {name: pairs[name].to_numpy(float) for name in names}


def write_export(root: Path, experiments: pd.DataFrame, outcomes: dict[str, np.ndarray]
                 ) -> Path:
    """``root/export/``: ``experiments.parquet`` and ``outcomes.parquet`` (one column per
    outcome, same rows), readable without the workbench; ``ema_results.tar.gz`` in the
    workbench's own format (``ema_workbench.load_results``)."""
    folder = root / "export"
    folder.mkdir(parents=True, exist_ok=True)
    experiments.to_parquet(folder / "experiments.parquet", index=False)
    pd.DataFrame(outcomes).to_parquet(folder / "outcomes.parquet", index=False)
    import warnings

    with warnings.catch_warnings():  # "ipyparallel not installed": not used here
        warnings.simplefilter("ignore")
        from ema_workbench import ScalarOutcome, save_results
    for name in outcomes:  # the workbench saves an outcome by its declared kind
        ScalarOutcome(name)
    save_results((experiments, outcomes), str(folder / "ema_results.tar.gz"))
    return folder


def read_export(root: Path | str) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The export of a sweep folder, as ``export`` returned it."""
    folder = Path(root) / "export"
    try:
        experiments = pd.read_parquet(folder / "experiments.parquet")
        outcomes = pd.read_parquet(folder / "outcomes.parquet")
    except (OSError, ValueError) as e:
        raise SweepError(f"{root}: no sweep export ({type(e).__name__}: {e}); run the sweep "
                         "with 'tremplin experiment FILE' first") from None
    if LEVER_SPEND not in outcomes.columns:  # written before the column was renamed
        raise SweepError(f"{folder / 'outcomes.parquet'}: no column {LEVER_SPEND} (an export "
                         "from before 2026-12-01, when it was lever_spend_eur); rerun "
                         "'tremplin experiment FILE --out DIR' on it: it resumes from the store "
                         "and rewrites the export")
    return experiments, {c: outcomes[c].to_numpy(float) for c in outcomes.columns}


# ---------------------------------------------------------------------- a sweep, end to end
SWEEP_FILE = "sweep.json"


def definition(exp) -> dict:
    """What defines a sweep's design, recorded in ``batch.json`` and ``sweep.json``."""
    d = exp.drawn
    return {"scenario": exp.scenario, "overrides": exp.overrides, "design": exp.design,
            "n": exp.n, "uncertainty_samples": len(d.samples), "seed": exp.seed,
            "levers": [_record(x) for x in d.levers],
            "uncertainties": [_record(x) for x in d.uncertainties]}


def _record(d: Dimension) -> dict:
    return {"key": d.key, "role": d.role, "lo": d.lo, "hi": d.hi, "values": list(d.values),
            "integer": d.integer}


def dimensions_of(record: dict) -> list[Dimension]:
    """The sweep's levers then uncertainties, from ``sweep.json``."""
    return [Dimension(x["key"], x["role"], x["lo"], x["hi"], tuple(x["values"]), x["integer"])
            for x in (*record["levers"], *record["uncertainties"])]


def run_sweep(exp, out: Path | str, *, serial: bool = False, cluster: str | None = None,
              workers: int | None = None, progress: bool = True, design: Design | None = None,
              extra: dict | None = None):
    """Run (or resume) the sweep ``exp`` (a validated ``SweepExperiment``) into ``out``; write
    ``sweep.json``, ``packages.csv`` (each package's lever values), ``samples.csv`` and the
    export. ``design`` replaces the file's packages (a search's, generation by generation:
    the folder is extended, every run already stored is reused); ``extra`` goes into
    ``sweep.json``. Returns the batch outcome."""
    import json

    from .batch import execute

    months = exp.horizon()
    drawn = design or exp.drawn
    record = {**definition(exp), **(extra or {})}
    found = exp.scenarios if design is None else scenarios(exp.base(), drawn, _refused)
    batch = Batch(found, exp.replications, months, exp.seed, kind="sweep",
                  extra={"sweep": definition(exp)})
    keys = tuple(d.key for d in drawn.dimensions)
    outcome = execute(batch, out, serial=serial, cluster=cluster, workers=workers,
                      runner=runner(keys), progress=progress, desc="sweep runs")
    root = Path(out)
    meta = {"name": exp.name, "description": exp.description, **record,
            "replications": exp.replications, "months": months,
            "month": exp.analysed_month(), "outcomes": exp.outcomes, "target": exp.target,
            "runs": len(batch.runs()), "packages": len(drawn.packages)}
    (root / SWEEP_FILE).write_text(json.dumps(meta, indent=1, default=str) + "\n")
    table = pd.DataFrame(list(drawn.packages), index=range(1, len(drawn.packages) + 1))
    table.rename_axis("package").to_csv(root / "packages.csv")  # full precision: the design
    pd.DataFrame(list(drawn.samples), index=range(1, len(drawn.samples) + 1)) \
        .rename_axis("sample").to_csv(root / "samples.csv")
    frame = outcome.frame()
    pairs = paired(frame, exp.analysed_month(), exp.outcomes)
    experiments, outcomes = export(pairs, list(drawn.dimensions), exp.outcomes)
    write_export(root, experiments, outcomes)
    return outcome


def _refused(field: str, text: str) -> SweepError:
    return SweepError(f"{field}: {text}")


def read_sweep(root: Path | str) -> dict:
    """``sweep.json`` of a finished sweep folder."""
    import json

    path = Path(root) / SWEEP_FILE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise SweepError(f"{path}: not a finished sweep ({type(e).__name__}: {e}); run it "
                         "with 'tremplin experiment FILE'") from None


def package_table(root: Path | str) -> pd.DataFrame:
    """Each package's lever values (``packages.csv``), indexed by package number."""
    path = Path(root) / "packages.csv"
    try:
        return pd.read_csv(path, index_col="package")
    except (OSError, ValueError) as e:
        raise SweepError(f"{path}: unreadable ({e})") from None


def paired_from_export(root: Path | str) -> tuple[pd.DataFrame, dict[str, np.ndarray],
                                                  pd.DataFrame]:
    """The export as one frame per package run (package, sample, replication and every
    outcome), the outcomes as arrays, and the packages' lever values."""
    experiments, outcomes = read_export(root)
    pairs = experiments[["package", "sample", "replication"]].reset_index(drop=True)
    pairs = pairs.assign(**outcomes)
    return pairs, outcomes, package_table(root)
