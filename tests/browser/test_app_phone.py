"""The page on a 390-px phone, in a real browser: no tab scrolls the page sideways, the
inputs open from a control labelled in words, and the every-option table scrolls inside its
own box.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.model.files import default_scenario, with_values
from tests.browser.page import PHONE, RERUN_TIMEOUT_MS, metric, open_app, wait_idle
from ui.scenario_library import ScenarioLibrary, encode_library
from ui.views import TABS

pytestmark = pytest.mark.browser


OUTSIDE_THEIR_BOX = """() => {
  // Visible elements reaching past the viewport's right edge, unless an ancestor that
  // itself fits on screen scrolls them sideways (a table or the tab bar in its own box).
  const width = window.innerWidth;
  const found = [];
  for (const e of document.querySelectorAll("body *")) {
    if (!e.checkVisibility()) continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scroller = e.parentElement;
    while (scroller) {
      const overflow = getComputedStyle(scroller).overflowX;
      const fits = scroller.getBoundingClientRect().right <= width + 1;
      if ((overflow === "auto" || overflow === "scroll") && fits) break;
      scroller = scroller.parentElement;
    }
    if (!scroller) found.push(`${e.getAttribute("data-testid") || e.tagName} ${box.right}`);
  }
  return found;
}"""


def _no_sideways_scroll(page: Page, where: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
    page.evaluate("window.scrollTo(200, window.scrollY)")
    assert page.evaluate("window.scrollX") == 0, where
    assert page.evaluate(OUTSIDE_THEIR_BOX) == [], where


def test_no_tab_scrolls_the_page_sideways(phone: Page, app_url: str) -> None:
    open_app(phone, app_url)
    for title, _ in TABS:
        phone.get_by_role("tab", name=title).click()
        wait_idle(phone)
        expect(phone.get_by_role("tab", name=title)).to_have_attribute("aria-selected", "true")
        phone.wait_for_timeout(500)  # charts settle to the width they are given
        _no_sideways_scroll(phone, title)
    expect(phone.get_by_test_id("stException")).to_have_count(0)


def test_the_inputs_open_from_a_control_labelled_inputs(phone: Page, app_url: str) -> None:
    open_app(phone, app_url)
    sidebar = phone.get_by_test_id("stSidebar")
    preset = sidebar.get_by_role("combobox", name="Start from a preset")
    expect(sidebar).to_have_attribute("data-collapsed", "true")  # a phone starts without
    expect(preset).not_to_be_in_viewport()
    control = phone.get_by_test_id("stExpandSidebarButton")
    expect(control).to_be_visible()
    label = control.evaluate("e => getComputedStyle(e, '::after').content")
    assert label == '"Inputs"'
    box = control.bounding_box()
    title = phone.get_by_role("heading", name="Exchange Cost Planner").bounding_box()
    assert box is not None
    assert title is not None
    assert box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] + box["height"] <= title["y"]  # above the title, not over it
    control.click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(preset).to_be_in_viewport(timeout=RERUN_TIMEOUT_MS)
    users = sidebar.locator(".st-key-field-organisation-users input")
    users.scroll_into_view_if_needed()
    expect(users).to_be_in_viewport()
    users.fill("120")
    users.press("Enter")
    wait_idle(phone)
    expect(users).to_have_value("120")
    phone.screenshot(path="/tmp/compare_probe/phone_inputs.png")


def test_the_every_option_table_scrolls_inside_its_own_box(phone: Page, app_url: str) -> None:
    open_app(phone, app_url)
    table = phone.locator(".st-key-table-overview-options table")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    widths = table.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]  # wider than its box: it scrolls there
    table.evaluate("e => { e.scrollLeft = 200; }")
    assert table.evaluate("e => e.scrollLeft") > 0
    _no_sideways_scroll(phone, "Overview after scrolling the table")


def test_two_compared_scenarios_stay_within_a_phone_screen(phone: Page, app_url: str) -> None:
    """The Compare tab with its cards, chart and tables, opened from a link."""
    lib = ScenarioLibrary()
    lib.offer("Head office", default_scenario(), "test")
    lib.offer("Branch", with_values(default_scenario(), {"organisation.users": 25}), "test")
    saved = encode_library(lib, ["Head office", "Branch"])
    phone.goto(f"{app_url}/?view=Compare&saved={saved}")  # no Overview metric to wait for
    wait_idle(phone, 60_000)
    second = phone.locator(".st-key-compare-scenario-1")
    expect(metric(second, "In-house TCO")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    phone.wait_for_timeout(500)  # the chart settles to the width it is given
    _no_sideways_scroll(phone, "Compare with two scenarios")
