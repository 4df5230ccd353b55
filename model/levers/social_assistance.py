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
