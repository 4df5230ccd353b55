"""TremplinModel: one municipality, month by month.

The month is ``SCHEDULE``, a list of named steps run in order; each step is a function of the
model in the module of its concept (demography, residence, the levers, labour market,
cooperatives, network), and its docstring's first paragraph says what it does. The class
docstring and the process overview of ``docs/ODD.md`` are generated from that list.

All processes are vectorised over people and therefore synchronous within a process: each
reads the state left by the previous process. Randomness comes only from ``model.rng`` (one
seed). The burn-in runs the same schedule with the municipal levers off.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import mesa
import numpy as np
from pydantic import BaseModel

from . import (
    cooperatives,
    demography,
    households,
    incomes,
    indicators,
    labour_market,
    levers,
    network,
    participation,
    residence,
)
from .agents import Cooperative, Employer, Migrant, Municipality
from .cooperatives import Cooperatives
from .levers import procurement
from .network import SocialNetwork, initial_ties
from .population import Citizenship, MonthMasks, People, Work
from .scenario import Scenario, validate


class TremplinModel(mesa.Model):
    """Municipal inclusion policy for migrant workers through the SSE.

    Args:
        scenario: a validated scenario (``tremplin.model.scenario.load``).
        seed: the one seed all randomness derives from.
    """

    def __init__(self, scenario: Scenario, seed: int = 0) -> None:
        super().__init__(rng=int(seed))
        # Mesa's own ``scenario`` setter would write onto our frozen, validated scenario
        self._scenario = scenario
        self.seed = int(seed)
        pop = scenario.population
        self.initial_migrants = pop.migrants
        self.month = -scenario.run.burn_in_months
        self.levers_active = False
        # ``lever_on``'s answers by section, for the scenario object they were read from
        self._enabled: dict[str, bool] = {}
        self._enabled_for: Scenario | None = None
        self.springboard = [0, 0]  # [people evaluated 6 months after leaving SSE, in mainstream]
        # events no person's columns keep (a second job, a departure), counted from month 0 on
        # for the façade's snapshot; the processes that cause them add to them
        self.events: Counter[str] = Counter()
        self._migrant_views: dict[int, Migrant] = {}
        self._snapshots: dict[str, np.ndarray] = {}
        self._coop_views: list[Cooperative] = []
        # this month's incomes by source: (rows present, ``incomes.Sources``), set by
        # ``incomes.monthly``
        self.income_sources: tuple[np.ndarray, incomes.Sources] | None = None

        self.people = People(pop.migrants * 2 + pop.natives // pop.native_weight)  # not behavioural
        self._masks = MonthMasks(self.people, self.month,
                                 scenario.demography.asylum_work_access_months)
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
                                       scenario.network.native_tie_share,
                                       scenario.network.native_tie_language_floor))
        self.network.commit()
        labour_market.initial_jobs(self)
        cooperatives.initial_cooperatives(self)
        procurement.award_contracts(self, initial=True)

        while self.month < 0:
            self._month()
        self.levers_active = True
        self.datacollector = IndicatorCollector()
        self._collect()

    # ------------------------------------------------------------------ schedule
    def step(self) -> None:
        """One month."""
        self._month()
        self._collect()

    def _month(self) -> None:
        self.month += 1
        self._snapshots.clear()
        for step in SCHEDULE:
            step.run(self)

    def _collect(self) -> None:
        self._indicators = indicators.compute(self)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ shared state
    @property
    def regularisation_rules(self) -> BaseModel:
        """The national regime in force: the scenario's, or before month 0 (unless it was
        already in force) the registry default, so reforms start with the policy period."""
        r = self.scenario.regularisation
        if self.levers_active or r.in_force_before_start:
            return r
        return _DEFAULT_REGIME

    def lever_on(self, section: str) -> bool:
        """A municipal lever acts only after the burn-in, and only if its section enables it.

        The levers ask this thousands of times a run; the validated scenario is frozen, so
        each section's answer is worked out once (``_section_enabled``) and kept for as long
        as the scenario is the same object."""
        if not self.levers_active:
            return False
        if self._enabled_for is not self._scenario:
            self._enabled_for = self._scenario
            self._enabled.clear()
        enabled = self._enabled.get(section)
        if enabled is None:
            enabled = self._enabled[section] = _section_enabled(self._scenario, section)
        return enabled

    @property
    def masks(self) -> MonthMasks:
        """Who is a migrant or a native present, and who may work legally, as of now:
        computed once and shared by every process until the month turns, rows are added, or
        someone's status or presence changes (``People.revision``)."""
        p = self.people
        if self._masks.month != self.month or self._masks.revision != p.revision:
            access = self.scenario.demography.asylum_work_access_months
            self._masks = MonthMasks(p, self.month, access, previous=self._masks)
        return self._masks

    def snapshot(self, key: str, take: Callable[[], np.ndarray]) -> np.ndarray:
        """A month-start snapshot: ``take()`` at first use, then the same array for the rest
        of the month (readiness, contacts' shares, one colleague per employer), so every
        process reads the state of the start of the month (a synchronous update)."""
        if key not in self._snapshots:
            self._snapshots[key] = take()
        return self._snapshots[key]

    def new_snapshots(self) -> None:
        """Arrivals are in and no rows are added later this month: snapshots taken from here
        on hold for the rest of the month."""
        self._snapshots.clear()

    def ready(self) -> np.ndarray:
        """Who is ready to work this month (readiness at or above the threshold): a pure
        query, snapshot at first use after this month's barriers step."""
        return self.snapshot("ready", lambda: participation.ready_to_work(self))

    def declared(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Declared paid work: a mainstream job, self-employment, or paid SSE work by someone
        with the right to work (community activity and unpaid members are not employment).
        Of everyone, or of ``rows`` (the mask is then aligned with ``rows``)."""
        p = self.people
        work = p.work if rows is None else p.work[rows]
        sse = (work == _SSE).nonzero()[0]  # few: the rule for paid SSE work runs on them
        who = sse if rows is None else rows[sse]
        coop = p.coop[who]
        comm = np.zeros(len(who), dtype=bool)
        inside = coop >= 0
        comm[inside] = self.cooperatives.community[coop[inside]]
        sse_paid = np.zeros(len(work), dtype=bool)
        sse_paid[sse[~comm & self.masks.legal_to_work[who]]] = True
        return p.declared_work(sse_paid, rows)

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

    def migrants(self) -> list[Migrant]:
        """Views of every migrant present (created as needed)."""
        return [self.migrant(int(r)) for r in np.flatnonzero(self.masks.migrants)]

    def cooperative(self, i: int) -> Cooperative:
        """The Cooperative agent of row ``i`` (active or not)."""
        return self._coop_views[i]

    def register_cooperative(self, i: int) -> None:
        """Create the Mesa agent of a new cooperative (row ``i``)."""
        self._coop_views.append(Cooperative(self, i))

    def drop_migrant_views(self, rows: np.ndarray) -> None:
        """Remove the Mesa agents of people who left (views exist only where requested)."""
        for r in rows.tolist():
            view = self._migrant_views.pop(r, None)
            if view is not None:
                view.remove()

    @property
    def indicators(self) -> dict[str, float]:
        return self._indicators


_DEFAULT_REGIME = validate({}).regularisation
_SSE = Work.SSE.value  # a plain int: ``Work.SSE.value`` goes through enum's descriptor each time


def _section_enabled(scenario: Scenario, section: str) -> bool:
    """Whether a scenario section enables its lever: a section without an ``enabled`` field
    is on (asking pydantic for a missing field raises inside it, which cost ~3 us a call, so
    the field list is read instead)."""
    sec = getattr(scenario, section)
    fields = getattr(type(sec), "model_fields", None)
    if fields is not None and "enabled" not in fields:
        return True
    return bool(getattr(sec, "enabled", True))


@dataclass(frozen=True)
class Step:
    """One step of the month: a function of the model, named by its module and described by
    its docstring's first paragraph."""

    run: Callable[[TremplinModel], object]

    @property
    def name(self) -> str:
        """Where the step lives: ``module.function`` within ``tremplin.model`` (no module for
        this one)."""
        if self.run.__module__ == __name__:
            return self.run.__qualname__
        module = self.run.__module__.removeprefix(f"{__package__}.")
        return f"{module}.{self.run.__qualname__}"

    @property
    def summary(self) -> str:
        """The first paragraph of the step's docstring, on one line."""
        doc = inspect.getdoc(self.run) or ""
        return " ".join(doc.split("\n\n", 1)[0].split())


SCHEDULE: tuple[Step, ...] = (
    Step(demography.departures),
    Step(demography.arrivals),
    Step(households.events),
    Step(participation.barriers),
    Step(participation.flows),
    Step(TremplinModel.new_snapshots),
    Step(residence.residence),
    *(Step(lever.STEP) for lever in levers.LEVERS if lever.STEP is not None),
    Step(labour_market.separations),
    Step(labour_market.hiring),
    Step(labour_market.informal_work),
    Step(labour_market.self_employment),
    Step(cooperatives.formation),
    Step(cooperatives.recruitment),
    Step(cooperatives.economics),
    Step(incomes.monthly),
    Step(cooperatives.count_springboard),
    Step(network.turnover),
    Step(participation.spells),
)
"""What happens each month, in order. The levers' steps come in the order of
``levers.LEVERS``."""


def schedule_lines() -> list[str]:
    """``SCHEDULE`` as one line per step: its name in backquotes, then what it does."""
    return [f"`{step.name}`: {step.summary}" for step in SCHEDULE]


def _document_schedule() -> None:
    """Append the month to the class docstring, so ``help(TremplinModel)`` lists it."""
    steps = "\n".join(f"    {i}. {line}" for i, line in enumerate(schedule_lines(), 1))
    doc = (TremplinModel.__doc__ or "").rstrip()
    TremplinModel.__doc__ = f"{doc}\n\n    Each month runs ``SCHEDULE``:\n\n{steps}\n"


_document_schedule()


def _reporter(name: str) -> Callable[[TremplinModel], float]:
    def report(model: TremplinModel) -> float:
        return model._indicators[name]

    report.__name__ = name
    return report


class IndicatorCollector(mesa.DataCollector):
    """Mesa's DataCollector with one model reporter per indicator (``model_vars``,
    ``get_model_vars_dataframe`` and the reporters are Mesa's), filled straight from the
    month's indicators.

    Mesa's ``collect`` checks each reporter's kind and deep-copies each value, a copy that
    guards against a reporter returning a mutable object; the indicators are numbers
    (immutable), so appending them as they are stores the same values and costs a fraction.
    """

    def __init__(self) -> None:
        super().__init__(model_reporters={k: _reporter(k) for k in indicators.INDICATORS})
        self._columns = [(name, self.model_vars[name]) for name in self.model_reporters]

    def collect(self, model: TremplinModel) -> None:
        """Append this month's indicators (``model.indicators``) to the columns."""
        self._collection_steps.append(model.time)
        values = model.indicators
        for name, column in self._columns:
            column.append(values[name])
