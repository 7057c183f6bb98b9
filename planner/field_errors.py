"""Turn Pydantic validation errors into one-line messages: field, value, what is allowed."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, Literal

import annotated_types as at
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def _unwrap(annotation: Any) -> Any:
    """The model or scalar type behind Optional[...] and tuple[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin in (tuple, list) or origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a not in (type(None), Ellipsis)]
        return _unwrap(args[0]) if args else annotation
    return annotation


def field_info(model: type[BaseModel], loc: Sequence[str | int]) -> FieldInfo | None:
    """The FieldInfo a validation ``loc`` points at, or None when it names no field."""
    current: Any = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return info


def allowed(info: FieldInfo) -> str:
    """What a field accepts, in words: 'a whole number from 1 to 15'."""
    kind = _unwrap(info.annotation)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return "a table of " + ", ".join(kind.model_fields)
    if typing.get_origin(kind) is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(kind))
    if kind is bool:
        return "true or false"
    if kind is str:
        return "text"
    low: Any = None
    high: Any = None
    low_open = high_open = False
    for meta in info.metadata:
        if isinstance(meta, at.Ge):
            low = meta.ge
        elif isinstance(meta, at.Gt):
            low, low_open = meta.gt, True
        elif isinstance(meta, at.Le):
            high = meta.le
        elif isinstance(meta, at.Lt):
            high, high_open = meta.lt, True
    noun = "a whole number" if kind is int else "a number"
    if low is None and high is None:
        return noun
    parts = []
    if low is not None:
        parts.append(f"{'above' if low_open else 'from'} {_number(float(low))}")
    if high is not None:
        parts.append(f"{'below' if high_open else 'to'} {_number(float(high))}")
    return f"{noun} {' '.join(parts)}"


def path_of(loc: Sequence[str | int]) -> str:
    """``('plans', 2, 'sla_pct')`` -> ``plans[2].sla_pct``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """One message per problem: ``organisation.users = -5: ...; allowed: a whole number ...``."""
    problems: list[str] = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if isinstance(p, (str, int))]
        path = path_of(loc) or "scenario"
        kind = err["type"]
        if kind == "extra_forbidden":
            parent = field_info(model, loc[:-1]) if len(loc) > 1 else None
            owner: Any = _unwrap(parent.annotation) if parent else model
            is_model = isinstance(owner, type) and issubclass(owner, BaseModel)
            known = ", ".join(owner.model_fields) if is_model else ""
            problems.append(f"{path}: unknown field (known here: {known})")
            continue
        if kind == "missing":
            problems.append(f"{path}: missing (required)")
            continue
        info = field_info(model, loc)
        value = err.get("input")
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = err["msg"].replace("Value error, ", "")
        hint = f"; allowed: {allowed(info)}" if info is not None else ""
        problems.append(f"{path} = {shown}: {message}{hint}")
    return problems
