"""Invariants of segments and the best mix under any hybrid price and any segment profile.

* hybrid prices (strategies.HYBRID_PRICES) change no pure option and never lower the best mix;
* with segments every cost stays finite and non-negative (the residual is a credit), and the
  best mix is never dearer than the cheapest pure option that is allowed and fits.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import HYBRID_PRICES, SCENARIO_FIELDS

from planner.engine.projection import project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.model.files import from_data, load_scenario
from planner.model.scenario import Scenario

pytestmark = pytest.mark.slow  # Hypothesis sweeps of the best mix: seconds each

PRESET = "scenarios/segments_hybrid.toml"
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def segment_scenarios(draw: st.DrawFn) -> Scenario:
    """The segments preset with its three segments' sizes, profiles and hybrid prices drawn."""
    data = load_scenario(PRESET).to_data()
    data.pop("uncertainty", None)
    users = [draw(st.integers(1, 2000)) for _ in data["segments"]]
    for seg, n in zip(data["segments"], users, strict=True):
        seg.pop("share_pct", None)
        seg["users"] = n
        seg["mailbox_gb"] = draw(st.floats(0.1, 150.0))
        seg["growth_pct_per_year"] = draw(st.floats(-20.0, 40.0))
        if draw(st.booleans()):
            seg["allowed"] = []
    data["organisation"]["users"] = sum(users)
    data["organisation"]["horizon_years"] = draw(st.integers(1, 10))
    data["hybrid"] = {path.split(".")[1]: draw(st.floats(0.0, 50000.0)) for path in HYBRID_PRICES}
    return from_data(data, "segments")


def raised(scenario: Scenario, shares: list[float]) -> Batch:
    """Row 0 as drawn; row i + 1 with HYBRID_PRICES[i] raised by shares[i] of the way to 1e6."""
    batch = Batch.of(scenario)
    rows = batch.repeat(len(HYBRID_PRICES) + 1)
    values: dict[str, Any] = {}
    for i, (path, share) in enumerate(zip(HYBRID_PRICES, shares, strict=True)):
        column = rows[path].copy()
        assert SCENARIO_FIELDS[path].largest >= 1e6
        column[i + 1] = column[0] + share * (1e6 - column[0])
        values[path] = column
    return rows.replace(values=values)


@SETTINGS
@given(
    segment_scenarios(),
    st.lists(st.floats(0, 1), min_size=len(HYBRID_PRICES), max_size=len(HYBRID_PRICES)),
)
def test_hybrid_prices_touch_only_the_best_mix(scenario: Scenario, shares: list[float]) -> None:
    batch = raised(scenario, shares)
    # every row searched on its own: the placement may change when the hybrid gets dearer
    bests = [project(batch.replace(values={}).repeat(1), detail=False)]
    totals = project(batch, detail=False).total.sum(axis=2)  # base row's placement for all
    assert bests[0].mix is not None
    for row in range(1, len(HYBRID_PRICES) + 1):
        one = Batch.of(scenario).replace(
            values={path: batch[path][row : row + 1] for path in HYBRID_PRICES}
        )
        searched = project(one, detail=False)
        assert searched.mix is not None
        # pure options: unchanged to the last bit; the base placement never gets cheaper
        assert np.array_equal(totals[row, :-1], totals[0, :-1])
        assert totals[row, -1] >= totals[0, -1] - 1e-9 * abs(totals[0, -1])
        # the best mix never gets cheaper when a hybrid price rises
        base = bests[0].mix.best.tco
        assert searched.mix.best.tco >= base - 1e-9 * abs(base)


@SETTINGS
@given(segment_scenarios())
def test_costs_sound_and_best_mix_never_dearer_than_a_fitting_pure_option(
    scenario: Scenario,
) -> None:
    projection = project(Batch.of(scenario))
    assert projection.mix is not None
    assert np.isfinite(projection.capital).all()
    assert (projection.capital >= -1e-9).all()
    assert (projection.operating >= -1e-9).all()
    assert (projection.residual <= 1e-9).all()
    summary = summarise(projection)
    plans = len(scenario.plans)
    fitting = [o for o in range(1 + plans) if summary.fits[0, o]]
    for option in fitting:
        assert projection.mix.best.tco <= summary.tco[0, option] * (1 + 1e-9) + 1e-6
    if fitting:
        assert summary.fits[0, projection.mix_index]
        assert summary.cheapest[0] == projection.mix_index or summary.tco[
            0, summary.cheapest[0]
        ] <= summary.tco[0, projection.mix_index] * (1 + 1e-9)
