"""The browser app of the Exchange Cost Planner (Streamlit + Plotly).

Only this package imports streamlit. Layout, in the order data flows:

    fields      a registry field as a grid column (planner.model.fields describes them)
    state       the scenario on screen: presets, uploads, links (query parameters)
    guided_start       a first visit's five plain questions, before anything else
    sidebar     preset, scenario file in and out, key inputs, all assumptions
    catalogue_editor   the hosted plans as an editable table
    segments_editor    the user segments as an editable table
    ranges_editor      the uncertainty ranges as an editable table
    grid_form          the "Apply changes" button and note of those three tables
    scenario_library   the scenarios kept in the session for comparison
    report_downloads   the summary CSV, Excel and HTML downloads of the sidebar
    results     engine calls for the views (pure);  compute: the same, cached
    figures     Plotly figures (pure);  tables: DataFrames (pure);  formats: numbers as text
    loaded_cost        list price to loaded cost per user-month (pure)
    option_choice      which options a chart shows (pure)
    segment_tables, segment_figures   the Segments tab's tables and chart (pure)
    uncertainty_figures, uncertainty_text   the Uncertainty tab's charts and words (pure)
    views       the tabs, registered in ``ui.views.TABS``
    page        one run of the page
    launch      starts the app from Streamlit's command line (``planner app``)
    server_guard       refuses a browser's request to clear the shared caches

The analyses the views show live in ``planner.analyses`` (pure, shared with the command
line); ``ui`` never imports ``planner.cli``.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

from ui.formats import plain
from ui.server_guard import refuse_cache_clearing

refuse_cache_clearing()  # before anything is cached: no browser may clear every user's caches
STRICT_ENV = "PLANNER_APP_STRICT"
"""Set (to 1) to let unexpected exceptions through instead of a friendly message (tests)."""

_LOG = logging.getLogger(__name__)


def main() -> None:
    """Render the page; an unexpected error becomes a short message, never a traceback."""
    from ui import page

    try:
        page.render()
    except Exception as exc:
        if os.environ.get(STRICT_ENV, "") not in ("", "0"):
            raise
        _LOG.exception("the page failed to render")
        st.error(
            f"Something went wrong while drawing the page ({type(exc).__name__}: "
            f"{plain(exc)}). "
            "Your inputs are kept: change a value, choose a preset again or reload the page."
        )
