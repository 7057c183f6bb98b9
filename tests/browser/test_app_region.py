"""The region chooser in Chromium: picking Egypt and applying it shows the results in pounds
of Egypt with the regional defaults, says what changed, and the undo brings the US dollar
figures back.

Expected numbers come from the engine and planner.model.regions directly, not the app's code.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from planner.model.regions import apply_region
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle

pytestmark = pytest.mark.browser


def _inhouse_tco(region: str | None) -> str:
    scenario = load_scenario(preset_files()["default"])
    if region is not None:
        scenario = apply_region(scenario, region)
    tco = round(float(summarise(project_scenario(scenario)).tco[0, 0]))
    return f"{scenario.finance.currency} {tco:,}"


def test_applying_a_region_converts_says_what_changed_and_undoes(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    usd = _inhouse_tco(None)
    expect(metric(page, "In-house TCO")).to_have_text(usd)
    box = page.locator(".st-key-region-choice").get_by_role("combobox")
    box.click()
    page.get_by_role("option").filter(has_text="Egypt (EGP)").click()
    wait_idle(page)
    page.locator(".st-key-region-apply").get_by_role("button").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Applied defaults for Egypt", exact=False)).to_be_visible(
        timeout=RERUN_TIMEOUT_MS
    )
    expect(metric(page, "In-house TCO")).to_have_text(_inhouse_tco("eg"), timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    page.locator(".st-key-region-undo").get_by_role("button").click()
    expect(metric(page, "In-house TCO")).to_have_text(usd, timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
