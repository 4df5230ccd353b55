"""Hostile Eurostat files (TSV, gzip TSV, SDMX-CSV 1.0/2.0, JSON-stat 2.0) for the table.

Each case is a small valid file of one format with one damage from issue 16 applied: reserved
or duplicated dimension names, blank or ragged lines, corrupted or bomb gzip, a missing
``STRUCTURE_ID``, JSON-stat with the wrong shapes or a huge declared size, deep JSON, and cell
values that are not plain finite decimals (``inf``, ``1e999``, ``1_000``, Arabic digits,
``nan``, ``true``, duplicate periods). The undamaged files must be read; every damaged one must
be refused in one line naming the file (or, for values the format defines, flagged).
"""

from __future__ import annotations

import gzip
import json
import zlib
from functools import cache

from hypothesis import strategies as st

from .cases import Case

TSV = ("freq,unit,sex,geo\\TIME_PERIOD\t2019 \t2020 \n"
       "A,PC,T,BE\t64.5 \t64.7 b\nA,PC,T,FR\t66.0 \t: \n")
SDMX1 = ("DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
         "ESTAT:LFSA_ERGAN(1.0),18/09/25 11:00:00,A,PC,BE,2019,64.5,\n"
         "ESTAT:LFSA_ERGAN(1.0),18/09/25 11:00:00,A,PC,BE,2020,64.7,b\n")
SDMX2 = ("STRUCTURE,STRUCTURE_ID,ACTION,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
         "dataflow,ESTAT:LFSA_ERGAN(1.0),I,A,PC,BE,2019,64.5,\n"
         "dataflow,ESTAT:LFSA_ERGAN(1.0),I,A,PC,BE,2020,64.7,b\n")


def json_stat(**change) -> dict:
    """A two-cell JSON-stat 2.0 dataset, with top-level keys replaced by ``change``."""
    doc = {"version": "2.0", "class": "dataset", "id": ["geo", "time"], "size": [1, 2],
           "dimension": {"geo": {"category": {"index": {"BE": 0}}},
                         "time": {"category": {"index": {"2019": 0, "2020": 1}}}},
           "value": [64.5, 64.7], "status": {"1": "b"}}
    return doc | change


BAD_CELLS = ("inf", "1e999", "-inf", "1_000", "١٢", "nan", "NaN", "0x10", "64.5.1", "--1",
             "64,5", "1e5 b", "64.5 ?", " ", "+", "64.5 bbbbbbbbbbbbbbbbbbbbbb", "\x00")
RESERVED = ("time", "value", "flags", "dataset", "TIME_PERIOD", "geo\\time")


@cache
def bomb() -> bytes:
    """A gzip file of about 2 MB that inflates to 2 GB: one compressed 10 MB member of zeros,
    repeated (gzip members concatenate)."""
    member = gzip.compress(b"0" * 10_000_000, compresslevel=9)
    return member * 200


def deep_json(depth: int) -> str:
    """JSON nested ``depth`` arrays deep."""
    return "[" * depth + "]" * depth


def _tsv_damage(cell: str) -> dict[str, str]:
    return {
        "bad cell": TSV.replace("64.5 ", cell + " ", 1),
        "duplicate period": TSV.replace("2020 ", "2019 ", 1),
        "duplicate row": TSV + "A,PC,T,BE\t1 \t2 \n",
        "duplicate dimension": TSV.replace("freq,unit,sex,geo", "geo,unit,sex,geo"),
        "blank lines": "\n\n\n\n",
        "empty": "",
        "header only": TSV.splitlines()[0] + "\n",
        "ragged row": TSV + "A,PC\t1 \n",
        "no time header": TSV.replace("\\TIME_PERIOD", ""),
        "binary": "\x00\x01\x02\xff" * 10,
    }


@st.composite
def eurostat_cases(draw: st.DrawFn) -> Case:
    """A small Eurostat file, valid or damaged one way, read by ``tremplin eurostat``."""
    fmt = draw(st.sampled_from(["tsv", "tsv.gz", "sdmx1", "sdmx2", "json"]))
    damage = draw(st.sampled_from(["none", "cell", "structure", "structure", "name"]))
    cell = draw(st.sampled_from(BAD_CELLS))
    reserved = draw(st.sampled_from(RESERVED))
    label, content = _make(fmt, damage, cell, reserved, draw)
    name = {"tsv": "data.tsv", "tsv.gz": "data.tsv.gz", "sdmx1": "data.csv",
            "sdmx2": "data.csv", "json": "data.json"}[fmt]
    # SDMX writes a missing observation as NaN: a file may say so (read as missing)
    sdmx_missing = fmt.startswith("sdmx") and damage == "cell" and cell == "NaN"
    # JSON-stat may call its time dimension by SDMX's name for it
    sdmx_time = fmt == "json" and damage == "name" and reserved == "TIME_PERIOD"
    return Case("eurostat", f"{fmt}: {label}", {name: content}, ["eurostat", "{IN}/" + name],
                "either" if damage == "none" or sdmx_missing or sdmx_time else "refuse")


def _make(fmt: str, damage: str, cell: str, reserved: str, draw: st.DrawFn
          ) -> tuple[str, str | bytes]:
    """(label, file content) of one format and damage."""
    if fmt in ("tsv", "tsv.gz"):
        if damage == "none":
            text = TSV
            label = "valid"
        elif damage == "name":
            text, label = TSV.replace("sex", reserved, 1), f"dimension named {reserved!r}"
        else:
            options = _tsv_damage(cell)
            key = "bad cell" if damage == "cell" else draw(st.sampled_from(sorted(options)))
            text, label = options[key], key + (f" {cell!r}" if key == "bad cell" else "")
        if fmt == "tsv":
            return label, text
        gz = gzip.compress(text.encode())
        if damage == "structure" and draw(st.booleans()):
            what = draw(st.sampled_from(["corrupt gzip", "truncated gzip", "gzip bomb",
                                         "zlib not gzip"]))
            gz = {"corrupt gzip": gz[:10] + b"\xff" * 8 + gz[18:],
                  "truncated gzip": gz[: len(gz) // 2], "gzip bomb": None,
                  "zlib not gzip": zlib.compress(text.encode())}[what] or bomb()
            label = what
        return label, gz
    if fmt in ("sdmx1", "sdmx2"):
        base = SDMX1 if fmt == "sdmx1" else SDMX2
        if damage == "none":
            return "valid", base
        if damage == "cell":
            return f"OBS_VALUE {cell!r}", base.replace(",64.5,", f",{cell},", 1)
        if damage == "name":
            return f"dimension named {reserved!r}", base.replace(",unit,", f",{reserved},", 1)
        options = {
            "no STRUCTURE_ID": base.replace("STRUCTURE_ID", "X").replace("DATAFLOW", "X"),
            "no OBS_VALUE": base.replace("OBS_VALUE", "OBS"),
            "duplicate column": base.replace(",unit,", ",geo,", 1),
            "duplicate period": base.replace(",2020,", ",2019,"),
            "ragged": base + "a,b\n",
            "quotes": base.replace("64.5", '"64.5', 1),
            "blank lines": "\n" * 5,
        }
        key = draw(st.sampled_from(sorted(options)))
        return key, options[key]
    return _json_case(damage, cell, reserved, draw)


def _json_case(damage: str, cell: str, reserved: str, draw: st.DrawFn) -> tuple[str, str]:
    """(label, JSON-stat text) of one damage."""
    if damage == "none":
        return "valid", json.dumps(json_stat())
    if damage == "cell":
        value: object = {"inf": "Infinity", "nan": "NaN"}.get(cell)
        text = json.dumps(json_stat(value=[cell, 64.7]))
        if value is not None and draw(st.booleans()):
            text = json.dumps(json_stat(value=[1.0, 64.7])).replace("1.0", value, 1)
        choice = draw(st.sampled_from(["string", "true", "1e999"]))
        if choice == "true":
            return "value true", json.dumps(json_stat(value=[True, 64.7]))
        if choice == "1e999":
            return "value 1e999", json.dumps(json_stat(value=[1.0, 64.7])).replace("1.0",
                                                                                   "1e999", 1)
        return f"value {cell!r}", text
    if damage == "name":
        dims = {"geo": {"category": {"index": {"BE": 0}}},
                reserved: {"category": {"index": {"2019": 0, "2020": 1}}}}
        return f"dimension named {reserved!r}", json.dumps(
            json_stat(id=["geo", reserved], dimension=dims))
    options = {
        "dimension a list": json_stat(dimension=[1, 2]),
        "category a list": json_stat(dimension={"geo": {"category": []},
                                                "time": {"category": {"index": ["2019"]}}}),
        "size mismatch": json_stat(size=[2, 2]),
        "size 10^10 cells": json_stat(size=[100000, 100000], value={"0": 1.0},
                                      dimension={"geo": {"category": {"index": {
                                          f"G{i}": i for i in range(3)}}},
                                          "time": {"category": {"index": {"2019": 0}}}}),
        "negative size": json_stat(size=[-1, 2]),
        "id duplicated": json_stat(id=["geo", "geo"]),
        "status a number": json_stat(status=5),
        "value a string": json_stat(value="64.5"),
        "not an object": [1, 2],
        "class collection": json_stat(**{"class": "collection"}),
        "version 1.0": json_stat(version=1.0),
    }
    key = draw(st.sampled_from([*sorted(options), "deep JSON", "truncated", "blank"]))
    if key == "deep JSON":
        return key, deep_json(100_000)
    if key == "truncated":
        return key, json.dumps(json_stat())[:50]
    if key == "blank":
        return key, "   \n"
    return key, json.dumps(options[key])
