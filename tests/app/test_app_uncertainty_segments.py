"""The Uncertainty tab on a scenario with segments: the ranges table's Segment column, a
segment range's messages and its flow into the draws, and the P(best mix cheapest) sentence.

Expected numbers come from the engine's own API for the same scenario, draws and seed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apptest_helpers import assert_clean, edit_ranges, error_texts_as_read, ranges_table
from streamlit.testing.v1 import AppTest

from planner.analyses.simulation import simulate
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from ui.state import decode_scenario
from ui.uncertainty_text import mix_sentence
from ui.views.uncertainty import DRAWS_KEY, SEED_KEY

TAB = "Uncertainty"
STEM = "segments_hybrid"


def _open(new_app: Callable[[], AppTest], **inputs: Any) -> AppTest:
    at = new_app().run()
    at.selectbox(key="preset").select(STEM).run()
    at.session_state["view"] = TAB
    at.run()
    for key, value in inputs.items():
        at.number_input(key=key).set_value(value).run()
    return at


def _captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_the_table_names_each_segment_range_and_the_chance_is_said(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 1_000, SEED_KEY: 5})
    assert_clean(at)
    scenario = load_scenario(preset_files()[STEM])
    table = ranges_table(at)
    assert table["segment"].tolist() == [r.segment or "-" for r in scenario.uncertainty.ranges]
    assert "Office" in table["segment"].tolist()
    sim = simulate(scenario, draws=1_000, seed=5)
    sentence = mix_sentence(sim)
    assert sentence is not None
    assert sentence in _captions(at)


def test_a_users_range_on_a_share_segment_says_to_use_the_share(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    row = {
        "field": "segments.users",
        "segment": "Office",
        "low": 400.0,
        "mode": 480.0,
        "high": 600.0,
    }
    edit_ranges(at, added_rows=[row])
    assert not at.exception
    errors = error_texts_as_read(at)
    assert len(errors) == 1, errors
    assert errors[0] == (
        "uncertainty.ranges[14] (segments.users[Office]): segment 'Office' does not set users; "
        "it is given by share_pct: put the range on segments.share_pct"
    )


def test_a_segment_range_flows_into_the_scenario_and_the_draws(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 800, SEED_KEY: 2})
    row = {
        "field": "segments.mailbox_gb",
        "segment": "Office",
        "low": 6.0,
        "mode": 8.0,
        "high": 14.0,
    }
    edit_ranges(at, added_rows=[row])
    assert_clean(at)
    preset = load_scenario(preset_files()[STEM])
    expected = with_values(
        preset,
        {"uncertainty.ranges": [*(r.model_dump() for r in preset.uncertainty.ranges), row]},
    )
    shared = decode_scenario(at.query_params["scenario"])
    assert shared.uncertainty == expected.uncertainty
    assert ranges_table(at)["segment"].tolist()[-1] == "Office"
    sentence = mix_sentence(simulate(expected, draws=800, seed=2))
    assert sentence is not None
    assert sentence in _captions(at)
