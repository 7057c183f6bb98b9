"""Scenarios as arrays with a leading batch axis, the engine's only input.

A batch of B scenarios holds one float64 array of shape (B,) per numeric scenario field,
keyed by dotted path (``organisation.users``), and one (B, P) array per numeric plan field.
Money is in the input currency (``finance.input_currency``), a plan's money converted into it
once here (:data:`PLAN_TO_INPUT`); the projection converts results to the display currency
(:func:`display_per_input`). Choices are stored as their index
(``inhouse.disaster_recovery.level``: 0 = none ... 3 = hot_site), booleans as 0/1. A single
scenario is a batch of one; the Monte Carlo and break-even modules replace arrays to
evaluate thousands of variants in one call.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel

from planner.errors import ScenarioValueError
from planner.model.field_errors import allowed, bounds, field_info
from planner.model.scenario import (
    INHOUSE_PLACEMENT,
    PLAN_FIELDS,
    SEGMENT_FIELDS,
    Plan,
    Scenario,
    Segment,
)

Floats = NDArray[np.float64]


def _choices(annotation: Any) -> tuple[Any, ...] | None:
    return typing.get_args(annotation) if typing.get_origin(annotation) is Literal else None


def numeric_paths(model: type[BaseModel] = Scenario, prefix: str = "") -> dict[str, Any]:
    """Every numeric, boolean or choice field of the scenario: path -> annotation."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        kind = info.annotation
        if name == "plans":
            continue
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            out.update(numeric_paths(kind, f"{prefix}{name}."))
        elif kind in (int, float, bool) or _choices(kind):
            out[f"{prefix}{name}"] = kind
    return out


@cache
def _valid_range(model: type[BaseModel], path: str) -> tuple[float, float, bool, bool, str]:
    """(lowest, highest, whole numbers only, None allowed (as inf), allowed in words)."""
    info = field_info(model, path.split("."))
    if info is None:
        raise ScenarioValueError([f"{path}: not a numeric field"])
    choices = _choices(info.annotation)
    if choices:
        last = len(choices) - 1
        return 0.0, float(last), True, False, f"an index 0 to {last} of {choices}"
    if info.annotation is bool:
        return 0.0, 1.0, True, False, "0 or 1 (false or true)"
    b = bounds(info)
    low = -np.inf if b.low is None else b.low
    high = np.inf if b.high is None else b.high
    optional = info.annotation == int | None
    return low, high, info.annotation is int or optional, optional, allowed(info)


def _check(model: type[BaseModel], path: str, values: Floats) -> None:
    """Refuse values outside a field's bounds (strict bounds count as inclusive here)."""
    low, high, whole, none_ok, words = _valid_range(model, path)
    bad = ~((values >= low) & (values <= high)) & ~(np.isposinf(values) & none_ok)
    if whole:
        bad |= np.isfinite(values) & (values != np.round(values))
    if bad.any():
        first = values.reshape(-1)[np.flatnonzero(bad.reshape(-1))[0]]
        raise ScenarioValueError([f"{path} = {float(first)!r}: allowed: {words}"])


def _encode(value: Any, annotation: Any) -> float:
    choices = _choices(annotation)
    if choices:
        return float(choices.index(value))
    return float(value)


def _get(scenario: BaseModel, path: str) -> Any:
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _plan_value(plan: Plan, name: str) -> float:
    value = getattr(plan, name)
    return float("inf") if value is None else float(value)


def _segment_value(segment: Segment, name: str) -> float:
    value = getattr(segment, name)
    return float("nan") if value is None else float(value)


def segment_arrays(scenarios: Sequence[Scenario]) -> dict[str, Floats]:
    """(B, S) arrays of every segment number field; NaN where a segment takes the
    organisation's or the mail profile's value."""
    return {
        name: np.array(
            [[_segment_value(seg, name) for seg in s.segments] for s in scenarios],
            dtype=np.float64,
        ).reshape(len(scenarios), len(scenarios[0].segments))
        for name in SEGMENT_FIELDS
    }


def allowed_places(scenario: Scenario) -> NDArray[np.bool_]:
    """(S, 1 + P): segment s may go in-house (column 0) or on plan j (column j + 1)."""
    labels = [INHOUSE_PLACEMENT, *(p.label for p in scenario.plans)]
    return np.array(
        [
            [not seg.allowed or label in seg.allowed for label in labels]
            for seg in scenario.segments
        ],
        dtype=bool,
    ).reshape(len(scenario.segments), len(labels))


NATIVE_RETENTION = "native_retention_days"
"""(B, P) days each plan keeps deleted mail restorable (``offers.backup_retention_days``), NaN
where unknown: with the backup requirement it decides whether the plan needs a backup product."""


def _retention_days(plan: Plan) -> float:
    days = plan.offers.backup_retention_days
    return float("nan") if days is None else float(days)


SHARED_CAP_GROUP = "shared_cap_group_id"
ONE_EDITION_GROUP = "one_edition_group_id"
"""(B, P) the index of a plan's shared seat-cap group / one-edition group among the first
scenario's group names (sorted), NaN for none: the best-mix search reads them."""


def _group_ids(scenarios: Sequence[Scenario], name: str) -> Floats:
    names = sorted({getattr(p, name) for p in scenarios[0].plans} - {""})
    return np.array(
        [
            [
                float(names.index(getattr(p, name))) if getattr(p, name) in names else np.nan
                for p in s.plans
            ]
            for s in scenarios
        ],
        dtype=np.float64,
    )


OWN_PRICE_HISTORY = "own_price_history"
"""(B, P) 1 where a plan escalates by its own price history (price_escalation_pct_per_year)."""
TENANT = "tenant_id"
MICROSOFT = "microsoft_tenant"
"""(B, P) the index of a plan's provider organisation (its provider's first word: "Microsoft"
and "Microsoft 365" are one tenant) among the first scenario's, and 1 where it is Microsoft's
(Exchange hybrid with in-house Exchange applies to it only)."""


def tenant_of(plan: Plan) -> str:
    """The provider organisation a plan lives in: the provider's first word, lower case."""
    return plan.provider.split()[0].lower()


def _tenant_ids(scenarios: Sequence[Scenario]) -> Floats:
    names = sorted({tenant_of(p) for p in scenarios[0].plans})
    return np.array(
        [
            [float(names.index(tenant_of(p))) if tenant_of(p) in names else np.nan for p in s.plans]
            for s in scenarios
        ],
        dtype=np.float64,
    )


RATE = "finance.exchange_rate_per_usd"
"""(B,) display currency units per US dollar in use (a range may vary it)."""
INPUT_RATE = "input_rate_per_usd"
"""(B,) units of the input currency per US dollar in use: the batch's money is in it."""
INPUT_FOLLOWS = "input_is_display"
"""(B,) 1 where the input currency is the display currency (its rate is the drawn rate)."""
PLAN_RATE = "plan_rate_per_usd"
PLAN_FOLLOWS = "plan_is_display"
PLAN_TO_INPUT = "input_per_plan_unit"
"""(B, P) units of each plan's currency per US dollar, 1 where it is the display currency,
and input units per unit of it (input rate / plan rate): the plan's money fields below are
converted once, at build, by this factor."""


@cache
def plan_money_fields() -> tuple[str, ...]:
    """Plan number fields that are money (registry unit "money..."), stated in the plan's
    currency."""
    from planner.model.fields import plan_spec

    return tuple(name for name in PLAN_FIELDS if plan_spec(name).money)


def display_per_input(batch: Batch) -> Floats:
    """(B,) display units for one input unit: rate(display) / rate(input), the factor every
    money result is multiplied by (:func:`planner.engine.projection.project`)."""
    return np.asarray(batch[RATE] / batch[INPUT_RATE], dtype=np.float64)


def _currency_arrays(scenarios: Sequence[Scenario]) -> tuple[dict[str, Floats], dict[str, Floats]]:
    """The rates in use: (B,) arrays of :data:`INPUT_RATE` and :data:`INPUT_FOLLOWS`, and
    (B, P) arrays of :data:`PLAN_RATE`, :data:`PLAN_FOLLOWS` and :data:`PLAN_TO_INPUT`."""
    fins = [s.finance for s in scenarios]
    values = {
        INPUT_RATE: np.array([f.input_rate_per_usd for f in fins], dtype=np.float64),
        INPUT_FOLLOWS: np.array(
            [float(f.input_currency == f.currency) for f in fins], dtype=np.float64
        ),
    }
    plan_rate = np.array(
        [[s.finance.rate_of(p.currency) for p in s.plans] for s in scenarios], dtype=np.float64
    )
    plans = {
        PLAN_RATE: plan_rate,
        PLAN_FOLLOWS: np.array(
            [[float(p.currency == s.finance.currency) for p in s.plans] for s in scenarios],
            dtype=np.float64,
        ),
        PLAN_TO_INPUT: values[INPUT_RATE][:, None] / plan_rate,
    }
    return values, plans


def _follow_rate(
    rate: Floats, values: dict[str, Floats], plans: dict[str, Floats]
) -> tuple[dict[str, Floats], dict[str, Floats]]:
    """A new display rate (a range drawing it): the input currency and the plans' currencies
    that are the display currency take it, and the plans' money moves by the change of
    input units per plan unit (a US dollar plan costs more pounds of Egypt at a higher rate;
    an input typed in the display currency does not move)."""
    values = {**values, RATE: rate}
    values[INPUT_RATE] = np.where(values[INPUT_FOLLOWS] == 1, rate, values[INPUT_RATE])
    plan_rate = np.where(plans[PLAN_FOLLOWS] == 1, rate[:, None], plans[PLAN_RATE])
    factor = values[INPUT_RATE][:, None] / plan_rate
    change = factor / plans[PLAN_TO_INPUT]
    plans = {**plans, PLAN_RATE: plan_rate, PLAN_TO_INPUT: factor}
    for name in plan_money_fields():
        plans[name] = plans[name] * change
    return values, plans


@dataclass(frozen=True)
class Batch:
    """B scenario variants as arrays (see the module docstring)."""

    values: Mapping[str, Floats]
    plans: Mapping[str, Floats]
    plan_labels: tuple[str, ...]
    size: int
    segments: Mapping[str, Floats] = dataclasses.field(default_factory=dict)  # (B, S) each
    segment_labels: tuple[str, ...] = ()  # empty: one group, everyone
    allowed: NDArray[np.bool_] = dataclasses.field(
        default_factory=lambda: np.ones((0, 0), dtype=bool)
    )  # (S, 1 + P), the first scenario's

    @classmethod
    def from_scenarios(cls, scenarios: Sequence[Scenario]) -> Batch:
        """Stack scenarios that share one plan list (same names, any prices)."""
        if not scenarios:
            raise ScenarioValueError(["a batch needs at least one scenario"])
        labels = tuple(p.label for p in scenarios[0].plans)
        segment_labels = tuple(seg.name for seg in scenarios[0].segments)
        for s in scenarios[1:]:
            if tuple(p.label for p in s.plans) != labels:
                raise ScenarioValueError(
                    [f"scenario {s.name!r}: scenarios in one batch must list the same plans"]
                )
            if tuple(seg.name for seg in s.segments) != segment_labels:
                raise ScenarioValueError(
                    [f"scenario {s.name!r}: scenarios in one batch must list the same segments"]
                )
        paths = numeric_paths()
        values = {
            path: np.array([_encode(_get(s, path), kind) for s in scenarios], dtype=np.float64)
            for path, kind in paths.items()
        }
        # the display rate in use (0 in a scenario means the currency's dated default)
        values[RATE] = np.array([s.finance.rate_per_usd for s in scenarios], dtype=np.float64)
        rates, plans = _currency_arrays(scenarios)
        values.update(rates)
        plans.update(
            {
                name: np.array(
                    [[_plan_value(p, name) for p in s.plans] for s in scenarios],
                    dtype=np.float64,
                )
                for name in PLAN_FIELDS
            }
        )
        for name in plan_money_fields():  # the boundary: a plan's money in input units
            plans[name] = plans[name] * plans[PLAN_TO_INPUT]
        plans[NATIVE_RETENTION] = np.array(
            [[_retention_days(p) for p in s.plans] for s in scenarios], dtype=np.float64
        )
        plans[SHARED_CAP_GROUP] = _group_ids(scenarios, "shared_cap_group")
        plans[ONE_EDITION_GROUP] = _group_ids(scenarios, "one_edition_group")
        plans[OWN_PRICE_HISTORY] = np.array(
            [[float(p.own_price_history) for p in s.plans] for s in scenarios], dtype=np.float64
        )
        plans[TENANT] = _tenant_ids(scenarios)
        plans[MICROSOFT] = np.array(
            [[float(tenant_of(p) == "microsoft") for p in s.plans] for s in scenarios],
            dtype=np.float64,
        )
        return cls(
            values,
            plans,
            labels,
            len(scenarios),
            segment_arrays(scenarios),
            segment_labels,
            allowed_places(scenarios[0]),
        )

    @classmethod
    def of(cls, scenario: Scenario) -> Batch:
        """A batch of one."""
        return cls.from_scenarios([scenario])

    def __getitem__(self, path: str) -> Floats:
        return self.values[path]

    def repeat(self, size: int) -> Batch:
        """A batch of ``size`` copies of the first scenario."""
        return Batch(
            {k: np.repeat(v[:1], size) for k, v in self.values.items()},
            {k: np.repeat(v[:1], size, axis=0) for k, v in self.plans.items()},
            self.plan_labels,
            size,
            {k: np.repeat(v[:1], size, axis=0) for k, v in self.segments.items()},
            self.segment_labels,
            self.allowed,
        )

    def replace(
        self,
        values: Mapping[str, ArrayLike] | None = None,
        plans: Mapping[str, ArrayLike] | None = None,
        segments: Mapping[str, ArrayLike] | None = None,
    ) -> Batch:
        """A batch with some arrays replaced; scalars broadcast to the batch size.

        Plan arrays broadcast to (B, P): pass (P,) for one value per plan, (B, 1) for one
        value per variant. Unknown paths, values outside a field's bounds, choice indices
        that name no choice and fractions in whole-number fields are refused
        (ScenarioValueError), so a variant is never projected from a value the model forbids.
        """
        new_values = dict(self.values)
        values = dict(values or {})
        rate = values.pop(RATE, None)
        for path, arr in values.items():
            if path not in self.values:
                raise ScenarioValueError([f"{path}: not a numeric scenario field"])
            new = np.broadcast_to(np.asarray(arr, dtype=np.float64), (self.size,)).copy()
            _check(Scenario, path, new)
            new_values[path] = new
        new_plans = dict(self.plans)
        shape = (self.size, len(self.plan_labels))
        for name, arr in (plans or {}).items():
            if name not in self.plans:
                raise ScenarioValueError([f"{name}: not a numeric plan field"])
            new = np.broadcast_to(np.asarray(arr, dtype=np.float64), shape).copy()
            _check(Plan, name, new)
            new_plans[name] = new
        new_segments = dict(self.segments)
        for name, arr in (segments or {}).items():
            if name not in self.segments:
                raise ScenarioValueError([f"{name}: not a numeric segment field"])
            new = np.broadcast_to(
                np.asarray(arr, dtype=np.float64), (self.size, len(self.segment_labels))
            ).copy()
            _check(Segment, name, new[np.isfinite(new)])
            new_segments[name] = new
        if rate is not None:  # last, so plan values given here move with it too
            drawn = np.broadcast_to(np.asarray(rate, dtype=np.float64), (self.size,)).copy()
            if not (drawn > 0).all():
                first = float(drawn[~(drawn > 0)][0])
                raise ScenarioValueError([f"{RATE} = {first!r}: allowed: a rate above 0"])
            _check(Scenario, RATE, drawn)
            new_values, new_plans = _follow_rate(drawn, new_values, new_plans)
        return dataclasses.replace(self, values=new_values, plans=new_plans, segments=new_segments)
