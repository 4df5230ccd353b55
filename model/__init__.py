"""Tremplin: agent-based simulation of municipal inclusion policy for migrant workers through
the social and solidarity economy (SSE)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tremplin")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from .model import TremplinModel
from .run import RunResult, run_scenario
from .scenario import ScenarioError, load

__all__ = ["RunResult", "ScenarioError", "TremplinModel", "__version__", "load", "run_scenario"]
