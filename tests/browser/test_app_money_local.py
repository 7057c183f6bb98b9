"""Money in the owner's currency, in Chromium: the loaded-cost chart in Egyptian pounds starts
from the plan's list price converted to pounds (not the US dollar number under a pound
label, the difference pushed into "Price rises"), and on a 390-px phone the currency is
picked from the inputs opened with the "Inputs" control, the money typed converted once.

Expected numbers come from the engine (``planner.engine``) and data/currencies.toml through
``planner.model.currencies`` (EGP 47.13 per US dollar), not from the app's code.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from planner.engine.per_user import LIST_PRICE, PRICE_RISES, loaded_cost_steps
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.currencies import currencies
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from planner.model.scenario import Scenario
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle

pytestmark = pytest.mark.browser

DESKTOP: ViewportSize = {"width": 1400, "height": 1000}
CURRENCY = ".st-key-field-finance-currency input"
SERVER = ".st-key-field-inhouse-servers-price input"
WATERFALL = ".st-key-chart-overview-loaded_cost"

_BARS = """el => Array.from(el.querySelectorAll('.trace.bars')).map(t => ({
  texts: Array.from(t.querySelectorAll('.bartext')).map(x => x.textContent),
}))"""
_TICKS = """el => Array.from(el.querySelectorAll('.xaxislayer-above')).map(
  a => Array.from(a.querySelectorAll('text')).map(x => x.textContent))"""


def _egp(scenario: Scenario) -> Scenario:
    return with_values(scenario, {"finance.currency": "EGP"})


def _default() -> Scenario:
    return load_scenario(preset_files()["default"])


def _egp_tco() -> str:
    return f"EGP {round(float(summarise(project_scenario(_egp(_default()))).tco[0, 0])):,}"


def _pick_egp(page: Page) -> None:
    """Type EGP into the currency picker; wait until the In-house TCO is the engine's in
    pounds (the page has rerun with every money input converted)."""
    box = page.locator(CURRENCY)
    box.scroll_into_view_if_needed()
    box.fill("EGP")
    box.press("Enter")
    wait_idle(page)
    expect(metric(page, "In-house TCO")).to_have_text(_egp_tco(), timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def _hosted_path() -> tuple[str, float, list[tuple[str, str]]]:
    """The cheapest hosted plan that fits, its list price in pounds and its waterfall's bars
    (name, text) as the engine gives them, with the list price converted by hand."""
    scenario = _egp(_default())
    projection = project_scenario(scenario)
    summary = summarise(projection)
    best = summary.best_hosted(0)
    assert best is not None
    plan = scenario.plans[best - 1]  # options 1..P are the plans in order
    assert plan.currency == "USD"
    # WorldPosta Basic lists at USD 2.50: 2.50 x 47.13 = EGP 117.825, shown 117.83.
    price = plan.price_per_user_month * currencies()["EGP"].per_usd
    steps = loaded_cost_steps(projection, best, price)
    total = float(summary.cost_per_user_month[0, best])
    bars = [(s.name, f"{s.per_user_month:,.2f}") for s in steps]
    return plan.label, price, [*bars, ("Loaded cost", f"{total:,.2f}")]


def _drawn_waterfall(page: Page) -> Locator:
    chart = page.locator(WATERFALL)
    expect(chart).to_contain_text("per user per month (EGP)", timeout=RERUN_TIMEOUT_MS)
    expect(chart.locator(".trace.bars")).to_have_count(2, timeout=RERUN_TIMEOUT_MS)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # Plotly's first draw, then its resize to the column
    return chart


def test_the_loaded_cost_chart_in_egp_starts_from_the_converted_list_price(
    page: Page, app_url: str
) -> None:
    page.set_viewport_size(DESKTOP)
    open_app(page, app_url)
    _pick_egp(page)
    label, price, expected = _hosted_path()
    chart = _drawn_waterfall(page)
    hosted_texts = chart.evaluate(_BARS)[1]["texts"]
    hosted_ticks = chart.evaluate(_TICKS)[1]
    shown = list(zip(hosted_ticks, hosted_texts, strict=True))
    assert shown == expected
    rises = dict(expected).get(PRICE_RISES)
    assert rises is None or float(rises.replace(",", "")) >= 0  # no negative "Price rises"
    assert dict(shown)[LIST_PRICE] == f"{price:,.2f}" == "117.83"
    usd_price = f"{price / currencies()['EGP'].per_usd:,.2f}"  # the US dollar number: 2.50
    assert usd_price not in hosted_texts
    titles = chart.locator(".annotation-text").all_text_contents()
    assert any(f"(list {price:,.2f})" in t for t in titles), titles
    assert label.startswith("WorldPosta Basic")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_picking_egp_on_a_phone_converts_the_money_typed(phone: Page, app_url: str) -> None:
    open_app(phone, app_url)
    sidebar = phone.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    control = phone.get_by_test_id("stExpandSidebarButton")
    assert control.evaluate("e => getComputedStyle(e, '::after').content") == '"Inputs"'
    control.click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    server = phone.locator(SERVER)
    expect(server).to_have_value("12000")
    _pick_egp(phone)  # and the In-house TCO is the engine's in pounds
    # 12,000 USD x 47.13 = 565,560 EGP.
    expect(server).to_have_value("565560", timeout=RERUN_TIMEOUT_MS)
    expect(phone.get_by_test_id("stException")).to_have_count(0)
