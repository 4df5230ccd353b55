"""Damaged stored runs are detected, never reused: a run file replaced by another run's file,
rewritten with other values, truncated or with flipped bytes is set aside and computed again on
rerun (one line naming it), the summary then equals an undamaged batch's, and a report refuses
a damaged folder with one line naming the file."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tremplin.experiments import store as store_module
from tremplin.experiments.store import ResultStore, StoreError
from tremplin.model.scenario import builtin_dir

MONTHS = 6
VICTIM = "tiny_oacas--r00001"  # the run file every test damages
DONOR = "tiny_base--r00000"


def tiny_file(tmp: Path, name: str, base: str) -> Path:
    path = tmp / f"{name}.toml"
    path.write_text(f'extends = "{(builtin_dir() / f"{base}.toml").as_posix()}"\n'
                    f'name = "{name}"\n'
                    "[population]\nmigrants = 50\nnatives = 100\n"
                    "[labour_market]\nemployers = 5\n[run]\nburn_in_months = 1\n")
    return path


@pytest.fixture(scope="module")
def batch_args(tmp_path_factory) -> list:
    tmp = tmp_path_factory.mktemp("scn")
    files = [tiny_file(tmp, "tiny_base", "baseline"),
             tiny_file(tmp, "tiny_oacas", "oacas_regularisation")]
    return ["batch", *files, "--replications", 2, "--months", MONTHS, "--seed", 5, "--serial"]


@pytest.fixture(scope="module")
def pristine(batch_args, tmp_path_factory) -> Path:
    """An undamaged batch folder (copied by each test before it damages it)."""
    from tremplin.cli import main

    out = tmp_path_factory.mktemp("pristine") / "b"
    assert main([str(a) for a in [*batch_args, "--out", out]]) == 0
    return out


@pytest.fixture
def folder(pristine, tmp_path) -> Path:
    out = tmp_path / "b"
    shutil.copytree(pristine, out)
    return out


def replace_with_another_run(runs: Path) -> None:
    shutil.copyfile(runs / f"{DONOR}.parquet", runs / f"{VICTIM}.parquet")


def rewrite_values(runs: Path) -> None:
    """Valid Parquet, same schema and metadata (identity included), one indicator changed."""
    path = runs / f"{VICTIM}.parquet"
    table = pq.read_table(path)
    i = table.column_names.index("employment_rate")
    table = table.set_column(i, "employment_rate",
                             pc.add(table.column(i), pa.scalar(0.01, pa.float64())))
    pq.write_table(table, path)


def truncate(runs: Path) -> None:
    path = runs / f"{VICTIM}.parquet"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def flip_a_byte(runs: Path, where: float = 0.4) -> None:
    path = runs / f"{VICTIM}.parquet"
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x10
    path.write_bytes(bytes(data))


DAMAGE = {"replaced": (replace_with_another_run, "checksum mismatch"),
          "rewritten": (rewrite_values, "checksum mismatch"),
          "truncated": (truncate, "checksum mismatch"),
          "byte-flipped": (flip_a_byte, "checksum mismatch")}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_run_is_recomputed_and_the_summary_is_unchanged(kind, folder, pristine,
                                                                batch_args, cli):
    damage, why = DAMAGE[kind]
    damage(folder / "runs")
    res = cli(*batch_args, "--out", folder)
    assert res.code == 0, res.err
    told = [line for line in res.err_lines if "computing the run again" in line]
    assert len(told) == 1 and str(folder / "runs" / f"{VICTIM}.parquet") in told[0], res.err
    assert why in told[0]
    assert "1 computed now" in res.out and "3 reused" in res.out
    assert (folder / "quarantine" / f"{VICTIM}.parquet").exists()
    assert (folder / "summary.csv").read_text() == (pristine / "summary.csv").read_text()
    assert ((folder / "runs" / f"{VICTIM}.parquet").read_bytes()
            == (pristine / "runs" / f"{VICTIM}.parquet").read_bytes())


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_report_refuses_a_damaged_run_with_one_line(kind, folder, cli):
    DAMAGE[kind][0](folder / "runs")
    res = cli("report", folder)
    assert res.code == 2 and len(res.err_lines) == 1, res.err
    assert str(folder / "runs" / f"{VICTIM}.parquet") in res.err
    assert not (folder / "report.html").exists()


def test_both_file_and_record_of_another_run_copied_over(folder, cli):
    """The checksum then matches: the identity inside the file gives it away."""
    replace_with_another_run(folder / "runs")
    shutil.copyfile(folder / "checksums" / f"{DONOR}.json",
                    folder / "checksums" / f"{VICTIM}.json")
    with pytest.raises(StoreError, match="for another run"):
        ResultStore(folder).read()
    record = json.loads((folder / "checksums" / f"{DONOR}.json").read_text())
    victim = {i.stem: i for i in ResultStore(folder).expected()}[VICTIM]
    record.update(asdict(victim))  # the donor's checksum, the victim's identity
    (folder / "checksums" / f"{VICTIM}.json").write_text(json.dumps(record))
    with pytest.raises(StoreError, match=f"{VICTIM}.parquet: holds a different run "
                                         r"\(scenario 'tiny_base', replication 0"):
        ResultStore(folder).read()


def test_every_flipped_byte_is_caught(folder):
    """Spread over the whole file (data pages, footer, magic); each flip is refused."""
    runs = folder / "runs"
    good = (runs / f"{VICTIM}.parquet").read_bytes()
    store = ResultStore(folder)
    ident = {i.stem: i for i in store.expected()}[VICTIM]
    for k in range(40):
        flip_a_byte(runs, k / 40)
        why, _ = store.check(ident)
        assert why is not None and "checksum mismatch" in why, k
        (runs / f"{VICTIM}.parquet").write_bytes(good)
    assert store.check(ident)[0] is None


def test_a_run_without_checksum_record_is_recomputed_not_called_damaged(folder, pristine,
                                                                        batch_args, cli):
    """An older store (or a file copied in): nothing vouches for it, so it is computed again,
    and the line says why instead of calling it damaged."""
    (folder / "checksums" / f"{VICTIM}.json").unlink()
    res = cli(*batch_args, "--out", folder)
    assert res.code == 0, res.err
    assert "no checksum recorded" in res.err and "mismatch" not in res.err
    assert (folder / "summary.csv").read_text() == (pristine / "summary.csv").read_text()
    assert (folder / "checksums" / f"{VICTIM}.json").exists()


def test_a_kill_between_record_and_rename_loses_nothing_and_blames_nothing(
        folder, pristine, batch_args, cli, monkeypatch):
    """The record is written before the run file is renamed into place: a kill in between
    leaves a record without a run, which is ignored, and the run is computed again."""
    (folder / "runs" / f"{VICTIM}.parquet").unlink()
    (folder / "checksums" / f"{VICTIM}.json").unlink()
    real_replace = store_module.os.replace

    def killed_at_run_rename(src, dst):
        if str(dst).endswith(".parquet") and Path(dst).parent.name == "runs":
            raise KeyboardInterrupt  # as far as the files go, the same as SIGKILL here
        real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", killed_at_run_rename)
    assert cli(*batch_args, "--out", folder).code == 130
    assert (folder / "checksums" / f"{VICTIM}.json").exists()
    assert not (folder / "runs" / f"{VICTIM}.parquet").exists()
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    res = cli(*batch_args, "--out", folder)
    assert res.code == 0, res.err
    assert "computing the run again" not in res.err and "1 computed now" in res.out
    assert (folder / "summary.csv").read_text() == (pristine / "summary.csv").read_text()


def test_read_errors_name_the_file(folder):
    (folder / "errors" / "x--r00000.json").write_text("{not json")
    with pytest.raises(StoreError, match=r"errors/x--r00000\.json: unreadable"):
        ResultStore(folder).errors()
    shutil.copyfile(folder / "runs" / f"{DONOR}.parquet", folder / "runs" / "stray.parquet")
    with pytest.raises(StoreError, match=r"runs/stray\.parquet: not a run of this batch"):
        ResultStore(folder).read()


def test_an_incomplete_record_is_refused(folder):
    (folder / "checksums" / f"{VICTIM}.json").write_text('{"sha256": 1}')
    with pytest.raises(StoreError, match=f"{VICTIM}.parquet: its checksum record .* incomplete"):
        ResultStore(folder).read()


def test_many_set_aside_files_are_named_then_counted(tmp_path, capsys):
    from tremplin.experiments.batch import tell_damaged

    bad = {f"s--r{k:05d}": "checksum mismatch" for k in range(store_module.SHOWN + 3)}
    tell_damaged(ResultStore(tmp_path), bad)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == store_module.SHOWN + 1
    assert "s--r00000.parquet: checksum mismatch" in lines[0]
    assert lines[-1].startswith("tremplin: 3 more run files not reused")


def test_a_definition_without_its_fields_is_named(folder, cli):
    (folder / "batch.json").write_text('{"kind": "batch"}')
    res = cli("report", folder)
    assert res.code == 2 and len(res.err_lines) == 1, res.err
    assert f"{folder / 'batch.json'}: not a batch definition" in res.err
