"""TremplinModel: one municipality, month by month.

What happens each month, in order (the details live in one module per concept):

1. ``demography``: departures (onward migration, removals, ageing out), then arrivals.
2. ``residence``: asylum decisions, permit renewals, regularisation.
3. ``levers.skills_recognition``: diploma recognition.
4. ``levers.pathway``: enrolment, language learning, training, dropout.
5. municipal levers: ``one_stop_shop``, ``mentoring``, ``third_place``, then
   ``levers.procurement`` lets lots as old ones expire.
6. ``labour_market``: separations, applications and hiring, informal work, self-employment.
7. ``cooperatives``: formation, recruitment, then economics (pay, exits, failure).
8. ``network``: ties decay.
9. observation: indicators collected by Mesa's DataCollector.

All processes are vectorised over people and therefore synchronous within a process: each
reads the state left by the previous process. Randomness comes only from ``self.rng`` (one
seed). The burn-in runs the same schedule with the municipal levers off.
"""

from __future__ import annotations

import mesa
import numpy as np

from . import cooperatives, demography, indicators, labour_market, residence
from .agents import Cooperative, Employer, Migrant, Municipality
from .cooperatives import Cooperatives
from .levers import (
    anti_discrimination,
    mentoring,
    one_stop_shop,
    pathway,
    procurement,
    skills_recognition,
    third_place,
)
from .network import SocialNetwork, initial_ties, renew
from .population import NEVER, SHORTAGE, Citizenship, Pathway, People, Work
from .scenario import validate


class TremplinModel(mesa.Model):
    """Municipal inclusion policy for migrant workers through the SSE.

    Args:
        scenario: a validated scenario (``tremplin.model.scenario.load``).
        seed: the one seed all randomness derives from.
    """

    def __init__(self, scenario, seed: int = 0) -> None:
        super().__init__(rng=int(seed))
        # Mesa's own ``scenario`` setter would write onto our frozen, validated scenario
        self._scenario = scenario
        self.seed = int(seed)
        pop = scenario.population
        self.initial_migrants = pop.migrants
        self.month = -scenario.run.burn_in_months
        self.levers_active = False
        self.springboard = [0, 0]  # [people evaluated 6 months after leaving SSE, in mainstream]
        self._migrant_views: dict[int, Migrant] = {}
        self._cache: dict[str, np.ndarray] = {}
        self._barriers_month: int | None = None
        self._coop_views: list[Cooperative] = []

        self.people = People(pop.migrants * 2 + pop.natives // pop.native_weight)
        self.network = SocialNetwork(self.people)
        self.cooperatives = Cooperatives(self.people)
        self.employers = labour_market.make_employers(self.rng, scenario.labour_market.employers,
                                                      scenario)
        self.lots = procurement.Lots()
        self.municipality = Municipality(
            self, scenario.municipality.budget_eur_per_migrant_year * pop.migrants)
        for i in range(self.employers.n):
            Employer(self, i)

        demography.initial_population(self)
        rows = np.arange(self.people.n)
        self.network.add(*initial_ties(self.rng, self.people, rows, scenario.network.mean_degree,
                                       scenario.network.homophily,
                                       scenario.network.native_tie_share))
        self.network.commit()
        labour_market.initial_jobs(self)
        cooperatives.initial_cooperatives(self)
        procurement.award_contracts(self, initial=True)

        while self.month < 0:
            self._month()
        self.levers_active = True
        self.datacollector = mesa.DataCollector(
            model_reporters={k: _reporter(k) for k in indicators.INDICATORS}
        )
        self._collect()

    # ------------------------------------------------------------------ schedule
    def step(self) -> None:
        """One month."""
        self._month()
        self._collect()

    def _month(self) -> None:
        self.month += 1
        self._cache.clear()
        demography.departures(self)
        demography.arrivals(self)
        # from here on no rows are added this month: month-start snapshots (readiness,
        # contacts' shares, staff lists) are cached until the next month
        self._cache.clear()
        residence.residence(self)
        skills_recognition.recognise_diplomas(self)
        pathway.language_and_training(self)
        one_stop_shop.run(self)
        mentoring.form_pairs(self)
        third_place.run(self)
        procurement.award_contracts(self)
        labour_market.separations(self)
        labour_market.hiring(self)
        labour_market.informal_work(self)
        labour_market.self_employment(self)
        cooperatives.formation(self)
        cooperatives.recruitment(self)
        cooperatives.economics(self)
        self._springboard()
        self._network_turnover()

    def _network_turnover(self) -> None:
        """Ties lapse and as many new ones form, so the mean degree stays stable."""
        net = self.scenario.network
        lapsed = self.network.decay(self.rng, net.tie_decay_rate, self.people.present)
        self.network.add(*renew(self.rng, self.people, lapsed, net.homophily,
                                net.native_tie_share))
        self.network.commit()

    def _collect(self) -> None:
        self._indicators = indicators.compute(self)
        self.datacollector.collect(self)

    def _springboard(self) -> None:
        p = self.people
        due = p.present & (p.sse_exit_month == self.month - 6)
        if self.levers_active and due.any():
            self.springboard[0] += int(due.sum())
            self.springboard[1] += int((due & (p.work == Work.MAINSTREAM)).sum())

    # ------------------------------------------------------------------ shared state helpers
    @property
    def regularisation_rules(self):
        """The national regime in force: the scenario's, or before month 0 (unless it was
        already in force) the registry default, so reforms start with the policy period."""
        r = self.scenario.regularisation
        if self.levers_active or r.in_force_before_start:
            return r
        return _DEFAULT_REGIME

    def lever_on(self, section: str) -> bool:
        """A municipal lever acts only after the burn-in, and only if its section enables it."""
        return self.levers_active and bool(getattr(getattr(self.scenario, section), "enabled",
                                                   True))

    def readiness(self, rows=slice(None)) -> np.ndarray:
        """Readiness to work 0-1: trauma, housing and childcare lower it (guide L2179-2186)."""
        p = self.people
        r = (1.0 - 0.6 * p.trauma - 0.3 * ~p.housing_ok
             - 0.4 * p.childcare_need)
        return r[rows]

    def ready(self) -> np.ndarray:
        if "ready" not in self._cache:
            self._update_barriers()
            threshold = self.scenario.labour_market.readiness_threshold
            self._cache["ready"] = self.readiness() >= threshold
        return self._cache["ready"]

    def _update_barriers(self) -> None:
        """Trauma fades, housing and childcare are found (once a month)."""
        if self._barriers_month == self.month:
            return
        self._barriers_month = self.month
        p, dem, rng = self.people, self.scenario.demography, self.rng
        n = p.n
        p.trauma *= np.float32(np.exp(-1.0 / dem.trauma_recovery_months))
        p.trauma = np.where(p.trauma < 0.05, 0.0, p.trauma)
        p.housing_ok |= rng.random(n) < dem.housing_found_rate
        p.childcare_need &= rng.random(n) >= dem.childcare_found_rate

    def declared(self) -> np.ndarray:
        """Declared paid work: a mainstream job, self-employment, or paid SSE work by someone
        with the right to work (community activity and unpaid members are not employment)."""
        p = self.people
        coop = p.coop
        comm = np.zeros(p.n, dtype=bool)
        inside = coop >= 0
        comm[inside] = self.cooperatives.community[coop[inside]]
        access = self.scenario.demography.asylum_work_access_months
        sse_paid = (p.work == Work.SSE) & ~comm & p.legal_to_work(self.month, access)
        return p.declared_work(sse_paid)

    def job_seekers(self) -> tuple[np.ndarray, np.ndarray]:
        return labour_market.job_seekers(self)

    def neighbour_share(self, kind: str) -> np.ndarray:
        """Share of each person's contacts who are natives / in informal work."""
        key = f"nbr_{kind}"
        if key not in self._cache:
            p = self.people
            if "inv_degree" not in self._cache:
                deg = self.network.degree(p.n)
                self._cache["inv_degree"] = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
            if kind == "native":
                count = self.network.native_contacts(p.n)
            else:
                count = self.network.count(p.work == Work.INFORMAL, p.n)
            self._cache[key] = count * self._cache["inv_degree"]
        return self._cache[key]

    def current_discrimination(self) -> np.ndarray:
        return anti_discrimination.discrimination(self)

    def pathways_end(self, rows: np.ndarray) -> None:
        pathway.end(self, rows[self.people.pathway[rows] != Pathway.NOT_ENROLLED])

    def new_coworker_ties(self, rows: np.ndarray, e: np.ndarray) -> None:
        """New hires meet a coworker (bridging ties formed at work)."""
        form = self.rng.random(len(rows)) < self.scenario.network.coworker_tie_rate
        mates = self.representative("employer", self.employers.n)[e[form]]
        ok = mates >= 0
        self.network.add(rows[form][ok], mates[ok])

    def representative(self, column: str, n: int) -> np.ndarray:
        """One person drawn at random per employer (or cooperative), -1 where none: a
        month-start snapshot, used to tie newcomers to a colleague without sorting everyone."""
        key = f"rep_{column}"
        if key not in self._cache:
            p = self.people
            col = getattr(p, column)
            if column == "employer":
                who = np.flatnonzero(p.work == Work.MAINSTREAM)
            else:
                who = np.flatnonzero(col >= 0)
            who = self.rng.permutation(who)
            rep = np.full(n, -1, dtype=np.int64)
            rep[col[who]] = who
            self._cache[key] = rep
        rep = self._cache[key]
        return rep if len(rep) >= n else np.concatenate([rep, np.full(n - len(rep), -1)])

    def placement_hosts(self, k: int) -> np.ndarray:
        """A worker at a host (an SSE enterprise or a shortage-sector firm) for each placement."""
        p, rng = self.people, self.rng
        staff = np.flatnonzero((p.work == Work.SSE)
                               | ((p.work == Work.MAINSTREAM)
                                  & SHORTAGE[self.employers.sector[np.maximum(p.employer,
                                                                               0)]]))
        if len(staff) == 0 or k == 0:
            return np.empty(0, dtype=np.int64) if k == 0 else np.zeros(k, dtype=np.int64)
        return staff[rng.integers(0, len(staff), k)]

    def leave_work_without_right(self, rows: np.ndarray) -> None:
        """People who lose the right to work lose their declared job (not SSE activity)."""
        w = self.people.work[rows]
        rows = rows[(w == Work.MAINSTREAM) | (w == Work.SELF_EMPLOYED)]
        labour_market.leave_job(self, rows)
        self.people.work[rows] = Work.INFORMAL

    def depart(self, rows: np.ndarray) -> None:
        """People leave the municipality."""
        if len(rows) == 0:
            return
        p = self.people
        labour_market.leave_job(self, rows[p.work[rows] == Work.MAINSTREAM])
        self.cooperatives.leave(self, rows[p.coop[rows] >= 0])
        pathway.end(self, rows)
        p.sse_exit_month[rows] = NEVER
        p.present[rows] = False
        p.work[rows] = Work.NONE
        for r in rows.tolist():
            view = self._migrant_views.pop(r, None)
            if view is not None:
                view.remove()

    # ------------------------------------------------------------------ inspection
    def migrant(self, row: int) -> Migrant:
        """The Migrant agent of a row of a migrant present (a view onto the row).

        Views are Mesa agents created on first request and removed when the person leaves:
        registering 40,000 Mesa agents up front, and one per arrival, costs more than a
        month of the whole model at Liège scale, and the state lives in the columns anyway.
        """
        view = self._migrant_views.get(row)
        if view is None:
            p = self.people
            if not (0 <= row < p.n and p.present[row] and p.citizenship[row] == Citizenship.NON_EU):
                raise KeyError(f"row {row} is not a migrant present in the municipality")
            view = self._migrant_views[row] = Migrant(self, row)
        return view

    def migrants(self):
        """Views of every migrant present (created as needed)."""
        p = self.people
        rows = np.flatnonzero(p.present & (p.citizenship == Citizenship.NON_EU))
        return [self.migrant(int(r)) for r in rows]

    def cooperative(self, i: int) -> Cooperative:
        """The Cooperative agent of row ``i`` (active or not)."""
        return self._coop_views[i]

    def register_cooperative(self, i: int) -> None:
        self._coop_views.append(Cooperative(self, i))

    @property
    def indicators(self) -> dict[str, float]:
        return self._indicators


_DEFAULT_REGIME = validate({}).regularisation


def _reporter(name: str):
    def report(model: TremplinModel) -> float:
        return model._indicators[name]

    report.__name__ = name
    return report
