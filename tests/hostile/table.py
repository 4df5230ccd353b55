"""Measure what ``tremplin`` does with generated hostile inputs: a table by family.

    python -m tests.hostile.table [--scenarios 1000 --eurostat 200 --experiments 100
                                   --flags 50 --jobs 2 --timeout 30 --memory-mb 1500]

The cases are drawn (derandomised: the same cases on every run) from the Hypothesis
strategies in ``strategies.py`` and ``eurostat.py``. This process imports ``tremplin`` and its
heavy libraries once, then forks one child per case (``--jobs`` at a time) that calls
``tremplin.cli.main`` under a timeout (SIGALRM) and an address-space limit (RLIMIT_AS) above
its own size; a case costs its own work, not an interpreter's start. Columns: refused cleanly,
accepted, then the bad ones: accepted hostile input (nonsense), crashed, wrote outside the
output folder (escaped), hung, memory; the first examples of each bad column follow. Exit
status 1 when any bad column is not zero.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .cases import GOOD, VERDICTS, Case, Outcome, finish, start, warm
from .eurostat import eurostat_cases
from .strategies import experiment_cases, flag_cases, scenario_cases

FAMILIES = {"scenario": scenario_cases(), "eurostat": eurostat_cases(),
            "experiment": experiment_cases(), "flags": flag_cases()}


def draw(strategy: st.SearchStrategy[Case], n: int) -> list[Case]:
    """``n`` cases drawn from ``strategy``, the same ones on every call (derandomised)."""
    out: list[Case] = []

    @settings(max_examples=n, derandomize=True, database=None, phases=[Phase.generate],
              deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(case: Case) -> None:
        out.append(case)

    collect()
    return out[:n]


def run_all(cases: list[Case], base: Path, jobs: int, timeout: float, memory_mb: int
            ) -> list[tuple[Case, Outcome, float]]:
    """Every case in a forked child, ``jobs`` at a time; (case, outcome, seconds) in order."""
    pending = list(enumerate(cases))
    running: dict[int, tuple[int, Case, Path, set[str], float]] = {}
    done: dict[int, tuple[Case, Outcome, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            i, case = pending.pop(0)
            root = base / f"{case.family}-{i:05d}"
            pid, before = start(case, root, timeout, memory_mb)
            running[pid] = (i, case, root, before, time.monotonic())
        pid, status = os.waitpid(-1, 0)
        if pid not in running:
            continue
        i, case, root, before, t0 = running.pop(pid)
        done[i] = (case, finish(case, root, pid, status, before), time.monotonic() - t0)
        if len(done) % 100 == 0:
            print(f"{len(done)} of {len(cases)} cases run", file=sys.stderr, flush=True)
        shutil.rmtree(root, ignore_errors=True)
    return [done[i] for i in sorted(done)]


def table(results: list[tuple[Case, Outcome, float]], examples: int = 3) -> str:
    """The table by family, then the first examples of each bad verdict."""
    counts: dict[str, Counter] = defaultdict(Counter)
    bad: dict[str, list[str]] = defaultdict(list)
    for case, outcome, _ in results:
        counts[case.family][outcome.verdict] += 1
        if outcome.verdict not in GOOD:
            bad[f"{case.family} / {outcome.verdict}"].append(
                f"{case.label[:90]} -> {outcome.summary()}")
    w = 11
    lines = [f"{'family':12s}{'cases':>7s}" + "".join(f"{v:>{w}s}" for v in VERDICTS)]
    for family in FAMILIES:
        c = counts[family]
        lines.append(f"{family:12s}{sum(c.values()):7d}"
                     + "".join(f"{c[v]:{w}d}" for v in VERDICTS))
    for key in sorted(bad):
        lines.append(f"\n{key}: {len(bad[key])}")
        lines += [f"  {x}" for x in bad[key][:examples]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.hostile.table", description=__doc__)
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--eurostat", type=int, default=200)
    ap.add_argument("--experiments", type=int, default=100)
    ap.add_argument("--flags", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30, help="seconds per case (hung)")
    ap.add_argument("--memory-mb", type=int, default=1500,
                    help="address space per case above the warm parent's (memory)")
    ap.add_argument("--examples", type=int, default=3, help="examples per bad column")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    sizes = {"scenario": args.scenarios, "eurostat": args.eurostat,
             "experiment": args.experiments, "flags": args.flags}
    cases = [c for family, n in sizes.items() if n > 0 for c in draw(FAMILIES[family], n)]
    print(f"{len(cases)} cases drawn in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    warm()
    with tempfile.TemporaryDirectory(prefix="tremplin-hostile-") as tmp:
        results = run_all(cases, Path(tmp), args.jobs, args.timeout, args.memory_mb)
        left = sorted(p.name for p in Path(tmp).iterdir())  # above every case's own folder
    print(table(results, args.examples))
    if left:
        print(f"\nwritten above the case folders (escaped): {', '.join(left[:5])}")
    slow = sorted(results, key=lambda r: -r[2])[:3]
    print(f"\n{len(results)} cases in {time.monotonic() - t0:.0f} s ({args.jobs} jobs); "
          "slowest: " + ", ".join(f"{c.family} {s:.1f} s" for c, _, s in slow))
    return 0 if not left and all(o.verdict in GOOD for _, o, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
