"""``python -m benchmarks.dashboard_load``: step latency of the served dashboard under load.

Starts ``tremplin dashboard`` (own process, free port), opens N browser sessions at once in
Debian's headless Chromium (one browser context each, so each is its own Solara session with
its own models), waits until every session has built its policy and baseline runs, then has
all sessions press "Step 1 month" K times concurrently. Each latency is measured in the
browser: from the click until the page shows the next month (the server has stepped both runs,
recomputed the charts' data and results table, and the browser has received the update).
Also printed: the server-side step time the page reports, errors in pages and in the server
log. Example::

    python -m benchmarks.dashboard_load --sessions 10 --steps 12
    python -m benchmarks.dashboard_load --sessions 1 --steps 24 --migrants 5000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _procs() -> dict[int, tuple[int, int, str, float]]:
    """Every live process: pid -> (parent pid, process group, command name, CPU seconds)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1: text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        # utime + stime of the process and of its waited-for children (cutime, cstime), so a
        # renderer that ended is still counted by its parent
        cpu = sum(int(x) for x in fields[11:15]) / tick
        out[int(stat.parent.name)] = (int(fields[1]), int(fields[2]), comm, cpu)
    return out


def _descendants(procs: dict, root: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for pid, (ppid, *_rest) in procs.items():
        kids.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for k in kids.get(todo.pop(), []):
            if k not in found:
                found.add(k)
                todo.append(k)
    return found


def _cpu_split(server_pgrp: int) -> dict[str, float]:
    """CPU seconds so far of the dashboard server (its process group), of this benchmark's own
    browsers (Chromium processes started from this process, so other users' browsers on the
    machine are not counted) and of Playwright's driver."""
    procs = _procs()
    mine = _descendants(procs, os.getpid())
    out = {"server": 0.0, "browsers": 0.0, "driver": 0.0}
    for pid, (_ppid, pgrp, comm, cpu) in procs.items():
        if pgrp == server_pgrp:
            out["server"] += cpu
        elif pid in mine and comm.startswith("chrom"):
            out["browsers"] += cpu
        elif pid in mine:
            out["driver"] += cpu
    return out


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, round(q / 100 * (len(xs) - 1))))
    return xs[k]


async def _session(browser, url: str, steps: int, start_gate: asyncio.Event,
                   ready: list, out: dict, tab: str) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    lat, server_ms = [], []
    try:
        t0 = time.perf_counter()
        await page.goto(url, timeout=180_000)
        await page.wait_for_selector(".tp-run:not([disabled])", timeout=180_000)
        await page.wait_for_selector(".tp-building", state="detached", timeout=180_000)
        out["load_s"].append(time.perf_counter() - t0)
        if tab != "compare":
            await page.click(f".tp-tab-{tab}")
        ready.append(1)
        await start_gate.wait()
        for i in range(1, steps + 1):
            t = time.perf_counter()
            await page.click(".tp-step")
            await page.wait_for_function(
                "n => { const e = document.querySelector('.tp-month-value');"
                " return e && Number(e.textContent) >= n; }", arg=i, timeout=120_000)
            lat.append(time.perf_counter() - t)
            text = await page.locator(".tp-step-ms").first.text_content() or ""
            m = re.search(r"(\d+) ms", text)
            if m:
                server_ms.append(float(m.group(1)))
    except Exception as e:  # a failed session is counted, not hidden
        errors.append(f"{type(e).__name__}: {str(e).splitlines()[0]}")
    finally:
        out["latency_s"].extend(lat)
        out["server_ms"].extend(server_ms)
        out["errors"].extend(errors)
        out["completed"].append(len(lat))
        out["contexts"].append(ctx)  # closed after the CPU count (renderers must be alive)


async def _main(args) -> int:
    from playwright.async_api import async_playwright

    from tremplin.dashboards.server import CHROMIUM, CHROMIUM_ARGS, log_problems, start, stop

    log_path = Path(tempfile.mkdtemp(prefix="tremplin-load-")) / "server.log"
    env = {"TREMPLIN_TOWN": str(args.migrants)}
    proc, url = start(log_path, lang="en", env=env)
    out: dict[str, list] = {"latency_s": [], "server_ms": [], "errors": [], "completed": [],
                            "load_s": [], "contexts": []}
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            gate, ready = asyncio.Event(), []
            tasks = [asyncio.create_task(_session(browser, url, args.steps, gate, ready, out,
                                                  args.tab))
                     for _ in range(args.sessions)]
            while len(ready) + len(out["completed"]) < args.sessions:
                await asyncio.sleep(0.2)
            # idle: the sessions connected but nobody clicks (keep-alives, timers)
            idle0, t_idle = _cpu_split(proc.pid), time.perf_counter()
            await asyncio.sleep(args.idle)
            idle1, idle_wall = _cpu_split(proc.pid), time.perf_counter() - t_idle
            cpu0 = _cpu_split(proc.pid)
            t0 = time.perf_counter()
            gate.set()
            await asyncio.gather(*tasks)
            wall = time.perf_counter() - t0
            cpu1 = _cpu_split(proc.pid)
            for ctx in out["contexts"]:
                await ctx.close()
            await browser.close()
    finally:
        stop(proc)
    cpu = {k: cpu1[k] - cpu0[k] for k in cpu0}
    idle = {k: (idle1[k] - idle0[k]) / idle_wall for k in idle0}  # CPU seconds per second
    problems = log_problems(log_path.read_text())
    lat = [x * 1000 for x in out["latency_s"]]
    print(f"dashboard load: {args.sessions} sessions x {args.steps} steps, town of "
          f"{args.migrants} migrants (policy + baseline, 1 seed), panel {args.tab}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"  page ready (build both runs):  median {statistics.median(out['load_s']):.1f} s, "
          f"max {max(out['load_s']):.1f} s" if out["load_s"] else "  no page became ready")
    if lat:
        print(f"  step shown in browser:         median {statistics.median(lat):.0f} ms, "
              f"p95 {_pct(lat, 95):.0f} ms, max {max(lat):.0f} ms  ({len(lat)} steps, "
              f"{len(lat) / wall:.1f} steps/s over all sessions)")
    if lat:
        n = len(lat)
        print(f"  CPU per session step (stepping phase, {n} steps in {wall:.0f} s):")
        print(f"    server   {1000 * cpu['server'] / n:6.0f} ms  "
              f"(idle: {100 * idle['server']:.0f}% of a core with {args.sessions} sessions open)")
        print(f"    browsers {1000 * cpu['browsers'] / n:6.0f} ms  (this benchmark's Chromium "
              f"only; idle: {100 * idle['browsers']:.0f}% of a core)")
        print(f"    driver   {1000 * cpu['driver'] / n:6.0f} ms  (Playwright, not part of a "
              "workshop)")
        print(f"  server busy: {100 * cpu['server'] / wall:.0f}% of a core during stepping "
              f"({os.cpu_count()} cores)")
        if args.json:
            import json

            Path(args.json).write_text(json.dumps({
                "sessions": args.sessions, "steps": args.steps, "migrants": args.migrants,
                "tab": args.tab, "wall_s": wall, "steps_done": n,
                "latency_ms": {"median": statistics.median(lat), "p95": _pct(lat, 95),
                               "max": max(lat)},
                "cpu_ms_per_step": {k: 1000 * v / n for k, v in cpu.items()},
                "idle_cores": idle}, indent=2))
    if out["server_ms"]:
        sm = out["server_ms"]
        print(f"  model step on server (both):   median {statistics.median(sm):.0f} ms, "
              f"p95 {_pct(sm, 95):.0f} ms")
    print(f"  steps completed: {sum(out['completed'])} of {args.sessions * args.steps}; "
          f"page errors: {len(out['errors'])}; server log problems: {len(problems)}")
    for e in (out["errors"] + problems)[:10]:
        print(f"    {e}")
    ok = not out["errors"] and not problems and sum(out["completed"]) == args.sessions * args.steps
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.dashboard_load",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=10, help="browser sessions at once")
    ap.add_argument("--steps", type=int, default=12, help="Step clicks per session")
    ap.add_argument("--migrants", type=int, default=2000, help="town size of every session")
    ap.add_argument("--idle", type=float, default=5.0,
                    help="seconds to measure the open sessions' CPU before stepping")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--tab", choices=("compare", "paths", "help"), default="compare",
                    help="panel shown while stepping: charts and table (default), or help "
                         "(no charts: isolates the cost of drawing)")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.steps < 1 or args.migrants < 50:
        ap.error("--sessions and --steps must be >= 1, --migrants >= 50")
    return asyncio.run(_main(args))


if __name__ == "__main__":
    sys.exit(main())
