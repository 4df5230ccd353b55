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


def _cpu_seconds(match) -> float:
    """CPU time (user + system) of the live processes for which ``match(pgrp, comm)`` holds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1: text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        if match(int(fields[2]), comm):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


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
            server = lambda pgrp, comm: pgrp == proc.pid  # noqa: E731
            chromium = lambda pgrp, comm: comm.startswith("chromium")  # noqa: E731
            cpu0 = (_cpu_seconds(server), _cpu_seconds(chromium))
            t0 = time.perf_counter()
            gate.set()
            await asyncio.gather(*tasks)
            wall = time.perf_counter() - t0
            cpu = (_cpu_seconds(server) - cpu0[0], _cpu_seconds(chromium) - cpu0[1])
            for ctx in out["contexts"]:
                await ctx.close()
            await browser.close()
    finally:
        stop(proc)
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
        print(f"  CPU per step (stepping phase): server {1000 * cpu[0] / n:.0f} ms, browsers "
              f"{1000 * cpu[1] / n:.0f} ms  (wall {wall:.0f} s; all Chromium processes on "
              "the machine count as browsers)")
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
    ap.add_argument("--tab", choices=("compare", "help"), default="compare",
                    help="panel shown while stepping: charts and table (default), or help "
                         "(no charts: isolates the cost of drawing)")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.steps < 1 or args.migrants < 50:
        ap.error("--sessions and --steps must be >= 1, --migrants >= 50")
    return asyncio.run(_main(args))


if __name__ == "__main__":
    sys.exit(main())
