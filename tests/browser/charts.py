"""What the chart tests measure in the page: a Plotly chart's box, its plot's and its legend's,
and the boxes of the texts it writes (annotations), in CSS pixels."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from planner.model.scenario import Scenario
from tests.browser.page import RERUN_TIMEOUT_MS, open_app, wait_idle
from ui.state import encode_scenario

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
"""A laptop and a phone (390 px wide, as an iPhone 12 to 15)."""
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

_BOXES = """el => {
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            width: r.width, height: r.height}; };
  const legend = el.querySelector('.legend');
  return {
    chart: box(el.querySelector('.main-svg')),
    plot: box(el.querySelector('.nsewdrag')),
    legend: legend ? box(legend) : null,
    title: box(el.querySelector('.gtitle')),
    texts: Array.from(el.querySelectorAll('.annotation-text')).map(
      t => ({text: t.textContent, ...box(t)})),
  };
}"""


def open_scenario(browser: Browser, app_url: str, scenario: Scenario, viewport: Any) -> Page:
    """A new page of the given size on the app, opened with ``scenario`` as a shared link."""
    page = browser.new_context(viewport=viewport).new_page()
    open_app(page, f"{app_url}/?scenario={encode_scenario(scenario)}")
    return page


def open_tab(page: Page, name: str) -> None:
    """Open the tab ``name`` and wait for its run."""
    page.get_by_role("tab", name=name).click()
    wait_idle(page)


def drawn_chart(page: Page, index: int = 0) -> Locator:
    """The ``index``-th chart of the open tab, once Plotly has drawn it."""
    chart = page.get_by_role("tabpanel").get_by_test_id("stPlotlyChart").nth(index)
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # Plotly's first draw, then its resize to the column
    return chart


def boxes(chart: Locator) -> dict[str, Any]:
    """The chart's, plot's and legend's boxes and each annotation's text and box."""
    measured: dict[str, Any] = chart.evaluate(_BOXES)
    return measured


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two boxes share more than a pixel each way."""
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    )
