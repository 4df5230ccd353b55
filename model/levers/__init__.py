"""The guide's policy levers, one module each, and the one place a process asks which levers
change it.

Every lever is off unless its scenario section says ``enabled = true`` (the pathway lever is
always present, as ``linear`` or ``integrated``). Levers act only after the burn-in
(``model.lever_on``), so the baseline and a policy share the same starting state. No lever
writes onto an indicator.

A lever module declares (``tests/test_lever_protocol.py`` checks it):

- ``SECTION``: its registry section, one of ``params.LEVER_SECTIONS``;
- ``ACCOUNTS``: the municipal spending accounts it charges (``Municipality.spent`` keys);
- ``STEP``: its monthly process (a function of the model), or ``None``. Steps run in the order
  of ``LEVERS``, after residence and before the labour market (``model.SCHEDULE``);
- ``HOOKS``: ``{hook point: function}`` for every way it changes another process. The process
  asks ``factor``, ``total`` or ``notify`` with the name of a hook point in ``HOOK_POINTS``
  and never imports a lever, so a new lever that acts on an existing hook point touches no
  process;
- ``WORDS``: its plain words for the workshop, ``{"name" | "line" | "guide": {"en": ...,
  "fr": ...}}``: a name, a one-line explanation, and the guide's example citing its lines
  (``L...``);
- ``LABELS``: ``{parameter: {"en": ..., "fr": ...}}``, a short label for every registry
  parameter of its section.

So each lever is in one place: the dashboard (``dashboards/i18n.py``) and any other tool read
these declarations from ``LEVERS`` and keep no list of levers of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from . import (
    anti_discrimination,
    childcare,
    customer_help,
    mentoring,
    one_stop_shop,
    pathway,
    procurement,
    seconded_staff,
    skills_recognition,
    social_assistance,
    subsidy,
    third_place,
)

if TYPE_CHECKING:
    from ..model import TremplinModel


@dataclass(frozen=True)
class HookPoint:
    """A place where levers change a process.

    ``kind`` says how the hooks of several levers combine: ``factor`` multiplies their values
    (1 without levers), ``total`` adds them (0 without levers), ``event`` tells each of them.
    """

    kind: Literal["factor", "total", "event"]
    asked_by: str
    meaning: str


HOOK_POINTS: dict[str, HookPoint] = {
    "employer_discrimination": HookPoint(
        "factor", "labour_market.hire_probability",
        "multiplier on each employer's callback penalty for non-EU applicants"),
    "administrative_delay": HookPoint(
        "factor", "residence.residence, levers.skills_recognition",
        "multiplier on administrative delays (regularisation processing, diploma recognition)"),
    "take_up": HookPoint(
        "factor", "residence.residence, levers.pathway",
        "multiplier on take-up of courses, placements and regularisation applications"),
    "coop_formation": HookPoint(
        "factor", "cooperatives.formation",
        "multiplier on the rate at which collectives formalise as cooperatives"),
    "market_learning": HookPoint(
        "factor", "cooperatives.found",
        "multiplier on the months a new enterprise needs to learn its market"),
    "unpaid_member_exit": HookPoint(
        "factor", "cooperatives.economics",
        "multiplier on the exit hazard of unpaid members who hold papers"),
    "coop_contract_revenue": HookPoint(
        "total", "cooperatives.recruitment, cooperatives.economics",
        "public contract revenue of each cooperative this month (EUR)"),
    "coop_cost_share": HookPoint(
        "total", "cooperatives.economics (given each cooperative's age)",
        "share of each cooperative's eligible declared costs the city pays this month"),
    "coop_subsidy_paid": HookPoint(
        "event", "cooperatives.economics (given the subsidy each cooperative drew, EUR)",
        "the cooperatives' accounts drew this month's subsidy (the lever books it)"),
    "coop_seconded_output": HookPoint(
        "total", "cooperatives.economics",
        "output of staff the city seconds to each cooperative this month (EUR)"),
    "coop_market_learning": HookPoint(
        "factor", "cooperatives.economics",
        "multiplier on each cooperative's speed of learning its market this month"),
    "coop_founded": HookPoint(
        "event", "cooperatives.found (given the new cooperative's row)",
        "a cooperative has just been founded"),
    "unpaid_members": HookPoint(
        "event", "cooperatives.economics (given the rows)",
        "members with papers whom their enterprise could not pay this month"),
}

# in schedule order: each lever's STEP runs in this order (see model.SCHEDULE)
LEVERS = (skills_recognition, pathway, one_stop_shop, childcare, mentoring, third_place,
          procurement, anti_discrimination, social_assistance, subsidy, seconded_staff,
          customer_help)

ACCOUNTS: tuple[str, ...] = tuple(a for lever in LEVERS for a in lever.ACCOUNTS)
"""Every spending account a lever may charge."""


def _hooks(kind: str) -> dict[str, tuple[Callable[..., Any], ...]]:
    return {name: tuple(lever.HOOKS[name] for lever in LEVERS if name in lever.HOOKS)
            for name, point in HOOK_POINTS.items() if point.kind == kind}


_FACTORS, _TOTALS, _EVENTS = _hooks("factor"), _hooks("total"), _hooks("event")


def factor(name: str, model: TremplinModel, *args: Any) -> Any:
    """The product of the levers' hooks at hook point ``name`` (1.0 where none acts)."""
    out = 1.0
    for hook in _FACTORS[name]:
        out = out * hook(model, *args)
    return out


def total(name: str, model: TremplinModel, *args: Any) -> Any:
    """The sum of the levers' hooks at hook point ``name`` (0.0 where none acts)."""
    out = 0.0
    for hook in _TOTALS[name]:
        out = out + hook(model, *args)
    return out


def notify(name: str, model: TremplinModel, *args: Any) -> None:
    """Tell every lever hooked on event ``name``."""
    for hook in _EVENTS[name]:
        hook(model, *args)
