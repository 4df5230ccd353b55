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
    except RecursionError:  # tomllib recurses once per bracket: a value nested ~300 deep
        raise error(f"{path}: nested too deeply (arrays or tables within each other)") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not a text file (UTF-8 TOML expected)") from None
    except OSError as e:
        raise error(f"{path}: cannot read ({e.strerror})") from None


def one_line(text: str) -> str:
    """``text`` with its control characters escaped as Python writes them (``\\n``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown(value, width: int = 60) -> str:
    """``repr(value)`` cut to ``width`` characters: an error line stays one short line
    whatever was written (a value nested 500 deep, a long string)."""
    text = repr(value)  # control characters escaped: one line
    return text if len(text) <= width else text[:width - 3] + "..."
