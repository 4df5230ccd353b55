"""The city helps new SSE enterprises find customers (Diomcoop: the city "facilitates access
to markets by putting Diomcoop in contact with customers", guide L2410-2411).

For its first ``months``, an enterprise founded while the lever is on learns its market
``learning_speedup`` times faster: it reaches the private demand a mature enterprise has
sooner (market codes, guide L1480-1482, L1522-1525). The city pays an adviser's time per
enterprise helped. Sales still depend on the enterprise's output and demand, so survival
changes only through the cash they bring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import TremplinModel


def helped(model: TremplinModel) -> np.ndarray:
    """Which cooperatives the city helps find customers this month."""
    c = model.cooperatives
    if not model.lever_on("customer_help"):
        return np.zeros(c.n, dtype=bool)
    return c.new_enterprises(model.month, model.scenario.customer_help.months)


def learning_factor(model: TremplinModel) -> np.ndarray | float:
    """Multiplier on each cooperative's speed of learning its market this month (one factor
    for all when the lever is off: the process pays for no array it does not need)."""
    if not model.lever_on("customer_help"):
        return 1.0
    return np.where(helped(model), model.scenario.customer_help.learning_speedup, 1.0)


def pay_advisers(model: TremplinModel) -> None:
    """The city pays this month's advisers."""
    if not model.lever_on("customer_help"):
        return
    k = int(np.count_nonzero(helped(model)))
    model.municipality.pay("customer_help",
                           k * model.scenario.customer_help.cost_eur_per_enterprise_month)


SECTION = "customer_help"
ACCOUNTS = ("customer_help",)
STEP = pay_advisers
HOOKS = {"coop_market_learning": learning_factor}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Help finding customers", "fr": "Aide à trouver des clients"},
    "line": {"en": "City advisers put new cooperatives in touch with customers.",
             "fr": "Des conseillers de la ville mettent les nouvelles coopératives en contact "
                   "avec des clients."},
    "guide": {"en": "Barcelona put Diomcoop in contact with customers (guide L2410-2411).",
              "fr": "Barcelone a mis Diomcoop en contact avec des clients (guide L2410-2411)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Help find customers", "fr": "Aider à trouver des clients"},
    "learning_speedup": {"en": "Faster market learning (x)",
                         "fr": "Apprentissage du marché plus rapide (x)"},
    "months": {"en": "Months of help", "fr": "Mois d'accompagnement"},
    "cost_eur_per_enterprise_month": {"en": "Cost per enterprise (EUR/month)",
                                      "fr": "Coût par entreprise (EUR/mois)"},
}
