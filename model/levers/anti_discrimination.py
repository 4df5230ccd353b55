"""Anti-discrimination clauses in municipal contracts (guide L1472-1473; Ghent testing).

An employer that holds a municipal contract with a clause discriminates less while the
contract runs. Which employers hold contracts emerges from procurement (``procurement.py``),
so the clause reaches only the firms the city buys from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import TremplinModel


def clause_factor(model: TremplinModel) -> float | np.ndarray:
    """Per employer, the share of its callback penalty left while it holds a municipal
    contract with a clause (1 elsewhere, and when the lever is off)."""
    if not model.lever_on("anti_discrimination"):
        return 1.0
    bound = model.employers.contract_until >= model.month
    return np.where(bound, 1.0 - model.scenario.anti_discrimination.clause_effect, 1.0)


SECTION = "anti_discrimination"
ACCOUNTS: tuple[str, ...] = ()
STEP = None
HOOKS = {"employer_discrimination": clause_factor}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Anti-discrimination clauses", "fr": "Clauses anti-discrimination"},
    "line": {"en": "Firms holding a city contract must not discriminate in hiring.",
             "fr": "Les entreprises sous contrat avec la ville ne peuvent pas discriminer à "
                   "l'embauche."},
    "guide": {"en": "Ghent: discrimination testing and clauses in contracts (L1472-1473).",
              "fr": "Gand : tests de discrimination et clauses dans les marchés (L1472-1473)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Add clauses", "fr": "Ajouter des clauses"},
    "clause_effect": {"en": "Share of discrimination removed",
                      "fr": "Part de la discrimination supprimée"},
}
