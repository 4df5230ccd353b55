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

from tremplin.errors import TremplinError, one_line
from tremplin.model import indicators


class FactsFileError(TremplinError):
    """A facts CSV with a missing column or a bad cell (names the file and line)."""


MAX_MONTH = 600  # the longest horizon a run may have (the --months limit)


def read_facts(path: str | Path) -> pd.DataFrame:
    """The facts of a CSV, each checked (indicator, exactly one of month or year in the run
    horizon, finite value, finite tolerance > 0); a bad file or cell is one line naming the
    file and the line."""
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
    first, last = (when, when) if month else (12 * (when - 1) + 1, 12 * when)
    return {"indicator": ind, "when": f"month {when}" if month else f"year {when}",
            "first": first, "last": last, "value": value, "tolerance": tol,
            "source": _cell(r, "source")}


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
