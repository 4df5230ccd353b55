"""Hostile scenario files (issue 16): each is refused through the real command in one line
naming the file, the field and what is allowed (exit status 2, nothing written), whether it
used to crash, hang or be accepted; ``extends`` reads only bounded regular ``.toml`` files and
never quotes what a file the user did not write contains."""

from __future__ import annotations

import math
import os
import signal
from pathlib import Path

import pytest

from tremplin.errors import MAX_TOML_BYTES, MAX_TOML_DEPTH, TremplinError, read_toml
from tremplin.model.params import REGISTRY, SHARE_GROUPS, SHARE_TOLERANCE
from tremplin.model.scenario import (
    MAX_EXTENDS,
    MAX_LINES,
    NAME_MAX,
    ScenarioError,
    load,
    name_from_file,
    replace,
    safe_name,
)

SMALL_TOWN = ("[population]\nmigrants = 300\nnatives = 900\n[labour_market]\nemployers = 40\n"
              "[run]\nburn_in_months = 3\n")
NAME_ALLOWED = "letters, digits, spaces or _ . - + ( )"

# file text -> what the one line must say (after the file's name); each case crashed, was
# accepted or blew up before
HOSTILE = {
    # structure before values (TypeError, ValueError or silently accepted before)
    "preset_list": ("[regularisation]\npreset = [1]\n",
                    "[regularisation] preset = [1]: must be one of 'custom'"),
    "section_string": ('regularisation = "abc"\n',
                       "regularisation = 'abc': must be a table ([regularisation]"),
    "section_pairs": ('regularisation = [["preset","custom"],["regime","none"]]\n',
                      "must be a table ([regularisation] and its keys), not an array"),
    "internal_key": ("__origins__ = 1\n", "unknown key or section '__origins__' (allowed: name"),
    "private_key": ("_files = []\n", "unknown key or section '_files'"),
    "private_field": ("[subsidy]\n_x = 1\n", "[subsidy] _x: unknown key (allowed in [subsidy]"),
    "key_with_newline": ('[subsidy]\n"a\\nb" = 1\n', "[subsidy] 'a\\nb': unknown key"),
    "long_key": (f"{'k' * 5000} = 1\n", "unknown key or section 'kkkkkkkkkkkkkkkkk...kkk"),
    "bool_for_float": ("[subsidy]\nstart_share = true\n",
                       "[subsidy] start_share = True: must be a number from 0 to 1"),
    "bool_for_int": ("[population]\nmigrants = false\n",
                     "[population] migrants = False: must be an integer"),
    "date_for_int": ("[run]\nmonths = 1979-05-27\n", "[run] months = datetime.date(1979, 5, 27)"),
    "nan": ("[subsidy]\nstart_share = nan\n", "[subsidy] start_share = nan: must be a number"),
    "inf": ("[municipality]\nlot_eur_per_year = inf\n", "lot_eur_per_year = inf: must be"),
    "minus_inf": ("[municipality]\nlot_eur_per_year = -inf\n", "lot_eur_per_year = -inf"),
    "name_not_string": ("name = 5\n", "name: must be a string, not a number"),
    "description_table": ("[description]\nx = 1\n", "description: must be a string, not a table"),
    "extends_not_string": ('extends = ["baseline"]\n', "extends: must be a string, not an array"),
    "extends_empty": ('extends = ""\n', "extends = '': must be a file name"),
    # nesting (RecursionError before) and size
    "deep_500": ("x = " + "[" * 500 + "]" * 500 + "\n", f"nested more than {MAX_TOML_DEPTH} deep"),
    "deep_9": ("x = " + "[" * 9 + "]" * 9 + "\n", f"nested more than {MAX_TOML_DEPTH} deep"),
    "too_big": ("#" + "x" * MAX_TOML_BYTES + "\n", f"more than the {MAX_TOML_BYTES:,} bytes"),
    # rules across fields (validated, then crashed or ran nonsense)
    "founders_min_above_max": ("[cooperatives]\nfounders_min = 20\n",
                               "[cooperatives] founders_min = 20 and founders_max = 8: "
                               "founders_min must not exceed founders_max"),
    "founders_max_below_min": ("[cooperatives]\nfounders_max = 2\n",
                               "founders_min = 3 and founders_max = 2"),
    "education_shares": ("[population]\nshare_tertiary = 1.0\nshare_medium = 1.0\n",
                         "[population] share_tertiary + share_medium = 2: must be shares that add"
                         " up to at most 1"),
    "initial_status_shares": ("[population]\ninitial_share_undocumented = 1.0\n"
                              "initial_share_asylum = 1.0\ninitial_share_protected = 1.0\n"
                              "initial_share_long_term = 1.0\n", "= 4: must be shares"),
    "arrival_shares": ("[population]\narrival_share_undocumented = 0.6\n"
                       "arrival_share_asylum = 0.6\n", "the rest is arrivals with a first permit"),
    "permit_shares": ("[population]\npermit_share_employment = 0.7\n"
                      "permit_share_education = 0.7\n", "the rest is permits for family"),
    # names that become folders (item 3)
    "name_up": ('name = "../../x"\n', f"name = '../../x': must be 1 to {NAME_MAX} {NAME_ALLOWED}"),
    "name_absolute": ('name = "/tmp/x"\n', "name = '/tmp/x': must be"),
    "name_dotdot": ('name = ".."\n', "name = '..': must be"),
    "name_nul": ('name = "a\\u0000b"\n', "name = 'a\\x00b': must be"),
    "name_hidden": ('name = ".x"\n', "name = '.x': must be"),
    "name_backslash": ('name = "a\\\\b"\n', "name = 'a\\\\b': must be"),
    "name_too_long": (f'name = "{"a" * (NAME_MAX + 1)}"\n', "must be 1 to 64"),
}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_line(res, path: Path, *wanted: str) -> str:
    assert res.code == 2, res
    assert len(res.err_lines) == 1, res.err
    line = res.err_lines[0]
    assert line.startswith(f"tremplin: {path}: "), line
    for text in wanted:
        assert text in line, f"{text!r} not in {line!r}"
    return line


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_gets_one_line(cli, tmp_path, command, case):
    text, wanted = HOSTILE[case]
    path = _write(tmp_path, f"{case}.toml", text)
    out = tmp_path / "out"
    argv = ["validate", path] if command == "validate" else ["run", path, "--months", "1",
                                                              "--out", out]
    _one_line(cli(*argv), path, wanted)
    assert not out.exists()


def test_many_problems_are_counted_past_the_first_lines(cli, tmp_path):
    path = _write(tmp_path, "many.toml", "[subsidy]\n" + "".join(
        f"x{i} = 1\n" for i in range(MAX_LINES + 10)))
    res = cli("validate", path)
    assert res.code == 2 and len(res.err_lines) == MAX_LINES + 1, res.err
    assert res.err_lines[-1] == "... and 10 more problems"


def test_minus_zero_is_zero_and_runs(cli, tmp_path):
    """``demand_volatility = -0.0`` is in range, and used to crash numpy (``scale < 0``)."""
    path = _write(tmp_path, "z.toml", SMALL_TOWN.replace("[run]", "[cooperatives]\n"
                                                         "demand_volatility = -0.0\n[run]"))
    assert math.copysign(1.0, load(path).cooperatives.demand_volatility) == 1.0
    res = cli("run", path, "--months", "1", "--out", tmp_path / "out")
    assert res.code == 0, res.err


def test_shares_may_exceed_one_by_the_stated_tolerance_only(tmp_path):
    keys = [k.split(".")[1] for k in SHARE_GROUPS[-1].keys]

    def shares(excess: float) -> Path:
        values = (0.6, 0.4 + excess, 0.0, 0.0)
        return _write(tmp_path, "s.toml", "[population]\n" + "".join(
            f"{k} = {v!r}\n" for k, v in zip(keys, values, strict=True)))

    assert sum(getattr(load(shares(SHARE_TOLERANCE / 2)).population, k) for k in keys) > 1
    with pytest.raises(ScenarioError, match="add up to at most 1"):
        load(shares(2 * SHARE_TOLERANCE))


def test_every_pair_of_every_rule_is_checked_in_code_too():
    """``replace`` (experiments, dashboard) goes through the same checks as a file."""
    base = load("baseline")
    for changes in ({"regularisation": {"preset": [1]}}, {"regularisation": "abc"},
                    {"cooperatives": {"founders_min": 9, "founders_max": 8}},
                    {"population": {"share_tertiary": 0.9, "share_medium": 0.2}}):
        with pytest.raises(ScenarioError):
            replace(base, changes)


# ---------------------------------------------------------------------- extends
def _chain(folder: Path, n: int) -> Path:
    for i in range(n):
        _write(folder, f"c{i}.toml", f'extends = "c{i + 1}.toml"\n' if i < n - 1 else "")
    return folder / "c0.toml"


def test_extends_chain_depth_is_bounded(cli, tmp_path):
    assert load(_chain(tmp_path, MAX_EXTENDS)).name == "c0"
    deep = tmp_path / "deep"
    deep.mkdir()
    head = _chain(deep, 1000)
    line = _one_line(cli("validate", head), head, "c0.toml: extends = 'c1.toml' -> ... -> ",
                     f"more than {MAX_EXTENDS} files in the extends chain")
    assert f"c{MAX_EXTENDS + 1}.toml" not in line


def test_extends_cycle_names_the_loop(cli, tmp_path):
    for a, b in (("a", "b"), ("b", "c"), ("c", "a")):
        _write(tmp_path, f"{a}.toml", f'extends = "{b}.toml"\n')
    _one_line(cli("validate", tmp_path / "a.toml"), tmp_path / "a.toml",
              f"-> {tmp_path / 'c.toml'}: extends = 'a.toml': loops back to")


def test_extends_only_a_toml_file(cli, tmp_path):
    _write(tmp_path, "parent.txt", "[population]\nmigrants = 400\n")
    (tmp_path / "link.toml").symlink_to(tmp_path / "parent.txt")
    for target in ("parent.txt", "link.toml"):
        child = _write(tmp_path, "child.toml", f'extends = "{target}"\n')
        _one_line(cli("validate", child), child, f"extends = '{target}': must name a .toml file")


def test_extends_a_file_too_big_names_the_extends_line(cli, tmp_path):
    big = _write(tmp_path, "big.toml", "#" * (MAX_TOML_BYTES + 1))
    child = _write(tmp_path, "child.toml", 'extends = "big.toml"\n')
    _one_line(cli("validate", child), child, f"extends = 'big.toml' -> {big}: ",
              f"more than the {MAX_TOML_BYTES:,} bytes")


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                    reason="FIFOs, /dev/zero and SIGALRM are POSIX")
def test_extends_a_device_or_fifo_is_refused_at_once(cli, tmp_path):
    """Both used to hang (a FIFO) or grow memory without end (``/dev/zero``); an alarm turns
    a hang back into a failure."""
    def hung(*_):
        raise TimeoutError("reading a device or FIFO hung")

    os.mkfifo(tmp_path / "fifo.toml")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        for target in ("/dev/zero", "fifo.toml"):
            child = _write(tmp_path, "child.toml", f'extends = "{target}"\n')
            _one_line(cli("validate", child), child, f"extends = '{target}': not a regular file")
            _one_line(cli("validate", tmp_path / target), tmp_path / target,
                      "not a regular file")
            with pytest.raises(TremplinError, match="not a regular file"):
                read_toml(tmp_path / target)  # the opened file's type, not the name's
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


SECRET = "hunter2"
FOREIGN = {  # a file the user did not write, reached through extends: named, never quoted
    "unknown_key": f'api_token = "{SECRET}"\n',
    "unknown_field": f"[subsidy]\n{SECRET} = 1\n",
    "bad_value": f'[subsidy]\nstart_share = "{SECRET}"\n',
    "bad_section": f'subsidy = "{SECRET}"\n',
    "bad_name": f'name = "../{SECRET}"\n',
    "syntax": f'x = "{SECRET}\n',
    "illegal_character": f"x = 1 \x01{SECRET}\n",
    "shares": "[population]\nshare_tertiary = 0.75\nshare_medium = 0.75\n",
    "order": "[cooperatives]\nfounders_min = 17\n",
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_extends_never_quotes_another_files_values(cli, tmp_path, case):
    parent = _write(tmp_path, "parent.toml", FOREIGN[case])
    child = _write(tmp_path, "child.toml", 'extends = "parent.toml"\n')
    res = cli("validate", child)
    assert res.code == 2 and res.err_lines, res.err
    said = res.err.replace(str(parent), "PARENT").replace(str(child), "CHILD")  # pytest-417...
    assert SECRET not in said and "0.75" not in said and "17" not in said, res.err
    assert all(f"{child}: extends = 'parent.toml' -> {parent}: " in line
               for line in (x.removeprefix("tremplin: ") for x in res.err_lines)), res.err


# ---------------------------------------------------------------------- names
def test_safe_names():
    for name in ("baseline", "Reserved procurement", "my plan (1)", "été+2", "a.b-c_d",
                 "a" * NAME_MAX):
        assert safe_name(name), name
    for name in ("", "..", "a..b", ".x", "-x", "x ", "x.", "a/b", "a\\b", "a:b", "a\nb",
                 "a\x00b", "\u0301x", "a" * (NAME_MAX + 1)):
        assert not safe_name(name), name


def test_a_file_without_a_name_gets_a_safe_one_from_its_file_name(tmp_path):
    assert load(_write(tmp_path, "plan, v2.toml", "")).name == "plan_ v2"
    assert load(_write(tmp_path, "...toml", "")).name == "scenario"
    for code in range(0, 0x3000, 7):  # bounded sweep of characters in every position
        stem = f"{chr(code)}a{chr(code)}{chr(code)}b{chr(code)}"
        assert safe_name(name_from_file(stem)), repr(stem)


def test_every_parameter_accepts_its_default_and_bounds_and_refuses_other_types():
    for p in REGISTRY.values():
        assert p.accepts(p.default), p.key
        for bound in (p.lo, p.hi):
            if bound is not None:
                assert p.accepts(p.type(bound)), p.key
        assert not p.accepts([p.default]) and not p.accepts({"x": p.default}), p.key
        assert not p.accepts(None), p.key
        if p.type is not bool:
            assert not p.accepts(True), p.key
