"""Registry defaults taken from data agree with the pinned data files they cite.

The Eurostat extract is parsed with the project's one Eurostat reader
(``tremplin.calibration.eurostat``, tested on its own in tests/test_eurostat.py), independently
of any model code, so a wrong default or a changed file is caught.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from tremplin.calibration import eurostat
from tremplin.model.params import REGISTRY

RESFIRST = "estat_migr_resfirst_filtered.tsv"
REASONS = ("EMP", "FAM", "EDUC", "OTH")


def _data_file(name: str) -> Path:
    path = Path(str(resources.files("tremplin.calibration"))) / "data" / name
    assert path.is_file(), f"{path} is missing"
    return path


@pytest.fixture(scope="module")
def resfirst() -> pd.DataFrame:
    return eurostat.read(_data_file(RESFIRST))


def test_resfirst_file_has_the_documented_layout(resfirst):
    raw = _data_file(RESFIRST).read_bytes()
    assert b"\r\n" in raw, "Eurostat TSV extracts use CRLF line ends"
    header = raw.decode("utf-8").splitlines()[0]
    assert header.split("\t")[0] == "freq,reason,citizen,duration,unit,geo\\TIME_PERIOD"
    assert set(resfirst["reason"]) >= set(REASONS)
    assert set(resfirst["time"]) == {"2023"}
    assert "BE" in set(resfirst["geo"])


def test_cell_parser_handles_values_flags_and_missing():
    assert eurostat.parse_cell("90922 b") == (90922.0, "b")
    assert eurostat.parse_cell("9523 ") == (9523.0, "")
    value, flags = eurostat.parse_cell(": ")
    assert math.isnan(value) and flags == ""
    value, flags = eurostat.parse_cell(": c")
    assert math.isnan(value) and flags == "c"


def _belgium_2023(resfirst) -> dict[str, float]:
    be = eurostat.select(resfirst, {"geo": ["BE"], "citizen": ["TOTAL"], "duration": ["TOTAL"],
                                    "unit": ["PER"], "time": ["2023"]})
    by_reason = dict(zip(be["reason"], be["value"], strict=True))
    assert len(by_reason) == len(be), "one row per reason expected"
    for reason in REASONS:
        assert not math.isnan(by_reason.get(reason, math.nan)), f"BE 2023 {reason} missing"
    return by_reason


def _total(by_reason: dict) -> float:
    if not math.isnan(by_reason.get("TOTAL", math.nan)):
        return by_reason["TOTAL"]
    return sum(by_reason[r] for r in REASONS)


def test_belgian_total_is_the_sum_of_reasons(resfirst):
    by_reason = _belgium_2023(resfirst)
    assert not math.isnan(by_reason.get("TOTAL", math.nan))
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
