"""Households as far as work needs them: a mother and her youngest child.

A birth gives a woman of childbearing age a young child and, unless care is arranged, a
childcare need; the need ends when the child reaches nursery-school age, when the family finds
a childcare place of its own, or through a municipal place (``levers.childcare``). An unmet
need is a binding barrier: the mother cannot search or work (``participation.readiness``), as
the guide's single mothers describe (L1402-1404, L1960-1962). Working mothers who cannot
arrange care at the birth leave their job. The household stops there: no partner, no income
pooling, and the need is carried by mothers only (a simplification the guide's cases support,
not a claim that fathers never care).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import labour_market
from .population import NEVER, Citizenship, Work

if TYPE_CHECKING:
    from .model import TremplinModel

# enum members read every month, as plain ints (enum's descriptor costs on each access)
_NO_WORK: int = Work.NONE.value
_SSE: int = Work.SSE.value
_NON_EU: int = Citizenship.NON_EU.value


def events(model: TremplinModel) -> None:
    """Births give mothers a childcare need; needs end when the youngest child starts school."""
    p, hh, rng, month = model.people, model.scenario.households, model.rng, model.month
    _date_unrecorded_children(model)
    born_at = p.youngest_child_born  # a child old enough for school: born this long ago or more
    grown = ((born_at <= month - hh.childcare_need_months) & (born_at != NEVER)).nonzero()[0]
    p.childcare_need[grown] = False
    p.childcare_place[grown] = False
    fertile = (p.present & p.sex_female
               & p.aged(month, hh.birth_age_min, hh.birth_age_max)).nonzero()[0]
    rate = np.where(p.citizenship[fertile] == _NON_EU, hh.birth_rate_migrants,
                    hh.birth_rate_natives)
    born = fertile[rng.random(p.n)[fertile] < rate]
    if len(born) == 0:
        return
    p.youngest_child_born[born] = month
    # a municipal place covers the new child too; otherwise care must be found again
    need = born[~p.childcare_place[born]]
    working = need[p.work[need] != _NO_WORK]
    draw = rng.random(len(working)) < hh.birth_care_arranged_share
    arranged = working[draw]
    p.childcare_need[need] = True
    p.childcare_need[arranged] = False
    stop_work(model, working[~draw])


def stop_work(model: TremplinModel, rows: np.ndarray) -> None:
    """``rows`` stop working: a job, self-employment or informal work ends, SSE members leave
    their enterprise."""
    if len(rows) == 0:
        return
    p = model.people
    model.cooperatives.leave(model, rows[p.work[rows] == _SSE])
    labour_market.leave_job(model, rows[p.work[rows] != _NO_WORK])


def _date_unrecorded_children(model: TremplinModel) -> None:
    """A need drawn on arrival comes with a child of unknown age: give it one, uniformly within
    the ages that need care, so the need ends when that child starts school."""
    p, hh = model.people, model.scenario.households
    rows = (p.childcare_need & (p.youngest_child_born == NEVER)).nonzero()[0]
    if len(rows):
        ages = model.rng.integers(0, hh.childcare_need_months, len(rows))
        p.youngest_child_born[rows] = model.month - ages
