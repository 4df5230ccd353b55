"""Eurostat readers on the real extracts and on equivalent files in every format Eurostat serves.

The format fixtures in tests/fixtures/eurostat/ are derived from the real lfsa_ergan extract by
tests/fixtures/eurostat/make_fixtures.py with the standard library only (not with the reader).
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pandas as pd
import pytest

from tremplin.calibration import eurostat
from tremplin.calibration.eurostat import EurostatFormatError
from tremplin.cli import main
from tremplin.errors import TremplinError

DATA = Path(eurostat.__file__).parent / "data"
ERGAN = DATA / "estat_lfsa_ergan_filtered.tsv"
URGAN = DATA / "estat_lfsa_urgan_filtered.tsv"
FIXTURES = Path(__file__).parent / "fixtures" / "eurostat"
FIXTURE_GEOS = ["BE", "BG", "DE", "ES", "EU27_2020", "FR"]
FORMAT_FILES = ["lfsa_ergan.tsv.gz", "lfsa_ergan_lf.tsv", "lfsa_ergan_desc.tsv",
                "lfsa_ergan_sdmx1.csv", "lfsa_ergan_sdmx2.csv", "lfsa_ergan.json",
                "lfsa_ergan_dense.json"]


@pytest.fixture(scope="module")
def ergan() -> pd.DataFrame:
    return eurostat.read(ERGAN)


def _cell(table: pd.DataFrame, **codes) -> tuple[float, str]:
    sel = table
    for k, v in codes.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, codes
    return float(sel["value"].iloc[0]), str(sel["flags"].iloc[0])


def test_real_extract_gives_the_documented_values(ergan):
    base = {"freq": "A", "unit": "PC", "sex": "T", "age": "Y20-64"}
    # the non-EU citizen code in the file is NEU27_2020_FOR
    assert set(ergan["citizen"]) == {"NAT", "EU27_2020_FOR", "NEU27_2020_FOR"}
    assert _cell(ergan, **base, citizen="NEU27_2020_FOR", geo="BE", time="2021") == (43.3, "b")
    assert _cell(ergan, **base, citizen="NEU27_2020_FOR", geo="FR", time="2021") == (54.9, "bd")
    assert _cell(ergan, **base, citizen="NEU27_2020_FOR", geo="EU27_2020",
                 time="2020") == (57.5, "")
    value, flags = _cell(ergan, **{**base, "sex": "F"}, citizen="EU27_2020_FOR", geo="BG",
                         time="2015")
    assert math.isnan(value) and flags == "u"


def test_tidy_table_layout_and_missing_are_missing_not_zero(ergan):
    assert list(ergan.columns) == ["dataset", "freq", "unit", "sex", "age", "citizen", "geo",
                                   "time", "value", "flags"]
    assert set(ergan["dataset"]) == {"lfsa_ergan"}
    assert len(ergan) == 324 * 10  # 324 series x 2015-2024
    raw = ERGAN.read_text(encoding="utf-8")
    n_missing_cells = sum(cell.strip().startswith(":") for line in raw.splitlines()[1:]
                          for cell in line.split("\t")[1:])
    assert n_missing_cells > 100
    assert ergan["value"].isna().sum() == n_missing_cells
    assert (ergan["value"] == 0).sum() == 0
    assert sorted(ergan["time"].unique()) == [str(y) for y in range(2015, 2025)]


def test_unemployment_and_permits_extracts_read():
    urgan = eurostat.read(URGAN)
    assert _cell(urgan, sex="T", citizen="NEU27_2020_FOR", geo="BE", time="2019") == (18.5, "")
    permits = eurostat.read(DATA / "estat_migr_resfirst_filtered.tsv")
    assert set(permits["dataset"]) == {"migr_resfirst"}
    assert _cell(permits, reason="EMP", citizen="TOTAL", duration="TOTAL", unit="PER",
                 geo="BE", time="2023") == (8631.0, "")


@pytest.mark.parametrize("name", FORMAT_FILES)
def test_every_format_gives_the_same_table(ergan, name):
    expected = ergan[ergan["geo"].isin(FIXTURE_GEOS)].reset_index(drop=True)
    got = eurostat.read(FIXTURES / name)
    pd.testing.assert_frame_equal(got, expected)
    assert _cell(got, sex="T", citizen="NEU27_2020_FOR", geo="FR", time="2021") == (54.9, "bd")


def test_fixture_variants_really_differ_in_layout():
    assert (FIXTURES / "lfsa_ergan.tsv.gz").read_bytes()[:2] == b"\x1f\x8b"
    assert b"\r\n" in gzip.decompress((FIXTURES / "lfsa_ergan.tsv.gz").read_bytes())
    assert b"\r" not in (FIXTURES / "lfsa_ergan_lf.tsv").read_bytes()
    desc = (FIXTURES / "lfsa_ergan_desc.tsv").read_text().splitlines()[0].split("\t")
    assert desc[0].endswith("geo\\time") and desc[1].strip() == "2024"
    assert (FIXTURES / "lfsa_ergan_sdmx1.csv").read_text().startswith("DATAFLOW,")
    assert (FIXTURES / "lfsa_ergan_sdmx2.csv").read_text().startswith("STRUCTURE,STRUCTURE_ID")


@pytest.mark.parametrize(("cell", "expected"), [
    ("43.3 b", (43.3, "b")), ("54.9 bd", (54.9, "bd")), ("44.7 ", (44.7, "")),
    (": u", (math.nan, "u")), (":", (math.nan, "")), (": bu", (math.nan, "bu")),
    ("0 ", (0.0, "")), ("12p", (12.0, "p")),
])
def test_cells(cell, expected):
    value, flags = eurostat.parse_cell(cell)
    assert flags == expected[1]
    assert (math.isnan(value) and math.isnan(expected[0])) or value == expected[0]


def _broken_copy(tmp_path: Path, name: str, edit) -> Path:
    lines = ERGAN.read_bytes().decode("utf-8").split("\r\n")
    lines = edit(lines)
    path = tmp_path / name
    path.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    return path


def test_truncated_line_names_file_and_line(tmp_path):
    def cut(lines):
        lines[5] = "\t".join(lines[5].split("\t")[:4])
        return lines
    path = _broken_copy(tmp_path, "trunc.tsv", cut)
    with pytest.raises(EurostatFormatError, match=r"trunc\.tsv line 6: truncated line: 4 cells"):
        eurostat.read(path)


def test_unknown_flag_names_file_and_line(tmp_path):
    def flag(lines):
        cells = lines[9].split("\t")
        lines[9] = "\t".join([cells[0], "12.5 q", *cells[2:]])
        return lines
    path = _broken_copy(tmp_path, "flag.tsv", flag)
    with pytest.raises(EurostatFormatError, match=r"flag\.tsv line 10: unknown flag 'q'"):
        eurostat.read(path)


def test_wrong_header_names_file_and_line(tmp_path):
    def header(lines):
        lines[0] = lines[0].replace("geo\\TIME_PERIOD", "geo")
        return lines
    path = _broken_copy(tmp_path, "head.tsv", header)
    with pytest.raises(EurostatFormatError, match=r"head\.tsv line 1: first header cell"):
        eurostat.read(path)


def test_malformed_sdmx_and_json_stat(tmp_path):
    text = (FIXTURES / "lfsa_ergan_sdmx1.csv").read_text().splitlines()
    text[3] = ",".join(text[3].split(",")[:5])
    bad = tmp_path / "bad_sdmx.csv"
    bad.write_text("\n".join(text))
    with pytest.raises(EurostatFormatError, match=r"bad_sdmx\.csv line 4: truncated line"):
        eurostat.read(bad)
    text = (FIXTURES / "lfsa_ergan_sdmx2.csv").read_text().splitlines()
    text[2] = text[2][: text[2].rfind(",", 0, text[2].rfind(","))] + ",x,F"
    bad.write_text("\n".join(text))
    with pytest.raises(EurostatFormatError, match=r"bad_sdmx\.csv line 3: unknown flag 'x'"):
        eurostat.read(bad)
    js = (FIXTURES / "lfsa_ergan.json").read_text()
    bad = tmp_path / "bad.json"
    bad.write_text(js[: len(js) // 2])
    with pytest.raises(EurostatFormatError, match=r"bad\.json line \d+: not JSON"):
        eurostat.read(bad)
    assert issubclass(EurostatFormatError, TremplinError)


def test_cli_prints_the_tidy_csv(capsys):
    assert main(["eurostat", str(FIXTURES / "lfsa_ergan_sdmx2.csv"), "--where",
                 "geo=BE,FR,sex=T,citizen=NEU27_2020_FOR,time=2021"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["freq,unit,sex,age,citizen,geo,time,value,flags",
                   "A,PC,T,Y20-64,NEU27_2020_FOR,BE,2021,43.3,b",
                   "A,PC,T,Y20-64,NEU27_2020_FOR,FR,2021,54.9,bd"]
    assert main(["eurostat", str(ERGAN), "--where", "geo=BG,sex=F,citizen=EU27_2020_FOR,"
                 "time=2015"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "A,PC,F,Y20-64,EU27_2020_FOR,BG,2015,,u"


@pytest.mark.parametrize(("where", "message"), [
    ("country=BE", "no dimension 'country'; the file has freq, unit, sex, age, citizen, geo, "
                   "time"),
    ("geo=XX", "geo=XX is not in the file; geo has AT, BA, BE"),
    ("BE", "expected dim=code"),
])
def test_cli_names_bad_where(capsys, where, message):
    assert main(["eurostat", str(ERGAN), "--where", where]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_names_a_missing_or_malformed_file(capsys, tmp_path):
    assert main(["eurostat", str(tmp_path / "nope.tsv")]) == 2
    assert "nope.tsv: no such file" in capsys.readouterr().err
    bad = tmp_path / "x.tsv"
    bad.write_text("a\tb\n1\t2\n")
    assert main(["eurostat", str(bad)]) == 2
    assert "x.tsv line 1: first header cell 'a'" in capsys.readouterr().err


@pytest.mark.parametrize("number", ["inf", "-inf", "Infinity", "nan", "NaN", "1e999", "1_000",
                                    "\u0664\u0663", "\uff14\uff13", "0x1A", "1e5", "4.3E1"])
def test_cells_that_are_not_finite_ascii_decimals_are_refused(number):
    with pytest.raises(EurostatFormatError, match=r"^x\.tsv line 3: cell '.+' is (not a number; "
                                                  r"expected a decimal in ASCII digits|out of "
                                                  r"range)"):
        eurostat.parse_cell(f"{number} b", Path("x.tsv"), 3)


def test_missing_is_spelled_per_format(tmp_path):
    """TSV ':' (tested above), SDMX-CSV an empty OBS_VALUE or NaN, JSON-stat null or absent:
    all missing (NaN) with their flags kept; nothing else is missing."""
    sdmx = tmp_path / "m.csv"
    sdmx.write_text("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
                    "ESTAT:X(1.0),BE,2020,,c\nESTAT:X(1.0),BE,2021,NaN,\nESTAT:X(1.0),BE,2022,2,\n")
    table = eurostat.read(sdmx)
    assert table["value"].isna().tolist() == [True, True, False] and table["flags"][0] == "c"
    js = tmp_path / "m.json"
    js.write_text('{"class": "dataset", "id": ["time"], "size": [3], "dimension": {"time": '
                  '{"category": {"index": ["2020", "2021", "2022"]}}}, "value": {"1": null, '
                  '"2": 4}, "status": {"0": "c", "1": ":"}}')
    table = eurostat.read(js)
    assert table["value"].isna().tolist() == [True, True, False]
    assert table["flags"].tolist() == ["c", "", ""]
    sdmx.write_text("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE\nESTAT:X(1.0),BE,2020,nan\n")
    with pytest.raises(EurostatFormatError, match=r"m\.csv line 2: OBS_VALUE 'nan' is not a "
                                                  r"number.* or an empty cell for missing"):
        eurostat.read(sdmx)


@pytest.mark.parametrize(("name", "body", "message"), [
    ("r.tsv", "freq,time\\TIME_PERIOD\t2020\nA,BE\t1\n",
     "r.tsv line 1: dimension 'time' has the name of a column of the tidy table (dataset, time, "
     "value, flags); rename it in the file"),
    ("d.tsv", "geo\\TIME_PERIOD\t2020\nBE\t1\nFR\t2\nBE\t3\n",
     "d.tsv line 4: series 'BE' already on line 2"),
    ("s.csv", "STRUCTURE,ACTION,geo,TIME_PERIOD,OBS_VALUE\ndataflow,I,BE,2020,1\n",
     "s.csv line 1: header 'STRUCTURE,ACTION,geo,TIME_PERIOD',... is not SDMX-CSV; expected "
     "DATAFLOW (1.0) or STRUCTURE,STRUCTURE_ID (2.0) first and TIME_PERIOD, OBS_VALUE (no "
     "STRUCTURE_ID)"),
    ("g.json", '{"class": "dataset", "id": ["geo"], "size": [1], "dimension": {"geo": '
               '{"category": {"index": ["BE"]}}}, "value": [1]}',
     "g.json at $.id: no 'time' dimension (dimensions: 'geo')"),
    ("j.json", '{"class": "dataset", "id": ["time"], "size": [1], "dimension": {"time": '
               '{"category": ["2019"]}}, "value": [1]}',
     "j.json at $.dimension.time.category: expected object, found array"),
    ("t.json", '{"class": "dataset", "id": ["time"], "size": [1], "dimension": {"time": '
               '{"category": {"index": ["2019"]}}}, "value": [true]}',
     "t.json at $.value[0]: expected a number or null (missing), found boolean 'True'"),
    ("n.json", '{"class": "dataset", "id": ["time"], "size": [100000, 100000]}',
     "n.json at $.size: 2 entries, id has 1"),
    ("z.json", '{"class": "dataset", "id": ["geo", "time"], "size": [100000, 100000]}',
     "z.json at $.size: the sizes multiply to more than 10,000,000 cells; split the download"),
])
def test_malformed_files_get_one_line_naming_the_place(tmp_path, capsys, name, body, message):
    path = tmp_path / name
    path.write_text(body)
    assert main(["eurostat", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"tremplin: {path.parent}/{message}"]
