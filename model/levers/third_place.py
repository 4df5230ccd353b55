"""Third place / migration hub (guide L1563-1634, L1662-1719, L2911-2915).

A shared space where people meet across origins (Oldenburg, L1564-1569) and where collectives
are incubated (Migration Hub, L1662-1719). Three mechanisms: new migrant-native ties each month;
collectives formalise faster (incubation); incubated enterprises learn market codes faster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import TremplinModel


def formation_factor(model: TremplinModel) -> float:
    """Multiplier on the formation of cooperatives (incubation)."""
    return model.scenario.third_place.formation_factor if model.lever_on("third_place") else 1.0


def learning_factor(model: TremplinModel) -> float:
    """Multiplier on the market-learning time of new enterprises."""
    return model.scenario.third_place.learning_factor if model.lever_on("third_place") else 1.0


def run(model: TremplinModel) -> None:
    """Bridging ties formed in the third place this month, and its running cost."""
    if not model.lever_on("third_place"):
        return
    tp, rng = model.scenario.third_place, model.rng
    model.municipality.pay("third_place", tp.cost_eur_per_month)
    k = rng.poisson(tp.bridging_ties_per_1000 * model.initial_migrants / 1000.0)  # not behavioural
    mig = np.flatnonzero(model.masks.migrants)
    nat = np.flatnonzero(model.masks.natives)
    if k and len(mig) and len(nat):
        model.network.add(mig[rng.integers(0, len(mig), k)], nat[rng.integers(0, len(nat), k)])


SECTION = "third_place"
ACCOUNTS = ("third_place",)
STEP = run
HOOKS = {"coop_formation": formation_factor, "market_learning": learning_factor}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Third place / migration hub", "fr": "Tiers-lieu / hub migrations"},
    "line": {"en": "A meeting, coworking and incubation space: new ties with locals and faster, "
                   "better-prepared cooperatives.",
             "fr": "Un lieu de rencontre, de coworking et d'incubation : nouveaux liens avec les "
                   "habitants et coopératives plus rapides et mieux préparées."},
    "guide": {"en": "Migration Hub and Migrapreneur in Berlin (L1638-1719); Liège is exploring one "
                    "(L1855-1857).",
              "fr": "Migration Hub et Migrapreneur à Berlin (L1638-1719) ; Liège y réfléchit "
                    "(L1855-1857)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Open a third place", "fr": "Ouvrir un tiers-lieu"},
    "bridging_ties_per_1000": {"en": "New ties with locals per month per 1,000",
                               "fr": "Nouveaux liens avec des habitants par mois pour 1 000"},
    "formation_factor": {"en": "Cooperatives form faster by",
                         "fr": "Création de coopératives accélérée de"},
    "learning_factor": {"en": "Market-learning time multiplied by",
                        "fr": "Temps d'apprentissage du marché multiplié par"},
    "cost_eur_per_month": {"en": "Running cost (EUR/month)",
                           "fr": "Coût de fonctionnement (EUR/mois)"},
}
