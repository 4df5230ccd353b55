"""One-stop shop for migrants (guide L1106-1162, L2840-2844).

Pooling employment, training, language, diploma recognition, residence and social services in
one building eases access to rights (L1108-1126): administrative delays shrink and more people
take up courses and procedures. The guide gives no magnitude (facts.md §8.15), so both factors
are parameters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import TremplinModel


def delay_factor(model: TremplinModel) -> float:
    """Multiplier on administrative delays (regularisation processing, diploma recognition)."""
    return model.scenario.one_stop_shop.delay_factor if model.lever_on("one_stop_shop") else 1.0


def take_up_factor(model: TremplinModel) -> float:
    """Multiplier on take-up of courses, placements and regularisation applications."""
    return model.scenario.one_stop_shop.take_up_factor if model.lever_on("one_stop_shop") else 1.0


def run(model: TremplinModel) -> None:
    """The one-stop shop's running cost for the month."""
    if model.lever_on("one_stop_shop"):
        model.municipality.pay("one_stop_shop", model.scenario.one_stop_shop.cost_eur_per_month)


SECTION = "one_stop_shop"
ACCOUNTS = ("one_stop_shop",)
STEP = run
HOOKS = {"administrative_delay": delay_factor, "take_up": take_up_factor}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "One-stop shop for migrants", "fr": "Guichet unique pour les migrants"},
    "line": {"en": "One municipal desk for papers, diplomas and courses: shorter delays, more "
                   "people reached.",
             "fr": "Un seul guichet communal pour les papiers, diplômes et cours : délais plus "
                   "courts, plus de personnes touchées."},
    "guide": {"en": "Trentino's one-stop shop (ended by a change of government, L1106-1162).",
              "fr": "Le guichet unique du Trentin (supprimé après un changement de gouvernement, "
                    "L1106-1162)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Open a one-stop shop", "fr": "Ouvrir un guichet unique"},
    "delay_factor": {"en": "Delays multiplied by", "fr": "Délais multipliés par"},
    "take_up_factor": {"en": "Take-up multiplied by", "fr": "Recours multiplié par"},
    "cost_eur_per_month": {"en": "Running cost (EUR/month)",
                           "fr": "Coût de fonctionnement (EUR/mois)"},
}
