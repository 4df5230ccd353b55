"""Tremplin: agent-based simulation of municipal inclusion policy for migrant workers through
the social and solidarity economy (SSE).

The parts are packages named after their folders: ``tremplin.model`` (``model/``, the
simulation and its public façade), ``tremplin.experiments``, ``tremplin.calibration``,
``tremplin.dashboards`` and ``tremplin.scenarios``. This package holds only what belongs to no
part: the version, the umbrella command line (``tremplin.cli``), the errors every part
reports (``tremplin.errors``) and the rule that finds a user's file or a shipped one by name
(``tremplin.shipped``). Importing it imports none of the parts.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tremplin")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
