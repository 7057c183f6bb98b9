"""The user segments as an editable table: groups of users, each with its own mailbox and
the places it may go (README, Methodology: segments and hybrid).

:func:`segments_frame` turns segments into the table, :func:`segments_from_frame` reads the
edited table back, validating each row through :class:`planner.model.scenario.Segment`; a
bad row gives a one-line message naming the row, the field, the value and what is allowed.
Checks across rows (names unique, users that make up the organisation, places that exist)
are the scenario's and are shown with the other input problems. :func:`table` draws the
table in an expander that is drawn only while open, as the plans table is, and keeps what
was typed while it is closed or invalid. Edits apply together on "Apply changes"
(:mod:`ui.grid_form`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.model.field_errors import describe
from planner.model.fields import segment_spec
from planner.model.scenario import INHOUSE_PLACEMENT, MAX_SEGMENTS, SEGMENT_FIELDS, Segment
from ui import state
from ui.fields import grid_column
from ui.formats import plain
from ui.grid_form import apply_button

COLUMNS: tuple[str, ...] = ("name", *SEGMENT_FIELDS, "data_region", "allowed")
"""The table's columns: the Segment fields in the model's order."""
EDITOR_KEY_PREFIX = "segments_editor"
SUBMIT_KEY = "segments_apply"
OPEN_KEY = "segments_open"
"""Key of the expander holding the segments table (True while it is open)."""
_EDITED = "_segments_edited"  # (editor version, the table as last edited)
_START = "_segments_start"  # (editor version, the table the open editor started from)
_INT_FIELDS = ("users",)
_FLOAT_FIELDS = tuple(name for name in SEGMENT_FIELDS if name not in _INT_FIELDS)


def editor_key(version: int) -> str:
    """Key of the table widget; the version changes only when a scenario is loaded."""
    return f"{EDITOR_KEY_PREFIX}:{version}"


def segments_frame(segments: Sequence[Segment]) -> pd.DataFrame:
    """One row per segment, one column per Segment field (empty = the organisation's)."""
    rows = [s.model_dump() for s in segments]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in SEGMENT_FIELDS:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    frame["name"] = frame["name"].astype("object")
    frame["allowed"] = pd.Series([list(s.allowed) for s in segments], dtype="object")
    return frame


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _places(value: Any) -> list[str]:
    """The allowed cell as a list of place names (a list, or text separated by commas)."""
    if _blank(value):
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    return [str(p).strip() for p in value if not _blank(p)]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """Drop empty cells (the organisation's value applies) and undo the table's types."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in COLUMNS:
            continue
        if name == "allowed":
            places = _places(value)
            if places:
                out[name] = places
            continue
        if _blank(value):
            continue
        if isinstance(value, str):
            value = value.strip()
        elif hasattr(value, "item"):  # numpy scalar
            value = value.item()
        if name in _INT_FIELDS and isinstance(value, float) and value.is_integer():
            value = int(value)
        out[name] = value
    return out


def segments_from_frame(frame: pd.DataFrame) -> tuple[list[dict[str, Any]], list[str]]:
    """Validated segment data from the edited table, and a message for each bad row.

    Rows left completely empty are ignored. Messages read
    ``Segments table row 2 (Office): Mailbox size used today (mailbox_gb) = 0.0: ...;
    allowed: ...``."""
    segments: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, row in enumerate(frame.to_dict("records"), start=1):
        data = _clean({str(k): v for k, v in row.items()})
        if not data:
            continue
        name = str(data.get("name", "")).strip()
        where = f"Segments table row {number}" + (f" ({name})" if name else "")
        try:
            segment = Segment.model_validate(data)
        except ValidationError as exc:
            problems += [f"{where}: {message}" for message in describe(exc, Segment)]
            continue
        segments.append(segment.model_dump(exclude_none=True))
    if len(segments) > MAX_SEGMENTS:
        problems.append(
            f"Segments table: {len(segments)} segments; at most {MAX_SEGMENTS} are allowed"
        )
    return segments, problems


def column_config(plan_labels: Sequence[str]) -> dict[str, Any]:
    """Every column from the field registry (label with unit, help, bounds, format); the
    places a segment may go are picked from in-house and the plans on screen."""
    places = [INHOUSE_PLACEMENT, *plan_labels]
    return {
        name: grid_column(
            segment_spec(name),
            "",
            **({"options": places, "width": "large"} if name == "allowed" else {}),
        )
        for name in COLUMNS
    }


TITLE = "User segments: groups of users placed in-house or on a plan"
"""The expander's title (fixed: a count in it would lag one run behind an edit)."""


def _caption(users: int) -> None:
    st.caption(
        "One row per group of users (at most "
        f"{MAX_SEGMENTS}). Give each row its users today or its share (%), not both: "
        f"together they make up the organisation's {users:,} users. An empty cell takes "
        "the organisation's or the mail profile's value. 'May go to' lists in-house and "
        "the plans the group may use (empty = anywhere); the best mix is searched over "
        "them. No rows: everyone is one group, as without segments."
    )


def _users_typed() -> int:
    """The organisation's users as typed (the loaded scenario's when not a whole number)."""
    value = st.session_state.get("field:organisation.users")
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        return int(value)
    return state.loaded_scenario().organisation.users


def _show(problems: list[str]) -> None:
    for problem in problems:
        st.error(plain(problem))


def table(
    plans: Sequence[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]] | None, list[str]]:
    """The segments to use and the problems of their rows, for the plans on screen (their
    labels are the places a segment may go). None when the table was never edited since the
    scenario was loaded (the loaded segments stay as they are).

    Closed, the segments are those of the table as last edited; opened again, the table
    starts from its last edits, so closing it loses nothing."""
    loaded = state.loaded_scenario().segments
    edited = state.kept_table(_EDITED)
    box = st.expander(TITLE, key=OPEN_KEY, on_change="rerun")
    if not box.open:
        st.session_state.pop(_START, None)  # the editor is gone with its edits
        if edited is None:
            return None, []
        segments, problems = segments_from_frame(edited)
        _show(problems)  # the table is closed: say so under its header
        return segments, problems
    start = state.kept_table(_START)
    if start is None:  # just opened: start from the last edits (or the loaded segments)
        start = segments_frame(loaded) if edited is None else edited
        st.session_state[_START] = (state.editor_version(), start)
    with box:
        _caption(_users_typed())
        edited = st.data_editor(
            start,
            key=editor_key(state.editor_version()),
            num_rows="dynamic",
            on_change="ignore",  # commits stay in the browser until a rerun: no keystroke lost
            hide_index=True,
            column_config=column_config([f"{p['provider']} {p['plan']}" for p in plans]),
            width="stretch",
        )
        apply_button(SUBMIT_KEY)
        st.session_state[_EDITED] = (state.editor_version(), edited)
        segments, problems = segments_from_frame(edited)
        _show(problems)
    return segments, problems
