"""``tremplin validate-fit``: run one or more scenarios over seeds and compare them with facts
they were not fitted to.

A facts file is a CSV with columns ``indicator`` (a model indicator), ``month`` or ``year``
(a simulation month, or a simulation year ``k`` = the mean over months ``12(k-1)+1..12k``),
``value`` and ``tolerance`` (in the indicator's units: shares 0-1 for rates, so 30.1% is
0.301), and optionally:

- ``source``: where the value was read (printed with the result);
- ``scenario``: the scenario the fact is about (its name, or the argument as given on the
  command line); empty, the fact is checked on every scenario given;
- ``versus``: another scenario given; the fact is then about the difference
  ``scenario - versus``, paired seed by seed (the same seeds run both).

A fact passes when the mean over the seeds that give a value is within its tolerance of the
value; a fact no seed gives a value for is "not computable" (neither a pass nor a fail).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError, one_line
from tremplin.model import indicators


class FactsFileError(TremplinError):
    """A facts CSV with a missing column or a bad cell (names the file and line)."""


MAX_MONTH = 600  # the longest horizon a run may have (the --months limit)
BOUNDED = {indicators.Kind.SHARE: "a share from 0 to 1 (write 0.301 for 30.1%)",
           indicators.Kind.LEVEL: "a score from 0 to 1"}
PASS, FAIL, NOT_COMPUTABLE = "pass", "FAIL", "not computable"


@dataclass(frozen=True)
class Compared:
    """A scenario to run: the name facts use for it, the argument it was given as, and the
    validated scenario."""

    name: str
    argument: str
    scenario: object


def read_facts(path: str | Path) -> pd.DataFrame:
    """The facts of a CSV, each checked (indicator, exactly one of month or year in the run
    horizon, finite value in the indicator's unit, finite tolerance > 0); a bad file or cell
    is one line naming the file and the line."""
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    except FileNotFoundError:
        raise FactsFileError(f"{path}: no such file") from None
    except (ValueError, UnicodeDecodeError) as e:  # pandas' ParserError and EmptyDataError
        raise FactsFileError(f"{path}: not a CSV ({(str(e).splitlines() or [''])[0]})") from None
    except OSError as e:
        raise FactsFileError(f"{path}: cannot read ({e.strerror})") from None
    if not isinstance(df.index, pd.RangeIndex):  # pandas took extra fields as an index
        raise FactsFileError(f"{path}: not a CSV (rows with more fields than the header)")
    cols = set(df.columns)
    need = {"indicator", "value", "tolerance"}
    if not need <= cols or not ({"month", "year"} & cols):
        has = one_line(", ".join(map(str, df.columns)))[:200]
        raise FactsFileError(f"{path}: needs columns indicator, month or year, value, "
                             f"tolerance (has {has})")
    rows = [_fact(r, f"{path} line {i + 2}") for i, r in enumerate(df.to_dict("records"))]
    if not rows:
        raise FactsFileError(f"{path}: no facts")
    return pd.DataFrame(rows)


def _cell(row: dict, key: str) -> str:
    """A cell as text; a cell missing from a short row reads as empty."""
    value = row.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _fact(r: dict, where: str) -> dict:
    """One row of a facts file, checked."""
    ind = _cell(r, "indicator")
    if ind not in indicators.outcomes():
        raise FactsFileError(f"{where}: indicator {ind[:60]!r} is not a model indicator "
                             f"(e.g. {', '.join(indicators.outcomes()[:5])}, ...)")
    month, year = _cell(r, "month"), _cell(r, "year")
    if bool(month) == bool(year):
        raise FactsFileError(f"{where}: give exactly one of month or year")
    try:
        if not all(x.isascii() for x in (month, year, _cell(r, "value"),
                                         _cell(r, "tolerance"))):
            raise ValueError
        when = int(month or year)
        value, tol = float(_cell(r, "value")), float(_cell(r, "tolerance"))
    except ValueError:
        raise FactsFileError(f"{where}: month/year must be an integer, value and "
                             "tolerance numbers") from None
    last_allowed = MAX_MONTH if month else MAX_MONTH // 12
    if not (0 if month else 1) <= when <= last_allowed or not 0 < tol < math.inf \
            or not math.isfinite(value):
        raise FactsFileError(f"{where}: month from 0 to {MAX_MONTH} or year from 1 to "
                             f"{MAX_MONTH // 12}, a finite tolerance > 0 and a finite value "
                             "needed")
    scenario, versus = _cell(r, "scenario"), _cell(r, "versus")
    if versus and not scenario:
        raise FactsFileError(f"{where}: versus {versus[:60]!r} needs a scenario (the fact is "
                             "about scenario - versus)")
    _check_unit(ind, value, tol, bool(versus), where)
    first, last = (when, when) if month else (12 * (when - 1) + 1, 12 * when)
    return {"indicator": ind, "when": f"month {when}" if month else f"year {when}",
            "first": first, "last": last, "value": value, "tolerance": tol,
            "source": _cell(r, "source"), "scenario": scenario, "versus": versus}


def _check_unit(ind: str, value: float, tol: float, difference: bool, where: str) -> None:
    """Shares and scores lie in 0..1 (a difference in -1..1): a value such as 30.1 for a rate
    is a percentage typed by mistake, refused rather than reported as a failed fact."""
    kind = indicators.spec(ind).kind
    if kind not in BOUNDED:
        return
    low = -1.0 if difference else 0.0
    if not low <= value <= 1.0 or tol > 1.0:
        what = "the difference of two" if difference else "the value of"
        raise FactsFileError(f"{where}: {ind} is {BOUNDED[kind]}; {what} such numbers must lie "
                             f"in {low:g}..1 with a tolerance up to 1 (value {value:g}, "
                             f"tolerance {tol:g})")


def check_scenarios(facts: pd.DataFrame, compared: list[Compared], path: str | Path) -> None:
    """Every ``scenario``/``versus`` a fact names is one of the scenarios given (by name or
    as the argument), or the fact could never be checked."""
    known = {c.name for c in compared} | {c.argument for c in compared}
    for i, f in enumerate(facts.to_dict("records")):
        for col in ("scenario", "versus"):
            if f[col] and f[col] not in known:
                raise FactsFileError(f"{path} fact {i + 1} ({f['indicator']}, {f['when']}): "
                                     f"{col} {f[col][:60]!r} is not a scenario given "
                                     f"(given: {', '.join(sorted(known))[:200]})")


def _run(scn, seed: int, months: int):
    from tremplin.model import run_scenario

    return run_scenario(scn, seed, months=months).timeseries


def simulate(compared: list[Compared], facts: pd.DataFrame, seeds: list[int],
             client=None) -> dict[str, list[pd.DataFrame]]:
    """The monthly series of every scenario over ``seeds`` (as long as the facts need)."""
    months = int(facts["last"].max())
    jobs = [(c.name, s) for c in compared for s in seeds]
    scns = {c.name: c.scenario for c in compared}
    if client is None:
        series = [_run(scns[n], s, months) for n, s in jobs]
    else:
        series = client.gather(client.map(_run, [scns[n] for n, _ in jobs],
                                          [s for _, s in jobs], [months] * len(jobs)))
    out: dict[str, list[pd.DataFrame]] = {c.name: [] for c in compared}
    for (name, _), ts in zip(jobs, series, strict=True):
        out[name].append(ts)
    return out


def _per_seed(series: list[pd.DataFrame], f: dict) -> np.ndarray:
    """The fact's indicator over its months, one mean per seed (NaN where a seed has none)."""
    vals = []
    for ts in series:
        window = ts.loc[(ts.month >= f["first"]) & (ts.month <= f["last"]), f["indicator"]]
        finite = window[np.isfinite(window.to_numpy(dtype=float))]
        vals.append(float(finite.mean()) if len(finite) else math.nan)
    return np.asarray(vals, dtype=float)


def compare(compared: list[Compared], facts: pd.DataFrame, seeds: list[int],
            client=None) -> pd.DataFrame:
    """Simulated mean and spread of every fact over ``seeds``, with pass/fail/not computable:
    one row per fact and scenario (a fact without ``scenario`` is checked on each)."""
    series = simulate(compared, facts, seeds, client)
    alias = {c.argument: c.name for c in compared} | {c.name: c.name for c in compared}
    out = []
    for f in facts.to_dict("records"):
        names = [alias[f["scenario"]]] if f["scenario"] else [c.name for c in compared]
        for name in names:
            vals = _per_seed(series[name], f)
            label = name
            if f["versus"]:
                other = alias[f["versus"]]
                vals = vals - _per_seed(series[other], f)  # paired: the same seeds
                label = f"{name} - {other}"
            out.append(_result(f, label, vals[np.isfinite(vals)], len(seeds)))
    return pd.DataFrame(out)


def _result(f: dict, label: str, vals: np.ndarray, n_seeds: int) -> dict:
    n = len(vals)
    mean = float(vals.mean()) if n else math.nan
    result = NOT_COMPUTABLE if not n else PASS if abs(mean - f["value"]) <= f["tolerance"] \
        else FAIL
    return {"scenario": label, **{k: f[k] for k in ("indicator", "when", "value", "tolerance")},
            "simulated_mean": mean, "simulated_sd": float(vals.std(ddof=1)) if n > 1 else 0.0,
            "simulated_min": float(vals.min()) if n else math.nan,
            "simulated_max": float(vals.max()) if n else math.nan,
            "seeds_used": n, "seeds": n_seeds, "result": result, "source": f["source"]}
