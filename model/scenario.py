"""Scenario files: TOML with ``extends``, validated against the parameter registry.

A scenario file states only what differs from the file it extends::

    extends = "baseline"
    name = "Reserved procurement"
    [reserved_procurement]
    enabled = true
    reserved_share = 0.3

``extends`` names a file next to this one or, failing that, a shipped scenario (``baseline``
or ``baseline.toml``), so a scenario kept anywhere can build on a shipped one.

Validation (pydantic models built from ``params.REGISTRY``) rejects unknown sections and keys,
wrong types and out-of-range values with a message naming the file, the field and what is
allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from tremplin.errors import TremplinError, read_toml
from tremplin.shipped import ShippedFiles

from .params import PRESETS, REGISTRY, SECTIONS, section_params

META_KEYS = ("name", "description", "extends")


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


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _read_raw(path: Path, chain: tuple[Path, ...] = ()) -> dict:
    path = path.resolve()
    if path in chain:
        raise ScenarioError(f"{path}: 'extends' loops back to itself")
    raw = read_toml(path, ScenarioError)
    parent = raw.pop("extends", None)
    origins = {(sec, k): str(path) for sec, v in raw.items() if isinstance(v, dict) for k in v}
    origins.update({(k,): str(path) for k in raw})
    if parent is None:
        return {**raw, "__files__": [str(path)], "__origins__": origins}
    if not isinstance(parent, str):
        raise ScenarioError(f"{path}: extends must be a file name (a string)")
    ppath = SHIPPED.resolve(parent, near=path.parent, label=f"{path}: extends = {parent!r}")
    base = _read_raw(ppath, (*chain, path))
    files = base.pop("__files__")
    base_origins = base.pop("__origins__")
    return {**_merge(base, raw), "__files__": [*files, str(path)],
            "__origins__": {**base_origins, **origins}}


def _apply_preset(data: dict, where: str) -> dict:
    """Fill regularisation fields from the named preset unless the scenario set them."""
    reg = dict(data.get("regularisation", {}))
    if not isinstance(reg, dict):
        return data
    preset = reg.get("preset")
    if preset is None:
        preset = "custom" if "regime" in reg else REGISTRY["regularisation.preset"].default
    if preset == "custom" or preset not in PRESETS:
        # unknown names are reported by validation
        return {**data, "regularisation": {**reg, "preset": preset}}
    p = PRESETS[preset]
    if "regime" in reg and reg["regime"] != p.regime:
        raise ScenarioError(
            f"{where}: [regularisation] regime = {reg['regime']!r} contradicts preset "
            f"{preset!r} (which is {p.regime!r}); drop one, or use preset = 'custom'"
        )
    filled = {"regime": p.regime, **p.values, **reg, "preset": preset}
    return {**data, "regularisation": filled}


def _describe(err: dict, where: str, origins: dict | None = None) -> str:
    loc = [str(x) for x in err["loc"]]
    if origins:
        where = origins.get(tuple(loc[:2]), origins.get(tuple(loc[:1]), where))
    typ = err["type"]
    if len(loc) >= 2 and loc[0] in SECTION_MODELS:
        key = f"{loc[0]}.{loc[1]}"
        field = f"[{loc[0]}] {loc[1]}"
        if typ == "extra_forbidden":
            known = ", ".join(p.name for p in section_params(loc[0]))
            return f"{where}: {field}: unknown key (allowed in [{loc[0]}]: {known})"
        p = REGISTRY.get(key)
        got = err.get("input")
        allowed = p.allowed() if p else err["msg"]
        return f"{where}: {field} = {got!r}: must be {allowed}"
    if typ == "extra_forbidden":
        return (f"{where}: unknown key or section '{loc[0]}' (allowed: "
                f"{', '.join((*META_KEYS, *SECTIONS))})")
    if loc and loc[0] in SECTION_MODELS and typ in ("model_type", "dict_type"):
        return f"{where}: '{loc[0]}' must be a table ([{loc[0]}])"
    return f"{where}: {'.'.join(loc)}: {err['msg']}"


def validate(data: dict, where: str = "<scenario>", origins: dict | None = None) -> BaseModel:
    """Validate a nested dict; raise ScenarioError with one line per problem.

    ``origins`` maps (section, key) to the file that set it, so a message names that file.
    """
    reg_file = (origins or {}).get(("regularisation",), where)
    data = _apply_preset(data, reg_file)
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        raise ScenarioError("\n".join(_describe(err, where, origins)
                                      for err in e.errors())) from None


def load(ref: str | Path, overrides: dict | None = None) -> BaseModel:
    """Read, merge (``extends``) and validate a scenario file."""
    path = SHIPPED.resolve(ref)
    raw = _read_raw(path)
    raw.pop("__files__")
    origins = raw.pop("__origins__")
    if overrides:
        raw = _merge(raw, overrides)
        origins.update({(sec, k): "<overrides>" for sec, v in overrides.items()
                        if isinstance(v, dict) for k in v})
    if origins.get(("name",)) != str(path.resolve()):
        raw["name"] = path.stem  # a file without a name of its own is named after itself
    return validate(raw, where=str(path), origins=origins)


def to_dict(scn: BaseModel) -> dict:
    """The resolved scenario as plain nested data (for summaries and TOML export)."""
    return scn.model_dump()


def replace(scn: BaseModel, changes: dict[str, dict[str, Any]]) -> BaseModel:
    """A copy of ``scn`` with ``{section: {name: value}}`` changed and re-validated.

    Naming a regularisation ``preset`` (or a ``regime`` without one) starts that section from
    the preset (or the registry defaults), as it would in a file.
    """
    base = to_dict(scn)
    reg = changes.get("regularisation") if isinstance(changes, dict) else None
    if isinstance(reg, dict) and ("preset" in reg or "regime" in reg):
        base = {k: v for k, v in base.items() if k != "regularisation"}
    return validate(_merge(base, changes), where=f"<{scn.name} with changes>")
