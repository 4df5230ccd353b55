"""Third place / migration hub (guide L1563-1634, L1662-1719, L2911-2915).

A shared space where people meet across origins (Oldenburg, L1564-1569) and where collectives
are incubated (Migration Hub, L1662-1719). Three mechanisms: new migrant-native ties each month;
collectives formalise faster (incubation); incubated enterprises learn market codes faster.
"""

from __future__ import annotations

import numpy as np

from ..population import Citizenship


def formation_factor(m) -> float:
    return m.scenario.third_place.formation_factor if m.lever_on("third_place") else 1.0


def learning_factor(m) -> float:
    return m.scenario.third_place.learning_factor if m.lever_on("third_place") else 1.0


def run(m) -> None:
    """Bridging ties formed in the third place this month, and its running cost."""
    if not m.lever_on("third_place"):
        return
    p, tp, rng = m.people, m.scenario.third_place, m.rng
    m.municipality.pay("third_place", tp.cost_eur_per_month)
    k = rng.poisson(tp.bridging_ties_per_1000 * m.initial_migrants / 1000.0)
    present = p.present
    cit = p.citizenship
    mig = np.flatnonzero(present & (cit == Citizenship.NON_EU))
    nat = np.flatnonzero(present & (cit != Citizenship.NON_EU))
    if k and len(mig) and len(nat):
        m.network.add(mig[rng.integers(0, len(mig), k)], nat[rng.integers(0, len(nat), k)])
