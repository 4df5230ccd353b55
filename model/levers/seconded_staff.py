"""Staff seconded by the city to new SSE enterprises (Diomcoop: "the City Council has also
provided workers to strengthen the team", guide L2409-2410).

An enterprise founded while the lever is on has ``staff_per_enterprise`` municipal workers for
its first ``months``. They add declared output (they may deliver public contracts) at no cost
to the enterprise; the city pays their wages. Whether that output is sold depends on the
enterprise's demand and contracts, so the lever changes survival only through the cash the
extra sales bring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import TremplinModel


def staffed(model: TremplinModel) -> np.ndarray:
    """Full-time equivalents the city seconds to each cooperative this month."""
    c = model.cooperatives
    if not model.lever_on("seconded_staff"):
        return np.zeros(c.n)
    ss = model.scenario.seconded_staff
    return np.where(c.new_enterprises(model.month, ss.months), ss.staff_per_enterprise, 0.0)


def seconded_output(model: TremplinModel) -> np.ndarray | float:
    """Output (EUR this month) of the staff seconded to each cooperative (none for all when
    the lever is off, without building an array of zeros)."""
    if not model.lever_on("seconded_staff"):
        return 0.0
    ss, cp = model.scenario.seconded_staff, model.scenario.cooperatives
    return staffed(model) * ss.output_share * cp.productivity_eur


def pay_staff(model: TremplinModel) -> None:
    """The city pays this month's seconded workers."""
    if not model.lever_on("seconded_staff"):
        return
    fte = float(staffed(model).sum())
    model.municipality.pay("seconded_staff",
                           fte * model.scenario.seconded_staff.cost_eur_per_fte_month)


SECTION = "seconded_staff"
ACCOUNTS = ("seconded_staff",)
STEP = pay_staff
HOOKS = {"coop_seconded_output": seconded_output}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "City staff for new cooperatives",
             "fr": "Personnel municipal pour les nouvelles coopératives"},
    "line": {"en": "The city lends workers to each new cooperative for its first years.",
             "fr": "La ville met du personnel à la disposition de chaque nouvelle coopérative "
                   "pendant ses premières années."},
    "guide": {"en": "Barcelona provided workers to strengthen Diomcoop's team (guide "
                    "L2409-2410).",
              "fr": "Barcelone a fourni du personnel pour renforcer l'équipe de Diomcoop (guide "
                    "L2409-2410)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Second city staff", "fr": "Détacher du personnel municipal"},
    "staff_per_enterprise": {"en": "Staff per enterprise (FTE)",
                             "fr": "Personnel par entreprise (ETP)"},
    "months": {"en": "Months of secondment", "fr": "Mois de mise à disposition"},
    "output_share": {"en": "Output of a seconded worker (share of a member's)",
                     "fr": "Production d'un agent détaché (part de celle d'un membre)"},
    "cost_eur_per_fte_month": {"en": "Cost per FTE (EUR/month)",
                               "fr": "Coût par ETP (EUR/mois)"},
}
