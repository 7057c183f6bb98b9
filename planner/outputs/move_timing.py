"""The report's "When to move" section: each target's TCO by the year of the move.

From Exchange 2016 / 2019 with servers that still serve, every path is priced as staying on
today's servers until year m and then upgrading in place or moving
(planner.engine.platform_paths.move_timing); this turns that grid into rows for the HTML and Excel
reports, targets that fit first. None for other scenarios. :func:`capable_targets` is the Fit
analysis' verdict on capabilities that the stay path's forced move and the move timing honour
(passed to ``project_scenario(..., capable=...)`` by the report, the app and the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.analyses.fit import active_requirements, fit_matrix
from planner.engine.path_notes import year_text
from planner.engine.platform_paths import capable_from_fit, move_timing
from planner.engine.projection import Projection
from planner.engine.scenario_arrays import Batch
from planner.model.scenario import Scenario

TIMING_NOTE = (
    "Each figure is the total cost over the horizon of staying on today's servers until that "
    "year (running them, staff, the unsupported-software risk, paid security updates while on "
    "sale) and then upgrading in place or moving, the migration counted. Moving now also sells "
    "the old hardware; past today's servers' life, staying buys the same servers and disk "
    "again, and the upgrade in place buys its own servers when they retire and runs the old "
    "Exchange on them until the upgrade."
)


def capable_targets(scenario: Scenario) -> NDArray[np.bool_]:
    """Where a forced move may go on capabilities, (1 + P,): the Fit analysis' matrix
    (:func:`planner.analyses.fit.fit_matrix`) read by
    :func:`planner.engine.platform_paths.capable_from_fit`."""
    keys = [r.spec.key for r in active_requirements(scenario)]
    return capable_from_fit(keys, [[c.meets for c in row] for row in fit_matrix(scenario).cells])


@dataclass(frozen=True)
class TimingRow:
    """One target: its TCO for each move year and the cheapest year."""

    target: str
    fits: bool
    tco: tuple[float, ...]
    best_year: str


@dataclass(frozen=True)
class TimingSection:
    """Cost by move year, one row per target."""

    years: tuple[str, ...]  # "now", "year 1", ... "year n (end of the servers' life)"
    rows: tuple[TimingRow, ...]
    cheapest: str  # the target that fits with the lowest TCO in its best year
    cheapest_year: str


def timing_section(scenario: Scenario, p: Projection) -> TimingSection | None:
    """The section for a scenario on Exchange 2016 / 2019 with a later year to compare."""
    if scenario.current.platform not in ("exchange_2016", "exchange_2019"):
        return None
    targets = p.options[: 1 + len(scenario.plans)]
    timing = move_timing(Batch.of(scenario), targets, capable=p.capable)
    if len(timing.years) < 2:
        return None
    order = sorted(range(len(targets)), key=lambda k: (not timing.fits[k], k))
    rows = tuple(
        TimingRow(
            targets[k],
            bool(timing.fits[k]),
            tuple(float(x) for x in timing.tco[k]),
            year_text(timing.best_year(k), timing.last, timing.paid_until),
        )
        for k in order
    )
    best = timing.cheapest_target()
    return TimingSection(
        years=tuple(year_text(m, timing.last, timing.paid_until) for m in timing.years),
        rows=rows,
        cheapest=targets[best],
        cheapest_year=year_text(timing.best_year(best), timing.last, timing.paid_until),
    )
