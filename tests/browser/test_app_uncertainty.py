"""The Uncertainty tab in a real browser: the charts draw, the CSV downloads arrive, and a
range typed into the table reaches the link and the draws.

Expected numbers come from the engine (``planner.simulate``, ``planner.analyses.breakeven_map``) for
the default preset with the app's default draws and seed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import Locator, Page, expect

from planner.analyses.breakeven_map import breakeven_map
from planner.analyses.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from tests.browser.grid import apply_edits, open_cell_editor
from tests.browser.page import FIRST_LOAD_TIMEOUT_MS, RERUN_TIMEOUT_MS, metric, wait_idle
from ui import ranges_editor
from ui.state import decode_scenario
from ui.views.uncertainty import FAN_TITLE

pytestmark = pytest.mark.browser

PERCENTILE_COLUMNS = (
    "scenario",
    "option",
    "draws",
    "seed",
    "tco_p10",
    "tco_p50",
    "tco_p90",
    "tco_mean",
    "p_cheapest",
    "p_fits",
    "saving_p10",
    "saving_p50",
    "saving_p90",
    "p_saving",
    "currency",
)
"""The columns of ``planner simulate --csv`` as docs/uncertainty.md documents them."""


def _plots(page: Page) -> Locator:
    return page.get_by_test_id("stPlotlyChart").locator(".js-plotly-plot")


def _open_uncertainty(page: Page, url: str) -> None:
    page.goto(url)
    wait_idle(page, FIRST_LOAD_TIMEOUT_MS)
    expect(metric(page, "In-house TCO")).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
    page.get_by_role("tab", name="Uncertainty").click()
    expect(metric(page, "In-house TCO, P50")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)


def _download(page: Page, key: str) -> tuple[str, pd.DataFrame]:
    button = page.locator(f".st-key-{key}").get_by_role("button")
    with page.expect_download(timeout=RERUN_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    data = Path(download.path()).read_bytes()
    return download.suggested_filename, pd.read_csv(io.BytesIO(data))


def test_the_monte_carlo_draws_its_charts_and_the_engines_median(page: Page, app_url: str) -> None:
    _open_uncertainty(page, app_url)
    sim = simulate(load_scenario(preset_files()["default"]), DEFAULT_DRAWS, DEFAULT_SEED)
    expected = f"USD {round(sim.percentiles()[1, 0]):,}"
    expect(metric(page, "In-house TCO, P50")).to_have_text(expected)
    expect(_plots(page)).to_have_count(2, timeout=RERUN_TIMEOUT_MS)  # TCO, chance
    fan = page.get_by_test_id("stExpander").filter(has_text=FAN_TITLE)
    fan.locator("summary").click()  # the fan and savings charts are drawn when asked for
    expect(_plots(page)).to_have_count(4, timeout=RERUN_TIMEOUT_MS)  # and fan, savings
    for plot in _plots(page).all():
        expect(plot.locator(".main-svg").first).to_be_attached()
    expect(page.get_by_test_id("stPlotlyChart").first).to_contain_text("Total cost of ownership")
    expect(page.locator("[class*='st-key-ranges_editor-']")).to_be_visible()  # ranges in use
    tables = page.locator('[data-testid="stTabPanel"]:visible [data-testid="stDataFrame"]')
    expect(tables).to_have_count(3)  # the ranges, the percentiles and the savings
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_percentiles_csv_arrives_with_the_documented_columns(page: Page, app_url: str) -> None:
    _open_uncertainty(page, app_url)
    name, table = _download(page, "download-uncertainty-percentiles")
    assert name == "default-scenario-percentiles.csv"
    assert tuple(table.columns) == PERCENTILE_COLUMNS
    sim = simulate(load_scenario(preset_files()["default"]), DEFAULT_DRAWS, DEFAULT_SEED)
    assert table["option"].tolist() == list(sim.options)
    assert set(table["draws"]) == {DEFAULT_DRAWS}
    assert set(table["seed"]) == {DEFAULT_SEED}
    assert set(table["currency"]) == {"USD"}
    assert table["p_cheapest"].sum() == pytest.approx(1.0)
    assert table["tco_p50"].tolist() == pytest.approx(sim.percentiles()[1].tolist(), rel=1e-12)


def test_the_tornado_and_the_map_draw_and_the_map_downloads(page: Page, app_url: str) -> None:
    _open_uncertainty(page, app_url)
    sections = page.locator(".st-key-uncertainty-section")
    sections.get_by_role("radio", name="Sensitivity").click()
    wait_idle(page)
    expect(page.get_by_text("Break-even values")).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(_plots(page)).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stPlotlyChart")).to_contain_text("What moves in-house minus")

    sections.get_by_role("radio", name="Break-even map").click()
    wait_idle(page)
    expect(_plots(page)).to_have_count(2, timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    name, table = _download(page, "download-uncertainty-map")
    assert name == "default-scenario-map.csv"
    m = breakeven_map(load_scenario(preset_files()["default"]))
    assert tuple(table.columns) == (
        "organisation.users",
        "organisation.horizon_years",
        "cheapest",
        "inhouse_minus_best_hosted",
        "inhouse_minus_best_hosted_pct",
        "lead_over_second",
        "currency",
    )
    assert len(table) == m.margin.size
    assert table["inhouse_minus_best_hosted"].tolist() == pytest.approx(
        m.margin.reshape(-1).tolist(), rel=1e-12
    )


def test_a_range_typed_into_the_table_reaches_the_link(page: Page, app_url: str) -> None:
    _open_uncertainty(page, app_url)
    before = metric(page, "In-house TCO, P50").inner_text()
    grid = page.locator("[class*='st-key-ranges_editor-']")
    keys = ["ArrowUp"] * 3 + ["ArrowLeft"] * 6 + ["ArrowRight"] * 4  # row 1 (growth), High
    cell = open_cell_editor(page, grid, keys, "12")
    cell.fill("20")
    cell.press("Enter")
    apply_edits(page, ranges_editor.SUBMIT_KEY)  # the table is a form
    expect(page).to_have_url(re.compile(r"[?&]scenario=[A-Za-z0-9_-]+"), timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="uncertainty.ranges")).to_have_count(0)
    shared = decode_scenario(parse_qs(urlparse(page.url).query)["scenario"][0])
    growth = shared.uncertainty.ranges[0]
    assert (growth.field, growth.low, growth.mode, growth.high) == (
        "organisation.growth_pct_per_year",
        0.0,
        5.0,
        20.0,
    )
    sim = simulate(shared, DEFAULT_DRAWS, DEFAULT_SEED)
    expected = f"USD {round(sim.percentiles()[1, 0]):,}"
    expect(metric(page, "In-house TCO, P50")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    assert expected != before


def test_the_sensitivity_and_map_speak_the_sidebars_words(page: Page, app_url: str) -> None:
    """As a person meets it: tornado bars and break-even sentences named
    as in the sidebar (no field paths), an axis that does not start at 0 when no bar reaches
    it, and a sentence under a map with one winner everywhere."""
    _open_uncertainty(page, app_url)
    sections = page.locator(".st-key-uncertainty-section")
    sections.get_by_role("radio", name="Sensitivity").click()
    wait_idle(page)
    expect(_plots(page)).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    tornado = page.get_by_test_id("stPlotlyChart")
    expect(tornado).to_contain_text("Headcount growth (%/year)", timeout=RERUN_TIMEOUT_MS)
    expect(tornado).not_to_contain_text("organisation.growth_pct_per_year")
    expect(tornado).not_to_contain_text("plans.price_per_user_month")
    # Sentences for the 3 largest swings: the in-house FTE anchor (0.5-2.0 FTE, the whole
    # curve halves or doubles), the salary (95,000-160,000) and the backup-only availability
    # (99.5-99.95%). With outage hours weighted by working time the downtime cost per hour
    # swings less and comes sixth.
    sentences = page.get_by_test_id("stMarkdown").filter(has_text="Break-even values")
    expect(sentences).to_contain_text("In-house administrators per 1,000 users (FTE)")
    expect(sentences).to_contain_text("Administrator cost (USD/FTE/year)")
    expect(sentences).not_to_contain_text("Cost of an hour of outage per user (USD)")
    expect(sentences).not_to_contain_text("1,000,000,000")
    expect(sentences).not_to_contain_text("staff.inhouse_fte_per_1000_users")
    expect(sentences).not_to_contain_text("risk.downtime_cost_per_user_hour")

    sections.get_by_role("radio", name="Break-even map").click()
    wait_idle(page)
    expect(_plots(page)).to_have_count(2, timeout=RERUN_TIMEOUT_MS)
    alert = page.get_by_test_id("stAlert").filter(has_text="No break-even on this map")
    expect(alert.first).to_be_visible()
    expect(page.get_by_test_id("stPlotlyChart").nth(1)).to_contain_text(
        "Administrator cost (USD/FTE/year)"
    )
