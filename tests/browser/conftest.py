"""Browser tests: the served dashboard driven by Playwright in Debian's headless Chromium.

The tests start ``tremplin dashboard`` themselves (own process group, free port, wait for
HTTP 200), fill the front-end asset cache with the project's own code first, and fail if the
server log shows an asset it could not serve ("Could not load URL") or a traceback. Playwright
never downloads a browser: it drives /usr/bin/chromium (``apt-get install -y chromium``;
``.ci/run`` installs it when missing).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tremplin.dashboards.server import CHROMIUM, CHROMIUM_ARGS, log_problems, start, stop

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


@pytest.fixture(scope="session")
def dashboard(tmp_path_factory):
    """URL of a served dashboard; checks its log for missing assets and errors at the end."""
    log_path = tmp_path_factory.mktemp("dashboard") / "server.log"
    proc, url = start(log_path)
    yield url
    stop(proc)
    log = log_path.read_text()
    assert not log_problems(log), log[-3000:]


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    return SCREENSHOTS
