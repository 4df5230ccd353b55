"""Browser tests: the served dashboard driven by Playwright in Debian's headless Chromium.

The tests start ``tremplin dashboard`` themselves (own process group, free port, wait for
HTTP 200), fill the front-end asset cache with the project's own code first, and fail if the
server log shows an asset it could not serve ("Could not load URL") or a traceback. Playwright
never downloads a browser: it drives /usr/bin/chromium (``apt-get install -y chromium``;
``.ci/run`` installs it when missing).
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

import pytest

CHROMIUM = os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("TREMPLIN_SCREENSHOTS", ROOT / "runs" / "screenshots"))


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).is_file():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"browser tests: {CHROMIUM} is missing (apt-get install -y "
                                "chromium); .ci/run installs it")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install -y chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright: Debian's Chromium, never a downloaded browser."""
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1600, "height": 1000}, "accept_downloads": True}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(log_path: Path, lang: str = "fr") -> tuple[subprocess.Popen, str]:
    """``tremplin dashboard`` on a free port in its own process group; waits for HTTP 200."""
    from tremplin.dashboards.assets import ensure_assets

    ensure_assets()
    port = free_port()
    exe = shutil.which("tremplin", path=str(Path(sys.executable).parent)) or "tremplin"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}
    log = log_path.open("w")
    proc = subprocess.Popen([exe, "dashboard", "--port", str(port), "--host", "127.0.0.1",
                             "--lang", lang], stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
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
    stop_server(proc)
    raise RuntimeError(f"dashboard did not answer on {url}: {log_path.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory):
    """URL of a served dashboard; checks its log for missing assets and errors at the end."""
    log_path = tmp_path_factory.mktemp("dashboard") / "server.log"
    proc, url = start_server(log_path)
    yield url
    stop_server(proc)
    log = log_path.read_text()
    assert "Could not load URL" not in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    return SCREENSHOTS
