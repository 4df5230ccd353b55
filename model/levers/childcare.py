"""Municipal childcare places for mothers who have none (guide L1402-1404, L1960-1962).

The guide names childcare as an obstacle to remove before single mothers can train or work.
The municipality funds a number of places (crèche or childminder) per 1,000 migrants; each
month free places go to migrant mothers whose childcare need is unmet. A place meets the need
until the child reaches nursery-school age (``households.events``); whether the mother then
searches, is hired or joins an enterprise is left to the labour market. The city pays for
every place occupied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import TremplinModel


def allocate_places(model: TremplinModel) -> None:
    """Free places go to migrant mothers with an unmet need; occupied places are paid for."""
    if not model.lever_on("childcare"):
        return
    p, cc, rng = model.people, model.scenario.childcare, model.rng
    held = p.present & p.childcare_place
    capacity = round(cc.places_per_1000 * model.initial_migrants / 1000.0)  # not behavioural
    free = capacity - int(held.sum())
    waiting = np.flatnonzero(model.masks.migrants & p.childcare_need & ~p.childcare_place)
    waiting = waiting[rng.random(len(waiting)) < cc.take_up]
    if free > 0 and len(waiting):
        given = rng.choice(waiting, size=min(free, len(waiting)), replace=False)
        p.childcare_place[given] = True
        p.childcare_need[given] = False
    occupied = int((p.present & p.childcare_place).sum())
    model.municipality.pay("childcare", occupied * cc.cost_eur_per_place_month)


SECTION = "childcare"
ACCOUNTS = ("childcare",)
STEP = allocate_places
HOOKS: dict = {}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Childcare places", "fr": "Places d'accueil de la petite enfance"},
    "line": {"en": "Municipal crèche places for migrant mothers who have no childcare, so they "
                   "can look for work.",
             "fr": "Des places communales en crèche pour les mères migrantes sans solution de "
                   "garde, pour qu'elles puissent chercher un emploi."},
    "guide": {"en": "Single mothers held back by childcare (L1402-1404); childcare as an "
                    "obstacle to remove (L1960-1962).",
              "fr": "Des mères seules freinées par la garde d'enfants (L1402-1404) ; la garde "
                    "comme obstacle à lever (L1960-1962)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Fund childcare places", "fr": "Financer des places d'accueil"},
    "places_per_1000": {"en": "Places per 1,000 migrants",
                        "fr": "Places pour 1 000 migrants"},
    "take_up": {"en": "Monthly take-up by a waiting mother",
                "fr": "Recours mensuel d'une mère en attente"},
    "cost_eur_per_place_month": {"en": "Cost per place (EUR/month)",
                                 "fr": "Coût par place (EUR/mois)"},
}
