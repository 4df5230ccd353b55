"""Read Eurostat data files, as researchers download them, into one tidy long table.

Three formats are read: the bulk/API TSV (``freq,unit,...,geo\\TIME_PERIOD`` or the older
``...geo\\time`` header, cells ``"<value> <flags>"``, ``:`` for missing), SDMX-CSV 1.0 and 2.0,
and JSON-stat 2.0. Every reader returns the same table: ``dataset``, one column per dimension
(codes, not labels), ``time`` (the period as written, e.g. ``2021``), ``value`` (float, NaN when
missing, never 0) and ``flags`` (Eurostat's observation flags, ``""`` when none), sorted by the
dimensions then time so that a file's column or row order does not matter.

pandas does the CSV layer (quoting, CRLF, gzip); the Eurostat conventions on top (the composite
first column, ``value flags`` cells, flag letters) and the JSON-stat flat index are decoded here
because no maintained library keeps the flags: pyjstat drops ``status``, and sdmx1 reads
SDMX-ML/JSON messages rather than these download files.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError

#: Eurostat observation flags (https://ec.europa.eu/eurostat/data/database/information).
FLAGS: dict[str, str] = {
    "b": "break in time series", "c": "confidential", "d": "definition differs",
    "e": "estimated", "f": "forecast", "n": "not significant", "p": "provisional",
    "r": "revised", "s": "Eurostat estimate", "u": "low reliability", "z": "not applicable",
}
TIME_LABELS = ("TIME_PERIOD", "time")
#: SDMX-CSV columns that are not dimensions.
SDMX_NON_DIMENSIONS = frozenset({
    "DATAFLOW", "LAST UPDATE", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION",
    "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS", "OBS_STATUS",
})
FORMATS = ("tsv", "sdmx-csv", "json-stat")


class EurostatFormatError(TremplinError):
    """A Eurostat file that cannot be read as it stands (names the file and line)."""


def _where(path: Path, line: int | None) -> str:
    return f"{path}" if line is None else f"{path} line {line}"



def _read_csv(path: Path, text: str, **kw) -> pd.DataFrame:
    """All cells as text; the python engine tells a short row (NaN) from empty cells ("")."""
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                           skip_blank_lines=False, engine="python", **kw)
    except pd.errors.ParserError as e:
        m = re.search(r"line (\d+)", str(e))
        line = int(m.group(1)) if m else None
        raise EurostatFormatError(f"{_where(path, line)}: more cells than the header "
                                  f"({e})".replace("\n", " ")) from None
    except pd.errors.EmptyDataError:
        raise EurostatFormatError(f"{path}: empty file") from None

def _flags(text: str, path: Path, line: int | None) -> str:
    text = text.strip()
    bad = sorted({c for c in text if c not in FLAGS})
    if bad:
        raise EurostatFormatError(
            f"{_where(path, line)}: unknown flag {''.join(bad)!r} in {text!r}; Eurostat flags "
            f"are {', '.join(FLAGS)}")
    return text


def parse_cell(cell: str, path: Path = Path("<cell>"), line: int | None = None
               ) -> tuple[float, str]:
    """A TSV cell ``"43.3 b"`` -> (43.3, "b"); ``": u"`` -> (nan, "u"); ``":"`` -> (nan, "")."""
    text = cell.strip()
    number, _, flags = text.partition(" ")
    if number == ":" or number == "":
        if number == "" and not flags:
            raise EurostatFormatError(f"{_where(path, line)}: empty cell; expected "
                                      "'<value> <flags>' or ':' for missing")
        return float("nan"), _flags(flags, path, line)
    try:
        value = float(number)
    except ValueError:
        # flags may be glued to the number in some extracts ("43.3b")
        m = re.fullmatch(r"(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)([a-z]+)", number)
        if not m:
            raise EurostatFormatError(f"{_where(path, line)}: cell {cell!r} is not "
                                      "'<number> <flags>' or ':'") from None
        value, flags = float(m.group(1)), m.group(2) + flags
    return value, _flags(flags, path, line)


def _open_text(path: Path) -> str:
    """The file's text, gunzipped when it starts with the gzip magic bytes."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise EurostatFormatError(f"{path}: cannot read ({e.strerror})") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise EurostatFormatError(f"{path}: broken gzip data ({e})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise EurostatFormatError(f"{path}: not UTF-8 text ({e})") from None


def dataset_code(path: Path) -> str:
    """``estat_lfsa_ergan_filtered.tsv.gz`` -> ``lfsa_ergan`` (Eurostat's download names)."""
    name = path.name.lower()
    for ext in (".gz", ".tsv", ".csv", ".json", ".txt"):
        name = name.removesuffix(ext)
    name = name.removeprefix("estat_")
    return re.sub(r"_(filtered|sdmx\w*|jsonstat\w*|crlf|lf|desc\w*)$", "", name)


def _tidy(records: dict[str, list], dims: list[str], dataset: str) -> pd.DataFrame:
    df = pd.DataFrame(records)
    df.insert(0, "dataset", dataset)
    df["value"] = df["value"].astype(float)
    df = df[["dataset", *dims, "time", "value", "flags"]]
    return df.sort_values([*dims, "time"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------- TSV
def read_tsv(path: Path, text: str | None = None, dataset: str | None = None) -> pd.DataFrame:
    """Eurostat's TSV: one series per line, ``dim1,dim2,...\\TIME`` then one cell per period."""
    path = Path(path)
    text = _open_text(path) if text is None else text
    raw = _read_csv(path, text, sep="\t", header=None, quoting=3)
    header = [str(h).strip() for h in raw.iloc[0]]
    first = header[0]
    dims_text, sep, time_label = first.partition("\\")
    if not sep or time_label not in TIME_LABELS or not dims_text:
        raise EurostatFormatError(
            f"{_where(path, 1)}: first header cell {first!r} is not Eurostat TSV; expected "
            "'dim1,dim2,...,geo\\TIME_PERIOD' (or the older '...\\time')")
    dims = dims_text.split(",")
    periods = header[1:]
    if not periods or any(not p for p in periods):
        raise EurostatFormatError(f"{_where(path, 1)}: header has an empty time period")
    records: dict[str, list] = {d: [] for d in dims} | {"time": [], "value": [], "flags": []}
    for i in range(1, len(raw)):
        row = raw.iloc[i].tolist()
        line = i + 1
        if all(pd.isna(c) or c == "" for c in row):
            continue  # blank line (e.g. the final newline)
        if any(pd.isna(c) for c in row):
            n = sum(not pd.isna(c) for c in row)
            raise EurostatFormatError(f"{_where(path, line)}: truncated line: {n} cells, the "
                                      f"header has {len(header)}")
        codes = row[0].strip().split(",")
        if len(codes) != len(dims):
            raise EurostatFormatError(f"{_where(path, line)}: {len(codes)} codes "
                                      f"{row[0].strip()!r} for {len(dims)} dimensions "
                                      f"{dims_text!r}")
        for period, cell in zip(periods, row[1:], strict=True):
            value, flags = parse_cell(cell, path, line)
            for d, c in zip(dims, codes, strict=True):
                records[d].append(c)
            records["time"].append(period)
            records["value"].append(value)
            records["flags"].append(flags)
    return _tidy(records, dims, dataset or dataset_code(path))


# ----------------------------------------------------------------------------- SDMX-CSV
def _sdmx_dataset(cell: str) -> str:
    """``ESTAT:LFSA_ERGAN(1.0)`` or ``ESTAT:lfsa_ergan$defaultview(1.0)`` -> ``lfsa_ergan``."""
    code = cell.split(":", 1)[-1].split("(", 1)[0].split("$", 1)[0]
    return code.lower()


def read_sdmx_csv(path: Path, text: str | None = None, dataset: str | None = None
                  ) -> pd.DataFrame:
    """SDMX-CSV 1.0 (first column ``DATAFLOW``) or 2.0 (``STRUCTURE``, ``STRUCTURE_ID``)."""
    path = Path(path)
    text = _open_text(path) if text is None else text
    raw = _read_csv(path, text)
    cols = [c.strip() for c in raw.columns]
    raw.columns = cols
    version = "2.0" if cols[:1] == ["STRUCTURE"] else "1.0" if cols[:1] == ["DATAFLOW"] else None
    missing = [c for c in ("TIME_PERIOD", "OBS_VALUE") if c not in cols]
    if version is None or missing:
        raise EurostatFormatError(
            f"{_where(path, 1)}: header {','.join(cols[:4])},... is not SDMX-CSV; expected "
            "DATAFLOW (1.0) or STRUCTURE,STRUCTURE_ID (2.0) first and TIME_PERIOD, OBS_VALUE")
    dims = [c for c in cols if c not in SDMX_NON_DIMENSIONS]
    id_col = "STRUCTURE_ID" if version == "2.0" else "DATAFLOW"
    records: dict[str, list] = {d: [] for d in dims} | {"time": [], "value": [], "flags": []}
    has_flag = "OBS_FLAG" in cols
    names: set[str] = set()
    for i, row in enumerate(raw.itertuples(index=False, name=None)):
        line = i + 2
        rec = dict(zip(cols, row, strict=True))
        if all(pd.isna(v) or v == "" for v in rec.values()):
            continue
        if any(pd.isna(v) for v in rec.values()):
            n = sum(not pd.isna(v) for v in rec.values())
            raise EurostatFormatError(f"{_where(path, line)}: truncated line: {n} cells, the "
                                      f"header has {len(cols)}")
        names.add(_sdmx_dataset(rec[id_col]))
        for d in dims:
            records[d].append(rec[d].split(": ", 1)[0].strip())  # "BE: Belgium" with labels
        records["time"].append(rec["TIME_PERIOD"].strip())
        obs = rec["OBS_VALUE"].strip()
        if obs in ("", ":", "NaN"):
            value = float("nan")
        else:
            try:
                value = float(obs)
            except ValueError:
                raise EurostatFormatError(f"{_where(path, line)}: OBS_VALUE {obs!r} is not a "
                                          "number") from None
        records["value"].append(value)
        records["flags"].append(_flags(rec["OBS_FLAG"], path, line) if has_flag else "")
    code = dataset or (names.pop() if len(names) == 1 else dataset_code(path))
    return _tidy(records, dims, code)


# ----------------------------------------------------------------------------- JSON-stat
def read_json_stat(path: Path, text: str | None = None, dataset: str | None = None
                   ) -> pd.DataFrame:
    """JSON-stat 2.0 dataset: ``value``/``status`` as arrays or as objects keyed by the flat
    (row-major over ``id``/``size``) index; absent keys are missing observations."""
    path = Path(path)
    text = _open_text(path) if text is None else text
    try:
        js = json.loads(text)
    except json.JSONDecodeError as e:
        raise EurostatFormatError(f"{_where(path, e.lineno)}: not JSON ({e.msg})") from None
    if not isinstance(js, dict) or js.get("class") != "dataset" or "id" not in js:
        raise EurostatFormatError(f"{path}: not a JSON-stat 2.0 dataset (needs class "
                                  "'dataset', id, size, dimension, value)")
    try:
        ids, size, dimension = list(js["id"]), [int(s) for s in js["size"]], js["dimension"]
    except (KeyError, TypeError, ValueError) as e:
        raise EurostatFormatError(f"{path}: JSON-stat field {e} missing or malformed") from None
    if len(ids) != len(size):
        raise EurostatFormatError(f"{path}: JSON-stat id has {len(ids)} entries, size "
                                  f"{len(size)}")
    codes: list[list[str]] = []
    for d, n in zip(ids, size, strict=True):
        index = dimension.get(d, {}).get("category", {}).get("index")
        if isinstance(index, dict):
            ordered = sorted(index, key=index.__getitem__)
        elif isinstance(index, list):
            ordered = list(index)
        elif n == 1 and dimension.get(d, {}).get("category", {}).get("label"):
            ordered = list(dimension[d]["category"]["label"])
        else:
            raise EurostatFormatError(f"{path}: JSON-stat dimension {d!r} has no category "
                                      "index")
        if len(ordered) != n:
            raise EurostatFormatError(f"{path}: JSON-stat dimension {d!r} has {len(ordered)} "
                                      f"categories, size says {n}")
        codes.append(ordered)
    total = int(np.prod(size))

    def cells(field: str) -> dict[int, object]:
        obj = js.get(field)
        if obj is None:
            return {}
        if isinstance(obj, list):
            if field == "value" and len(obj) != total:
                raise EurostatFormatError(f"{path}: JSON-stat value has {len(obj)} entries, "
                                          f"the sizes give {total}")
            return {i: v for i, v in enumerate(obj) if v is not None}
        if isinstance(obj, dict):
            out = {}
            for k, v in obj.items():
                try:
                    i = int(k)
                except ValueError:
                    raise EurostatFormatError(f"{path}: JSON-stat {field} key {k!r} is not a "
                                              "flat index") from None
                if not 0 <= i < total:
                    raise EurostatFormatError(f"{path}: JSON-stat {field} index {i} outside "
                                              f"0..{total - 1}")
                out[i] = v
            return out
        if isinstance(obj, str) and field == "status":
            return dict.fromkeys(range(total), obj)
        raise EurostatFormatError(f"{path}: JSON-stat {field} must be an array or an object")

    values, status = cells("value"), cells("status")
    time_dim = next((d for d in ids if d.lower() in ("time", "time_period")), ids[-1])
    dims = [d for d in ids if d != time_dim]
    flat = np.arange(total)
    unravel = np.unravel_index(flat, size)
    records: dict[str, list] = {}
    for d, ordered, idx in zip(ids, codes, unravel, strict=True):
        records["time" if d == time_dim else d] = [ordered[k] for k in idx]
    vals = []
    for i in flat:
        v = values.get(int(i))
        if v is None or v == ":":
            vals.append(float("nan"))
            continue
        try:
            vals.append(float(v))
        except (TypeError, ValueError):
            raise EurostatFormatError(f"{path}: JSON-stat value {i} = {v!r} is not a "
                                      "number") from None
    records["value"] = vals
    records["flags"] = [_flags(str(status.get(int(i), "") or "").replace(":", ""), path, None)
                        for i in flat]
    ext = js.get("extension") or {}
    code = dataset or (str(ext["datasetId"]).lower() if ext.get("datasetId")
                       else dataset_code(path))
    return _tidy(records, dims, code)


# ----------------------------------------------------------------------------- any format
def sniff(text: str) -> str:
    """Which of FORMATS a file's text is in, from its first characters."""
    head = text.lstrip()[:400]
    if head.startswith("{"):
        return "json-stat"
    first = head.split("\n", 1)[0]
    if first.startswith(("DATAFLOW", "STRUCTURE", '"DATAFLOW"', '"STRUCTURE"')):
        return "sdmx-csv"
    return "tsv"


def read(path: str | Path, dataset: str | None = None) -> pd.DataFrame:
    """Any Eurostat download (TSV, SDMX-CSV 1.0/2.0, JSON-stat 2.0; gzip or plain) as the tidy
    table described in the module docstring."""
    path = Path(path)
    if not path.is_file():
        raise EurostatFormatError(f"{path}: no such file")
    text = _open_text(path)
    fmt = sniff(text)
    reader = {"tsv": read_tsv, "sdmx-csv": read_sdmx_csv, "json-stat": read_json_stat}[fmt]
    return reader(path, text=text, dataset=dataset)


def dimensions(table: pd.DataFrame) -> list[str]:
    """The dimension columns of a tidy table (everything but dataset, time, value, flags)."""
    return [c for c in table.columns if c not in ("dataset", "time", "value", "flags")]


def select(table: pd.DataFrame, where: dict[str, list[str]], source: str = "table"
           ) -> pd.DataFrame:
    """Rows whose dimensions (or ``time``) take one of the given codes; unknown dimensions or
    codes are named with what the file has."""
    dims = [*dimensions(table), "time"]
    out = table
    for dim, codes in where.items():
        if dim not in dims:
            raise EurostatFormatError(f"{source}: no dimension {dim!r}; the file has "
                                      f"{', '.join(dims)}")
        have = list(dict.fromkeys(table[dim]))
        unknown = [c for c in codes if c not in have]
        if unknown:
            shown = ", ".join(have[:40]) + (" ..." if len(have) > 40 else "")
            raise EurostatFormatError(f"{source}: {dim}={','.join(unknown)} is not in the "
                                      f"file; {dim} has {shown}")
        out = out[out[dim].isin(codes)]
    return out.reset_index(drop=True)


def parse_where(text: str | None) -> dict[str, list[str]]:
    """``"geo=BE,FR,sex=T"`` or ``"geo=BE+FR;sex=T"`` -> {"geo": ["BE", "FR"], "sex": ["T"]}:
    a bare code after a comma adds to the previous dimension."""
    out: dict[str, list[str]] = {}
    if not text:
        return out
    current = None
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            current, _, codes = part.partition("=")
            current = current.strip()
            if not current:
                raise EurostatFormatError(f"--where {text!r}: empty dimension name before '='")
            out.setdefault(current, []).extend(c for c in codes.split("+") if c)
        elif current is None:
            raise EurostatFormatError(f"--where {text!r}: expected dim=code[,code...][,dim=...]")
        else:
            out[current].extend(c for c in part.split("+") if c)
    return out
