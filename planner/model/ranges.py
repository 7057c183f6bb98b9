"""Ranges on scenario inputs: low / most likely / high, the ``[uncertainty]`` of a scenario file.

A range names one numeric field by its dotted path and gives three values and a shape::

    [uncertainty]
    ranges = [
      { field = "organisation.growth_pct_per_year", low = 0, mode = 5, high = 12 },
      { field = "staff.salary_per_fte_year", low = 100000, mode = 124000, high = 150000,
        shape = "triangular" },
      { field = "plans.price_per_user_month", plan = "all", low = 95, mode = 100, high = 120 },
      { field = "plans.price_per_user_month", plan = "WorldPosta Basic (illustrative)",
        low = 2, mode = 2.5, high = 3.5 },
      { field = "segments.users", segment = "Office", low = 600, mode = 700, high = 850 },
    ]

- ``field``: any number field of the scenario (``organisation.users``, ``inhouse.servers.price``;
  not a choice or a true/false switch), or ``plans.<plan field>`` together with ``plan``.
- ``plan``: only for ``plans.*`` fields. A plan's label (``"Provider Plan"``) sets that plan's
  value; ``"all"`` scales every plan, and then low / mode / high are percent of each plan's own
  value (100 = as listed).
- ``segment``: only for ``segments.<segment field>`` (``segments.users``,
  ``segments.mailbox_gb``...): the name of one ``[[segments]]`` entry, whose own value the range
  sets. The segment must set that field itself (a segment given by ``share_pct`` takes a
  ``segments.share_pct`` range, not ``segments.users``). A users range changes that segment
  only, so the organisation's total moves with it (the engine counts the segments' users).
- ``low <= mode <= high``, all inside the field's own bounds; whole numbers for whole-number
  fields (users, years, copies). ``low == high`` pins the input to one value.
- ``shape``: ``"pert"`` (default; beta with lambda = 4, mean (low + 4 mode + high) / 6) or
  ``"triangular"``.
- ``pinned``: ``false`` keeps the range around the value in use (:func:`follow`: percent inputs
  shift, others scale, when the scenario's value changes); ``true`` keeps low / mode / high as
  written. Left out, a scenario sets it to ``mode != the scenario's value``, so files written
  before ranges followed inputs keep their meaning.

This module holds only the models (the scenario model imports it); sampling and the
evaluation of draws live in :mod:`planner.analyses.uncertainty` and
:mod:`planner.analyses.simulation`.
"""

from __future__ import annotations

import difflib
import math
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import annotated_types as at
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.fields import FieldInfo

from planner.model.field_errors import field_info

Shape = Literal["pert", "triangular"]
SHAPES: tuple[Shape, ...] = ("pert", "triangular")
ALL_PLANS = "all"
"""``plan = "all"``: the range scales every plan, in percent of each plan's own value."""
PLANS_PREFIX = "plans."
SEGMENTS_PREFIX = "segments."
PERCENT_BOUNDS = (0.0, 1000.0)
"""Allowed percent of a plan's listed value when a range scales every plan."""
MAX_RANGES = 100
EXCHANGE_RATE = "finance.exchange_rate_per_usd"
"""0 there means the currency's default rate; a range draws rates, so its values are above 0."""
NO_COST_SECTIONS = ("requirements",)
"""Sections that change no cost (what the options must meet): no range may vary them."""


@dataclass(frozen=True)
class Target:
    """What a range's ``field`` (and ``plan``) points at: its kind, bounds and wording."""

    field: str
    plan: str | None
    integer: bool
    low: float  # lowest allowed value (inclusive unless low_open)
    high: float
    low_open: bool
    high_open: bool
    description: str
    segment: str | None = None  # the segment a ``segments.*`` range sets

    @property
    def percent(self) -> bool:
        """True when the range scales every plan (values in percent of the listed value)."""
        return self.plan == ALL_PLANS

    def allows(self, value: float) -> bool:
        """Whether ``value`` is inside the bounds (and whole for whole-number fields)."""
        if self.integer and not float(value).is_integer():
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def bounds_text(self) -> str:
        """The bounds in words: 'a whole number from 1 to 1,000,000'."""
        noun = "a whole number" if self.integer else "a number"
        low = ("above " if self.low_open else "from ") + number_text(self.low)
        high = ("below " if self.high_open else "to ") + number_text(self.high)
        unit = " (percent of each plan's listed value)" if self.percent else ""
        return f"{noun} {low} {high}{unit}"


def number_text(x: float) -> str:
    """A number as people read it: 1,000,000 or 0.0597."""
    if math.isinf(x):
        return "no limit"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) < 1000 else f"{x:,.2f}"


def _unwrap(annotation: Any) -> Any:
    """``int | None`` -> ``int``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _bounds(info: FieldInfo) -> tuple[float, float, bool, bool]:
    low, high, low_open, high_open = -math.inf, math.inf, False, False
    for meta in info.metadata:
        bound: Any = getattr(meta, type(meta).__name__.lower(), None)
        if isinstance(meta, (at.Ge, at.Gt)):
            low, low_open = float(bound), isinstance(meta, at.Gt)
        elif isinstance(meta, (at.Le, at.Lt)):
            high, high_open = float(bound), isinstance(meta, at.Lt)
    return low, high, low_open, high_open


_SCHEMA: dict[str, type[BaseModel]] = {}
"""The scenario and plan models, registered by :mod:`planner.model.scenario` when it loads.

The scenario model holds :class:`Uncertainty`, and a range is checked against the scenario's
fields, so the scenario module hands its models in here rather than this module importing it
(no import circle)."""


def register_schema(scenario: type[BaseModel], plan: type[BaseModel]) -> None:
    """Name the models whose number fields ranges may vary (called once by the scenario module);
    the segment model is the item type of the scenario's ``segments`` tuple."""
    _SCHEMA.update(scenario=scenario, plan=plan)
    scenario_number_fields.cache_clear()
    plan_number_fields.cache_clear()
    segment_number_fields.cache_clear()


@cache
def scenario_number_fields() -> dict[str, FieldInfo]:
    """Every number field of the scenario a range may vary: dotted path -> FieldInfo."""
    Scenario = _SCHEMA["scenario"]
    out: dict[str, FieldInfo] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            kind = info.annotation
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                if kind is not Uncertainty and f"{prefix}{name}" not in NO_COST_SECTIONS:
                    walk(kind, f"{prefix}{name}.")
            elif kind in (int, float):
                out[f"{prefix}{name}"] = info

    walk(Scenario, "")
    return out


@cache
def plan_number_fields() -> dict[str, FieldInfo]:
    """Every number field of a plan a range may vary: ``plans.<name>`` -> FieldInfo."""
    Plan = _SCHEMA["plan"]
    out: dict[str, FieldInfo] = {}
    for name, info in Plan.model_fields.items():
        if _unwrap(info.annotation) in (int, float):
            out[PLANS_PREFIX + name] = info
    return out


@cache
def segment_number_fields() -> dict[str, FieldInfo]:
    """Every number field of a segment a range may vary: ``segments.<name>`` -> FieldInfo."""
    segments = _SCHEMA["scenario"].model_fields["segments"].annotation
    Segment: type[BaseModel] = typing.get_args(segments)[0]
    out: dict[str, FieldInfo] = {}
    for name, info in Segment.model_fields.items():
        if _unwrap(info.annotation) in (int, float):
            out[SEGMENTS_PREFIX + name] = info
    return out


def _not_a_number_field(field: str) -> str:
    if field.split(".", 1)[0] in NO_COST_SECTIONS:
        return (
            f"{field} is a requirement: it sets what the options must meet, not what they "
            "cost, so a range on it would change nothing; set the requirement itself"
        )
    info = field_info(_SCHEMA["scenario"], field.split("."))
    if info is not None:
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return f"{field} is a section, not a number field; name one of its fields"
        if kind is bool:
            return f"{field} is a true/false switch: it cannot take a range"
        if typing.get_origin(kind) is Literal:
            return f"{field} is a choice, not a number: it cannot take a range"
        return f"{field} is not a number: it cannot take a range"
    known = [*scenario_number_fields(), *plan_number_fields(), *segment_number_fields()]
    close = difflib.get_close_matches(field, known, n=1, cutoff=0.75)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (
        f"{field!r} is not a number field of the scenario{hint}; a range needs a dotted path"
        " such as organisation.users, staff.salary_per_fte_year or plans.price_per_user_month"
    )


def _sentence(info: FieldInfo) -> str:
    return (info.description or "").rstrip(".")


def _segment_target(field: str, plan: str | None, segment: str | None) -> Target:
    """The target of a ``segments.*`` range: the field's bounds, for the named segment."""
    info = segment_number_fields().get(field)
    if info is None:
        names = ", ".join(segment_number_fields())
        raise ValueError(f"{field!r} is not a number field of a segment; segment fields: {names}")
    if plan is not None:
        raise ValueError(f"plan = {plan!r} is only for plans.* fields, not {field}")
    if segment is None:
        raise ValueError(f'{field} needs segment = "<segment name>" (one of the [[segments]])')
    low, high, low_open, high_open = _bounds(info)
    integer = _unwrap(info.annotation) is int
    description = f"{_sentence(info)} ({segment})"
    return Target(field, None, integer, low, high, low_open, high_open, description, segment)


def target_of(field: str, plan: str | None, segment: str | None = None) -> Target:
    """Resolve a range's field (and plan or segment) to its bounds; ValueError with a message
    if unusable."""
    if field.startswith(SEGMENTS_PREFIX):
        return _segment_target(field, plan, segment)
    if segment is not None:
        raise ValueError(f"segment = {segment!r} is only for segments.* fields, not {field}")
    if field.startswith(PLANS_PREFIX):
        info = plan_number_fields().get(field)
        if info is None:
            names = ", ".join(plan_number_fields())
            raise ValueError(f"{field!r} is not a number field of a plan; plan fields: {names}")
        if plan is None:
            raise ValueError(
                f'{field} needs plan = "<provider plan>" (one plan) or plan = "all" (every plan,'
                " in percent of its listed value)"
            )
        integer = _unwrap(info.annotation) is int
        if plan == ALL_PLANS:
            low, high = PERCENT_BOUNDS
            return Target(
                field,
                plan,
                False,
                low,
                high,
                False,
                False,
                f"{_sentence(info)} (percent of each plan's listed value)",
            )
        low, high, low_open, high_open = _bounds(info)
        return Target(
            field, plan, integer, low, high, low_open, high_open, f"{_sentence(info)} ({plan})"
        )
    info = scenario_number_fields().get(field)
    if info is None:
        raise ValueError(_not_a_number_field(field))
    if plan is not None:
        raise ValueError(f"plan = {plan!r} is only for plans.* fields, not {field}")
    low, high, low_open, high_open = _bounds(info)
    description = info.description or field
    if field == EXCHANGE_RATE:
        # A drawn 0 would be zero money, not the default rate 0 stands for in a scenario.
        low_open = True
        description = "Units of the display currency for one US dollar, above 0"
    return Target(field, None, info.annotation is int, low, high, low_open, high_open, description)


def range_key(field: str, plan: str | None, segment: str | None) -> str:
    """``organisation.users``, ``plans.price_per_user_month[all]`` or
    ``segments.users[Office]``: the field, with its plan or segment in brackets."""
    which = plan if plan is not None else segment
    return field if which is None else f"{field}[{which}]"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


class Range(_Frozen):
    """One uncertain input: a field, low / mode / high and a shape (see the module docstring)."""

    field: str = Field(
        min_length=1,
        max_length=200,
        description="Dotted path of a number field (organisation.users) or plans.<field>.",
    )
    plan: str | None = Field(
        default=None,
        max_length=130,
        description='For plans.* fields: a plan label, or "all" (percent of listed values).',
    )
    segment: str | None = Field(
        default=None,
        max_length=40,
        description="For segments.* fields: the name of the segment whose value the range sets.",
    )
    low: float = Field(allow_inf_nan=False, description="Lowest plausible value.")
    mode: float = Field(allow_inf_nan=False, description="Most likely value.")
    high: float = Field(allow_inf_nan=False, description="Highest plausible value.")
    shape: Shape = Field(default="pert", description="pert (default) or triangular.")
    pinned: bool | None = Field(
        default=None,
        description="true: low / mode / high stay as written whatever the input's value; "
        "false: the range moves with the value in use (see planner.model.ranges). Left out, "
        "a scenario pins the range only when its mode differs from the scenario's value.",
    )

    @property
    def key(self) -> str:
        """Unique name of the input: the field, with the plan (plan fields) or the segment
        (segment fields) in brackets."""
        return range_key(self.field, self.plan, self.segment)

    @property
    def target(self) -> Target:
        """What the range varies, with its bounds."""
        return target_of(self.field, self.plan, self.segment)

    @field_validator("field")
    @classmethod
    def _number_field(cls, field: str) -> str:
        if field.startswith(SEGMENTS_PREFIX):
            if field not in segment_number_fields():
                names = ", ".join(segment_number_fields())
                raise ValueError(
                    f"{field!r} is not a number field of a segment; segment fields: {names}"
                )
        elif field.startswith(PLANS_PREFIX):
            if field not in plan_number_fields():
                names = ", ".join(plan_number_fields())
                raise ValueError(f"{field!r} is not a number field of a plan; plan fields: {names}")
        elif field not in scenario_number_fields():
            raise ValueError(_not_a_number_field(field))
        return field

    @field_validator("plan")
    @classmethod
    def _plan_fits_field(cls, plan: str | None, info: ValidationInfo) -> str | None:
        field = info.data.get("field")
        if field is not None and not field.startswith(SEGMENTS_PREFIX):
            target_of(field, plan)
        return plan

    @field_validator("segment")
    @classmethod
    def _segment_fits_field(cls, segment: str | None, info: ValidationInfo) -> str | None:
        field = info.data.get("field")
        if field is not None and "plan" in info.data:
            target_of(field, info.data["plan"], segment)
        return segment

    @field_validator("low", "mode", "high")
    @classmethod
    def _inside_bounds_and_order(cls, value: float, info: ValidationInfo) -> float:
        data = info.data
        if "field" not in data or "plan" not in data or "segment" not in data:
            return value  # the field itself is wrong: reported once, on the field
        target = target_of(data["field"], data["plan"], data["segment"])
        key = range_key(data["field"], data["plan"], data["segment"])
        if target.integer and not float(value).is_integer():
            raise ValueError(f"{key} takes whole numbers only")
        if not target.allows(value):
            raise ValueError(f"outside {key}, which allows {target.bounds_text()}")
        below = {"mode": ("low",), "high": ("mode", "low")}.get(info.field_name or "", ())
        for other in below:
            if other in data:
                if value < data[other]:
                    raise ValueError(
                        f"below {other} {number_text(data[other])} in the range of {key}"
                        " (need low <= mode <= high)"
                    )
                break
        return value


class Uncertainty(_Frozen):
    """The scenario's uncertain inputs; none by default (the plan is then deterministic)."""

    ranges: tuple[Range, ...] = Field(
        default=(),
        max_length=MAX_RANGES,
        description="Low / most likely / high ranges on number fields (see planner.model.ranges).",
    )

    @field_validator("ranges")
    @classmethod
    def _one_range_per_input(cls, ranges: tuple[Range, ...]) -> tuple[Range, ...]:
        keys = [r.key for r in ranges]
        doubles = sorted({k for k in keys if keys.count(k) > 1})
        if doubles:
            raise ValueError(f"more than one range for {', '.join(doubles)}; keep one each")
        return ranges


def _shifts(r: Range) -> bool:
    """Whether a following range moves by adding (percent fields, ranges reaching 0 or below)
    rather than by scaling."""
    name = r.field.rsplit(".", 1)[-1]
    return "_pct" in name or r.mode <= 0 or r.low < 0


def _inside(t: Target, x: float, towards: float) -> float:
    """``x`` moved inside the bounds of ``t`` (an open bound by one step towards ``towards``)."""
    low, high = t.low, t.high
    if t.low_open:
        low = low + 1.0 if t.integer else math.nextafter(low, towards)
    if t.high_open:
        high = high - 1.0 if t.integer else math.nextafter(high, towards)
    return min(max(x, low), high)


SIGNIFICANT_DIGITS = 5
"""Digits of the value in use that a following range's low and high keep."""


def tidy(x: float, value: float) -> float:
    """``x`` to the digits that matter beside ``value``: SIGNIFICANT_DIGITS significant digits
    of ``value``, so whole numbers from 10,000 up (95,000 x 95 / 124 = 72,782.26 -> 72,782;
    0 + (7.25 - 5) = 2.25 stays), and no float noise (99.5 + (99.9 - 99.93) -> 99.47)."""
    if value == 0 or not math.isfinite(value):
        return x
    decimals = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value)))
    return round(x, max(0, decimals))


def follow(r: Range, value: float | None) -> Range:
    """The range around the value in use ``value`` (None: there is none, e.g. a missing plan).

    ``pinned`` left out becomes ``mode != value``. A pinned range, a range over every plan
    (already percent of each plan's value) or one whose mode is the value is returned as is
    (pinned made explicit). Otherwise, with m the mode and v the value:
        shift (percent fields, or low < 0, or m <= 0):  low + (v - m), v, high + (v - m)
        scale (every other field):                       low x v / m, v, high x v / m
    low and high kept to the digits that matter (:func:`tidy`), then cut to the field's
    bounds; whole-number fields rounded half up (low down, high up).
    """
    if value is None or r.plan == ALL_PLANS:
        return (
            r
            if r.pinned is not None or r.plan != ALL_PLANS
            else r.model_copy(update={"pinned": False})
        )
    pinned = r.pinned if r.pinned is not None else r.mode != value
    if pinned or r.mode == value:
        return r if r.pinned is not None else r.model_copy(update={"pinned": pinned})
    if _shifts(r):
        low, high = r.low + (value - r.mode), r.high + (value - r.mode)
    else:
        low, high = r.low * value / r.mode, r.high * value / r.mode
    low, high = tidy(low, value), tidy(high, value)
    t = r.target
    if t.integer:
        low, high = math.floor(low), math.ceil(high)
    low, high = min(_inside(t, low, value), value), max(_inside(t, high, value), value)
    data = {**r.model_dump(), "low": low, "mode": value, "high": high, "pinned": False}
    return Range.model_validate(data)


def value_in_use(scenario: Any, r: Range) -> float | None:
    """The scenario's own value of the range's input (None: a plan or segment missing or
    without one)."""
    if r.segment is not None:
        segments = {seg.name: seg for seg in scenario.segments}
        return _field_of(segments.get(r.segment), r.field[len(SEGMENTS_PREFIX) :])
    if r.field == EXCHANGE_RATE:
        return float(scenario.finance.rate_per_usd)  # 0 stands for the default rate
    if r.plan is None:
        node: Any = scenario
        for part in r.field.split("."):
            node = getattr(node, part)
        return float(node)
    if r.plan == ALL_PLANS:
        return None
    plans = {plan.label: plan for plan in scenario.plans}
    return _field_of(plans.get(r.plan), r.field[len(PLANS_PREFIX) :])


def _field_of(item: Any, name: str) -> float | None:
    """A listed plan's or segment's number field (None: no such item, or the field unset)."""
    value = None if item is None else getattr(item, name)
    return None if value is None else float(value)


def follow_scenario(scenario: Any) -> Uncertainty:
    """The scenario's ranges, each :func:`follow`-ed to the scenario's own value."""
    ranges = tuple(follow(r, value_in_use(scenario, r)) for r in scenario.uncertainty.ranges)
    return Uncertainty(ranges=ranges)
