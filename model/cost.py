"""What a run will cost, estimated from its scenario before it starts, and the limits above
which the commands refuse it unless told ``--force``.

Every size in the registry is allowed on its own, but some combinations are not worth
starting by accident: ``procurement_eur_per_year = 1e10`` with ``lot_eur_per_year = 1000``
is ten million contracts let one by one (two minutes and 1.3 GB for a two-month run), and a
batch multiplies whatever one run costs. ``estimate_cost`` reads only the scenario, so a
command can refuse in one line, naming the estimate and the limit, before it computes
anything.

The formulas (constants measured with CPython 3.12 on the 2-core machine of the README's
"Speed and memory" table: peak resident memory of a fresh process, processor time of
``run_scenario``; figures in ``tests/test_cost.py``)::

    T       = burn_in_months + months                      simulated months
    rows    = migrants * (1 + arrivals_per_1000 / 1000 * T) + natives / native_weight
    lots    = procurement_eur_per_year / lot_eur_per_year  contracts in force at once
    awards  = lots * (1 + T / contract_months)             contracts let, one by one
    memory  = PEAK_BASE + rows * (PEAK_ROW + PEAK_TIE * mean_degree) + lots * PEAK_LOT
    seconds = T * SECONDS_MONTH
              + rows * (SECONDS_ROW + T * SECONDS_ROW_MONTH) * (0.5 + mean_degree / 16)
              + awards * (SECONDS_AWARD + employers * SECONDS_AWARD_EMPLOYER)

``rows`` counts every person row ever added (arrivals are never compacted away); the degree
factor is 1 at the default 8 ties. A run is refused above ``MEMORY_LIMIT`` of memory or
``LOTS_LIMIT`` lots in force (the Liège scenario has 333); a command's runs together are
refused above ``SECONDS_LIMIT`` of computing. The estimate is within a factor of two of the
measurements; it guards against orders of magnitude, not seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from tremplin.errors import TremplinError

GIB = 2**30
MIB = 2**20

# measured constants (see the module docstring and tests/test_cost.py)
PEAK_BASE = 195 * MIB  # interpreter, NumPy, pandas and Mesa imported, an empty town
PEAK_ROW = 400.0  # bytes per person row (columns, masks, indicator scratch)
PEAK_TIE = 25.0  # bytes per person row per unit of mean degree (tie lists and pools)
PEAK_LOT = 125.0  # bytes per lot (the award builds Python lists of every lot let at once)
SECONDS_MONTH = 0.004  # fixed Python cost of one monthly step
SECONDS_ROW = 2.6e-6  # building one person and their first ties
SECONDS_ROW_MONTH = 2.6e-7  # one person through one month
SECONDS_AWARD = 1.15e-5  # letting one lot (a Python loop)
SECONDS_AWARD_EMPLOYER = 1.5e-9  # ... per employer the open competition looks through

MEMORY_LIMIT = 4 * GIB
"""Largest estimated peak memory of one run (a batch holds one run per worker at a time)."""
LOTS_LIMIT = 100_000
"""Most procurement lots in force at once (300 times the Liège scenario's)."""
SECONDS_LIMIT = 24 * 3600
"""Most computing, summed over a command's runs, on the reference machine: a day."""


class CostError(TremplinError):
    """A run or batch whose estimated cost is above a limit (``--force`` runs it anyway)."""


@dataclass(frozen=True)
class Cost:
    """Estimated cost of one run, or of several (``runs`` > 1: memory is the largest run's,
    lots the most of any run, seconds the total)."""

    memory: float
    lots: float
    seconds: float
    runs: int = 1

    def __add__(self, other: Cost) -> Cost:
        return Cost(max(self.memory, other.memory), max(self.lots, other.lots),
                    self.seconds + other.seconds, self.runs + other.runs)

    def times(self, n: int) -> Cost:
        """The cost of ``n`` runs like this one."""
        return Cost(self.memory, self.lots, self.seconds * n, self.runs * n)

    def over(self) -> list[str]:
        """The limits this cost exceeds, as words (empty when it is within every one)."""
        return [what for what, bad in (("memory", self.memory > MEMORY_LIMIT),
                                       ("lots", self.lots > LOTS_LIMIT),
                                       ("computing time", self.seconds > SECONDS_LIMIT))
                if bad]

    def describe(self) -> str:
        """``~1.3 GiB, ~10^7 lots and ~2 min of computing`` (per run for memory and lots)."""
        return (f"~{_size(self.memory)} of memory, ~{_count(self.lots)} procurement lots and "
                f"~{_duration(self.seconds)} of computing")


def estimate_cost(scenario, months: int | None = None) -> Cost:
    """The estimated ``Cost`` of one run of a validated ``scenario`` for ``months`` (default:
    the scenario's horizon), burn-in included; formulas in the module docstring."""
    pop, mu = scenario.population, scenario.municipality
    horizon = scenario.run.burn_in_months + (scenario.run.months if months is None else months)
    rows = (pop.migrants * (1 + pop.arrivals_per_1000 / 1000 * horizon)
            + pop.natives / pop.native_weight)
    lots = mu.procurement_eur_per_year / mu.lot_eur_per_year
    awards = lots * (1 + horizon / mu.contract_months)
    degree = scenario.network.mean_degree
    memory = PEAK_BASE + rows * (PEAK_ROW + PEAK_TIE * degree) + lots * PEAK_LOT
    seconds = (horizon * SECONDS_MONTH
               + rows * (SECONDS_ROW + horizon * SECONDS_ROW_MONTH) * (0.5 + degree / 16)
               + awards * (SECONDS_AWARD
                           + scenario.labour_market.employers * SECONDS_AWARD_EMPLOYER))
    return Cost(memory, lots, seconds)


def check_cost(cost: Cost, what: str, force: bool = False) -> None:
    """Refuse ``cost`` (``CostError``, one line naming ``what``, the estimate and the limits)
    when it is above a limit, unless ``force``."""
    over = cost.over()
    if not over or force:
        return
    subject = "this run needs" if cost.runs == 1 else f"these {cost.runs} runs need"
    raise CostError(f"{what}: {subject} {cost.describe()}, above the limit on "
                    f"{' and '.join(over)} (limits per run {_size(MEMORY_LIMIT)} and "
                    f"{_count(LOTS_LIMIT)} lots, {_duration(SECONDS_LIMIT)} in all); "
                    "use --force to run it anyway")


def _size(n: float) -> str:
    return f"{n / GIB:.1f} GiB" if n >= GIB else f"{n / MIB:.0f} MiB"


def _count(n: float) -> str:
    if n < 1000:
        return f"{n:.0f}"
    exp = len(str(int(n))) - 1
    mantissa = f"{n / 10**exp:.1f}".removesuffix(".0")
    return f"10^{exp}" if mantissa == "1" else f"{mantissa}x10^{exp}"


def _duration(s: float) -> str:
    if s < 90:
        return f"{s:.0f} s"
    if s < 5400:
        return f"{s / 60:.0f} min"
    return f"{s / 3600:.0f} h"
