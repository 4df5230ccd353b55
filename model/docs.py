"""Generated sections of ``docs/ODD.md``: parameter, indicator and preset tables, and the
month's schedule.

The ODD text is written by hand; the tables are generated from the code (``params.REGISTRY``,
``params.PRESETS``, ``indicators.SPECS``, ``indicators.RUN_SUMMARY``, ``model.SCHEDULE``,
``levers.LEVERS``) between markers::

    <!-- BEGIN GENERATED: params-population -->
    ...
    <!-- END GENERATED: params-population -->

``write_odd`` replaces only what lies between markers and leaves the prose alone; a block the
document lacks is appended at the end. ``check_odd`` lists the blocks that differ from the code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import indicators
from .levers import HOOK_POINTS, LEVERS
from .model import schedule_lines
from .params import PRESETS, SECTIONS, Param, section_params

_BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)"
    r"(<!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)
ORPHAN = "_Generated section with no counterpart in the code any more: remove these markers._\n"


def _cell(x: Any) -> str:
    return str(x).replace("\n", " ").replace("|", r"\|")


def _toml(v: Any) -> str:
    """A value as it is written in a scenario file."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    return repr(v)


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _calibrated(p: Param) -> str:
    if not p.calibrate:
        return "no"
    if p.prior and p.prior_shape:
        kind, mean, sd = p.prior_shape
        return f"yes, prior {kind}({mean:g}, sd {sd:g}) on {p.prior[0]:g} to {p.prior[1]:g}"
    if p.prior:
        return f"yes, prior {p.prior[0]:g} to {p.prior[1]:g}"
    return "yes, over the allowed range"


def param_table(section: str) -> str:
    """The Markdown table of one registry section."""
    rows = [(f"`{p.key}`", f"`{_toml(p.default)}`", p.unit, p.allowed(), _calibrated(p),
             p.source, p.description) for p in section_params(section)]
    return _table(("parameter", "default", "unit", "allowed", "calibrated?", "source",
                   "description"), rows)


def _indicator_rows(specs: tuple[indicators.Indicator, ...]) -> list[tuple[str, ...]]:
    return [(f"`{s.name}`", s.kind.value, s.population, "yes" if s.headline else "",
             str(s.comparator) if s.comparator else "", s.definition) for s in specs]


_INDICATOR_HEADER = ("indicator", "kind", "who is counted", "headline", "Eurostat comparator",
                     "definition")


def indicator_table() -> str:
    """The columns of the monthly table, from ``indicators.SPECS``."""
    return _table(_INDICATOR_HEADER, _indicator_rows(indicators.SPECS))


def run_summary_table() -> str:
    """The measures of a whole run in ``summary.json``, from ``indicators.RUN_SUMMARY``."""
    return _table(_INDICATOR_HEADER, _indicator_rows(indicators.RUN_SUMMARY))


def preset_table() -> str:
    rows = [(f"`{name}`", f"`{p.regime}`",
             ", ".join(f"{k} = {_toml(v)}" for k, v in p.values.items()), p.source)
            for name, p in PRESETS.items()]
    return _table(("preset", "regime", "values", "source"), rows)


def schedule_list() -> str:
    """The month, step by step, as a numbered Markdown list (``model.SCHEDULE``)."""
    return "".join(f"{i}. {line}\n" for i, line in enumerate(schedule_lines(), 1))


def lever_table() -> str:
    """Each lever module: its section, monthly step, hooks and spending accounts."""
    rows = [(f"`levers.{lever.__name__.rsplit('.', 1)[1]}`", f"`[{lever.SECTION}]`",
             f"`{lever.STEP.__name__}`" if lever.STEP else "-",
             ", ".join(f"`{h}`" for h in lever.HOOKS) or "-",
             ", ".join(f"`{a}`" for a in lever.ACCOUNTS) or "-") for lever in LEVERS]
    return _table(("module", "section", "monthly step", "hook points", "spending accounts"), rows)


def hook_table() -> str:
    """Each hook point: how levers' values combine, which process asks, what it means."""
    rows = [(f"`{name}`", h.kind, h.asked_by, h.meaning) for name, h in HOOK_POINTS.items()]
    return _table(("hook point", "kind", "asked by", "meaning"), rows)


def generated() -> dict[str, str]:
    """Every generated block, by marker name, in document order."""
    out = {f"params-{s}": param_table(s) for s in SECTIONS}
    out["indicators"] = indicator_table()
    out["run-summary"] = run_summary_table()
    out["presets"] = preset_table()

    out["schedule"] = schedule_list()
    out["levers"] = lever_table()
    out["hook-points"] = hook_table()
    return out


def _blocks(text: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in _BLOCK.finditer(text)}


def check_odd(path: Path) -> list[str]:
    """Names of generated blocks that are missing, out of date, or no longer generated."""
    have = _blocks(Path(path).read_text(encoding="utf-8"))
    want = generated()
    stale = [name for name, body in want.items() if have.get(name) != body]
    return stale + [name for name in have if name not in want]


def write_odd(path: Path) -> None:
    """Rewrite the generated blocks of ``path`` in place; prose outside markers is kept."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# ODD+D description\n"
    want = generated()

    def fill(m: re.Match[str]) -> str:
        return m.group(1) + want.get(m["name"], ORPHAN) + m.group(4)

    text = _BLOCK.sub(fill, text)
    missing = [name for name in want if name not in _blocks(text)]
    if missing:
        text = text.rstrip("\n") + "\n\n## Generated tables not yet placed in the text\n"
        for name in missing:
            text += (f"\n<!-- BEGIN GENERATED: {name} -->\n{want[name]}"
                     f"<!-- END GENERATED: {name} -->\n")
    path.write_text(text, encoding="utf-8")
