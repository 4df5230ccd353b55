"""Issue 13's checks of the council features built on another branch (items 1-4): a headline
card with intervals above the fold, two named policies and the baseline compared together,
levers applied once on release, no Solara badge.

They drive the merged page by its classes (tp-headline, tp-add-policy, tp-headline-row,
tp-slider, tp-building), at a projector's 1280x720, in French.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

RUN_TIMEOUT_MS = 120_000
FEATURE_TIMEOUT_MS = 8_000  # a feature that is there shows at once

# counts how often the "rebuilding" line appears (a rebuild of a policy's runs)
COUNT_REBUILDS_JS = """
() => {
  window.__rebuilds = 0;
  let shown = !!document.querySelector('.tp-building');
  new MutationObserver(() => {
    const now = !!document.querySelector('.tp-building');
    if (now && !shown) window.__rebuilds += 1;
    shown = now;
  }).observe(document.body, {childList: true, subtree: true});
}
"""


def _ready(page: Page) -> None:
    expect(page.locator(".tp-run")).to_be_enabled(timeout=RUN_TIMEOUT_MS)
    expect(page.locator(".tp-building")).to_have_count(0, timeout=RUN_TIMEOUT_MS)


def _step(page: Page, months: int) -> None:
    for i in range(1, months + 1):
        page.locator(".tp-step").click()
        page.wait_for_function(
            "n => { const e = document.querySelector('.tp-month-value');"
            " return e && Number(e.textContent) >= n; }", arg=i, timeout=RUN_TIMEOUT_MS)
        expect(page.locator(".tp-step")).to_be_enabled(timeout=RUN_TIMEOUT_MS)


@pytest.fixture
def projector(browser, dashboard: str):
    """A fresh session at 1280x720 (a projector), in French, with console errors collected."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(dashboard)
    _ready(page)
    yield page, errors
    ctx.close()


def _seeds(page: Page, n: int) -> None:
    """Choose ``n`` seeds (the default may already be several)."""
    box = page.locator(".tp-seeds")
    if str(n) in box.inner_text():
        return
    box.click()
    page.locator(".v-menu__content .v-list-item", has_text=str(n)).first.click()
    # the server's echo first: until then the page still looks ready (and a Step pressed
    # while the runs are then rebuilt is ignored)
    expect(page.locator(f".tp-month-value[data-seeds='{n}']")).to_have_count(
        1, timeout=RUN_TIMEOUT_MS)
    _ready(page)


def test_headline_card_with_intervals_above_the_fold(projector, screenshots: Path):
    page, errors = projector
    _seeds(page, 3)
    _step(page, 3)
    card = page.locator(".tp-headline")
    expect(card).to_have_attribute("data-month", "3", timeout=FEATURE_TIMEOUT_MS)
    text = card.inner_text()
    assert ("de " in text and " à " in text) or "pas d'effet net" in text, text
    box = card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, box  # above the fold
    page.screenshot(path=str(screenshots / "20-headline-1280x720-fr.png"))
    assert not errors, errors[:5]


def test_two_named_policies_and_the_baseline_together(projector, screenshots: Path):
    page, errors = projector
    page.locator(".tp-add-policy").click(timeout=FEATURE_TIMEOUT_MS)
    expect(page.locator(".tp-policy-1")).to_be_visible(timeout=FEATURE_TIMEOUT_MS)
    _ready(page)
    _step(page, 2)
    # one headline row per named policy, each against the same baseline
    expect(page.locator(".tp-headline-row")).to_have_count(2, timeout=RUN_TIMEOUT_MS)
    time.sleep(1.0)
    page.screenshot(path=str(screenshots / "21-two-policies-1280x720-fr.png"))
    assert not errors, errors[:5]


def test_a_slider_drag_rebuilds_once(projector):
    page, errors = projector
    card = page.locator(".tp-section-subsidy")
    card.locator(".v-input--selection-controls__input").first.click()  # switch the lever on
    # the server's echo (one lever change) before its rebuild is waited for, so that rebuild
    # is not counted as the drag's
    expect(page.locator(".tp-month-value[data-changes='1']")).to_have_count(
        1, timeout=RUN_TIMEOUT_MS)
    _ready(page)
    card.get_by_text("Détails").click()
    slider = card.locator(".tp-slider").first
    expect(slider).to_be_visible(timeout=FEATURE_TIMEOUT_MS)
    before = card.locator(".tp-lever-value").first.inner_text()
    page.evaluate(COUNT_REBUILDS_JS)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.2 * box["width"], y)
    page.mouse.down()
    for k in range(1, 11):  # a slow drag across the slider
        page.mouse.move(box["x"] + (0.2 + 0.06 * k) * box["width"], y)
        time.sleep(0.1)
    page.mouse.up()
    # the server's echo of the release (a second lever change), then its rebuild
    expect(page.locator(".tp-month-value[data-changes='2']")).to_have_count(
        1, timeout=RUN_TIMEOUT_MS)
    _ready(page)
    time.sleep(1.0)
    assert card.locator(".tp-lever-value").first.inner_text() != before
    assert page.evaluate("window.__rebuilds") == 1
    assert not errors, errors[:5]


def test_no_solara_badge_on_the_projector(projector):
    page, _ = projector
    badge = page.get_by_text("This website runs on Solara")
    assert badge.count() == 0 or not badge.first.is_visible()
