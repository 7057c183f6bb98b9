"""Uncertain inputs: resolve a scenario's ranges, draw values, put them into a batch.

The range model (``[uncertainty] ranges = [...]`` in a scenario file) is in
:mod:`planner.model.ranges`. Conventions, stated once:

- Draws are reproducible: range i draws from its own stream, child i of
  ``SeedSequence(seed)``, so changing one range never changes another range's draws.
- PERT (lambda = 4) on [a, b] with mode m:  x = a + (b - a) Beta(alpha, beta),
  alpha = 1 + 4 (m - a) / (b - a),  beta = 1 + 4 (b - m) / (b - a),  mean (a + 4m + b) / 6.
- Triangular on [a, b] with mode m: numpy's ``Generator.triangular``; quantile
  F^-1(q) = a + sqrt(q (b - a)(m - a)) for q <= (m - a) / (b - a), else
  b - sqrt((1 - q)(b - a)(b - m)).
- ``low == high`` pins the input (no random numbers used). Whole-number fields are rounded
  half up after drawing.
- A ``plans.<field>`` range with ``plan = "all"`` multiplies every plan's value by x / 100.
- A ``segments.<field>`` range sets that segment's own value (column s of the batch's (B, S)
  segment arrays). A ``segments.users`` range changes that segment only: the organisation's
  users in the variant are the sum of its segments' users (the engine counts them so), which
  then differs from ``organisation.users`` - the model's rule that segments make up the
  organisation holds for the scenario as written, not for its variants.
- An ``organisation.users`` range (or map axis) on a scenario with segments scales each
  segment given in users: N_s = max(1, round(N_s x x / N)); segments given as a share follow
  ``organisation.users`` by themselves. A ``segments.users`` range on the same segment wins.
- With segments, every variant is evaluated on the base case's best mix (the placement found
  for the scenario as given, :func:`base_mix_places`), not on a placement searched again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from planner.engine.projection import project
from planner.engine.scenario_arrays import PLAN_TO_INPUT, Batch, plan_money_fields
from planner.engine.summary import Summary, summarise
from planner.engine.timeline import round_half_up
from planner.errors import ScenarioValueError
from planner.model.fields import spec_at
from planner.model.ranges import (
    ALL_PLANS,
    PERCENT_BOUNDS,
    PLANS_PREFIX,
    SEGMENTS_PREFIX,
    Range,
    Target,
    Uncertainty,
    number_text,
    target_of,
)
from planner.model.scenario import Scenario

Floats = NDArray[np.float64]

__all__ = [
    "Input",
    "Range",
    "Uncertainty",
    "apply",
    "base_mix_places",
    "evaluate",
    "inert_inputs",
    "input_values",
    "median_pushes",
    "off_input",
    "range_median",
    "resolve",
    "sample",
    "sample_range",
    "scaled_percent_bounds",
]


@dataclass(frozen=True)
class Input:
    """One range resolved against a scenario: where its values go and what they replace."""

    range: Range
    target: Target
    plan_index: int | None  # column of the plan for a one-plan range, else None
    current: float  # the scenario's own value (100 for a range over every plan)
    percent_bounds: tuple[float, float] | None = None  # every-plan range: allowed percent
    segment_index: int | None = None  # column of the segment for a segments.* range

    @property
    def key(self) -> str:
        """``organisation.users`` or ``plans.price_per_user_month[all]``."""
        return self.range.key

    @property
    def label(self) -> str:
        """What the input is, for people (the field's description)."""
        return self.target.description

    @property
    def integer(self) -> bool:
        """Whole-number field: draws are rounded."""
        return self.target.integer

    def search_bounds(self) -> tuple[float, float]:
        """Closed interval of allowed values (open bounds moved just inside; caps at 1e9).

        For a range over every plan: the percents that keep every plan's value inside the
        field's bounds (:func:`scaled_percent_bounds`), not the whole 0-1000%.
        """
        if self.percent_bounds is not None:
            return self.percent_bounds
        t = self.target
        step = 1.0 if t.integer else 1e-9 * max(1.0, abs(t.high - t.low))
        low = max(t.low, -1e9) + (step if t.low_open else 0.0)
        high = min(t.high, 1e9) - (step if t.high_open else 0.0)
        return low, high


def _plan_field(field: str) -> str:
    return field[len(PLANS_PREFIX) :]


def _segment_field(field: str) -> str:
    return field[len(SEGMENTS_PREFIX) :]


def _segment_input(scenario: Scenario, r: Range, where: str) -> Input | str:
    """A ``segments.*`` range resolved to its segment's column, or what is wrong with it."""
    names = [seg.name for seg in scenario.segments]
    if r.segment not in names:
        listed = ", ".join(names) if names else "none (the scenario has no [[segments]])"
        return f"{where}: no segment named {r.segment!r}; segments: {listed}"
    s = names.index(r.segment)
    name = _segment_field(r.field)
    value = getattr(scenario.segments[s], name)
    if value is None:
        other = {"users": "share_pct", "share_pct": "users"}.get(name)
        instead = (
            f"it is given by {other}: put the range on segments.{other}"
            if other
            else "it takes the organisation's or the mail profile's value: set "
            f"{name} on the segment to give it a range"
        )
        return f"{where}: segment {r.segment!r} does not set {name}; {instead}"
    return Input(r, r.target, None, float(value), segment_index=s)


def resolve(scenario: Scenario) -> tuple[Input, ...]:
    """The scenario's ranges with plan columns and current values.

    Raises ScenarioValueError when a range names a plan or a segment the scenario does not
    list, a segment field the segment does not set, or when scaling every plan would take
    some plan outside the field's bounds.
    """
    labels = [p.label for p in scenario.plans]
    out: list[Input] = []
    problems: list[str] = []
    for i, r in enumerate(scenario.uncertainty.ranges):
        target = r.target
        where = f"uncertainty.ranges[{i}] ({r.key})"
        if r.segment is not None:
            found = _segment_input(scenario, r, where)
            if isinstance(found, str):
                problems.append(found)
            else:
                out.append(found)
            continue
        if r.plan is None:
            node: Any = scenario
            for part in r.field.split("."):
                node = getattr(node, part)
            out.append(Input(r, target, None, float(node)))
            continue
        name = _plan_field(r.field)
        if r.plan == ALL_PLANS:
            bad = _scaled_out_of_bounds(scenario, name, r)
            if bad:
                problems.append(f"{where}: {bad}")
                continue
            bounds = scaled_percent_bounds(scenario, name, r)
            out.append(Input(r, target, None, 100.0, bounds))
            continue
        if r.plan not in labels:
            problems.append(
                f'{where}: no plan named {r.plan!r}; plans: {", ".join(labels)} (or "all")'
            )
            continue
        j = labels.index(r.plan)
        value = getattr(scenario.plans[j], name)
        out.append(Input(r, target, j, float("inf") if value is None else float(value)))
    if problems:
        raise ScenarioValueError(problems)
    return tuple(out)


def _scaled_out_of_bounds(scenario: Scenario, name: str, r: Range) -> str:
    for plan in scenario.plans:
        listed = getattr(plan, name)
        if listed is None:
            continue
        one = target_of(r.field, plan.label)
        for pct in (r.low, r.high):
            value = float(listed) * pct / 100
            if one.integer:
                value = float(np.floor(value + 0.5))
            if not one.allows(value):
                return (
                    f"{pct:g}% of {plan.label}'s {name} ({number_text(float(listed))}) is "
                    f"{number_text(value)}, outside {one.bounds_text()}"
                )
    return ""


def _scaled(listed: float, pct: float, integer: bool) -> float:
    """A plan's value scaled to ``pct`` percent, as :func:`apply` computes it."""
    value = listed * (pct / 100)
    return float(np.floor(value + 0.5)) if integer else value


def scaled_percent_bounds(scenario: Scenario, name: str, r: Range) -> tuple[float, float]:
    """The percents p that keep every plan's ``name`` inside the field's bounds.

    A plan listing v > 0 with bounds [lo, hi] allows lo <= v p / 100 <= hi, that is
    100 lo / v <= p <= 100 hi / v (a whole-number field is rounded half up first, so there
    lo - 0.5 <= v p / 100 < hi + 0.5); the result is the intersection over the plans and
    with 0-1000%, each end moved inwards until open bounds and rounding hold too (never past
    the range's own low and high, which are checked to be allowed). A plan listing 0, or no
    value (no cap), keeps it at any percent.

    >>> from planner.model.files import default_scenario
    >>> from planner.model.ranges import Range
    >>> s = default_scenario()  # every bundled plan commits to 99.9%; sla_pct is 90-100
    >>> r = Range(field="plans.sla_pct", plan="all", low=99, mode=100, high=100)
    >>> [round(b, 6) for b in scaled_percent_bounds(s, "sla_pct", r)]  # 9000/99.9, 10000/99.9
    [90.09009, 100.1001]
    """
    low, high = PERCENT_BOUNDS
    listed: list[tuple[float, Target]] = []
    for plan in scenario.plans:
        value = getattr(plan, name)
        if value is None or value == 0:
            continue
        one = target_of(r.field, plan.label)
        listed.append((float(value), one))
        half = 0.5 if one.integer else 0.0
        low = max(low, 100 * (one.low - half) / float(value))
        high = min(high, 100 * (one.high + half) / float(value))

    def allowed(pct: float) -> bool:
        return all(one.allows(_scaled(v, pct, one.integer)) for v, one in listed)

    low, high = min(low, r.low), max(high, r.high)
    return _step_inside(low, r.low, allowed), _step_inside(high, r.high, allowed)


def _step_inside(end: float, towards: float, allowed: Callable[[float], bool]) -> float:
    """``end``, or the first allowed point on the way to ``towards`` (doubling steps)."""
    step = 1e-12 * max(1.0, abs(end))
    while not allowed(end) and end != towards:
        end = min(end + step, towards) if towards > end else max(end - step, towards)
        step *= 2
    return end


def sample_range(r: Range, count: int, rng: np.random.Generator) -> Floats:
    """``count`` draws of one range (not yet rounded)."""
    a, m, b = r.low, r.mode, r.high
    if b == a:
        return np.full(count, a, dtype=np.float64)
    if r.shape == "triangular":
        return rng.triangular(a, m, b, count)
    alpha = 1 + 4 * (m - a) / (b - a)
    beta = 1 + 4 * (b - m) / (b - a)
    return np.clip(a + (b - a) * rng.beta(alpha, beta, count), a, b)


PERT_GRID_POINTS = 20_001
"""Points of the grid on which a PERT range's distribution function is integrated (the
median is then within about 1e-8 of the range's span)."""


def range_median(r: Range) -> float:
    """The median of a range's draws (before whole-number rounding), a ``low``..``high`` value.

    Triangular: F^-1(1/2) = a + sqrt((b - a)(m - a) / 2) when m - a >= (b - a) / 2, else
    b - sqrt((b - a)(b - m) / 2). PERT: a + (b - a) x the median of Beta(alpha, beta), the
    point where the density x^(alpha-1) (1 - x)^(beta-1), integrated from 0 (trapezoid rule
    on PERT_GRID_POINTS points), reaches half its total. Symmetric ranges (m = (a + b) / 2)
    have their median at the mode; a range reaching further above its mode than below has
    its median above the mode.
    """
    a, m, b = r.low, r.mode, r.high
    if b == a:
        return a
    if r.shape == "triangular":
        if m - a >= (b - a) / 2:
            return a + float(np.sqrt((b - a) * (m - a) / 2))
        return b - float(np.sqrt((b - a) * (b - m) / 2))
    alpha = 1 + 4 * (m - a) / (b - a)
    beta = 1 + 4 * (b - m) / (b - a)
    x = np.linspace(0.0, 1.0, PERT_GRID_POINTS)
    density = x ** (alpha - 1) * (1 - x) ** (beta - 1)
    cdf = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2)])
    return a + (b - a) * float(np.interp(0.5, cdf / cdf[-1], x))


def median_values(inputs: Sequence[Input]) -> Floats:
    """The median of every input's draws, (k,); whole-number inputs rounded half up."""
    out = np.array([range_median(item.range) for item in inputs], dtype=np.float64)
    integer = np.array([item.integer for item in inputs], dtype=bool)
    return np.where(integer, round_half_up(out), out)


@dataclass(frozen=True)
class MedianPushes:
    """Why the draws' median may sit away from the figure with every input as entered.

    ``point`` (O,): TCO of every option with every input as entered (the Overview's);
    ``at_modes`` (O,): with every range at its most likely value (the same when every range
    follows its input); ``pushes`` (k, O): TCO with input i at the median of its range and
    every other at its most likely value, minus ``at_modes``. A skewed range (further from
    its most likely value on one side) has its median off its mode, and so pushes the TCO.
    """

    point: Floats
    at_modes: Floats
    pushes: Floats


def median_pushes(
    scenario: Scenario, inputs: Sequence[Input], mix_places: tuple[int, ...] | None = None
) -> MedianPushes:
    """Each input's push on the TCO when it sits at its median (one batch of k + 2 variants:
    as entered, every input at its mode, then each input alone at its median)."""
    k = len(inputs)
    modes = input_values(inputs, "mode")
    values = np.repeat(modes[:, None], k + 1, axis=1)
    values[np.arange(k), np.arange(1, k + 1)] = median_values(inputs)
    places = mix_places if mix_places is not None else base_mix_places(scenario)
    tco = evaluate(scenario, inputs, values, mix_places=places).tco
    point = evaluate(scenario, (), np.empty((0, 1)), mix_places=places).tco[0]
    return MedianPushes(point=point, at_modes=tco[0], pushes=tco[1:] - tco[0])


def sample(inputs: Sequence[Input], draws: int, seed: int | None) -> Floats:
    """(k, draws) values of the k inputs, whole-number inputs rounded half up."""
    streams = np.random.SeedSequence(seed).spawn(len(inputs))
    out = np.empty((len(inputs), draws))
    for i, (item, stream) in enumerate(zip(inputs, streams, strict=True)):
        values = sample_range(item.range, draws, np.random.default_rng(stream))
        out[i] = round_half_up(values) if item.integer else values
    return out


def input_values(inputs: Sequence[Input], which: str) -> Floats:
    """The ``low``, ``mode`` or ``high`` of every input, (k,)."""
    return np.array([getattr(item.range, which) for item in inputs], dtype=np.float64)


def apply(batch: Batch, inputs: Sequence[Input], values: Floats) -> Batch:
    """``batch`` with input i set to ``values[i]`` ((k, B) array) in every element.

    Ranges over every plan scale the batch's own plan values (x / 100); one-plan ranges set
    that plan's column. Scaling is applied first, so a one-plan range wins for its plan.
    Segment ranges set their segment's column, after ``organisation.users`` has scaled the
    segments given in users (:func:`with_organisation_users`).
    """
    if values.shape != (len(inputs), batch.size):
        raise ValueError(f"values must be (inputs, batch) = {(len(inputs), batch.size)}")
    scenario_values: dict[str, Floats] = {}
    plan_values: dict[str, Floats] = {}
    segment_values: dict[str, Floats] = {}
    ordered = sorted(range(len(inputs)), key=lambda i: inputs[i].plan_index is not None)
    for i in ordered:
        item = inputs[i]
        if item.segment_index is not None:
            continue
        if item.range.plan is None:
            scenario_values[item.range.field] = values[i]
            continue
        name = _plan_field(item.range.field)
        current = plan_values.get(name, batch.plans[name])
        if item.plan_index is None:  # every plan, percent of its own value
            current = current * (values[i][:, None] / 100)
            if target_of(item.range.field, batch.plan_labels[0]).integer:
                current = round_half_up(current)  # no cap (inf) stays inf
        else:
            current = current.copy()
            money = name in plan_money_fields()  # typed in the plan's currency: to input units
            factor = batch.plans[PLAN_TO_INPUT][:, item.plan_index] if money else 1.0
            current[:, item.plan_index] = values[i] * factor
        plan_values[name] = current
    users = scenario_values.get("organisation.users")
    if users is not None and batch.segment_labels:
        segment_values["users"] = with_organisation_users(batch, users)
    for item, row in zip(inputs, values, strict=True):
        if item.segment_index is not None:
            name = _segment_field(item.range.field)
            current = segment_values.get(name, batch.segments[name]).copy()
            current[:, item.segment_index] = row
            segment_values[name] = current
    return batch.replace(values=scenario_values, plans=plan_values, segments=segment_values)


def with_organisation_users(batch: Batch, users: Floats) -> Floats:
    """Segment users (B, S) when the organisation has ``users`` (B,) instead of its own:
    each segment given in users scaled, N_s x users / N rounded half up, at least 1; NaN
    (given as a share, which follows organisation.users by itself) kept."""
    own = batch.segments["users"]
    ratio = users / batch["organisation.users"]
    scaled = np.maximum(1.0, round_half_up(own * ratio[:, None]))
    return np.where(np.isfinite(own), scaled, own)


OVERRIDDEN_BY_SEGMENTS = {
    "organisation.growth_pct_per_year": "growth_pct_per_year",
    "mail.mailbox_gb": "mailbox_gb",
    "mail.mailbox_growth_gb_per_year": "mailbox_growth_gb_per_year",
    "mail.messages_per_user_day": "messages_per_user_day",
    "mail.attachment_mb_needed": "attachment_mb_needed",
}
"""Organisation and mail-profile fields a segment replaces with its own value when it sets one."""


def inert_inputs(scenario: Scenario, inputs: Sequence[Input]) -> tuple[tuple[Input, str], ...]:
    """Ranges on an organisation or mail-profile field that every segment sets for itself:
    they change no cost. (input, the segment field that replaces it) pairs."""
    if not scenario.segments:
        return ()
    out = []
    for item in inputs:
        own = OVERRIDDEN_BY_SEGMENTS.get(item.key)
        if own and all(getattr(seg, own) is not None for seg in scenario.segments):
            out.append((item, own))
    return tuple(out)


def input_named(key: str) -> str:
    """A range's input as messages name a field: its title, then its key
    (``Users today (organisation.users)``, ``Price (plans.price_per_user_month[A B])``)."""
    spec = spec_at(key.split("[", 1)[0])
    return f"{spec.title} ({key})" if spec is not None else key


def off_input(inputs: Sequence[Input]) -> tuple[Input, ...]:
    """Ranges whose most likely value is not the scenario's own value (pinned ranges typed so):
    their draws centre on the range, not on the input."""
    return tuple(
        item
        for item in inputs
        if item.range.plan != ALL_PLANS
        and np.isfinite(item.current)
        and item.range.mode != item.current
    )


def inert_notes(scenario: Scenario, inputs: Sequence[Input]) -> list[str]:
    """A note for each range on a field every segment sets for itself (it changes nothing)."""
    return [
        f"note: {input_named(item.key)} changes nothing here: every segment sets its own "
        f"{own} (give the range on segments.{own} instead)"
        for item, own in inert_inputs(scenario, inputs)
    ]


def mode_notes(scenario: Scenario, inputs: Sequence[Input]) -> list[str]:
    """Notes on ranges that will not do what their numbers suggest: a range whose mode
    differs from the scenario's own value (the draws centre on the range), and a range on a
    field every segment sets for itself (it changes nothing). Inputs are named by their label
    and key as written in the scenario: a caller escapes them for its surface."""
    return [
        f"note: {input_named(item.key)} has mode {number_text(item.range.mode)} but the "
        f"scenario says {number_text(item.current)}; the draws and the tornado use the range"
        for item in off_input(inputs)
    ] + inert_notes(scenario, inputs)


def base_mix_places(scenario: Scenario) -> tuple[int, ...] | None:
    """The best mix of the scenario as given (per segment: 0 in-house, j + 1 plan j), for
    evaluating its variants on that placement; None without segments."""
    if not scenario.segments:
        return None
    mix = project(Batch.of(scenario), detail=False).mix
    return None if mix is None else mix.best.places


def evaluate(
    scenario: Scenario,
    inputs: Sequence[Input],
    values: Floats,
    years_count: int | None = None,
    mix_places: tuple[int, ...] | None = None,
) -> Summary:
    """Summary of the scenario with input i set to ``values[i, b]`` in variant b, one batch.

    With segments every variant is priced on the base case's best mix: ``mix_places`` when
    given (found once by the caller), else :func:`base_mix_places`."""
    batch = apply(Batch.of(scenario).repeat(values.shape[1]), inputs, values)
    places = mix_places if mix_places is not None else base_mix_places(scenario)
    return summarise(project(batch, detail=False, years_count=years_count, mix_places=places))
