"""Keeping social assistance while joining an SSE structure (guide L1537-1541).

Without the lever, a person on the integration income (RIS) who joins an SSE enterprise loses
it: their income becomes the cooperative's pay, often low or uncertain in a young enterprise
(L2244-2247), so many weigh the move and stay on assistance (``incomes.accepts``, asked with
the cooperative's expected pay when a member offers them a place). The municipality can keep
paying the assistance for ``kept_months`` months after they join (the guide: "maintaining
economic resources from social assistance when a person is involved in a social economy
initiative"), which removes that loss on entry; members with papers whom their enterprise
cannot pay keep it that month too, so fewer of them leave (``unpaid_exit_factor``). The city
pays every euro of assistance kept beyond what the person would receive anyway.

Article 60 §7 contracts (L1326-1331) are not an option here: the sources give the duration
(until the person qualifies for unemployment benefit) and the employer-contribution
exemption, but neither the regional subsidy per worker nor the wage (only "advised not below
the minimum wage"), so the city's cost cannot be stated (sources.md, Belgian table).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..population import Status

if TYPE_CHECKING:
    from ..model import TremplinModel


def unpaid_exit_factor(model: TremplinModel) -> float:
    """Multiplier on the exit hazard of unpaid members with papers, who keep their assistance
    that month."""
    sa = model.scenario.social_assistance
    return sa.unpaid_exit_factor if model.lever_on("social_assistance") else 1.0


def keep_for_unpaid(model: TremplinModel, unpaid_members: np.ndarray) -> None:
    """Members with papers whom their enterprise could not pay keep assistance this month."""
    if model.lever_on("social_assistance") and len(unpaid_members):
        p = model.people
        p.assistance_kept_until[unpaid_members] = np.maximum(
            p.assistance_kept_until[unpaid_members], model.month)


def offer_income(model: TremplinModel, rows: np.ndarray, assistance: np.ndarray) -> np.ndarray:
    """Assistance a person offered a place in the SSE would keep on joining (EUR a month)."""
    if not model.lever_on("social_assistance"):
        return np.zeros(len(rows))
    return assistance


def start_keeping(model: TremplinModel, rows: np.ndarray) -> None:
    """People who left assistance for the SSE this month keep it for ``kept_months``."""
    if model.lever_on("social_assistance") and len(rows):
        months = model.scenario.social_assistance.kept_months
        model.people.assistance_kept_until[rows] = model.month + months - 1


def kept_assistance(model: TremplinModel, rows: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Assistance kept this month by SSE members of ``rows`` (their household's integration
    income), paid by the city."""
    if not model.lever_on("social_assistance"):
        return np.zeros(len(rows))
    p = model.people
    # only while they are legal residents, as the integration income itself
    keeps = ((p.assistance_kept_until[rows] >= model.month) & (p.coop[rows] >= 0)
             & (p.status[rows] >= Status.PROTECTED.value))
    kept = np.where(keeps, rate, 0.0)
    model.municipality.pay("social_assistance", float(kept.sum()))
    return kept


SECTION = "social_assistance"
ACCOUNTS = ("social_assistance",)
STEP = None
HOOKS = {"unpaid_member_exit": unpaid_exit_factor, "unpaid_members": keep_for_unpaid,
         "sse_offer_income": offer_income, "left_assistance_for_sse": start_keeping,
         "kept_assistance": kept_assistance}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Keep social assistance when joining the SSE",
             "fr": "Maintenir l'aide sociale en rejoignant l'ESS"},
    "line": {"en": "People on the integration income keep it for their first months in a "
                   "cooperative, so joining no longer means losing it.",
             "fr": "Les bénéficiaires du revenu d'intégration le gardent pendant leurs premiers "
                   "mois en coopérative : la rejoindre ne leur fait plus perdre ce revenu."},
    "guide": {"en": "Municipalities can keep paying social assistance when a person takes part "
                    "in a social-economy initiative (L1537-1541).",
              "fr": "Les communes peuvent maintenir l'aide sociale quand une personne s'engage "
                    "dans une initiative d'économie sociale (L1537-1541)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Keep assistance", "fr": "Maintenir l'aide"},
    "kept_months": {"en": "Months assistance is kept after joining",
                    "fr": "Mois d'aide maintenue après l'entrée"},
    "unpaid_exit_factor": {"en": "Unpaid members leaving multiplied by",
                           "fr": "Départs des membres non payés multipliés par"},
}
