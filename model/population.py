"""People as columns: migrants and natives share one table that monthly processes update in bulk.

A per-agent Python loop over 40,000 people cannot run thousands of simulations, so each
person's state lives in a row of numpy arrays (``People``), and ``agents.Migrant`` is a view
onto one row for anyone who wants to inspect a single person.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


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
CEFR_CUTS = np.array([0.1, 0.3, 0.5, 0.7, 0.85])


def cefr(level: float | np.ndarray) -> str | np.ndarray:
    """CEFR band for display: the continuous level 0-1 cut at 0.1/0.3/0.5/0.7/0.85."""
    # a small tolerance: levels are stored as float32 (0.7 reads 0.69999999)
    idx = np.searchsorted(CEFR_CUTS - 1e-6, level, side="right")
    return CEFR_BANDS[int(idx)] if np.ndim(idx) == 0 else np.array(CEFR_BANDS)[idx]


NEVER = -(2**30)
"""Sentinel for month columns ("never happened" / "not pending"): months are negative during
the burn-in, so -1 cannot serve."""

# column name -> (dtype, fill value for new rows)
COLUMNS: dict[str, tuple[str, float]] = {
    "present": ("bool", False),
    "citizenship": ("int8", 0),
    "weight": ("int16", 1),
    "sex_female": ("bool", False),
    "birth_month": ("int32", 0),
    "origin": ("int8", -1),
    "arrival_month": ("int32", 0),
    "education": ("int8", 0),
    "sector": ("int8", 0),
    "diploma_recognised": ("bool", False),
    "language": ("float32", 1.0),
    "other_languages": ("int8", 0),
    "status": ("int8", Status.CITIZEN),
    "status_on_arrival": ("int8", Status.CITIZEN),
    "permit_until": ("int32", NEVER),
    "legal_since": ("int32", NEVER),
    "asylum_decision_month": ("int32", NEVER),
    "application_decision_month": ("int32", NEVER),
    "application_route": ("int8", 0),  # 0 discretionary, 1 the regime's own route
    "work": ("int8", Work.NONE),
    "employer": ("int32", -1),
    "coop": ("int32", -1),
    "work_since": ("int32", NEVER),
    "job_level": ("int8", -1),
    "deskilled": ("bool", False),
    "searching_since": ("int32", NEVER),
    "participates": ("bool", True),
    "studying": ("bool", False),
    "pathway": ("int8", Pathway.NOT_ENROLLED),
    "pathway_months": ("int16", 0),
    "pathway_entry_month": ("int32", NEVER),
    "dropouts": ("int8", 0),
    "trauma": ("float32", 0.0),
    "housing_ok": ("bool", True),
    "childcare_need": ("bool", False),
    "solidarity_months": ("int16", 0),
    "sse_months": ("int16", 0),
    "trained": ("bool", False),
    "promise_until": ("int32", NEVER),
    "unpaid_months": ("int8", 0),
    "first_job_month": ("int32", NEVER),
    "regularised_month": ("int32", NEVER),
    "sse_exit_month": ("int32", NEVER),
    "mentored_until": ("int32", NEVER),
}


class People:
    """Column store of every person; rows are never reused, so a row index is a stable id."""

    def __init__(self, capacity: int) -> None:
        self.n = 0
        self._cap = max(16, capacity)
        for name, (dt, fill) in COLUMNS.items():
            setattr(self, name, np.full(self._cap, fill, dtype=dt))

    def add(self, k: int) -> np.ndarray:
        """Append ``k`` rows with default values; return their indices."""
        if self.n + k > self._cap:
            new = max(self._cap * 2, self.n + k)
            for name, (dt, fill) in COLUMNS.items():
                col = np.full(new, fill, dtype=dt)
                col[: self.n] = getattr(self, name)[: self.n]
                setattr(self, name, col)
            self._cap = new
        idx = np.arange(self.n, self.n + k)
        self.n += k
        return idx

    def col(self, name: str) -> np.ndarray:
        """The live part of a column (a view)."""
        return getattr(self, name)[: self.n]

    # ---- derived state (cheap views used by several processes)
    def migrants(self) -> np.ndarray:
        return self.col("present") & (self.col("citizenship") == Citizenship.NON_EU)

    def legal_to_work(self, month: int, asylum_access_months: int) -> np.ndarray:
        st = self.col("status")
        ok = st >= Status.PROTECTED
        waited = (month - self.col("arrival_month")) >= asylum_access_months
        return ok | ((st == Status.ASYLUM_SEEKER) & waited)

    def declared_work(self, sse_paid: np.ndarray) -> np.ndarray:
        """Declared paid work: mainstream, self-employed, or the SSE members who are paid."""
        w = self.col("work")
        return (w == Work.MAINSTREAM) | (w == Work.SELF_EMPLOYED) | sse_paid

    def age(self, month: int) -> np.ndarray:
        return (month - self.col("birth_month")) / 12.0
