"""Issue 15: the Overview's every-option table is one static HTML table (one element in the
browser instead of a Markdown element per cell), with names as typed."""

from __future__ import annotations

import pandas as pd
from apptest_helpers import html_table, options_table
from streamlit.testing.v1 import AppTest

from planner.model.files import default_scenario
from ui import tables
from ui.results import results_of
from ui.tables import options_display_table
from ui.views.overview import options_html


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
