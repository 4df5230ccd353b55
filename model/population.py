"""People as columns: migrants and natives share one table that monthly processes update in bulk.

A per-agent Python loop over 40,000 people cannot run thousands of simulations, so each
person's state lives in a row of numpy arrays (``People``), and ``agents.Migrant`` is a view
onto one row for anyone who wants to inspect a single person.
"""

from __future__ import annotations

import math
from enum import IntEnum
from functools import cached_property, lru_cache
from typing import overload

import numpy as np

# Columns are compared with an enum's ``.value`` (a plain int) in the monthly paths: numpy
# takes an IntEnum member for an int64 array, so ``p.work == Work.SSE`` first converts the whole
# int8 column to int64 (about ten times the cost of ``p.work == Work.SSE.value``).


class Citizenship(IntEnum):
    NATIONAL = 0
    EU = 1
    NON_EU = 2


class Status(IntEnum):
    """Residence status (guide L270-278)."""

    UNDOCUMENTED = 0
    ASYLUM_SEEKER = 1
    PROTECTED = 2
    TEMPORARY_PERMIT = 3
    LONG_TERM_PERMIT = 4
    CITIZEN = 5  # nationals and EU citizens


class PermitReason(IntEnum):
    """Why a person holds a residence right (issue 10: residence by reason).

    ``NONE`` for people without one (undocumented, asylum seekers) and for citizens.
    """

    NONE = 0
    WORK = 1
    FAMILY = 2
    STUDY = 3
    PROTECTION = 4
    REGULARISATION = 5  # a permit granted by a regularisation route
    LONG_TERM = 6


class Route(IntEnum):
    """How a person came to be without papers, for the stock of undocumented people by route."""

    NONE = 0
    ARRIVED_UNDOCUMENTED = 1
    REJECTED_ASYLUM = 2
    LOST_PERMIT = 3


class Work(IntEnum):
    NONE = 0
    INFORMAL = 1
    SSE = 2  # member or worker of a cooperative / solidarity community
    MAINSTREAM = 3
    SELF_EMPLOYED = 4


class Pathway(IntEnum):
    NOT_ENROLLED = 0
    LANGUAGE_COURSE = 1
    VOCATIONAL_TRAINING = 2
    PLACEMENT = 3  # integrated language-and-job placement


class Education(IntEnum):
    LOW = 0
    MEDIUM = 1
    TERTIARY = 2


SECTORS = ("care", "construction", "cleaning", "catering", "manufacturing", "retail",
           "logistics", "public_admin", "professional")
SHORTAGE = np.array([s in ("care", "construction", "cleaning", "catering") for s in SECTORS])
SSE_SECTORS = np.array([SECTORS.index(s) for s in ("catering", "cleaning", "care", "logistics",
                                                    "retail")])

CEFR_BANDS = ("A0", "A1", "A2", "B1", "B2", "C1")
CEFR_CUTS = np.array([0.1, 0.3, 0.5, 0.7, 0.85])  # not behavioural: CEFR bands for display


def cefr(level: float | np.ndarray) -> str | np.ndarray:
    """CEFR band for display: the continuous level 0-1 cut at 0.1/0.3/0.5/0.7/0.85."""
    # a small tolerance: levels are stored as float32 (0.7 reads 0.69999999)
    idx = np.searchsorted(CEFR_CUTS - 1e-6, level, side="right")  # not behavioural
    return CEFR_BANDS[int(idx)] if np.ndim(idx) == 0 else np.array(CEFR_BANDS)[idx]


# Codes as plain ints for the monthly paths: reading ``Status.X.value`` goes through enum's
# descriptor on every call
_NON_EU: int = Citizenship.NON_EU.value
_ASYLUM_SEEKER: int = Status.ASYLUM_SEEKER.value
_PROTECTED: int = Status.PROTECTED.value
_MAINSTREAM: int = Work.MAINSTREAM.value
_SELF_EMPLOYED: int = Work.SELF_EMPLOYED.value

NEVER = -(2**30)  # not behavioural
"""Sentinel for month columns ("never happened" / "not pending"): months are negative during
the burn-in, so -1 cannot serve."""

class Column:
    """One column of a ``ColumnStore``, declared on the store's class.

    Reading ``store.x`` gives the live part of the column (a view of its first ``store.n``
    rows): the one way processes read a column and index it (``p.status[rows]``), so a mask
    built from columns always has one entry per existing row. Assigning ``store.x = values``
    writes into that live part (in-place operators such as ``p.trauma *= f`` do the same).

    The store keeps each live view as a plain instance attribute, refreshed whenever rows are
    added, so a read is an attribute lookup: columns are read tens of thousands of times a
    month, and a descriptor computing the slice on every read cost ~5% of a small town's run.
    """

    def __init__(self, dtype: str, fill: float) -> None:
        self.dtype = dtype
        self.fill = fill
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, store: None, owner: type) -> Column: ...

    @overload
    def __get__(self, store: ColumnStore, owner: type) -> np.ndarray: ...

    def __get__(self, store: ColumnStore | None, owner: type) -> Column | np.ndarray:
        # reached only from the class (the instance attribute shadows this descriptor)
        if store is None:
            return self
        return store._data[self.name][: store.n]


class ColumnStore:
    """Rows of state kept as numpy columns with spare capacity behind the live rows.

    Rows are appended and never reused, so a row index is a stable id. Subclasses declare
    their columns as class attributes (``present = Column("bool", False)``).
    """

    def __init__(self, capacity: int) -> None:
        object.__setattr__(self, "n", 0)
        object.__setattr__(self, "_data", {name: np.full(capacity, c.fill, dtype=c.dtype)
                                           for name, c in self.columns().items()})
        self._refresh_views()

    @classmethod
    def columns(cls) -> dict[str, Column]:
        """The declared columns, by name, in declaration order."""
        return {name: c for klass in reversed(cls.__mro__) for name, c in vars(klass).items()
                if isinstance(c, Column)}

    def __setattr__(self, name: str, value: object) -> None:
        if name in self._data:  # a column: write into its live rows, never rebind it
            self._data[name][: self.n] = value
        else:
            object.__setattr__(self, name, value)

    def _refresh_views(self) -> None:
        """Point each column's instance attribute at the live part of its array."""
        views, n = self.__dict__, self.n
        for name, data in self._data.items():
            views[name] = data[:n]

    def add(self, k: int) -> np.ndarray:
        """Append ``k`` rows holding each column's fill value; return their indices."""
        cap = len(next(iter(self._data.values())))
        if self.n + k > cap:
            new = max(cap * 2, self.n + k)  # not behavioural: growth
            for name, c in self.columns().items():
                grown = np.full(new, c.fill, dtype=c.dtype)
                grown[: self.n] = self._data[name][: self.n]
                self._data[name] = grown
        idx = np.arange(self.n, self.n + k)
        self.n += k
        self._refresh_views()
        return idx


class People(ColumnStore):
    """Every person in town, migrants and natives, one row each."""

    present = Column("bool", False)
    citizenship = Column("int8", 0)
    weight = Column("int16", 1)
    sex_female = Column("bool", False)
    birth_month = Column("int32", 0)
    origin = Column("int8", -1)
    arrival_month = Column("int32", 0)
    education = Column("int8", 0)
    sector = Column("int8", 0)
    diploma_recognised = Column("bool", False)
    language = Column("float32", 1.0)
    other_languages = Column("int8", 0)
    status = Column("int8", Status.CITIZEN)
    status_on_arrival = Column("int8", Status.CITIZEN)
    permit_reason = Column("int8", PermitReason.NONE)
    irregular_route = Column("int8", Route.NONE)  # set whenever status becomes UNDOCUMENTED
    permit_until = Column("int32", NEVER)
    legal_since = Column("int32", NEVER)
    asylum_decision_month = Column("int32", NEVER)
    application_decision_month = Column("int32", NEVER)
    application_route = Column("int8", 0)  # 0 discretionary, 1 the regime's own route
    work = Column("int8", Work.NONE)
    employer = Column("int32", -1)
    coop = Column("int32", -1)
    work_since = Column("int32", NEVER)
    job_level = Column("int8", -1)
    deskilled = Column("bool", False)
    searching_since = Column("int32", NEVER)
    participates = Column("bool", True)
    youngest_child_born = Column("int32", NEVER)  # month; NEVER without a young child
    childcare_place = Column("bool", False)  # a municipal childcare place (levers.childcare)
    studying = Column("bool", False)
    pathway = Column("int8", Pathway.NOT_ENROLLED)
    pathway_months = Column("int16", 0)
    pathway_entry_month = Column("int32", NEVER)
    dropouts = Column("int8", 0)
    trauma = Column("float32", 0.0)
    housing_ok = Column("bool", True)
    childcare_need = Column("bool", False)
    solidarity_months = Column("int16", 0)
    sse_months = Column("int16", 0)
    trained = Column("bool", False)
    promise_until = Column("int32", NEVER)
    unpaid_months = Column("int8", 0)
    first_job_month = Column("int32", NEVER)
    regularised_month = Column("int32", NEVER)
    sse_exit_month = Column("int32", NEVER)
    mentored_until = Column("int32", NEVER)
    disabled = Column("bool", False)  # a recognised disability, drawn at entry
    # months of registered unemployment when the person joined their current cooperative
    # (0 outside one): what makes a member long-term unemployed for reserved contracts
    spell_at_join = Column("int16", 0)
    # incomes (``incomes.monthly``): this month's income, all sources, net of the worker's
    # social contributions; transfers (integration income plus unemployment benefit); the
    # integration income alone
    income = Column("float64", 0.0)
    benefit = Column("float64", 0.0)
    assistance = Column("float64", 0.0)
    # months of declared work as bits, this month lowest (-1: not yet known, set from tenure)
    contribution_record = Column("int64", -1)
    benefit_months = Column("int16", -1)  # months drawn on the open entitlement; -1: none open
    reference_wage = Column("float32", 0.0)  # last declared gross wage (unemployment benefit)
    cohabits = Column("int8", -1)  # lives with others (the RIS rate); -1 not drawn yet
    assistance_kept_until = Column("int32", NEVER)  # levers.social_assistance

    def __init__(self, capacity: int) -> None:
        super().__init__(max(16, capacity))  # not behavioural
        # moves whenever rows are added or someone's status or presence changes, so masks
        # derived from those columns (``MonthMasks``) know when they are out of date
        self.revision = 0
        # moves only when rows are added or someone leaves: what depends on who is present
        # (and of which citizenship and origin, set once on arrival) outlives status changes
        self.presence_revision = 0
        # moves only when rows are added or someone's status changes: who may work legally
        # (status and arrival month, set once on arrival) outlives departures
        self.status_revision = 0

    def add(self, k: int) -> np.ndarray:
        self.revision += 1
        self.presence_revision += 1
        self.status_revision += 1
        return super().add(k)

    def set_status(self, rows: np.ndarray, status: int | np.ndarray) -> None:
        """Change the residence status of ``rows`` (no one: nothing changes, and the masks of
        this revision stay valid; a month has many such calls)."""
        if len(rows) == 0:
            return
        self.status[rows] = status
        self.revision += 1
        self.status_revision += 1

    def set_absent(self, rows: np.ndarray) -> None:
        """Mark ``rows`` as gone from the municipality (rows are kept, never reused)."""
        self.present[rows] = False
        self.revision += 1
        self.presence_revision += 1

    def leave_pathway(self, rows: np.ndarray) -> None:
        """``rows`` leave the municipal pathway (a job found, town left, dropout, the end)."""
        self.pathway[rows] = Pathway.NOT_ENROLLED
        self.pathway_months[rows] = 0

    # ---- derived state (cheap views used by several processes; rebuilt several times a month,
    # so each is written with as few passes over all rows as it needs)
    def migrants(self) -> np.ndarray:
        migrants = self.citizenship == _NON_EU
        migrants &= self.present
        return migrants

    def legal_to_work(self, month: int, asylum_access_months: int) -> np.ndarray:
        """A protection or a permit, or an asylum seeker past the wait: ``month -
        arrival_month >= asylum_access_months``, compared as ``arrival_month <= month -
        asylum_access_months`` (the same integers, one pass fewer)."""
        st = self.status
        ok = st >= _PROTECTED
        ok |= (st == _ASYLUM_SEEKER) & (self.arrival_month <= month - asylum_access_months)
        return ok

    def declared_work(self, sse_paid: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Declared paid work: mainstream, self-employed, or the SSE members who are paid
        (of everyone, or of ``rows`` when given; ``sse_paid`` is then aligned with ``rows``)."""
        w = self.work if rows is None else self.work[rows]
        return (w == _MAINSTREAM) | (w == _SELF_EMPLOYED) | sse_paid

    def age(self, month: int) -> np.ndarray:
        return (month - self.birth_month) / 12.0  # not behavioural

    def aged(self, month: int, lo: float, hi: float) -> np.ndarray:
        """Who is at least ``lo`` and under ``hi`` years old: exactly ``(age(month) >= lo) &
        (age(month) < hi)``, compared in whole months of birth (no division over everyone)."""
        birth = self.birth_month
        aged = birth <= month - months_of_age(lo)
        aged &= birth > month - months_of_age(hi)
        return aged


def cumulative_weights(p: np.ndarray) -> np.ndarray:
    """The normalised cumulative sum of the probabilities ``p``, as ``Generator.choice`` builds
    it (for ``weighted_choice``; callers with fixed ``p`` build it once)."""
    # the method: the np.cumsum wrapper costs more than the sum of a few weights
    cdf = p.cumsum(dtype=np.float64)
    cdf /= cdf[-1]
    return cdf


def weighted_choice(rng: np.random.Generator, cdf: np.ndarray, size: int) -> np.ndarray:
    """``size`` indices drawn with the probabilities whose ``cumulative_weights`` are ``cdf``:
    draw for draw the result of ``rng.choice(len(p), size=size, p=p)`` (which takes one
    uniform per draw and searches the same cumulative sum), without re-checking ``p`` on each
    call, which cost several times the draw for a month's few newcomers
    (tests/test_population.py holds the two equal)."""
    return cdf.searchsorted(rng.random(size), side="right")


@lru_cache(maxsize=64)  # not behavioural: a few registry ages, asked every month
def months_of_age(years: float) -> int:
    """The fewest whole months ``d`` with ``d / 12.0 >= years``: since ``People.age`` is
    ``(month - birth_month) / 12.0``, ``age >= years`` is exactly ``month - birth_month >= d``
    (the division is monotone, so the months that qualify are those from ``d`` on)."""
    d = math.ceil(years * 12.0)  # not behavioural: months a year, as in People.age
    while d / 12.0 < years:  # not behavioural
        d += 1
    while (d - 1) / 12.0 >= years:  # not behavioural
        d -= 1
    return d


class MonthMasks:
    """Masks many processes read within a month, each computed once on first use.

    Valid for one month and one ``People.revision``: the model builds a new one when either
    moves (``TremplinModel.masks``). The arrays are read-only, so no process can change what
    the others read. Who is a migrant or a native present depends on presence alone, and who
    may work legally on status alone: a new set of masks in the same month takes those of
    ``previous`` while ``People.presence_revision``, or ``People.status_revision``, is
    unchanged (a month's departures then cost no new ``legal_to_work``).
    """

    def __init__(self, people: People, month: int, asylum_access_months: int,
                 previous: MonthMasks | None = None) -> None:
        self.people = people
        self.month = month
        self.revision = people.revision
        self.presence_revision = people.presence_revision
        self.status_revision = people.status_revision
        self.asylum_access_months = asylum_access_months
        if (previous is not None and previous.people is people and previous.month == month
                and previous.asylum_access_months == asylum_access_months):
            kept = previous.__dict__  # computed cached properties only
            if previous.presence_revision == people.presence_revision:
                for name in ("migrants", "natives"):
                    if name in kept:
                        self.__dict__[name] = kept[name]
            if previous.status_revision == people.status_revision and "legal_to_work" in kept:
                self.__dict__["legal_to_work"] = kept["legal_to_work"]

    @cached_property
    def migrants(self) -> np.ndarray:
        """Non-EU migrants present."""
        return _frozen(self.people.migrants())

    @cached_property
    def natives(self) -> np.ndarray:
        """Nationals and EU citizens present."""
        p = self.people
        natives = p.citizenship != _NON_EU
        natives &= p.present
        return _frozen(natives)

    @cached_property
    def legal_to_work(self) -> np.ndarray:
        """Who may work legally: a protection or a permit, or asylum seekers past the wait."""
        return _frozen(self.people.legal_to_work(self.month, self.asylum_access_months))


def _frozen(mask: np.ndarray) -> np.ndarray:
    mask.flags.writeable = False
    return mask
