"""Who takes part in the labour market: the barriers (trauma, housing, childcare) that decide
who is ready to work, and how they ease (guide L2179-2186, L1402-1404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from .population import People

if TYPE_CHECKING:
    from .model import TremplinModel


def readiness(people: People, scn: BaseModel) -> np.ndarray:
    """Readiness to work 0-1: trauma, housing and childcare lower it (guide L2179-2186)."""
    p, part = people, scn.participation
    return (1.0 - part.readiness_trauma_weight * p.trauma
            - part.readiness_housing_weight * ~p.housing_ok
            - part.readiness_childcare_weight * p.childcare_need)


def barriers(model: TremplinModel) -> None:
    """Barriers to work ease: trauma fades, stable housing and childcare are found."""
    p, dem, rng = model.people, model.scenario.demography, model.rng
    n = p.n
    p.trauma *= np.float32(np.exp(-1.0 / dem.trauma_recovery_months))
    p.trauma = np.where(p.trauma < model.scenario.participation.trauma_residual, 0.0, p.trauma)
    p.housing_ok |= rng.random(n) < dem.housing_found_rate
    p.childcare_need &= rng.random(n) >= dem.childcare_found_rate


def ready_to_work(model: TremplinModel) -> np.ndarray:
    """Who is ready to work: readiness at or above the registry threshold."""
    return (readiness(model.people, model.scenario)
            >= model.scenario.labour_market.readiness_threshold)
