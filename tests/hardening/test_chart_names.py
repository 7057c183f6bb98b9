"""Markup in names never reaches a chart as markup.

Plotly reads a few HTML tags in any text it draws: ``<a href>`` is a clickable link, ``<span
style>`` restyles, ``<b>`` is bold. A plan named ``<a href="https://evil.example/">Renew</a>``
or ``<b>B</b><span style="font-size:90px">BIG</span>`` (typed, uploaded or in a link) used to
become a link and styled text in the app's legends on every tab and in the HTML report's
category axis. Every figure, in the app and in the reports, now gets names through
``planner.outputs.chart_style.chart_text``: the tags arrive as entities (``&lt;a ...``),
which Plotly draws as the characters typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner.analyses.breakeven_map import breakeven_map
from planner.analyses.comparison import compare
from planner.analyses.sensitivity import tornado
from planner.analyses.simulation import simulate
from planner.cli import main
from planner.engine.projection import project_scenario
from planner.model.defaults import catalogue
from planner.model.files import from_data, with_values
from planner.model.scenario import Scenario
from planner.outputs.chart_style import chart_text, option_colours, short_name
from planner.outputs.content import build_content
from planner.outputs.figures import (
    category_cost_figure,
    comparison_cumulative_figure,
    cumulative_cost_figure,
)
from ui import state
from ui.uncertainty_figures import (
    breakeven_map_figure,
    cheapest_figure,
    fan_figure,
    savings_figure,
    tco_range_figure,
    tornado_figure,
)
from ui.views import TABS
from ui.views.uncertainty import SECTION_KEY, SECTIONS

LINK_PLAN = '<a href="https://evil.example/">Renew</a>'
STYLED_PROVIDER = '<b>B</b><span style="font-size:90px">BIG</span>'
TEMPLATE_NAME = "%{y} & co"
HOSTILE_MARKUP = re.compile(r"<\s*(a|span|b|i|em|sup|sub|s|u)\b[^>]*>", re.IGNORECASE)
"""An opening Plotly tag: the figures' own templates use only <br> and <extra>."""


def _hostile_scenario() -> Scenario:
    """The default scenario with two hostile plans added, and ranges naming one of them."""
    base = catalogue()[0].model_dump(exclude_none=True)
    link = base | {"provider": "Acme", "plan": LINK_PLAN, "price_per_user_month": 1.0}
    styled = base | {"provider": STYLED_PROVIDER, "plan": TEMPLATE_NAME}
    plans = [link, styled, *(p.model_dump(exclude_none=True) for p in catalogue()[:2])]
    label = f"Acme {LINK_PLAN}"
    ranges = [
        {"field": "organisation.users", "low": 100, "mode": 200, "high": 400},
        {"field": "plans.price_per_user_month", "plan": label, "low": 0.5, "mode": 1, "high": 9},
    ]
    return from_data(
        {"name": f"Scenario {LINK_PLAN}", "plans": plans, "uncertainty": {"ranges": ranges}}
    )


SCENARIO = _hostile_scenario()


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)


def _assert_inert(figure_json: Any) -> None:
    texts = list(_strings(figure_json))
    raw = [t for t in texts if HOSTILE_MARKUP.search(t)]
    assert raw == [], f"markup from a name reached the figure: {raw[:3]}"
    assert not [t for t in texts if "%{y} & co" in t], "a name was left as a hover template"


def _as_json(fig: Any) -> Any:
    return json.loads(fig.to_json())


# ---------------------------------------------------------------------------
# The escaping function
# ---------------------------------------------------------------------------


def test_chart_text_turns_tags_entities_and_templates_inert() -> None:
    assert chart_text(LINK_PLAN) == '&lt;a href="https://evil.example/"&gt;Renew&lt;/a&gt;'
    assert chart_text("AT&T") == "AT&amp;T"  # Plotly draws &amp; as &
    assert chart_text("%{y}") == "%&#123;y}"  # Plotly draws &#123; as {
    assert chart_text("Zürich Büro") == "Zürich Büro"


# ---------------------------------------------------------------------------
# Report figures (the HTML report, both from the app and from planner report --html)
# ---------------------------------------------------------------------------


def test_report_figures_carry_names_escaped() -> None:
    content = build_content(SCENARIO, project_scenario(SCENARIO), generated_on=dt.date(2026, 1, 1))
    for build in (cumulative_cost_figure, category_cost_figure):
        shown = _as_json(build(content))
        _assert_inert(shown)
        # legends and axes name it by its short name, cut to 36 characters
        assert any(chart_text(short_name(f"Acme {LINK_PLAN}")) in t for t in _strings(shown))
    bars = _as_json(category_cost_figure(content))["data"][0]["x"]
    assert chart_text(short_name(f"Acme {LINK_PLAN}")) in bars  # the category axis
    hover = _strings(_as_json(cumulative_cost_figure(content)))
    assert any(chart_text(f"Acme {LINK_PLAN}") in t for t in hover)  # whole in the hover


def test_the_comparison_figure_carries_names_escaped() -> None:
    other = with_values(SCENARIO, {"name": "Other <span style='color:red'>x</span>"})
    _assert_inert(_as_json(comparison_cumulative_figure(compare([SCENARIO, other]))))


def test_planner_report_html_has_no_live_markup_from_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.model.files import save_scenario

    path = save_scenario(SCENARIO, tmp_path / "hostile.toml")
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--html", str(out)]) == 0
    capsys.readouterr()
    page = out.read_text(encoding="utf-8")
    assert '<a href="https://evil.example/' not in page
    assert '<span style="font-size:90px">' not in page
    assert not re.search(r'<a href=\\"https://evil', page), "a live link in the figure JSON"
    assert not re.search(r"\\u003ca href", page, re.IGNORECASE), "a live link, JSON-escaped"


# ---------------------------------------------------------------------------
# Uncertainty figures
# ---------------------------------------------------------------------------


def test_uncertainty_figures_carry_names_escaped() -> None:
    sim = simulate(SCENARIO, draws=300, seed=1)
    colours = option_colours(sim.options)
    hostile = sim.options[1]
    figures = [
        fan_figure(sim, colours, [sim.options[0], hostile]),
        tco_range_figure(sim, colours),
        cheapest_figure(sim, colours),
        savings_figure(sim, colours, [hostile, sim.options[2]]),
        tornado_figure(tornado(SCENARIO)),
        breakeven_map_figure(breakeven_map(SCENARIO)),
    ]
    for fig in figures:
        _assert_inert(_as_json(fig))


# ---------------------------------------------------------------------------
# The app, every tab (the scenario arrives by a shared link)
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _strict_app(strict_app: None) -> None:
    """Unexpected exceptions reach ``at.exception`` instead of a friendly message."""


def _charts(at: AppTest) -> list[Any]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.mark.slow  # runs the page on every tab
def test_every_chart_on_every_tab_shows_names_as_typed(new_app: Callable[[], AppTest]) -> None:
    at = new_app()
    at.query_params["scenario"] = state.encode_scenario(SCENARIO)
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    seen = 0
    for title, _ in TABS:
        at.session_state["view"] = title
        at.run()
        sections = SECTIONS if title == "Uncertainty" else (None,)
        for section in sections:
            if section is not None:
                at.segmented_control(key=SECTION_KEY).set_value(section).run()
            assert not at.exception, (title, section)
            for chart in _charts(at):
                _assert_inert(chart)
                seen += 1
    assert seen >= 12, "the tabs draw their charts"


# ---------------------------------------------------------------------------
# Markdown text: an address in a name leaves no stray backslash
# ---------------------------------------------------------------------------

URL_NAME = "Renew at https://evil.example/[x] or www.evil.example, mail me@evil.example"
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def test_plain_escapes_where_a_bare_address_would_start_a_link() -> None:
    """The Markdown parser makes a link of ``https://...`` before escapes are resolved, and
    the link text kept them (``https://evil.example/\\[x\\]``); with the ``:`` of ``://``,
    the ``.`` of ``www.`` and ``@`` escaped, none starts there (tests/browser checks the page)."""
    from ui.formats import plain

    shown = plain(URL_NAME)
    assert MARKDOWN_ESCAPE.sub(r"\1", shown) == URL_NAME
    assert re.search(r"(?<!\\):(?=//)", shown) is None
    assert "www." not in shown
    assert re.search(r"(?<!\\)@", shown) is None
