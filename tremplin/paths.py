"""Output paths: a name becomes part of a path only once it is safe, and stays in its folder.

Scenario, experiment and calibration names come from files a user may have been sent; they
name output folders (``runs/NAME-seed0``, ``OUT/NAME``, ``runs/batch-...``). The scenario
validator refuses unsafe names, but this layer does not rely on it (defence in depth): every
command that turns a name into a path goes through ``safe_name`` (the name made one plain
folder component) and ``inside`` (the joined path refused if it resolves outside its base,
symbolic links included).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import UsageError

MAX_NAME = 100
"""Longest safe name, in characters (all ASCII, so also bytes): far below the 255-byte limit
of a file name, with room for suffixes such as ``-seed123`` or ``--r00001.parquet``."""

_UNSAFE = re.compile(r"(?:[^A-Za-z0-9_.-]|\.{2,})+")


def safe_name(text: str, fallback: str = "unnamed") -> str:
    """``text`` as one safe folder or file name component.

    Every run of characters other than ASCII letters, digits, ``_``, ``.`` and ``-`` (and of
    dots two or more) becomes ``_``, so separators, control characters, NUL and ``..`` cannot
    pass; leading and trailing dots and underscores are dropped (no hidden files); an empty
    result is ``fallback``. A name longer than ``MAX_NAME`` is cut and ends with a hash of the whole
    name, so two long names that share a beginning still name two folders. Names that are
    already safe are returned unchanged, so stored batches keep their file names.
    """
    name = _UNSAFE.sub("_", str(text)).strip("._") or fallback
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{name[:MAX_NAME - 11]}-{digest}"


def inside(base: Path | str, *parts: str) -> Path:
    """``base`` joined with ``parts``, refused (``UsageError``, exit status 2) if the result
    resolves outside ``base``: an absolute part, a ``..`` or a symbolic link pointing away.

    The path is returned as joined (not resolved) so messages show what the user expects.
    """
    base = Path(base)
    path = base.joinpath(*parts)
    if "\0" in str(path):
        raise UsageError(f"{str(path)!r}: a path cannot hold a NUL character")
    root = base.resolve()
    target = path.resolve()
    if target != root and root not in target.parents:
        raise UsageError(f"{path}: output path outside the output folder {base}; "
                         "give the scenario or experiment a plain name")
    return path
