"""One measurement, in its own process: ``python -m benchmarks.child '<json spec>'``.

The spec is ``{"size": "40000" | "baseline" | null, "months": 120, "seed": 1}``. With
``size`` null the child only imports tremplin and builds nothing: its peak memory is the
baseline that model memory is read against. The result is one JSON object on the last line of
stdout.

Peak memory is the process's own high-water resident set: ``VmHWM`` from /proc/self/status on
Linux (reset at exec, so nothing is inherited from the parent), else ``ru_maxrss`` of
``getrusage(RUSAGE_SELF)`` (KiB on Linux, bytes on macOS).
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import time
from pathlib import Path


def _vm_hwm_kib() -> int | None:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def _ru_maxrss_kib(usage: resource.struct_rusage) -> int:
    return usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss


def measure(spec: dict) -> dict:
    size, months, seed = spec.get("size"), int(spec.get("months", 120)), int(spec.get("seed", 1))
    t0 = time.perf_counter()
    import numpy as np

    from tremplin import __version__
    from tremplin.model import TremplinModel, snapshot

    from .sizes import build

    out: dict = {"size": size, "months": months, "seed": seed}
    out["import_s"] = time.perf_counter() - t0
    scn = build(size or "baseline", months)
    if size is not None:
        pop = scn.population
        out["scenario"] = {
            "migrants": pop.migrants,
            "natives": pop.natives,
            "native_weight": pop.native_weight,
            "employers": scn.labour_market.employers,
            "initial_cooperatives": scn.cooperatives.initial_cooperatives,
            "initial_communities": scn.cooperatives.initial_communities,
            "procurement_eur_per_year": scn.municipality.procurement_eur_per_year,
            "burn_in_months": scn.run.burn_in_months,
        }
        c1, t1 = time.process_time(), time.perf_counter()
        model = TremplinModel(scn, seed=seed)
        t2 = time.perf_counter()
        out["rows_built"] = snapshot(model).rows
        for _ in range(months):
            model.step()
        t3, c3 = time.perf_counter(), time.process_time()
        out["build_s"] = t2 - t1
        out["model_cpu_s"] = c3 - c1  # CPU seconds over build + run; about total_s if 1 core
        out["run_s"] = t3 - t2
        after = snapshot(model)
        out["rows"] = after.rows
        out["migrants_present"] = after.migrants
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_s"] = usage.ru_utime + usage.ru_stime
    out["ru_maxrss_kib"] = _ru_maxrss_kib(usage)
    hwm = _vm_hwm_kib()
    out["peak_kib"] = hwm if hwm is not None else out["ru_maxrss_kib"]
    out["peak_source"] = "VmHWM" if hwm is not None else "ru_maxrss"
    out["versions"] = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "tremplin": __version__,
    }
    try:
        import mesa

        out["versions"]["mesa"] = mesa.__version__
    except (ImportError, AttributeError):  # pragma: no cover - mesa is a dependency
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m benchmarks.child '<json spec>'", file=sys.stderr)
        return 2
    result = measure(json.loads(argv[0]))
    sys.stdout.flush()
    print("\n" + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
