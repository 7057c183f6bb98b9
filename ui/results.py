"""What the views show, computed from a scenario with the engine. Pure: no streamlit.

Each function makes one engine call (one batch), so the app can cache it on the scenario's
JSON text (see :mod:`ui.compute`) and the benchmark can time it without a browser.

    results_of        the scenario itself: projection, summary, plan warnings
    report_csv_of     the long cost table as CSV bytes (the command line's schema)
    summary_csv_of    the summary table as CSV bytes (``planner report --summary-csv``)
    simulation_of     Monte Carlo draws of the scenario's ranges (chunked batches)
    sensitivity_of    the tornado and the break-even values of its top inputs (a few batches)
    breakeven_map_of  the cheapest option over a grid of two inputs (one batch)
    table_csv         an uncertainty table as CSV bytes (``planner simulate --csv`` columns)

The scalability and disaster-recovery analyses live in :mod:`planner.analyses.scalability`
and :mod:`planner.analyses.dr_levels` (``planner scale`` prints them); their result types
are re-exported here for the table and figure builders.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner.analyses.breakeven_map import (
    DEFAULT_X,
    DEFAULT_Y,
    BreakevenMap,
    breakeven_map,
    map_axis,
)
from planner.analyses.sensitivity import BreakEven, Tornado, breakeven_values, tornado
from planner.analyses.simulation import DEFAULT_CHUNK, Simulation, simulate
from planner.engine.fit_notes import PlanNotes, option_notes, plan_notes
from planner.engine.projection import Projection, project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary, summarise
from planner.model.scenario import Scenario
from planner.outputs.cells import safe_csv
from planner.outputs.long_table import csv_bytes, long_table
from planner.outputs.move_timing import capable_targets
from planner.outputs.summary_table import summary_csv_bytes, summary_table


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
    projection = project(Batch.of(scenario), capable=capable_targets(scenario))
    need_mb = scenario.mail.attachment_mb_needed
    notes = plan_notes(projection, scenario.plans, need_mb)
    warnings = option_notes(projection, scenario.plans, need_mb)
    return Results(projection, summarise(projection), notes, warnings)


def best_hosted(summary: Summary, index: int = 0) -> int | None:
    """Option index of the cheapest hosted plan that fits, or None when none fits."""
    return summary.best_hosted(index)


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
