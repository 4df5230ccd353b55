"""Scenario files: TOML with ``extends``, validated against the parameter registry.

A scenario file states only what differs from the file it extends::

    extends = "baseline"
    name = "reserved_procurement"
    [reserved_procurement]
    enabled = true
    reserved_share = 0.3

``extends`` names a ``.toml`` file next to this one or, failing that, a shipped scenario
(``baseline`` or ``baseline.toml``), so a scenario kept anywhere can build on a shipped one.

Validation goes structure first, then values, then rules across fields, each from
``params``: every key a section or ``name``/``description``/``extends``, every section a table,
every value its parameter's type and range (``Param.accepts``), all checked before a preset or
a default fills anything in; then ``params.ORDERED`` pairs and ``params.SHARE_GROUPS``. Each
problem is one line naming the file, the field and what is allowed. A value is quoted only from
the file the user named: a file reached through ``extends`` is named with the ``extends`` line
that led there, never with what it contains. ``name`` becomes a folder name, so a file's name
must be a safe one (``safe_name``).
"""

from __future__ import annotations

import difflib
import reprlib
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from tremplin.errors import TremplinError, read_toml
from tremplin.shipped import SUFFIX, ShippedFiles

from .params import (
    ORDERED,
    PRESETS,
    REGISTRY,
    SECTIONS,
    SHARE_GROUPS,
    SHARE_TOLERANCE,
    section_params,
)

META_KEYS = ("name", "description", "extends")
MAX_EXTENDS = 16  # files in one extends chain, counting the one named
MAX_LINES = 20  # problems listed for one scenario (the rest are counted)
NAME_MAX = 64
NAME_RULE = (f"1 to {NAME_MAX} letters, digits, spaces or _ . - + ( ), starting with a letter "
             f"or digit, not ending with a space or dot, without '..'")
_NAME_MARKS = " _.-+()"
_SHOW = reprlib.Repr(maxlevel=2, maxlist=4, maxdict=4, maxstring=40, maxother=40)


class ScenarioError(TremplinError, ValueError):
    """A scenario file could not be read or does not validate; the message says why."""


def _field(p) -> tuple[Any, Any]:
    if p.choices:
        return Literal[p.choices], p.default  # type: ignore[valid-type]
    if p.type is bool:
        return Annotated[bool, Field(strict=True)], p.default
    kw = {}
    if p.lo is not None:
        kw["ge"] = p.lo
    if p.hi is not None:
        kw["le"] = p.hi
    typ = int if p.type is int else float
    return Annotated[typ, Field(strict=True, **kw)], p.default


_STRICT = ConfigDict(extra="forbid", frozen=True)

SECTION_MODELS: dict[str, type[BaseModel]] = {
    s: create_model(
        f"{s.title().replace('_', '')}Section",
        __config__=_STRICT,
        **{p.name: _field(p) for p in section_params(s)},
    )
    for s in SECTIONS
}

Scenario = create_model(
    "Scenario",
    __config__=_STRICT,
    name=(str, "unnamed"),
    description=(str, ""),
    **{s: (m, m()) for s, m in SECTION_MODELS.items()},
)
Scenario.__doc__ = "A validated scenario: one attribute per registry section."


SHIPPED = ShippedFiles("tremplin.scenarios", "scenario", ScenarioError)


def builtin_dir() -> Path:
    """Folder of the scenarios shipped with the package."""
    return SHIPPED.folder


def safe_name(name: str) -> bool:
    """Whether ``name`` can become a folder name as it is (``NAME_RULE``): no separator, no
    ``..``, no control character, no hidden or over-long name."""
    return (0 < len(name) <= NAME_MAX and name[0].isalnum() and name[-1] not in " ."
            and ".." not in name
            and all(c.isalnum() or c in _NAME_MARKS or unicodedata.category(c).startswith("M")
                    for c in name))


def name_from_file(stem: str) -> str:
    """The name of a file that has no ``name`` of its own: its file name, made safe.

    A file name the user did not mean as a name is not refused: each character ``safe_name``
    does not allow becomes ``_``, and what may not start or end a name is dropped.
    """
    if safe_name(stem):
        return stem
    text = "".join(c if safe_name(f"a{c}a") else "_" for c in stem).replace("..", "__")
    while text and not text[0].isalnum():
        text = text[1:]
    text = text[:NAME_MAX].rstrip(" .")
    return text or "scenario"


@dataclass(frozen=True)
class Origin:
    """The file a value came from, as messages name it.

    Attributes:
        label: the file, after the ``extends`` lines that led to it
            (``a.toml: extends = 'b.toml' -> /x/b.toml``).
        own: the file the user named (or code's own overrides): its values may be quoted;
            a file reached through ``extends`` is named, never quoted.
    """

    label: str
    own: bool = True

    def show(self, value: Any) -> str:
        """`` = value`` to follow a field's name, if this file's values may be quoted."""
        return f" = {_SHOW.repr(value)}" if self.own else ""


def _key(name: str) -> str:
    """A key as written, or quoted and shortened if it could break the line or run long."""
    return name if name.isidentifier() and len(name) <= 40 else _SHOW.repr(name)


def _kind(value: Any) -> str:
    return {dict: "a table", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "a date or time")


def suggest(word: str, choices, *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices`` to a misspelt ``word``
    (``difflib``), else an empty string."""
    if not isinstance(word, str):
        return ""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean {found[0]!r}?)" if found else ""


def _elsewhere(name: str, section: str | None = None) -> str:
    """`` (it is a key of [s])`` when ``name`` is a key of another section: a key written
    under the wrong heading is the commonest slip after a typo."""
    homes = [p.section for p in REGISTRY.values() if p.name == name and p.section != section]
    return f" (it is a key of [{homes[0]}])" if homes else ""


# ---------------------------------------------------------------------- structure and values
def _check_meta(key: str, value: Any, origin: Origin, file: bool) -> str | None:
    if not isinstance(value, str):
        return f"{origin.label}: {key}: must be a string, not {_kind(value)}"
    if key == "name" and file and not safe_name(value):
        return f"{origin.label}: name{origin.show(value)}: must be {NAME_RULE}"
    if key == "extends" and not (0 < len(value) <= 4096 and value.isprintable()):
        return f"{origin.label}: extends{origin.show(value)}: must be a file name"
    return None


def _check_section(section: str, table: Any, origins: dict, default: Origin) -> list[str]:
    origin = origins.get((section,), default)
    if not isinstance(table, dict):
        return [f"{origin.label}: {section}{origin.show(table)}: must be a table "
                f"([{section}] and its keys), not {_kind(table)}"]
    out = []
    for name, value in table.items():
        where = origins.get((section, name), default)
        p = REGISTRY.get(f"{section}.{name}")
        if p is None:
            known = [q.name for q in section_params(section)]
            key = f"[{section}] {_key(name)}" if where.own else f"a key in [{section}]"
            hint = (suggest(name, known) or _elsewhere(name, section)) if where.own else ""
            out.append(f"{where.label}: {key}: unknown key{hint} (allowed in [{section}]: "
                       f"{', '.join(known)})")
        elif not p.accepts(value):
            hint = suggest(value, p.choices) if p.choices and where.own else ""
            out.append(f"{where.label}: [{section}] {name}{where.show(value)}: "
                       f"must be {p.allowed()}{hint}")
    return out


def _structure(data: dict, origins: dict, default: Origin, file: bool = False) -> list[str]:
    """Problems with the shape and values of ``data``, one line each, before anything is
    filled in: unknown or internal keys, a section that is not a table, a value not its
    field's type or out of its range.

    A ``file`` may also say ``extends``, and its ``name`` is the one that becomes a folder, so
    it must be ``safe_name``; code (the dashboard's copies) may name a scenario freely.
    """
    meta = META_KEYS if file else ("name", "description")
    out = []
    for key, value in data.items():
        origin = origins.get((key,), default)
        if key in SECTION_MODELS:
            out += _check_section(key, value, origins, default)
        elif key in meta:
            out += filter(None, [_check_meta(key, value, origin, file)])
        else:
            what = _SHOW.repr(key) if origin.own else "in the file"
            hint = (suggest(key, (*meta, *SECTIONS)) or _elsewhere(key)) if origin.own else ""
            out.append(f"{origin.label}: unknown key or section {what}{hint} (allowed: "
                       f"{', '.join((*meta, *SECTIONS))})")
    return out


def _sound(data: dict, origins: dict, default: Origin, file: bool = False) -> dict:
    """``data`` without the keys ``_structure`` refuses, so that the rules across fields can
    still be checked and every problem of a file listed at once."""
    meta = META_KEYS if file else ("name", "description")
    out = {}
    for key, value in data.items():
        if key in SECTION_MODELS and isinstance(value, dict):
            out[key] = {n: v for n, v in value.items()
                        if (p := REGISTRY.get(f"{key}.{n}")) is not None and p.accepts(v)}
        elif key in meta and _check_meta(key, value, origins.get((key,), default),
                                         file) is None:
            out[key] = value
    return out


def _refuse(problems: list[str]) -> None:
    if problems:
        extra = len(problems) - MAX_LINES
        shown = problems[:MAX_LINES] + ([f"... and {extra} more problems"] if extra > 0 else [])
        error = ScenarioError("\n".join(shown))
        error.lines = shown
        raise error


def problem_lines(error: Exception) -> list[str]:
    """The problems of a refusal one per line: those ``validate`` listed, or the whole
    message as one (a name quoted in it may hold a newline of its own, which the caller
    escapes)."""
    return list(getattr(error, "lines", None) or [str(error)])


def _zero_signs(data: dict) -> dict:
    """``-0.0`` read as 0.0: a range starting at 0 allows it, numpy's scales do not."""
    return {k: {n: v + 0.0 if type(v) is float else v for n, v in t.items()}
            if isinstance(t, dict) else t for k, t in data.items()}


# ---------------------------------------------------------------------- rules across fields
def _cross_field(data: dict, origins: dict, default: Origin) -> list[str]:
    """Problems with rules across fields (``params.ORDERED``, ``params.SHARE_GROUPS``), named
    after the user's own file if it set one of the fields, else the nearest that did."""
    def value(key: str) -> Any:
        section, name = key.split(".")
        return data.get(section, {}).get(name, REGISTRY[key].default)

    def origin(key: str) -> Origin:
        return origins.get(tuple(key.split(".")), default)

    def named(keys: tuple[str, ...]) -> Origin:
        found = [origin(k) for k in keys if tuple(k.split(".")) in origins]
        return next((o for o in found if o.own), found[0] if found else default)

    out = []
    for low, high in ORDERED:
        if value(low) > value(high):
            (section, lo), hi = low.split("."), high.split(".")[1]
            pair = " and ".join(f"{k.split('.')[1]}{origin(k).show(value(k))}"
                                for k in (low, high))
            out.append(f"{named((low, high)).label}: [{section}] {pair}: {lo} must not "
                       f"exceed {hi}")
    for group in SHARE_GROUPS:
        total = sum(value(k) for k in group.keys)
        if total > 1 + SHARE_TOLERANCE:
            names = " + ".join(k.split(".")[1] for k in group.keys)
            shown = f" = {total:g}" if all(origin(k).own for k in group.keys) else ""
            out.append(f"{named(group.keys).label}: [{group.keys[0].split('.')[0]}] "
                       f"{names}{shown}: must be {group.allowed()}")
    return out


def _apply_preset(data: dict, origin: Origin) -> dict:
    """Fill regularisation fields from the named preset unless the scenario set them (a
    ScenarioError if the preset and the regime contradict each other)."""
    reg = data.get("regularisation", {})
    preset = reg.get("preset")
    if preset is None:
        preset = "custom" if "regime" in reg else REGISTRY["regularisation.preset"].default
    if preset == "custom":
        return {**data, "regularisation": {**reg, "preset": preset}}
    p = PRESETS[preset]
    if "regime" in reg and reg["regime"] != p.regime:
        # both are registry words (checked above), safe to name whichever file set them
        raise ScenarioError(
            f"{origin.label}: [regularisation] regime = {reg['regime']!r} contradicts preset "
            f"{preset!r} (which is {p.regime!r}); drop one, or use preset = 'custom'"
        )
    filled = {"regime": p.regime, **p.values, **reg, "preset": preset}
    return {**data, "regularisation": filled}


def validate(data: dict, where: str = "<scenario>", origins: dict | None = None) -> BaseModel:
    """Validate a nested dict; raise ScenarioError with one line per problem.

    ``origins`` maps ``(section, key)``, ``(section,)`` or ``(key,)`` to the ``Origin`` that
    set it, so a message names that file (default: ``where``, quoted).
    """
    origins = origins or {}
    default = Origin(where)
    problems = _structure(data, origins, default)
    data = _zero_signs(_sound(data, origins, default) if problems else data)
    try:  # every problem at once: the rules across fields of what is sound, too
        data = _apply_preset(data, origins.get(("regularisation",), default))
    except ScenarioError as e:
        _refuse([*problems, str(e)])
    _refuse(problems + _cross_field(data, origins, default))
    return Scenario.model_validate(data)


# ---------------------------------------------------------------------- files and extends
def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _parent(path: Path, parent: str, link: str, seen: list[Path]) -> Path:
    """The file ``extends = parent`` (written in ``path``) names, if it may be read next."""
    ppath = SHIPPED.resolve(parent, near=path.parent, label=link)
    real = ppath.resolve()
    if real.suffix != SUFFIX:
        raise ScenarioError(f"{link}: must name a {SUFFIX} file")
    if real in seen:
        raise ScenarioError(f"{link}: loops back to {real} (a file cannot extend itself)")
    if len(seen) >= MAX_EXTENDS:
        raise ScenarioError(f"{link}: more than {MAX_EXTENDS} files in the extends chain "
                            f"(at most {MAX_EXTENDS})")
    return real


def _chain_label(links: list[str]) -> str:
    shown = links if len(links) <= 3 else [links[0], "...", links[-1]]
    return " -> ".join(shown)


def read_chain(path: Path) -> list[tuple[Origin, dict]]:
    """The files of ``path``'s ``extends`` chain, ``path`` first, each checked for structure
    and values on its own (so a message names the file that is wrong).

    A parent is read only if it is a regular ``.toml`` file (``read_toml``) not already in
    the chain, and the chain holds at most ``MAX_EXTENDS`` files.
    """
    layers, problems = _read_chain(path)
    _refuse(problems)
    return layers


def _read_chain(path: Path) -> tuple[list[tuple[Origin, dict]], list[str]]:
    """``read_chain`` without refusing the problems of structure and values: the layers
    (without their refused keys) and the problems, so that ``load`` can add the rules across
    fields and list every problem at once. A file that cannot be read, or a broken chain,
    is refused at once."""
    origin, links, seen, layers, problems = Origin(str(path)), [], [path.resolve()], [], []
    while True:
        try:
            raw = read_toml(path, ScenarioError, quote=origin.own)
        except ScenarioError as e:
            raise ScenarioError(f"{_chain_label(links)} -> {e}" if links else str(e)) from None
        found = _structure(raw, {}, origin, file=True)
        if found:
            problems += found
            raw = _sound(raw, {}, origin, file=True)
        layers.append((origin, raw))
        if "extends" not in raw:
            return layers, problems
        link = f"{origin.label if not links else path}: extends = {raw['extends']!r}"
        links.append(link)
        path = _parent(path, raw["extends"], _chain_label(links), seen)
        seen.append(path)
        origin = Origin(f"{_chain_label(links)} -> {path}", own=False)


def _origins(layers: list[tuple[Origin, dict]]) -> dict:
    """``(section, key)`` and ``(key,)`` to the nearest file of the chain that set it."""
    out: dict = {}
    for origin, raw in reversed(layers):  # the named file last, so it wins
        out.update({(k,): origin for k in raw})
        out.update({(s, k): origin for s, t in raw.items() if isinstance(t, dict) for k in t})
    return out


def load(ref: str | Path, overrides: dict | None = None,
         overrides_from: str = "<overrides>") -> BaseModel:
    """Read, merge (``extends``) and validate a scenario file, then ``overrides``
    (``{section: {name: value}}``, named ``overrides_from`` in messages, e.g. ``--set``).

    Every problem is listed at once: those of structure and values of each file of the
    chain, then the rules across fields of what is sound."""
    path = SHIPPED.resolve(ref)
    layers, problems = _read_chain(path)
    raw: dict = {}
    for _, layer in reversed(layers):
        raw = _merge(raw, {k: v for k, v in layer.items() if k != "extends"})
    origins = _origins(layers)
    if overrides:
        raw = _merge(raw, overrides)
        here = Origin(overrides_from)
        origins.update({(s, k): here for s, t in overrides.items() if isinstance(t, dict)
                        for k in t})
        origins.update({(s,): here for s in overrides})
    if "name" not in layers[0][1]:  # a file without a name of its own is named after itself
        raw["name"] = name_from_file(path.stem)
    if problems:  # the files' own problems first, then what the rest still breaks
        try:
            validate(raw, where=str(path), origins=origins)
        except ScenarioError as e:
            problems += [line for line in problem_lines(e)
                         if line not in problems and not line.startswith("... and ")]
        _refuse(problems)
    return validate(raw, where=str(path), origins=origins)


def to_dict(scn: BaseModel) -> dict:
    """The resolved scenario as plain nested data (for summaries and TOML export)."""
    return scn.model_dump()


def replace(scn: BaseModel, changes: dict[str, dict[str, Any]],
            where: str | None = None) -> BaseModel:
    """A copy of ``scn`` with ``{section: {name: value}}`` changed and re-validated; a
    problem names ``where`` (the file or flag the changes were written in, e.g.
    ``exp.toml: overrides``), by default ``<NAME with changes>``.

    Naming a regularisation ``preset`` (or a ``regime`` without one) starts that section from
    the preset (or the registry defaults), as it would in a file.
    """
    base = to_dict(scn)
    reg = changes.get("regularisation") if isinstance(changes, dict) else None
    if isinstance(reg, dict) and ("preset" in reg or "regime" in reg):
        base = {k: v for k, v in base.items() if k != "regularisation"}
    return validate(_merge(base, changes), where=where or f"<{scn.name} with changes>")


# ---------------------------------------------------------------------- --set
def parse_setting(text: str, flag: str = "--set") -> tuple[str, str, Any]:
    """``section.key=value`` as ``(section, key, value)``; the value is read as a TOML value
    (``true``, ``0.3``, ``"integrated"``), and a bare word that is not one as a string
    (``pathway.mode=integrated``). The key and value are checked later, with the scenario
    (``load(..., overrides)``), so the message can name the key and what it allows."""
    key, eq, value = text.partition("=")
    section, dot, name = key.strip().partition(".")
    if not (eq and dot and section and name and value.strip()):
        raise ScenarioError(f"{flag} {_SHOW.repr(text)}: expected section.key=value, e.g. "
                            f"{flag} subsidy.enabled=true")
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return section, name.strip(), parsed


def settings(texts: list[str] | None, flag: str = "--set") -> dict[str, dict[str, Any]]:
    """The ``--set`` flags as overrides ``{section: {key: value}}`` (the last of a repeated
    key wins, as in a file that extends another)."""
    out: dict[str, dict[str, Any]] = {}
    for text in texts or ():
        section, name, value = parse_setting(text, flag)
        out.setdefault(section, {})[name] = value
    return out
