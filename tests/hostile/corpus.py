"""The committed corpus: the concrete hostile inputs of issue 16, one small file per case.

``corpus/<family>/<what-it-is>.<ext>``. A TOML or flag-line file may start with comment
lines: ``# expect: accept|either`` (default: the input must be refused) and
``# tremplin: ARGS`` (the command line; ``{FILE}`` is the case file). A flag-line file holds
one ``tremplin`` command line. Two cases need more than a small file, so they are built here:
an ``extends`` chain of 1,000 files and a gzip bomb (2 MB inflating to 2 GB).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from .cases import SECRET_TOML, Case
from .eurostat import bomb
from .strategies import SMALL_TSV

HERE = Path(__file__).parent / "corpus"

#: Default command line per family (``{FILE}`` is the case file in the input folder).
COMMANDS = {
    "scenario": "run {FILE} --months 1 --out {OUT}",
    "experiment": "experiment {FILE} --serial",
    "eurostat": "eurostat {FILE}",
}

#: Eurostat cases that may be read (the value refused or flagged, as the format defines).
EUROSTAT_EITHER = ("cell_", "duplicate_period", "jsonstat_value_true")


def chain(n: int) -> dict[str, str]:
    """``n`` scenario files, each extending the next, the last extending ``small.toml``."""
    files = {f"chain-{i:04d}.toml": f'extends = "chain-{i + 1:04d}.toml"\n' for i in range(1, n)}
    files[f"chain-{n:04d}.toml"] = 'extends = "small.toml"\n'
    return files


def _headers(text: str) -> dict[str, str]:
    """The ``# key: value`` comment lines at the top of a file."""
    out = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        out[key.strip()] = value.strip()
    return out


def _expect(headers: dict[str, str]) -> str:
    return headers.get("expect", "refuse").split()[0]


def load_case(path: Path) -> Case:
    """The case of one corpus file."""
    family = path.parent.name
    label = f"{family}/{path.name}"
    if family == "flags":
        lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
        headers = _headers(path.read_text())
        argv = shlex.split(lines[-1])
        return Case(family, label, {"data.tsv": SMALL_TSV}, argv, _expect(headers),
                    fifos=("pipe.toml",))
    content: str | bytes = path.read_bytes()
    headers: dict[str, str] = {}
    if path.suffix == ".toml":  # text: its placeholders ({ROOT}, {IN}) are filled
        content = content.decode()
        headers = _headers(content)
    files: dict[str, str | bytes] = {path.name: content}
    expect = _expect(headers)
    if family == "eurostat":
        expect = "accept" if path.stem == "valid" else (
            "either" if path.name.startswith(EUROSTAT_EITHER) else "refuse")
    if family == "scenario":
        files |= {"secret.toml": SECRET_TOML}
        if "chain" in path.name:
            files |= chain(1000)
    command = headers.get("tremplin", COMMANDS[family]).replace("{FILE}", "{IN}/" + path.name)
    return Case(family, label, files, shlex.split(command), expect, fifos=("pipe.toml",))


def cases() -> list[Case]:
    """Every corpus case, sorted by family and name, and the generated gzip bomb."""
    out = [load_case(p) for p in sorted(HERE.glob("*/*")) if p.is_file()]
    out.append(Case("eurostat", "eurostat/gzip_bomb.tsv.gz (built: 2 MB -> 2 GB)",
                    {"bomb.tsv.gz": bomb()}, ["eurostat", "{IN}/bomb.tsv.gz"], "refuse"))
    return out
