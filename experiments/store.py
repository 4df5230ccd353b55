"""The results store of a batch: one Parquet file per finished run, written atomically.

Layout of a batch folder::

    DIR/batch.json          the definition (scenarios and their hashes, months, seeds)
    DIR/runs/*.parquet      one file per finished run: the Parquet dataset of the batch
    DIR/errors/*.json       one file per run that raised (error, scenario, replication, seed)

A run is written to a temporary file and renamed into place, so a killed batch leaves only
whole runs; a rerun of the same definition computes what has no file yet. A folder holding a
different definition is refused rather than mixed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from tremplin.errors import TremplinError
from tremplin.paths import safe_name

MANIFEST = "batch.json"


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


class ResultStore:
    """A batch folder: its definition, its finished runs and its failed runs."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.runs_dir = self.root / "runs"
        self.errors_dir = self.root / "errors"

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
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.errors_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.runs_dir.glob(".tmp-*"):  # left by a killed writer
            stale.unlink(missing_ok=True)
        _write_json(self.root / MANIFEST, merged)

    # ------------------------------------------------------------------ runs
    def finished(self) -> set[str]:
        """Stems of the runs stored so far."""
        if not self.runs_dir.exists():
            return set()
        return {p.name[: -len(".parquet")] for p in self.runs_dir.glob("*.parquet")}

    def write_run(self, label: str, replication: int, frame: pd.DataFrame) -> None:
        stem = run_stem(label, replication)
        _atomic_write_bytes(self.runs_dir / f"{stem}.parquet",
                            lambda tmp: frame.to_parquet(tmp, index=False, engine="pyarrow"))
        (self.errors_dir / f"{stem}.json").unlink(missing_ok=True)

    def write_error(self, record: dict) -> None:
        stem = run_stem(record["scenario"], record["replication"])
        _write_json(self.errors_dir / f"{stem}.json", record)

    def errors(self, stems: set[str] | None = None) -> list[dict]:
        if not self.errors_dir.exists():
            return []
        out = []
        for p in sorted(self.errors_dir.glob("*.json")):
            if stems is None or p.stem in stems:
                out.append(json.loads(p.read_text()))
        return out

    def read(self, stems: set[str] | None = None, columns: list[str] | None = None
             ) -> pd.DataFrame:
        """The stored runs (all, or those in ``stems``) as one frame."""
        import pyarrow.dataset as ds

        files = sorted(p for p in self.runs_dir.glob("*.parquet")
                       if stems is None or p.name[: -len(".parquet")] in stems)
        if not files:
            return pd.DataFrame()
        table = ds.dataset([str(f) for f in files], format="parquet").to_table(columns=columns)
        return table.to_pandas()


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
