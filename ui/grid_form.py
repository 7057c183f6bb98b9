"""The "Apply changes" button and note shared by the editable grids (plans, segments, ranges).

Each grid holds its commits in the browser (``st.data_editor(on_change="ignore")``): a cell
commit reruns nothing, so no keystroke typed into the next cell is lost to a rerun, and the
edits of every cell reach the app together on the next rerun, the one "Apply changes" starts
(or one any other input starts: a sidebar input, another tab). A grid inside a tab (the
ranges) is not drawn on another tab, so its edits not yet applied are dropped when the tab
changes; the plans and segments grids, above the tabs, keep them and apply them then (but
not when their expander is closed first: a closed grid is not drawn).
(An ``st.form`` was tried first: a click on its submit button right after a cell commit
was sometimes lost, with the edits.)
"""

from __future__ import annotations

import streamlit as st

APPLY_LABEL = "Apply changes"
NOTE_ABOVE_TABS = (
    "Edits apply together when you press Apply changes (nothing reruns while you type); "
    "changing another input or the tab applies them too, closing the table first drops them."
)
NOTE_IN_TAB = (
    "Edits apply together when you press Apply changes (nothing reruns while you type). "
    "Press it before leaving this tab: edits not yet applied are dropped then."
)


def apply_button(key: str, note: str = NOTE_ABOVE_TABS) -> bool:
    """The grid's "Apply changes" button and the note under it; True on the run it was
    pressed (the rerun it starts is what brings the grid's edits)."""
    pressed = st.button(APPLY_LABEL, key=key, type="primary")
    st.caption(note)
    return pressed
