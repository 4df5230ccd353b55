"""The benchmark towns.

- ``baseline``: the default small town exactly as shipped (``scenarios/baseline.toml``).
- an integer N: the shipped ``scenarios/liege.toml`` scaled to N migrants. Natives, employers,
  cooperatives, communities and procurement scale with migrants (natives keep Liège's
  ``native_weight``); counts are rounded half up and clamped to the registry's allowed range.

Parsing size tokens needs only the standard library (the driver must not import tremplin);
building a scenario imports tremplin and so happens in the child process.
"""

from __future__ import annotations

import math
from typing import Any

BASELINE = "baseline"
DEFAULT_SIZES = ("1000", BASELINE, "10000", "40000")
REFERENCE = "liege"  # the shipped town the scaled sizes are proportional to

# (section, key) scaled in proportion to migrants; population.migrants sets the factor
SCALED = (
    ("population", "natives"),
    ("labour_market", "employers"),
    ("cooperatives", "initial_cooperatives"),
    ("cooperatives", "initial_communities"),
    ("municipality", "procurement_eur_per_year"),
)
KEPT = (("population", "native_weight"),)


def parse_sizes(text: str) -> list[str]:
    """``"1k,baseline,10000"`` -> ``["1000", "baseline", "10000"]``; raise ValueError."""
    out: list[str] = []
    for raw in text.split(","):
        tok = raw.strip().lower().replace("_", "")
        if not tok:
            continue
        if tok == BASELINE:
            out.append(BASELINE)
            continue
        mult = 1
        if tok.endswith("k"):
            tok, mult = tok[:-1], 1000
        try:
            value = float(tok) * mult
        except ValueError:
            raise ValueError(f"size {raw.strip()!r}: not a number of migrants or "
                             f"{BASELINE!r}") from None
        if value != int(value) or value < 1:
            raise ValueError(f"size {raw.strip()!r}: must be a positive whole number")
        out.append(str(int(value)))
    if not out:
        raise ValueError("no sizes given")
    return out


def label(size: str) -> str:
    """Short row label: ``1k``, ``40k``, ``baseline``."""
    if size == BASELINE:
        return BASELINE
    n = int(size)
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _clamp(key: str, value: Any) -> Any:
    from tremplin.model.params import REGISTRY

    p = REGISTRY[key]
    if p.lo is not None and value < p.lo:
        value = p.lo
    if p.hi is not None and value > p.hi:
        value = p.hi
    return p.type(value)


def changes_for(migrants: int) -> dict[str, dict[str, Any]]:
    """``scenario.replace`` changes that turn ``baseline`` into Liège scaled to ``migrants``."""
    from tremplin.model import scenario

    ref = scenario.load(REFERENCE)
    factor = migrants / ref.population.migrants
    changes: dict[str, dict[str, Any]] = {
        "population": {"migrants": _clamp("population.migrants", migrants)}
    }
    for section, key in SCALED:
        base = getattr(getattr(ref, section), key)
        value = base * factor
        if isinstance(base, int):
            value = _round_half_up(value)
        changes.setdefault(section, {})[key] = _clamp(f"{section}.{key}", value)
    for section, key in KEPT:
        changes.setdefault(section, {})[key] = getattr(getattr(ref, section), key)
    return changes


def build(size: str, months: int):
    """The validated scenario for a size token, with ``run.months`` set to ``months``."""
    from tremplin.model import scenario

    scn = scenario.load(BASELINE)
    changes = {} if size == BASELINE else changes_for(int(size))
    months = _clamp("run.months", months)
    changes.setdefault("run", {})["months"] = months
    return scenario.replace(scn, changes)
