"""The app in a real browser: what a person sees, changes, downloads and shares.

Expected numbers come from the engine (``planner``) directly, not from the app's code.
Set ``PLANNER_UPDATE_SCREENSHOT=1`` to also write the Overview to docs/screenshot.png.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario, parse_text, with_values
from planner.outputs.chart_style import INHOUSE_COLOUR, PLAN_PALETTE, short_names
from planner.outputs.long_table import CSV_COLUMNS
from tests.browser.page import RERUN_TIMEOUT_MS, metric, open_app, wait_idle
from ui.views import TABS

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
METRICS = (
    "In-house TCO",
    "Cheapest hosted TCO",
    "Saving with hosted",
    "In-house breaks even",
    "In-house per user per month",
    "Hosted per user per month",
)


def _usd(amount: float) -> str:
    return f"USD {round(amount):,}"


def _inhouse_tco(updates: dict[str, object]) -> float:
    return float(summarise(project_scenario(with_values(default_scenario(), updates))).tco[0, 0])


def _metrics(page: Page) -> dict[str, str]:
    return {label: metric(page, label).inner_text().strip() for label in METRICS}


def test_the_page_shows_the_metrics_and_the_chart(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    expect(metric(page, "In-house TCO")).to_have_text(_usd(_inhouse_tco({})))
    for label in METRICS:
        expect(metric(page, label)).to_be_visible()
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    expect(chart).to_contain_text("Cumulative cost (USD)")
    expect(page.get_by_role("tab")).to_have_count(len(TABS))
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_slider_change_updates_the_metrics(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    slider = page.locator(".st-key-field-organisation-horizon_years input[type=range]")
    expect(slider).to_have_value("5")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(slider).to_have_value("4")
    expected = _usd(_inhouse_tco({"organisation.horizon_years": 4}))
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_csv_download_arrives_with_the_documented_columns(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    tco = metric(page, "In-house TCO").inner_text()
    button = page.locator(".st-key-download_csv").get_by_role("button")
    with page.expect_download(timeout=RERUN_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "default-scenario-costs.csv"
    path = download.path()
    table = pd.read_csv(io.BytesIO(Path(path).read_bytes()))
    assert tuple(table.columns) == CSV_COLUMNS
    assert set(table["scenario"]) == {"Default scenario"}
    assert set(table["currency"]) == {"USD"}
    assert set(table["kind"]) <= {"capital", "operating", "residual"}
    assert table["year"].min() == 0
    assert table["year"].max() == 5
    inhouse = table.loc[table["option"] == "In-house Exchange", "cost"].sum()
    assert abs(inhouse - float(tco.removeprefix("USD ").replace(",", ""))) <= 1


def test_a_shared_link_reopens_the_same_numbers(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    users = page.locator(".st-key-field-organisation-users input")
    users.fill("640")
    users.press("Enter")
    expected = _usd(_inhouse_tco({"organisation.users": 640}))
    expect(metric(page, "In-house TCO")).to_have_text(expected, timeout=RERUN_TIMEOUT_MS)
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"[?&]scenario=[A-Za-z0-9_-]+"), timeout=RERUN_TIMEOUT_MS)
    shown = _metrics(page)
    link = page.url

    other = page.context.new_page()
    open_app(other, link)
    expect(metric(other, "In-house TCO")).to_have_text(expected)
    assert _metrics(other) == shown
    expect(other.locator(".st-key-field-organisation-users input")).to_have_value("640")
    other.close()


def test_a_bad_upload_shows_a_message_and_a_good_one_loads(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    before = metric(page, "In-house TCO").inner_text()
    uploader = page.locator(".st-key-upload input[type=file]")
    uploader.set_input_files(
        files=[
            {
                "name": "bad.toml",
                "mimeType": "application/toml",
                "buffer": b"[organisation]\nusers = -5\n",
            }
        ]
    )
    alert = page.get_by_test_id("stAlert").filter(
        has_text="bad.toml: Users today (organisation.users) = -5"
    )
    expect(alert).to_be_visible(timeout=RERUN_TIMEOUT_MS)
    expect(alert).to_contain_text("allowed: a whole number from 1 to 1,000,000")
    expect(metric(page, "In-house TCO")).to_have_text(before)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    good = b'name = "Uploaded"\n[organisation]\nusers = 1500\n'
    uploader.set_input_files(
        files=[{"name": "good.toml", "mimeType": "application/toml", "buffer": good}]
    )
    tco = float(summarise(project_scenario(parse_text(good, "good.toml"))).tco[0, 0])
    expect(metric(page, "In-house TCO")).to_have_text(_usd(tco), timeout=RERUN_TIMEOUT_MS)
    expect(page.locator(".st-key-field-organisation-users input")).to_have_value("1500")


def test_every_tab_opens_without_an_exception(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    for name in ("Costs by year", "Storage", "Scalability", "Disaster recovery", "Assumptions"):
        page.get_by_role("tab", name=name).click()
        expect(page).to_have_url(re.compile(r"view="), timeout=RERUN_TIMEOUT_MS)
        wait_idle(page)
        panel = page.get_by_role("tabpanel")
        expect(panel.get_by_test_id("stElementContainer").first).to_be_visible(
            timeout=RERUN_TIMEOUT_MS
        )
        expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(0)  # Assumptions: tables only


VIEWPORT = {"width": 1440, "height": 2000}
"""A laptop screen's width, tall enough for the answer, the metrics and the cumulative-cost
chart under them: the size of docs/screenshot.png."""
LEAST_PIXELS_OF_A_LINE = 200
"""An option's colour drawn in at least this many exact pixels: its line or bar is on screen
(a 2 px line across a 600 px chart is well over a thousand)."""


def _hex_pixels(image: Image.Image) -> Counter[str]:
    """How many pixels of each exact colour, as ``#rrggbb``."""
    colours = image.convert("RGB").getcolors(maxcolors=image.width * image.height) or []
    return Counter({f"#{r:02x}{g:02x}{b:02x}": count for count, (r, g, b) in colours})


def test_the_overview_screenshot(browser: Browser, app_url: str, tmp_path: Path) -> None:
    """A laptop-sized picture of the Overview that shows the app as a person sees it: the
    headline, no error, and the charts drawn (in-house's colour and at least three plan
    colours on screen). docs/screenshot.png is replaced by it when asked for."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    open_app(page, app_url)
    expect(page.get_by_test_id("stPlotlyChart").locator(".main-svg").first).to_be_attached(
        timeout=RERUN_TIMEOUT_MS
    )
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_timeout(1500)  # let Plotly finish its first draw
    shot = tmp_path / "overview.png"
    page.screenshot(path=str(shot))
    context.close()
    with Image.open(shot) as image:
        assert image.format == "PNG"
        assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
        pixels = _hex_pixels(image)
    assert pixels[INHOUSE_COLOUR] >= LEAST_PIXELS_OF_A_LINE
    drawn = [c for c in PLAN_PALETTE if pixels[c] >= LEAST_PIXELS_OF_A_LINE]
    assert len(drawn) >= 3, f"plan colours on screen: {drawn}"
    if os.environ.get("PLANNER_UPDATE_SCREENSHOT", "") not in ("", "0"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


def test_the_dr_tab_shows_sla_and_expected_availability_of_every_plan(
    page: Page, app_url: str
) -> None:
    """Each plan's bar is labelled with its SLA and the availability it is priced at, and the
    caption says the SLA is a floor whose credits are not counted."""
    open_app(page, app_url)
    page.get_by_role("tab", name="Disaster recovery").click()
    wait_idle(page)
    panel = page.get_by_role("tabpanel")
    chart = panel.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=RERUN_TIMEOUT_MS)
    plans = default_scenario().plans
    shorts = short_names([plan.label for plan in plans])
    for plan in plans:  # the short name, then the SLA on a second line, above the bar
        label = (
            f"{shorts[plan.label]}"
            f"(SLA {plan.sla_pct:g}%, expected {plan.expected_availability_pct:g}%)"
        )
        expect(chart.get_by_text(label, exact=True)).to_have_count(1, timeout=RERUN_TIMEOUT_MS)
    expect(panel.get_by_text("what the SLA pays back", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
