"""The submit button and note shared by the editable grids (plans, segments, ranges).

Each grid sits in an ``st.form``: typing in a cell reruns nothing, so no keystroke is lost
to a rerun, and the edits of every cell are applied together when "Apply changes" is
pressed. Edits not yet applied live only in the browser: leaving the tab, closing the
grid's expander or loading a scenario before pressing the button drops them (the note under
each grid says so).
"""

from __future__ import annotations

import streamlit as st

APPLY_LABEL = "Apply changes"
NOTE = (
    "Edits apply together when you press Apply changes (nothing reruns while you type). "
    "Edits not yet applied are dropped if you leave this tab, close the table or load a "
    "scenario first."
)


def apply_button(key: str) -> bool:
    """The form's submit button and the note under it; True on the run it was pressed."""
    pressed = st.form_submit_button(APPLY_LABEL, key=key, type="primary")
    st.caption(NOTE)
    return pressed
