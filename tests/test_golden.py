"""Golden files: a refactor leaves the model's monthly indicators byte-identical.

Written before the "one shape" refactor; regenerate them (``python tests/golden/make_golden.py``)
only in a commit that changes behaviour on purpose, with the reason in its message.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "make_golden", Path(__file__).parent / "golden" / "make_golden.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@pytest.mark.parametrize("name", golden.SCENARIOS)
@pytest.mark.parametrize("seed", golden.SEEDS)
def test_indicator_table_is_byte_identical(name: str, seed: int) -> None:
    stored = golden.path(name, seed).read_text()
    fresh = golden.table(name, seed)
    assert fresh.splitlines()[0] == stored.splitlines()[0], "indicator columns changed"
    diff = [i for i, (a, b) in enumerate(zip(fresh.splitlines(), stored.splitlines(), strict=True))
            if a != b]
    assert not diff, f"{name} seed {seed}: months {diff[:5]} differ from tests/golden"
