"""Hypothesis strategies for hostile scenario files, experiment files and flag lines.

Scenario fields come from the parameter registry (``params.REGISTRY``: sections, names, types,
ranges, choices), so a new parameter is generated without a change here. Each strategy draws
either a valid value or a hostile one (wrong type, out of range, NaN/inf, -0.0, huge, nested
arrays and tables, unknown and internal keys, bad ``extends``, unsafe names) and returns a
``Case`` that knows which it drew: a hostile case must be refused, a valid one may run or be
refused by a rule across fields, and no case may crash, hang, exhaust memory or write outside
its output folder.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import tomli_w
from hypothesis import strategies as st

from tremplin.model.params import REGISTRY, SECTIONS, Param

from .cases import SECRET_TOML, Case

#: Parameters whose large (valid) values make a run big; drawn mostly small so that the
#: generated runs stay short, sometimes anywhere in range (the cost guards' business).
SIZE_KEYS = frozenset({"population.migrants", "population.natives", "labour_market.employers",
                       "run.months", "run.burn_in_months"})

#: Names that must never become a folder as written.
UNSAFE_NAMES = ("../../x", "..", ".", "../x", "{ROOT}/", "{ROOT}/abs", "a/b", "a\\b", "a\x00b",
                "a\nb", "\x1b[31mred", "", " ", "x" * 5000, "~", "-rf", "runs", "NUL",
                "..\\..\\x", "a/../../../b")

#: A file ``extends`` may name; the bad ones must be refused, none may hang or blow up.
BAD_EXTENDS = ("/dev/zero", "/dev/urandom", "pipe.toml", "/etc/passwd", "/etc/hostname",
               "secret.toml", "../../../../etc/passwd", "missing.toml", "", ".", "{IN}",
               "case.toml", "secret", "small.toml\x00.txt", "x" * 5000)

INTERNAL_KEYS = ("__origins__", "__files__", "__class__", "__dict__", "model_config",
                 "__proto__", "extends_", "Name")

finite = st.floats(allow_nan=False, allow_infinity=False)
#: Values of the wrong kind for any field (TOML can hold all of these).
junk = st.one_of(
    st.text(max_size=20),
    st.lists(st.integers(-3, 3), max_size=3),
    st.lists(st.lists(st.text(max_size=3), max_size=2), max_size=2),
    st.dictionaries(st.sampled_from(["a", "preset", "regime"]), st.integers(0, 3), max_size=2),
    st.just(dt.date(2020, 1, 1)),
    st.just(dt.time(12, 0)),
)
non_finite = st.sampled_from([math.nan, math.inf, -math.inf])
huge = st.sampled_from([1e308, -1e308, 2**63 - 1, -(2**63), 1e20, 10**18])


def valid_value(p: Param) -> st.SearchStrategy[Any]:
    """A value the registry allows for ``p``."""
    if p.choices:
        return st.sampled_from(p.choices)
    if p.type is bool:
        return st.booleans()
    lo = p.lo if p.lo is not None else 0
    hi = p.hi if p.hi is not None else lo + 1e6
    if p.type is int:
        full = st.integers(int(lo), int(hi))
        small = st.integers(int(lo), int(min(hi, lo + 3)))
    else:
        full = st.floats(lo, hi)
        small = st.floats(lo, min(hi, lo + 1)) | st.just(-0.0 if lo == 0 else float(lo))
    return st.one_of(small, small, small, full) if p.key in SIZE_KEYS else st.one_of(full, small)


def hostile_value(p: Param) -> st.SearchStrategy[Any]:
    """A value the registry does not allow for ``p``: another type, out of range, non-finite."""
    options = [junk, non_finite, huge]
    if p.choices:
        options.append(st.sampled_from([c.upper() for c in p.choices] + [" ", "custom "]))
        options.append(st.integers())
    elif p.type is bool:
        options.append(st.sampled_from([0, 1, "true", "yes", 1.0]))
    else:
        if p.lo is not None:
            options.append(st.floats(p.lo - 1e6, p.lo, exclude_max=True))
        if p.hi is not None:
            options.append(st.floats(p.hi, p.hi * 10 + 10, exclude_min=True))
        options.append(st.booleans())
        if p.type is int:
            options.append(st.floats(p.lo or 0, p.hi or 1e6).filter(lambda v: v != int(v)))
    return st.one_of(options)


params = st.sampled_from(sorted(REGISTRY.values(), key=lambda p: p.key))


def dump(doc: dict) -> str:
    """A document as TOML text (tomli_w writes NaN, infinities and escapes control
    characters as TOML allows)."""
    return tomli_w.dumps(doc)


@st.composite
def scenario_cases(draw: st.DrawFn) -> Case:
    """A scenario file built on ``small.toml`` with registry fields set to valid values and at
    most one hostile thing (a field's value, an internal or unknown key, a section that is not
    a table, a bad ``extends``), so that a refusal has exactly one thing to say; sometimes an
    unsafe ``name``. Run through run, compare, validate or batch."""
    doc: dict[str, Any] = {"extends": "small.toml"}
    for p in draw(st.lists(params, min_size=1, max_size=4, unique_by=lambda p: p.key)):
        doc.setdefault(p.section, {})[p.name] = draw(valid_value(p))
    hostile = draw(st.sampled_from(["none", "value", "value", "value", "internal", "unknown",
                                    "section", "extends"]))
    if hostile == "value":
        p = draw(params)
        doc.setdefault(p.section, {})[p.name] = value = draw(hostile_value(p))
        label = f"[{p.section}] {p.name} = {value!r}"
    elif hostile == "internal":
        key = draw(st.sampled_from(INTERNAL_KEYS))
        doc[key] = draw(st.integers(0, 2) | st.dictionaries(st.just("x"), st.just(1)))
        label = f"top-level key {key!r}"
    elif hostile == "unknown":
        section = draw(st.sampled_from(SECTIONS))
        doc.setdefault(section, {})[draw(st.sampled_from((*INTERNAL_KEYS, "unknown")))] = 1
        label = f"unknown key in [{section}]"
    elif hostile == "section":
        section = draw(st.sampled_from(SECTIONS))
        doc[section] = draw(junk.filter(lambda v: not isinstance(v, dict)) | non_finite)
        label = f"{section} = {doc[section]!r} (not a table)"
    elif hostile == "extends":
        doc["extends"] = draw(st.sampled_from(BAD_EXTENDS) | junk.filter(
            lambda v: v != "small.toml"))
        label = f"extends = {doc['extends']!r}"
    else:
        label = "valid fields: " + ", ".join(k for k, v in doc.items() if isinstance(v, dict))
    if draw(st.integers(0, 3)) == 0:
        doc["name"] = draw(st.sampled_from(UNSAFE_NAMES) | st.text(max_size=30))
        label += f"; name = {doc['name']!r}"
    return Case("scenario", label[:200], {"case.toml": dump(doc), "secret.toml": SECRET_TOML},
                draw(scenario_commands), "either" if hostile == "none" else "refuse",
                fifos=("pipe.toml",))


SCN = "{IN}/case.toml"
scenario_commands = st.sampled_from([
    ["run", SCN, "--months", "1", "--out", "{OUT}"],
    ["run", SCN, "--months", "1", "--out", "{OUT}"],
    ["run", SCN, "--months", "1", "--out", "{OUT}"],
    ["run", SCN, "--months", "1"],
    ["validate", SCN],
    ["compare", "{IN}/small.toml", SCN, "--months", "1", "--out", "{OUT}"],
    ["compare", "{IN}/small.toml", SCN, "--months", "1"],
    ["batch", "{IN}/small.toml", SCN, "-r", "1", "--months", "1", "--serial"],
])

# ---------------------------------------------------------------------------- experiments
NUMERIC = sorted(p.key for p in REGISTRY.values() if p.type in (int, float) and not p.choices)


@st.composite
def experiment_cases(draw: st.DrawFn) -> Case:
    """A small batch or sensitivity experiment file, with some settings made hostile."""
    kind = draw(st.sampled_from(["batch", "sensitivity"]))
    doc: dict[str, Any] = {"kind": kind, "name": draw(st.sampled_from(["exp", "small run"]))}
    if kind == "batch":
        doc |= {"scenarios": ["small.toml"], "replications": draw(st.integers(1, 2)),
                "months": 1, "seed": draw(st.integers(0, 5))}
    else:
        method = draw(st.sampled_from(["sobol", "morris"]))
        doc |= {"scenario": "small.toml", "method": method,
                "params": draw(st.lists(st.sampled_from(NUMERIC), min_size=1, max_size=2,
                                        unique=True)),
                "n": 2, "scrambles": 2, "months": 1, "levels": 2}
    label, expect = f"valid {kind} {doc.get('method', '')} {doc.get('params', '')}", "either"
    if draw(st.integers(0, 3)) > 0:
        key, value = draw(_experiment_damage(kind, doc.get("method")))
        doc[key] = value
        label = f"{kind}: {key} = {value!r}"
        # a name may be made safe; any text is a description
        text_ok = key == "name" or (key == "description" and isinstance(value, str))
        expect = "either" if text_ok else "refuse"
    argv = ["experiment", "{IN}/exp.toml", "--serial"]
    if draw(st.booleans()):
        argv += ["--out", "{OUT}"]
    return Case("experiment", label[:200], {"exp.toml": dump(doc)}, argv, expect)


def _experiment_damage(kind: str, method: str | None) -> st.SearchStrategy[tuple[str, Any]]:
    """One (key, hostile value) pair for an experiment file of ``kind`` (a sensitivity study
    by ``method``: Morris has no scramblings, so any number of them is harmless)."""
    # not ``out``: the folder a file names is the output folder its author chose
    common = st.tuples(st.sampled_from(["kind", "name", "description", "seed", "months",
                                        "replications", "overrides"]),
                       junk | non_finite | huge)
    size_keys = ["replications", "n", "months"] + (["scrambles"] if method != "morris" else [])
    sizes = st.tuples(st.sampled_from(size_keys),
                      st.sampled_from([0, -1, 1048576, 100000, 2**40]))
    named = st.tuples(st.just("name"), st.sampled_from(UNSAFE_NAMES))
    unknown = st.tuples(st.sampled_from((*INTERNAL_KEYS, "bogus")), st.integers())
    if kind == "batch":
        specific = st.tuples(st.sampled_from(["scenarios"]),
                             st.sampled_from([[], ["missing.toml"], ["small.toml"] * 2, [1],
                                              ["/dev/zero"], ["{IN}"], "small.toml"]))
    else:
        specific = st.sampled_from([
            ("params", []), ("params", ["nope.key"]), ("params", ["regularisation.regime"]),
            ("outputs", []), ("outputs", ["nope"]), ("tolerance", math.nan),
            ("tolerance", -1.0), ("tolerance", 0.0), ("tolerance", math.inf),
            ("level", 1.5), ("level", math.nan), ("level", 0.0), ("method", "sobol "),
            ("ranges", {"labour_market.discrimination": [0.5, 0.1]}),
            ("ranges", {"labour_market.discrimination": [math.nan, 1.0]}),
            ("ranges", {"x": [0.0, 1.0]}), ("second_order", 1), ("month", 10**9),
            ("month", -1)])
    return st.one_of(common, sizes, named, unknown, specific)


# ---------------------------------------------------------------------------- flag lines
bad_int = st.sampled_from(["-1", "nan", "1e3", "1.5", "", "0x10", "+", "inf", "--", "1.0"])
#: Counts so large that honouring them exhausts time or memory.
huge_count = st.sampled_from(["2" * 30, "100000000", str(2**31)])
bad_float = st.sampled_from(["nan", "-1", "inf", "-inf", "0", "1e999", "", "abc", "-0.0"])
#: Per command: (valid command line, [(flag, valid values, hostile values)]).
COMMANDS: dict[str, tuple[list[str], list[tuple[str, st.SearchStrategy, st.SearchStrategy]]]] = {
    "run": (["run", "{IN}/small.toml", "--out", "{OUT}"], [
        ("--seed", st.sampled_from(["0", "7"]), bad_int),
        ("--months", st.sampled_from(["1", "2"]), bad_int | st.just("601") | st.just("0")),
        ("--out", st.just("{OUT}"), st.sampled_from(["", "{IN}/small.toml", "/dev/null",
                                                     "{IN}/pipe.toml"]))]),
    "compare": (["compare", "{IN}/small.toml", "{IN}/small.toml", "--months", "1"], [
        ("--seed", st.sampled_from(["0", "3"]), bad_int),
        ("--months", st.sampled_from(["1"]), bad_int),
        ("--out", st.just("{OUT}"), st.sampled_from(["", "{IN}/small.toml"]))]),
    "validate": (["validate", "{IN}/small.toml"], [
        ("--show", st.just(None), st.sampled_from(["x"]))]),
    "batch": (["batch", "{IN}/small.toml", "--months", "1", "--serial", "--out", "{OUT}"], [
        ("-r", st.sampled_from(["1"]), bad_int | st.just("0") | huge_count),
        ("--seed", st.sampled_from(["0", "2"]), bad_int),
        ("--workers", st.nothing(), bad_int | st.just("0") | st.just("2") | huge_count)]),
    "sensitivity": (["sensitivity", "--scenario", "{IN}/small.toml", "--months", "1",
                     "--n", "2", "--scrambles", "2", "--serial", "--out", "{OUT}",
                     "--params", "labour_market.discrimination"], [
        ("--tolerance", st.sampled_from(["0.1"]), bad_float),
        ("--n", st.nothing(), bad_int | huge_count),
        ("--scrambles", st.nothing(), bad_int | huge_count),
        ("--method", st.sampled_from(["sobol", "morris"]), st.sampled_from(["SOBOL", ""])),
        ("--range", st.nothing(), st.sampled_from(
            ["labour_market.discrimination=nan:1", "labour_market.discrimination=0.5:0.1",
             "x=1:2", "=", "labour_market.discrimination=-inf:inf"])),
        ("--outputs", st.nothing(), st.sampled_from(["", ",", "nope", "employment_rate" * 50]))]),
    "calibrate": (["calibrate", "be_2019", "--out", "{OUT}"], [
        ("--budget", st.nothing(), st.sampled_from(
            ["particles=nan", "generations=inf", "minutes=-1", "particles=0", "foo=1",
             "particles", "particles=1e999", "seed=nan", "min_epsilon=nan", "report_seeds=0.5",
             "particles=1e12,generations=1e9", "max_simulations=-1"]))]),
    "eurostat": (["eurostat", "{IN}/data.tsv"], [
        ("--where", st.sampled_from(["geo=BE", "sex=T,geo=BE"]), st.sampled_from(
            ["geo", "=", "geo=", "nope=1", "a=b=c", ",,,", "=BE"]))]),
}

#: The small Eurostat TSV the eurostat flag lines read.
SMALL_TSV = ("freq,unit,sex,geo\\TIME_PERIOD\t2019 \t2020 \n"
             "A,PC,T,BE\t64.5 \t64.7 b\nA,PC,T,FR\t66.0 \t: \n")


@st.composite
def flag_cases(draw: st.DrawFn) -> Case:
    """A command line of one sub-command with each flag left out, valid or hostile."""
    name = draw(st.sampled_from(sorted(COMMANDS)))
    base, flags = COMMANDS[name]
    argv = list(base)
    hostile = [] if name != "calibrate" else [draw(st.sampled_from([f for f, _, _ in flags]))]
    if not hostile and draw(st.integers(0, 3)) > 0:
        hostile = [draw(st.sampled_from([f for f, _, _ in flags]))]
    for flag, good, bad in flags:
        if flag in hostile:
            value = draw(bad)
        elif not good.is_empty and draw(st.booleans()):
            value = draw(good)
        else:
            continue
        if flag in argv:  # a flag of the base line given again: its value is replaced
            argv[argv.index(flag) + 1] = value
        else:
            argv += [flag] if value is None else [flag, value]
    if not hostile and draw(st.integers(0, 9)) == 0:
        argv.append(draw(st.sampled_from(["--bogus", "extra"])))
        hostile.append(argv[-1])
    return Case("flags", " ".join(a if len(a) < 30 else a[:27] + "..." for a in argv[1:]),
                {"data.tsv": SMALL_TSV}, argv, "refuse" if hostile else "either",
                fifos=("pipe.toml",))
