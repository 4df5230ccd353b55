"""Write the golden indicator tables: ``python tests/golden/make_golden.py``.

The monthly indicator table of ``baseline`` and ``all_levers``, seeds 1-3, 36 months, written
with full float precision (pandas writes ``repr`` of each float, which reads back exactly).
Regenerate only in a commit that changes the model's behaviour on purpose, and say why in its
message; a refactor must leave these files byte-identical (``tests/test_golden.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIOS = ("baseline", "all_levers")
SEEDS = (1, 2, 3)
MONTHS = 36


def table(name: str, seed: int) -> str:
    """The monthly indicator table of one shipped scenario and seed, as CSV text."""
    from tremplin.model import load, run_scenario

    return run_scenario(load(name), seed=seed, months=MONTHS).timeseries.to_csv(index=False)


def path(name: str, seed: int) -> Path:
    return HERE / f"{name}_seed{seed}.csv"


def main() -> int:
    for name in SCENARIOS:
        for seed in SEEDS:
            path(name, seed).write_text(table(name, seed))
            print(f"wrote {path(name, seed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
