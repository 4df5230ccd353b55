"""Keeping social assistance during SSE participation (guide L1537-1541; Article 60, L1329-1331).

Cooperative income is often too low to pay every member (L2244-2247), and unpaid members go
back to informal work (L2702-2704). If the municipality keeps paying social-assistance income
to members who are not paid, fewer of them leave; the city pays for each such month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import TremplinModel


def unpaid_exit_factor(model: TremplinModel) -> float:
    """Multiplier on the exit hazard of unpaid members."""
    sa = model.scenario.social_assistance
    return sa.unpaid_exit_factor if model.lever_on("social_assistance") else 1.0


def pay_kept_assistance(model: TremplinModel, unpaid_members: np.ndarray) -> None:
    """Account for assistance kept for unpaid members who hold a permit."""
    if model.lever_on("social_assistance") and len(unpaid_members):
        cost = model.scenario.social_assistance.cost_eur_per_month
        model.municipality.pay("social_assistance", len(unpaid_members) * cost)


SECTION = "social_assistance"
ACCOUNTS = ("social_assistance",)
STEP = None
HOOKS = {"unpaid_member_exit": unpaid_exit_factor, "unpaid_members": pay_kept_assistance}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Keep social assistance during SSE work",
             "fr": "Maintenir l'aide sociale pendant l'activité en ESS"},
    "line": {"en": "People keep their assistance income while their young cooperative cannot pay "
                   "them yet.",
             "fr": "Les personnes gardent leur revenu d'aide tant que leur jeune coopérative ne "
                   "peut pas encore les payer."},
    "guide": {"en": "Municipalities can keep paying social assistance during SSE participation "
                    "(L1537-1541); Article 60 contracts (L1329-1331).",
              "fr": "Les communes peuvent maintenir l'aide sociale pendant la participation à "
                    "l'ESS (L1537-1541) ; contrats Article 60 (L1329-1331)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Keep assistance", "fr": "Maintenir l'aide"},
    "unpaid_exit_factor": {"en": "Unpaid members leaving multiplied by",
                           "fr": "Départs des membres non payés multipliés par"},
    "cost_eur_per_month": {"en": "Cost (EUR/person-month)", "fr": "Coût (EUR/personne-mois)"},
}
