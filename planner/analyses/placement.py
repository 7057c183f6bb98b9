"""Whether a fixed placement of segments still fits each variant of a batch.

The best mix is found on the scenario as given; its variants (Monte Carlo draws, map cells)
keep that placement (:func:`planner.analyses.uncertainty.base_mix_places`). A variant can push
a segment past its plan: the placement then does not fit that variant, as a plan does not
fit when a segment outgrows it. For each plan group j of the placement (the segments placed
on plan j), the placement fits a variant when, in every operating year,

    no segment of the group is unfit for plan j (mailbox beyond mailbox + archive, attachment
    or quota beyond the plan's limits: ``PlanFit.segment_unfit``), and
    the group's users N_group,t stay within plan j's user cap.

The in-house part always fits (as the in-house option does).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from planner.engine.hosted import fit_plans
from planner.engine.mix import INHOUSE_PLACE
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary
from planner.engine.timeline import Timeline

Bools = NDArray[np.bool_]


def placement_fits(batch: Batch, places: tuple[int, ...], years_count: int | None = None) -> Bools:
    """(B,): the placement (per segment 0 in-house, j + 1 plan j) fits each variant."""
    tl = Timeline.of(batch, years_count)
    where = np.asarray(places)
    ok = np.ones(batch.size, dtype=bool)
    for place in sorted(set(where[where != INHOUSE_PLACE].tolist())):
        members = where == place
        fit = fit_plans(batch, tl.part(members))
        j = place - 1
        ok &= ~fit.segment_unfit[:, members, j].any(axis=1)
        ok &= ~fit.over_cap[:, j, :].any(axis=1)
    return ok


def with_mix_fits(summary: Summary, mix_fits: Bools, mix_index: int) -> Summary:
    """``summary`` with the mix option's fit per variant set to ``mix_fits`` and the
    cheapest option that fits chosen again."""
    fits = summary.fits.copy()
    fits[:, mix_index] = mix_fits
    cheapest = np.argmin(np.where(fits, summary.tco, np.inf), axis=1).astype(np.int64)
    return replace(summary, fits=fits, cheapest=cheapest)
