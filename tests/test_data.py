"""Registry defaults taken from data agree with the pinned data files they cite.

The Eurostat extract is parsed here with the standard library, independently of any model
code, so a wrong default or a changed file is caught.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest
from tremplin.params import REGISTRY

RESFIRST = "estat_migr_resfirst_filtered.tsv"
REASONS = ("EMP", "FAM", "EDUC", "OTH")


def _data_file(name: str) -> Path:
    path = Path(str(resources.files("tremplin.calibration"))) / "data" / name
    assert path.is_file(), f"{path} is missing"
    return path


def _value(cell: str) -> tuple[float | None, str]:
    """Eurostat cell ``"<value> <flags>"``; ``:`` (with optional flags) means missing."""
    text = cell.strip()
    number, _, flags = text.partition(" ")
    if number == ":":
        return None, flags.strip()
    return float(number), flags.strip()


def _read_eurostat_tsv(path: Path) -> list[dict]:
    """Rows as {dimension: code, ..., "year": value-or-None, "flags:year": flags}."""
    raw = path.read_bytes()
    assert b"\r\n" in raw, "Eurostat TSV extracts use CRLF line ends"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header = rows[0]
    dims_cell, *years = [h.strip() for h in header]
    assert "\\" in dims_cell, f"unexpected first header cell {dims_cell!r}"
    dims, _, time_label = dims_cell.partition("\\")
    assert time_label == "TIME_PERIOD"
    dims = dims.split(",")
    out = []
    for row in rows[1:]:
        if not row:
            continue
        assert len(row) == len(header), row
        rec = dict(zip(dims, row[0].strip().split(","), strict=True))
        for year, cell in zip(years, row[1:], strict=True):
            rec[year], rec[f"flags:{year}"] = _value(cell)
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def resfirst() -> list[dict]:
    return _read_eurostat_tsv(_data_file(RESFIRST))


def test_resfirst_file_has_the_documented_layout(resfirst):
    header = _data_file(RESFIRST).read_text(encoding="utf-8").splitlines()[0]
    assert header.split("\t")[0] == "freq,reason,citizen,duration,unit,geo\\TIME_PERIOD"
    assert {r["reason"] for r in resfirst} >= set(REASONS)
    assert "2023" in resfirst[0]
    assert any(r["geo"] == "BE" for r in resfirst)


def test_cell_parser_handles_values_flags_and_missing():
    assert _value("90922 b") == (90922.0, "b")
    assert _value("9523 ") == (9523.0, "")
    assert _value(": ") == (None, "")
    assert _value(": c") == (None, "c")


def _belgium_2023(resfirst) -> dict[str, float]:
    be = [r for r in resfirst if r["geo"] == "BE" and r["citizen"] == "TOTAL"
          and r["duration"] == "TOTAL" and r["unit"] == "PER"]
    by_reason = {r["reason"]: r["2023"] for r in be}
    assert len(by_reason) == len(be), "one row per reason expected"
    for reason in REASONS:
        assert by_reason.get(reason) is not None, f"BE 2023 {reason} missing"
    return by_reason


def _total(by_reason: dict) -> float:
    if by_reason.get("TOTAL") is not None:
        return by_reason["TOTAL"]
    return sum(by_reason[r] for r in REASONS)


def test_belgian_total_is_the_sum_of_reasons(resfirst):
    by_reason = _belgium_2023(resfirst)
    assert by_reason.get("TOTAL") is not None
    assert by_reason["TOTAL"] == sum(by_reason[r] for r in REASONS)


def test_pinned_snapshot_matches_sources_md(resfirst):
    """The figures shared/domain/sources.md §3.b.1 quotes for BE 2023."""
    by_reason = _belgium_2023(resfirst)
    assert (_total(by_reason), by_reason["EMP"], by_reason["EDUC"]) == (74_366, 8_631, 9_523)


@pytest.mark.parametrize(("key", "reason"), [
    ("population.permit_share_employment", "EMP"),
    ("population.permit_share_education", "EDUC"),
])
def test_permit_shares_equal_belgium_2023(resfirst, key, reason):
    by_reason = _belgium_2023(resfirst)
    share = by_reason[reason] / _total(by_reason)
    p = REGISTRY[key]
    assert p.default == pytest.approx(share, abs=0.001), \
        f"{key} = {p.default}, but BE 2023 {reason}/total = {share:.4f}"
    assert RESFIRST in p.source, f"{key} should cite {RESFIRST}"


def test_permit_shares_leave_room_for_family_and_other():
    emp = REGISTRY["population.permit_share_employment"].default
    educ = REGISTRY["population.permit_share_education"].default
    assert emp + educ < 1
