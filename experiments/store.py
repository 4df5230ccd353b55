"""The results store of a batch: one Parquet file per finished run, written atomically, with
its checksum recorded.

Layout of a batch folder::

    DIR/batch.json          the definition (scenarios and their hashes, months, seeds)
    DIR/runs/*.parquet      one file per finished run: the Parquet dataset of the batch
    DIR/checksums/*.json    per run: SHA-256 and size of its Parquet file, and its identity
    DIR/errors/*.json       one file per run that raised (error, scenario, replication, seed)
    DIR/quarantine/         run files found damaged, moved out of runs/ before recomputing

A run is written to a temporary file, its checksum record is written next, and only then is the
file renamed into ``runs/``: a batch killed at any point leaves whole runs, each with its
record (a record without its run is ignored, and overwritten when the run is computed). A run
is done only if its file has the recorded checksum and holds the run it is named after (the
identity in its Parquet metadata and its scenario, replication, seed and month columns);
anything else is moved to ``quarantine/`` and computed again, and readers refuse it with one
line naming the file. A file without a record (written before checksums were recorded) is
recomputed too: nothing can vouch for it. A folder holding a different definition is refused
rather than mixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tremplin.errors import TremplinError
from tremplin.paths import safe_name

MANIFEST = "batch.json"
ID_COLUMNS = ("scenario", "replication", "seed", "month")  # what a run file is checked on
RUN_KEY = b"tremplin.run"  # the Parquet schema metadata key holding a run's identity
SHOWN = 10  # damaged files named one per line; beyond, a count


class StoreError(TremplinError):
    """A batch folder that cannot be used for this batch."""


def slug(label: str) -> str:
    """A file-name-safe form of a scenario label (``tremplin.paths.safe_name``: one plain,
    bounded file name component whatever the label holds)."""
    return safe_name(label, fallback="scenario")


def run_stem(label: str, replication: int) -> str:
    return f"{slug(label)}--r{replication:05d}"


def _atomic_write_bytes(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_json(path: Path, data) -> None:
    _atomic_write_bytes(path, lambda tmp: Path(tmp).write_text(json.dumps(data, indent=1) + "\n"))


@dataclass(frozen=True)
class RunIdentity:
    """What a stored run must be: checked against its checksum record and its content."""

    scenario: str
    replication: int
    seed: int
    scenario_hash: str
    months: int

    @property
    def stem(self) -> str:
        return run_stem(self.scenario, self.replication)


class ResultStore:
    """A batch folder: its definition, its finished runs and its failed runs."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.runs_dir = self.root / "runs"
        self.sums_dir = self.root / "checksums"
        self.errors_dir = self.root / "errors"
        self.quarantine_dir = self.root / "quarantine"

    # ------------------------------------------------------------------ definition
    def manifest(self) -> dict | None:
        path = self.root / MANIFEST
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError) as e:
            raise StoreError(f"{path}: unreadable batch definition ({e}); use another --out "
                             "or delete the folder") from None

    def open(self, definition: dict) -> None:
        """Create the folder for ``definition``, or check that it holds the same batch.

        A stored batch may be extended (more replications, more scenarios) but not changed:
        a scenario whose parameters, horizon or seeds differ from the stored one is refused.
        """
        old = self.manifest()
        if old is None and self.runs_dir.exists() and any(self.runs_dir.glob("*.parquet")):
            raise StoreError(f"{self.root}: holds runs but no {MANIFEST}; use another --out")
        merged = definition if old is None else _merge_definitions(old, definition, self.root)
        for folder in (self.runs_dir, self.sums_dir, self.errors_dir):
            folder.mkdir(parents=True, exist_ok=True)
        for stale in self.runs_dir.glob(".tmp-*"):  # left by a killed writer
            stale.unlink(missing_ok=True)
        _write_json(self.root / MANIFEST, merged)

    def expected(self) -> list[RunIdentity]:
        """Every run the stored definition asks for (what a reader checks files against)."""
        from .batch import replication_seed  # the batch defines seeds; imported late (cycle)

        manifest = self.manifest()
        if manifest is None:
            raise StoreError(f"{self.root}: no {MANIFEST}; not a batch folder")
        try:
            seeds = [replication_seed(manifest["base_seed"], k)
                     for k in range(manifest["replications"])]
            return [RunIdentity(label, k, seed, spec["hash"], spec["months"])
                    for label, spec in manifest["scenarios"].items()
                    for k, seed in enumerate(seeds)]
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StoreError(f"{self.root / MANIFEST}: not a batch definition ({type(e).__name__}"
                             f": {e}); use another folder") from None

    # ------------------------------------------------------------------ runs
    def run_path(self, stem: str) -> Path:
        return self.runs_dir / f"{stem}.parquet"

    def finished(self) -> set[str]:
        """Stems of the run files present (not yet checked: see ``audit``)."""
        if not self.runs_dir.exists():
            return set()
        return {p.name[: -len(".parquet")] for p in self.runs_dir.glob("*.parquet")}

    def write_run(self, identity: RunIdentity, frame: pd.DataFrame) -> None:
        """Store a run: temporary file, then its checksum record, then the rename into runs/.

        In this order a kill at any point leaves either no run file (the run is computed
        again; a record alone is ignored) or a run file with its record.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = {**(table.schema.metadata or {}), RUN_KEY: json.dumps(asdict(identity)).encode()}
        table = table.replace_schema_metadata(meta)
        fd, tmp = tempfile.mkstemp(dir=self.runs_dir, prefix=".tmp-", suffix=".part")
        os.close(fd)
        try:
            pq.write_table(table, tmp)
            data = Path(tmp).read_bytes()
            _write_json(self.sums_dir / f"{identity.stem}.json",
                        {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                         **asdict(identity)})
            os.replace(tmp, self.run_path(identity.stem))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        (self.errors_dir / f"{identity.stem}.json").unlink(missing_ok=True)

    def check(self, identity: RunIdentity, columns: list[str] | None = None
              ) -> tuple[str | None, object]:
        """``(None, table)`` for a sound run file, else ``(why it is not, None)``.

        The table has ``columns`` (default: all) besides the id columns, which are checked.
        """
        path = self.run_path(identity.stem)
        record_path = self.sums_dir / f"{identity.stem}.json"
        try:
            data = path.read_bytes()
        except OSError as e:
            return f"unreadable ({e.strerror or e})", None
        try:
            record = json.loads(record_path.read_text())
        except FileNotFoundError:
            return ("no checksum recorded (written by an older Tremplin, or copied in)", None)
        except (OSError, ValueError) as e:
            return f"its checksum record {record_path} is unreadable ({e})", None
        if not (isinstance(record, dict) and isinstance(record.get("sha256"), str)
                and isinstance(record.get("bytes"), int)):
            return f"its checksum record {record_path} is incomplete", None
        if {k: v for k, v in record.items() if k not in ("sha256", "bytes")} != asdict(identity):
            return f"its checksum record {record_path} is for another run", None
        if len(data) != record["bytes"] or hashlib.sha256(data).hexdigest() != record["sha256"]:
            detail, _ = _check_content(data, identity, [])  # what changed, if it can be told
            return (f"checksum mismatch ({len(data)} bytes, {record['bytes']} recorded): "
                    f"{detail or 'changed since it was written'}", None)
        return _check_content(data, identity, columns)

    def audit(self, identities: Iterable[RunIdentity]) -> dict[str, str]:
        """Check the stored files of ``identities``; move the unsound ones to quarantine/.

        Returns stem -> why, for each file moved (its run is then missing and recomputed).
        """
        bad = {}
        present = self.finished()
        for ident in identities:
            if ident.stem in present:
                why, _ = self.check(ident, [])  # the id columns suffice: half the work
                if why is not None:
                    bad[ident.stem] = why
        if bad:
            self.quarantine_dir.mkdir(exist_ok=True)
            for stem in bad:
                os.replace(self.run_path(stem), self.quarantine_dir / f"{stem}.parquet")
        return bad

    def write_error(self, record: dict) -> None:
        stem = run_stem(record["scenario"], record["replication"])
        _write_json(self.errors_dir / f"{stem}.json", record)

    def errors(self, stems: set[str] | None = None) -> list[dict]:
        if not self.errors_dir.exists():
            return []
        out = []
        for p in sorted(self.errors_dir.glob("*.json")):
            if stems is None or p.stem in stems:
                try:
                    out.append(json.loads(p.read_text()))
                except (OSError, ValueError) as e:
                    raise StoreError(f"{p}: unreadable record of a failed run ({e}); delete "
                                     "it and rerun the batch command") from None
        return out

    def read(self, stems: set[str] | None = None, columns: list[str] | None = None,
             identities: Iterable[RunIdentity] | None = None) -> pd.DataFrame:
        """The stored runs (all, or those in ``stems``) as one frame, each file checked first.

        ``identities`` are the runs the files must hold (default: the stored definition's).
        A file that fails its check, or that is no run of the batch, is refused with one line
        naming it: nothing damaged is ever read.
        """
        import pyarrow as pa

        by_stem = {i.stem: i for i in (self.expected() if identities is None else identities)}
        wanted = sorted(s for s in self.finished() if stems is None or s in stems)
        foreign = [(s, "not a run of this batch (batch.json)") for s in wanted
                   if s not in by_stem]
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # Parquet decoding frees the GIL
            checked = list(pool.map(lambda s: (s, *self.check(by_stem[s], columns)),
                                    [s for s in wanted if s in by_stem]))
        bad = foreign + [(stem, why) for stem, why, _ in checked if why is not None]
        tables = [_plain(table, columns) for _, why, table in checked if why is None]
        if bad:
            stem, why = bad[0]
            more = f" (and {len(bad) - 1} more run files)" if len(bad) > 1 else ""
            raise StoreError(f"{self.run_path(stem)}: {why}{more}; run the batch command "
                             "again to recompute it")
        if not tables:
            return pd.DataFrame()
        return pa.concat_tables(tables, promote_options="default").to_pandas()


def _plain(table, columns: list[str] | None):
    """A checked run as the dataset shows it: ``columns`` only, no run identity metadata
    (it differs between files and would keep them from being concatenated)."""
    table = table.replace_schema_metadata(
        {k: v for k, v in table.schema.metadata.items() if k != RUN_KEY})
    return table.select(columns) if columns else table


def _check_content(data: bytes, identity: RunIdentity, columns: list[str] | None
                   ) -> tuple[str | None, object]:
    """Whether Parquet bytes hold the run ``identity`` (metadata and id columns); the table
    read has ``columns`` (all if None) and the id columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if columns is not None:
        columns = list(dict.fromkeys([*ID_COLUMNS, *columns]))
    try:
        table = pq.read_table(pa.BufferReader(data), columns=columns)
    except (pa.ArrowException, OSError, ValueError) as e:
        return f"not a readable Parquet file ({_first_line(e)})", None
    try:
        stored = json.loads((table.schema.metadata or {}).get(RUN_KEY, b"null"))
    except ValueError:
        stored = None
    if stored != asdict(identity):
        return f"holds a different run ({_describe(stored)})", None
    for name, value in (("scenario", identity.scenario), ("replication", identity.replication),
                        ("seed", identity.seed)):
        if name not in table.column_names or set(table.column(name).to_pylist()) != {value}:
            return f"its {name!r} column is not {value!r} throughout", None
    months = np.arange(identity.months + 1)
    if ("month" not in table.column_names
            or not np.array_equal(table.column("month").to_numpy(), months)):
        return f"its months are not 0 to {identity.months}", None
    return None, table


def _describe(stored) -> str:
    if not isinstance(stored, dict):
        return "no run identity in its metadata"
    return ", ".join(f"{k} {stored.get(k)!r}" for k in ("scenario", "replication", "seed"))


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0][:160] if text else ''}"


def _merge_definitions(old: dict, new: dict, where: Path) -> dict:
    for key in ("kind", "base_seed"):
        if old.get(key) != new.get(key):
            raise StoreError(f"{where}: holds a different batch ({key} {old.get(key)!r}, this "
                             f"one {new.get(key)!r}); use another --out or delete the folder")
    scen = dict(old["scenarios"])
    for label, spec in new["scenarios"].items():
        if label in scen and scen[label] != spec:
            what = ("horizon (months)" if scen[label]["months"] != spec["months"]
                    else "parameters")
            raise StoreError(f"{where}: scenario {label!r} is stored with different {what}; "
                             "use another --out or delete the folder")
        scen[label] = spec
    merged = dict(new)
    merged["scenarios"] = scen
    merged["replications"] = max(old.get("replications", 0), new["replications"])
    return merged
