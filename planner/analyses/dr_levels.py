"""Disaster recovery: in-house at each DR level against every hosted plan.

One batch of four: the scenario with ``inhouse.disaster_recovery.level`` set to none, cold
site, warm site and hot site, downtime always priced (``risk.include_downtime`` on) so the
loss can be shown beside the cost even when the scenario leaves it out of its TCO. Each
total is split into the cost without downtime (TCO - loss) and the expected downtime loss.
Plans carry their SLA (a contractual floor) and their expected availability, from which
their downtime loss is priced, as in-house's is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from planner.analyses.uncertainty import base_mix_places
from planner.engine.categories import LINE_INDEX, Line
from planner.engine.hosted import is_estimated, plan_availability_pct
from planner.engine.projection import project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.engine.timeline import HOURS_PER_YEAR
from planner.model.scenario import DR_LEVELS, Scenario

Floats = NDArray[np.float64]

DOWNTIME_LINE = LINE_INDEX[Line("downtime_risk", "operating")]


@dataclass(frozen=True)
class DrComparison:
    """In-house at each disaster-recovery level against every hosted plan.

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
    def downtime_hours_per_year(availability_pct: ArrayLike) -> Floats:
        """(1 - availability / 100) x 8,760 hours."""
        return np.asarray((1 - np.asarray(availability_pct) / 100) * HOURS_PER_YEAR)


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
    plans = len(scenario.plans)
    return DrComparison(
        levels=DR_LEVELS,
        current_level=DR_LEVELS.index(scenario.inhouse.disaster_recovery.level),
        currency=scenario.finance.currency,
        inhouse_availability_pct=projection.metrics["inhouse_availability_pct"][:, 1].copy(),
        inhouse_cost=cost[:, 0],
        inhouse_downtime_loss=loss[:, 0],
        plans=projection.options[1 : 1 + plans],
        plan_sla_pct=batch.plans["sla_pct"][0].copy(),
        plan_expected_availability_pct=plan_availability_pct(batch)[0].copy(),
        plan_availability_estimated=tuple(bool(x) for x in is_estimated(batch)[0]),
        inhouse_internal_sla_pct=scenario.inhouse.disaster_recovery.internal_sla_pct
        if scenario.inhouse.disaster_recovery.has_internal_sla
        else None,
        plan_sla_credits=tuple(plan.sla_credits for plan in scenario.plans),
        plan_cost=cost[0, 1 : 1 + plans],
        plan_downtime_loss=loss[0, 1 : 1 + plans],
    )
