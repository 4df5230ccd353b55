"""Skills and diploma recognition (guide L225-230, L1755-1769, L2193-2195).

Recognition is slow, costly and uncertain (L225-230); without it, qualified people take jobs
below their level (deskilling). Support (skills radar, help with procedures) raises the monthly
chance that a medium or tertiary diploma is recognised; a one-stop shop shortens the delay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import levers
from ..population import Education

if TYPE_CHECKING:
    from ..model import TremplinModel

# a plain int: an enum's ``.value`` goes through its descriptor on every read
_MEDIUM: int = Education.MEDIUM.value


def recognise_diplomas(model: TremplinModel) -> None:
    """Diplomas recognised this month (more with support, sooner with a one-stop shop)."""
    p, sr, rng = model.people, model.scenario.skills_recognition, model.rng
    cand = model.masks.migrants & ~p.diploma_recognised & (p.education >= _MEDIUM)
    idx = cand.nonzero()[0]
    supported = model.lever_on("skills_recognition")
    lm = model.scenario.labour_market
    rate = sr.recognition_rate if supported else lm.diploma_recognition_rate
    rate = min(1.0, rate / levers.factor("administrative_delay", model))
    done = idx[rng.random(len(idx)) < rate]
    p.diploma_recognised[done] = True
    if supported and len(done):
        model.municipality.pay("skills_recognition", len(done) * sr.cost_eur_per_case)


SECTION = "skills_recognition"
ACCOUNTS = ("skills_recognition",)
STEP = recognise_diplomas
HOOKS: dict = {}

# plain words of the workshop: name, one line, the guide's example (with its lines)
WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "Help with diploma recognition", "fr": "Aide à la reconnaissance des diplômes"},
    "line": {"en": "Support with equivalence procedures and skills assessment, so people work at "
                   "their level.",
             "fr": "Accompagnement des équivalences et bilan de compétences, pour travailler à son "
                   "niveau."},
    "guide": {"en": "Recognition is slow, costly and uncertain (L225-230); skills radar "
                    "(L1755-1769).",
              "fr": "La reconnaissance est lente, coûteuse et incertaine (L225-230) ; radar de "
                    "compétences (L1755-1769)."},
}
# short label of each of the section's parameters
LABELS: dict[str, dict[str, str]] = {
    "enabled": {"en": "Help with recognition", "fr": "Aider à la reconnaissance"},
    "recognition_rate": {"en": "Recognised per month with help",
                         "fr": "Reconnaissances par mois avec aide"},
    "cost_eur_per_case": {"en": "Cost per recognised diploma (EUR)",
                          "fr": "Coût par diplôme reconnu (EUR)"},
}
