"""The HTML report, parsed: self-contained, same figures as the engine, charts that add up.

Hand numbers: tests/unit/hand_case.py, worked in tests/unit/engine/test_projection_hand_case.py
(in-house cash TCO 155,602; hosted "Test Host" 43,580 = 3,000 + 2 x 20,290).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import numpy as np
import pytest
from bs4 import BeautifulSoup

from planner.engine.projection import project_scenario
from planner.engine.summary import Summary, summarise
from planner.model.defaults import SCENARIOS_DIR, assumptions
from planner.model.files import load_scenario
from planner.outputs.chart_style import legend_name, short_names
from planner.outputs.content import build_content
from planner.outputs.html import CHARTS, html_bytes
from tests.unit.hand_case import hand_case

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def soup_of(payload: bytes) -> BeautifulSoup:
    return BeautifulSoup(payload.decode("utf-8"), "html.parser")


def numbers(values: Any) -> list[float]:
    """A Plotly data array: a plain list or plotly's base64 typed array."""
    if isinstance(values, dict) and "bdata" in values:
        return list(np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]))
    return [float(v) for v in values]


def chart_spec(soup: BeautifulSoup, chart_id: str) -> dict[str, Any]:
    script = soup.find("script", id=f"{chart_id}-spec")
    assert script is not None
    assert script.get("type") == "application/json"
    spec: dict[str, Any] = json.loads(script.string)
    return spec


@pytest.fixture(scope="module")
def growing():  # type: ignore[no-untyped-def]
    scenario = load_scenario(SCENARIOS_DIR / "growing_firm.toml")
    projection = project_scenario(scenario)
    return (
        summarise(projection),
        projection,
        soup_of(html_bytes(build_content(scenario, projection))),
    )


@pytest.fixture(scope="module")
def hand():  # type: ignore[no-untyped-def]
    return soup_of(html_bytes(build_content(hand_case())))


class TestSelfContained:
    def test_no_external_script_style_image_or_frame(self, growing) -> None:  # type: ignore[no-untyped-def]
        soup = growing[2]
        for tag in soup.find_all(["script", "img", "iframe", "embed", "object", "source"]):
            assert not tag.get("src"), tag.name
        for link in soup.find_all("link"):
            assert not EXTERNAL.match(link.get("href", "")), link
        for style in soup.find_all("style"):
            assert "@import" not in style.text
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.text)
        for tag in soup.find_all(style=True):
            assert "url(" not in tag["style"]

    def test_plotly_js_is_inline_exactly_once(self, growing) -> None:  # type: ignore[no-untyped-def]
        scripts = [s.string or "" for s in growing[2].find_all("script")]
        library = [s for s in scripts if len(s) > 1_000_000]
        assert len(library) == 1
        assert "Plotly" in library[0]

    def test_prints_cleanly(self) -> None:
        payload = html_bytes(build_content(hand_case())).decode("utf-8")
        assert "@media print" in payload
        assert "@page" in payload
        assert "break-inside: avoid" in payload


def _legend(summary: Summary) -> list[str]:
    """Each option as the report's charts name it: short, marked when it does not fit."""
    shorts = short_names(summary.options)
    return [legend_name(shorts[o], bool(summary.fits[0, j])) for j, o in enumerate(summary.options)]


class TestFigures:
    def test_hand_case_headline_numbers(self, hand) -> None:  # type: ignore[no-untyped-def]
        text = hand.get_text(" ")
        assert "155,602 USD" in text
        assert "43,580 USD" in text
        assert "Difference over 2 years:  112,022 USD" in text  # 155,602 - 43,580

    def test_options_table_equals_the_summary(self, growing) -> None:  # type: ignore[no-untyped-def]
        s, _, soup = growing
        rows = soup.find(id="options-table").find("tbody").find_all("tr")
        assert len(rows) == len(s.options)
        for j, row in enumerate(rows):
            cells = row.find_all("td")
            assert cells[0].get_text().startswith(s.options[j])
            assert float(cells[1]["data-value"]) == pytest.approx(s.tco[0, j], rel=1e-12)
            assert cells[1].get_text() == f"{round(s.tco[0, j]):,}"
            assert float(cells[3]["data-value"]) == pytest.approx(s.npv[0, j], rel=1e-12)
            assert cells[4].get_text() == f"{s.cost_per_user_month[0, j]:,.2f}"
        cheapest = int(s.cheapest[0])
        assert "cheapest" in rows[cheapest].get("class", [])

    def test_legends_sit_below_the_plot_with_short_names_and_marks(self, growing) -> None:  # type: ignore[no-untyped-def]
        """growing_firm outgrows the 300-user cap of the Microsoft 365 and Google Business
        plans from year 3, so those six are marked; the legend is in rows at the chart's foot."""
        _, _, soup = growing
        for chart in ("chart-cumulative", "chart-categories"):
            legend = chart_spec(soup, chart)["layout"]["legend"]
            assert (legend["orientation"], legend["yref"], legend["y"]) == ("h", "container", 0)
        names = [t["name"] for t in chart_spec(soup, "chart-cumulative")["data"]]
        assert "M365 Business Basic (does not fit)" in names
        assert "Google Starter (does not fit)" in names
        assert "Exchange Online P1" in names
        assert max(map(len, names)) <= 36 + len(" (does not fit)")

    def test_cumulative_chart_ends_at_each_tco(self, growing) -> None:  # type: ignore[no-untyped-def]
        s, projection, soup = growing
        spec = chart_spec(soup, "chart-cumulative")
        traces = {t["name"]: t for t in spec["data"]}
        assert list(traces) == _legend(s)
        horizon = int(projection.horizon[0])
        for j, option in enumerate(_legend(s)):
            assert numbers(traces[option]["x"]) == list(range(horizon + 1))
            y = numbers(traces[option]["y"])
            np.testing.assert_allclose(y, s.cumulative[0, j, : horizon + 1])
            assert y[-1] == pytest.approx(s.tco[0, j])

    def test_category_chart_bars_sum_to_each_tco(self, growing) -> None:  # type: ignore[no-untyped-def]
        s, _, soup = growing
        spec = chart_spec(soup, "chart-categories")
        assert spec["layout"]["barmode"] == "relative"
        sums = np.zeros(len(s.options))
        for trace in spec["data"]:
            assert list(trace["x"]) == _legend(s)
            sums += np.array(numbers(trace["y"]))
        np.testing.assert_allclose(sums, s.tco[0])

    def test_hand_case_category_bars(self, hand) -> None:  # type: ignore[no-untyped-def]
        """Test Host over 2 years: licences 2 x 6,000, expertise 2 x 5,050, connectivity
        2 x 480, downtime 2 x 8,760, migration 3,000."""
        spec = chart_spec(hand, "chart-categories")
        host = {t["name"]: numbers(t["y"])[1] for t in spec["data"]}
        assert {k: v for k, v in host.items() if v} == pytest.approx(
            {
                "Licences & subscriptions": 12000,
                "Expertise (staff, training)": 10100,
                "Connectivity": 960,
                "Downtime risk": 17520,
                "Migration & one-time": 3000,
            }
        )

    def test_every_chart_has_its_element(self, hand) -> None:  # type: ignore[no-untyped-def]
        for chart_id, _ in CHARTS:
            assert hand.find("div", id=chart_id) is not None

    def test_every_table_of_the_workbook_is_there(self, growing) -> None:  # type: ignore[no-untyped-def]
        soup = growing[2]
        for table_id in (
            "headline-table",
            "options-table",
            "yearly-table",
            "quantities-table",
            "plans-table",
            "assumptions-table",
        ):
            assert soup.find(id=table_id) is not None, table_id
        rows = soup.find(id="assumptions-table").find("tbody").find_all("tr")
        assert len(rows) == len(assumptions())
        changed = [r for r in rows if "changed" in r.get("class", [])]
        assert {r.find_all("td")[1].get_text() for r in changed} >= {
            "organisation.users",
            "organisation.growth_pct_per_year",
        }
        assert {r.find("td").get_text() for r in changed} >= {
            "Users today",
            "Headcount growth (%/year)",
        }


def test_names_are_escaped_not_markup() -> None:
    name = "</script><script>alert(1)</script><b>x</b>"
    plan = {
        "provider": "<img src=x onerror=alert(2)>",
        "plan": "P",
        "price_per_user_month": 5.0,
        "mailbox_gb": 50.0,
        "attachment_mb": 25.0,
        "sla_pct": 99.9,
    }
    payload = html_bytes(build_content(hand_case(name=name, plans=[plan])))
    soup = soup_of(payload)
    # 1 plotly.js + 1 spec per chart + 1 renderer: the name added no script and no image
    assert len(soup.find_all("script")) == 2 + len(CHARTS)
    assert soup.find_all("img") == []
    assert soup.find("b") is None
    assert soup.find("h1").get_text() == f"Exchange Cost Planner: {name}"
    for chart_id, _ in CHARTS:
        chart_spec(soup, chart_id)  # the JSON still parses: nothing closed its script early


def test_a_plan_name_with_markup_is_shown_as_typed_in_the_charts() -> None:
    """Plotly reads a little HTML in trace names: a typed <b>...</b> must stay literal text."""
    from planner.outputs.figures import cumulative_cost_figure

    plan = {**dict(hand_case().plans[0].model_dump()), "plan": "<b>Quote</b>"}
    content = build_content(hand_case(plans=[plan]))
    names = [trace.name for trace in cumulative_cost_figure(content).data]
    assert "Test &lt;b&gt;Quote&lt;/b&gt;" in names
