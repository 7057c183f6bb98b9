"""The hosted plans as an editable table: type in a quote and compare it at once.

:func:`plans_frame` turns plans into the table, :func:`plans_from_frame` reads the edited
table back, validating each row through :class:`planner.model.scenario.Plan`; a bad row gives a
one-line message naming the row and the field. :func:`render` shows the table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.model.currencies import PLAN_CURRENCY
from planner.model.field_errors import describe
from planner.model.fields import plan_spec
from planner.model.scenario import PLAN_FIELDS, Plan
from ui.fields import grid_column
from ui.grid_form import apply_button

COLUMNS: tuple[str, ...] = tuple(name for name in Plan.model_fields if name != "offers")
"""The flat columns of the table; a plan's nested ``offers`` are kept by its label (see
:func:`plans_from_frame`): a row typed in under a new name has unknown offers."""
EDITOR_KEY_PREFIX = "plans_editor"
SUBMIT_KEY = "plans_apply"
_INT_FIELDS = ("min_users", "max_users")
_FLOAT_FIELDS = tuple(name for name in PLAN_FIELDS if name not in _INT_FIELDS)
"""The plan number fields the table shows as decimals (the model's list, less the counts)."""


def editor_key(version: int) -> str:
    """Key of the table widget; the version changes only when a scenario is loaded."""
    return f"{EDITOR_KEY_PREFIX}:{version}"


def plans_frame(plans: Sequence[Plan]) -> pd.DataFrame:
    """One row per plan, one column per Plan field (no cap = empty max_users)."""
    rows = [p.model_dump() for p in plans]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in (*_FLOAT_FIELDS, *_INT_FIELDS):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    for name, info in Plan.model_fields.items():  # nullable: a new row leaves them empty
        if info.annotation is bool:
            frame[name] = frame[name].astype("boolean")
    return frame


def _blank(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """Drop empty cells (so Plan defaults apply) and undo the table's types."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in COLUMNS or _blank(value):
            continue
        if isinstance(value, str):
            value = value.strip()
        elif name in _INT_FIELDS and isinstance(value, float) and value.is_integer():
            value = int(value)
        elif name == "as_of" and isinstance(value, (pd.Timestamp, dt.datetime)):
            value = value.date()
        elif hasattr(value, "item"):  # numpy scalar
            value = value.item()
        out[name] = value
    return out


def _plan_problems(exc: ValidationError) -> list[str]:
    """One message per problem of a row; a check across fields reads as itself
    (``max_users 5 is below min_users 10``)."""
    return describe(exc, Plan)


def plans_from_frame(
    frame: pd.DataFrame, shown: Sequence[Plan] = ()
) -> tuple[list[dict[str, Any]], list[str]]:
    """Validated plan data from the edited table, and a message for each bad row.

    A row keeps the ``offers`` of the plan in ``shown`` with the same provider and plan
    (a changed price keeps them); a new or renamed row has unknown offers.
    Rows left completely empty are ignored. Messages read
    ``Plans table row 3 (Microsoft Exchange Online Plan 1): SLA availability (sla_pct) = 80.0:
    ...``.
    """
    plans: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    offers = {p.label: p.offers.model_dump() for p in shown}
    for number, row in enumerate(frame.to_dict("records"), start=1):
        data = _clean({str(k): v for k, v in row.items()})
        if not data or (set(data) <= {"illustrative"} and not data.get("illustrative")):
            continue
        name = " ".join(str(data.get(k, "")) for k in ("provider", "plan")).strip()
        where = f"Plans table row {number}" + (f" ({name})" if name else "")
        known = offers.get(f"{data.get('provider', '')} {data.get('plan', '')}")
        if known is not None:
            data["offers"] = known
        try:
            plan = Plan.model_validate(data)
        except ValidationError as exc:
            problems += [f"{where}: {message}" for message in _plan_problems(exc)]
            continue
        if plan.label in seen:
            problems.append(
                f"{where}: the same provider and plan as row {seen[plan.label]}; "
                "plan names must be unique"
            )
            continue
        seen[plan.label] = number
        plans.append(plan.model_dump())
    if not plans and not problems:
        problems.append("Plans table: needs at least one plan")
    return plans, problems


def column_config(currency: str) -> dict[str, Any]:
    """Every column from the field registry: its label with unit, help, bounds and format;
    money in each plan's own currency (``Price (plan currency/user/month)``)."""
    return {
        name: grid_column(plan_spec(name), PLAN_CURRENCY if plan_spec(name).money else currency)
        for name in COLUMNS
    }


def render(
    plans: Sequence[Plan], version: int, currency: str, start: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Show the editable plans table (from ``start``, a table edited before, when given): its
    commits stay in the browser and arrive together with "Apply changes" (:mod:`ui.grid_form`);
    returns the table as the app last received it."""
    edited: pd.DataFrame = st.data_editor(
        plans_frame(plans) if start is None else start,
        key=editor_key(version),
        num_rows="dynamic",
        on_change="ignore",  # commits stay in the browser until a rerun: no keystroke lost
        hide_index=True,
        column_config=column_config(currency),
        width="stretch",
    )
    apply_button(SUBMIT_KEY)
    return edited
