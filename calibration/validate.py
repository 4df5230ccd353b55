"""``tremplin validate-fit``: run a fitted scenario over seeds and compare it with facts it was
not fitted to.

A facts file is a CSV with columns ``indicator`` (a model indicator), ``month`` or ``year``
(a simulation month, or a simulation year ``k`` = the mean over months ``12(k-1)+1..12k``),
``value`` and ``tolerance`` (in the indicator's units: shares for rates), and optionally
``source``. A fact passes when the mean over seeds is within its tolerance of the value.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from tremplin.errors import TremplinError
from tremplin.model import indicators


class FactsFileError(TremplinError):
    """A facts CSV with a missing column or a bad cell (names the file and line)."""


def read_facts(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    except FileNotFoundError:
        raise FactsFileError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise FactsFileError(f"{path}: not a CSV ({str(e).splitlines()[0]})") from None
    cols = set(df.columns)
    need = {"indicator", "value", "tolerance"}
    if not need <= cols or not ({"month", "year"} & cols):
        raise FactsFileError(f"{path}: needs columns indicator, month or year, value, "
                             f"tolerance (has {', '.join(df.columns)})")
    rows = []
    for i, r in enumerate(df.to_dict("records")):
        line = i + 2
        where = f"{path} line {line}"
        ind = r["indicator"].strip()
        if ind not in indicators.outcomes():
            raise FactsFileError(f"{where}: indicator {ind!r} is not a model indicator "
                                 f"(e.g. {', '.join(indicators.outcomes()[:5])}, ...)")
        month, year = r.get("month", "").strip(), r.get("year", "").strip()
        if bool(month) == bool(year):
            raise FactsFileError(f"{where}: give exactly one of month or year")
        try:
            when = int(month or year)
            value, tol = float(r["value"]), float(r["tolerance"])
        except ValueError:
            raise FactsFileError(f"{where}: month/year must be an integer, value and "
                                 "tolerance numbers") from None
        if when < (0 if month else 1) or tol <= 0 or not math.isfinite(value):
            raise FactsFileError(f"{where}: month >= 0 or year >= 1, tolerance > 0 and a "
                                 "finite value needed")
        first, last = (when, when) if month else (12 * (when - 1) + 1, 12 * when)
        rows.append({"indicator": ind, "when": f"month {when}" if month else f"year {when}",
                     "first": first, "last": last, "value": value, "tolerance": tol,
                     "source": r.get("source", "")})
    if not rows:
        raise FactsFileError(f"{path}: no facts")
    return pd.DataFrame(rows)


def _run(scn, seed: int, months: int):
    from tremplin.model import run_scenario

    return run_scenario(scn, seed, months=months).timeseries


def compare(scn, facts: pd.DataFrame, seeds: list[int], client=None) -> pd.DataFrame:
    """Simulated mean and spread of every fact over ``seeds``, with pass/fail."""
    months = int(facts["last"].max())
    if client is None:
        series = [_run(scn, s, months) for s in seeds]
    else:
        series = client.gather(client.map(_run, [scn] * len(seeds), seeds,
                                          [months] * len(seeds)))
    out = []
    for f in facts.to_dict("records"):
        vals = pd.Series([ts.loc[(ts.month >= f["first"]) & (ts.month <= f["last"]),
                                 f["indicator"]].mean() for ts in series])
        mean = float(vals.mean())
        out.append({**{k: f[k] for k in ("indicator", "when", "value", "tolerance")},
                    "simulated_mean": mean, "simulated_sd": float(vals.std(ddof=1))
                    if len(vals) > 1 else 0.0, "simulated_min": float(vals.min()),
                    "simulated_max": float(vals.max()),
                    "result": "pass" if abs(mean - f["value"]) <= f["tolerance"] else "FAIL",
                    "source": f["source"]})
    return pd.DataFrame(out)
