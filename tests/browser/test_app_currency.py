"""Money typed in the displayed currency, in Chromium: picking EGP converts every money
input once (the server price, its label), shows the rate's date, and going back to US
dollars returns what was typed.

Expected numbers come from the engine (``planner``) and data/currencies.toml (EGP 47.13 per
US dollar, CBE sell rate of 2026-01-25), not from the app's code.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle

pytestmark = pytest.mark.browser

CURRENCY = ".st-key-field-finance-currency input"
SERVER = ".st-key-field-inhouse-servers-price input"
EGP_PER_USD = 47.13


def _inhouse_tco(currency: str) -> int:
    scenario = with_values(load_scenario(preset_files()["default"]), {"finance.currency": currency})
    return round(float(summarise(project_scenario(scenario)).tco[0, 0]))


def _type(page: Page, selector: str, value: str) -> None:
    box = page.locator(selector)
    box.fill(value)
    box.press("Enter")
    wait_idle(page)


def test_picking_egp_types_money_in_egp_and_back(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    expect(page.locator(SERVER)).to_have_value("12000")
    _type(page, CURRENCY, "EGP")
    # 12,000 USD x 47.13 = 565,560 EGP; the TCO is the US dollar one x 47.13 (to the unit).
    expect(page.locator(SERVER)).to_have_value("565560", timeout=RERUN_TIMEOUT_MS)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Server price (EGP)")).to_be_visible()
    expect(sidebar.get_by_text("rates as of 2026-01-25", exact=False)).to_be_visible()
    expected = f"EGP {_inhouse_tco('EGP'):,}"
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    _type(page, CURRENCY, "USD")
    expect(page.locator(SERVER)).to_have_value("12000", timeout=RERUN_TIMEOUT_MS)
    expected = f"USD {_inhouse_tco('USD'):,}"
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
