"""Hostile inputs through the real command line (issue 16): the committed corpus and a
bounded number of generated scenario, experiment, Eurostat and flag-line cases.

Each case runs ``tremplin.cli.main`` in a forked child (``tests/hostile/cases.py``) with a
timeout and a memory limit, so a case that hangs or blows up fails its test instead of the
suite. A case passes when the command refused it cleanly (exit 2, one line naming the input
file, no traceback) or, for an input that is not hostile, ran it (exit 0); and in both cases
wrote nothing outside the output folder. The full measurement (thousands of cases) is
``python -m tests.hostile.table``.
"""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.hostile import cases as hc
from tests.hostile.corpus import cases as corpus_cases
from tests.hostile.eurostat import eurostat_cases
from tests.hostile.strategies import experiment_cases, flag_cases, scenario_cases

# CI draws the same examples on every run; a developer's run explores new ones.
# No shrinking: a case's label already says what is hostile in it, and each rerun of a case
# that hangs would cost its whole timeout.
_PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
settings.register_profile("ci", max_examples=6, deadline=None, derandomize=True, database=None,
                          phases=_PHASES, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=6, deadline=None, phases=_PHASES,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: Per case: seconds before it counts as hung, and address space (MB) above the parent's.
TIMEOUT = 8
MEMORY_MB = 1000

@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Children fork from a process that has imported the commands' libraries."""
    hc.warm()


def _run(case: hc.Case, root: Path) -> hc.Outcome:
    return hc.run(case, root, timeout=TIMEOUT, memory_mb=MEMORY_MB)


def _check(case: hc.Case, outcome: hc.Outcome) -> None:
    assert outcome.verdict in hc.GOOD, (
        f"{case.family} case {case.label!r} ({' '.join(case.argv)}): {outcome.verdict}: "
        f"{outcome.summary()}\n{outcome.err[-2000:]}")


def _corpus_params() -> list:
    return [pytest.param(c, id=c.label) for c in corpus_cases()]


@pytest.mark.parametrize("case", _corpus_params())
def test_corpus_case(case: hc.Case, tmp_path: Path) -> None:
    """Every committed hostile input is refused in one line or, if valid, run; never a
    traceback, a hang, a memory blow-up or a file outside the output folder."""
    _check(case, _run(case, tmp_path / "case"))


def _property(strategy):
    """A test running each generated case of ``strategy`` through the command line."""

    @given(strategy)
    def check(case: hc.Case) -> None:
        with tempfile.TemporaryDirectory(prefix="tremplin-hostile-") as tmp:
            _check(case, _run(case, Path(tmp) / "case"))

    return check


test_generated_scenarios = _property(scenario_cases())
test_generated_experiments = settings(max_examples=3)(_property(experiment_cases()))
test_generated_eurostat_files = _property(eurostat_cases())
test_generated_flag_lines = _property(flag_cases())


# --------------------------------------------------------------------------- the judge itself
def _case(expect: str = "refuse") -> hc.Case:
    return hc.Case("scenario", "planted", {"case.toml": ""}, ["validate", "{IN}/case.toml"],
                   expect)


def _judge(tmp_path: Path, status: int, err: str, expect: str = "refuse",
           escaped: list[str] | None = None) -> str:
    case = _case(expect)
    hc.materialise(case, tmp_path)
    return hc.judge(case, tmp_path, status, "", err, escaped or []).verdict


def test_judge_tells_a_clean_refusal_from_the_bad_outcomes(tmp_path: Path) -> None:
    """The verdicts the tests rely on: a planted traceback, a refusal with a line naming no
    file, a flood of lines, a refusal naming no file, an accepted hostile input, a write
    outside the output folder, a hang."""
    exit2, exit0 = 2 << 8, 0
    assert _judge(tmp_path / "a", exit2, "tremplin: x/case.toml: [run] months = 0: ...\n") \
        == "refused"
    assert _judge(tmp_path / "b", exit2, "Traceback (most recent call last):\nValueError\n") \
        == "crashed"
    # one line per problem, each naming the file, is a clean refusal; a line that names no
    # file among them, or a flood of lines, is not
    assert _judge(tmp_path / "c", exit2, "tremplin: case.toml: a\ncase.toml: b\n") == "refused"
    assert _judge(tmp_path / "c2", exit2, "tremplin: case.toml: a\nValueError: b\n") \
        == "crashed"
    assert _judge(tmp_path / "c3", exit2, "tremplin: case.toml: a\n" * 30) == "crashed"
    assert _judge(tmp_path / "d", exit2, "tremplin: something is wrong\n") == "crashed"
    assert _judge(tmp_path / "e", exit0, "") == "nonsense"
    assert _judge(tmp_path / "f", exit0, "", "either") == "accepted"
    assert _judge(tmp_path / "g", exit0, "", "either", ["x-seed0"]) == "escaped"
    assert _judge(tmp_path / "h", signal.SIGALRM, "") == "hung"
    assert _judge(tmp_path / "i", exit2, f"tremplin: case.toml: {hc.SECRET}\n") == "nonsense"


def test_runner_sees_a_file_written_outside_the_output_folder(tmp_path: Path) -> None:
    """A real run whose output folder climbs out of the working folder is caught."""
    case = hc.Case("flags", "out climbs", {}, ["run", "{IN}/small.toml", "--months", "1",
                                               "--out", "../escaped"], "either")
    outcome = _run(case, tmp_path / "case")
    assert outcome.verdict == "escaped", outcome.summary()
