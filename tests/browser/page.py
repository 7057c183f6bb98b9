"""What every browser test does with the app's page: open it, wait for a rerun, read a metric.

Streamlit marks its root element with the connection and script state; a rerun is over when
the page is connected and the script is not running.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, ViewportSize, expect

FIRST_LOAD_TIMEOUT_MS = 30_000
RERUN_TIMEOUT_MS = 30_000
PHONE: ViewportSize = {"width": 390, "height": 844}
"""A phone's screen, as the ``phone`` fixture (tests/conftest.py) opens it."""


def wait_idle(page: Page, timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script has finished running."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout_ms)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)


def metric(scope: Page | Locator, label: str) -> Locator:
    """The value of the metric labelled ``label`` within ``scope`` (the page or a part of it)."""
    page = scope if isinstance(scope, Page) else scope.page
    card = scope.get_by_test_id("stMetric").filter(  # `has` is relative to each card
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return card.get_by_test_id("stMetricValue")


def open_app(page: Page, url: str) -> None:
    """Load the app and wait for its first run, until the in-house TCO shows."""
    page.goto(url)
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    expect(metric(page, "In-house TCO")).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)


def pick_group(page: Page, title: str) -> None:
    """Pick the sidebar group titled ``title`` under "All assumptions" and wait for the
    rerun (the picker lists each group as ``<title> (<n> inputs)``)."""
    picker = page.locator(".st-key-assumptions_group")
    wait_idle(page)
    box = picker.get_by_role("combobox")
    box.click()
    box.fill(title)  # the picker filters its list as it is typed into
    page.get_by_role("option").filter(has_text=f"{title} (").first.wait_for()
    box.press("Enter")  # the first option left
    shown = picker.get_by_role("combobox")
    expect(shown).to_have_value(re.compile(rf"^{re.escape(title)} \("), timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
