"""Marks, in Chromium on a laptop and on a 390-px phone: options that do not fit are marked
on every tab that draws them, the migration timeline's names are shown whole, and an
assumption's source can be read whole.

A CFO's firm of 3,000 users (the default scenario otherwise): the Microsoft 365 and Google
Business plans cap at 300 users, so six plans do not fit, and the Disaster recovery tab
used to draw them without a word.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, with_values
from planner.outputs.chart_style import UNFIT_MARK
from tests.browser.charts import VIEWPORTS, boxes, drawn_chart, open_scenario, open_tab
from tests.browser.page import RERUN_TIMEOUT_MS, wait_idle
from ui.tables import assumptions_table

pytestmark = pytest.mark.browser

CFO = with_values(default_scenario(), {"organisation.users": 3000})
CAPPED = ("M365 Business Basic", "M365 Business Premium", "Google Starter", "Google Plus")
"""Four of the six plans capped at 300 users, by their short names."""


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_dr_tab_marks_plans_that_do_not_fit(
    browser: Browser, app_url: str, device: str
) -> None:
    """Each capped plan's row says "(does not fit)" on the chart, a caption says what the
    mark means, and the bars keep most of the chart's width on the phone too."""
    page = open_scenario(browser, app_url, CFO, VIEWPORTS[device])
    open_tab(page, "Disaster recovery")
    chart = drawn_chart(page)
    measured = boxes(chart)
    names = [t["text"] for t in measured["texts"]]
    for plan in CAPPED:
        assert any(name.startswith(f"{plan} {UNFIT_MARK}(SLA") for name in names), names
    assert not any(n.startswith(f"Exchange Online P1 {UNFIT_MARK}") for n in names), names
    assert measured["plot"]["width"] >= 0.8 * measured["chart"]["width"], measured
    for text in measured["texts"]:
        assert text["right"] <= measured["chart"]["right"] + 1, text
    expect(
        page.get_by_role("tabpanel").get_by_text("6 plans marked (does not fit)")
    ).to_be_visible()
    page.context.close()


@pytest.mark.parametrize(
    ("tab", "index", "where", "mark"),
    [
        ("Costs by year", 0, ".annotation-text", f"M365 Business Basic {UNFIT_MARK}"),
        ("Storage", 0, ".legend .traces", f"M365 Business Basic quota {UNFIT_MARK}"),
        ("Scalability", 1, ".legend .traces", f"M365 Business Basic {UNFIT_MARK}"),
    ],
)
def test_every_tab_that_draws_plans_marks_those_that_do_not_fit(
    browser: Browser, app_url: str, tab: str, index: int, where: str, mark: str
) -> None:
    page = open_scenario(browser, app_url, CFO, VIEWPORTS["desktop"])
    open_tab(page, tab)
    chart = drawn_chart(page, index)
    expect(chart.locator(where).filter(has_text=mark)).to_have_count(1)
    expect(chart.locator(where).filter(has_text=f"Exchange Online P1 {UNFIT_MARK}")).to_have_count(
        0
    )
    page.context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_migration_timeline_shows_each_step_whole(
    browser: Browser, app_url: str, device: str
) -> None:
    """On an existing Exchange 2019 every step's name is written whole within the chart
    (they were axis labels cut to their last letters: ")", "er")."""
    scenario = load_scenario(preset_files()["existing_exchange_2019"])
    page = open_scenario(browser, app_url, scenario, VIEWPORTS[device])
    open_tab(page, "Migration")
    timeline = (
        page.get_by_role("tabpanel")
        .get_by_test_id("stPlotlyChart")
        .filter(has_text="Timeline of a move")
    )
    expect(timeline.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    timeline.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    measured = boxes(timeline)
    assert [t["text"] for t in measured["texts"]] == [
        "Upgrade in place to SE (the alternative path)",
        "Data transfer",
        "Coexistence (both paid)",
        "Cut-over",
        "Decommissioning",
    ]
    for text in measured["texts"]:
        assert text["left"] >= measured["chart"]["left"] - 1, text
        assert text["right"] <= measured["chart"]["right"] + 1, text
    # the title wraps instead of running past the chart's edge on the phone
    assert measured["title"]["right"] <= measured["chart"]["right"] + 1, measured["title"]
    page.context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_assumption_source_reads_whole(browser: Browser, app_url: str, device: str) -> None:
    """The longest source (700 characters, the administrator effort exponent) is cut in the
    table; picked below it, it is shown whole, wrapped within the page."""
    table = assumptions_table(default_scenario())
    longest = table.loc[table["Source"].str.len().idxmax()]
    page = open_scenario(browser, app_url, default_scenario(), VIEWPORTS[device])
    open_tab(page, "Assumptions")
    whole = page.locator(".st-key-assumptions-source-whole")
    box = whole.get_by_role("combobox")
    box.click()
    box.fill(str(longest["Assumption"]))
    page.get_by_role("option").filter(has_text=str(longest["Assumption"])).first.wait_for()
    box.press("Enter")
    wait_idle(page)
    text = whole.get_by_test_id("stMarkdown")
    expect(text).to_contain_text(str(longest["Source"]), timeout=RERUN_TIMEOUT_MS)
    text.scroll_into_view_if_needed()
    right = text.evaluate("e => e.getBoundingClientRect().right")
    assert right <= VIEWPORTS[device]["width"], right
    page.context.close()
