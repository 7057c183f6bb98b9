"""The Uncertainty tab tells the truth, in Chromium on a desktop and a 390-px phone: the
caption says what the draws centre on and gives the median and its gap to the figure as
entered; the ranges table and the tornado's table show money with thousands separators
(the tornado's with the currency), never unrounded numbers such as "2782.2581".

The scenario is the owner's of the report: the default preset with the administrator cost
typed as 95,000 (the salary range, not pinned, follows it in proportion):
    low  = 95,000 x 95,000 / 124,000 = 72,782.26  -> 72,782
    high = 160,000 x 95,000 / 124,000 = 122,580.65 -> 122,581
Expected numbers come from the engine (``planner.engine``, ``planner.analyses``) and the
scenario model, not from the app's code. The grids draw on a canvas, so the test records
every text the page draws there (``fillText``), as a reader sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from planner.analyses.sensitivity import tornado
from planner.analyses.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from planner.model.ranges import Range
from planner.model.scenario import Scenario
from tests.browser.page import FIRST_LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, metric, wait_idle
from ui.state import encode_scenario

pytestmark = pytest.mark.browser

VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1400, "height": 1000},
    "phone": {"width": 390, "height": 844},
}
SALARY = "staff.salary_per_fte_year"
SALARY_LABEL = "Administrator cost (USD/FTE/year)"
TYPED_SALARY = 95_000.0

RECORD_DRAWN_TEXT = """(() => {
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    const canvas = this.canvas;
    (canvas.__drawn || (canvas.__drawn = new Set())).add(String(text));
    return fillText.call(this, text, ...rest);
  };
})();"""
"""Keep each text drawn on a canvas (a grid's cells) on that canvas, for the test to read."""

UNROUNDED = re.compile(r"\d{4,}|\d\.\d{3,}")
"""Four digits in a row (no thousands separator) or more than two decimals."""


def _scenario() -> Scenario:
    return with_values(load_scenario(preset_files()["default"]), {SALARY: TYPED_SALARY})


@pytest.fixture(params=sorted(VIEWPORTS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    viewport = VIEWPORTS[request.param]
    phone = request.param == "phone"
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    context.add_init_script(RECORD_DRAWN_TEXT)
    try:
        yield context.new_page()
    finally:
        context.close()


def _open_uncertainty(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?scenario={encode_scenario(_scenario())}&view=Uncertainty")
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    expect(metric(page, "In-house TCO, P50")).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_idle(page)


def _drawn_texts(grid: Locator) -> list[str]:
    """Every text drawn in ``grid``, its box scrolled across so that every column is drawn
    (a grid draws only the columns in view: a phone shows two or three)."""
    grid.scroll_into_view_if_needed()
    canvas = grid.get_by_test_id("data-grid-canvas")
    expect(canvas).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    scroller = grid.locator(".dvn-scroller")
    width, seen = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    for left in range(0, width, max(seen // 2, 50)):
        scroller.evaluate("(e, x) => { e.scrollLeft = x; }", left)
        grid.page.wait_for_timeout(150)
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    grid.page.wait_for_timeout(300)
    texts: list[str] = canvas.evaluate("e => Array.from(e.__drawn || [])")
    return texts


def _salary_range() -> Range:
    ranges = [r for r in _scenario().uncertainty.ranges if r.field == SALARY]
    assert len(ranges) == 1
    return ranges[0]


def test_the_caption_says_what_the_draws_centre_on_with_the_median_and_gap(
    screen: Page, app_url: str
) -> None:
    """gap % = 100 x (median - TCO as entered) / TCO as entered, one decimal (about 10.1%)."""
    _open_uncertainty(screen, app_url)
    scenario = _scenario()
    point = float(summarise(project_scenario(scenario)).tco[0, 0])
    sim = simulate(scenario, DEFAULT_DRAWS, DEFAULT_SEED)
    median = float(np.percentile(sim.tco[:, 0], 50))
    gap_pct = 100 * (median - point) / point
    gap = (
        "within 0.5% of it"
        if abs(gap_pct) < 0.5
        else f"{abs(gap_pct):.1f}% {'above' if gap_pct > 0 else 'below'} it"
    )
    caption = screen.get_by_test_id("stCaptionContainer").filter(
        has_text="What the draws centre on"
    )
    expect(caption).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    caption.scroll_into_view_if_needed()
    expect(caption).to_be_visible()
    expect(caption).to_contain_text(
        "What the draws centre on: each range's most likely value is its input as entered"
    )
    expect(caption).to_contain_text(
        f"{sim.options[0]}: TCO with every input as entered USD {round(point):,}; "
        f"the median of the draws USD {round(median):,}, {gap}"
    )
    expect(metric(screen, "In-house TCO, P50")).to_have_text(f"USD {round(median):,}")
    expect(screen.get_by_test_id("stException")).to_have_count(0)


def test_the_ranges_table_shows_rounded_money_around_the_input(screen: Page, app_url: str) -> None:
    _open_uncertainty(screen, app_url)
    salary = _salary_range()
    assert salary.mode == TYPED_SALARY  # the draws centre on the input as entered
    grid = screen.locator("[class*='st-key-ranges_editor-']")
    texts = _drawn_texts(grid)
    assert SALARY_LABEL in texts  # the currency, in the input's name
    for value, shown in ((salary.low, "72,782"), (salary.mode, "95,000"), (salary.high, "122,581")):
        assert f"{round(value):,}" == shown
        assert shown in texts, (shown, texts)
    unrounded = [t for t in texts if UNROUNDED.search(t)]
    assert unrounded == [], unrounded
    expect(screen.get_by_test_id("stException")).to_have_count(0)


def test_the_tornado_table_shows_money_with_its_currency_and_separators(
    screen: Page, app_url: str
) -> None:
    _open_uncertainty(screen, app_url)
    screen.locator(".st-key-uncertainty-section").get_by_role("radio", name="Sensitivity").click()
    wait_idle(screen)
    chart = screen.get_by_test_id("stPlotlyChart").filter(has_text="What moves in-house minus")
    expect(chart).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    wait_idle(screen)
    tables = screen.locator('[data-testid="stTabPanel"]:visible [data-testid="stDataFrame"]')
    expect(tables).to_have_count(2, timeout=RERUN_TIMEOUT_MS)  # the ranges, the tornado's
    texts = _drawn_texts(tables.last)
    assert SALARY_LABEL in texts
    salary = _salary_range()
    for value in (salary.low, salary.mode, salary.high):
        assert f"USD {round(value):,}/FTE/year" in texts, (value, texts)
    bar = next(b for b in tornado(_scenario()).bars if b.input.key == SALARY)
    for amount in (bar.at_low, bar.at_high, bar.swing):
        assert f"{round(amount):,}" in texts, (amount, texts)
    unrounded = [t for t in texts if UNROUNDED.search(t)]
    assert unrounded == [], unrounded
    expect(screen.get_by_test_id("stException")).to_have_count(0)
