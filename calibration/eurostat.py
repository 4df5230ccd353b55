"""Read Eurostat data files, as researchers download them, into one tidy long table.

Three formats are read: the bulk/API TSV (``freq,unit,...,geo\\TIME_PERIOD`` or the older
``...geo\\time`` header, cells ``"<value> <flags>"``), SDMX-CSV 1.0 and 2.0, and JSON-stat 2.0.
Every reader returns the same table: ``dataset``, one column per dimension (codes, not labels),
``time`` (the period as written, e.g. ``2021``), ``value`` (float, NaN when missing, never 0)
and ``flags`` (Eurostat's observation flags, ``""`` when none), sorted by the dimensions then
time so that a file's column or row order does not matter.

The files come from outside, so anything that is not one of these formats as defined is refused
with one line (EurostatFormatError) naming the file, the line (or the JSON path) and what is
wrong; nothing is guessed:

- Missing values, per format. TSV: ``:`` with optional flags (``": u"``). SDMX-CSV: an empty
  ``OBS_VALUE`` (or SDMX's own marker, exactly ``NaN``) with the flags in ``OBS_FLAG``.
  JSON-stat: ``null`` or an absent key in ``value``, flags in ``status`` (``":"`` there means
  "not available" and is dropped). Nothing else means missing: ``nan``, ``inf``, ``Infinity``
  and the JSON literals ``NaN``/``Infinity`` are refused, never read as missing or infinite.
- Numbers are plain decimals in ASCII digits (``-1.5``, ``2e3``); ``1_000``, Arabic or other
  non-ASCII digits, ``0x1A``, JSON ``true``/``false``, strings in JSON-stat ``value`` and values
  that overflow a float (``1e999``) are refused.
- Codes and periods are printable ASCII without spaces; each (dimensions, period) key appears
  once (duplicate periods, series, rows or categories are refused, as are duplicate JSON keys).
- Dimension names are unique and are not the table's own columns (dataset, time, value, flags,
  in any case).
- Bounds, checked before anything large is built: MAX_BYTES of text (gzip is decompressed in
  chunks and refused beyond it), MAX_OBSERVATIONS cells (for JSON-stat the product of ``size``),
  and JSON nesting up to MAX_JSON_DEPTH levels.

The CSV layer is the standard library's (quoting, CRLF) and the Eurostat conventions on top (the
composite first column, ``value flags`` cells, flag letters, the JSON-stat flat index) are
decoded here because no maintained library keeps the flags: pyjstat drops ``status``, and sdmx1
reads SDMX-ML/JSON messages rather than these download files.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import zlib
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
#: The tidy table's own columns: no dimension may take these names (compared in lower case).
RESERVED = ("dataset", "time", "value", "flags")
#: Largest text read, after decompression (the shipped extracts are 30-60 kB).
MAX_BYTES = 64 * 2**20
#: Most observations in one file (a full Eurostat table is a few million at most).
MAX_OBSERVATIONS = 10_000_000
#: Deepest JSON nesting read (JSON-stat needs 5 levels).
MAX_JSON_DEPTH = 64

_DECIMAL = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_NUMBER = _DECIMAL + r"(?:[eE][-+]?[0-9]+)?"  # SDMX and JSON numbers may carry an exponent
_CODE = re.compile(r"[!-~]+")  # printable ASCII, no space
_DIMENSION = re.compile(r"[A-Za-z][A-Za-z0-9_@$-]*")  # an SDMX id


class EurostatFormatError(TremplinError):
    """A Eurostat file that cannot be read as it stands (names the file and line)."""


def _where(path: Path | str, line: int | str | None = None) -> str:
    """``file line N`` or ``file at $.json.path``; a name with control characters is quoted so
    that the message stays one line."""
    name = str(path) if str(path).isprintable() else repr(str(path))
    if line is None:
        return name
    return f"{name} line {line}" if isinstance(line, int) else f"{name} at {line}"


def _show(text: str, limit: int = 60) -> str:
    """A piece of the file quoted for a message, cut so that the message stays readable."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}..."


def _flags(text: str, path: Path, line: int | str | None) -> str:
    text = text.strip()
    bad = sorted({c for c in text if c not in FLAGS})
    if bad:
        raise EurostatFormatError(
            f"{_where(path, line)}: unknown flag {_show(''.join(bad))} in {_show(text)}; "
            f"Eurostat flags are {', '.join(FLAGS)}")
    if len(set(text)) != len(text):
        raise EurostatFormatError(f"{_where(path, line)}: flags {_show(text)} repeat a letter; "
                                  "each flag is given once")
    return text


def _number(text: str, path: Path, line: int | str | None, what: str, missing: str,
            pattern: str = _NUMBER) -> float:
    """A finite float from an ASCII decimal (with an exponent where ``pattern`` allows one, as
    SDMX and JSON do; Eurostat's TSV writes plain decimals), or a one-line refusal saying what
    is allowed."""
    if not re.fullmatch(pattern, text):
        banned = "'_', inf or nan" if pattern == _NUMBER else "exponent, '_', inf or nan"
        raise EurostatFormatError(
            f"{_where(path, line)}: {what} {_show(text)} is not a number; expected a decimal in "
            f"ASCII digits (no {banned}) or {missing} for missing")
    value = float(text)
    if not math.isfinite(value):
        raise EurostatFormatError(f"{_where(path, line)}: {what} {_show(text)} is out of range")
    return value


def _code(text: str, path: Path, line: int | str | None, what: str) -> str:
    if not _CODE.fullmatch(text):
        raise EurostatFormatError(f"{_where(path, line)}: {what} {_show(text)} is empty or not "
                                  "printable ASCII without spaces")
    return text


def _dimension_names(names: list[str], path: Path, line: int | str | None) -> list[str]:
    """Dimension names that can be the tidy table's columns: unique, and none of RESERVED."""
    seen: set[str] = set()
    for name in names:
        if not _DIMENSION.fullmatch(name):
            raise EurostatFormatError(
                f"{_where(path, line)}: dimension name {_show(name)} is not an SDMX id (a letter, "
                "then letters, digits, '_', '@', '$' or '-')")
        if name.lower() in RESERVED:
            raise EurostatFormatError(
                f"{_where(path, line)}: dimension {_show(name)} has the name of a column of the "
                f"tidy table ({', '.join(RESERVED)}); rename it in the file")
        if name.lower() == "time_period":  # the periods are the time column already
            raise EurostatFormatError(f"{_where(path, line)}: a dimension named {_show(name)} "
                                      "besides the periods; the file has two time dimensions")
        if name in seen:
            raise EurostatFormatError(f"{_where(path, line)}: dimension {_show(name)} appears "
                                      "twice")
        seen.add(name)
    return names


def _repeat(items: list[str]) -> str | None:
    """The first item seen twice (a set, not a scan: headers may hold millions of cells)."""
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def _count(n: int, path: Path, line: int | str | None) -> None:
    if n > MAX_OBSERVATIONS:
        raise EurostatFormatError(f"{_where(path, line)}: more than {MAX_OBSERVATIONS:,} "
                                  "observations; split the download")


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
    # flags may be glued to the number in some extracts ("43.3b")
    glued = re.fullmatch(f"({_DECIMAL})([a-z]+)", number)
    if glued:
        number, flags = glued.group(1), glued.group(2) + flags
    return _number(number, path, line, "cell", "':'", _DECIMAL), _flags(flags, path, line)


def _read_limited(stream: io.BufferedIOBase, path: Path, what: str) -> bytes:
    """At most MAX_BYTES from the stream, read in chunks so that a bomb never fills memory."""
    chunks, total = [], 0
    while chunk := stream.read(2**20):
        total += len(chunk)
        if total > MAX_BYTES:
            raise EurostatFormatError(f"{_where(path)}: {what} larger than {MAX_BYTES // 2**20} "
                                      "MiB; split the download")
        chunks.append(chunk)
    return b"".join(chunks)


def _open_text(path: Path) -> str:
    """The file's text, gunzipped when it starts with the gzip magic bytes, within MAX_BYTES."""
    try:
        with path.open("rb") as f:
            if f.read(2) != b"\x1f\x8b":
                f.seek(0)
                raw = _read_limited(f, path, "file")
            else:
                f.seek(0)
                try:
                    with gzip.GzipFile(fileobj=f) as g:
                        raw = _read_limited(g, path, "decompressed data")
                except (OSError, EOFError, zlib.error) as e:
                    raise EurostatFormatError(f"{_where(path)}: broken gzip data "
                                              f"({str(e) or type(e).__name__})") from None
    except OSError as e:
        raise EurostatFormatError(f"{_where(path)}: cannot read ({e.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise EurostatFormatError(f"{_where(path, line)}: not UTF-8 text (byte "
                                  f"{raw[e.start]:#04x})") from None


def dataset_code(path: Path) -> str:
    """``estat_lfsa_ergan_filtered.tsv.gz`` -> ``lfsa_ergan`` (Eurostat's download names)."""
    name = path.name.lower()
    for ext in (".gz", ".tsv", ".csv", ".json", ".txt"):
        name = name.removesuffix(ext)
    name = name.removeprefix("estat_")
    return re.sub(r"_(filtered|sdmx\w*|jsonstat\w*|crlf|lf|desc\w*)$", "", name)


def _tidy(records: dict[str, list], dims: list[str], dataset: str, path: Path
          ) -> pd.DataFrame:
    if not len(records["value"]):
        raise EurostatFormatError(f"{_where(path)}: no observations")
    df = pd.DataFrame(records)
    df.insert(0, "dataset", dataset)
    df["value"] = df["value"].astype(float)
    df = df[["dataset", *dims, "time", "value", "flags"]]
    return df.sort_values([*dims, "time"], kind="stable").reset_index(drop=True)


def _cell_count(cells: list, header: int, path: Path, line: int) -> None:
    if len(cells) < header:
        raise EurostatFormatError(f"{_where(path, line)}: truncated line: {len(cells)} cells, "
                                  f"the header has {header}")
    if len(cells) > header:
        raise EurostatFormatError(f"{_where(path, line)}: more cells than the header "
                                  f"({len(cells)} cells, the header has {header})")


def _once(seen: dict[tuple, int], key: tuple, path: Path, line: int, what: str) -> None:
    """Refuse a second observation (or series) with the same key, naming the first line."""
    first = seen.setdefault(key, line)
    if first != line:
        raise EurostatFormatError(f"{_where(path, line)}: {what} {_show(','.join(key))} already on "
                                  f"line {first}")


# ----------------------------------------------------------------------------- TSV
def read_tsv(path: Path, text: str | None = None, dataset: str | None = None) -> pd.DataFrame:
    """Eurostat's TSV: one series per line, ``dim1,dim2,...\\TIME`` then one cell per period."""
    path = Path(path)
    text = _open_text(path) if text is None else text
    lines = [ln.removesuffix("\r") for ln in text.split("\n")]
    if not any(ln.strip() for ln in lines):
        raise EurostatFormatError(f"{_where(path)}: empty file (only blank lines)")
    header = [h.strip() for h in lines[0].split("\t")]
    first = header[0]
    dims_text, sep, time_label = first.partition("\\")
    if not sep or time_label not in TIME_LABELS or not dims_text:
        raise EurostatFormatError(
            f"{_where(path, 1)}: first header cell {_show(first)} is not Eurostat TSV; expected "
            "'dim1,dim2,...,geo\\TIME_PERIOD' (or the older '...\\time')")
    dims = _dimension_names(dims_text.split(","), path, 1)
    periods = header[1:]
    if not periods or any(not p for p in periods):
        raise EurostatFormatError(f"{_where(path, 1)}: header has an empty time period")
    for p in periods:
        _code(p, path, 1, "time period")
    if (p := _repeat(periods)) is not None:
        raise EurostatFormatError(f"{_where(path, 1)}: time period {_show(p)} appears twice")
    records: dict[str, list] = {d: [] for d in dims} | {"time": [], "value": [], "flags": []}
    series: dict[tuple, int] = {}
    for line, row in enumerate(lines[1:], start=2):
        if not row.strip():
            continue  # blank line (e.g. the final newline)
        cells = row.split("\t")
        _cell_count(cells, len(header), path, line)
        codes = cells[0].strip().split(",")
        if len(codes) != len(dims):
            raise EurostatFormatError(f"{_where(path, line)}: {len(codes)} codes "
                                      f"{_show(cells[0].strip())} for {len(dims)} dimensions "
                                      f"{_show(dims_text)}")
        for d, c in zip(dims, codes, strict=True):
            _code(c, path, line, f"{d} code")
        _once(series, tuple(codes), path, line, "series")
        _count(len(series) * len(periods), path, line)
        for period, cell in zip(periods, cells[1:], strict=True):
            value, flags = parse_cell(cell, path, line)
            for d, c in zip(dims, codes, strict=True):
                records[d].append(c)
            records["time"].append(period)
            records["value"].append(value)
            records["flags"].append(flags)
    return _tidy(records, dims, dataset or dataset_code(path), path)


# ----------------------------------------------------------------------------- SDMX-CSV
def _sdmx_dataset(cell: str) -> str:
    """``ESTAT:LFSA_ERGAN(1.0)`` or ``ESTAT:lfsa_ergan$defaultview(1.0)`` -> ``lfsa_ergan``."""
    code = cell.split(":", 1)[-1].split("(", 1)[0].split("$", 1)[0]
    return code.strip().lower()


def _sdmx_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of every row, by the standard csv module (strict quoting)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as e:
        raise EurostatFormatError(f"{_where(path, reader.line_num)}: bad CSV ({e})") from None
    return rows


def _sdmx_header(path: Path, cells: list[str]) -> tuple[list[str], str]:
    """The stripped column names and the column holding the dataflow id."""
    cols = [c.strip() for c in cells]
    id_col = ("STRUCTURE_ID" if cols[:1] == ["STRUCTURE"] else
              "DATAFLOW" if cols[:1] == ["DATAFLOW"] else None)
    missing = [c for c in (id_col or "DATAFLOW", "TIME_PERIOD", "OBS_VALUE") if c not in cols]
    if id_col is None or missing:
        raise EurostatFormatError(
            f"{_where(path, 1)}: header {_show(','.join(cols[:4]))},... is not SDMX-CSV; expected "
            "DATAFLOW (1.0) or STRUCTURE,STRUCTURE_ID (2.0) first and TIME_PERIOD, OBS_VALUE"
            + (f" (no {', '.join(missing)})" if missing else ""))
    if (c := _repeat(cols)) is not None:
        raise EurostatFormatError(f"{_where(path, 1)}: column {_show(c)} appears twice")
    _dimension_names([c for c in cols if c not in SDMX_NON_DIMENSIONS], path, 1)
    return cols, id_col


def read_sdmx_csv(path: Path, text: str | None = None, dataset: str | None = None
                  ) -> pd.DataFrame:
    """SDMX-CSV 1.0 (first column ``DATAFLOW``) or 2.0 (``STRUCTURE``, ``STRUCTURE_ID``)."""
    path = Path(path)
    text = _open_text(path) if text is None else text
    rows = _sdmx_rows(path, text)
    if not rows:
        raise EurostatFormatError(f"{_where(path)}: empty file")
    cols, id_col = _sdmx_header(path, rows[0][1])
    dims = [c for c in cols if c not in SDMX_NON_DIMENSIONS]
    records: dict[str, list] = {d: [] for d in dims} | {"time": [], "value": [], "flags": []}
    has_flag = "OBS_FLAG" in cols
    names: set[str] = set()
    keys: dict[tuple, int] = {}
    for line, cells in rows[1:]:
        if all(not c.strip() for c in cells):
            continue
        _cell_count(cells, len(cols), path, line)
        rec = dict(zip(cols, cells, strict=True))
        if name := _sdmx_dataset(rec[id_col]):
            names.add(_code(name, path, line, f"{id_col} dataset code"))
        codes = [_code(rec[d].split(": ", 1)[0].strip(), path, line, f"{d} code")
                 for d in dims]  # "BE: Belgium" with labels
        period = _code(rec["TIME_PERIOD"].strip(), path, line, "TIME_PERIOD")
        _once(keys, (*codes, period), path, line, "observation")
        _count(len(keys), path, line)
        for d, c in zip(dims, codes, strict=True):
            records[d].append(c)
        records["time"].append(period)
        obs = rec["OBS_VALUE"]  # not stripped: only an empty cell (or NaN) is missing
        records["value"].append(float("nan") if obs in ("", "NaN") else
                                _number(obs, path, line, "OBS_VALUE", "an empty cell"))
        records["flags"].append(_flags(rec["OBS_FLAG"], path, line) if has_flag else "")
    named = names.pop() if len(names) == 1 else None
    return _tidy(records, dims, dataset or named or dataset_code(path), path)


# ----------------------------------------------------------------------------- JSON-stat
class _Object(dict):
    """A JSON object that remembers the first key it saw twice (json keeps the last one)."""

    duplicate: str | None = None


def _object(pairs: list[tuple[str, object]]) -> _Object:
    obj = _Object()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


class _Literal(str):
    """``NaN``, ``Infinity`` or ``-Infinity``: accepted by Python's json, not by JSON."""


def _jpath(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if re.fullmatch(r"[A-Za-z_]\w*", key, re.ASCII) else \
        f"{parent}[{_show(key)}]"


def _kind(value: object) -> str:
    """The JSON type of a parsed value, for messages."""
    if isinstance(value, _Literal):
        return f"the non-JSON literal {value}"
    for kind, types in (("null", type(None)), ("boolean", bool), ("integer", int),
                        ("number", float), ("string", str), ("array", list),
                        ("object", dict)):
        if isinstance(value, types):
            return kind
    return type(value).__name__


def _load_json(path: Path, text: str) -> object:
    """Parsed JSON; NaN/Infinity literals, duplicate keys and deep nesting are refused by
    _check_tree, with their JSON path."""
    try:
        js = json.loads(text, object_pairs_hook=_object, parse_constant=_Literal)
    except json.JSONDecodeError as e:
        raise EurostatFormatError(f"{_where(path, e.lineno)}: not JSON ({e.msg})") from None
    except RecursionError:
        raise EurostatFormatError(f"{_where(path)}: JSON nested deeper than {MAX_JSON_DEPTH} "
                                  "levels") from None
    except ValueError as e:  # an integer of more than 4300 digits
        raise EurostatFormatError(f"{_where(path)}: JSON number too long "
                                  f"({str(e).split(';')[0]})") from None
    _check_tree(js, path)
    return js


def _check_tree(js: object, path: Path) -> None:
    """Refuse nesting beyond MAX_JSON_DEPTH, duplicate keys and NaN/Infinity anywhere."""
    stack: list[tuple[object, str, int]] = [(js, "$", 1)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise EurostatFormatError(f"{_where(path, where)}: JSON nested deeper than "
                                      f"{MAX_JSON_DEPTH} levels")
        if isinstance(node, _Object) and node.duplicate is not None:
            raise EurostatFormatError(f"{_where(path, where)}: key {_show(node.duplicate)} appears "
                                      "twice")
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, _jpath(where, key), depth + 1))
            elif isinstance(child, _Literal):
                raise EurostatFormatError(f"{_where(path, _jpath(where, key))}: {child} is not "
                                          "JSON (non-finite numbers are refused)")
    if isinstance(js, _Literal):
        raise EurostatFormatError(f"{_where(path, '$')}: {js} is not JSON")


def _typed(value: object, kind: str, path: Path, where: str) -> object:
    """``value`` if it has the JSON type ``kind``, else a one-line refusal at ``where``."""
    ok = {"object": isinstance(value, dict), "array": isinstance(value, list),
          "string": isinstance(value, str) and not isinstance(value, _Literal),
          "integer": isinstance(value, int) and not isinstance(value, bool)}[kind]
    if not ok:
        raise EurostatFormatError(f"{_where(path, where)}: expected {kind}, found "
                                  f"{_kind(value)}")
    return value


def _member(obj: dict, key: str, kind: str, path: Path, where: str) -> object:
    if key not in obj:
        raise EurostatFormatError(f"{_where(path, _jpath(where, key))}: missing (a JSON-stat "
                                  "2.0 dataset has class, id, size, dimension, value)")
    return _typed(obj[key], kind, path, _jpath(where, key))


def _sizes(js: dict, ids: list, path: Path) -> list[int]:
    """``size``, one positive integer per ``id``, bounded by MAX_OBSERVATIONS before anything
    of that size is allocated."""
    size = _member(js, "size", "array", path, "$")
    if len(size) != len(ids):
        raise EurostatFormatError(f"{_where(path, '$.size')}: {len(size)} entries, id has "
                                  f"{len(ids)}")
    total = 1
    for i, n in enumerate(size):
        if _typed(n, "integer", path, f"$.size[{i}]") < 1:
            raise EurostatFormatError(f"{_where(path, f'$.size[{i}]')}: {n} is not a positive "
                                      "integer")
        total *= n
        if total > MAX_OBSERVATIONS:
            raise EurostatFormatError(f"{_where(path, '$.size')}: the sizes multiply to more "
                                      f"than {MAX_OBSERVATIONS:,} cells; split the download")
    return size


def _categories(dimension: dict, d: str, n: int, path: Path) -> list[str]:
    """The category codes of dimension ``d`` in storage order (``index`` as an array, or as
    an object of positions; a one-category dimension may give only a ``label``)."""
    dim = _member(dimension, d, "object", path, "$.dimension")
    where = _jpath(_jpath("$.dimension", d), "category")
    cat = _member(dim, "category", "object", path, _jpath("$.dimension", d))
    index = cat.get("index")
    if isinstance(index, list):
        ordered = [_typed(c, "string", path, f"{where}.index[{i}]") for i, c in enumerate(index)]
    elif isinstance(index, dict):
        where_index = f"{where}.index"
        positions = {c: _typed(k, "integer", path, _jpath(where_index, c))
                     for c, k in index.items()}
        if sorted(positions.values()) != list(range(len(positions))):
            raise EurostatFormatError(f"{_where(path, where_index)}: positions must be "
                                      f"0..{len(positions) - 1}, each once")
        ordered = sorted(positions, key=positions.__getitem__)
    elif index is None and n == 1 and isinstance(cat.get("label"), dict):
        ordered = list(cat["label"])
    else:
        raise EurostatFormatError(f"{_where(path, where)}: no index (array or object); only a "
                                  "one-category dimension may give just a label")
    if len(ordered) != n:
        raise EurostatFormatError(f"{_where(path, where)}: {len(ordered)} categories, size "
                                  f"says {n}")
    for i, c in enumerate(ordered):
        _code(c, path, f"{where}.index[{i}]", f"{d} code")
    if (c := _repeat(ordered)) is not None:
        raise EurostatFormatError(f"{_where(path, where)}: category {_show(c)} appears twice")
    return ordered


def _entries(js: dict, field: str, total: int, path: Path):
    """(flat index, key for messages, entry) of ``value`` or ``status`` given as an array of
    ``total`` entries or as an object keyed by the flat index; a status array of one entry or a
    status string applies to every cell."""
    obj = js.get(field)
    if obj is None:
        return
    if field == "status" and (isinstance(obj, str) or (isinstance(obj, list) and len(obj) == 1)):
        entry = obj if isinstance(obj, str) else obj[0]
        yield from ((i, 0, entry) for i in range(total))
    elif isinstance(obj, list):
        if len(obj) != total:
            raise EurostatFormatError(f"{_where(path, '$.' + field)}: {len(obj)} entries, the "
                                      f"sizes give {total}")
        yield from ((i, i, v) for i, v in enumerate(obj))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if not re.fullmatch(r"0|[1-9][0-9]*", k) or int(k) >= total:
                raise EurostatFormatError(f"{_where(path, _jpath('$.' + field, k))}: key is not "
                                          f"a flat index 0..{total - 1} in ASCII digits")
            yield int(k), k, v
    else:
        raise EurostatFormatError(f"{_where(path, '$.' + field)}: expected array or object, "
                                  f"found {_kind(obj)}")


def _json_value(v: object, path: Path, where: str) -> float:
    if v is None:
        return math.nan
    if isinstance(v, bool) or not isinstance(v, (int, float)) or isinstance(v, _Literal):
        raise EurostatFormatError(f"{_where(path, where)}: expected a number or null (missing), "
                                  f"found {_kind(v)} {_show(str(v)[:40])}")
    try:
        value = float(v)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise EurostatFormatError(f"{_where(path, where)}: number out of range")
    return value


def _json_flags(v: object, path: Path, where: str) -> str:
    if v is None:
        return ""
    return _flags(_typed(v, "string", path, where).replace(":", ""), path, where)


def _json_dataset(js: dict, path: Path) -> str | None:
    if "extension" not in js:
        return None
    ext = _typed(js["extension"], "object", path, "$.extension")
    if "datasetId" not in ext:
        return None
    code = _typed(ext["datasetId"], "string", path, "$.extension.datasetId")
    return _code(code, path, "$.extension.datasetId", "dataset id").lower()


def read_json_stat(path: Path, text: str | None = None, dataset: str | None = None
                   ) -> pd.DataFrame:
    """JSON-stat 2.0 dataset: ``value``/``status`` as arrays or as objects keyed by the flat
    (row-major over ``id``/``size``) index; absent keys are missing observations."""
    path = Path(path)
    js = _load_json(path, _open_text(path) if text is None else text)
    if not isinstance(js, dict) or js.get("class") != "dataset":
        raise EurostatFormatError(f"{_where(path, '$')}: not a JSON-stat 2.0 dataset (needs "
                                  "class 'dataset', id, size, dimension, value)")
    if js.get("version", "2.0") != "2.0":
        raise EurostatFormatError(f"{_where(path, '$.version')}: {_show(str(js['version']))}; "
                                  "only JSON-stat 2.0 is read")
    ids = _member(js, "id", "array", path, "$")
    for i, d in enumerate(ids):
        _typed(d, "string", path, f"$.id[{i}]")
    if not ids:
        raise EurostatFormatError(f"{_where(path, '$.id')}: no dimensions")
    time_dim = next((d for d in ids if d.lower() in ("time", "time_period")), None)
    dims = _dimension_names([d for d in ids if d != time_dim], path, "$.id")
    size = _sizes(js, ids, path)
    dimension = _member(js, "dimension", "object", path, "$")
    codes = [_categories(dimension, d, n, path) for d, n in zip(ids, size, strict=True)]
    if time_dim is None:  # Eurostat's JSON-stat always names it; guessing would mislabel
        raise EurostatFormatError(f"{_where(path, '$.id')}: no 'time' dimension (dimensions: "
                                  f"{_show(', '.join(ids))})")
    if "value" not in js:
        raise EurostatFormatError(f"{_where(path, '$.value')}: missing (null entries or absent "
                                  "keys in it are the missing observations)")
    total = math.prod(size)
    values = np.full(total, math.nan)
    for i, key, v in _entries(js, "value", total, path):
        values[i] = _json_value(v, path, _jpath("$.value", key))
    flags = np.full(total, "", dtype=object)
    for i, key, v in _entries(js, "status", total, path):
        flags[i] = _json_flags(v, path, _jpath("$.status", key))
    records: dict[str, list] = {}
    for d, ordered, k in zip(ids, codes, np.unravel_index(np.arange(total), size), strict=True):
        records["time" if d == time_dim else d] = np.asarray(ordered, dtype=object)[k].tolist()
    records["value"] = values.tolist()
    records["flags"] = flags.tolist()
    code = dataset or _json_dataset(js, path) or dataset_code(path)
    return _tidy(records, dims, code, path)


# ----------------------------------------------------------------------------- any format
def sniff(text: str) -> str:
    """Which of FORMATS a file's text is in, from its first characters."""
    head = text.lstrip()[:400]
    if head.startswith(("{", "[")):
        return "json-stat"
    first = head.split("\n", 1)[0]
    if first.startswith(("DATAFLOW", "STRUCTURE", '"DATAFLOW"', '"STRUCTURE"')):
        return "sdmx-csv"
    return "tsv"


def read(path: str | Path, dataset: str | None = None) -> pd.DataFrame:
    """Any Eurostat download (TSV, SDMX-CSV 1.0/2.0, JSON-stat 2.0; gzip or plain) as the tidy
    table described in the module docstring."""
    path = Path(path)
    if not path.exists():
        raise EurostatFormatError(f"{_where(path)}: no such file")
    if not path.is_file():
        raise EurostatFormatError(f"{_where(path)}: not a regular file")
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
    if text is None:
        return out
    current = None
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if not part:
            raise EurostatFormatError(f"--where {text!r}: an empty item; expected "
                                      "dim=code[,code...][,dim=...]")
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
    empty = [dim for dim, codes in out.items() if not codes]
    if empty:
        raise EurostatFormatError(f"--where {text!r}: no code given for {empty[0]!r}")
    return out
