"""User segments in a real browser: the segments preset leads with the best mix, and its
Segments tab draws the TCO stacked by segment and the placement of each segment.

Expected figures come from the engine (``planner.engine.mix``) for the preset as filed;
the placements' arithmetic is tested by hand in tests/unit (engine) and tests/app.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from planner.engine.projection import project_scenario
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from tests.browser.page import FIRST_LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, metric, wait_idle

pytestmark = pytest.mark.browser

PRESET = "segments_hybrid"
SEGMENTS = ("Frontline", "Office", "Executives and legal")


def _best_mix_tco() -> float:
    projection = project_scenario(load_scenario(preset_files()[PRESET]))
    assert projection.mix is not None
    return projection.mix.best.tco


def test_the_segments_tab_draws_the_stack_and_the_placements(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?preset={PRESET}")
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    tco = f"USD {round(_best_mix_tco()):,}"
    expect(metric(page, "Best mix TCO")).to_have_text(tco, timeout=FIRST_LOAD_TIMEOUT_MS)
    headline = page.locator(".st-key-overview-best_mix")
    expect(headline).to_contain_text("Best mix (all hosted): Frontline on")

    page.get_by_role("tab", name="Segments").click()
    expect(page).to_have_url(re.compile(r"view=Segments"), timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    panel = page.get_by_role("tabpanel")
    chart = panel.get_by_test_id("stPlotlyChart")
    expect(chart).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    expect(chart.locator(".legendtext")).to_have_text(list(SEGMENTS))
    bars = chart.locator(".barlayer .trace")
    expect(bars).to_have_count(len(SEGMENTS))  # one stacked trace per segment
    expect(chart.locator(".ytick")).to_contain_text(["In-house Exchange"])
    expect(chart).to_contain_text("Best mix")

    placement = panel.locator(".st-key-table-segments-placement table")
    expect(placement).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    for segment in SEGMENTS:
        expect(placement.locator("tr", has_text=segment)).to_have_count(1)
    legal = placement.locator("tr", has_text="Executives and legal")
    expect(legal).to_contain_text("Microsoft Exchange Online Plan 2")
    expect(legal).to_contain_text("In-house Exchange")
    choices = panel.locator(".st-key-table-segments-choices table")
    expect(choices.locator("tr", has_text="Best mix")).to_contain_text(tco)
    expect(panel).to_contain_text("Searched exactly: all 343 placements")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_without_segments_the_tab_explains_and_opens_the_table(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?view=Segments")
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    panel = page.get_by_role("tabpanel")
    expect(panel).to_contain_text("no user segments", timeout=FIRST_LOAD_TIMEOUT_MS)
    expect(panel.get_by_test_id("stPlotlyChart")).to_have_count(0)
    panel.get_by_role("button", name="Open the segments table").click()
    wait_idle(page)
    segments = page.get_by_test_id("stExpander").filter(has_text="User segments")
    expect(segments.get_by_test_id("stDataFrame")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(segments).to_contain_text("One row per group of users")
    expect(page.get_by_test_id("stException")).to_have_count(0)
