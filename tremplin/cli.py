"""Tremplin: runs, batches, sensitivity analysis, calibration and the workshop dashboard.

The ``tremplin`` command is one entry point; each part registers its own sub-commands.

Bad input (scenario files, flags) ends with one clear line per problem on stderr and exit
status 2; nothing is written for a run that could not start, and a run's outputs are written
only once it has finished.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

from . import __version__
from .errors import TremplinError

# Modules that add their own sub-commands with ``register(subparsers)``; they import heavy
# libraries (Dask, SALib, Solara) only inside their command functions, so --help stays fast.
PLUGINS = ("tremplin.model.cli", "tremplin.experiments.cli", "tremplin.calibration.cli",
           "tremplin.dashboards.cli")


def integer(name: str, lo: int | None = 0, hi: int | float | None = None) -> Callable[[str], int]:
    """An argparse ``type`` for an integer flag in ``lo..hi`` that names the flag when refused.

    The one integer parser of every sub-command (seeds, months, replications, workers, ports).
    """

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be an integer, got {text!r}") from None
        if hi is not None and lo is not None and not lo <= v <= hi:
            top = hi if isinstance(hi, int) else f"{hi:g}"
            raise argparse.ArgumentTypeError(f"{name} must be from {lo} to {top}, got {v}")
        if lo is not None and v < lo:
            raise argparse.ArgumentTypeError(f"{name} must be >= {lo}, got {v}")
        return v

    return parse


def output_path(text: str) -> str:
    """An argparse ``type`` for ``--out``: a path, never empty (an empty value would silently
    mean the default folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("--out must name a folder or file, got an empty value")
    if "\0" in text:
        raise argparse.ArgumentTypeError("--out must not contain a NUL character")
    return text


class Parser(argparse.ArgumentParser):
    """Refuses bad flags in one line with exit status 2, without a usage dump."""

    def error(self, message: str) -> None:
        sys.stderr.write(f"tremplin: {message} (see 'tremplin {self.prog.split()[-1]} --help')\n"
                         if " " in self.prog else f"tremplin: {message} (see 'tremplin --help')\n")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(prog="tremplin", description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="version", version=f"tremplin {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name in PLUGINS:  # the model, experiment, calibration and dashboard commands
        importlib.import_module(name).register(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except TremplinError as e:
        print(f"tremplin: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except OSError as e:  # e.g. an --out folder that cannot be written
        where = f"{e.filename}: " if e.filename else ""
        print(f"tremplin: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tremplin: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
