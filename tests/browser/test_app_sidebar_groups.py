"""The groups of "All assumptions" and the plans table in Chromium: drawn when picked or
opened, their values kept when hidden (hidden groups draw no inputs).

Expected numbers come from the engine (``planner``) directly, not from the app's code.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from tests.browser.grid import apply_edits, open_cell_editor
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, pick_group, wait_idle
from ui import catalogue_editor
from ui.state import decode_scenario

pytestmark = pytest.mark.browser

LOG_DAYS = ".st-key-field-inhouse-sizing-log_days input"
USERS = ".st-key-field-organisation-users input"
PLANS = "Hosted plans: edit a price"


def _inhouse_tco(updates: dict[str, object]) -> str:
    scenario = with_values(load_scenario(preset_files()["default"]), updates)
    return f"USD {round(float(summarise(project_scenario(scenario)).tco[0, 0])):,}"


def _header(page: Page, title: str) -> Locator:
    """The header of a sidebar group, or of the plans table's expander (main area)."""
    where = "stMainBlockContainer" if title == PLANS else "stSidebar"
    expanders = page.get_by_test_id(where).get_by_test_id("stExpander")
    return expanders.locator("summary").filter(has_text=title)


def _type(page: Page, selector: str, value: str) -> None:
    box = page.locator(selector)
    box.fill(value)
    box.press("Enter")


def _shared(page: Page) -> dict[str, object]:
    expect(page).to_have_url(re.compile(r"[?&]scenario=[A-Za-z0-9_-]+"), timeout=RERUN_TIMEOUT_MS)
    scenario = decode_scenario(parse_qs(urlparse(page.url).query)["scenario"][0])
    return {
        "users": scenario.organisation.users,
        "log_days": scenario.inhouse.sizing.log_days,
        "first_price": scenario.plans[0].price_per_user_month,
    }


def test_a_group_draws_its_inputs_when_picked_and_keeps_them_when_hidden(
    page: Page, app_url: str
) -> None:
    open_app(page, app_url)
    expect(page.locator(LOG_DAYS)).to_have_count(0)  # not picked: not drawn at all
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stExpander")).to_have_count(0)
    pick_group(page, "In-house: Sizing")
    expect(page.locator(LOG_DAYS)).to_have_value("3.00", timeout=RERUN_TIMEOUT_MS)
    _type(page, LOG_DAYS, "5")
    expected = _inhouse_tco({"inhouse.sizing.log_days": 5.0})
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    pick_group(page, "Finance")
    expect(page.locator(".st-key-field-finance-currency input")).to_have_value("USD")
    expect(page.locator(LOG_DAYS)).to_have_count(0, timeout=RERUN_TIMEOUT_MS)
    _type(page, USERS, "640")
    expected = _inhouse_tco({"inhouse.sizing.log_days": 5.0, "organisation.users": 640})
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    assert _shared(page) == {"users": 640, "log_days": 5.0, "first_price": 2.5}
    pick_group(page, "In-house: Sizing")
    expect(page.locator(LOG_DAYS)).to_have_value("5.00", timeout=RERUN_TIMEOUT_MS)


def test_a_price_typed_into_the_plans_table_stays_when_it_is_closed(
    page: Page, app_url: str
) -> None:
    open_app(page, app_url)
    grid = page.locator("[class*='st-key-plans_editor-']")
    expect(grid).to_have_count(0)  # closed: no data grid
    _header(page, PLANS).click()
    expect(grid).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    keys = ["ArrowUp"] * 3 + ["ArrowLeft"] * 6 + ["ArrowRight"] * 2  # row 1, Price/user/month
    cell = open_cell_editor(page, grid, keys, "2.5")
    cell.fill("3.5")
    cell.press("Enter")
    apply_edits(page, catalogue_editor.SUBMIT_KEY)  # the table is a form
    wait_idle(page)
    assert _shared(page)["first_price"] == 3.5
    _header(page, PLANS).click()
    expect(grid).to_have_count(0, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    _type(page, USERS, "640")
    expected = _inhouse_tco({"organisation.users": 640})
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    assert _shared(page) == {"users": 640, "log_days": 3.0, "first_price": 3.5}
    _header(page, PLANS).click()
    expect(grid).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    assert _shared(page)["first_price"] == 3.5
