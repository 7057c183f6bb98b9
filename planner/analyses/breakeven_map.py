"""Break-even map: which option is cheapest over a grid of two inputs, and by how much.

By default the grid is headcount (50 log-spaced values from 10 to 20,000 users) by horizon
(1 to 15 years); any two number fields of the scenario can be used instead. Every other
input keeps the scenario's own value. The whole grid is one batch (horizons may differ per
cell: the engine masks the years after each cell's own horizon). Arrays are (ny, nx):

    cheapest = index of the cheapest option that fits
    margin   = TCO(in-house) - TCO(cheapest hosted plan that fits): above zero hosted wins
               by that much, below zero in-house wins (NaN when no plan fits)
    margin_pct = 100 x margin / TCO(cheapest hosted plan that fits)
    lead     = TCO(second cheapest option that fits) - TCO(cheapest): how clear the winner is

With segments, every cell keeps the base case's best mix (the placement found for the
scenario as given), which fits a cell only while its plans still hold their segments
(:mod:`planner.analyses.placement`); an ``organisation.users`` axis scales the segments given
in users (:func:`planner.analyses.uncertainty.with_organisation_users`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from planner.analyses.placement import placement_fits, with_mix_fits
from planner.analyses.uncertainty import base_mix_places, with_organisation_users
from planner.engine.projection import project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.engine.timeline import round_half_up
from planner.errors import ScenarioValueError
from planner.model.paths import value_at
from planner.model.ranges import scenario_number_fields, target_of
from planner.model.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

Floats = NDArray[np.float64]
DEFAULT_X = "organisation.users"
DEFAULT_Y = "organisation.horizon_years"
MAX_CELLS = 10_000
MAP_POINTS = 25
"""Values per axis of a break-even map over a pair of fields the user picks (25 x 25 cells)."""
MAP_SPREAD = 4.0
"""A map axis runs from the scenario's value / 4 to its value x 4 (see :func:`map_axis`)."""
MAP_SPAN_AT_ZERO = 100.0
"""A field whose value is 0 is mapped from its lower bound to 100 above it (or its upper bound)."""


def default_users_axis(count: int = 50, low: float = 10, high: float = 20_000) -> Floats:
    """Log-spaced whole headcounts from ``low`` to ``high`` (duplicates after rounding dropped)."""
    return np.unique(round_half_up(np.geomspace(low, high, count)))


def default_horizon_axis() -> Floats:
    """Every horizon the scenario model allows: 1 to 15 years."""
    return np.arange(1.0, 16.0)


def axis_values(field: str, values: ArrayLike) -> Floats:
    """Check an axis: a number field, values inside its bounds, whole numbers rounded."""
    if field not in scenario_number_fields():
        known = "organisation.users, organisation.horizon_years, staff.salary_per_fte_year, ..."
        raise ScenarioValueError([f"map axis {field!r}: not a number field (e.g. {known})"])
    target = target_of(field, None)
    arr = np.asarray(values, dtype=np.float64).reshape(-1)
    if arr.size == 0 or not np.isfinite(arr).all():
        raise ScenarioValueError([f"map axis {field}: needs finite values"])
    if target.integer:
        arr = np.unique(round_half_up(arr))
    bad = [v for v in arr if not target.allows(float(v))]
    if bad:
        raise ScenarioValueError(
            [f"map axis {field} = {bad[0]:g}: allowed: {target.bounds_text()}"]
        )
    return arr


@dataclass(frozen=True)
class BreakevenMap:
    """The cheapest option and its margin over a grid (see the module docstring)."""

    x_field: str
    x_values: Floats  # (nx,)
    y_field: str
    y_values: Floats  # (ny,)
    options: tuple[str, ...]
    currency: str
    tco: Floats  # (ny, nx, O)
    fits: NDArray[np.bool_]  # (ny, nx, O)
    cheapest: NDArray[np.int64]  # (ny, nx)
    margin: Floats  # (ny, nx)
    margin_pct: Floats  # (ny, nx)
    lead: Floats  # (ny, nx)

    def table(self) -> pd.DataFrame:
        """Long table: one row per cell with x, y, cheapest option, margin and lead."""
        import pandas as pd

        ny, nx = self.cheapest.shape
        return pd.DataFrame(
            {
                self.x_field: np.tile(self.x_values, ny),
                self.y_field: np.repeat(self.y_values, nx),
                "cheapest": np.array(self.options, dtype=object)[self.cheapest.reshape(-1)],
                "inhouse_minus_best_hosted": self.margin.reshape(-1),
                "inhouse_minus_best_hosted_pct": self.margin_pct.reshape(-1),
                "lead_over_second": self.lead.reshape(-1),
                "currency": self.currency,
            }
        )


def grid_batch(scenario: Scenario, values: dict[str, Floats]) -> Batch:
    """The scenario repeated once per cell with the axes' values; segments given in users
    scaled with an organisation.users axis."""
    size = len(next(iter(values.values())))
    batch = Batch.of(scenario).repeat(size)
    users = values.get("organisation.users")
    segments = (
        {"users": with_organisation_users(batch, users)}
        if users is not None and batch.segment_labels
        else None
    )
    return batch.replace(values=values, segments=segments)


def breakeven_map(
    scenario: Scenario,
    x_field: str = DEFAULT_X,
    x_values: ArrayLike | None = None,
    y_field: str = DEFAULT_Y,
    y_values: ArrayLike | None = None,
) -> BreakevenMap:
    """Evaluate the grid ``y_values`` x ``x_values`` in one batch."""
    if x_field == y_field:
        raise ScenarioValueError([f"map axes must differ; both are {x_field}"])
    if x_values is None:
        x_values = default_users_axis() if x_field == DEFAULT_X else None
    if y_values is None:
        y_values = default_horizon_axis() if y_field == DEFAULT_Y else None
    if x_values is None or y_values is None:
        missing = x_field if x_values is None else y_field
        raise ScenarioValueError([f"map axis {missing}: give the values to map"])
    xs, ys = axis_values(x_field, x_values), axis_values(y_field, y_values)
    nx, ny = len(xs), len(ys)
    if nx * ny > MAX_CELLS:
        raise ScenarioValueError(
            [f"map of {nx} x {ny} = {nx * ny:,} cells: allowed: at most {MAX_CELLS:,} cells"]
        )
    batch = grid_batch(scenario, {x_field: np.tile(xs, ny), y_field: np.repeat(ys, nx)})
    places = base_mix_places(scenario)
    s = summarise(project(batch, detail=False, mix_places=places))
    if places is not None:
        s = with_mix_fits(s, placement_fits(batch, places), len(s.options) - 1)
    o = len(s.options)
    tco = s.tco.reshape(ny, nx, o)
    fits = s.fits.reshape(ny, nx, o)
    ranked = np.sort(np.where(fits, tco, np.inf), axis=2)
    plans = slice(1, 1 + s.plan_count)  # hosted plans only (not a stay-as-is path)
    hosted_best = np.where(fits[:, :, plans], tco[:, :, plans], np.inf).min(axis=2)
    with np.errstate(invalid="ignore"):
        margin = np.where(np.isfinite(hosted_best), tco[:, :, 0] - hosted_best, np.nan)
        margin_pct = np.where(np.isfinite(hosted_best), 100 * margin / hosted_best, np.nan)
        lead = np.where(np.isfinite(ranked[:, :, 1]), ranked[:, :, 1] - ranked[:, :, 0], np.nan)
    return BreakevenMap(
        x_field=x_field,
        x_values=xs,
        y_field=y_field,
        y_values=ys,
        options=s.options,
        currency=scenario.finance.currency,
        tco=tco,
        fits=fits,
        cheapest=s.cheapest.reshape(ny, nx),
        margin=margin,
        margin_pct=margin_pct,
        lead=lead,
    )


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
    value = float(value_at(scenario, field))
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
