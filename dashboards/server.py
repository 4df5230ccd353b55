"""Start and stop a served dashboard from Python (browser tests, load benchmark).

The server runs ``tremplin dashboard`` in its own process group on a free port; ``start``
returns once the page answers HTTP 200, ``stop`` ends the whole group (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium under Playwright, headless, with nothing that phones home
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(log_path: Path, lang: str = "fr", env: dict[str, str] | None = None,
          timeout: float = 90) -> tuple[subprocess.Popen, str]:
    """Serve the dashboard on a free port; return the process and its URL."""
    from .assets import ensure_assets

    ensure_assets()
    port = free_port()
    exe = shutil.which("tremplin", path=str(Path(sys.executable).parent)) or "tremplin"
    full_env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false", **(env or {})}
    with log_path.open("w") as log:
        proc = subprocess.Popen([exe, "dashboard", "--port", str(port), "--host", "127.0.0.1",
                                 "--lang", lang], stdout=log, stderr=subprocess.STDOUT,
                                env=full_env, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dashboard exited with {proc.returncode}: "
                               f"{log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"dashboard did not answer on {url}: {log_path.read_text()[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def log_problems(log: str) -> list[str]:
    """Lines of a server log that mean something broke (missing asset, exception)."""
    return [line for line in log.splitlines()
            if "Could not load URL" in line or "Traceback" in line or "ERROR" in line]
