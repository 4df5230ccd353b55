"""The simulation, ``tremplin.model``: one municipality, month by month.

This package is the façade: batches, sensitivity analysis, calibration, the dashboard and the
benchmarks use what is listed here and nothing deeper, so the model may change how it stores
people, ties and cooperatives without breaking a tool. ``tests/test_architecture.py`` checks
it (no file outside ``model/`` imports another module of the model, reads a private name or a
raw column), and the import-linter contracts in ``pyproject.toml`` check that the model
imports no tool.

Public for tools:

- ``tremplin.model``, the names of ``__all__``: build and step a model (``TremplinModel``,
  with its ``indicators``, ``datacollector``, ``municipality`` and ``cooperative(i)``
  views), run one scenario (``run_scenario``, ``RunResult``), load one (``load``,
  ``ScenarioError``), and read a running model (``snapshot``, ``edge_list``,
  ``network_sample``, ``cooperative_accounts``; the codes ``Work`` and ``Status``), and
  estimate what a run will cost before starting it (``estimate_cost``, ``check_cost``,
  ``Cost``, ``CostError``: memory, procurement lots and computing time against stated
  limits, refused unless forced).
- ``tremplin.model.params``: the parameter registry (``REGISTRY``, ``Param``, sections and
  which of them are levers), the single source of defaults, ranges and units.
- ``tremplin.model.scenario``: loading, validating, ``replace`` and ``to_dict`` of scenarios,
  and where the shipped ones live.
- ``tremplin.model.indicators``: the indicator specs (names, definitions, which are counts).
- ``tremplin.model.levers``: what each lever declares (``LEVERS``, each with its ``SECTION``
  and its plain words, ``WORDS`` and ``LABELS``), from which the dashboard builds its cards.
- ``tremplin.model.cli``: the model's sub-commands, which the umbrella ``tremplin`` command
  registers.

Every other module (population, network, cooperatives, labour market, each lever's
process, ...) is the model's own business.
"""

from .cost import Cost, CostError, check_cost, estimate_cost
from .facade import (
    ACCOUNT_COLUMNS,
    NetworkSample,
    Snapshot,
    cooperative_accounts,
    edge_list,
    network_sample,
    snapshot,
)
from .model import TremplinModel
from .population import Status, Work
from .run import RunResult, run_scenario
from .scenario import ScenarioError, load

PUBLIC_MODULES = ("params", "scenario", "indicators", "levers", "cli")
"""The modules of ``tremplin.model`` that tools may import, besides the package itself."""

__all__ = ["ACCOUNT_COLUMNS", "PUBLIC_MODULES", "Cost", "CostError", "NetworkSample", "RunResult",
           "ScenarioError", "Snapshot", "Status", "TremplinModel", "Work", "check_cost",
           "cooperative_accounts", "edge_list", "estimate_cost", "load", "network_sample",
           "run_scenario", "snapshot"]
