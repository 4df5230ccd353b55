"""Calibration files: which data, which observed figures, mapped to which model indicators.

A calibration file (TOML) names the base scenario, the geography and year, the Eurostat files
(the shipped extracts by default), the targets and how to fit. Each target is read from the
data with its flags; a flagged value is refused unless the file lists the flag in
``allow_flags`` (then it is used and reported), and a missing value is always refused, so no
figure is ever used silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tremplin.errors import TremplinError, one_line, read_toml, shown
from tremplin.model import indicators, scenario
from tremplin.model.params import REGISTRY
from tremplin.shipped import ShippedFiles

from . import eurostat


class CalibrationFileError(TremplinError):
    """A calibration file with a missing, unknown or invalid field."""


# the shipped calibration files (be_2019) and, in data/, the Eurostat extracts they read
SHIPPED = ShippedFiles("tremplin.calibration", "calibration", CalibrationFileError)


TOP_KEYS = ("name", "description", "base", "overrides", "geo", "year", "allow_flags", "data",
            "run", "fit", "targets")
TARGET_KEYS = ("name", "indicator", "dataset", "where", "tolerance", "scale", "year", "geo")
RUN_KEYS = ("months", "average_from", "average_to", "start")
FIT_KEYS = ("parameters", "particles", "generations", "min_epsilon", "minutes", "seed",
            "report_seeds", "max_simulations", "predictive_draws", "predictive_seeds")


@dataclass(frozen=True)
class Target:
    """One observed figure and the model indicator it is compared with (in data units)."""

    name: str
    indicator: str
    dataset: str
    where: dict[str, str]
    value: float
    flags: str
    tolerance: float
    scale: float
    first: int  # simulation months whose mean is compared with the value
    last: int

    def simulated(self, share: float) -> float:
        """The model indicator (a share) in the data's units (e.g. percent)."""
        return share * self.scale


@dataclass(frozen=True)
class FitSettings:
    parameters: tuple[str, ...]
    particles: int = 60
    generations: int = 6
    min_epsilon: float = 0.0
    minutes: float = 25.0
    seed: int = 1
    report_seeds: int = 8
    max_simulations: int = 0
    predictive_draws: int = 40  # posterior particles run again for the predictive check
    predictive_seeds: int = 2  # seeds per particle in the predictive check


@dataclass(frozen=True)
class Calibration:
    """A validated calibration file."""

    path: Path
    name: str
    description: str
    base: str
    overrides: dict[str, dict[str, Any]]
    geo: str
    year: int
    allow_flags: str
    data: dict[str, Path]
    targets: tuple[Target, ...]
    months: int
    average_from: int
    average_to: int
    fit: FitSettings
    notes: list[str] = field(default_factory=list)
    start: tuple[int, int] | None = None  # (year, month) of simulation month 1: the calendar

    def priors(self) -> dict[str, tuple[float, float]]:
        """Prior range of each fitted parameter, from the registry."""
        out = {}
        for key in self.fit.parameters:
            p = REGISTRY[key]
            out[key] = p.prior if p.prior is not None else (float(p.lo), float(p.hi))
        return out

    def prior_shapes(self) -> dict[str, tuple[str, float, float] | None]:
        """The registry's sourced prior shape of each fitted parameter (None: uniform)."""
        return {key: REGISTRY[key].prior_shape for key in self.fit.parameters}


def _need(d: dict, key: str, kind: type | tuple, where: str) -> Any:
    if key not in d:
        raise CalibrationFileError(f"{where}: missing field {key!r}")
    v = d[key]
    if not isinstance(v, kind) or isinstance(v, bool):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise CalibrationFileError(f"{where}: {key} = {shown(v)} must be {names}")
    return v


def _table(d: dict, key: str, where: str) -> dict:
    """The sub-table ``key`` of ``d`` (empty when absent), refused unless a table."""
    v = d.get(key, {})
    if not isinstance(v, dict):
        raise CalibrationFileError(f"{where}: {key} = {shown(v)} must be a table ([{key}])")
    return v


def _unknown(d: dict, allowed: tuple[str, ...], where: str) -> None:
    extra = [k for k in d if k not in allowed]
    if extra:
        raise CalibrationFileError(f"{where}: unknown field {shown(extra[0])} (allowed: "
                                   f"{', '.join(allowed)})")


# The allowed value of every [fit] setting (and of the same key in ``calibrate --budget``):
# its type and inclusive range. NaN and infinities are refused everywhere.
FIT_LIMITS: dict[str, tuple[type, float, float]] = {
    "particles": (int, 2, 100_000), "generations": (int, 1, 1000),
    "min_epsilon": (float, 0, 1e6), "minutes": (float, 0.01, 7 * 24 * 60),
    "seed": (int, 0, 2**63 - 1), "report_seeds": (int, 1, 10_000),
    "max_simulations": (int, 0, 10**9), "predictive_draws": (int, 0, 100_000),
    "predictive_seeds": (int, 1, 1000),
}


def fit_value(key: str, value: Any, named: str,
              error: type[TremplinError] = CalibrationFileError) -> int | float:
    """A [fit] setting checked against ``FIT_LIMITS`` (type, then finite, then range), or
    ``error`` as ``NAMED must be ...`` in one line (``named``: the setting as written)."""
    kind, lo, hi = FIT_LIMITS[key]
    allowed = (f"{'an integer' if kind is int else 'a finite number'} from {lo:g} to {hi:g}")
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or (kind is int and value != int(value)):
        raise error(f"{named} must be {allowed}")
    if not lo <= value <= hi:
        raise error(f"{named} must be {allowed}")
    return kind(value)


def _run_window(raw: dict, where: str) -> tuple[int, int, int, tuple[int, int] | None]:
    """[run] months, average_from, average_to: integers with 0 <= from <= to <= months; or,
    with ``start = "YYYY-MM"`` (the calendar month of simulation month 1), no average window:
    each target is then the mean of the months of its own year."""
    run = _table(raw, "run", where)
    _unknown(run, RUN_KEYS, f"{where} [run]")
    start = _start(run, where)
    if start is not None and ({"average_from", "average_to"} & set(run)):
        raise CalibrationFileError(f"{where}: [run] start sets each target's months from its "
                                   "year: remove average_from and average_to")
    months = run.get("months", 24)
    values = (months, run.get("average_from", 12), run.get("average_to", months))
    for key, v in zip(RUN_KEYS[:3], values, strict=True):
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 600:
            raise CalibrationFileError(f"{where}: [run] {key} = {shown(v)} must be an "
                                       "integer from 0 to 600")
    months, a_from, a_to = values
    if not 0 <= a_from <= a_to <= months or months < 1:
        raise CalibrationFileError(f"{where}: [run] needs 0 <= average_from <= average_to <= "
                                   f"months, got {a_from}, {a_to}, {months}")
    return months, a_from, a_to, start


def _start(run: dict, where: str) -> tuple[int, int] | None:
    """[run] start = "YYYY-MM" (years 1900-2100), or None."""
    if "start" not in run:
        return None
    text = run["start"]
    parts = text.split("-") if isinstance(text, str) else []
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts) \
            or not 1900 <= int(parts[0]) <= 2100 or not 1 <= int(parts[1]) <= 12:
        raise CalibrationFileError(f"{where}: [run] start = {shown(text)} must be a month "
                                   "written YYYY-MM, e.g. \"2018-01\"")
    return int(parts[0]), int(parts[1])


def year_window(year: int, start: tuple[int, int], months: int, where: str) -> tuple[int, int]:
    """The simulation months of calendar ``year`` when month 1 is ``start``: a whole year
    inside the run, as the LFS annual averages are."""
    first = (year - start[0]) * 12 - (start[1] - 1) + 1
    if first < 1:
        raise CalibrationFileError(f"{where}: year {year} begins before [run] start "
                                   f"{start[0]}-{start[1]:02d}: start at or before "
                                   f"{year}-01 so the whole year is simulated")
    if first + 11 > months:
        raise CalibrationFileError(f"{where}: year {year} ends at simulation month "
                                   f"{first + 11}, after [run] months = {months}")
    return first, first + 11


def _fit_settings(raw: dict, where: str) -> FitSettings:
    """[fit]: the fitted parameters (calibrated registry keys) and the ABC budget."""
    fit_raw = _table(raw, "fit", where)
    _unknown(fit_raw, FIT_KEYS, f"{where} [fit]")
    free = [k for k, p in REGISTRY.items() if p.calibrate]
    params = fit_raw.get("parameters", free)
    if not isinstance(params, list) or not params:
        raise CalibrationFileError(f"{where}: [fit] parameters = {shown(params)} must be a "
                                   "non-empty list of calibrated registry parameters")
    for k in params:
        if not isinstance(k, str) or k not in REGISTRY or not REGISTRY[k].calibrate:
            raise CalibrationFileError(f"{where}: [fit] parameters: {shown(k)} is not a "
                                       f"calibrated registry parameter (allowed: "
                                       f"{', '.join(free)})")
    if len(set(params)) != len(params):
        raise CalibrationFileError(f"{where}: [fit] parameters: a parameter is named twice")
    settings = {k: fit_value(k, fit_raw[k], f"{where}: [fit] {k} = {shown(fit_raw[k])}")
                for k in FIT_KEYS[1:] if k in fit_raw}
    return FitSettings(parameters=tuple(params), **settings)


def _allow_flags(raw: dict, where: str) -> str:
    """allow_flags: Eurostat flag letters, as a string or a list of them."""
    allow = raw.get("allow_flags", "")
    if isinstance(allow, list) and all(isinstance(c, str) for c in allow):
        allow = "".join(allow)
    if not isinstance(allow, str) or any(c not in eurostat.FLAGS for c in allow):
        raise CalibrationFileError(f"{where}: allow_flags = {shown(raw.get('allow_flags'))} "
                                   f"must list Eurostat flags ({', '.join(eurostat.FLAGS)})")
    return allow


def _positive(t: dict, key: str, default: float | None, where: str) -> float:
    """A target's tolerance or scale: a finite number > 0."""
    v = t.get(key, default) if default is not None else _need(t, key, (int, float), where)
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v <= 0:
        raise CalibrationFileError(f"{where}: {key} must be > 0 (a finite number), got "
                                   f"{shown(v)}")
    return float(v)


def _selection(t: dict, geo: str, year: int, where: str) -> dict[str, str]:
    """The Eurostat codes a target selects: its ``where`` table of codes (strings or
    integers), its geography and year (the file's unless it sets its own)."""
    sel_raw = _need(t, "where", dict, where)
    for k, v in sel_raw.items():
        if isinstance(v, bool) or not isinstance(v, str | int):
            raise CalibrationFileError(f"{where}: where.{k} = {shown(v)} must be a code "
                                       "(a string)")
    t_geo, t_year = t.get("geo", geo), t.get("year", year)
    if not isinstance(t_geo, str):
        raise CalibrationFileError(f"{where}: geo = {shown(t_geo)} must be str")
    if isinstance(t_year, bool) or not isinstance(t_year, int):
        raise CalibrationFileError(f"{where}: year = {shown(t_year)} must be int")
    sel = {k: str(v) for k, v in sel_raw.items()}
    sel.setdefault("geo", t_geo)
    sel["time"] = str(t_year)
    return sel


def _data_path(ref: str, file: Path) -> Path:
    """A data file relative to the calibration file, else to the package."""
    for base in (file.parent, SHIPPED.folder):
        p = (base / ref) if not Path(ref).is_absolute() else Path(ref)
        if _is_file(p):
            return p
    raise CalibrationFileError(f"{file}: [data] file {shown(ref)} not found next to the file "
                               f"or in {SHIPPED.folder}")


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False for a name the system cannot look up (too long)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _comparator_mismatch(spec: indicators.Indicator, dataset: str,
                         where: dict[str, str]) -> str:
    """Why a target's data is not the Eurostat figure the indicator is defined to match (empty
    when it is): a target may still use it, but the report says so."""
    want = spec.comparator
    if want is None:
        return "which has no Eurostat comparator"
    if (want.dataset not in dataset or where.get("citizen") != want.citizen
            or where.get("sex", "T") != want.sex):
        return f"whose Eurostat comparator is {want}"
    return ""


def load(ref: str | Path) -> Calibration:
    """Read and validate a calibration file, and read its targets from the data."""
    path = SHIPPED.resolve(ref)
    where = str(path)
    raw = read_toml(path, CalibrationFileError)
    _unknown(raw, TOP_KEYS, where)
    base = _need(raw, "base", str, where)
    # a scenario next to the calibration file, else as written (a path or a shipped name)
    base_ref = str(path.parent / base) if _is_file(path.parent / base) else base
    for key in ("name", "description"):
        if key in raw and not isinstance(raw[key], str):
            raise CalibrationFileError(f"{where}: {key} = {shown(raw[key])} must be str")
    overrides = raw.get("overrides", {})
    if not isinstance(overrides, dict) or not all(isinstance(v, dict) for v in overrides.values()):
        raise CalibrationFileError(f"{where}: overrides must be a table of scenario sections, "
                                   "e.g. overrides = {population = {migrants = 300}}")
    try:
        scenario.load(base_ref, overrides or None)
    except TremplinError as e:
        raise CalibrationFileError(one_line(f"{where}: base/overrides: {e}")) from None
    except OSError as e:  # a name the system cannot look up (too long)
        raise CalibrationFileError(f"{where}: base = {shown(base)}: {e.strerror}") from None
    geo = _need(raw, "geo", str, where)
    year = _need(raw, "year", int, where)
    allow = _allow_flags(raw, where)
    data_raw = _need(raw, "data", dict, where)
    data = {k: _data_path(_need(data_raw, k, str, f"{where} [data]"), path) for k in data_raw}
    months, a_from, a_to, start = _run_window(raw, where)
    fit = _fit_settings(raw, where)
    notes: list[str] = []
    targets = []
    items = raw.get("targets")
    if not isinstance(items, list) or not items:
        raise CalibrationFileError(f"{where}: missing [[targets]] (at least one)")
    tables: dict[str, Any] = {}
    for i, t in enumerate(items, 1):
        tw = f"{where} [[targets]] #{i}"
        if not isinstance(t, dict):
            raise CalibrationFileError(f"{tw}: {shown(t)} must be a table ([[targets]])")
        _unknown(t, TARGET_KEYS, tw)
        name = _need(t, "name", str, tw)
        tw = f"{where} target {name!r}"
        ind = _need(t, "indicator", str, tw)
        if ind not in indicators.outcomes():
            raise CalibrationFileError(f"{tw}: indicator {ind!r} is not a model indicator "
                                       f"(see tremplin.model.indicators.SPECS)")
        ds = _need(t, "dataset", str, tw)
        if ds not in data:
            raise CalibrationFileError(f"{tw}: dataset {ds!r} is not in [data] "
                                       f"({', '.join(data)})")
        tol = _positive(t, "tolerance", None, tw)
        scale_set = _positive(t, "scale", 1.0, tw) if "scale" in t else None
        sel = _selection(t, geo, year, tw)
        if ds not in tables:
            tables[ds] = eurostat.read(data[ds])
        try:
            rows = eurostat.select(tables[ds], {k: [v] for k, v in sel.items()},
                                   source=f"{tw} ({data[ds].name})")
        except eurostat.EurostatFormatError as e:
            raise CalibrationFileError(str(e)) from None
        if len(rows) != 1:
            dims = [d for d in eurostat.dimensions(rows) if rows[d].nunique() > 1]
            raise CalibrationFileError(f"{tw}: where selects {len(rows)} values from "
                                       f"{data[ds].name}; also fix {', '.join(dims)}")
        value, flags = float(rows["value"].iloc[0]), str(rows["flags"].iloc[0])
        label = f"{ds} {','.join(f'{k}={v}' for k, v in sel.items())}"
        if math.isnan(value):
            raise CalibrationFileError(f"{tw}: {label} is missing in {data[ds].name} "
                                       f"(flags {flags!r}); choose another year or geography")
        refused = [c for c in flags if c not in allow]
        if refused:
            meaning = "; ".join(f"{c} = {eurostat.FLAGS[c]}" for c in flags)
            raise CalibrationFileError(f"{tw}: {label} = {value:g} is flagged {flags!r} "
                                       f"({meaning}); add the flags to allow_flags to use it")
        if flags:
            notes.append(f"{name}: {label} = {value:g} used with flags {flags!r} (allowed)")
        mismatch = _comparator_mismatch(indicators.spec(ind), f"{ds} {data[ds].name}", sel)
        if mismatch:
            notes.append(f"{name}: {label} is compared with {ind}, {mismatch}")
        unit = str(rows["unit"].iloc[0]) if "unit" in rows.columns else ""
        scale = scale_set if scale_set is not None else (100.0 if unit == "PC" else 1.0)
        first, last = (year_window(int(sel["time"]), start, months, tw) if start is not None
                       else (a_from, a_to))
        targets.append(Target(name, ind, ds, sel, value, flags, tol, scale, first, last))
    return Calibration(path=path, name=raw.get("name", path.stem),
                       description=raw.get("description", ""), base=base_ref,
                       overrides=overrides, geo=geo,
                       year=year, allow_flags=allow, data=data, targets=tuple(targets),
                       months=months, average_from=a_from, average_to=a_to, fit=fit,
                       notes=notes, start=start)
