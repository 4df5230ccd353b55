"""One hostile case, run through the real command line (``tremplin.cli.main``) in a forked
child, and the verdict on what the command did with it.

A case is a few input files and one command line. The child changes into a working folder
inside the case's own folder, limits its address space and its time, and calls ``main``; the
parent compares the case folder before and after, so a file written outside the output folder
is seen even when the command succeeded. Forking from a parent that has already imported the
heavy libraries costs milliseconds, where starting ``tremplin`` afresh costs over a second.

Verdicts: ``refused`` (exit 2, one line naming an input file, no traceback), ``accepted``
(exit 0, outputs present, the input was meant to be valid), and the bad ones: ``nonsense``
(a hostile input accepted), ``crashed`` (a traceback, another exit status, or a refusal that is
not one line), ``escaped`` (a file written outside the output folder), ``hung`` (past the
timeout) and ``memory`` (past the address-space limit).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

#: Verdicts, good ones first; the table prints one column each.
VERDICTS = ("refused", "accepted", "nonsense", "crashed", "escaped", "hung", "memory")
GOOD = frozenset({"refused", "accepted"})

#: A tiny valid town every generated scenario can extend: a run of it takes a fraction of a
#: second, so a hostile value is what makes a case slow, never the town.
SMALL_TOML = """\
name = "small"
[population]
migrants = 50
natives = 60
[labour_market]
employers = 4
[run]
months = 2
burn_in_months = 0
"""

#: A file whose values must never be printed by an error about another file that extends it.
SECRET = "hunter2-do-not-print"
SECRET_TOML = f'password = "{SECRET}"\n[population]\nmigrants = "{SECRET}"\n'

#: stderr lines a command prints on its way (not part of a refusal).
PROGRESS = ("running ", "batch: ", "sensitivity: ", "note: ", "calibrating ")
EXIT_TRACEBACK = 70
EXIT_MEMORY = 71


@dataclass
class Case:
    """One input for the command line.

    Attributes:
        family: ``scenario``, ``experiment``, ``eurostat`` or ``flags``.
        label: what the case is, for the table's examples.
        files: input files (name -> text or bytes), written in the case's ``in/`` folder.
        argv: the command line; ``{IN}``, ``{OUT}``, ``{CWD}`` and ``{ROOT}`` stand for the
            input folder, the output folder, the working folder and the case folder.
        expect: ``refuse`` (hostile), ``accept`` (valid) or ``either`` (both are correct).
        out_allowed: folders (relative to the working folder) the command may write into
            besides ``{OUT}``: the default output folder ``runs`` of a command without --out.
        fifos: names in ``in/`` to create as named pipes (a file that blocks when read).
    """

    family: str
    label: str
    files: dict[str, str | bytes]
    argv: list[str]
    expect: str = "either"
    out_allowed: tuple[str, ...] = ("runs",)
    fifos: tuple[str, ...] = ()

    def command(self, root: Path) -> list[str]:
        """The command line with its placeholders filled for a case folder ``root``."""
        return [fill(a, root) for a in self.argv]


@dataclass
class Outcome:
    """What the command did with a case."""

    verdict: str
    code: int | None
    err: str = ""
    detail: str = ""
    escaped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the table's examples (the detail, else the first stderr line)."""
        text = self.detail or next((ln for ln in self.err.splitlines() if ln.strip()), "")
        return text[:160]


def folders(root: Path) -> dict[str, Path]:
    """The case folder's parts; the working folder is four levels down, so a name climbing
    up to four levels (``../../x``) still lands inside the case folder, where it is seen."""
    cwd = root / "w" / "w" / "w" / "cwd"
    return {"ROOT": root, "IN": root / "in", "CWD": cwd, "OUT": cwd / "out"}


def fill(text: str, root: Path) -> str:
    """``text`` with ``{IN}``, ``{OUT}``, ``{CWD}`` and ``{ROOT}`` replaced (other braces
    kept: TOML inline tables use them)."""
    for key, path in folders(root).items():
        text = text.replace("{" + key + "}", str(path))
    return text


def materialise(case: Case, root: Path) -> None:
    """Write a case's input files (placeholders filled) and its folders under ``root``."""
    parts = folders(root)
    parts["IN"].mkdir(parents=True)
    parts["CWD"].mkdir(parents=True)
    (parts["IN"] / "small.toml").write_text(SMALL_TOML)
    for name, content in case.files.items():
        path = parts["IN"] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(fill(content, root), encoding="utf-8", errors="surrogatepass")
    for name in case.fifos:
        os.mkfifo(parts["IN"] / name)


def snapshot(root: Path) -> set[str]:
    """Every path under ``root`` (relative), folders included."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            out.add(os.path.relpath(os.path.join(dirpath, name), root))
    return out


def escapes(case: Case, root: Path, before: set[str]) -> list[str]:
    """New paths under the case folder outside the output folder and the allowed ones."""
    cwd = folders(root)["CWD"]
    allowed = [cwd / "out", *(cwd / a for a in case.out_allowed)]
    new = sorted(snapshot(root) - before)
    return [p for p in new
            if not any((root / p) == a or (root / p).is_relative_to(a) for a in allowed)
            and not (root / p).is_relative_to(root / "std")]


def warm() -> None:
    """Import what the commands import lazily, once, so that each forked child starts warm
    (cold, a child spends seconds importing pandas, pyarrow and matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import tremplin.calibration.eurostat
    import tremplin.cli
    import tremplin.experiments.batch
    import tremplin.experiments.report
    import tremplin.experiments.study
    import tremplin.model.run  # noqa: F401


def _child(argv: list[str], cwd: Path, std: Path, timeout: float, memory_mb: int) -> None:
    """In the forked child: limits, then ``main(argv)``; never returns."""
    try:
        os.setpgid(0, 0)  # its own group: whatever it starts (Dask workers) is ended with it
        out = os.open(std / "out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        err = os.open(std / "err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - the child exits, never closes
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        sys.stdin = open(os.devnull)  # noqa: SIM115
        os.chdir(cwd)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(max(1, int(timeout)))
        _few_malloc_arenas()
        limit = _address_space() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from tremplin.cli import main

        try:
            code = main(argv)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except MemoryError:
            code = EXIT_MEMORY
        except BaseException:
            traceback.print_exc()
            code = EXIT_TRACEBACK
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except BaseException:
        os._exit(EXIT_TRACEBACK)


def _few_malloc_arenas() -> None:
    """Cap glibc's malloc arenas: each new thread would otherwise reserve 64 MB of address
    space, and thread pools (pyarrow, BLAS) would hit the limit without using memory."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX


def _address_space() -> int:
    """This process's virtual size in bytes (the memory limit is set on top of it, since the
    imported libraries already reserve a lot of address space)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def start(case: Case, root: Path, timeout: float = 20, memory_mb: int = 1500
          ) -> tuple[int, set[str]]:
    """Write ``case`` under ``root`` (a fresh folder) and fork the child that runs it; the
    child's pid and the snapshot of the case folder before it ran."""
    materialise(case, root)
    (root / "std").mkdir()
    before = snapshot(root)
    argv = case.command(root)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _child(argv, folders(root)["CWD"], root / "std", timeout, memory_mb)
    return pid, before


def finish(case: Case, root: Path, pid: int, status: int, before: set[str]
           ) -> Outcome:
    """The verdict on a child that has ended with ``status`` (as from ``waitpid``)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)  # processes the child started and left behind
    err = (root / "std" / "err").read_text(errors="replace")
    out = (root / "std" / "out").read_text(errors="replace")
    return judge(case, root, status, out, err, escapes(case, root, before))


def run(case: Case, root: Path, timeout: float = 20, memory_mb: int = 1500) -> Outcome:
    """Run ``case`` in a forked child under ``root`` (a fresh folder) and judge it."""
    pid, before = start(case, root, timeout, memory_mb)
    _, status = os.waitpid(pid, 0)
    return finish(case, root, pid, status, before)


def judge(case: Case, root: Path, status: int, out: str, err: str,
          escaped: list[str]) -> Outcome:
    """The verdict of a finished child (``status`` as from ``waitpid``)."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGALRM:
            return Outcome("hung", None, err, "past the timeout")
        if sig == signal.SIGKILL:
            return Outcome("memory", None, err, "killed (SIGKILL: out of memory?)")
        return Outcome("crashed", None, err, f"killed by signal {signal.Signals(sig).name}")
    code = os.WEXITSTATUS(status)
    if escaped:
        return Outcome("escaped", code, err, "wrote " + ", ".join(escaped[:3]), escaped)
    if SECRET in err or SECRET in out:
        return Outcome("nonsense", code, err, "printed the values of a file it extends")
    if code == EXIT_MEMORY or "MemoryError" in err or "cannot allocate memory" in err:
        return Outcome("memory", code, err, "MemoryError")
    if "Traceback (most recent call last)" in err:
        last = [ln for ln in err.splitlines() if ln.strip()][-1]
        return Outcome("crashed", code, err, "traceback: " + last)
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith(PROGRESS)]
    if code == 2:
        return _refusal(case, root, err, lines)
    if code == 0:
        if case.expect == "refuse":
            return Outcome("nonsense", 0, err, "accepted: " + case.label)
        return Outcome("accepted", 0, err)
    return Outcome("crashed", code, err, f"exit status {code}")


#: a file with several problems gets one line for each, up to this many and a count line
MAX_PROBLEM_LINES = 21


def _refusal(case: Case, root: Path, err: str, lines: list[str]) -> Outcome:
    """Exit status 2: clean when each line states one problem (a few at most, then a count)
    and, for a file's case, names an input file."""
    if len(lines) > MAX_PROBLEM_LINES:
        return Outcome("crashed", 2, err, f"refusal in {len(lines)} lines")
    problems = [ln for ln in lines if not ln.startswith("... and ")]
    named = case.family == "flags" or all(_names_input(ln, root) for ln in problems)
    if not problems or not named:
        return Outcome("crashed", 2, err, "refusal names no input file: " + lines[0])
    if case.expect == "accept":
        return Outcome("nonsense", 2, err, "valid input refused: " + lines[0])
    return Outcome("refused", 2, err)


def _names_input(line: str, root: Path) -> bool:
    """Whether a refusal names the input file (or one it extends, or the shipped one)."""
    names = [p.name for p in folders(root)["IN"].iterdir()]
    return any(n in line for n in names) or ".toml" in line
