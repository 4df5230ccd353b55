"""Hostile Eurostat files: each is read into a valid tidy table or refused with one line.

A seeded generator writes well over 200 distinct files by family: every malformation listed in
issue 16 (reserved or duplicated dimension names, blank files, broken gzip and gzip bombs, SDMX
headers, JSON-stat shapes, depth and declared sizes, non-finite and non-ASCII numbers, duplicate
keys, bad flags and encodings) and random mutations of the format fixtures (truncation, byte
flips, duplicated, deleted or swapped lines, swapped header cells, hostile number tokens). Each
goes through ``tremplin eurostat FILE``: exit 0 with a valid table, or exit 2 with one line that
names the file; any other exception fails the test. A case whose ``expect`` is set must be
refused, for that reason.

Run as a script to print the count table by family (each file read in a forked child under a
memory limit and a timeout, so that crashes, hangs and memory exhaustion are counted)::

    .venv/bin/python tests/test_eurostat_hostile.py [--mutations N]
"""

from __future__ import annotations

import argparse
import copy
import gzip
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from tremplin.calibration import eurostat
from tremplin.calibration.eurostat import EurostatFormatError

FIXTURES = Path(__file__).parent / "fixtures" / "eurostat"
SEED = 16
#: Random mutations per source file in CI (the script can ask for more).
MUTATIONS = 8

NOT_NUMBER = r"is not a number|out of range|expected a number"
RESERVED = r"has the name of a column"
TWICE = r"appears twice|already on line"


@dataclass(frozen=True)
class Case:
    family: str
    name: str
    data: bytes
    expect: str | None = None  # a regex the refusal must match; None: read or refused


# ----------------------------------------------------------------------------- small bases
TSV = ("freq,unit,geo\\TIME_PERIOD\t2020 \t2021 \n"
       "A,PC,BE\t43.3 b\t: u\n"
       "A,PC,FR\t54.9 bd\t55 \n")
SDMX1 = ("DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
         "ESTAT:LFSA_ERGAN(1.0),18/09/25 11:00:00,A,PC,BE,2020,43.3,b\n"
         "ESTAT:LFSA_ERGAN(1.0),18/09/25 11:00:00,A,PC,BE,2021,,u\n"
         "ESTAT:LFSA_ERGAN(1.0),18/09/25 11:00:00,A,PC,FR,2020,54.9,bd\n")
SDMX2 = ("STRUCTURE,STRUCTURE_ID,ACTION,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
         "dataflow,ESTAT:LFSA_ERGAN(1.0),I,A,PC,BE,2020,43.3,b,F\n"
         "dataflow,ESTAT:LFSA_ERGAN(1.0),I,A,PC,BE,2021,,u,F\n"
         "dataflow,ESTAT:LFSA_ERGAN(1.0),I,A,PC,FR,2020,54.9,bd,F\n")
JSON_STAT = {
    "version": "2.0", "class": "dataset", "id": ["freq", "geo", "time"], "size": [1, 2, 2],
    "dimension": {
        "freq": {"category": {"index": {"A": 0}, "label": {"A": "Annual"}}},
        "geo": {"category": {"index": {"BE": 0, "FR": 1}}},
        "time": {"category": {"index": ["2020", "2021"]}},
    },
    "value": {"0": 43.3, "2": 54.9, "3": 55},
    "status": {"0": "b", "1": "u", "2": "bd"},
    "extension": {"datasetId": "LFSA_ERGAN"},
}


def js(edit=None, text: str | None = None) -> bytes:
    """The JSON-stat base, changed in place by ``edit`` (or given as text)."""
    if text is not None:
        return text.encode()
    obj = copy.deepcopy(JSON_STAT)
    if edit:
        edit(obj)
    return json.dumps(obj).encode()


def _set(obj: dict, dotted: str, value) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        obj = obj[p]
    obj[last] = value


def jset(dotted: str, value) -> bytes:
    return js(lambda o: _set(o, dotted, value))


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# ----------------------------------------------------------------------------- families
def reserved_and_duplicated() -> list[Case]:
    cases = []
    for name in ("dataset", "time", "value", "flags", "TIME", "Value"):
        cases += [
            Case("reserved-dimension", f"tsv-{name}.tsv",
                 TSV.replace("unit,", f"{name},", 1).encode(), RESERVED),
            Case("reserved-dimension", f"sdmx1-{name}.csv",
                 SDMX1.replace(",unit,", f",{name},", 1).encode(), RESERVED),
            Case("reserved-dimension", f"sdmx2-{name}.csv",
                 SDMX2.replace(",unit,", f",{name},", 1).encode(), RESERVED + "|" + TWICE),
        ]
        if name.lower() != "time":  # a JSON-stat dimension named time is the time dimension
            cases.append(Case("reserved-dimension", f"json-{name}.json", js(
                lambda o, n=name: (o["id"].__setitem__(1, n),
                                   o["dimension"].__setitem__(n, o["dimension"].pop("geo")))),
                RESERVED))
    dup = "duplicate-dimension"
    return [
        *cases,
        Case(dup, "tsv-geo-geo.tsv", TSV.replace("unit,", "geo,", 1).encode(), TWICE),
        Case(dup, "sdmx1-geo-geo.csv", SDMX1.replace(",unit,", ",geo,", 1).encode(), TWICE),
        Case(dup, "sdmx2-geo-geo.csv", SDMX2.replace(",unit,", ",geo,", 1).encode(), TWICE),
        Case(dup, "sdmx2-obs-value-twice.csv",
             SDMX2.replace("OBS_FLAG,", "OBS_VALUE,", 1).encode(), TWICE),
        Case(dup, "json-id-twice.json", jset("id", ["geo", "geo", "time"]), TWICE),
        Case(dup, "json-two-time.json", js(lambda o: (o["id"].__setitem__(0, "TIME"), o[
            "dimension"].__setitem__("TIME", o["dimension"].pop("freq")))), RESERVED),
    ]


def blank_files() -> list[Case]:
    blank = r"empty|blank|first header cell|not SDMX-CSV|not JSON"
    texts = {"empty": b"", "newlines": b"\n" * 5, "crlf": b"\r\n" * 5, "spaces": b"  \t \n \n",
             "bom": b"\xef\xbb\xbf", "bom-newlines": b"\xef\xbb\xbf\n\n",
             "header-only.tsv": TSV.split("\n")[0].encode() + b"\n",
             "header-only-sdmx": SDMX1.split("\n")[0].encode() + b"\n",
             "blank-then-data": b"\n\n" + TSV.encode()}
    cases = [Case("blank", f"{k}.tsv", v, blank + "|no observations") for k, v in texts.items()]
    return [*cases, Case("blank", "empty.tsv.gz", gz(b""), blank),
            Case("blank", "newlines.tsv.gz", gz(b"\n\n\n"), blank)]


@cache
def bombs() -> tuple[bytes, bytes]:
    """One gzip member just over the limit, and a 4 MB file of ~60 such members (~4 GiB)."""
    member = gzip.compress(b"\0" * (64 * 2**20 + 1), compresslevel=9, mtime=0)
    return member, member * max(1, 4 * 2**20 // len(member))


def gzip_files() -> list[Case]:
    good = gz(TSV.encode())
    broken = r"broken gzip"
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF
    crc = bytearray(good)
    crc[-6] ^= 0x01
    one, many = bombs()
    return [
        Case("gzip", "flipped.tsv.gz", bytes(flipped), broken),
        Case("gzip", "truncated.tsv.gz", good[: len(good) // 2], broken),
        Case("gzip", "header-only.tsv.gz", good[:10], broken),
        Case("gzip", "magic-only.tsv.gz", b"\x1f\x8b", broken),
        Case("gzip", "bad-crc.tsv.gz", bytes(crc), broken),
        Case("gzip", "trailing-garbage.tsv.gz", good + b"garbage", broken),
        Case("gzip", "bomb-64mib.tsv.gz", one, "larger than 64 MiB"),
        Case("gzip", "bomb-4mb.tsv.gz", many, "larger than 64 MiB"),
        Case("gzip", "latin1.tsv.gz", gz(TSV.replace("BE", "B\xc9").encode("latin-1")),
             "not UTF-8"),
        Case("gzip", "two-members.tsv.gz", gz(TSV[:40].encode()) + gz(TSV[40:].encode())),
    ]


def sdmx_headers() -> list[Case]:
    head = r"not SDMX-CSV|column|bad CSV|dimension|more cells|truncated"
    drop = lambda text, col: "\n".join(  # noqa: E731 (drop one column everywhere)
        ",".join(c for i, c in enumerate(line.split(",")) if i != text.split(",").index(col))
        for line in text.split("\n")[:-1]) + "\n"
    return [
        Case("sdmx-header", "no-structure-id.csv", drop(SDMX2, "STRUCTURE_ID").encode(), head),
        Case("sdmx-header", "no-obs-value.csv", drop(SDMX1, "OBS_VALUE").encode(), head),
        Case("sdmx-header", "no-time-period.csv", drop(SDMX2, "TIME_PERIOD").encode(), head),
        Case("sdmx-header", "empty-column-name.csv", SDMX1.replace(",unit,", ",,").encode(),
             head),
        Case("sdmx-header", "spaced-column.csv", SDMX1.replace(",unit,", ",u nit,").encode(),
             head),
        Case("sdmx-header", "open-quote.csv", SDMX1.replace(",BE,", ',"BE,', 1).encode(), head),
        Case("sdmx-header", "quote-in-field.csv", SDMX1.replace(",BE,", ',B"E,', 1).encode()),
        Case("sdmx-header", "extra-cell.csv", SDMX1.replace(",b\n", ",b,x\n", 1).encode(),
             head),
        Case("sdmx-header", "short-row.csv", SDMX2.replace(",b,F\n", "\n", 1).encode(), head),
        Case("sdmx-header", "quoted-ok.csv", SDMX1.replace(",BE,", ',"BE",').encode()),
        Case("sdmx-header", "labels-ok.csv", SDMX2.replace(",BE,", ",BE: Belgium,").encode()),
    ]


def json_shapes() -> list[Case]:
    shape = r"expected|missing|not a JSON-stat|no index|entries|categories|positions|flat " \
            r"index|no dimensions|not a positive"
    edits = {
        "root-list": js(text="[1, 2]"), "root-string": js(text='"dataset"'),
        "dimension-list": jset("dimension", []), "dim-list": jset("dimension.geo", ["BE"]),
        "category-list": jset("dimension.geo.category", ["BE", "FR"]),
        "index-number": jset("dimension.geo.category.index", 3),
        "index-positions-str": jset("dimension.geo.category.index", {"BE": "0", "FR": "1"}),
        "index-positions-gap": jset("dimension.geo.category.index", {"BE": 0, "FR": 2}),
        "index-codes-numbers": jset("dimension.time.category.index", [2020, 2021]),
        "label-list": js(lambda o: (o["dimension"]["freq"]["category"].pop("index"),
                                    _set(o, "dimension.freq.category.label", ["A"]))),
        "extension-list": jset("extension", ["LFSA"]),
        "dataset-id-list": jset("extension.datasetId", ["LFSA"]),
        "id-object": jset("id", {"geo": 0}), "id-number": jset("id", [1, 2, 3]),
        "id-empty": js(lambda o: o.update(id=[], size=[])),
        "size-strings": jset("size", ["1", "2", "2"]), "size-floats": jset("size", [1, 2.0, 2]),
        "size-bool": jset("size", [True, 2, 2]), "size-zero": jset("size", [1, 0, 2]),
        "size-negative": jset("size", [1, -2, 2]), "size-short": jset("size", [2, 2]),
        "size-mismatch": jset("size", [1, 3, 2]), "no-class": js(lambda o: o.pop("class")),
        "no-value": js(lambda o: o.pop("value")), "no-dimension": js(lambda o: o.pop(
            "dimension")), "value-string": jset("value", "43"),
        "value-short-list": jset("value", [1, 2]), "value-key-negative": jset("value", {"-1": 1}),
        "value-key-out": jset("value", {"4": 1}), "value-key-spaced": jset("value", {" 1": 1}),
        "value-key-underscore": jset("value", {"1_0": 1}),
        "value-key-arabic": jset("value", {"\u0663": 1}),
        "value-key-leading-zero": jset("value", {"01": 1}),
        "status-number": jset("status", 5), "status-list-short": jset("status", ["b", "u"]),
        "status-entry-list": jset("status", {"0": ["b"]}),
    }
    cases = [Case("json-shape", f"{k}.json", v, shape) for k, v in edits.items()]
    return [*cases, Case("json-shape", "status-string-ok.json", jset("status", "p")),
            Case("json-shape", "dense-ok.json", jset("value", [43.3, None, 54.9, 55])),
            Case("json-shape", "label-only-ok.json", js(
                lambda o: o["dimension"]["freq"]["category"].pop("index")))]


def json_depth_and_size() -> list[Case]:
    deep = r"nested deeper"
    big = r"more than 10,000,000|too long|out of range"
    nest = lambda n: "[" * n + "]" * n  # noqa: E731
    return [
        Case("json-deep", "root-100k.json", js(text=nest(100_000)), deep),
        Case("json-deep", "extension-100k.json", js(text=json.dumps(JSON_STAT)[:-1] +
                                                    ', "x": ' + nest(100_000) + "}"), deep),
        Case("json-deep", "extension-65.json", js(text=json.dumps(JSON_STAT)[:-1] +
                                                  ', "x": ' + nest(64) + "}"), deep),
        Case("json-deep", "objects-2000.json", js(text='{"a":' * 2000 + "1" + "}" * 2000),
             deep),
        Case("json-deep", "extension-10-ok.json", js(text=json.dumps(JSON_STAT)[:-1] +
                                                     ', "x": ' + nest(10) + "}")),
        Case("json-size", "size-1e10.json", jset("size", [1, 100_000, 100_000]), big),
        Case("json-size", "ten-dims-of-10.json", js(lambda o: o.update(
            id=[f"d{i}" for i in range(10)], size=[10] * 10)), big),
        Case("json-size", "declared-1e10-consistent.json", js(lambda o: (
            o.update(id=["geo", "time"], size=[100_000, 100_000]),
            _set(o, "dimension.geo.category.index", [f"G{i}" for i in range(100_000)]),
            _set(o, "dimension.time.category.index", [f"{i}" for i in range(100_000)]))), big),
        Case("json-size", "size-1e7-plus-1.json", jset("size", [1, 10_000_001, 1]), big),
        Case("json-size", "size-10-pow-400.json", jset("size", [1, 10**400, 2]), big),
        Case("json-size", "value-10-pow-400.json", jset("value", {"0": 10**400}), big),
        Case("json-size", "int-5000-digits.json",
             js(text=json.dumps(JSON_STAT).replace("43.3", "9" * 5000)), big),
    ]


def large_headers() -> list[Case]:
    """Long headers and category lists with a repeat at the end: checked in linear time."""
    periods = "\t".join(str(1000 + i) for i in range(200_000))
    columns = ",".join(f"d{i}" for i in range(100_000))
    codes = [f"G{i}" for i in range(100_000)]
    return [
        Case("large", "tsv-200k-periods.tsv",
             f"geo\\TIME_PERIOD\t{periods}\t1000\n".encode(), TWICE),
        Case("large", "sdmx-100k-columns.csv",
             f"DATAFLOW,{columns},d7,TIME_PERIOD,OBS_VALUE\n".encode(), TWICE),
        Case("large", "json-100k-categories.json", js(lambda o: (
            o.update(id=["geo", "time"], size=[100_001, 1]),
            _set(o, "dimension.geo.category.index", [*codes, "G7"]),
            _set(o, "dimension.time.category.index", ["2020"]),
            o.update(value={}, status={}))), TWICE),
    ]


NUMBER_TOKENS = {"inf": "inf", "minus-inf": "-inf", "infinity": "Infinity", "nan": "nan",
                 "NaN-title": "Nan", "1e999": "1e999", "minus-1e999": "-1e999",
                 "underscore": "1_000", "arabic": "\u0664\u0663", "persian": "\u06f4\u06f3",
                 "fullwidth": "\uff14\uff13", "hex": "0x1A", "comma": "43,3", "two-dots": "4.3.3",
                 "plus-minus": "+-4", "e-only": "e5"}
VALID_NUMBERS = {"plus": "+5", "leading-dot": ".5", "trailing-dot": "5.", "exp": "1E3",
                 "minus-zero": "-0", "big-finite": "1e308"}


def numbers() -> list[Case]:
    cases = []
    for key, tok in {**NUMBER_TOKENS, **VALID_NUMBERS}.items():
        expect = NOT_NUMBER if key in NUMBER_TOKENS else None
        tsv_expect = expect if key != "comma" else r"more cells|is not a number"
        cases.append(Case("number", f"tsv-{key}.tsv",
                          TSV.replace("43.3 b", f"{tok} b").encode(), tsv_expect))
        sdmx_expect = expect if key != "comma" else r"more cells|is not a number"
        cases.append(Case("number", f"sdmx-{key}.csv",
                          SDMX1.replace(",43.3,", f",{tok},").encode(), sdmx_expect))
    cases.append(Case("number", "tsv-glued-ok.tsv", TSV.replace("43.3 b", "43.3b").encode()))
    cases.append(Case("number", "tsv-glued-inf.tsv",
                      TSV.replace("43.3 b", "1e999b").encode(), NOT_NUMBER))
    cases.append(Case("number", "sdmx-NaN-is-missing.csv",
                      SDMX1.replace(",43.3,", ",NaN,").encode()))
    base = json.dumps(JSON_STAT)
    for key, tok in {"NaN": "NaN", "Infinity": "Infinity", "minus-Infinity": "-Infinity",
                     "1e999": "1e999", "true": "true", "false": "false", "string": '"43"',
                     "arabic-string": '"\u0664\u0663"', "list": "[43]", "object": "{}"}.items():
        cases.append(Case("number", f"json-{key}.json", base.replace("43.3", tok).encode(),
                          NOT_NUMBER + "|is not JSON"))
    return cases


def duplicates() -> list[Case]:
    dup = "duplicate-key"
    lines = TSV.split("\n")
    sdmx = SDMX1.split("\n")
    return [
        Case(dup, "tsv-period-twice.tsv", TSV.replace("2021 ", "2020 ", 1).encode(), TWICE),
        Case(dup, "tsv-series-twice.tsv", "\n".join([*lines[:2], *lines[1:]]).encode(), TWICE),
        Case(dup, "tsv-series-twice-other-value.tsv", (TSV + lines[1].replace("43.3", "1")
                                                       ).encode(), TWICE),
        Case(dup, "sdmx1-row-twice.csv", "\n".join([*sdmx[:2], *sdmx[1:]]).encode(), TWICE),
        Case(dup, "sdmx2-key-twice.csv", (SDMX2 + SDMX2.split("\n")[1].replace("43.3", "9")
                                          ).encode(), TWICE),
        Case(dup, "sdmx-label-same-code.csv", (SDMX2 + SDMX2.split("\n")[1].replace(
            ",BE,", ",BE: Belgium,") + "\n").encode(), TWICE),
        Case(dup, "json-category-twice.json", jset("dimension.time.category.index",
                                                    ["2020", "2020"]), TWICE),
        Case(dup, "json-position-twice.json", jset("dimension.geo.category.index",
                                                    {"BE": 0, "FR": 0}), "positions"),
        Case(dup, "json-key-twice.json", js(text=json.dumps(JSON_STAT)[:-1] +
                                            ', "value": {"0": 1}}'), TWICE),
        Case(dup, "json-index-key-twice.json", js(text=json.dumps(JSON_STAT).replace(
            '{"BE": 0, "FR": 1}', '{"BE": 0, "BE": 1}')), TWICE),
    ]


def flags_and_encodings() -> list[Case]:
    flag, enc = r"unknown flag|expected string", r"not UTF-8|not printable|is not a number"
    return [
        Case("flags", "tsv-unknown.tsv", TSV.replace("43.3 b", "43.3 q").encode(), flag),
        Case("flags", "tsv-upper.tsv", TSV.replace("43.3 b", "43.3 B").encode(), flag),
        Case("flags", "tsv-non-ascii.tsv", TSV.replace("43.3 b", "43.3 \u00e9").encode(), flag),
        Case("flags", "sdmx-digit.csv", SDMX1.replace(",b\n", ",1\n", 1).encode(), flag),
        Case("flags", "json-unknown.json", jset("status", {"0": "q"}), flag),
        Case("flags", "json-number.json", jset("status", {"0": 1}), flag),
        Case("encoding", "latin1.tsv", TSV.replace("BE", "B\xc9").encode("latin-1"), enc),
        Case("encoding", "utf16.tsv", TSV.encode("utf-16"), enc),
        Case("encoding", "nul-in-code.tsv", TSV.replace("BE", "B\0E").encode(), enc),
        Case("encoding", "cesu-surrogate.tsv", TSV.encode().replace(b"BE", b"\xed\xa0\x80"),
             enc),
        Case("encoding", "control-in-code.csv", SDMX1.replace(",BE,", ",B\x1bE,").encode(), enc),
        Case("encoding", "non-ascii-code.json", jset("dimension.geo.category.index",
                                                     {"B\u00c9": 0, "FR": 1}), enc),
        Case("encoding", "space-in-period.tsv", TSV.replace("2021 ", "20 21").encode(), enc),
        Case("encoding", "empty-code.tsv", TSV.replace("A,PC,BE", "A,,BE").encode(), enc),
    ]


# ----------------------------------------------------------------------------- mutations
HOSTILE_TOKENS = ["inf", "nan", "1e999", "1_000", "\u0664\u0663", "true", "NaN", "-", "", ":",
                  "null", "[]", "{}", "\"x\"", "0x10"]


def _mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random damage to a file's bytes (text mutations keep the line ends)."""
    lines = data.split(b"\n")
    op = rng.choice(["truncate", "flip", "dup-line", "del-line", "swap-lines", "swap-header",
                     "drop-sep", "junk-line", "token"])
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines))
    if op == "truncate":
        return op, data[: rng.randrange(len(data))]
    if op == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            out[rng.randrange(len(out))] ^= rng.randint(1, 255)
        return op, bytes(out)
    if op == "dup-line":
        lines.insert(i, lines[i])
    elif op == "del-line":
        del lines[i]
    elif op == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "swap-header":
        sep = b"\t" if b"\t" in lines[0] else b","
        cells = lines[0].split(sep)
        a, b = rng.randrange(len(cells)), rng.randrange(len(cells))
        cells[a], cells[b] = cells[b], cells[a]
        lines[0] = sep.join(cells)
    elif op == "drop-sep":
        seps = [k for k, c in enumerate(data) if c in b"\t,:"]
        k = rng.choice(seps)
        return op, data[:k] + data[k + 1:]
    elif op == "junk-line":
        lines.insert(i, bytes(rng.randrange(32, 127) for _ in range(rng.randint(0, 30))))
    else:
        digits = [k for k, c in enumerate(data) if 48 <= c <= 57]
        k = rng.choice(digits)
        return op, data[:k] + rng.choice(HOSTILE_TOKENS).encode() + data[k + 1:]
    return op, b"\n".join(lines)


def mutations(n: int, seed: int = SEED) -> list[Case]:
    sources = {"base.tsv": TSV.encode(), "base_sdmx1.csv": SDMX1.encode(),
               "base_sdmx2.csv": SDMX2.encode(), "base.json": js()}
    for f in sorted(FIXTURES.iterdir()):  # text fixtures cut to 60 lines to keep CI fast
        if f.suffix in (".tsv", ".csv"):
            sources[f.name] = b"\n".join(f.read_bytes().split(b"\n")[:60])
        elif f.suffix in (".json", ".gz"):
            sources[f.name] = f.read_bytes()
    cases = []
    for src, data in sources.items():
        rng = random.Random(f"{seed}-{src}")
        for k in range(n):
            if src.endswith(".gz") and k % 2:  # damage the text inside, then recompress
                op, out = _mutate(gzip.decompress(data), rng)
                op, out = f"{op}-inside", gz(out)
            else:
                op, out = _mutate(data, rng)
            stem, _, suffix = src.partition(".")
            cases.append(Case("mutation", f"{stem}-{k:02d}-{op}.{suffix}", out))
    return cases


def hostile_cases(n_mutations: int = MUTATIONS) -> list[Case]:
    """Every generated case, distinct by content (a mutation that repeats a file is dropped)."""
    cases = (reserved_and_duplicated() + blank_files() + gzip_files() + sdmx_headers()
             + json_shapes() + json_depth_and_size() + large_headers() + numbers() + duplicates()
             + flags_and_encodings() + mutations(n_mutations))
    seen: set[str] = set()
    out = []
    for c in cases:
        digest = hashlib.sha256(c.data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(c)
    return out


# ----------------------------------------------------------------------------- checks
def check_table(table: pd.DataFrame) -> None:
    """What every table the reader returns must be: the documented tidy layout, one row per
    (dimensions, period), finite or missing values, known flags."""
    cols = list(table.columns)
    assert cols[0] == "dataset" and cols[-3:] == ["time", "value", "flags"], cols
    dims = cols[1:-3]
    assert len(set(dims)) == len(dims)
    assert not {d.lower() for d in dims} & {"dataset", "time", "value", "flags"}
    assert len(table) > 0
    assert table["value"].dtype == float
    assert not table["value"].isin([float("inf"), float("-inf")]).any()
    assert all(isinstance(f, str) and set(f) <= set(eurostat.FLAGS) for f in table["flags"])
    assert not table.duplicated([*dims, "time"]).any()
    assert all(isinstance(v, str) for v in table["dataset"])
    for c in [*dims, "time"]:
        assert all(isinstance(v, str) and v.isascii() and v.isprintable() and v
                   for v in table[c]), c


CASES = hostile_cases()


def test_the_generator_makes_at_least_200_distinct_files_in_every_family():
    families = Counter(c.family for c in CASES)
    assert len(CASES) >= 200 and len({c.name for c in CASES}) == len(CASES)
    assert set(families) == {"reserved-dimension", "duplicate-dimension", "blank", "gzip",
                             "sdmx-header", "json-shape", "json-deep", "json-size", "large",
                             "number",
                             "duplicate-key", "flags", "encoding", "mutation"}
    assert [c.name for c in hostile_cases()] == [c.name for c in CASES]  # seeded


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.family}/{c.name}")
def test_hostile_file_is_read_or_refused_in_one_line(case, tmp_path, cli):
    path = tmp_path / case.name
    path.write_bytes(case.data)
    result = cli("eurostat", path)
    if case.expect is not None:
        assert result.code == 2, f"accepted: {result.out[:200]}"
    if result.code == 0:
        check_table(eurostat.read(path))
        return
    assert result.code == 2 and len(result.err_lines) == 1 and result.out == "", result.err
    line = result.err_lines[0]
    assert line.startswith(f"tremplin: {path}") and "Traceback" not in line, line
    if case.expect is not None:
        assert pd.Series([line]).str.contains(case.expect).all(), line


def test_cli_in_a_fresh_process_prints_one_line_and_exits_2(tmp_path, tremplin_cmd):
    """The 4 MB gzip bomb (~4 GiB of text) from the real command line: refused in one line,
    memory bounded."""
    case = next(c for c in CASES if c.name == "bomb-4mb.tsv.gz")
    path = tmp_path / case.name
    path.write_bytes(case.data)
    run = subprocess.run([*tremplin_cmd, "eurostat", str(path)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2 and run.stdout == "", run.stderr
    assert run.stderr.splitlines() == [f"tremplin: {path}: decompressed data larger than 64 MiB; "
                                       "split the download"]


def test_limits_are_checked_before_allocation(tmp_path, monkeypatch):
    """The JSON-stat size check and the decompression limit use the stated constants."""
    monkeypatch.setattr(eurostat, "MAX_OBSERVATIONS", 3)
    path = tmp_path / "four.json"
    path.write_bytes(js())
    with pytest.raises(EurostatFormatError, match=r"at \$\.size: the sizes multiply to more "
                                                  r"than 3 cells"):
        eurostat.read(path)
    monkeypatch.setattr(eurostat, "MAX_BYTES", 100)
    path = tmp_path / "big.tsv.gz"
    path.write_bytes(gz(TSV.encode() * 2))
    with pytest.raises(EurostatFormatError, match=r"big\.tsv\.gz: decompressed data larger"):
        eurostat.read(path)


# ----------------------------------------------------------------------------- count table
OUTCOMES = ("refused", "read", "accepted-bad", "crashed", "hung", "memory")


def _child(path: Path, expect: str | None, out: int) -> None:
    """In a forked child: read the file and write its outcome to the pipe ``out``."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
    try:
        table = eurostat.read(path)
        try:
            check_table(table)
            outcome = "read" if expect is None else "accepted-bad"
        except AssertionError:
            outcome = "accepted-bad"
    except EurostatFormatError as e:
        outcome = "refused" if "\n" not in str(e) else "crashed"
    except MemoryError:
        outcome = "memory"
    except BaseException:  # counted, with the trace on stderr
        traceback.print_exc(limit=1)
        outcome = "crashed"
    os.write(out, outcome.encode())
    os._exit(0)


def outcome_of(path: Path, expect: str | None, timeout: float = 60) -> str:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(path, expect, write_end)
    os.close(write_end)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            answer = os.read(read_end, 64).decode()
            os.close(read_end)
            return answer or ("memory" if os.WIFSIGNALED(status) and
                              os.WTERMSIG(status) == signal.SIGKILL else "crashed")
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read_end)
    return "hung"


def count_table(cases: list[Case], folder: Path) -> dict[str, Counter]:
    table: dict[str, Counter] = {}
    for c in cases:
        path = folder / c.name
        path.write_bytes(c.data)
        table.setdefault(c.family, Counter())[outcome_of(path, c.expect)] += 1
        path.unlink()
    return table


def main(argv: list[str] | None = None) -> None:
    import tempfile

    ap = argparse.ArgumentParser(description="Count hostile Eurostat files by family/outcome.")
    ap.add_argument("--mutations", type=int, default=MUTATIONS,
                    help=f"random mutations per source file (default {MUTATIONS})")
    args = ap.parse_args(argv)
    cases = hostile_cases(args.mutations)
    warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
    with tempfile.TemporaryDirectory() as folder:
        table = count_table(cases, Path(folder))
    print(f"| family | files | {' | '.join(OUTCOMES)} |")
    print(f"|---|---:|{'---:|' * len(OUTCOMES)}")
    total: Counter = Counter()
    for family, counts in table.items():
        total += counts
        print(f"| {family} | {sum(counts.values())} | "
              f"{' | '.join(str(counts[o]) for o in OUTCOMES)} |")
    print(f"| **total** | {sum(total.values())} | "
          f"{' | '.join(str(total[o]) for o in OUTCOMES)} |")


if __name__ == "__main__":
    sys.exit(main())
