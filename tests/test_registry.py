"""The parameter registry is complete and self-consistent, and agrees with the scenario model."""

from __future__ import annotations

import pytest

from tremplin.model.levers import LEVERS
from tremplin.model.params import (
    LEVER_SECTIONS,
    PRESETS,
    REGIMES,
    REGISTRY,
    SECTIONS,
    Param,
    defaults,
    section_params,
)
from tremplin.model.scenario import SECTION_MODELS, Scenario, load

PARAMS = list(REGISTRY.values())
IDS = [p.key for p in PARAMS]
SWITCHED = [s for s in LEVER_SECTIONS if f"{s}.enabled" in REGISTRY]  # levers turned on or off


def test_keys_are_unique():
    assert sum(len(section_params(s)) for s in SECTIONS) == len(REGISTRY), \
        "two registry entries share a section and name"
    for key, p in REGISTRY.items():
        assert key == f"{p.section}.{p.name}"


@pytest.mark.parametrize("p", PARAMS, ids=IDS)
def test_every_parameter_is_documented(p: Param):
    assert p.unit.strip(), f"{p.key}: no unit"
    assert p.source.strip(), f"{p.key}: no source"
    assert p.description.strip(), f"{p.key}: no description"


@pytest.mark.parametrize("p", PARAMS, ids=IDS)
def test_default_is_allowed(p: Param):
    assert isinstance(p.default, (bool, int, float, str)), p.key
    if p.choices:
        assert isinstance(p.default, str)
        assert p.default in p.choices, f"{p.key}: default {p.default!r} not in {p.choices}"
        assert len(set(p.choices)) == len(p.choices)
        assert p.lo is None and p.hi is None
    elif isinstance(p.default, bool):
        assert p.lo is None and p.hi is None and not p.calibrate, p.key
    else:
        assert isinstance(p.default, (int, float)), p.key
        assert p.lo is not None, f"{p.key}: numbers need at least a lower bound"
        if p.hi is not None:
            assert p.lo < p.hi, p.key
            assert p.lo <= p.default <= p.hi, f"{p.key}: {p.default} outside [{p.lo}, {p.hi}]"
        else:
            assert p.lo <= p.default, p.key


@pytest.mark.parametrize("p", [p for p in PARAMS if p.calibrate],
                         ids=[p.key for p in PARAMS if p.calibrate])
def test_calibrated_parameters_have_priors_inside_the_range(p: Param):
    assert isinstance(p.default, (int, float)) and not isinstance(p.default, bool), p.key
    assert p.lo is not None and p.hi is not None, f"{p.key}: calibration needs a bounded range"
    lo, hi = p.prior if p.prior is not None else (p.lo, p.hi)
    assert lo < hi, p.key
    assert p.lo <= lo and hi <= p.hi, f"{p.key}: prior {(lo, hi)} outside [{p.lo}, {p.hi}]"
    assert lo <= p.default <= hi, f"{p.key}: default {p.default} outside its prior {(lo, hi)}"


def test_there_are_calibrated_parameters():
    assert any(p.calibrate for p in PARAMS)
    assert all(p.prior is None for p in PARAMS if not p.calibrate), \
        "a prior on a parameter that is not calibrated is never used"


def test_every_section_is_a_field_of_the_scenario_model():
    fields = set(Scenario.model_fields)
    assert set(SECTIONS) <= fields
    assert fields - set(SECTIONS) == {"name", "description"}
    for s in SECTIONS:
        assert set(SECTION_MODELS[s].model_fields) == {p.name for p in section_params(s)}


def test_registry_defaults_are_a_valid_scenario():
    scn = Scenario.model_validate(defaults())
    for p in PARAMS:
        assert getattr(getattr(scn, p.section), p.name) == p.default, p.key


@pytest.mark.parametrize("section", SWITCHED)
def test_levers_are_off_by_default(section):
    p = REGISTRY[f"{section}.enabled"]
    assert p.default is False, f"[{section}] must be off unless a scenario turns it on"
    assert p.lever


def test_lever_sections_are_flagged():
    for s in LEVER_SECTIONS:
        assert all(p.lever for p in section_params(s))
    assert {lever.SECTION for lever in LEVERS} == set(LEVER_SECTIONS)
    # the regularisation regime is national, not a municipal lever
    assert not any(p.lever for p in section_params("regularisation"))
    assert "pathway" in LEVER_SECTIONS


def test_baseline_is_linear_and_humanitarian():
    scn = load("baseline")
    assert scn.pathway.mode == "linear"
    assert scn.regularisation.regime == "humanitarian"
    for section in SWITCHED:
        assert getattr(scn, section).enabled is False


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_use_known_fields_with_allowed_values(name):
    preset = PRESETS[name]
    assert preset.regime in REGIMES
    assert preset.source.strip()
    assert name in REGISTRY["regularisation.preset"].choices
    for k, v in preset.values.items():
        p = REGISTRY.get(f"regularisation.{k}")
        assert p is not None, f"preset {name} sets unknown field {k}"
        assert k not in ("regime", "preset")
        assert type(v) is type(p.default), f"preset {name}: {k} = {v!r}"
        if p.lo is not None:
            assert p.lo <= v <= (p.hi if p.hi is not None else v), f"preset {name}: {k} = {v}"


def test_every_regime_choice_is_handled_and_every_preset_is_a_choice():
    assert set(REGISTRY["regularisation.regime"].choices) == set(REGIMES)
    assert set(REGISTRY["regularisation.preset"].choices) == {"custom", *PRESETS}
    assert REGISTRY["regularisation.preset"].default in PRESETS


@pytest.mark.parametrize("p", PARAMS, ids=IDS)
def test_allowed_text_states_the_range(p: Param):
    text = p.allowed()
    if p.choices:
        assert all(repr(c) in text for c in p.choices)
    elif isinstance(p.default, bool):
        assert text == "true or false"
    else:
        assert f"{p.lo:g}" in text
        if p.hi is not None:
            assert f"{p.hi:g}" in text
