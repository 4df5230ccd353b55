"""Every screen at projector and desktop sizes, in French and English, as a council sees it.

At 1280x720 and 1920x1080, in both languages: the page never scrolls sideways and nothing is
cut off at the right edge (unless inside a box that scrolls by itself), the browser logs no
error, every panel (charts and results, people's paths, network, cooperatives, help) is shown
after a few months, and the one-page PDF summary downloads as a real PDF. Screenshots of each
screen go to ``runs/screenshots/`` (or $TREMPLIN_SCREENSHOTS) to be looked at.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tremplin.dashboards import paths, pdf

RUN_TIMEOUT_MS = 120_000
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
MONTHS = 3

# content reaching past the window's left or right edge (a container scrolled sideways shifts
# it left): innermost elements (text, pictures, charts, controls), so the grid's gutters (a
# Vuetify row reaches 12 px past its column's content) do not count; content inside a
# deliberate sideways-scrolling box (class tp-scroll-x, e.g. a wide table) that itself fits is
# fine; fixed elements (the Solara badge) cover rather than overflow and are checked apart
OVERFLOW_JS = """
() => {
  const W = document.documentElement.clientWidth, TOL = 3;
  const leaf = el => el.children.length === 0 || ['IMG', 'CANVAS', 'svg', 'BUTTON', 'TD', 'TH',
                                                  'INPUT'].includes(el.tagName);
  const inBox = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (e.classList && e.classList.contains('tp-scroll-x')) {
        const r = e.getBoundingClientRect();
        return r.left >= -1 && r.right <= W + 1;
      }
    }
    return false;
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    if (style.position === 'fixed' || !leaf(el)) continue;
    if ((r.right > W + TOL || r.left < -TOL) && !inBox(el))
      bad.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 50)}`
               + ` [${Math.round(r.left)}, ${Math.round(r.right)}]`);
  }
  return {page: document.documentElement.scrollWidth - W, cut: bad.slice(0, 8),
          count: bad.length};
}
"""


class LayoutOverflowError(AssertionError):
    """Something reaches past the window's edge (the page would scroll sideways)."""


def _ready(page: Page) -> None:
    expect(page.locator(".tp-run")).to_be_enabled(timeout=RUN_TIMEOUT_MS)
    expect(page.locator(".tp-building")).to_have_count(0, timeout=RUN_TIMEOUT_MS)


def _overflow(page: Page, where: str, found: list[str]) -> None:
    """Record what reaches past the window on this screen (asserted at the end of the test,
    after the other checks, so a layout problem does not hide them)."""
    got = page.evaluate(OVERFLOW_JS)
    if got["page"] > 0:
        found.append(f"{where}: the page scrolls sideways by {got['page']} px")
    if got["cut"]:
        found.append(f"{where}: {got['count']} elements past the edge, e.g. {got['cut']}")


def _step_to(page: Page, months: int) -> None:
    for i in range(1, months + 1):
        page.locator(".tp-step").click()
        page.wait_for_function(
            "n => { const e = document.querySelector('.tp-month-value');"
            " return e && Number(e.textContent) >= n; }", arg=i, timeout=RUN_TIMEOUT_MS)
        expect(page.locator(".tp-step")).to_be_enabled(timeout=RUN_TIMEOUT_MS)


def _show_results(page: Page) -> None:
    """Open the panel with the results table (its own tab once named policies are merged)."""
    for tab in (".tp-tab-table", ".tp-tab-compare"):
        if page.locator(tab).count():
            page.locator(tab).click()
            return


@pytest.fixture
def session(browser, request, dashboard: str):
    """A fresh browser session (its own Solara session and models) at the size asked for,
    with every console error and page error collected."""
    size, lang = request.param
    width, height = SIZES[size]
    ctx = browser.new_context(viewport={"width": width, "height": height},
                              accept_downloads=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(dashboard)
    _ready(page)
    if lang == "en":
        page.locator(".tp-lang").click()
    expect(page.locator(".tp-title")).to_contain_text(
        "essayer une politique" if lang == "fr" else "try a municipal policy")
    yield page, errors, f"{size}-{lang}", lang
    ctx.close()


CASES = [pytest.param((size, lang), id=f"{size}-{lang}") for size in SIZES
         for lang in ("fr", "en")]


@pytest.mark.parametrize("session", CASES, indirect=True)
def test_every_screen_fits_and_logs_no_error(session, screenshots: Path, tmp_path: Path):
    page, errors, tag, lang = session
    overflow: list[str] = []
    time.sleep(1.0)  # let vega draw
    _overflow(page, f"{tag} start", overflow)
    page.screenshot(path=str(screenshots / f"10-start-{tag}.png"))

    _step_to(page, MONTHS)
    _show_results(page)
    expect(page.locator(".tp-results")).to_have_attribute("data-month", str(MONTHS),
                                                          timeout=30_000)
    time.sleep(1.0)
    _overflow(page, f"{tag} charts and results", overflow)
    page.screenshot(path=str(screenshots / f"11-month{MONTHS}-{tag}.png"))
    page.screenshot(path=str(screenshots / f"11b-month{MONTHS}-full-{tag}.png"),
                    full_page=True)
    if lang == "fr":  # French number formats in the results table: decimal commas, €
        text = page.locator(".tp-results").inner_text()
        assert re.search(r"\d,\d", text) and "€" in text and "EUR" not in text, text[:400]

    # the PDF summary: a real, non-empty PDF
    with page.expect_download(timeout=RUN_TIMEOUT_MS) as dl:
        page.get_by_role("button", name=pdf.w("button", lang)).click()
    saved = tmp_path / "summary.pdf"
    dl.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000, len(data)
    assert dl.value.suggested_filename.endswith(f"-summary-month{MONTHS}.pdf")

    # people's paths: the picture, the run and seed it shows
    page.locator(".tp-tab-paths").click()
    expect(page.locator(".tp-paths-picture img")).to_be_visible(timeout=60_000)
    expect(page.locator(".tp-paths .tp-shown")).to_contain_text(
        paths.w("shown", lang, s=1)[:20])
    time.sleep(0.5)
    _overflow(page, f"{tag} paths", overflow)
    page.screenshot(path=str(screenshots / f"12-paths-status-{tag}.png"))
    page.locator(".tp-paths-work").click()
    expect(page.locator(".tp-paths-summary").first).to_contain_text(
        "sans travail" if lang == "fr" else "without work", timeout=60_000)
    time.sleep(0.5)
    page.screenshot(path=str(screenshots / f"12b-paths-work-{tag}.png"))

    for tab, ready in (("network", ".tp-network img"), ("coops", ".tp-coops, .tp-no-coops"),
                       ("help", ".tp-help")):
        page.locator(f".tp-tab-{tab}").click()
        if tab == "coops":
            page.wait_for_timeout(1500)
        else:
            expect(page.locator(ready).first).to_be_visible(timeout=60_000)
        time.sleep(0.5)
        _overflow(page, f"{tag} {tab}", overflow)
        page.screenshot(path=str(screenshots / f"13-{tab}-{tag}.png"))
        page.screenshot(path=str(screenshots / f"13b-{tab}-full-{tag}.png"), full_page=True)

    assert not errors, f"{tag}: console errors: {errors[:5]}"
    if overflow:
        raise LayoutOverflowError("\n".join(overflow))
