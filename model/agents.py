"""The four kinds of agents, as Mesa agents.

Migrants, employers and cooperatives keep their state in columns (``People``, ``Employers``,
``Cooperatives``) that the monthly processes update in bulk; each agent object is a view onto
its row, so ``model.migrant(i).language`` or ``coop.reserve`` read (and set) the live state.
The Municipality holds the accounts of what each lever costs.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import mesa

from . import participation
from .population import SECTORS, Education, Pathway, Status, Work, cefr

if TYPE_CHECKING:
    from .model import TremplinModel


class _RowView(mesa.Agent):
    """A Mesa agent whose attributes live in row ``row`` of a column store."""

    _table: str = ""
    _fields: frozenset[str] = frozenset()

    def __init__(self, model: TremplinModel, row: int) -> None:
        super().__init__(model)
        self.row = row

    def __getattr__(self, name: str) -> Any:
        if name in type(self)._fields:
            table = getattr(self.model, type(self)._table)
            return getattr(table, name)[self.row].item()
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self)._fields:
            getattr(getattr(self.model, type(self)._table), name)[self.row] = value
        else:
            super().__setattr__(name, value)

    def as_dict(self) -> dict:
        return {f: getattr(self, f) for f in sorted(type(self)._fields)}


class Migrant(_RowView):
    """One migrant worker: a view onto their row of ``model.people``."""

    _table = "people"
    _fields = frozenset((
               "sex_female", "birth_month", "origin", "arrival_month", "education", "sector",
               "diploma_recognised", "language", "other_languages", "status",
               "status_on_arrival", "permit_until", "work", "employer", "coop", "job_level",
               "deskilled", "pathway", "pathway_months", "dropouts", "trauma", "housing_ok",
               "childcare_need", "solidarity_months", "sse_months", "promise_until",
               "first_job_month", "regularised_month", "present"))

    @property
    def residence_status(self) -> Status:
        return Status(self.status)

    @property
    def work_state(self) -> Work:
        return Work(self.work)

    @property
    def pathway_state(self) -> Pathway:
        return Pathway(self.pathway)

    @property
    def education_level(self) -> Education:
        return Education(self.education)

    @property
    def cefr_band(self) -> str:
        return str(cefr(self.language))

    @property
    def months_present(self) -> int:
        return self.model.month - self.arrival_month

    @property
    def age(self) -> float:
        return (self.model.month - self.birth_month) / 12.0  # not behavioural

    @property
    def holds_promise(self) -> bool:
        return self.promise_until >= self.model.month

    @property
    def readiness(self) -> float:
        return float(participation.readiness(self.model.people, self.model.scenario)[self.row])

    def __repr__(self) -> str:
        return (f"<Migrant row={self.row} {self.residence_status.name} {self.work_state.name} "
                f"{self.cefr_band} {self.months_present}m>")


class Employer(_RowView):
    """A mainstream employer: a view onto its row of ``model.employers``."""

    _table = "employers"
    _fields = frozenset(("sector", "level", "jobs", "occupied", "language_threshold",
                         "foreign_diplomas", "discrimination", "referral", "contract_until",
                         "contract_jobs"))

    @property
    def sector_name(self) -> str:
        return SECTORS[self.sector]

    @property
    def vacancies(self) -> int:
        return max(0, self.jobs + self.contract_jobs - self.occupied)

    @property
    def shortage_sector(self) -> bool:
        return self.sector_name in ("care", "construction", "cleaning", "catering")

    @property
    def holds_municipal_contract(self) -> bool:
        return self.contract_until >= self.model.month


class Cooperative(_RowView):
    """An SSE enterprise or solidarity community: a view onto its row of ``model.cooperatives``."""

    _table = "cooperatives"
    _fields = frozenset(("active", "community", "oacas_approved", "subsidised", "founded_month",
                         "ended_month", "sector", "reserve", "negative_months", "revenue_market",
                         "revenue_contracts", "subsidy_paid", "costs", "autonomous",
                         "paid_fraction", "member_pay", "offbook_pay", "declared_members",
                         "offbook_members", "access", "invested_demand", "seconded_output",
                         "invested", "banned_until"))

    @property
    def status(self) -> str:
        if not self.active:
            return "failed"
        return "financially autonomous" if self.autonomous else "active"

    @property
    def age(self) -> int:
        return self.model.month - self.founded_month

    @property
    def members(self) -> int:
        return int((self.model.people.coop == self.row).sum())

    @property
    def sector_name(self) -> str:
        return SECTORS[self.sector]

    @property
    def eligible_for_reserved_contracts(self) -> bool:
        return bool(self.model.cooperatives.eligible(self.model)[self.row])


ROUTINE_ACCOUNTS = ("language_courses",)
"""Spending accounts that happen anyway, whatever the levers (the baseline's courses)."""


class Municipality(mesa.Agent):
    """Runs the levers and keeps accounts of what each costs, within a yearly budget."""

    def __init__(self, model: TremplinModel, budget_per_year: float) -> None:
        super().__init__(model)
        self.budget_per_year = budget_per_year
        self.spent: dict[str, float] = defaultdict(float)
        self.spent_this_year = 0.0
        self._year = None

    def _roll_year(self) -> None:
        year = self.model.month // 12  # not behavioural: budget year
        if year != self._year:
            self._year, self.spent_this_year = year, 0.0

    def pay(self, item: str, amount: float) -> None:
        """Record spending that is owed (running costs, subsidies already granted)."""
        if amount <= 0 or not self.model.levers_active:
            return
        self._roll_year()
        self.spent[item] += amount
        self.spent_this_year += amount

    def affordable(self, item: str, unit_cost: float, k: int) -> int:
        """How many of ``k`` new commitments of ``unit_cost`` fit in this year's budget."""
        if not self.model.levers_active or unit_cost <= 0:
            return k
        self._roll_year()
        room = self.budget_per_year - self.spent_this_year
        return int(max(0, min(k, room // unit_cost)))

    def commit(self, item: str, amount: float) -> bool:
        """Pay a one-off commitment if the budget allows."""
        if self.affordable(item, amount, 1) < 1:
            return False
        self.pay(item, amount)
        return True

    @property
    def total_spent(self) -> float:
        return float(sum(self.spent.values()))

    @property
    def routine_spent(self) -> float:
        """Spending that happens without any lever: the routine language courses and
        vocational training of the linear pathway (``ROUTINE_ACCOUNTS``)."""
        return float(sum(self.spent.get(a, 0.0) for a in ROUTINE_ACCOUNTS))

    @property
    def lever_spent(self) -> float:
        """Spending on the levers: every account but the routine ones."""
        return self.total_spent - self.routine_spent
