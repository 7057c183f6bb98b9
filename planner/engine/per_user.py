"""From list price to loaded cost per user per month: the steps, category by category.

For option o with user-months U = 12 x sum_{t>=1} N_t, each step is a share of the TCO
per user-month (the summary's ``cost_per_user_month``):

    step(category) = sum_t sum_{lines of the category} cost_t / U
    residual       = sum_t residual_t / U   (negative; only when the TCO is net of it)

For a hosted plan the subscription (``licences``) step is split in two: the plan's list
price, and the rest, ``subscription / U - list price``, which is price rises over the years
and billing at the plan's minimum. The steps add up to the TCO per user-month exactly.
Steps that are zero are left out. In-house has no list price: its first step is hardware.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.engine.categories import LINES
from planner.engine.projection import Projection

STEP_NAMES: dict[str, str] = {
    "hardware": "Servers",
    "storage": "Disk",
    "licences": "Licences",
    "operations": "Power, space, maintenance",
    "expertise": "Admin time",
    "upgrades": "Upgrades",
    "protection": "Anti-spam, security",
    "disaster_recovery": "Disaster recovery",
    "connectivity": "Connectivity",
    "one_time": "Build project",
    "downtime_risk": "Expected downtime",
    "migration": "Move from today's Exchange",
    "unsupported_risk": "Unsupported-software risk",
}
"""In-house step names, by category id: an owner's words."""
HOSTED_STEP_NAMES: dict[str, str] = {
    **STEP_NAMES,
    "storage": "Archive add-on",
    "protection": "Extra protection",
    "disaster_recovery": "Third-party backup",
    "one_time": "Migration",
}
"""Hosted step names: the same categories, named as a plan's costs are."""
LIST_PRICE = "List price"
PRICE_RISES = "Price rises, minimum users"
RESIDUAL = "Value left at the end (hardware, upgrades)"
EPSILON = 1e-9
"""Steps that are zero (to rounding) are left out; every other step is kept, so the steps
add up to the TCO per user-month."""


@dataclass(frozen=True)
class Step:
    """One step of the path: its name and its amount per user per month."""

    name: str
    per_user_month: float


def user_months(p: Projection, index: int = 0) -> float:
    """U = 12 x sum of the users of every operating year (t >= 1)."""
    return float(12 * np.where(p.years >= 1, p.users[index], 0.0).sum())


def category_costs(p: Projection, option: int, index: int = 0) -> tuple[dict[str, float], float]:
    """Cost over the horizon by category (residual lines apart) and the residual credit
    counted in the TCO (0 on the cash basis)."""
    assert p.costs is not None, "project with detail=True"
    by_category: dict[str, float] = {}
    residual = 0.0
    for i, line in enumerate(LINES):
        amount = float(p.costs[index, option, i, :].sum())
        if line.kind == "residual":
            residual += amount if bool(p.net_of_residual[index]) else 0.0
        else:
            by_category[line.category] = by_category.get(line.category, 0.0) + amount
    return by_category, residual


def loaded_cost_steps(
    p: Projection, option: int, list_price: float | None = None, index: int = 0
) -> tuple[Step, ...]:
    """The path to the TCO per user-month of ``option``; ``list_price`` for a hosted plan
    (its price per user per month), None for in-house."""
    u = user_months(p, index)
    by_category, residual = category_costs(p, option, index)
    names = STEP_NAMES if list_price is None else HOSTED_STEP_NAMES
    steps: list[Step] = []
    for category, amount in by_category.items():
        share = amount / u
        if list_price is not None and category == "licences":
            steps.append(Step(LIST_PRICE, list_price))
            steps.append(Step(PRICE_RISES, share - list_price))
        else:
            steps.append(Step(names[category], share))
    steps.append(Step(RESIDUAL, residual / u))
    if list_price is not None:  # the list price leads, whatever the category order
        steps.sort(key=lambda s: s.name != LIST_PRICE)
    return tuple(s for s in steps if s.name == LIST_PRICE or abs(s.per_user_month) >= EPSILON)
