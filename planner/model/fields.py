"""One description of every field a user sees: label, unit, bounds, format, help, group, surfaces.

Schema first: each field's words live with the Pydantic field in :mod:`planner.model.scenario`
(``title`` in plain words, ``description`` as the help, ``json_schema_extra={"unit": ...}``);
its bounds are the field's constraints and its default's value, basis, source and date are in
``data/assumptions.toml``. This module only reads them, so a field added to a model appears on
every surface below with its label, unit, bounds and help, and no surface writes a label of
its own. The only table kept here is what is not per field: the titles of the groups.

Four families, each keyed by a path:

    scenario_fields()     every scalar field of the scenario, ``inhouse.servers.price``
                          (the requirements included: ``requirements.needs_mapi``)
    plan_fields()         every column of a hosted plan, ``plans.price_per_user_month``
    segment_fields()      every column of a user segment, ``segments.mailbox_gb``
    requirement_fields()  the scenario fields under ``requirements.``

Every lookup is cached: the app reruns on every input and draws the sidebar from here.
Pure: no streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
import types
import typing
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from planner.model.defaults import Assumption, assumptions
from planner.model.field_errors import allowed, bounds
from planner.model.ranges import (
    ALL_PLANS,
    PLANS_PREFIX,
    SEGMENTS_PREFIX,
    plan_number_fields,
    scenario_number_fields,
    segment_number_fields,
)
from planner.model.scenario import Plan, Scenario, Segment

Kind = Literal["int", "float", "bool", "choice", "text", "date", "list"]
Surface = Literal[
    "sidebar",  # an input of the app's sidebar
    "assumptions",  # a row of the Assumptions table (app, Excel, HTML)
    "errors",  # named in the message of a bad value
    "ranges",  # a range of the Uncertainty tab may vary it
    "fit",  # a row of the capability Fit matrix
    "plans grid",  # a column of the app's plans table
    "segments grid",  # a column of the app's segments table
    "reports",  # a column of the Excel and HTML plan tables
    "cli plans",  # a column of ``planner plans``
]
MONEY: Final = "money"
"""Units starting with it are amounts of money: shown as the display currency code."""
PLAN_GROUP: Final = "plans"
SEGMENT_GROUP: Final = "segments"
REQUIREMENTS_GROUP: Final = "requirements"

# Titles of the groups (a model's place in the scenario): the one table not kept per field.
GROUP_TITLES: Final = {
    "": "Scenario",
    "organisation": "Organisation",
    "mail": "Mail profile",
    "inhouse": "In-house: other",
    "inhouse.sizing": "In-house: Sizing",
    "inhouse.servers": "In-house: Servers",
    "inhouse.storage": "In-house: Storage",
    "inhouse.licences": "In-house: Licences",
    "inhouse.operations": "In-house: Operations",
    "inhouse.protection": "In-house: Protection",
    "inhouse.disaster_recovery": "In-house: Disaster recovery",
    "inhouse.upgrades": "In-house: Upgrades",
    "inhouse.build": "In-house: Build",
    "inhouse.internet": "In-house: Internet",
    "inhouse.layout": "In-house: Layout",
    "hosted": "Hosted plans (shared costs)",
    "current": "Starting point (today's Exchange)",
    "staff": "Staff and expertise",
    "connectivity": "Connectivity",
    "risk": "Downtime risk",
    "finance": "Finance",
    "requirements": "Requirements",
    "requirements.made_to_fit": "Requirements: Made to fit",
    "hybrid": "Hybrid",
    PLAN_GROUP: "Plan",
    SEGMENT_GROUP: "Segment",
}
PLAN_SOURCE: Final = (
    "Catalogue values come from data/plans.toml, each plan with its own source and date "
    "(the Source and As of columns); a quote you type replaces them."
)
"""The help's last paragraph for a plan column: plans are sourced per plan, not per field."""
SEGMENT_SOURCE: Final = (
    "No default: an empty cell takes the organisation's or the mail profile's value."
)


@dataclass(frozen=True)
class FieldSpec:
    """One field as every surface shows it."""

    path: str  # "inhouse.servers.price", "plans.price_per_user_month", "segments.users"
    group: str  # path of the model holding it: "inhouse.servers", "plans", "segments"
    name: str
    kind: Kind
    title: str  # plain words, no unit: "Server price"
    unit: str  # the model's unit: "money", "money/user/month", "%", "" (none)
    description: str  # the model's description
    allowed: str  # what it accepts, in words (planner.model.field_errors.allowed)
    surfaces: tuple[Surface, ...]
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    required: bool = False
    optional: bool = False  # None is allowed (an empty cell)
    max_chars: int | None = None  # longest text allowed

    @property
    def key(self) -> str:
        """The widget key: stable and derived from the path."""
        return f"field:{self.path}"

    @property
    def money(self) -> bool:
        """An amount of money (its unit shows the currency)."""
        return self.unit.startswith(MONEY)


@dataclass(frozen=True)
class FieldGroup:
    """The fields of one model (``inhouse.servers``), in model order."""

    path: str
    title: str
    summary: str  # the model's docstring, first line
    fields: tuple[FieldSpec, ...]


def unit_text(unit: str, currency: str) -> str:
    """A unit as shown: ``money/user/month`` -> ``USD/user/month``, ``%`` as is."""
    return currency + unit[len(MONEY) :] if unit.startswith(MONEY) else unit


def label(spec: FieldSpec, currency: str) -> str:
    """The field's label with its unit: ``Server price (USD)``, ``Horizon (years)``,
    ``Users today`` (a unit already said by the title is not repeated)."""
    unit = unit_text(spec.unit, currency)
    if not unit or unit.lower() in spec.title.lower().split():
        return spec.title
    return f"{spec.title} ({unit})"


def group_title(group: str) -> str:
    """A group's title: the table above, else its path in words."""
    if group in GROUP_TITLES:
        return GROUP_TITLES[group]
    return ": ".join(p.replace("_", " ").capitalize() for p in group.split("."))


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type behind ``X | None``, and whether None is allowed."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _kind(info: FieldInfo) -> tuple[Kind, tuple[str, ...]] | None:
    """The input a field needs, or None for a nested model."""
    annotation, _ = _unwrap(info.annotation)
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    if typing.get_origin(annotation) in (tuple, list):
        return "list", ()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return None
    scalar: dict[Any, Kind] = {
        bool: "bool",
        int: "int",
        float: "float",
        str: "text",
        dt.date: "date",
    }
    kind = scalar.get(annotation)
    return None if kind is None else (kind, ())


def unit_of(info: FieldInfo) -> str | None:
    """The ``unit`` a field declares (``json_schema_extra``), None when it declares none."""
    extra = info.json_schema_extra
    unit = extra.get("unit") if isinstance(extra, dict) else None
    return unit if isinstance(unit, str) else None


def _max_chars(info: FieldInfo) -> int | None:
    lengths = [getattr(m, "max_length", None) for m in info.metadata]
    return next((n for n in lengths if isinstance(n, int)), None)


def _spec(
    path: str, group: str, name: str, info: FieldInfo, surfaces: tuple[Surface, ...]
) -> FieldSpec | None:
    found = _kind(info)
    if found is None:
        return None
    kind, choices = found
    b = bounds(info)
    return FieldSpec(
        path=path,
        group=group,
        name=name,
        kind=kind,
        title=info.title or "",
        unit=unit_of(info) or "",
        description=info.description or "",
        allowed=allowed(info),
        surfaces=surfaces,
        choices=choices,
        low=b.low,
        high=b.high,
        low_open=b.low_open,
        high_open=b.high_open,
        required=info.is_required(),
        optional=_unwrap(info.annotation)[1],
        max_chars=_max_chars(info) if kind == "text" else None,
    )


def _scenario_surfaces(path: str) -> tuple[Surface, ...]:
    out: list[Surface] = ["sidebar", "assumptions", "errors"]
    if path in scenario_number_fields():
        out.append("ranges")
    if path.startswith(REQUIREMENTS_GROUP + ".") and ".made_to_fit." not in path:
        out.append("fit")
    return tuple(out)


def _walk(model: type[BaseModel], prefix: str, out: dict[str, list[FieldSpec]]) -> None:
    """Scalar fields by group; lists (plans, segments, ranges) have their own families."""
    group = prefix.rstrip(".")
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            _walk(kind, f"{prefix}{name}.", out)
            continue
        found = _kind(info)
        if found is None or found[0] in ("list", "date"):
            continue
        path = f"{prefix}{name}"
        spec = _spec(path, group, name, info, _scenario_surfaces(path))
        if spec is not None:
            out.setdefault(group, []).append(spec)


def _model_at(path: str) -> type[BaseModel]:
    model: type[BaseModel] = Scenario
    for part in filter(None, path.split(".")):
        model = typing.cast(type[BaseModel], model.model_fields[part].annotation)
    return model


@cache
def field_groups() -> tuple[FieldGroup, ...]:
    """Every scalar field of the scenario, grouped by the model that holds it."""
    by_group: dict[str, list[FieldSpec]] = {}
    _walk(Scenario, "", by_group)
    groups = []
    for path, specs in by_group.items():
        doc = (_model_at(path).__doc__ or "").strip().splitlines()
        groups.append(FieldGroup(path, group_title(path), doc[0] if doc else "", tuple(specs)))
    return tuple(groups)


@cache
def scenario_fields() -> dict[str, FieldSpec]:
    """Every scalar field of the scenario by dotted path, in model order."""
    return {spec.path: spec for group in field_groups() for spec in group.fields}


@cache
def requirement_fields() -> dict[str, FieldSpec]:
    """The capability requirements: ``requirements.<name>`` (made-to-fit prices left out)."""
    return {p: s for p, s in scenario_fields().items() if "fit" in s.surfaces}


def _list_fields(
    model: type[BaseModel], prefix: str, group: str, surfaces: dict[str, tuple[Surface, ...]]
) -> dict[str, FieldSpec]:
    out = {}
    for name, info in model.model_fields.items():
        spec = _spec(prefix + name, group, name, info, surfaces.get(name, surfaces["*"]))
        if spec is not None:
            out[spec.path] = spec
    return out


@cache
def plan_fields() -> dict[str, FieldSpec]:
    """Every column of a plan (``plans.<name>``), in model order; its offers are the Fit
    matrix's business, not a column."""
    number: tuple[Surface, ...] = ("plans grid", "reports", "cli plans", "errors", "ranges")
    text: tuple[Surface, ...] = ("plans grid", "reports", "errors")
    surfaces: dict[str, tuple[Surface, ...]] = {"*": text}
    for path in plan_number_fields():
        surfaces[path.removeprefix(PLANS_PREFIX)] = number
    return _list_fields(Plan, PLANS_PREFIX, PLAN_GROUP, surfaces)


@cache
def segment_fields() -> dict[str, FieldSpec]:
    """Every column of a segment (``segments.<name>``), in model order."""
    surfaces: dict[str, tuple[Surface, ...]] = {"*": ("segments grid", "errors")}
    for path in segment_number_fields():
        surfaces[path.removeprefix(SEGMENTS_PREFIX)] = ("segments grid", "errors", "ranges")
    return _list_fields(Segment, SEGMENTS_PREFIX, SEGMENT_GROUP, surfaces)


@cache
def every_field() -> dict[str, FieldSpec]:
    """The four families in one mapping, by path."""
    return {**scenario_fields(), **plan_fields(), **segment_fields()}


def spec_at(path: str) -> FieldSpec | None:
    """The field at a path of any family (``plans.sla_pct``), None when there is none."""
    return every_field().get(path)


def plan_spec(name: str) -> FieldSpec:
    """A plan column by its field name: ``plan_spec("sla_pct")``."""
    return plan_fields()[PLANS_PREFIX + name]


def segment_spec(name: str) -> FieldSpec:
    """A segment column by its field name: ``segment_spec("mailbox_gb")``."""
    return segment_fields()[SEGMENTS_PREFIX + name]


@cache
def plan_label(name: str, currency: str) -> str:
    """A plan column's label: ``plan_label("price_per_user_month", "USD")`` ->
    ``Price (USD/user/month)``."""
    return label(plan_spec(name), currency)


@cache
def field_label(path: str, currency: str) -> str:
    """The label of the field at any path (the path itself when no field is there)."""
    spec = spec_at(path)
    return path if spec is None else label(spec, currency)


PLAN_WORDS: dict[str, tuple[Any, str]] = {
    "archive_gb": (0, "no archive"),
    "max_users": (None, "no cap"),
    "expected_availability_pct": (None, "the SLA"),
    "as_of": (None, "not dated"),
}
"""Plan values that mean something in words: no archive, no cap, priced at the SLA."""


@dataclass(frozen=True)
class PlanCell:
    """One plan field in a report's plan table: the value, or a word for it."""

    spec: FieldSpec
    value: Any
    words: str | None  # shown instead of the value: "no archive", "no cap", "yes"


def plan_cells(plan: Plan, surface: Surface = "reports") -> tuple[PlanCell, ...]:
    """A plan's cells on a surface (its plan fields in model order): the reports' tables and
    ``planner plans`` render these."""
    cells = []
    for spec in plan_fields().values():
        if surface not in spec.surfaces:
            continue
        value = getattr(plan, spec.name)
        special = PLAN_WORDS.get(spec.name)
        words: str | None = None
        if special is not None and value == special[0]:
            words = special[1]
        elif isinstance(value, bool):
            words = "yes" if value else "no"
        elif isinstance(value, str):
            words = value
        cells.append(PlanCell(spec, value, words))
    return tuple(cells)


EVERY_PLAN: Final = "every plan (% of listed)"
"""What a plan range over every plan is called (its values are percent of each listed one)."""


@cache
def _unique_scenario_labels(currency: str) -> dict[str, str]:
    """Dotted path -> label, the group title in front where two labels would read the same."""
    plain = {path: label(spec, currency) for path, spec in scenario_fields().items()}
    counts = Counter(plain.values())
    return {
        path: shown
        if counts[shown] == 1
        else f"{group_title(scenario_fields()[path].group)}: {shown}"
        for path, shown in plain.items()
    }


@cache
def range_field_label(field: str, currency: str) -> str:
    """What a range's field is called: the scenario field's label, a plan or segment
    column's label behind its group (``Plan: Mailbox quota (GB)``); the path itself when
    no field is there."""
    spec = spec_at(field)
    if spec is not None and spec.group in (PLAN_GROUP, SEGMENT_GROUP):
        return f"{group_title(spec.group)}: {label(spec, currency)}"
    return _unique_scenario_labels(currency).get(field, field)


def range_label(field: str, plan: str | None, currency: str) -> str:
    """What a range varies: its field's label, and the plan or segment it is on
    (``Plan: Price (USD/user/month): A B``; over every plan, percent: ``Plan: Price, every
    plan (% of listed)``)."""
    shown = range_field_label(field, currency)
    if plan is None:
        return shown
    spec = spec_at(field)
    if plan == ALL_PLANS and spec is not None:  # percent of each listed value: no unit
        return f"{group_title(spec.group)}: {spec.title}, {EVERY_PLAN}"
    return f"{shown}: {plan}"


def range_key_label(key: str, currency: str) -> str:
    """:func:`range_label` of a range key: ``field``, ``field[plan]`` or ``field[segment]``."""
    if key.endswith("]") and "[" in key:
        field, plan = key[:-1].split("[", 1)
        return range_label(field, plan, currency)
    return range_label(key, None, currency)


def value_text(value: Any) -> str:
    """A value as people read it: 12,000 / 0.0597 / backup only / yes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:g}"
    return str(value).replace("_", " ")


def source_text(item: Assumption | None) -> str:
    """``Default 12,000 (estimate, as of 2026-11-28): <source>``."""
    if item is None:
        return "No bundled default."
    return (
        f"Default {value_text(item.value)} ({item.basis}, as of {item.as_of.isoformat()}): "
        f"{item.source}"
    )


@cache
def help_text(path: str) -> str:
    """The help of a field: the model's description, what is allowed, and where the value
    comes from (the default's value, basis, source and date; a plan's own source)."""
    spec = every_field()[path]
    if spec.group == PLAN_GROUP:
        origin = PLAN_SOURCE
    elif spec.group == SEGMENT_GROUP:
        origin = SEGMENT_SOURCE
    else:
        origin = source_text(assumptions().get(path))
    return f"{spec.description}\n\nAllowed: {spec.allowed}.\n\n{origin}"


def number_step(spec: FieldSpec, default: float) -> float | int:
    """Step of the +/- buttons: a tenth of the default's order of magnitude (1 for counts)."""
    if spec.kind == "int":
        magnitude = 10 ** max(0, int(math.log10(abs(default))) - 1) if default else 1
        return int(magnitude)
    if spec.unit.startswith("%"):
        return 0.5
    if not default:
        return 1.0 if (spec.high or 0) >= 10 else 0.1
    return float(10 ** (math.floor(math.log10(abs(default))) - 1))


def number_format(spec: FieldSpec, default: float | None = None) -> str:
    """printf format of a number: ``%d`` for counts; with a default, the default's digits
    (``%.2f`` at least, ``%.4f`` for 0.0597, ``%.0f`` for whole thousands); without one,
    cents for money and as typed (``%g``) for the rest."""
    if spec.kind == "int":
        return "%d"
    if default is None:
        return "%.2f" if spec.money else "%g"
    if abs(default) >= 1000 and float(default).is_integer():
        return "%.0f"
    text = f"{default:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"%.{max(2, decimals)}f"
