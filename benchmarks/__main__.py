"""``python -m benchmarks``: speed and memory of Tremplin at several town sizes.

Every measurement is a fresh ``python -m benchmarks.child`` process (build
``TremplinModel(scn, seed)``, step it ``--months`` months with the built-in monthly
DataCollector, time construction and stepping separately, report the peak resident set). One
more child per repeat only imports tremplin: its peak is the baseline that "model MiB" is
measured against. With ``--repeat K`` each figure is the median of K runs; repeats are
interleaved across sizes so that drift in machine load spreads over all rows.

This driver imports only the standard library (tremplin is imported in the children).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .report import DESIGN_MONTHS, derive, table, target_checks, targets_text
from .sizes import DEFAULT_SIZES, label, parse_sizes

ROOT = Path(__file__).resolve().parent.parent
SINGLE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                 "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
MEDIAN_KEYS = ("build_s", "run_s", "total_s", "import_s", "peak_kib", "ru_maxrss_kib",
               "model_cpu_s")
LEGEND = """\
size        'baseline' = the shipped default town; Nk = scenarios/liege.toml scaled to N migrants
people rows snapshot(model).rows after the run: migrants (with arrivals and leavers) + native agents
build s     TremplinModel(scn, seed) incl. burn-in; run s: the monthly steps; total = build + run
migrant-mo/s  initial migrants x months / run s;  row-mo/s: people rows x months / run s
peak MiB    the child's peak resident set; model MiB: peak minus the import-only child's peak"""


class ChildError(RuntimeError):
    """A measurement process exited with an error; the message carries its stderr tail."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for k in SINGLE_THREAD:
        env[k] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def run_child(spec: dict, timeout: float | None) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    cmd = [sys.executable, "-m", "benchmarks.child", json.dumps(spec)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ChildError(f"timed out after {timeout:g} s") from None
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-25:])
        raise ChildError(f"exit status {proc.returncode}\n{tail}")
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    try:
        out = json.loads(last)
    except json.JSONDecodeError:
        raise ChildError(f"no result on stdout; stderr:\n{proc.stderr[-2000:]}") from None
    if "build_s" in out:
        out["total_s"] = out["build_s"] + out["run_s"]
    return out


def aggregate(runs: list[dict]) -> dict:
    """Median of the timing and memory fields over repeats; other fields from the first run."""
    row = dict(runs[0])
    for k in MEDIAN_KEYS:
        vals = [r[k] for r in runs if r.get(k) is not None]
        if vals:
            row[k] = statistics.median(vals)
    totals = [r["total_s"] for r in runs if "total_s" in r]
    if len(totals) > 1:
        row["total_s_min"], row["total_s_max"] = min(totals), max(totals)
    row["repeats"] = len(runs)
    return row


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(versions: dict) -> dict:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "platform": platform.platform(),
        "python": versions.get("python", platform.python_version()),
        "numpy": versions.get("numpy", "?"),
        "mesa": versions.get("mesa", "?"),
        "tremplin": versions.get("tremplin", "?"),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Speed and memory of TremplinModel at several town sizes, each run in a "
                    "fresh process. A number N is Liège (scenarios/liege.toml) scaled to N "
                    "migrants; 'baseline' is the shipped default town (2,000 migrants).")
    ap.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                    help="comma-separated migrant counts (1000 or 1k) and/or 'baseline' "
                         "(default: %(default)s)")
    ap.add_argument("--months", type=int, default=DESIGN_MONTHS,
                    help="months stepped after construction (default: %(default)s; "
                         "construction also runs the scenario's burn-in)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per size; figures are medians (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1, help="model seed (default: %(default)s)")
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write results as JSON")
    ap.add_argument("--timeout", type=float, default=1800.0,
                    help="seconds allowed per child process (default: %(default)s)")
    args = ap.parse_args(argv)
    try:
        args.sizes = parse_sizes(args.sizes)
    except ValueError as e:
        ap.error(str(e))
    if args.months < 1:
        ap.error("--months must be at least 1")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = list(dict.fromkeys(args.sizes))  # keep order, drop duplicates
    specs = [None, *sizes]  # None: import-only baseline child
    runs: dict[str | None, list[dict]] = {s: [] for s in specs}
    failures: dict[str | None, str] = {}
    started = time.perf_counter()
    for rep in range(args.repeat):
        for size in specs:
            if size in failures:
                continue
            name = "import only" if size is None else label(size)
            print(f"[bench] run {rep + 1}/{args.repeat}: {name} ...", file=sys.stderr,
                  flush=True)
            spec = {"size": size, "months": args.months, "seed": args.seed}
            try:
                runs[size].append(run_child(spec, args.timeout))
            except ChildError as e:
                failures[size] = str(e)
                print(f"[bench] {name} FAILED: {e}", file=sys.stderr, flush=True)

    import_row = aggregate(runs[None]) if runs[None] else None
    import_peak = import_row["peak_kib"] if import_row else None
    rows = [derive(aggregate(runs[s]), args.months, import_peak) for s in sizes if runs[s]]
    checks = target_checks({r["size"]: r for r in rows})
    versions = next((r["versions"] for rs in runs.values() for r in rs), {})
    mach = machine(versions)

    print(f"Tremplin benchmarks: TremplinModel(scn, seed={args.seed}), build (incl. "
          f"{_burn_in(rows)}-month burn-in) then {args.months} monthly steps with "
          f"DataCollector; median of {args.repeat} run(s) per size, each in a fresh process.")
    print(f"Machine: {mach['cpu']}; {mach['cpu_count']} CPUs ({mach['cpus_usable']} usable); "
          f"Python {mach['python']}; numpy {mach['numpy']}; mesa {mach['mesa']}; "
          f"{mach['platform']}")
    print("Figures are single-core: the model runs in one process and children run with "
          "BLAS/OpenMP threads set to 1, one at a time.")
    if import_row:
        print(f"Import-only child (python + tremplin + numpy/pandas/mesa): peak "
              f"{import_peak / 1024:,.1f} MiB, import {import_row['import_s']:.2f} s.")
    print()
    print(table(rows, checks))
    print()
    print(LEGEND)
    print()
    print(targets_text(checks, args.months))
    for size, msg in failures.items():
        name = "import only" if size is None else label(size)
        print(f"\nFAILED {name}: {msg}")
    print(f"\n(benchmark wall time {time.perf_counter() - started:.1f} s)")

    if args.json:
        doc = {
            "command": " ".join([Path(sys.executable).name, "-m", "benchmarks",
                                 *(argv if argv is not None else sys.argv[1:])]),
            "months": args.months, "repeat": args.repeat, "seed": args.seed,
            "machine": mach, "single_core": True,
            "import_only": import_row, "rows": rows, "targets": checks,
            "runs": {("import_only" if k is None else k): v for k, v in runs.items()},
            "failures": {("import_only" if k is None else k): v for k, v in failures.items()},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 1 if failures else 0


def _burn_in(rows: list[dict]) -> str:
    vals = {r["scenario"].get("burn_in_months") for r in rows}
    return "/".join(str(v) for v in sorted(vals, key=str)) if vals else "?"


if __name__ == "__main__":
    raise SystemExit(main())
