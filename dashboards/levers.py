"""Lever controls built from the parameter registry: one card per lever section.

Every control's range is the registry's (``lo``/``hi``/``choices``), narrowed for sliders to a
range a workshop can use (never wider than the registry); whatever a control sends is clamped
again by ``workshop.set_lever`` before the scenario is re-validated.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import reacton.ipyvuetify as rv
import solara

from tremplin.model.params import LEVER_SECTIONS, REGISTRY, Param

from . import i18n
from .workshop import REGULARISATION_LEVERS

# slider maxima for a room (within the registry range; a larger value in a file widens it)
WORKSHOP_MAX: dict[str, float] = {
    "reserved_procurement.direct_orders_eur_per_month": 100_000,
    "subsidy.launch_grant_eur": 100_000,
    "pathway.placement_seats_per_1000": 200,
    "pathway.placement_cost_eur": 2_000,
    "one_stop_shop.cost_eur_per_month": 200_000,
    "mentoring.pairs_per_month_per_1000": 20,
    "mentoring.cost_eur_per_pair": 10_000,
    "third_place.bridging_ties_per_1000": 50,
    "third_place.cost_eur_per_month": 200_000,
    "social_assistance.kept_months": 36,
    "skills_recognition.cost_eur_per_case": 5_000,
    "regularisation.min_presence_months": 120,
    "regularisation.min_activity_months": 60,
    "regularisation.work_experience_months": 60,
    "regularisation.processing_months": 36,
}
# the control shown on a section's card; the others go under "Details"
HEADLINE = {"pathway": "pathway.mode", "regularisation": "regularisation.preset"}


def slider_range(p: Param, value: float) -> tuple[float, float, float]:
    """(min, max, step) of a slider for ``p``: the registry range, capped for the room."""
    lo = p.lo if p.lo is not None else 0.0
    hi = p.hi if p.hi is not None else max(1.0, float(value) * 2)
    hi = min(hi, WORKSHOP_MAX.get(p.key, hi))
    hi = max(hi, float(value))
    if p.type is int:
        return lo, hi, 1
    span = hi - lo
    step = 0.01 if span <= 1 else 0.1 if span <= 10 else 10 ** max(0, len(str(int(span))) - 3)
    return lo, hi, step


# how a registry unit is shown: (factor from stored to shown value, key of its words in
# i18n.UNITS); shares and probabilities are shown in percent
def display_unit(p: Param) -> tuple[float, str]:
    unit = p.unit
    if unit.startswith("share") or unit == "probability" or (
            unit == "per month" and p.hi is not None and p.hi <= 1):
        return 100.0, ("percent_per_month" if unit == "per month" else "percent")
    return 1.0, unit


def unit_words(unit: str, lang: str, short: bool = False) -> str:
    """The words of a unit (``i18n.UNITS``); the registry's own words when none are known."""
    entry = i18n.UNITS.get(unit)
    if entry is None:
        return "" if unit in ("-", "") else unit
    return entry.get(f"{lang}_short" if short else lang) or entry.get(lang) or entry["en"]


def number(v: float, lang: str, decimals: int = 0) -> str:
    """``25000`` -> ``25 000`` (French: narrow no-break space, decimal comma) or ``25,000``."""
    s = f"{v:,.{decimals}f}"
    if lang == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return s


def _decimals(p: Param, factor: float, step: float, value: float = 0.0) -> int:
    """Decimals enough for the slider's step and for the value itself (1.5 % stays 1,5)."""
    if p.type is int:
        return 0
    shown_step = step * factor
    dec = 0 if shown_step >= 1 else 1 if shown_step >= 0.1 else 2
    while dec < 3 and abs(value * factor - round(value * factor, dec)) > 1e-9:
        dec += 1
    return dec


def value_text(p: Param, value: float, lang: str) -> str:
    """A lever value as read aloud: ``25 000 €``, ``38 %``, ``36 mois``, ``× 1,5``."""
    factor, unit = display_unit(p)
    _, _, step = slider_range(p, value)
    text = number(float(value) * factor, lang, _decimals(p, factor, step, float(value)))
    words = unit_words(unit, lang)
    if unit == "multiplier":
        return f"× {text}"
    return f"{text}\u00a0{words}" if words else text


def parse_number(text: Any) -> float | None:
    """What a person typed in a number box (``25 000``, ``0,38``, ``38``), or None."""
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


@solara.component
def NumberLever(p: Param, value: float, lang: str, on_change: Callable[[str, Any], None]):
    """A slider and a number box; the model only hears of a change when the slider is
    released (its ``change`` event, not ``input``) or the box is left or Enter pressed, so
    one drag costs one rebuild."""
    factor, unit = display_unit(p)
    lo, hi, step = slider_range(p, value)
    shown = float(value) * factor
    dec = _decimals(p, factor, step, float(value))

    def commit(raw: Any) -> None:
        x = parse_number(raw)
        if x is not None:
            on_change(p.key, x / factor)

    cls = f"tp-lever tp-lever-{p.key.replace('.', '-')}"
    # the value carries its unit, so a unit in brackets at the end of the label goes
    label = re.sub(r"\s*\([^()]*\)$", "", i18n.param_label(p.key, lang))
    colon = "\u00a0: " if lang == "fr" else ": "
    with solara.Div(classes=[cls, "tp-number-lever"]):
        solara.HTML(tag="div", unsafe_innerHTML=(
            f"{html.escape(label)}{colon}"
            f"<b class='tp-lever-value'>{html.escape(value_text(p, value, lang))}</b>"),
            classes=["tp-lever-label"])
        with solara.Row(style={"align-items": "center", "flex-wrap": "nowrap", "gap": "8px"}):
            slider = rv.Slider(v_model=shown, min=lo * factor, max=hi * factor,
                               step=step * factor, hide_details=True, class_="tp-slider",
                               style_="min-width: 120px; flex: 1 1 auto")
            rv.use_event(slider, "change", lambda *args: commit(args[-1]))
            box = rv.TextField(v_model=f"{shown:.{dec}f}", dense=True, hide_details=True,
                               outlined=True, suffix=unit_words(unit, lang, short=True),
                               class_="tp-box", style_="max-width: 130px; flex: 0 0 130px")
            rv.use_event(box, "change", lambda *args: commit(args[-1]))


@solara.component
def LeverControl(p: Param, value: Any, lang: str, on_change: Callable[[str, Any], None]):
    label = i18n.param_label(p.key, lang)
    if p.choices:
        items = [{"text": i18n.choice_label(c, lang), "value": c} for c in p.choices]
        rv.Select(label=label, items=items, v_model=value,
                  on_v_model=lambda v: on_change(p.key, v), hide_details=True,
                  class_=f"tp-lever tp-lever-{p.key.replace('.', '-')}")
    elif p.type is bool:
        solara.Switch(label=label, value=bool(value), on_value=lambda v: on_change(p.key, v),
                      classes=["tp-lever", f"tp-lever-{p.key.replace('.', '-')}"])
    else:
        NumberLever(p, value, lang, on_change)


def _value(scn, key: str) -> Any:
    section, name = key.split(".")
    return getattr(getattr(scn, section), name)


@solara.component
def LeverCard(section: str, scn, lang: str, on_change: Callable[[str, Any], None]):
    text = i18n.SECTIONS[section]
    if section == "regularisation":
        keys = [f"regularisation.{n}" for n in REGULARISATION_LEVERS]
    else:
        keys = [p.key for p in REGISTRY.values() if p.section == section]
    head = HEADLINE.get(section, f"{section}.enabled")
    on = bool(_value(scn, head)) if head.endswith(".enabled") else True
    with solara.Card(classes=["tp-card", f"tp-section-{section}"],
                     style={"margin-bottom": "10px", "border-left":
                            "6px solid #d95f02" if on and head.endswith(".enabled")
                            else "6px solid #ccc"}):
        solara.HTML(tag="div", unsafe_innerHTML=text["name"][lang], classes=["tp-lever-name"])
        solara.HTML(tag="div", unsafe_innerHTML=text["line"][lang], classes=["tp-lever-line"])
        solara.HTML(tag="div", unsafe_innerHTML=f"{i18n.t('from_guide', lang)} "
                    f"{text['guide'][lang]}", classes=["tp-lever-guide"])
        LeverControl(REGISTRY[head], _value(scn, head), lang, on_change)
        rest = [k for k in keys if k != head]
        if rest:
            with solara.Details(summary=i18n.t("details", lang)):
                for k in rest:
                    LeverControl(REGISTRY[k], _value(scn, k), lang, on_change)


@solara.component
def LeverPanel(scn, lang: str, on_change: Callable[[str, Any], None]):
    for section in (*LEVER_SECTIONS, "regularisation"):
        LeverCard(section, scn, lang, on_change)


def levers_on(scn, lang: str) -> list[str]:
    """Names of the lever sections switched on (and a non-default pathway or route)."""
    out = [i18n.SECTIONS[s]["name"][lang] for s in LEVER_SECTIONS
           if getattr(getattr(scn, s), "enabled", False)]
    if scn.pathway.mode != REGISTRY["pathway.mode"].default:
        out.append(f"{i18n.colon(i18n.param_label('pathway.mode', lang), lang)} "
                   f"{i18n.choice_label(scn.pathway.mode, lang)}")
    if scn.regularisation.preset != REGISTRY["regularisation.preset"].default:
        out.append(f"{i18n.colon(i18n.param_label('regularisation.preset', lang), lang)} "
                   f"{i18n.choice_label(scn.regularisation.preset, lang)}")
    return out
