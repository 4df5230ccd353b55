"""Shared helpers for the test suite: small towns, and the ``tremplin`` command in and out of
process."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tremplin.model.scenario import load, replace

# The smallest town that still has every mechanism at work (registry minimums: 50 migrants,
# 50 natives, 1 employer); short burn-in so a test model starts in milliseconds.
SMALL = {
    "population": {"migrants": 300, "natives": 900},
    "labour_market": {"employers": 40},
    "run": {"burn_in_months": 3},
    # the registry's count of enterprises is the steady state of a 2,000-migrant town; the
    # tests of awards need several in this one
    "cooperatives": {"initial_cooperatives": 6},
}

# The town of the paired lever-effect tests: 5,000 migrants, so a few tenths of a point show.
EFFECTS_TOWN = {
    "population": {"migrants": 5000, "natives": 15000},
    "labour_market": {"employers": 375},
    "cooperatives": {"initial_cooperatives": 15, "initial_communities": 5},
    "municipality": {"procurement_eur_per_year": 3_750_000.0},
    "run": {"burn_in_months": 3},
}


def small(ref="baseline", changes: dict | None = None):
    """A shipped (or given) scenario shrunk to a small town, with optional further changes."""
    scn = load(ref) if isinstance(ref, (str, Path)) else ref
    scn = replace(scn, SMALL)
    return replace(scn, changes) if changes else scn


def tremplin_command() -> list[str]:
    """The installed ``tremplin`` script next to this interpreter, else ``python -m``."""
    here = Path(sys.executable).parent
    for name in ("tremplin", "tremplin.exe"):
        if (here / name).exists():
            return [str(here / name)]
    return [sys.executable, "-m", "tremplin.cli"]


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def small_scenario():
    """``small(ref, changes)``: a scenario shrunk to a small town."""
    return small


@pytest.fixture
def cli(capsys):
    """Run ``tremplin ARGS`` in process; returns exit code, stdout and stderr.

    Argument errors end in ``SystemExit`` (argparse); any other exception escapes and fails the
    test, which is what a traceback would be from the command line.
    """
    from tremplin.cli import main

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


@pytest.fixture(scope="session")
def tremplin_cmd() -> list[str]:
    """The command line that starts ``tremplin`` in a fresh process."""
    return tremplin_command()
