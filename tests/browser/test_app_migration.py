"""The Migration view in a real browser: the paths, the timeline and the transfer arithmetic
of the Exchange 2019 preset, and the three paths named on the Overview.

Expected figures are worked by hand: 400 mailboxes x 8 GB = 3,200 GB; 100 Mbps x 70%
x 86,400 / 8 / 1,000 = 756 GB a day; the provider ingests 500 GB a day, so 3,200 / 500 = 6.4
days.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.page import FIRST_LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, wait_idle

pytestmark = pytest.mark.browser


def _open_preset(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?preset=existing_exchange_2019")
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)


def test_the_overview_names_the_three_paths(page: Page, app_url: str) -> None:
    _open_preset(page, app_url)
    alert = page.get_by_test_id("stAlert").filter(has_text="Path: Upgrade in place")
    expect(alert).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(alert).to_contain_text("Path: move to a hosted plan")
    expect(alert).to_contain_text("Stay on Exchange 2019 (unsupported)")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_migration_view_shows_the_timeline_and_the_arithmetic(page: Page, app_url: str) -> None:
    _open_preset(page, app_url)
    page.get_by_role("tab", name="Migration").click()
    expect(page).to_have_url(re.compile(r"view=Migration"), timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    panel = page.get_by_role("tabpanel")
    expect(panel).to_contain_text("Paths from Exchange 2019", timeout=RERUN_TIMEOUT_MS)
    chart = panel.get_by_test_id("stPlotlyChart")
    expect(chart).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    expect(chart).to_contain_text("Coexistence (both paid)")
    expect(chart).to_contain_text("Decommissioning")
    tables = panel.get_by_test_id("stDataFrame")
    expect(tables).to_have_count(2, timeout=RERUN_TIMEOUT_MS)  # the transfer, when to move
    expect(tables.first).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(panel).to_contain_text("When to move")
    expect(panel).to_contain_text("Migration plan: moving 400 mailboxes, 3.1 TB")
    expect(page.get_by_test_id("stException")).to_have_count(0)
