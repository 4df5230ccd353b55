"""The documentation matches the code: generated ODD tables, registry keys, indicators."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tremplin.model import indicators
from tremplin.model.docs import check_odd, generated, write_odd
from tremplin.model.indicators import RUN_SUMMARY, SPECS, Indicator, Kind
from tremplin.model.model import SCHEDULE, TremplinModel
from tremplin.model.params import REGISTRY, SECTIONS

ROOT = Path(__file__).resolve().parents[1]
ODD = ROOT / "docs" / "ODD.md"
README = ROOT / "README.md"


def test_odd_generated_sections_are_up_to_date():
    assert check_odd(ODD) == [], "run 'tremplin docs --write'"


def test_odd_process_overview_is_the_schedule():
    """Section 3 lists the steps of ``model.SCHEDULE``, in its order, with their summaries."""
    text = ODD.read_text(encoding="utf-8")
    overview = text.split("## 3. Process overview and scheduling", 1)[1].split("\n## 4. ", 1)[0]
    block = re.search(r"<!-- BEGIN GENERATED: schedule -->\n(.*?)<!-- END GENERATED: schedule -->",
                      overview, re.DOTALL)
    assert block is not None, "the schedule belongs in section 3 of docs/ODD.md"
    names = re.findall(r"^\d+\. `([\w.]+)`: ", block.group(1), re.MULTILINE)
    assert names == [step.name for step in SCHEDULE], "run 'tremplin docs --write'"
    assert all(step.summary in block.group(1) for step in SCHEDULE), "run 'tremplin docs --write'"


def test_model_docstring_lists_the_schedule_in_order():
    doc = TremplinModel.__doc__
    places = [doc.find(f"`{step.name}`: {step.summary}") for step in SCHEDULE]
    assert -1 not in places and places == sorted(places)
    assert all(step.summary for step in SCHEDULE), "every step needs a docstring"


def test_every_registry_key_is_documented():
    text = ODD.read_text(encoding="utf-8")
    missing = [key for key in REGISTRY if f"`{key}`" not in text]
    assert missing == []


def test_every_section_has_its_own_table_in_the_odd_text():
    text = ODD.read_text(encoding="utf-8")
    placed = text.split("## Generated tables not yet placed in the text")[0]
    missing = [s for s in SECTIONS if f"<!-- BEGIN GENERATED: params-{s} -->" not in placed]
    assert missing == [], "give these registry sections a submodel in docs/ODD.md"


def test_every_indicator_is_documented():
    text = ODD.read_text(encoding="utf-8") + README.read_text(encoding="utf-8")
    assert [s.name for s in (*SPECS, *RUN_SUMMARY) if f"`{s.name}`" not in text] == []


def test_odd_follows_odd_d_element_order():
    text = ODD.read_text(encoding="utf-8")
    elements = ["Purpose and patterns", "Entities, state variables and scales",
                "Process overview and scheduling", "Design concepts", "Initialisation",
                "Input data", "Submodels"]
    positions = [text.find(f"## {i}. {name}") for i, name in enumerate(elements, 1)]
    assert -1 not in positions and positions == sorted(positions)


def test_readme_quick_start_is_make_run_and_make_test():
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.DOTALL)
    assert block is not None
    assert block.group(1).split("\n")[:-1] == ["make run", "make test"]


def test_write_odd_restores_tampered_tables_and_keeps_prose(tmp_path):
    doc = tmp_path / "ODD.md"
    shutil.copy(ODD, doc)
    write_odd(doc)  # in sync with the code under test, whatever the state of docs/ODD.md
    original = doc.read_text(encoding="utf-8")
    key = next(iter(REGISTRY))
    row = f"| `{key}` |"
    assert original.count(row) == 1
    tampered = original.replace(row, "| `tampered` |") + "\nA closing remark.\n"
    tampered = tampered.replace("## 1. Purpose and patterns", "## 1. Purpose and patterns\n\nNew.")
    doc.write_text(tampered, encoding="utf-8")
    assert check_odd(doc) == [f"params-{REGISTRY[key].section}"]

    write_odd(doc)

    assert check_odd(doc) == []
    fixed = doc.read_text(encoding="utf-8")
    assert fixed == tampered.replace("| `tampered` |", row)
    assert "\nNew.\n" in fixed and fixed.endswith("A closing remark.\n")


def test_write_odd_adds_missing_blocks_and_flags_orphans(tmp_path):
    doc = tmp_path / "ODD.md"
    doc.write_text("# Prose\n\n<!-- BEGIN GENERATED: params-gone -->\nold\n"
                   "<!-- END GENERATED: params-gone -->\n", encoding="utf-8")
    write_odd(doc)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Prose\n")
    assert all(body in text for body in generated().values())
    assert check_odd(doc) == ["params-gone"]


def test_generated_cells_escape_pipes(monkeypatch):
    odd = Indicator("a|b", "either | or", Kind.SHARE, "x|y")
    monkeypatch.setattr(indicators, "SPECS", (odd,))
    line = generated()["indicators"].splitlines()[2]
    assert line == r"| `a\|b` | share | x\|y |  |  | either \| or |"
    assert len(re.split(r"(?<!\\)\|", line)) == 8  # six columns
