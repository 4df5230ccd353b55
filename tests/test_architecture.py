"""Architecture: tools reach the model only through its façade, and the import contracts hold.

The model may change how it stores people, ties and cooperatives only while no tool depends on
that storage. So no file of a tool (dashboards, experiments, calibration, the umbrella
``tremplin`` package, benchmarks) may import a module of ``tremplin.model`` outside the public
set its docstring lists, import or read a private name, or read the model's storage
(``model.people``, ``.col(...)``, ``model.network.a``, ``model.cooperatives.n``). A tool's own
modules may share private helpers (``from . import fit`` then ``fit._default``), and a type
hint may name a private class of another library (``argparse._SubParsersAction``): neither is
the model's business.

The import-linter contracts of ``pyproject.toml`` run here too, against the installed layout
(``tremplin/model/...``) that ``make lint`` also checks.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import tremplin.model

ROOT = Path(__file__).resolve().parents[1]
TOOLS = {"dashboards": "tremplin.dashboards", "experiments": "tremplin.experiments",
         "calibration": "tremplin.calibration", "tremplin": "tremplin",
         "benchmarks": "benchmarks"}
MODEL = "tremplin.model"
PUBLIC_NAMES = frozenset(tremplin.model.__all__) | frozenset(tremplin.model.PUBLIC_MODULES)
# the model's storage: the column store and its accessor, the edge buffers, the table sizes
RAW_STORAGE = frozenset({"people", "col"})
RAW_CHAINS = frozenset({("network", "a"), ("network", "b"), ("cooperatives", "n"),
                        ("employers", "n")})
MODULE_PATH = re.compile(r"tremplin\.model(\.\w+)+")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _model(module: str) -> bool:
    return module == MODEL or module.startswith(MODEL + ".")


class FacadeCheck(ast.NodeVisitor):
    """Collects the ways one tool file reaches past the model's façade."""

    def __init__(self, package: str, where: str) -> None:
        self.package = package
        self.where = where
        self.others: set[str] = set()  # names bound to the tool's own or non-tremplin modules
        self.found: list[str] = []

    def check(self, tree: ast.AST) -> list[str]:
        """Every violation in ``tree``; imported names are known before any use."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.others |= {a.asname or a.name.split(".")[0] for a in node.names
                                if a.name.split(".")[0] != "tremplin"}
            elif isinstance(node, ast.ImportFrom):
                module = self._absolute(node)
                self.others |= {a.asname or a.name for a in node.names
                                if module.split(".")[0] != "tremplin"
                                or (module == self.package and not _model(f"{module}.{a.name}"))}
        self.visit(tree)
        return self.found

    def _absolute(self, node: ast.ImportFrom) -> str:
        """The module a ``from`` import reads, relative imports resolved against the tool."""
        if node.level == 0:
            return node.module or ""
        base = self.package.rsplit(".", node.level - 1)[0] if node.level > 1 else self.package
        return f"{base}.{node.module}" if node.module else base

    def _report(self, node: ast.AST, what: str) -> None:
        self.found.append(f"{self.where}:{getattr(node, 'lineno', 0)}: {what}")

    def _module(self, node: ast.AST, name: str) -> None:
        parts = name.split(".")
        if parts[:2] != ["tremplin", "model"] or len(parts) == 2:
            return
        if len(parts) > 3 or parts[2] not in tremplin.model.PUBLIC_MODULES:
            self._report(node, f"{name} is not a public module of {MODEL}")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = self._absolute(node)
        if _model(module):
            self._module(node, module)
            for alias in node.names:
                if _private(alias.name):
                    self._report(node, f"imports the private name {alias.name} from {module}")
                elif module == MODEL and alias.name not in PUBLIC_NAMES:
                    self._report(node, f"{alias.name} is not a public name of {MODEL}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        owner = node.value.id if isinstance(node.value, ast.Name) else None
        if _private(node.attr) and owner not in {"self", "cls", *self.others}:
            self._report(node, f"reads the private name .{node.attr}")
        elif node.attr in RAW_STORAGE or (
                isinstance(node.value, ast.Attribute)
                and (node.value.attr, node.attr) in RAW_CHAINS):
            self._report(node, f"reads the model's storage (.{node.attr})")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if (name in {"getattr", "setattr", "hasattr", "delattr"} and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str) and _private(node.args[1].value)):
            self._report(node, f"{name}(..., {node.args[1].value!r}) reads a private name")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        # a module named in a string, for importlib
        if isinstance(node.value, str) and MODULE_PATH.fullmatch(node.value):
            self._module(node, node.value)


def violations(source: str, package: str, where: str = "<snippet>") -> list[str]:
    return FacadeCheck(package, where).check(ast.parse(source, filename=where))


def test_no_tool_reaches_past_the_model_facade():
    found = []
    for folder, package in TOOLS.items():
        files = sorted((ROOT / folder).rglob("*.py"))
        assert files, folder
        for path in files:
            found += violations(path.read_text(encoding="utf-8"), package,
                                str(path.relative_to(ROOT)))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("source", [
    "model._indicators",
    "ws.pairs[0][0]._cache.clear()",
    "from tremplin.model.population import Work",
    "import tremplin.model.network",
    "import tremplin.model.levers.mentoring",
    "from tremplin.model import cooperatives",
    "from tremplin.model.scenario import _merge",
    "model.people.n",
    "m.people.col('work')",
    "a, b = model.network.a, model.network.b",
    "for i in range(m.cooperatives.n): pass",
    "getattr(model, '_indicators')",
    "importlib.import_module('tremplin.model.labour_market')",
    "from . import fit\nother._default('x')",
    "from tremplin import model as tm\ntm._x",
    "import tremplin.model\ntremplin.model._x",
])
def test_the_check_finds_a_planted_violation(source):
    assert violations(source, "tremplin.calibration"), source


@pytest.mark.parametrize("source", [
    "from . import model\nmodel._x",
    "from tremplin import model\nmodel._x",
    "from .model.population import Work",
    "from .model import _DEFAULT_REGIME",
])
def test_the_check_finds_a_planted_violation_in_the_umbrella_package(source):
    # in tremplin/, the model is a subpackage of the tool's own package
    assert violations(source, "tremplin"), source


@pytest.mark.parametrize("source", [
    "self._lock",
    "cls._registry",
    "from . import fit\nfit._default('x')",
    "from tremplin.calibration import fit\nfit._default('x')",
    "from tremplin.model import snapshot, network_sample",
    "from tremplin.model import params as registry",
    "from tremplin.model.params import REGISTRY",
    "import tremplin.model.scenario",
    "x.__class__.__name__",
    "import argparse\nsub: argparse._SubParsersAction",
    "PLUGINS = ('tremplin.model.cli',)",
    "scn.network.mean_degree + scn.cooperatives.initial_cooperatives",
])
def test_the_check_accepts_the_facade(source):
    assert violations(source, "tremplin.calibration") == []


def test_public_modules_exist_and_are_documented():
    doc = tremplin.model.__doc__
    for name in tremplin.model.PUBLIC_MODULES:
        module = ROOT / "model" / name
        assert module.with_suffix(".py").is_file() or (module / "__init__.py").is_file(), name
        assert f"``tremplin.model.{name}``" in doc, name
    for name in tremplin.model.__all__:
        assert hasattr(tremplin.model, name), name


# ---------------------------------------------------------------- import-linter contracts

def installed_layout(site: Path) -> Path:
    """The tree's Python files laid out as an install would (``tremplin/model/...``), read
    from pyproject.toml's packages and package-dir: import-linter finds modules by folder and
    cannot follow the mapping of this tree's editable install."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = tool["package-dir"]
    for package in tool["packages"]:
        mapped = max((k for k in folders if package == k or package.startswith(k + ".")),
                     key=len)
        source = ROOT / folders[mapped] / package[len(mapped) + 1:].replace(".", "/")
        target = site / package.replace(".", "/")
        target.mkdir(parents=True, exist_ok=True)
        for path in source.glob("*.py"):
            shutil.copyfile(path, target / path.name)
    return site


def lint_imports(site: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with pyproject.toml's contracts over the layout in ``site``, run from
    there (it puts its working folder first on the path)."""
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
         "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=site, env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True, text=True,
        timeout=120)


def test_import_contracts_hold(tmp_path):
    r = lint_imports(installed_layout(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 2 kept, 0 broken." in r.stdout


def test_import_contracts_catch_a_planted_import(tmp_path):
    site = installed_layout(tmp_path)
    (site / "tremplin" / "model" / "planted.py").write_text(
        "from tremplin.experiments import stats\n")
    r = lint_imports(site)
    assert r.returncode != 0
    assert "tremplin.model.planted -> tremplin.experiments.stats" in r.stdout
