"""Turn Pydantic validation errors into one-line messages: field, value, what is allowed."""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Bounds:
    """A field's numeric bounds; None where it has none, ``*_open`` for strict bounds."""

    low: float | None
    low_open: bool
    high: float | None
    high_open: bool


def bounds(info: FieldInfo) -> Bounds:
    """Read ``ge``/``gt``/``le``/``lt`` from a field's metadata."""
    low: float | None = None
    high: float | None = None
    low_open = high_open = False
    for meta in info.metadata:
        if isinstance(meta, at.Ge):
            low = float(meta.ge)  # type: ignore[arg-type]
        elif isinstance(meta, at.Gt):
            low, low_open = float(meta.gt), True  # type: ignore[arg-type]
        elif isinstance(meta, at.Le):
            high = float(meta.le)  # type: ignore[arg-type]
        elif isinstance(meta, at.Lt):
            high, high_open = float(meta.lt), True  # type: ignore[arg-type]
    return Bounds(low, low_open, high, high_open)


def _text_rule(info: FieldInfo) -> str:
    """'text of 3 characters matching ^[A-Z]{3}$' from a text field's constraints."""
    shortest = longest = None
    pattern = None
    for meta in info.metadata:
        shortest = getattr(meta, "min_length", None) or shortest
        longest = getattr(meta, "max_length", None) or longest
        pattern = getattr(meta, "pattern", None) or pattern
    words = "text"
    if shortest is not None and shortest == longest:
        words += f" of {shortest} characters"
    elif longest is not None:
        words += f" of {shortest or 0} to {longest} characters"
    return words + (f" matching {pattern}" if pattern else "")


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
        return _text_rule(info)
    if kind is dt.date:
        return "a date (YYYY-MM-DD)"
    b = bounds(info)
    low, high, low_open, high_open = b.low, b.high, b.low_open, b.high_open
    noun = "a whole number" if kind is int else "a number"
    if low is None and high is None:
        return noun
    parts = []
    if low is not None:
        parts.append(f"{'above' if low_open else 'from'} {_number(low)}")
    if high is not None:
        parts.append(f"{'below' if high_open else 'to'} {_number(high)}")
    return f"{noun} {' '.join(parts)}"


def path_of(loc: Sequence[str | int]) -> str:
    """``('plans', 2, 'sla_pct')`` -> ``plans[2].sla_pct``."""
    out = ""
    for part in loc:
        if not isinstance(part, int) and not part.isprintable():
            part = repr(part)  # a quoted TOML key may hold a line break
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: Any) -> str:
    """The value as a message shows it: repr, cut at 60 characters."""
    if isinstance(value, (dict, list)):
        return type(value).__name__
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"a whole number of about {int(value.bit_length() * 0.30103):,} digits"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def named(path: str, info: FieldInfo | None, loc: Sequence[str | int]) -> str:
    """A field as a message names it: its plain title, then the exact path in brackets
    (``Users today (organisation.users)``); the path alone for a list item or a field with
    no title."""
    if info is None or not info.title or not loc or isinstance(loc[-1], int):
        return path
    return f"{info.title} ({path})"


def describe(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """One message per problem, the field named by its label and its path:
    ``Users today (organisation.users) = -5: ...; allowed: a whole number ...``."""
    problems: list[str] = []
    errors = exc.errors(include_url=False)
    locs = [tuple(p for p in e["loc"] if isinstance(p, (str, int))) for e in errors]
    for err, where in zip(errors, locs, strict=True):
        loc = list(where)
        path = path_of(loc) or "scenario"
        kind = err["type"]
        if kind == "too_short" and any(o[: len(where)] == where and o != where for o in locs):
            continue  # a list too short only because its items failed: those are named
        if kind == "extra_forbidden":
            parent = field_info(model, loc[:-1]) if len(loc) > 1 else None
            owner: Any = _unwrap(parent.annotation) if parent else model
            is_model = isinstance(owner, type) and issubclass(owner, BaseModel)
            known = ", ".join(owner.model_fields) if is_model else ""
            problems.append(f"{path}: unknown field (known here: {known})")
            continue
        info = field_info(model, loc)
        if kind == "missing":
            problems.append(f"{named(path, info, loc)}: missing (required)")
            continue
        value = err.get("input")
        shown = _shown(value)
        message = err["msg"].replace("Value error, ", "")
        if isinstance(value, (dict, list, tuple)):  # a rule across fields: name the place
            problems.append(f"{path}: {message}" if loc else message)
            continue
        hint = f"; allowed: {allowed(info)}" if info is not None else ""
        problems.append(f"{named(path, info, loc)} = {shown}: {message}{hint}")
    return problems
