"""Compare that lasts, in a real browser: saved scenarios survive a reload and travel in the
link, with the sub-view the link was copied from (the break-even map and its axes).

Expected numbers come from the engine (``planner``) directly, not from the app's code.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.currencies import CATALOGUE
from planner.model.files import default_scenario, with_values
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle
from ui.uncertainty_text import field_label

pytestmark = pytest.mark.browser

X_FIELD = "organisation.users"
Y_FIELD = "hosted.price_escalation_pct_per_year"


def _usd(amount: float) -> str:
    return f"USD {round(amount):,}"


def _inhouse_tco(updates: dict[str, object]) -> str:
    scenario = with_values(default_scenario(), updates)
    return _usd(float(summarise(project_scenario(scenario)).tco[0, 0]))


def _save(page: Page, name: str) -> None:
    field = page.locator(".st-key-library-name input")
    field.fill(name)
    field.press("Enter")
    wait_idle(page)
    page.locator(".st-key-library-save").get_by_role("button").click()
    alert = page.get_by_test_id("stAlert").filter(has_text=f"Saved “{name}”")
    expect(alert).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def _pick(page: Page, key: str, label: str) -> None:
    """Choose ``label`` in the selectbox with widget key ``key`` (typed, then Enter)."""
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    box.fill(label)
    page.get_by_role("option", name=label, exact=True).wait_for()
    box.press("Enter")
    expect(box).to_have_value(label, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def _both_saved_and_compared(page: Page) -> None:
    first = page.locator(".st-key-compare-scenario-0")
    second = page.locator(".st-key-compare-scenario-1")
    expect(first.get_by_role("heading")).to_have_text("Head office", timeout=RERUN_TIMEOUT_MS)
    expect(second.get_by_role("heading")).to_have_text("Branch")
    expect(metric(first, "In-house TCO")).to_have_text(_inhouse_tco({}))
    expect(metric(second, "In-house TCO")).to_have_text(_inhouse_tco({"organisation.users": 25}))
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _save_two(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    page.get_by_role("tab", name="Compare").click()
    wait_idle(page)
    _save(page, "Head office")
    users = page.locator(".st-key-field-organisation-users input")
    users.fill("25")
    users.press("Enter")
    wait_idle(page)
    _save(page, "Branch")
    _both_saved_and_compared(page)
    expect(page).to_have_url(re.compile(r"[?&]saved="), timeout=RERUN_TIMEOUT_MS)


def test_two_saved_scenarios_are_still_there_after_a_reload(page: Page, app_url: str) -> None:
    _save_two(page, app_url)
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("tab", name="Compare")).to_have_attribute("aria-selected", "true")
    _both_saved_and_compared(page)
    expect(page.get_by_text("No scenario saved yet")).to_have_count(0)


def test_a_copied_link_reopens_the_scenarios_and_the_break_even_map_with_its_axes(
    page: Page, app_url: str, browser: Browser
) -> None:
    _save_two(page, app_url)
    page.get_by_role("tab", name="Uncertainty").click()
    wait_idle(page)
    sections = page.locator(".st-key-uncertainty-section")
    sections.get_by_role("radio", name="Break-even map").click()
    wait_idle(page)
    x_label, y_label = field_label(X_FIELD, CATALOGUE), field_label(Y_FIELD, CATALOGUE)
    _pick(page, "uncertainty-map_x", x_label)
    _pick(page, "uncertainty-map_y", y_label)
    expect(page).to_have_url(re.compile(r"uncertainty(%3A|:)map_y="), timeout=RERUN_TIMEOUT_MS)
    link = page.url

    fresh = browser.new_context(viewport={"width": 1280, "height": 900})  # no shared session
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_idle(other, 60_000)
        expect(other.get_by_role("tab", name="Uncertainty")).to_have_attribute(
            "aria-selected", "true", timeout=60_000
        )
        chosen = other.locator(".st-key-uncertainty-section").get_by_role(
            "radio", name="Break-even map"
        )
        expect(chosen).to_be_checked(timeout=RERUN_TIMEOUT_MS)
        for key, label in (("uncertainty-map_x", x_label), ("uncertainty-map_y", y_label)):
            box = other.locator(f".st-key-{key}").get_by_role("combobox")
            expect(box).to_have_value(label, timeout=RERUN_TIMEOUT_MS)
        # The second map is drawn over the chosen axes.
        expect(other.get_by_test_id("stPlotlyChart").nth(1)).to_contain_text(
            y_label, timeout=RERUN_TIMEOUT_MS
        )
        other.get_by_role("tab", name="Compare").click()
        wait_idle(other)
        _both_saved_and_compared(other)
    finally:
        fresh.close()
