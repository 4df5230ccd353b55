"""The simulation, ``tremplin.model``: one municipality, month by month.

This package's names are the public façade: batches, sensitivity analysis, calibration and the
dashboard use them and nothing deeper (``tests/test_architecture.py`` checks it).
"""

from .model import TremplinModel
from .run import RunResult, run_scenario
from .scenario import ScenarioError, load

__all__ = ["RunResult", "ScenarioError", "TremplinModel", "load", "run_scenario"]
