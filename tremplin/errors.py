"""The one kind of error the ``tremplin`` command reports in a single line (exit status 2).

Every module that reads user input (scenario files, flags, data files, experiment and
calibration files) raises a subclass, so ``tremplin`` never shows a traceback for bad input.
"""

import tomllib
from pathlib import Path


class TremplinError(Exception):
    """A problem with the user's input, reported in one line naming the field and what is
    allowed."""


class UsageError(TremplinError):
    """A command-line problem to report in one line."""


def read_toml(path: Path, error: type[TremplinError] = TremplinError) -> dict:
    """The tables of a user's TOML file (scenario, experiment, calibration), or ``error``
    naming the file and what is wrong with it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise error(f"{path}: not valid TOML ({e})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not a text file (UTF-8 TOML expected)") from None
    except OSError as e:
        raise error(f"{path}: cannot read ({e.strerror})") from None
