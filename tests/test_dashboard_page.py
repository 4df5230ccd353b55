"""The page rendered without a browser (``solara.render``), one virtual kernel per browser:
each session has its own models, and stepping one never moves another."""

from __future__ import annotations

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
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with ctx:
            if not _button(rc, "Run").disabled:
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
    a, rc_a = _session("browser-a")
    b, rc_b = _session("browser-b")
    try:
        _wait_ready(a, rc_a)
        _wait_ready(b, rc_b)
        with a:
            for _ in range(3):
                _button(rc_a, "Step 1 month").click()
        assert "Month <span class='tp-month-value'>3</span>" in _month(a, rc_a)
        assert "Month <span class='tp-month-value'>0</span>" in _month(b, rc_b)
        with b:
            _button(rc_b, "Step 1 month").click()
        assert "tp-month-value'>1<" in _month(b, rc_b)
        assert "tp-month-value'>3<" in _month(a, rc_a)
    finally:
        for ctx, rc in ((a, rc_a), (b, rc_b)):
            with ctx:
                rc.close()
