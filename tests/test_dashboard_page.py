"""The page rendered without a browser (``solara.render``), one virtual kernel per browser:
each session has its own models, and stepping one never moves another."""

from __future__ import annotations

import re
import time

import ipyvuetify as v
import pytest

solara = pytest.importorskip("solara")
from solara.server import kernel_context  # noqa: E402
from solara.server.kernel import Kernel  # noqa: E402


def _session(name: str):
    ctx = kernel_context.VirtualKernelContext(id=name, kernel=Kernel(), session_id=name)
    with ctx:
        from tremplin.dashboards.app import Page

        _box, rc = solara.render(Page(), handle_error=False)
    return ctx, rc


def _button(rc, label: str):
    return rc.find(v.Btn, children=[label]).widget


def _wait_ready(ctx, rc, timeout: float = 60) -> None:
    """Until the session's runs are built (Step is disabled while they are)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with ctx:
            if not _button(rc, "Step 1 month").disabled:
                return
        time.sleep(0.1)
    raise AssertionError("the session's runs were not built in time")


def _month(ctx, rc) -> str:
    with ctx:
        found = [w for w in rc.find(solara.widgets.HTML).widgets
                 if "tp-month" in (w.attributes or {}).get("class", "").split()]
        assert len(found) == 1
        return found[0].unsafe_innerHTML


def test_each_browser_session_has_its_own_models(monkeypatch):
    monkeypatch.setenv("TREMPLIN_LANG", "en")
    monkeypatch.setenv("TREMPLIN_TOWN", "300")
    monkeypatch.setenv("TREMPLIN_SEEDS", "1")
    a, rc_a = _session("browser-a")
    b, rc_b = _session("browser-b")
    try:
        _wait_ready(a, rc_a)
        _wait_ready(b, rc_b)
        with a:
            for _ in range(3):
                _button(rc_a, "Step 1 month").click()
        assert re.search(r"Month <span class='tp-month-value'[^>]*>3</span>", _month(a, rc_a))
        assert re.search(r"Month <span class='tp-month-value'[^>]*>0</span>", _month(b, rc_b))
        with b:
            _button(rc_b, "Step 1 month").click()
        assert re.search(r"tp-month-value'[^>]*>1<", _month(b, rc_b))
        assert re.search(r"tp-month-value'[^>]*>3<", _month(a, rc_a))
    finally:
        for ctx, rc in ((a, rc_a), (b, rc_b)):
            with ctx:
                rc.close()


def _changes(ctx, rc, expected: int | None = None, timeout: float = 10) -> int:
    """Lever changes the page counted (waiting up to ``timeout`` for ``expected``)."""
    deadline = time.monotonic() + timeout
    while True:
        n = int(re.search(r"data-changes='(\d+)'", _month(ctx, rc)).group(1))
        if expected is None or n == expected or time.monotonic() > deadline:
            return n
        time.sleep(0.1)


def test_a_slider_changes_the_policy_only_when_released(monkeypatch):
    """Dragging (v_model input) changes nothing; the release (change event) makes exactly
    one lever change, and the new value is shown with its unit."""
    monkeypatch.setenv("TREMPLIN_LANG", "en")
    monkeypatch.setenv("TREMPLIN_TOWN", "300")
    monkeypatch.setenv("TREMPLIN_SEEDS", "1")
    ctx, rc = _session("slider")
    try:
        _wait_ready(ctx, rc)
        with ctx:
            grant = rc.find(v.Html, class_="tp-lever tp-lever-subsidy-launch_grant_eur "
                                           "tp-number-lever")
            slider = grant.find(v.Slider).widget
            for x in (30_000, 40_000, 50_000):  # a drag: input events only
                slider.v_model = x
        time.sleep(1)
        assert _changes(ctx, rc) == 0
        with ctx:
            slider.fire_event("change", 50_000)  # released
        assert _changes(ctx, rc, expected=1) == 1
        for _ in range(50):  # the label follows the re-render
            with ctx:
                texts = [w.unsafe_innerHTML for w in grant.find(solara.widgets.HTML).widgets]
            if texts and "50,000" in texts[0]:
                break
            time.sleep(0.1)
        assert texts and "50,000\u00a0€" in texts[0]
        with ctx:
            box = grant.find(v.TextField).widget
            box.fire_event("change", "62 500")  # typed in the number box, then Enter
        assert _changes(ctx, rc, expected=2) == 2
        _wait_ready(ctx, rc)
    finally:
        with ctx:
            rc.close()
