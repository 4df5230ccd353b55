"""Scenario files: ``extends``, presets, validation of shipped files and of changed scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from tremplin.model.params import LEVER_SECTIONS, PRESETS, REGISTRY, defaults
from tremplin.model.scenario import ScenarioError, builtin_dir, load, replace, to_dict

SHIPPED = sorted(builtin_dir().glob("*.toml"))
SWITCHED = {s for s in LEVER_SECTIONS if f"{s}.enabled" in REGISTRY}  # levers turned on or off


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_merges_child_over_parent(tmp_path):
    _write(tmp_path, "parent.toml", 'name = "parent"\n'
                                    "[subsidy]\nenabled = true\nstart_share = 0.8\n"
                                    "[population]\nmigrants = 400\n")
    child = _write(tmp_path, "child.toml", 'extends = "parent.toml"\nname = "child"\n'
                                          "[subsidy]\nstart_share = 0.6\n")
    scn = load(child)
    assert scn.name == "child"
    assert scn.subsidy.start_share == 0.6  # the child's value
    assert scn.subsidy.enabled is True  # same section, from the parent
    assert scn.population.migrants == 400  # other section, from the parent
    # neither file sets it: the registry default
    assert scn.subsidy.duration_months == REGISTRY["subsidy.duration_months"].default


def test_extends_chains_through_shipped_files(tmp_path):
    """A file extending all_levers (which extends baseline) gets both parents' values."""
    child = _write(tmp_path, "child.toml",
                   f'extends = "{(builtin_dir() / "all_levers.toml").as_posix()}"\n'
                   "[mentoring]\ncost_eur_per_pair = 999.0\n")
    scn, parent = load(child), load("all_levers")
    assert scn.mentoring.cost_eur_per_pair == 999.0
    assert scn.mentoring.enabled is True  # from all_levers
    assert scn.pathway == parent.pathway
    assert scn.regularisation == parent.regularisation
    rest = {k: v for k, v in to_dict(scn).items() if k not in ("mentoring", "name")}
    assert rest == {k: v for k, v in to_dict(parent).items() if k not in ("mentoring", "name")}


def test_extends_resolves_relative_to_the_file_not_the_cwd(tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    _write(sub, "parent.toml", "[population]\nmigrants = 777\n")
    child = _write(sub, "child.toml", 'extends = "parent.toml"\n')
    monkeypatch.chdir(tmp_path)
    assert load(child).population.migrants == 777


@pytest.mark.parametrize("parent", ["baseline", "baseline.toml"])
def test_extends_a_shipped_scenario_by_name_from_any_folder(tmp_path, monkeypatch, parent):
    """An analyst's scenario kept outside the repository builds on a shipped one by name and
    is that scenario plus its own changes."""
    monkeypatch.chdir(tmp_path)
    mine = _write(tmp_path, "mine.toml", f'extends = "{parent}"\n'
                                        "[mentoring]\nenabled = true\n[run]\nmonths = 24\n")
    expected = replace(load("baseline"), {"mentoring": {"enabled": True}, "run": {"months": 24}})
    assert to_dict(load(mine)) == {**to_dict(expected), "name": "mine"}
    assert load(mine) != load("baseline")


def test_a_file_next_to_it_wins_over_a_shipped_one_of_that_name(tmp_path):
    """``extends`` first looks next to the file: a user's own baseline.toml is theirs."""
    _write(tmp_path, "baseline.toml", "[population]\nmigrants = 321\n")
    child = _write(tmp_path, "child.toml", 'extends = "baseline.toml"\n')
    assert load(child).population.migrants == 321
    assert load("baseline").population.migrants != 321


def test_extends_an_unknown_name_lists_the_shipped_scenarios(tmp_path):
    child = _write(tmp_path, "child.toml", 'extends = "baseline_typo"\n')
    with pytest.raises(ScenarioError) as e:
        load(child)
    text = str(e.value)
    assert "\n" not in text and str(child) in text and "extends = 'baseline_typo'" in text
    assert all(p.stem in text for p in SHIPPED)


def test_extends_loop_is_reported(tmp_path):
    _write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    _write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="extends") as e:
        load(tmp_path / "a.toml")
    assert "loop" in str(e.value)


def test_extends_itself_is_reported(tmp_path):
    path = _write(tmp_path, "self.toml", 'extends = "self.toml"\n')
    with pytest.raises(ScenarioError, match="loop"):
        load(path)


def test_extends_missing_file_is_reported(tmp_path):
    path = _write(tmp_path, "orphan.toml", 'extends = "gone.toml"\n')
    with pytest.raises(ScenarioError, match=r"gone\.toml") as e:
        load(path)
    assert "orphan.toml" in str(e.value)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_scenario_validates(path):
    scn = load(path)
    assert scn.name == path.stem, "a shipped scenario's name should match its file name"
    assert scn.description, f"{path.name} has no description"
    # a validated scenario round-trips through its plain-data form
    assert type(scn).model_validate(to_dict(scn)) == scn


def test_all_levers_enables_every_lever():
    scn = load("all_levers")
    for section in LEVER_SECTIONS:
        sec = getattr(scn, section)
        if "enabled" in type(sec).model_fields:
            assert sec.enabled is True, f"all_levers leaves [{section}] off"
    assert scn.pathway.mode == "integrated"
    base = load("baseline")
    for section in sorted(SWITCHED):
        assert getattr(base, section).enabled is False, f"baseline turns [{section}] on"


def test_preset_fills_regularisation_fields(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\npreset = "ceseda_l435_2"\n')
    reg = load(path).regularisation
    preset = PRESETS["ceseda_l435_2"]
    assert reg.regime == preset.regime == "oacas"
    assert reg.min_activity_months == 36
    for k, v in preset.values.items():
        assert getattr(reg, k) == v, k


def test_values_set_in_the_file_win_over_the_preset(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\npreset = "ceseda_l435_2"\n'
                                      "min_activity_months = 12\n")
    reg = load(path).regularisation
    assert reg.min_activity_months == 12
    assert reg.min_presence_months == PRESETS["ceseda_l435_2"].values["min_presence_months"]


def test_values_set_in_a_child_win_over_the_parents_preset(tmp_path):
    path = _write(tmp_path, "p.toml",
                  f'extends = "{(builtin_dir() / "oacas_regularisation.toml").as_posix()}"\n'
                  "[regularisation]\nmin_activity_months = 12\n")
    reg = load(path).regularisation
    assert reg.preset == "ceseda_l435_2"
    assert reg.min_activity_months == 12
    assert reg.approval_probability == PRESETS["ceseda_l435_2"].values["approval_probability"]


def test_custom_preset_keeps_registry_defaults(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\npreset = "custom"\nregime = "arraigo"\n')
    reg = load(path).regularisation
    assert reg.regime == "arraigo"
    for k in PRESETS["belgium_9bis"].values:
        assert getattr(reg, k) == REGISTRY[f"regularisation.{k}"].default, k


def test_a_regime_alone_keeps_registry_values(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\nregime = "work_based"\n')
    reg = load(path).regularisation
    assert reg.regime == "work_based"
    for k in PRESETS["belgium_9bis"].values:
        assert getattr(reg, k) == REGISTRY[f"regularisation.{k}"].default, k




def test_a_regime_alone_resolves_to_preset_custom(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\nregime = "work_based"\n')
    reg = load(path).regularisation
    assert reg.preset == "custom"


def test_a_scenario_with_a_regime_alone_can_be_replaced(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\nregime = "work_based"\n')
    scn = replace(load(path), {"mentoring": {"enabled": True}})
    assert scn.mentoring.enabled is True
    assert scn.regularisation.regime == "work_based"


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_gives_a_valid_scenario(tmp_path, name):
    path = _write(tmp_path, "p.toml", f'[regularisation]\npreset = "{name}"\n')
    reg = load(path).regularisation
    assert reg.regime == PRESETS[name].regime
    for k, v in PRESETS[name].values.items():
        assert getattr(reg, k) == v


def test_regime_contradicting_the_preset_is_an_error(tmp_path):
    path = _write(tmp_path, "p.toml", '[regularisation]\npreset = "arraigo_2025"\n'
                                      'regime = "oacas"\n')
    with pytest.raises(ScenarioError, match="contradicts") as e:
        load(path)
    assert "p.toml" in str(e.value)


def test_load_without_file_values_gives_registry_defaults(tmp_path):
    path = _write(tmp_path, "empty.toml", "")
    got = to_dict(load(path))
    want = defaults()
    # the default preset fills the regularisation fields it names
    want["regularisation"].update(PRESETS[want["regularisation"]["preset"]].values)
    for section, values in want.items():
        assert got[section] == values, section
    assert got["name"] == "empty"


def test_overrides_are_validated_and_win():
    scn = load("baseline", overrides={"subsidy": {"enabled": True, "start_share": 0.5}})
    assert scn.subsidy.enabled is True and scn.subsidy.start_share == 0.5
    with pytest.raises(ScenarioError, match=r"\[subsidy\] start_share"):
        load("baseline", overrides={"subsidy": {"start_share": 3.0}})


def test_replace_changes_one_value_and_keeps_the_original():
    base = load("baseline")
    new = replace(base, {"mentoring": {"enabled": True}})
    assert new.mentoring.enabled is True
    assert base.mentoring.enabled is False  # scenarios are immutable values
    assert {k: v for k, v in to_dict(new).items() if k != "mentoring"} == \
        {k: v for k, v in to_dict(base).items() if k != "mentoring"}


@pytest.mark.parametrize(("changes", "field"), [
    ({"subsidy": {"start_share": 1.5}}, "[subsidy] start_share"),
    ({"run": {"months": 0}}, "[run] months"),
    ({"population": {"migrants": 10}}, "[population] migrants"),
    ({"pathway": {"mode": "zigzag"}}, "[pathway] mode"),
    ({"subsidy": {"enabled": "yes"}}, "[subsidy] enabled"),
    ({"subsidy": {"no_such_key": 1}}, "[subsidy] no_such_key"),
])
def test_replace_revalidates(changes, field):
    with pytest.raises(ScenarioError) as e:
        replace(load("baseline"), changes)
    assert field in str(e.value)


def test_scenarios_are_frozen():
    scn = load("baseline")
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its own ValidationError
        scn.subsidy.start_share = 2.0
    assert scn.subsidy.start_share == REGISTRY["subsidy.start_share"].default


def test_replace_can_switch_preset_like_overrides_do():
    via_overrides = load("baseline", overrides={"regularisation": {"preset": "ceseda_l435_2"}})
    assert via_overrides.regularisation.min_activity_months == 36
    via_replace = replace(load("baseline"), {"regularisation": {"preset": "ceseda_l435_2"}})
    assert via_replace.regularisation == via_overrides.regularisation


def test_a_child_without_a_name_is_named_after_its_file(tmp_path):
    child = _write(tmp_path, "mentoring_only.toml",
                   f'extends = "{(builtin_dir() / "baseline.toml").as_posix()}"\n'
                   "[mentoring]\nenabled = true\n")
    assert load(child).name == "mentoring_only"
