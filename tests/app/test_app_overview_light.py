"""Issue 15: the Overview's waterfall (list price -> loaded cost) is drawn only while its
expander is open; its sentence is always there; the expander stays open across tab switches
and its chart follows the inputs. The every-option table is one static HTML table."""

from __future__ import annotations

import json

import pandas as pd
from apptest_helpers import assert_clean, html_table, options_table
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario, with_values
from ui import tables
from ui.results import results_of
from ui.tables import options_display_table
from ui.views.overview import LOADED_COST_OPEN_KEY, LOADED_COST_TITLE, options_html

CHART = "chart:overview:loaded_cost"


def _waterfalls(at: AppTest) -> list[dict[str, object]]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(CHART)]


def _sentence(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption if "per user per month once" in str(c.value)]


def test_the_waterfall_is_drawn_only_while_its_expander_is_open(app: AppTest) -> None:
    assert LOADED_COST_TITLE in [e.label for e in app.expander]
    assert _waterfalls(app) == []
    assert len(_sentence(app)) == 1
    app.session_state[LOADED_COST_OPEN_KEY] = True
    app.run()
    assert_clean(app)
    assert len(_waterfalls(app)) == 1
    assert len(_sentence(app)) == 1
    app.session_state[LOADED_COST_OPEN_KEY] = False
    app.run()
    assert _waterfalls(app) == []


def test_the_open_expander_survives_a_tab_switch(app: AppTest) -> None:
    app.session_state[LOADED_COST_OPEN_KEY] = True
    app.run()
    app.session_state["view"] = "Costs by year"
    app.run()
    assert _waterfalls(app) == []  # only the open tab is drawn
    app.session_state["view"] = "Overview"
    app.run()
    assert_clean(app)
    assert len(_waterfalls(app)) == 1


def test_the_open_waterfall_follows_the_inputs(app: AppTest) -> None:
    """600 users: the in-house loaded cost is the engine's cost per user per month."""
    app.session_state[LOADED_COST_OPEN_KEY] = True
    app.number_input(key="field:organisation.users").set_value(600).run()
    assert_clean(app)
    (spec,) = _waterfalls(app)
    inhouse = spec["data"][0]  # type: ignore[index]
    s = summarise(project_scenario(with_values(default_scenario(), {"organisation.users": 600})))
    assert inhouse["y"][-1] == s.cost_per_user_month[0, 0]


def test_the_every_option_table_is_one_html_table_of_every_option(app: AppTest) -> None:
    """One ``st.html`` element, not a Markdown element per cell: the default preset's 12
    options, the display columns, money as the display table formats it."""
    assert len(app.tabs[0].table) == 0
    table = options_table(app)
    r = results_of(default_scenario())
    shown = options_display_table(tables.options_table(r, default_scenario().plans), "USD")
    assert list(table.columns) == list(shown.columns)
    assert len(table) == len(r.options) == 12
    assert table["TCO (USD)"].tolist() == shown["TCO (USD)"].tolist()
    assert table["Option"].tolist() == list(r.options)


def test_the_html_table_shows_names_as_typed_and_never_as_markup() -> None:
    """A name with markup and Markdown characters is escaped once for HTML: the parsed cell
    is the name as typed; numbers are right-aligned, text left."""
    frame = pd.DataFrame(
        {
            "Option": ['<b>Evil</b> & "*Co*"'],
            "Fits as is": ["yes"],
            "Per user per month": [4.5],
            "TCO": [1234.4],
            "Saving against in-house": [-10.0],
            "In-house breaks even": ["year 2"],
            "NPV": [1000.0],
            "Capex": [0.0],
            "Opex": [1234.4],
            "Residual value": [0.0],
            "Notes": ["a_b **c**"],
        }
    )
    body = options_html(frame, "EUR")
    assert "<b>" not in body
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;*Co*&quot;" in body
    parsed = html_table(body)
    assert parsed["Option"].tolist() == ['<b>Evil</b> & "*Co*"']
    assert parsed["Notes"].tolist() == ["a_b **c**"]
    assert parsed["TCO (EUR)"].tolist() == ["1,234"]  # whole units with separators
    assert parsed["Per user per month (EUR)"].tolist() == ["4.50"]
    assert 'text-align:right">1,234</td>' in body
    assert 'text-align:left">yes</td>' in body
