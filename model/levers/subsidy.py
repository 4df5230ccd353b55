"""Tapering start-up subsidy (guide L1339-1347, L2385-2388, L2407-2409).

Barcelona paid a launch grant of about EUR 25,000 to Diomcoop and then a share of the
activity's costs (here: the enterprise's eligible declared costs, that is declared pay with
employer contributions, materials and premises; never the off-book pay of members without the
right to work, guide L2244-2252) that fell from 95% "to 0% after three years" (L1340-1343)
or to "40% three years later" (L2385-2386): the end share is a parameter. The guide gives no
shape for the taper (facts.md §8.9), so it is linear by month or in yearly steps. Support
stops after the duration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

if TYPE_CHECKING:
    from ..model import TremplinModel


def cost_share(age_months: np.ndarray, sub: BaseModel) -> np.ndarray:
    """Share of a subsidised cooperative's costs the city pays at a given age."""
    age = np.asarray(age_months, dtype=float)
    d = max(sub.duration_months, 1)
    if sub.shape == "linear":
        frac = age / max(d - 1, 1)
    else:
        frac = np.floor(age / 12) * 12 / max(d - 12, 1)  # not behavioural: years
    frac = np.clip(frac, 0.0, 1.0)
    share = sub.start_share + (sub.end_share - sub.start_share) * frac
    return np.where((age >= 0) & (age < d), share, 0.0)


def launch(model: TremplinModel, coop: int) -> None:
    """A cooperative founded while the lever is on is subsidised, and receives the launch
    grant into its reserve if the budget allows."""
    if not model.lever_on("subsidy"):
        return
    c = model.cooperatives
    c.subsidised[coop] = True
    grant = model.scenario.subsidy.launch_grant_eur
    if model.municipality.commit("launch_grants", grant):
        c.reserve[coop] += grant


def share_of_declared_costs(model: TremplinModel, age: np.ndarray) -> np.ndarray | float:
    """Share of each cooperative's eligible declared costs the city pays this month (0 for
    those not subsidised, or when the lever is off). Off-book pay is never eligible (guide
    L2244-2252): the cooperative's accounts apply the share to declared costs only."""
    c = model.cooperatives
    if not model.lever_on("subsidy"):  # the taper is not even computed: no share, for all
        return 0.0
    return np.where(c.subsidised, cost_share(age, model.scenario.subsidy), 0.0)


def book(model: TremplinModel, paid: np.ndarray) -> None:
    """Book the subsidy the cooperatives' accounts drew this month (EUR each)."""
    model.municipality.pay("subsidy", float(paid.sum()))  # the method: less overhead


SECTION = "subsidy"
ACCOUNTS = ("subsidy", "launch_grants")
STEP = None
HOOKS = {"coop_founded": launch, "coop_cost_share": share_of_declared_costs,
         "coop_subsidy_paid": book}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Start-up support that tapers off", "fr": "Aide au démarrage dégressive"},
    "line": {"en": "New cooperatives get a launch grant and the city pays a falling share of their "
                   "declared costs for a few years.",
             "fr": "Les nouvelles coopératives reçoivent une aide de lancement et la ville paie "
                   "une part décroissante de leurs coûts déclarés pendant quelques années."},
    "guide": {"en": "Diomcoop, Barcelona: 95% public funding at first, 0% (L1340-1343) or 40% "
                    "(L2385-2386) three years later; about EUR 25,000 (L2407-2409).",
              "fr": "Diomcoop, Barcelone : 95 % de financement public au début, 0 % (L1340-1343) "
                    "ou 40 % (L2385-2386) trois ans après ; environ 25 000 EUR (L2407-2409)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Give start-up support", "fr": "Accorder l'aide au démarrage"},
    "launch_grant_eur": {"en": "Launch grant (EUR)", "fr": "Aide de lancement (EUR)"},
    "start_share": {"en": "Share of costs paid at start", "fr": "Part des coûts payée au début"},
    "end_share": {"en": "Share of costs paid at the end", "fr": "Part des coûts payée à la fin"},
    "duration_months": {"en": "Taper duration (months)", "fr": "Durée de la dégressivité (mois)"},
    "shape": {"en": "Taper shape", "fr": "Forme de la dégressivité"},
}
