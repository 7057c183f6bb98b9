"""The HTML report prints whole, in Chromium's print: on A4 and Letter, landscape (the page's
own setting) and portrait (a reader's choice), every chart and every entry of its legend lie
within the printed width.

Printable widths at 96 px an inch with the report's 12 mm margins: A4 landscape 297 - 24 =
273 mm = 1,031.8 px; Letter landscape 279.4 - 24 = 255.4 mm = 965.3 px; A4 portrait 210 - 24
= 186 mm = 703.0 (702.99) px; Letter portrait 215.9 - 24 = 191.9 mm = 725.3 px; whole pixels
rounded down. The charts used to be
redrawn 1,000 px wide for print, with the category legend at their right: on Letter its
entries ("Downtime risk") fell off the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from planner.engine.projection import project_scenario
from planner.model.files import default_scenario
from planner.outputs.content import build_content
from planner.outputs.html import html_bytes

pytestmark = pytest.mark.browser

MM_PER_INCH = 25.4
PX_PER_INCH = 96
MARGIN_MM = 12
PAPERS_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}

_LEGENDS = """() => Array.from(document.querySelectorAll('div.chart')).map(div => ({
  chart: div.querySelector('.main-svg').getBoundingClientRect().right,
  entries: Array.from(div.querySelectorAll('.legend .traces')).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right};
  }),
}))"""


def printable_px(paper: str, landscape: bool) -> int:
    """The page's width less both margins, in CSS pixels (rounded down)."""
    short, long = PAPERS_MM[paper]
    width_mm = (long if landscape else short) - 2 * MARGIN_MM
    return int(width_mm / MM_PER_INCH * PX_PER_INCH)


def test_the_printable_widths_are_the_hand_figures() -> None:
    assert printable_px("A4", True) == 1031
    assert printable_px("Letter", True) == 965
    assert printable_px("A4", False) == 702
    assert printable_px("Letter", False) == 725


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default preset's HTML report, as ``planner report --html`` writes it."""
    scenario = default_scenario()
    content = build_content(scenario, project_scenario(scenario), generated_on=dt.date(2026, 12, 7))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_bytes(html_bytes(content))
    return path


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_legend_entry_is_on_the_printed_page(
    browser: Browser, report: Path, paper: str, landscape: bool
) -> None:
    width = printable_px(paper, landscape)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(report.as_uri())
    page.wait_for_selector("div.chart .legend")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)  # Plotly redraws at the printed width
    charts = page.evaluate(_LEGENDS)
    assert len(charts) == 2
    for chart in charts:
        assert chart["chart"] <= width + 1, chart
        assert chart["entries"], chart
        for entry in chart["entries"]:
            assert entry["left"] >= 0, entry
            assert entry["right"] <= width + 1, entry
    categories = [entry["text"] for entry in charts[1]["entries"]]
    assert "Downtime risk" in categories
    pdf = page.pdf(format=paper, landscape=landscape, print_background=True)
    assert pdf.startswith(b"%PDF")
    page.context.close()
