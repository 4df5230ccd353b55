"""Skills and diploma recognition (guide L225-230, L1755-1769, L2193-2195).

Recognition is slow, costly and uncertain (L225-230); without it, qualified people take jobs
below their level (deskilling). Support (skills radar, help with procedures) raises the monthly
chance that a medium or tertiary diploma is recognised; a one-stop shop shortens the delay.
"""

from __future__ import annotations

import numpy as np

from ..population import Citizenship, Education
from . import one_stop_shop


def recognise_diplomas(m) -> None:
    """Monthly diploma recognitions."""
    p, sr, rng = m.people, m.scenario.skills_recognition, m.rng
    cand = (p.present & (p.citizenship == Citizenship.NON_EU)
            & ~p.diploma_recognised & (p.education >= Education.MEDIUM))
    idx = np.flatnonzero(cand)
    supported = m.lever_on("skills_recognition")
    rate = sr.recognition_rate if supported else m.scenario.labour_market.diploma_recognition_rate
    rate = min(1.0, rate / one_stop_shop.delay_factor(m))
    done = idx[rng.random(len(idx)) < rate]
    p.diploma_recognised[done] = True
    if supported and len(done):
        m.municipality.pay("skills_recognition", len(done) * sr.cost_eur_per_case)
