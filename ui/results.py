"""What the views show, computed from a scenario with the engine. Pure: no streamlit.

Each function makes one engine call (one batch), so the app can cache it on the scenario's
JSON text (see :mod:`ui.compute`) and the benchmark can time it without a browser.

    results_of        the scenario itself: projection, summary, plan warnings
    scalability_of    the same scenario at every headcount of a grid (one batch)
    dr_levels_of      the same scenario at each disaster-recovery level (one batch of 4)
    report_csv_of     the long cost table as CSV bytes (the command line's schema)
    summary_csv_of    the summary table as CSV bytes (``planner report --summary-csv``)
    simulation_of     Monte Carlo draws of the scenario's ranges (chunked batches)
    sensitivity_of    the tornado and the break-even values of its top inputs (a few batches)
    breakeven_map_of  the cheapest option over a grid of two inputs (one batch)
    table_csv         an uncertainty table as CSV bytes (``planner simulate --csv`` columns)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from planner.analyses.breakeven_map import (
    DEFAULT_X,
    DEFAULT_Y,
    BreakevenMap,
    breakeven_map,
    default_horizon_axis,
    default_users_axis,
    grid_batch,
)
from planner.analyses.sensitivity import BreakEven, Tornado, breakeven_values, tornado
from planner.analyses.simulation import DEFAULT_CHUNK, Simulation, simulate
from planner.analyses.uncertainty import base_mix_places
from planner.engine.batch import Batch
from planner.engine.categories import LINE_INDEX, Line
from planner.engine.fit_notes import PlanNotes, option_notes, plan_notes
from planner.engine.hosted import is_estimated, plan_availability_pct
from planner.engine.projection import Projection, project
from planner.engine.summary import Summary, summarise
from planner.engine.timeline import HOURS_PER_YEAR, round_half_up
from planner.model.ranges import target_of
from planner.model.scenario import DR_LEVELS, Scenario
from planner.outputs.cells import safe_csv
from planner.outputs.long_table import csv_bytes, long_table
from planner.outputs.summary_table import summary_csv_bytes, summary_table

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

USERS_GRID = np.unique(np.round(np.geomspace(10, 20_000, 56)))
"""Headcounts of the scalability view: 10 to 20,000 users, evenly spaced on a log scale."""
DOWNTIME_LINE = LINE_INDEX[Line("downtime_risk", "operating")]


@dataclass(frozen=True)
class Results:
    """One scenario projected: the engine's arrays and their summary (batch of one)."""

    projection: Projection
    summary: Summary
    notes: dict[str, PlanNotes]  # plan label -> fit reason and notes (planner.engine.fit_notes)
    warnings: dict[str, list[str]]  # option -> every note (in-house's too), as the CLI words them

    @property
    def options(self) -> tuple[str, ...]:
        return self.projection.options

    def fit_reason(self, option: str) -> str:
        """``does not fit: ...`` for a plan that does not fit as is, else ""."""
        notes = self.notes.get(option)
        return "" if notes is None else notes.fit_reason

    @property
    def horizon_years(self) -> int:
        return int(self.projection.horizon[0])


def results_of(scenario: Scenario) -> Results:
    """Project the scenario with full detail, summarise it and word each plan's fit."""
    projection = project(Batch.of(scenario))
    need_mb = scenario.mail.attachment_mb_needed
    notes = plan_notes(projection, scenario.plans, need_mb)
    warnings = option_notes(projection, scenario.plans, need_mb)
    return Results(projection, summarise(projection), notes, warnings)


def best_hosted(summary: Summary, index: int = 0) -> int | None:
    """Option index of the cheapest hosted plan that fits, or None when none fits."""
    return summary.best_hosted(index)


@dataclass(frozen=True)
class Scalability:
    """Cost per user per month of every option across a grid of headcounts."""

    users: Floats  # (N,)
    options: tuple[str, ...]
    cost_per_user_month: Floats  # (N, O); NaN where a plan's user cap is exceeded
    over_cap: Bools  # (N, O); False for in-house


def scalability_of(scenario: Scenario, users: Floats = USERS_GRID) -> Scalability:
    """One batch: the scenario repeated with ``organisation.users`` set to each headcount.

    A plan whose user cap is exceeded in any year at that headcount cannot be bought as is:
    its cost there is NaN (the line stops) rather than a price for a plan nobody can buy.
    """
    grid = np.asarray(users, dtype=np.float64)
    batch = grid_batch(scenario, {"organisation.users": grid})  # segments in users scale too
    projection = project(batch, detail=False, mix_places=base_mix_places(scenario))
    summary = summarise(projection)
    over = np.zeros(summary.tco.shape, dtype=bool)
    over[:, 1 : 1 + summary.plan_count] = projection.hosted.over_cap.any(axis=2)
    cost = np.where(over, np.nan, summary.cost_per_user_month)
    return Scalability(grid, projection.options, cost, over)


def crossings(users: Floats, inhouse: Floats, plan: Floats) -> list[tuple[float, float]]:
    """Where a plan's cost line crosses in-house's: [(users, cost per user-month)].

    Between grid points k and k + 1 where d = plan - in-house changes sign, the crossing is
    interpolated linearly in log(users): u* = exp(ln u_k + (ln u_k+1 - ln u_k) d_k / (d_k - d_k+1)).
    Only strict sign changes count; segments touching a NaN (plan unavailable) are skipped.
    """
    diff = np.asarray(plan, dtype=np.float64) - np.asarray(inhouse, dtype=np.float64)
    logs = np.log(np.asarray(users, dtype=np.float64))
    out: list[tuple[float, float]] = []
    for k in range(len(diff) - 1):
        a, b = diff[k], diff[k + 1]
        if np.isfinite(a) and np.isfinite(b) and a * b < 0:
            share = a / (a - b)
            at_users = float(np.exp(logs[k] + (logs[k + 1] - logs[k]) * share))
            cost = float(inhouse[k] + (inhouse[k + 1] - inhouse[k]) * share)
            out.append((at_users, cost))
    return out


@dataclass(frozen=True)
class DrComparison:
    """In-house at each disaster-recovery level against every hosted plan.

    Plans carry their SLA (a contractual floor) and their expected availability, from which
    the downtime loss is priced, as in-house is.

    Costs are totals over the horizon on the scenario's TCO basis, split into the cost
    without downtime and the expected downtime loss (always computed here, even when the
    scenario leaves downtime out of its TCO).
    """

    levels: tuple[str, ...]
    current_level: int
    currency: str
    inhouse_availability_pct: Floats  # (4,)
    inhouse_cost: Floats  # (4,) TCO without downtime loss
    inhouse_downtime_loss: Floats  # (4,)
    plans: tuple[str, ...]
    plan_sla_pct: Floats  # (P,) the contractual floor
    plan_expected_availability_pct: Floats  # (P,) what downtime is priced from
    plan_availability_estimated: tuple[bool, ...]  # (P,) estimated from the SLA (none published)
    inhouse_internal_sla_pct: float | None  # the internal SLA when in-house runs under one
    plan_sla_credits: tuple[str, ...]  # what each SLA pays back when missed ("" = not published)
    plan_cost: Floats  # (P,)
    plan_downtime_loss: Floats  # (P,)

    @staticmethod
    def downtime_hours_per_year(availability_pct: Floats) -> Floats:
        """(1 - availability) x 8,760 hours."""
        return (1 - np.asarray(availability_pct) / 100) * HOURS_PER_YEAR


def dr_levels_of(scenario: Scenario) -> DrComparison:
    """One batch of four: ``inhouse.disaster_recovery.level`` = 0 (none) .. 3 (hot site)."""
    levels = np.arange(len(DR_LEVELS), dtype=np.float64)
    batch = (
        Batch.of(scenario)
        .repeat(len(levels))
        .replace(values={"inhouse.disaster_recovery.level": levels, "risk.include_downtime": 1.0})
    )
    projection = project(batch, mix_places=base_mix_places(scenario))
    assert projection.costs is not None  # projected with detail
    loss = projection.costs[:, :, DOWNTIME_LINE, :].sum(axis=2)  # (4, O)
    tco = summarise(projection).tco
    cost = tco - loss
    return DrComparison(
        levels=DR_LEVELS,
        current_level=DR_LEVELS.index(scenario.inhouse.disaster_recovery.level),
        currency=scenario.finance.currency,
        inhouse_availability_pct=projection.metrics["inhouse_availability_pct"][:, 1].copy(),
        inhouse_cost=cost[:, 0],
        inhouse_downtime_loss=loss[:, 0],
        plans=projection.options[1 : 1 + len(scenario.plans)],
        plan_sla_pct=batch.plans["sla_pct"][0].copy(),
        plan_expected_availability_pct=plan_availability_pct(batch)[0].copy(),
        plan_availability_estimated=tuple(bool(x) for x in is_estimated(batch)[0]),
        inhouse_internal_sla_pct=scenario.inhouse.disaster_recovery.internal_sla_pct
        if scenario.inhouse.disaster_recovery.has_internal_sla
        else None,
        plan_sla_credits=tuple(p.sla_credits for p in scenario.plans),
        plan_cost=cost[0, 1 : 1 + len(scenario.plans)],
        plan_downtime_loss=loss[0, 1 : 1 + len(scenario.plans)],
    )


def report_csv_of(scenario: Scenario, projection: Projection) -> bytes:
    """The full report as CSV: ``outputs.long_table`` columns, as ``planner report --csv``."""
    table = long_table(projection, scenario.name, scenario.finance.currency)
    return csv_bytes([table])


def summary_csv_of(scenario: Scenario, results: Results) -> bytes:
    """The summary CSV, one row per option, as ``planner report --summary-csv``."""
    table = summary_table(scenario, results.projection, results.summary)
    return summary_csv_bytes(table)


# ---------------------------------------------------------------------------
# Uncertainty: Monte Carlo, sensitivity, break-even map (planner.analyses.simulation & co.)
# ---------------------------------------------------------------------------

MAP_POINTS = 25
"""Values per axis of a break-even map over a pair of fields the user picks (25 x 25 cells)."""
MAP_SPREAD = 4.0
"""A map axis runs from the scenario's value / 4 to its value x 4 (see :func:`map_axis`)."""
MAP_SPAN_AT_ZERO = 100.0
"""A field whose value is 0 is mapped from its lower bound to 100 above it (or its upper bound)."""


def simulation_of(
    scenario: Scenario, draws: int, seed: int, chunk_size: int = DEFAULT_CHUNK
) -> Simulation:
    """``planner.simulate``: ``draws`` seeded draws of the scenario's ranges, evaluated
    ``chunk_size`` at a time."""
    return simulate(scenario, draws=draws, seed=seed, chunk_size=chunk_size)


@dataclass(frozen=True)
class Sensitivity:
    """The tornado (every range's swing on in-house minus the reference plan) and the
    break-even values of its top inputs, as ``planner simulate`` prints them."""

    tornado: Tornado
    breakevens: tuple[BreakEven, ...]


def sensitivity_of(scenario: Scenario) -> Sensitivity:
    """One tornado batch (2k + 1 variants) and the break-even search of the top three inputs."""
    ranked = tornado(scenario)
    return Sensitivity(ranked, breakeven_values(scenario, ranked=ranked))


def _value_of(scenario: Scenario, field: str) -> float:
    node: Any = scenario
    for part in field.split("."):
        node = getattr(node, part)
    return float(node)


def map_axis(scenario: Scenario, field: str, points: int = MAP_POINTS) -> Floats:
    """Values of one axis of a break-even map.

    - ``organisation.users``: 50 log-spaced headcounts from 10 to 20,000;
      ``organisation.horizon_years``: 1 to 15 (the map's defaults).
    - Any other field: ``points`` values from v / 4 to 4 v around the scenario's value v
      (v = 0: from the lower bound to 100 above it), clipped to the field's bounds (the
      whole allowed span when that leaves nothing).
    Spacing is logarithmic when the span is positive and its ends differ tenfold or more,
    else linear; whole-number fields are rounded (every whole number when there are at most
    ``points`` of them).
    """
    if field == DEFAULT_X:
        return default_users_axis()
    if field == DEFAULT_Y:
        return default_horizon_axis()
    target = target_of(field, None)
    step = 1.0 if target.integer else 1e-9 * max(1.0, abs(target.high - target.low))
    lowest = max(target.low, -1e9) + (step if target.low_open else 0.0)
    highest = min(target.high, 1e9) - (step if target.high_open else 0.0)
    value = _value_of(scenario, field)
    if value != 0:
        ends = (value / MAP_SPREAD, value * MAP_SPREAD)
        low, high = min(ends), max(ends)
    else:
        low, high = lowest, lowest + MAP_SPAN_AT_ZERO
    low, high = max(low, lowest), min(high, highest)
    if high <= low:
        low, high = lowest, highest
    if target.integer:
        low = max(lowest, float(np.floor(low + 0.5)))
        high = min(highest, float(np.floor(high + 0.5)))
        if high - low + 1 <= points:
            return np.arange(low, high + 1)
    if low > 0 and high / low >= 10:
        grid = np.geomspace(low, high, points)
    else:
        grid = np.linspace(low, high, points)
    return np.unique(round_half_up(grid)) if target.integer else grid


def breakeven_map_of(
    scenario: Scenario, x_field: str = DEFAULT_X, y_field: str = DEFAULT_Y
) -> BreakevenMap:
    """``planner.analyses.breakeven_map`` over :func:`map_axis` values of two fields (one batch)."""
    return breakeven_map(
        scenario, x_field, map_axis(scenario, x_field), y_field, map_axis(scenario, y_field)
    )


def table_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes of an uncertainty table: the columns of ``planner simulate --csv``, numbers
    at full precision, text cells made inert for spreadsheets
    (:func:`planner.outputs.cells.safe_csv`)."""
    return safe_csv(table)
