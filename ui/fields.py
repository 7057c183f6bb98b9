"""Streamlit columns of the editable tables, made from the field registry.

Every column a grid shows is described once, in :mod:`planner.model.fields`: its title and
unit, its help (the model's description, what is allowed, where the value comes from), its
bounds and its number format. :func:`grid_column` turns one field into a ``st.column_config``
column, so the plans and segments grids write no label, unit or help of their own.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.model.fields import FieldSpec, help_text, label, number_format


def _least(spec: FieldSpec) -> float | int | None:
    """The grid's smallest value: the model's lower bound (0 for 'above 0': the model then
    refuses the 0 itself with its one-line message)."""
    if spec.low is None:
        return None
    return int(spec.low) if spec.kind == "int" else float(spec.low)


def _most(spec: FieldSpec) -> float | None:
    """The grid's largest value: only for percentages of a whole (at most 100)."""
    if spec.high is None or not spec.unit.startswith("%") or spec.high > 100:
        return None
    return float(spec.high)


def grid_column(spec: FieldSpec, currency: str, **extra: Any) -> Any:
    """The data-editor column of one field: its label with unit, help, bounds and format.

    ``extra`` adds what only the table knows (the options of a pick list, a width)."""
    text = label(spec, currency)
    tip = help_text(spec.path)
    required = spec.required and not spec.optional
    cc = st.column_config
    if spec.kind == "bool":
        return cc.CheckboxColumn(text, help=tip, **extra)
    if spec.kind == "date":
        return cc.DateColumn(text, help=tip, format="YYYY-MM-DD", **extra)
    if spec.kind == "list":
        return cc.MultiselectColumn(text, help=tip, **extra)
    if spec.kind in ("text", "choice"):
        return cc.TextColumn(text, help=tip, required=required, max_chars=spec.max_chars, **extra)
    numbers: dict[str, Any] = {"format": number_format(spec), "required": required}
    if _least(spec) is not None:
        numbers["min_value"] = _least(spec)
    if _most(spec) is not None:
        numbers["max_value"] = _most(spec)
    if spec.kind == "int":
        numbers["step"] = 1
    return cc.NumberColumn(text, help=tip, **{**numbers, **extra})
