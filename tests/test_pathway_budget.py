"""The pathway as a time budget and its Belgian admission rules (issue 10, item 6): a placement's
hours split between job-language instruction and work-based learning, each with its own gain
per hour; who may, and who must, enter the pathway."""

from __future__ import annotations

import numpy as np
import pytest

from tremplin.model import TremplinModel
from tremplin.model.levers import pathway
from tremplin.model.population import Pathway, Status, Work

INTEGRATED = {"pathway": {"mode": "integrated"}}


def _model(small_scenario, changes: dict, seed: int = 5) -> TremplinModel:
    m = TremplinModel(small_scenario("baseline", changes), seed=seed)
    m.step()
    return m


@pytest.mark.parametrize("share", [0.0, 0.2, 1.0])
def test_a_placement_gains_language_by_the_hours_it_spends_on_each_activity(small_scenario,
                                                                          share):
    changes = {**INTEGRATED, "language": {"network_gain": 0.0},
               "pathway": {**INTEGRATED["pathway"], "placement_instruction_share": share,
                           "placement_seats_per_1000": 0.0}}
    m = _model(small_scenario, changes)
    p, lang = m.people, m.scenario.language
    rows = np.flatnonzero(m.masks.migrants)[:40]
    p.leave_pathway(np.flatnonzero(m.masks.migrants))
    p.work[rows] = Work.NONE
    p.pathway[rows] = Pathway.PLACEMENT
    p.language[rows] = np.linspace(0.0, 0.45, len(rows))
    before = p.language[rows].astype(float)
    pathway.language_and_training(m)
    hours = m.scenario.pathway.placement_hours_per_month
    per_month = hours * (share * lang.course_gain_per_hour
                         + (1 - share) * lang.placement_work_gain_per_hour)
    assert pathway.monthly_gains(m)[1] == pytest.approx(per_month)
    np.testing.assert_allclose(p.language[rows], before + per_month * (1 - before), rtol=1e-5)


def test_admission_follows_the_belgian_rules(small_scenario):
    m = _model(small_scenario, INTEGRATED)
    p, month = m.people, m.month
    rows = np.flatnonzero(m.masks.migrants)[:8]
    statuses = [Status.UNDOCUMENTED, Status.ASYLUM_SEEKER, Status.ASYLUM_SEEKER,
                Status.PROTECTED, Status.TEMPORARY_PERMIT, Status.TEMPORARY_PERMIT,
                Status.LONG_TERM_PERMIT, Status.UNDOCUMENTED]
    p.set_status(rows, np.array(statuses))
    wait = m.scenario.demography.asylum_work_access_months
    obliged_for = m.scenario.municipality.obligation_months
    p.arrival_month[rows] = month - 1                  # newcomers...
    p.arrival_month[rows[2]] = month - wait - 1        # ...but an asylum seeker past the wait
    p.arrival_month[rows[5]] = month - obliged_for     # and a permit holder here 3 years
    may, obliged = pathway.admission(m, rows)
    assert may.tolist() == [False, False, True, True, True, True, True, False]
    assert obliged.tolist() == [False, False, False, True, True, False, True, False]
    # a classroom course is open to asylum seekers whatever their wait
    linear = _model(small_scenario, {})
    linear.people.set_status(rows, np.array(statuses))
    linear.people.arrival_month[rows] = linear.month - 1
    may, _ = pathway.admission(linear, rows)
    assert may.tolist() == [False, True, True, True, True, True, True, False]


def test_people_obliged_to_follow_the_pathway_go_first_when_seats_are_short(small_scenario):
    changes = {"municipality": {"course_seats_per_1000": 10.0, "course_take_up": 1.0,
                                "obliged_take_up": 1.0, "course_threshold": 1.0},
               "population": {"migrants": 300}}
    m = _model(small_scenario, changes)
    p = m.people
    mi = np.flatnonzero(m.masks.migrants)
    p.leave_pathway(mi)
    p.dropouts[mi] = 0
    p.trained[mi] = False
    candidates = mi[(p.work[mi] <= Work.INFORMAL) & m.ready()[mi]]
    may, obliged = pathway.admission(m, candidates)
    assert np.count_nonzero(obliged & may) > pathway.seats(m) > 0
    assert np.count_nonzero(may & ~obliged) > 0  # others could take the seats too
    pathway.language_and_training(m)
    enrolled = np.flatnonzero(p.pathway[mi] != Pathway.NOT_ENROLLED)
    _, obliged_enrolled = pathway.admission(m, mi[enrolled])
    assert len(enrolled) == pathway.seats(m)
    assert obliged_enrolled.all()
