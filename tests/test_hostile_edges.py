"""Edges the hostile-input table found after the issue-16 branches were merged: each is now
refused in one line naming what is wrong (exit status 2), never accepted or run."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tremplin.calibration import eurostat
from tremplin.calibration.eurostat import EurostatFormatError

TSV = ("freq,unit,sex,geo\\TIME_PERIOD\t2019 \t2020 \n"
       "A,PC,T,BE\t64.5 \t64.7 b\nA,PC,T,FR\t66.0 \t: \n")


def _one_line(res, *needles: str) -> None:
    assert res.code == 2 and len(res.err_lines) == 1, (res.code, res.err)
    for needle in needles:
        assert needle in res.err, res.err


@pytest.mark.parametrize("command", [("run", "baseline"), ("batch", "baseline", "-r", "1"),
                                     ("compare", "baseline", "baseline")])
def test_an_empty_out_is_refused_not_taken_for_the_default(cli, command):
    _one_line(cli(*command, "--out", ""), "--out must name a folder or file")


@pytest.mark.parametrize("where", ["geo=", ",,,", "geo=BE,,sex=T"])
def test_eurostat_where_with_an_empty_item_or_no_code_is_refused(cli, tmp_path, where):
    path = tmp_path / "x.tsv"
    path.write_text(TSV)
    _one_line(cli("eurostat", path, "--where", where), f"--where {where!r}")


def test_eurostat_flags_repeating_a_letter_are_refused():
    with pytest.raises(EurostatFormatError, match="repeat a letter"):
        eurostat.parse_cell("64.5 bb", Path("x.tsv"), 3)
    assert eurostat.parse_cell("64.5 bp", Path("x.tsv"), 3)[1] == "bp"


def test_eurostat_tsv_dimension_named_time_period_is_refused(tmp_path):
    path = tmp_path / "x.tsv.gz"
    path.write_bytes(gzip.compress(TSV.replace("sex,", "TIME_PERIOD,", 1).encode()))
    with pytest.raises(EurostatFormatError, match="two time dimensions"):
        eurostat.read(path)


def test_eurostat_dimension_names_must_be_sdmx_ids(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("DATAFLOW,LAST UPDATE,freq,geo\\time,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
                    "ESTAT:X(1.0),01/01/24,A,BE,2019,64.5,\n")
    with pytest.raises(EurostatFormatError, match="is not an SDMX id"):
        eurostat.read(path)


def test_sdmx_obs_value_of_a_space_is_not_missing(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("DATAFLOW,LAST UPDATE,freq,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
                    "ESTAT:X(1.0),01/01/24,A,BE,2019, ,\n")
    with pytest.raises(EurostatFormatError, match="OBS_VALUE"):
        eurostat.read(path)


def test_json_stat_other_than_2_0_is_refused(tmp_path):
    doc = {"version": 1.0, "class": "dataset", "id": ["time"], "size": [1],
           "dimension": {"time": {"category": {"index": ["2019"]}}}, "value": [1.0]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(EurostatFormatError, match=r"only JSON-stat 2\.0"):
        eurostat.read(path)
    doc["version"] = "2.0"
    path.write_text(json.dumps(doc))
    assert len(eurostat.read(path)) == 1


def test_a_batch_above_the_run_limit_needs_force(cli, tmp_path):
    _one_line(cli("batch", "baseline", "-r", "200000", "--serial", "--out", tmp_path / "b"),
              "200,000 model runs", "--force")
    assert not (tmp_path / "b").exists()


def test_a_study_whose_ranges_reach_an_invalid_scenario_is_refused_naming_the_file(cli, tmp_path):
    """Varying a share over its whole registry range makes the shares of its group add up to
    more than 1 at the design's corner: refused before any run, naming the file."""
    path = tmp_path / "exp.toml"
    path.write_text('kind = "sensitivity"\nname = "s"\nmethod = "morris"\nn = 4\n'
                    'params = ["population.initial_share_undocumented"]\nmonths = 1\n')
    res = cli("experiment", path, "--serial", "--out", tmp_path / "out")
    _one_line(res, str(path), "population.initial_share_undocumented=1",
              "not a valid scenario")
    assert not (tmp_path / "out").exists()
