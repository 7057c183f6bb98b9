"""Scalability: cost per user per month of every option across a grid of headcounts.

The scenario is repeated once per headcount of the grid (one batch), with
``organisation.users`` set to that headcount (segments given in users scale with it) and the
base case's best mix kept, as on the break-even map. A plan whose user cap is exceeded in any
year at a headcount cannot be bought as is there: its cost is NaN (the line stops).

Where a plan's line crosses in-house's, the crossing is interpolated between the two grid
points around it (:func:`crossings`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from planner.analyses.breakeven_map import grid_batch
from planner.analyses.uncertainty import base_mix_places
from planner.engine.projection import project
from planner.engine.summary import summarise
from planner.model.scenario import Scenario

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

USERS_GRID = np.unique(np.round(np.geomspace(10, 20_000, 56)))
"""Headcounts of the scalability grid: 10 to 20,000 users, evenly spaced on a log scale."""


@dataclass(frozen=True)
class Scalability:
    """Cost per user per month of every option across a grid of headcounts."""

    users: Floats  # (N,)
    options: tuple[str, ...]
    cost_per_user_month: Floats  # (N, O); NaN where a plan's user cap is exceeded
    over_cap: Bools  # (N, O); False for in-house


@dataclass(frozen=True)
class Crossing:
    """One headcount where a plan's cost per user-month equals in-house's."""

    plan: str
    users: float
    cost_per_user_month: float
    plan_cheaper_below: bool  # True: the plan is the cheaper of the two below this headcount


def scalability_of(scenario: Scenario, users: ArrayLike = USERS_GRID) -> Scalability:
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


def crossings(users: ArrayLike, inhouse: ArrayLike, plan: ArrayLike) -> list[tuple[float, float]]:
    """Where a plan's cost line crosses in-house's: [(users, cost per user-month)].

    Between grid points k and k + 1 where d = plan - in-house changes sign, the share of the
    way is s = d_k / (d_k - d_k+1); the headcount is interpolated linearly in log(users),
    u* = exp(ln u_k + (ln u_k+1 - ln u_k) s), and the cost linearly,
    c* = inhouse_k + (inhouse_k+1 - inhouse_k) s. Only strict sign changes count; segments
    touching a NaN (plan unavailable) are skipped.
    """
    own = np.asarray(inhouse, dtype=np.float64)
    diff = np.asarray(plan, dtype=np.float64) - own
    logs = np.log(np.asarray(users, dtype=np.float64))
    out: list[tuple[float, float]] = []
    for k in range(len(diff) - 1):
        a, b = diff[k], diff[k + 1]
        if np.isfinite(a) and np.isfinite(b) and a * b < 0:
            share = a / (a - b)
            at_users = float(np.exp(logs[k] + (logs[k + 1] - logs[k]) * share))
            cost = float(own[k] + (own[k + 1] - own[k]) * share)
            out.append((at_users, cost))
    return out


def plan_crossings(scal: Scalability) -> list[Crossing]:
    """Every crossing of every plan with in-house, plan by plan, smallest headcount first."""
    inhouse = scal.cost_per_user_month[:, 0]
    out: list[Crossing] = []
    for j, option in enumerate(scal.options[1:], start=1):
        y = scal.cost_per_user_month[:, j]
        for users, cost in crossings(scal.users, inhouse, y):
            k = int(np.searchsorted(scal.users, users)) - 1  # last grid point below
            out.append(Crossing(option, users, cost, bool(y[k] < inhouse[k])))
    return out
