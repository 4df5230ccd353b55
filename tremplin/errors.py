"""The one kind of error the ``tremplin`` command reports in a single line (exit status 2).

Every module that reads user input (scenario files, flags, data files, experiment and
calibration files) raises a subclass, so ``tremplin`` never shows a traceback for bad input.
"""

import os
import re
import stat
import tomllib
from pathlib import Path

MAX_TOML_BYTES = 1 << 20  # a scenario, experiment or calibration file is a few kB
MAX_TOML_DEPTH = 8  # tables and arrays nested in one another; the files use at most 4


class TremplinError(Exception):
    """A problem with the user's input, reported in one line naming the field and what is
    allowed."""


class UsageError(TremplinError):
    """A command-line problem to report in one line."""


def read_toml(path: Path, error: type[TremplinError] = TremplinError, *,
              quote: bool = True) -> dict:
    """The tables of a user's TOML file (scenario, experiment, calibration), or ``error``
    naming the file and what is wrong with it.

    Only a regular file of at most ``MAX_TOML_BYTES`` is read (a device such as ``/dev/zero``
    would never end, a FIFO would block), and tables and arrays nested more than
    ``MAX_TOML_DEPTH`` deep are refused. With ``quote=False`` (a file the user did not write,
    reached through ``extends``) a syntax error gives only its position, not the text there.
    """
    return parse_toml(_read_bounded(path, error), str(path), error, quote=quote)


def parse_toml(text: str, where: str, error: type[TremplinError] = TremplinError, *,
               quote: bool = True) -> dict:
    """The tables of TOML ``text`` (from ``where``: a file, an upload), or ``error`` in one
    line: a syntax error, or tables and arrays nested more than ``MAX_TOML_DEPTH`` deep
    (``tomllib`` itself recurses on deep nesting)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        detail = str(e) if quote else _position(str(e))
        raise error(f"{where}: not valid TOML ({detail})") from None
    except RecursionError:
        raise error(f"{where}: tables or arrays nested more than {MAX_TOML_DEPTH} deep") \
            from None
    if _depth(data) > MAX_TOML_DEPTH:
        raise error(f"{where}: tables or arrays nested more than {MAX_TOML_DEPTH} deep")
    return data


def _read_bounded(path: Path, error: type[TremplinError]) -> str:
    """The text of ``path`` if it is a regular file of at most ``MAX_TOML_BYTES`` in UTF-8.

    The type is checked on the opened file (not the name), so a file swapped for a FIFO or a
    device between the check and the read is still refused; the read is bounded as well.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise error(f"{path}: cannot read ({e.strerror})") from None
    except ValueError:  # a NUL in the name
        raise error(f"{path}: cannot read (not a valid file name)") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{path}: not a regular file (a TOML file is expected)")
        if st.st_size > MAX_TOML_BYTES:
            raise error(f"{path}: {st.st_size:,} bytes, more than the {MAX_TOML_BYTES:,} bytes "
                        f"allowed for a TOML file")
        try:
            data = f.read(MAX_TOML_BYTES + 1)
        except OSError as e:
            raise error(f"{path}: cannot read ({e.strerror})") from None
    if len(data) > MAX_TOML_BYTES:
        raise error(f"{path}: more than the {MAX_TOML_BYTES:,} bytes allowed for a TOML file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: not a text file (UTF-8 TOML expected)") from None


def _position(message: str) -> str:
    """Where a TOML syntax error is (``at line 3, column 5``), without the text found there."""
    m = re.search(r"\((at [^()]*)\)\s*$", message)
    return m.group(1) if m else "syntax error"


def _depth(data: object) -> int:
    """How deep tables and arrays nest in ``data`` (a scalar is 0), without recursion."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth + 1)
        todo.extend((child, depth + 1) for child in children)
    return deepest
