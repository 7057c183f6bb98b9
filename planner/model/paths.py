"""Scenario fields as dotted paths: their values, their help text and how they read as text.

Shared by the report content and the scenario comparison, so both name a field the same way
(``inhouse.servers.price``) and describe it with the model's own ``description``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pydantic import BaseModel

from planner.model.scenario import PLAN_FIELDS, Plan, Scenario

PLAN_COLUMNS: tuple[str, ...] = (
    *PLAN_FIELDS,
    "illustrative",
    "source",
    "as_of",
)
"""Plan fields shown in reports and compared between scenarios (provider and plan are the label)."""
LIST_SECTIONS: tuple[str, ...] = ("plans", "uncertainty", "segments")
"""Top-level scenario sections that hold lists rather than single values."""


def value_at(scenario: BaseModel, path: str) -> Any:
    """The value of a dotted path (``organisation.users``) in a scenario."""
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def flatten(
    model: BaseModel, prefix: str = "", skip: tuple[str, ...] = LIST_SECTIONS
) -> dict[str, Any]:
    """Every leaf field of a model as {dotted path: value}, in model order.

    Top-level ``skip`` sections (the plan list and the uncertainty ranges) are left out:
    they are lists, compared item by item elsewhere.
    """
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        if not prefix and name in skip:
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out.update(flatten(value, f"{prefix}{name}.", skip))
        else:
            out[f"{prefix}{name}"] = value
    return out


def field_description(path: str, model: type[BaseModel] = Scenario) -> str:
    """The ``description`` of the field at a dotted path ('' when it has none)."""
    current: Any = model
    description = ""
    for part in path.split("."):
        fields = getattr(current, "model_fields", None) if isinstance(current, type) else None
        info = fields.get(part) if isinstance(fields, dict) else None
        if info is None:
            return ""
        description = info.description or ""
        current = info.annotation
    return description


def plan_description(name: str) -> str:
    """The ``description`` of a plan field ('' when it has none)."""
    return field_description(name, Plan)


def value_text(value: Any) -> str:
    """A value as people read it: 1,500 / 0.25 / yes / no / 2026-11-28 / none."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "none"
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.10g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
