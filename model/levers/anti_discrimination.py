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


def discrimination(model: TremplinModel) -> np.ndarray:
    """Each employer's current callback penalty for non-EU applicants."""
    emp = model.employers
    if not model.lever_on("anti_discrimination"):
        return emp.discrimination
    bound = emp.contract_until >= model.month
    clause_effect = model.scenario.anti_discrimination.clause_effect
    return emp.discrimination * np.where(bound, 1.0 - clause_effect, 1.0)
