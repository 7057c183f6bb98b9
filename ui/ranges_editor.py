"""The scenario's uncertainty ranges as an editable table: field, plan, segment (shown when
the scenario has segments), low, mode, high, shape.

:func:`ranges_frame` turns ranges into the table; :func:`ranges_from_frame` reads the edited
table back (a row left empty is ignored, a row missing a value gets a one-line message);
:func:`checked` validates the rows as the scenario file loader does (``planner.model.ranges``) and
resolves them against the scenario's plans (``analyses.uncertainty.resolve``), so a bad range
gives the planner's own one-line message. :func:`render` shows the table and puts valid
edits into the scenario on screen (:func:`ui.state.adopt_ranges`): the link, the scenario
download and every uncertainty view then use them.

The table starts from the ranges of the loaded scenario; Streamlit keeps the edits on top of
that start. Once an edit is valid and applied, the table starts again from the new ranges (a
new widget key: a loaded scenario or an applied edit), so the ranges in use never depend on
edits the browser still holds.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from planner.analyses.uncertainty import resolve
from planner.errors import ScenarioValueError
from planner.model.currencies import PLAN_CURRENCY
from planner.model.fields import EVERY_PLAN
from planner.model.files import with_values
from planner.model.ranges import (
    ALL_PLANS,
    PLANS_PREFIX,
    SHAPES,
    Range,
    plan_number_fields,
    scenario_number_fields,
    segment_number_fields,
)
from planner.model.scenario import Scenario
from ui import state
from ui.grid_form import NOTE_IN_TAB, apply_button
from ui.uncertainty_text import SHAPE_NAMES, field_label

VALUES: tuple[str, ...] = ("field", "plan", "segment", "low", "mode", "high", "shape")
COLUMNS: tuple[str, ...] = (*VALUES, "pinned")
EDITOR_KEY_PREFIX = "ranges_editor"
SUBMIT_KEY = "ranges_apply"
_ROUND = "_ranges_editor_round"  # bumped each time edits are applied
_NUMBERS = ("low", "mode", "high")
NO_PLAN = "-"
"""The plan (or segment) cell of an input that is not a plan (segment) field (an empty cell
would read "None")."""


def shown_columns(has_segments: bool) -> list[str]:
    """The table's columns: the segment column only when the scenario has segments."""
    return [c for c in COLUMNS if has_segments or c != "segment"]


def editor_key(version: int, applied: int, ranges: Sequence[Range] = ()) -> str:
    """Key of the table widget: new for each scenario loaded, each edit applied and each new
    set of ranges in use (a range that follows an input changes with the input)."""
    digest = zlib.crc32(repr(tuple(ranges)).encode("utf-8"))
    return f"{EDITOR_KEY_PREFIX}:{version}:{applied}:{digest:08x}"


def ranges_frame(ranges: Sequence[Range]) -> pd.DataFrame:
    """One row per range; ``plan`` and ``segment`` a dash when they do not apply; ``pinned``
    true or false."""
    frame = pd.DataFrame(
        [{name: getattr(r, name) for name in COLUMNS} for r in ranges], columns=list(COLUMNS)
    )
    frame["pinned"] = frame["pinned"].fillna(False).astype("boolean")  # an added row: <NA>
    for name in _NUMBERS:
        frame[name] = pd.to_numeric(frame[name]).astype("float64")
    for name in ("field", "plan", "segment", "shape"):
        frame[name] = frame[name].astype("object")
    for name in ("plan", "segment"):
        frame[name] = frame[name].where(frame[name].notna(), NO_PLAN)  # a dash, not "None"
    return frame


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def ranges_from_frame(
    frame: pd.DataFrame, shown: pd.DataFrame | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Range data from the edited table, and a message for each row missing a value.

    Empty rows are skipped; an empty plan (segment) means no plan (segment), an empty shape
    PERT.
    Pinned ticked: ``pinned = true``. Unticked: ``pinned = false`` when the row was shown
    pinned (unpinned on purpose: it follows the input again), else left out, so a most likely
    value typed different from the input's pins the range (:func:`planner.model.ranges.follow`).
    """
    was_pinned = [] if shown is None else [bool(v) for v in shown.get("pinned", [])]
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        cells = {name: record.get(name) for name in VALUES}
        if all(_blank(v) for v in cells.values()):
            continue
        field = "" if _blank(cells["field"]) else str(cells["field"]).strip()
        where = f"Ranges table row {number}" + (f" ({field})" if field else "")
        missing = [name for name in ("field", *_NUMBERS) if _blank(cells[name])]
        if missing:
            problems.append(
                f"{where}: {', '.join(missing)} empty; a range needs a field and its low, "
                "most likely (mode) and high values"
            )
            continue
        row: dict[str, Any] = {"field": field}
        for name in ("plan", "segment"):
            if not _blank(cells[name]) and str(cells[name]).strip() != NO_PLAN:
                row[name] = str(cells[name]).strip()
        for name in _NUMBERS:
            value = cells[name]
            row[name] = value.item() if value is not None and hasattr(value, "item") else value
        row["shape"] = "pert" if _blank(cells["shape"]) else str(cells["shape"]).strip()
        if not _blank(record.get("pinned")) and bool(record.get("pinned")):
            row["pinned"] = True
        elif number <= len(was_pinned) and was_pinned[number - 1]:
            row["pinned"] = False
        rows.append(row)
    return rows, problems


def checked(scenario: Scenario, rows: list[dict[str, Any]]) -> tuple[Scenario | None, list[str]]:
    """The scenario with these ranges, or None and the planner's one-line messages.

    Checks what loading a scenario file checks (fields, bounds, low <= mode <= high, one
    range per input) and what using the ranges checks (plan labels, scaled plan values).
    """
    try:
        candidate = with_values(scenario, {"uncertainty.ranges": rows})
        resolve(candidate)
    except ScenarioValueError as exc:
        return None, list(exc.problems)
    return candidate, []


def usable(scenario: Scenario) -> bool:
    """Whether the scenario's own ranges can be used (every plan they name is listed)."""
    try:
        resolve(scenario)
    except ScenarioValueError:
        return False
    return True


def column_config(
    plan_labels: Sequence[str], currency: str = "USD", segment_names: Sequence[str] = ()
) -> dict[str, Any]:
    """Pick lists for the field, plan, segment and shape, shown in the sidebar's words (the
    cells keep the field path and the shape id); numbers with the model's help. Segment
    fields are offered only when there are segments."""
    fields = [*scenario_number_fields(), *plan_number_fields()]
    if segment_names:
        fields += list(segment_number_fields())

    def field_name(field: Any) -> str:  # a plan's money is in the plan's own currency
        plan = str(field).startswith(PLANS_PREFIX)
        return field_label(str(field), PLAN_CURRENCY if plan else currency)

    def plan_name(plan: Any) -> str:
        return {ALL_PLANS: EVERY_PLAN, NO_PLAN: "\u2014"}.get(str(plan), str(plan))

    def shape_name(shape: Any) -> str:
        return SHAPE_NAMES.get(str(shape), str(shape))

    return {
        "field": st.column_config.SelectboxColumn(
            "Input",
            options=fields,
            required=True,
            width="large",
            format_func=field_name,
            help="The number the range varies, named as in the sidebar; a 'Plan: ...' input "
            "also needs a plan (or every plan).",
        ),
        "plan": st.column_config.SelectboxColumn(
            "Plan",
            options=[NO_PLAN, ALL_PLANS, *plan_labels],
            width="medium",
            format_func=plan_name,
            help="Only for 'Plan: ...' inputs: one plan, or every plan (then low / most likely "
            "/ high are percent of each plan's listed value, 100 = as listed). A dash (or an "
            "empty cell) for every other input.",
        ),
        "segment": st.column_config.SelectboxColumn(
            "Segment",
            options=[NO_PLAN, *segment_names],
            width="medium",
            format_func=plan_name,
            help="Only for 'Segment: ...' inputs: the segment whose own value the range sets "
            "(the segment must set that value itself). A users range on one segment changes "
            "the organisation's total with it. A dash for every other input.",
        ),
        **{
            name: st.column_config.NumberColumn(
                title,
                required=True,
                format="localized",  # thousands separators, the decimals typed; width
                # left to the grid, which fits the widest value and the title unclipped
                help=f"{Range.model_fields[name].description} In the input's unit (its "
                "name says it: USD, %, FTE...).",
            )
            for name, title in (("low", "Low"), ("mode", "Most likely"), ("high", "High"))
        },
        "shape": st.column_config.SelectboxColumn(
            "Shape",
            options=list(SHAPES),
            default="pert",
            width="small",
            format_func=shape_name,
            help="How likely values between low and high are: a smooth peak at the most "
            "likely value (PERT; values near it are much likelier than the ends) or a "
            "triangle (straight slopes from low and high up to the most likely value).",
        ),
        "pinned": st.column_config.CheckboxColumn(
            "Pinned",
            default=False,
            width="small",
            help="Unticked, the range moves with the input: change the input in the sidebar "
            "and low, most likely and high move with it (percent inputs by the same points, "
            "others in proportion). Ticked, the numbers stay as typed. Typing a most likely "
            "value other than the input's pins the range.",
        ),
    }


def render(scenario: Scenario) -> list[str]:
    """Show the editable table; put valid edits into the scenario (one rerun).

    Returns the problems of the table as edited (empty when the ranges in use are the table's).
    """
    applied = int(st.session_state.get(_ROUND, 0))
    in_use = scenario.uncertainty.ranges  # around the values on screen
    shown = ranges_frame(in_use)
    edited: pd.DataFrame = st.data_editor(
        shown,
        key=editor_key(state.editor_version(), applied, in_use),
        num_rows="dynamic",
        on_change="ignore",  # commits stay in the browser until a rerun: no keystroke lost
        hide_index=True,
        column_config=column_config(  # money ranges: in the input currency
            [p.label for p in scenario.plans],
            scenario.finance.input_currency,
            [seg.name for seg in scenario.segments],
        ),
        column_order=shown_columns(bool(scenario.segments)),
        width="stretch",
    )
    apply_button(SUBMIT_KEY, NOTE_IN_TAB)
    rows, problems = ranges_from_frame(edited, shown)
    if problems:
        return problems
    candidate, problems = checked(scenario, rows)
    if candidate is None:
        return problems
    if candidate.uncertainty != scenario.uncertainty:
        state.adopt_ranges(candidate)
        st.session_state[_ROUND] = applied + 1
        st.rerun()
    return []
