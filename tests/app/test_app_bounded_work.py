"""Bounded work per session: a simulation keeps at most ``MAX_SIMULATION_BYTES`` and the
engine works on at most ``CHUNK_BYTES`` at once (planner.analyses.simulation.chunk_for),
whatever a link or an input asks for; the page says when it ran fewer draws than asked."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from apptest_helpers import metric_money
from numpy.testing import assert_allclose
from streamlit.testing.v1 import AppTest

from planner.analyses.simulation import simulate
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from planner.model.ranges import Range
from planner.model.scenario import Scenario
from ui import compute
from ui.state import PARAM_SCENARIO, encode_scenario
from ui.views.uncertainty import DRAWS_KEY, SEED_KEY


def _default() -> Scenario:
    return load_scenario(preset_files()["default"])


def _heavy() -> Scenario:
    """The default preset with 40 plans (the model's most), each with a price range: 41
    options and 10 + 40 = 50 ranges (the preset's range on every plan's price is dropped)."""
    base = _default()
    first = base.plans[0]
    plans = [
        {**first.model_dump(), "plan": f"Tier {i}", "price_per_user_month": 2.0 + i / 10}
        for i in range(40)
    ]
    scenario = with_values(base, {"plans": plans})
    ranges = list(base.uncertainty.ranges)
    ranges = [r for r in ranges if r.plan is None]  # the catalogue's plan ranges name old plans
    ranges += [
        Range(
            field="plans.price_per_user_month",
            plan=f"{first.provider} Tier {i}",
            low=1.5 + i / 10,
            mode=2.0 + i / 10,
            high=3.0 + i / 10,
        )
        for i in range(40)
    ]
    return scenario.model_copy(
        update={"uncertainty": scenario.uncertainty.model_copy(update={"ranges": tuple(ranges)})}
    )


def test_the_default_preset_runs_every_draw_asked_for() -> None:
    scenario = _default()
    assert compute.simulation_shape(scenario) == (13, 12)  # in-house + 12 plans, 12 ranges
    # 9 x 13 + 8 x (12 + 1) = 117 + 104 = 221 bytes a draw; 20,000,000 // 221 = 90,497
    assert compute.draws_cap(scenario) == 90_497
    # 64,000,000 // (16 years x 8 x 16 x 13 options = 26,624) = 2,403, below the 2,500
    assert compute.chunk_size(scenario) == 2_403


def test_a_heavy_scenario_is_capped_by_bytes_and_chunked_by_cells() -> None:
    scenario = _heavy()
    assert compute.simulation_shape(scenario) == (41, 51)  # 11 preset ranges + 40 plan ranges
    # 9 x 41 + 8 x (51 + 1) = 369 + 416 = 785 bytes a draw; 20,000,000 // 785 = 25,477
    assert compute.draws_cap(scenario) == 25_477
    # 64,000,000 // (16 years x 8 x 16 x 41 options = 83,968) = 762 draws per engine call
    assert compute.chunk_size(scenario) == 762


def test_the_chunk_does_not_change_the_draws() -> None:
    scenario = _heavy()
    small = simulate(scenario, draws=1_600, seed=3, chunk_size=compute.chunk_size(scenario))
    whole = simulate(scenario, draws=1_600, seed=3, chunk_size=1_600)
    assert_allclose(small.tco, whole.tco, rtol=1e-12)
    assert np.array_equal(small.cheapest, whole.cheapest)


def test_a_link_asking_for_too_many_draws_runs_the_cap_and_says_so(
    new_app: Callable[[], AppTest],
) -> None:
    scenario = _heavy()
    cap = compute.draws_cap(scenario)
    at = new_app()
    at.query_params[PARAM_SCENARIO] = encode_scenario(scenario)
    at.run()
    at.session_state["view"] = "Uncertainty"
    at.run()
    at.number_input(key=SEED_KEY).set_value(5).run()
    at.number_input(key=DRAWS_KEY).set_value(100_000).run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [str(i.value) for i in at.info if "draws, not" in str(i.value)]
    assert notes == [
        f"Ran {cap:,} draws, not 100,000: this scenario's options and ranges make each draw "
        "large, and the app keeps at most 20 MB per simulation (planner simulate on the "
        "command line runs up to 200,000)."
    ]
    sim = simulate(scenario, draws=cap, seed=5)  # the command line's chunk: the same draws
    assert metric_money(at, "In-house TCO, P50") == round(sim.percentiles()[1, 0])
