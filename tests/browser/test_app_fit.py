"""The Fit tab in a real browser: the matrix reads as text (not colour alone), with colours.

Expected cells come from the fit analysis (``planner.analyses.fit``) directly.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.analyses.fit import assess
from planner.model.files import default_scenario, with_values
from tests.browser.page import FIRST_LOAD_TIMEOUT_MS, wait_idle
from ui.state import encode_scenario

pytestmark = pytest.mark.browser

UPDATES = {
    "requirements.mailbox_quota_gb": 60.0,
    "requirements.needs_litigation_hold": True,
    "requirements.support_hours": "24x7",
}


def test_the_fit_tab_shows_the_matrix_in_words_and_colours(page: Page, app_url: str) -> None:
    scenario = with_values(default_scenario(), UPDATES)
    page.goto(f"{app_url}/?scenario={encode_scenario(scenario)}&view=Fit")
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    matrix = page.locator(".st-key-fit-matrix table")
    expect(matrix).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
    fit = assess(scenario)
    plan2 = matrix.locator("tr", has_text="Microsoft Exchange Online Plan 2")
    expect(plan2).to_contain_text("yes (100 GB)")
    basic = matrix.locator("tr", has_text="WorldPosta Basic (illustrative)")
    expect(basic).to_contain_text("no: 25 GB, short by 35 GB")
    expect(basic).to_contain_text("unknown")
    no_cell = basic.locator("td", has_text="short by 35 GB")
    expect(no_cell).to_have_css("background-color", "rgb(255, 199, 206)")  # red, with words
    unknown_cell = basic.locator("td", has_text="unknown")
    expect(unknown_cell).to_have_css("background-color", "rgb(231, 230, 230)")
    yes_cell = plan2.locator("td", has_text="yes (100 GB)")
    expect(yes_cell).to_have_css("background-color", "rgb(198, 239, 206)")
    best = fit.cheapest_meeting_all
    assert best is not None
    assert fit.name(best) == "Microsoft Exchange Online Plan 2"
    expect(
        page.get_by_test_id("stMetric").filter(has_text="meets every requirement")
    ).to_contain_text(f"USD {round(fit.tco[best]):,}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
