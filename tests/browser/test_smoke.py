"""Real-browser smoke test: the app loads in Chromium and renders without an exception."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.page import FIRST_LOAD_TIMEOUT_MS

pytestmark = pytest.mark.browser

# The first page load includes the server's first script run (imports): be generous.


def test_app_renders_without_exception(page: Page, app_url: str) -> None:
    page.goto(app_url)

    app = page.get_by_test_id("stApp")
    expect(app).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(app).to_have_attribute(
        "data-test-connection-state", "CONNECTED", timeout=FIRST_LOAD_TIMEOUT_MS
    )
    # "notRunning" once the first script run has finished.
    expect(app).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=FIRST_LOAD_TIMEOUT_MS
    )
    expect(page.get_by_test_id("stMainBlockContainer")).to_be_visible()
    expect(page.get_by_test_id("stElementContainer").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
