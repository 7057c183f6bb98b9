"""The editable grids keep every keystroke: typed fast, on a desktop and a 390-px phone.

Each grid (plans, segments, ranges) keeps its commits in the browser: typing in a cell
reruns nothing, and the edits reach the app together when "Apply changes" is pressed.
Before, each cell commit reran the page and the next cell lost the keys typed during the
rerun ("WorldPosta" -> "rldPosta", "700" -> "70"). Expected values are the characters
typed, read back from the shared link (or the message naming the value).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.model.scenario import Scenario
from tests.browser.grid import apply_edits, open_cell_editor, type_fast
from tests.browser.page import RERUN_TIMEOUT_MS, open_app, wait_idle
from ui import catalogue_editor, ranges_editor
from ui.grid_form import APPLY_LABEL, NOTE_ABOVE_TABS, NOTE_IN_TAB
from ui.state import decode_scenario

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PLANS = "Hosted plans: edit a price"
CELL_MS = 200
"""A fast typist's move to the next cell (a rerun took about a second: it would still run),
and the pause before Enter: Enter in the same instant as the last key can commit the cell's
old value inside the grid component (glide-data-grid), rerun or not."""
NAME = "WorldPosta Pro"
PRICE = "700"


def _page(browser: Browser, viewport: str) -> Page:
    return browser.new_context(viewport=VIEWPORTS[viewport]).new_page()  # type: ignore[arg-type]


def _shared(page: Page) -> Scenario:
    expect(page).to_have_url(re.compile(r"[?&]scenario=[A-Za-z0-9_-]+"), timeout=RERUN_TIMEOUT_MS)
    return decode_scenario(parse_qs(urlparse(page.url).query)["scenario"][0])


def _open_plans(page: Page) -> None:
    header = page.get_by_test_id("stMainBlockContainer").get_by_test_id("stExpander")
    header.locator("summary").filter(has_text=PLANS).click()
    expect(page.locator("[class*='st-key-plans_editor-']")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_fast_typing_in_the_plans_grid_keeps_every_character(
    browser: Browser, app_url: str, viewport: str
) -> None:
    page = _page(browser, viewport)
    open_app(page, app_url)
    _open_plans(page)
    submit = page.locator(f".st-key-{catalogue_editor.SUBMIT_KEY}")
    expect(submit.get_by_role("button", name=APPLY_LABEL)).to_be_visible()
    expect(page.get_by_text(NOTE_ABOVE_TABS)).to_be_visible()
    url = page.url
    grid = page.locator("[class*='st-key-plans_editor-']")
    home = ["ArrowUp"] * 3 + ["ArrowLeft"] * 6  # row 1, Provider
    cell = open_cell_editor(page, grid, [*home, "ArrowRight"], "Basic (illustrative)")
    cell.fill("")
    type_fast(page, NAME)
    expect(cell).to_have_value(NAME)  # every character in the cell's editor
    page.wait_for_timeout(CELL_MS)  # the grid's editor takes its last key before the commit
    page.keyboard.press("Enter")  # the commit that used to rerun the page
    page.wait_for_timeout(CELL_MS)
    # as a fast typist goes on, during the rerun that commit used to start: row 1, price
    for key in ("ArrowUp", "ArrowRight", "Enter"):  # the cell below, then row 1's price
        page.keyboard.press(key)
    cell = page.locator(".gdg-input")
    expect(cell).to_have_value("2.5")
    cell.fill("")
    type_fast(page, PRICE)
    expect(cell).to_have_value(PRICE)
    page.wait_for_timeout(CELL_MS)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # time a rerun would take to start
    assert page.url == url, "an edit reran the page before Apply changes"
    apply_edits(page, catalogue_editor.SUBMIT_KEY)
    wait_idle(page)
    first = _shared(page).plans[0]
    assert (first.provider, first.plan, first.price_per_user_month) == ("WorldPosta", NAME, 700.0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_fast_typing_in_the_ranges_grid_keeps_every_digit(
    browser: Browser, app_url: str, viewport: str
) -> None:
    """Growth's range 0 / 5 / 12: its high typed as 700 fast. 700 is above growth's bound
    (100 %/year), so the message names the field, the value and what is allowed, and shows
    that 700 (not 70) arrived."""
    page = _page(browser, viewport)
    open_app(page, app_url)
    page.get_by_role("tab", name="Uncertainty").click()
    grid = page.locator("[class*='st-key-ranges_editor-']")
    expect(grid).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    expect(page.get_by_text(NOTE_IN_TAB)).to_be_visible()
    keys = ["ArrowUp"] * 3 + ["ArrowLeft"] * 6 + ["ArrowRight"] * 4  # row 1 (growth), High
    cell = open_cell_editor(page, grid, keys, "12")
    cell.fill("")
    type_fast(page, PRICE)
    expect(cell).to_have_value(PRICE)  # every digit in the cell's editor
    page.wait_for_timeout(CELL_MS)  # the grid's editor takes its last key before the commit
    page.keyboard.press("Enter")
    apply_edits(page, ranges_editor.SUBMIT_KEY)
    alert = page.get_by_test_id("stAlert").filter(has_text="uncertainty.ranges[0].high")
    expect(alert).to_contain_text("= 700.0", timeout=RERUN_TIMEOUT_MS)
    expect(alert).to_contain_text("allowed")
    page.context.close()


def test_plans_edits_not_yet_applied_arrive_with_a_tab_switch(
    browser: Browser, app_url: str
) -> None:
    """The plans grid sits above the tabs: a tab switch reruns the page with the grid drawn,
    so an edit not yet applied arrives with it (row 1's price 2.5 -> 3.5)."""
    page = _page(browser, "desktop")
    open_app(page, app_url)
    _open_plans(page)
    grid = page.locator("[class*='st-key-plans_editor-']")
    keys = ["ArrowUp"] * 3 + ["ArrowLeft"] * 6 + ["ArrowRight"] * 2  # row 1, Price
    cell = open_cell_editor(page, grid, keys, "2.5")
    cell.fill("")
    type_fast(page, "3.5")
    expect(cell).to_have_value("3.5")
    page.wait_for_timeout(CELL_MS)
    page.keyboard.press("Enter")
    page.get_by_role("tab", name="Costs by year").click()
    wait_idle(page)
    assert _shared(page).plans[0].price_per_user_month == 3.5
    page.context.close()
