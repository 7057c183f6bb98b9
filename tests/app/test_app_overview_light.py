"""The Overview's every-option table is one Markdown table (one element in the
browser instead of a Markdown element per cell), with names as typed."""

from __future__ import annotations

import pandas as pd
from apptest_helpers import markdown_table, options_table
from streamlit.testing.v1 import AppTest

from planner.model.files import default_scenario
from ui import tables
from ui.results import results_of
from ui.tables import options_display_table
from ui.views.overview import options_markdown


def test_the_every_option_table_is_one_markdown_table_of_every_option(app: AppTest) -> None:
    """One Markdown element, not a Markdown element per cell: the default preset's 13
    options (in-house and 12 catalogue plans), the display columns, money as the display
    table formats it."""
    assert len(app.tabs[0].table) == 0
    table = options_table(app)
    r = results_of(default_scenario())
    shown = options_display_table(tables.options_table(r, default_scenario().plans), "USD")
    assert list(table.columns) == list(shown.columns)
    assert len(table) == len(r.options) == 13
    assert table["TCO (USD)"].tolist() == shown["TCO (USD)"].tolist()
    assert table["Option"].tolist() == list(r.options)


def test_the_markdown_table_shows_names_as_typed_and_never_as_markup() -> None:
    """A name with markup, Markdown and a pipe is escaped for Markdown: it cannot end its
    cell or make bold text or a tag, and reads back as typed; numbers are right-aligned
    (``---:``), text left (``---``)."""
    name = '<b>Evil</b> | "**Co**"'
    frame = pd.DataFrame(
        {
            "Option": [name],
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
    text = options_markdown(frame, "EUR")
    head, rule, row = text.splitlines()
    assert head.startswith("| Option | Fits as is | Per user per month (EUR) | TCO (EUR) |")
    assert rule == "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|"
    assert row.startswith('| \\<b\\>Evil\\</b\\> \\| "\\*\\*Co\\*\\*" | yes | 4.50 | 1,234 |')
    parsed = markdown_table(text)
    assert parsed.shape == (1, 11)
    assert parsed["Option"].tolist() == [name]
    assert parsed["Notes"].tolist() == ["a_b **c**"]
    assert parsed["TCO (EUR)"].tolist() == ["1,234"]  # whole units with separators
    assert parsed["Saving against in-house (EUR)"].tolist() == ["-10"]
