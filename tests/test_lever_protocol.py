"""Every lever module follows the protocol of ``model/levers/__init__.py``: a registry section,
its spending accounts, its monthly step if any, named hooks that some process asks for, and its
plain words in English and French. Adding a lever then needs no edit to a list in the tests,
nor to the dashboard's words."""

from __future__ import annotations

import inspect
import pkgutil
import re
from pathlib import Path

import pytest

from tremplin.model import levers
from tremplin.model.levers import ACCOUNTS, HOOK_POINTS, LEVERS
from tremplin.model.model import SCHEDULE
from tremplin.model.params import LEVER_SECTIONS, section_params

MODEL = Path(levers.__file__).resolve().parents[1]
IDS = [lever.SECTION for lever in LEVERS]
LANGS = {"en", "fr"}
GUIDE_LINES = re.compile(r"\bL\d+")  # a line of the guide as indexed in facts.md, e.g. L1483


def test_every_module_in_the_levers_package_is_listed():
    found = {m.name for m in pkgutil.iter_modules(levers.__path__)}
    assert found == {lever.__name__.rsplit(".", 1)[1] for lever in LEVERS}


def test_levers_and_registry_lever_sections_are_the_same():
    sections = [lever.SECTION for lever in LEVERS]
    assert len(set(sections)) == len(sections)
    assert set(sections) == set(LEVER_SECTIONS)


@pytest.mark.parametrize("lever", LEVERS, ids=IDS)
def test_lever_declares_accounts_step_and_hooks(lever):
    assert isinstance(lever.ACCOUNTS, tuple)
    assert all(isinstance(a, str) and a for a in lever.ACCOUNTS)
    if lever.STEP is not None:
        assert callable(lever.STEP) and inspect.getdoc(lever.STEP)
        first, *rest = inspect.signature(lever.STEP).parameters.values()
        assert first.name == "model"
        assert all(p.default is not inspect.Parameter.empty for p in rest)
    for name, hook in lever.HOOKS.items():
        assert name in HOOK_POINTS, f"{lever.SECTION}: unknown hook point {name!r}"
        assert callable(hook) and inspect.getdoc(hook)
        assert next(iter(inspect.signature(hook).parameters)) == "model"


@pytest.mark.parametrize("lever", LEVERS, ids=IDS)
def test_lever_step_is_in_the_schedule(lever):
    if lever.STEP is not None:
        assert lever.STEP in [step.run for step in SCHEDULE]


def _bilingual(text: dict[str, str]) -> bool:
    return set(text) == LANGS and all(isinstance(w, str) and w.strip() for w in text.values())


@pytest.mark.parametrize("lever", LEVERS, ids=IDS)
def test_lever_has_its_plain_words_in_both_languages(lever):
    assert set(lever.WORDS) == {"name", "line", "guide"}
    for part, text in lever.WORDS.items():
        assert _bilingual(text), f"{lever.SECTION}: WORDS[{part!r}]"
    for lang in LANGS:
        assert GUIDE_LINES.search(lever.WORDS["guide"][lang]), \
            f"{lever.SECTION}: the guide example ({lang}) cites no guide line"


@pytest.mark.parametrize("lever", LEVERS, ids=IDS)
def test_lever_labels_every_parameter_of_its_section_in_both_languages(lever):
    assert set(lever.LABELS) == {p.name for p in section_params(lever.SECTION)}
    for name, label in lever.LABELS.items():
        assert _bilingual(label), f"{lever.SECTION}.{name}"


def test_accounts_are_not_shared():
    assert len(set(ACCOUNTS)) == len(ACCOUNTS)


@pytest.mark.parametrize("name", sorted(HOOK_POINTS))
def test_every_hook_point_is_used_by_a_lever_and_asked_by_a_process(name):
    assert any(name in lever.HOOKS for lever in LEVERS), f"no lever hooks {name!r}"
    ask = {"factor": "factor", "total": "total", "event": "notify"}[HOOK_POINTS[name].kind]
    asked = re.compile(rf'levers\.{ask}\("{name}"')
    sources = [p for p in MODEL.rglob("*.py") if asked.search(p.read_text(encoding="utf-8"))]
    assert sources, f"no process asks levers.{ask}({name!r})"


def test_a_hook_point_with_no_lever_is_neutral(monkeypatch):
    monkeypatch.setattr(levers, "_FACTORS", {"x": ()})
    monkeypatch.setattr(levers, "_TOTALS", {"x": ()})
    assert levers.factor("x", None) == 1.0
    assert levers.total("x", None) == 0.0
