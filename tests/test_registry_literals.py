"""Every number that shapes behaviour lives in the registry (model/params.py), nowhere else.

The test parses each process module (``model/*.py`` and ``model/levers/*.py``) and fails on
any numeric literal other than 0 and 1, unless its line carries the marker
``# not behavioural`` (a unit conversion such as months per year, a capacity, a guard against
division by zero, a display size, a measurement definition such as the LFS age band). A
failure lists each offending literal as ``file:line: value | code`` so it can be moved into the
registry (or, if it is not behavioural, marked).

Left out, as plumbing that does not shape what simulated people do:

- ``params.py``: the registry itself (its numbers are the defaults, ranges and sources);
- ``docs.py``: generates the documentation from the registry and the indicator specs;
- ``cli.py``: prints tables (column widths, number formats);
- ``scenario.py``: reads and validates scenario files (limits on names, files and messages);
- ``run.py``: writes a run's results (JSON indentation, rounding of euros);
- ``cost.py``: estimates a run's memory and time before it starts (machine constants
  measured on the reference machine, refusal limits), never read by the simulation;
- ``__init__.py``: re-exports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[1] / "model"
MARKER = "# not behavioural"
PLUMBING = {"params.py", "docs.py", "cli.py", "scenario.py", "run.py", "cost.py",
            "__init__.py"}
ALLOWED = (0, 1)


def process_modules() -> list[Path]:
    """The modules whose numbers must come from the registry."""
    files = sorted(MODEL.glob("*.py")) + sorted((MODEL / "levers").glob("*.py"))
    return [f for f in files if f.name not in PLUMBING]


def _enum_codes(tree: ast.AST) -> set[int]:
    """Ids of the constants that number the members of an enumeration (``class Work(IntEnum):
    NONE = 0 ...``): codes, not quantities."""
    codes = set()
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef) and any(
                getattr(b, "id", "").endswith("Enum") for b in cls.bases):
            codes |= {id(stmt.value) for stmt in cls.body if isinstance(stmt, ast.Assign)}
    return codes


def behavioural_literals(source: str, filename: str) -> list[str]:
    """``file:line: value | code`` for each numeric literal other than 0 and 1 on a line
    without the marker (booleans are not numbers here; ``-2`` is the literal 2; the codes of an
    enumeration's members are names, not numbers)."""
    lines = source.splitlines()
    found = []
    tree = ast.parse(source, filename)
    codes = _enum_codes(tree)
    for node in ast.walk(tree):
        if id(node) in codes:
            continue
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
            continue
        if not isinstance(node.value, int | float | complex) or node.value in ALLOWED:
            continue
        line = lines[node.lineno - 1]
        if MARKER not in line:
            where = (node.lineno, node.col_offset)
            found.append((where, f"{filename}:{node.lineno}: {node.value!r} | {line.strip()}"))
    return [text for _, text in sorted(found)]


def marked_lines(source: str) -> int:
    """Lines on the allow-list (carrying the marker)."""
    return sum(MARKER in line for line in source.splitlines())


def _relative(path: Path) -> str:
    return str(path.relative_to(MODEL.parent))


@pytest.mark.parametrize("path", process_modules(), ids=_relative)
def test_no_behavioural_literal_outside_the_registry(path: Path) -> None:
    offending = behavioural_literals(path.read_text(encoding="utf-8"), _relative(path))
    assert not offending, ("numbers that shape behaviour belong in model/params.py (or mark a "
                           f"line '{MARKER}' if it is not behavioural):\n"
                           + "\n".join(offending))


def test_enum_codes_are_names_but_a_literal_in_an_enum_module_is_not() -> None:
    snippet = ("class Work(IntEnum):\n    NONE = 0\n    SSE = 2\n\n"
               "def pay(x):\n    return 2 * x\n")
    assert behavioural_literals(snippet, "model/x.py") == ["model/x.py:6: 2 | return 2 * x"]


def test_the_scan_catches_a_literal_and_names_its_line() -> None:
    snippet = "def hire(p):\n    odds = 0.7 * p\n    return odds > 0.5\n"
    assert behavioural_literals(snippet, "model/x.py") == [
        "model/x.py:2: 0.7 | odds = 0.7 * p",
        "model/x.py:3: 0.5 | return odds > 0.5",
    ]


def test_the_scan_allows_zero_one_booleans_strings_and_marked_lines() -> None:
    snippet = ("x = 0\ny = 1.0\nz = -1\nflag = True\nname = 'age 36'\n"
               "months = t / 12  # not behavioural: months per year\n")
    assert behavioural_literals(snippet, "model/x.py") == []
    assert marked_lines(snippet) == 1


def test_the_scan_sees_literals_in_every_position() -> None:
    snippet = ("def f(a, b=3):\n    return g(a, k=2.5)[4], -7, [a, 1e-3]\n")
    found = behavioural_literals(snippet, "m.py")
    assert [text.split(" |")[0] for text in found] == [
        "m.py:1: 3", "m.py:2: 2.5", "m.py:2: 4", "m.py:2: 7", "m.py:2: 0.001"]


def test_every_process_module_is_scanned() -> None:
    names = {_relative(p) for p in process_modules()}
    assert {"model/labour_market.py", "model/cooperatives.py", "model/levers/pathway.py",
            "model/indicators.py"} <= names
    assert not names & {f"model/{p}" for p in PLUMBING}
