"""The region chooser on a 390-px phone, in Chromium: opened from the "Inputs" control,
Egypt picked and applied gives the engine's figures for Egypt's defaults, and the page
never scrolls sideways, with the inputs open or closed.

Expected numbers come from the engine and ``planner.model.regions.apply_region``, not the
app's code.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from planner.model.regions import apply_region
from tests.browser.page import PHONE, RERUN_TIMEOUT_MS, metric, open_app, wait_idle

pytestmark = pytest.mark.browser


def _inhouse_tco(region: str | None) -> str:
    scenario = load_scenario(preset_files()["default"])
    if region is not None:
        scenario = apply_region(scenario, region)
    tco = round(float(summarise(project_scenario(scenario)).tco[0, 0]))
    return f"{scenario.finance.currency} {tco:,}"


def _page_width_px(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def test_egypt_applied_on_a_phone_gives_its_figures_within_the_screen(
    phone: Page, app_url: str
) -> None:
    open_app(phone, app_url)
    usd = _inhouse_tco(None)
    egypt = _inhouse_tco("eg")
    assert egypt.startswith("EGP ")
    expect(metric(phone, "In-house TCO")).to_have_text(usd)
    sidebar = phone.get_by_test_id("stSidebar")
    control = phone.get_by_test_id("stExpandSidebarButton")
    assert control.evaluate("e => getComputedStyle(e, '::after').content") == '"Inputs"'
    control.click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    box = sidebar.locator(".st-key-region-choice").get_by_role("combobox")
    box.scroll_into_view_if_needed()
    expect(box).to_be_in_viewport()
    box.click()
    phone.get_by_role("option").filter(has_text="Egypt (EGP)").click()
    wait_idle(phone)
    apply = sidebar.locator(".st-key-region-apply").get_by_role("button")
    apply.scroll_into_view_if_needed()
    apply.click()
    expect(sidebar.get_by_text("Applied defaults for Egypt", exact=False)).to_be_visible(
        timeout=RERUN_TIMEOUT_MS
    )
    expect(metric(phone, "In-house TCO")).to_have_text(egypt, timeout=RERUN_TIMEOUT_MS)
    wait_idle(phone)
    phone.wait_for_timeout(500)  # charts settle to the width they are given
    assert _page_width_px(phone) <= PHONE["width"] + 1, "inputs open"
    phone.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    phone.wait_for_timeout(500)
    assert _page_width_px(phone) <= PHONE["width"] + 1, "inputs closed"
    expect(metric(phone, "In-house TCO")).to_have_text(egypt)
    expect(phone.get_by_test_id("stException")).to_have_count(0)
