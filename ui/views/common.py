"""Small helpers the views share: charts, money columns, inputs that survive tab switches."""

from __future__ import annotations

import time
from typing import Any, Final

import plotly.graph_objects as go
import streamlit as st

CHART_CONFIG = {"displaylogo": False, "responsive": True}
PAINT_PAUSE_S: Final = 0.06
"""How long :func:`let_the_browser_paint` holds the rest of a rerun back (seconds)."""


def let_the_browser_paint() -> None:
    """Hold the rest of the rerun back for ``PAINT_PAUSE_S`` so the browser paints what was
    sent so far (a headline, a first chart) before the charts below arrive.

    The browser commits the elements that land within a few ms of each other together, and
    each Plotly chart in a commit redraws in it (50-80 ms each, measured): without a pause
    the new metric is painted only after both Overview charts have redrawn (about 310 ms
    after Enter, in the page), with 60 ms it is painted at about 150 ms and the charts follow
    (``benchmarks/bench_browser.py``, README Performance). Only with a browser
    attached: a session without request headers (AppTest) has nothing to paint.
    """
    if st.context.headers:
        time.sleep(PAINT_PAUSE_S)


def chart(figure: go.Figure, key: str) -> None:
    """Show a Plotly figure as built (its own colours and template), full width."""
    st.plotly_chart(figure, key=key, theme=None, config=CHART_CONFIG)


def money_columns(columns: list[str], currency: str, digits: int = 0) -> dict[str, Any]:
    """Column config showing money with thousands separators and the currency in the title."""
    fmt = "localized" if digits == 0 else "%.2f"
    return {
        name: st.column_config.NumberColumn(f"{name} ({currency})", format=fmt) for name in columns
    }


def kept(key: str, default: Any) -> None:
    """Give a widget inside a tab the value it had when its tab was last open.

    Only the open tab runs, and Streamlit forgets a widget that did not run; a shadow copy
    (``_kept:<key>``, written by :func:`keep`) brings the value back.
    """
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(f"_kept:{key}", default)


def keep(key: str) -> None:
    """on_change callback pairing with :func:`kept`."""
    st.session_state[f"_kept:{key}"] = st.session_state[key]
