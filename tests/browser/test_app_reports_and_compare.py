"""Reports and scenario comparison in a real browser: the files that arrive, what is compared.

Expected numbers come from the engine (``planner``) directly, not from the app's code.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, Route, expect

from planner.engine.projection import INHOUSE, project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, with_values
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle

pytestmark = pytest.mark.browser

DOWNLOAD_TIMEOUT_MS = 60_000


def _usd(amount: float) -> str:
    return f"USD {round(amount):,}"


def _inhouse_tco(updates: dict[str, object]) -> float:
    return float(summarise(project_scenario(with_values(default_scenario(), updates))).tco[0, 0])


def _download(page: Page, key: str) -> tuple[str, bytes]:
    button = page.locator(f".st-key-{key}").get_by_role("button")
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _money(text: str) -> float:
    return float(text.removeprefix("USD ").replace(",", ""))


def test_the_workbook_arrives_and_holds_the_tco_shown_on_the_page(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    shown = metric(page, "In-house TCO").inner_text().strip()
    assert shown == _usd(_inhouse_tco({}))
    name, data = _download(page, "download_xlsx")
    assert name == "default-scenario-report.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Summary"
    rows = [r for r in book["Summary"].iter_rows(values_only=True) if r[0] == INHOUSE]
    assert len(rows) == 1
    assert round(float(rows[0][1])) == _money(shown)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_html_report_arrives_and_draws_its_charts_offline(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    name, data = _download(page, "download_html")
    assert name == "default-scenario-report.html"
    soup = BeautifulSoup(data, "html.parser")
    assert soup.title is not None
    assert soup.title.get_text() == "Exchange Cost Planner: Default scenario"
    assert soup.find("div", id="chart-cumulative", class_="chart") is not None
    cells = soup.find(id="options-table").find("tbody").find("tr").find_all("td")
    assert float(cells[1]["data-value"]) == pytest.approx(_inhouse_tco({}))

    report = page.context.new_page()

    def no_network(route: Route) -> None:
        route.abort()

    report.route(re.compile(r"^https?://"), no_network)  # the file must need nothing else
    report.set_content(data.decode("utf-8"))
    expect(report.locator("#chart-cumulative .main-svg").first).to_be_attached(
        timeout=RERUN_TIMEOUT_MS
    )
    expect(report.locator("#chart-cumulative")).to_contain_text("Cumulative cost")
    report.close()


def _save(page: Page, name: str) -> None:
    field = page.locator(".st-key-library-name input")
    field.fill(name)
    field.press("Enter")
    wait_idle(page)
    page.locator(".st-key-library-save").get_by_role("button").click()
    alert = page.get_by_test_id("stAlert").filter(has_text=f"Saved “{name}”")
    expect(alert).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def test_the_comparison_shows_two_saved_scenarios_side_by_side(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    page.get_by_role("tab", name="Compare").click()
    wait_idle(page)
    expect(page.get_by_text("No scenario saved yet")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    _save(page, "Head office")

    users = page.locator(".st-key-field-organisation-users input")
    users.fill("25")
    users.press("Enter")
    wait_idle(page)
    odd_name = "<b>Branch</b> =1+1 **x**"
    _save(page, odd_name)

    first = page.locator(".st-key-compare-scenario-0")
    second = page.locator(".st-key-compare-scenario-1")
    expect(metric(first, "In-house TCO")).to_have_text(
        _usd(_inhouse_tco({})), timeout=RERUN_TIMEOUT_MS
    )
    expect(metric(second, "In-house TCO")).to_have_text(
        _usd(_inhouse_tco({"organisation.users": 25}))
    )
    for card in (first, second):
        for label in ("Cheapest hosted TCO", "Saving with hosted", "In-house breaks even"):
            expect(metric(card, label)).to_be_visible()
    # Each scenario's colour is a square from Streamlit's own icon font, not an emoji
    # (blank without an emoji font), with the colour's name.
    for card, word in ((first, "blue"), (second, "red")):
        icon = card.get_by_role("img", name="stop icon")  # a filled square
        expect(icon).to_have_count(1)
        assert "Material Symbols" in icon.evaluate("e => getComputedStyle(e).fontFamily")
        expect(card.get_by_test_id("stMarkdownContainer").first).to_contain_text(word)
    expect(first.get_by_role("heading")).to_have_text("Head office")
    heading = second.get_by_role("heading")
    expect(heading).to_have_text(odd_name)  # shown as typed, not as markup
    expect(heading.locator("b, strong")).to_have_count(0)
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    expect(chart).to_contain_text(f"{odd_name}: {INHOUSE}")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_summary_csv_arrives_one_row_per_option_with_a_negative_residual(
    page: Page, app_url: str
) -> None:
    """growing_firm keeps hardware past its horizon; the summary CSV a person
    downloads has one row per option, plain category columns, and the residual as a credit."""
    open_app(page, f"{app_url}/?preset=growing_firm")
    scenario = load_scenario(preset_files()["growing_firm"])
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.name.lower()).strip("-")
    name, data = _download(page, "download_summary_csv")
    assert name == f"{slug}-summary.csv"
    table = pd.read_csv(io.BytesIO(data))
    s = summarise(project_scenario(scenario))
    assert table["Option"].tolist() == list(s.options)
    assert table["TCO"].tolist() == pytest.approx(s.tco[0].round(2).tolist(), abs=0.006)
    assert table.loc[0, "Residual value"] == pytest.approx(-s.residual_value[0, 0], abs=0.006)
    assert table.loc[0, "Residual value"] < 0
    assert {"Hardware", "Licences & subscriptions", "Downtime risk"} <= set(table.columns)
    assert set(table["Fits"]) <= {"yes", "no"}
