"""The pure parts of the Segments view and the best-mix headline: each option's TCO split
over segments (worked by hand), the placement words, the chart's safe names, and the
segments table read back row by row."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planner.engine.categories import LINES
from planner.engine.mix import MixChoice, MixResult
from planner.model.files import default_scenario, with_values
from planner.model.scenario import Scenario
from ui.results import results_of
from ui.segment_figures import option_tick, segment_stack_figure
from ui.segment_tables import (
    choices_table,
    mix_kind,
    mix_sentence,
    placement_table,
    placement_words,
    search_text,
    segment_tco,
    segment_tco_table,
)
from ui.segments_editor import segments_frame, segments_from_frame

TWO = [
    {"name": "Light", "share_pct": 60.0, "mailbox_gb": 1.0, "mailbox_growth_gb_per_year": 0.0},
    {"name": "Heavy", "share_pct": 40.0, "mailbox_gb": 9.0, "mailbox_growth_gb_per_year": 0.0},
]


def two_segments() -> Scenario:
    """100 users, no growth: Light 60 users x 1 GB, Heavy 40 users x 9 GB, every year."""
    return with_values(
        default_scenario(),
        {"organisation.users": 100, "organisation.growth_pct_per_year": 0.0, "segments": TWO},
    )


def test_each_options_tco_is_split_by_users_and_by_mailbox_gb_as_worked_by_hand() -> None:
    """Light holds 60 / 100 = 0.6 of the users and 60 x 1 / (60 x 1 + 40 x 9) = 60 / 420
    = 1/7 of the mailbox GB, in every year. So Light's part of an option is
    0.6 x (TCO - hardware and storage) + 1/7 x (hardware and storage), Heavy's the rest."""
    results = results_of(two_segments())
    costs = results.projection.costs
    assert costs is not None
    net = bool(results.projection.net_of_residual[0])
    by_gb = np.zeros(len(results.options))
    for i, line in enumerate(LINES):
        if line.category in ("hardware", "storage") and (net or line.kind != "residual"):
            by_gb += costs[0, :, i, :].sum(axis=1)
    tco = results.summary.tco[0]
    split = segment_tco(results)
    assert results.projection.mix_index == len(results.options) - 1
    for j in range(len(results.options) - 1):  # the pure options (the mix: its own parts)
        assert split[j, 0] == pytest.approx(0.6 * (tco[j] - by_gb[j]) + by_gb[j] / 7, rel=1e-9)
        assert split[j, 1] == pytest.approx(0.4 * (tco[j] - by_gb[j]) + by_gb[j] * 6 / 7)
    assert by_gb[0] > 0  # in-house has servers and disks: the two weights really differ
    assert split.sum(axis=1) == pytest.approx(tco)  # every option, the best mix too


def test_the_table_and_the_chart_carry_the_same_numbers() -> None:
    results = results_of(two_segments())
    table = segment_tco_table(results)
    assert table.columns.tolist() == ["Option", "Light", "Heavy", "Total"]
    assert table["Total"].tolist() == pytest.approx(np.round(results.summary.tco[0]), abs=1)
    figure = segment_stack_figure(results, {}, "USD")
    assert [t.name for t in figure.data] == ["Light", "Heavy"]
    bars = np.array([list(t.x) for t in figure.data]).sum(axis=0)
    assert bars == pytest.approx(results.summary.tco[0])


def test_names_reach_the_chart_inert() -> None:
    tick = option_tick('<a href="x">Evil</a> %{y}', "#123456", fits=False)
    assert tick == (
        '<span style="color:#123456">&#9632;</span> &lt;a href="x"&gt;Evil&lt;/a&gt; '
        "%&#123;y} (does not fit)"
    )


def _mix(best: tuple[int, ...], tco: float = 100.0) -> MixResult:
    return MixResult(
        segments=("Front", "Office", "Legal"),
        places=("In-house Exchange", "Kiosk", "Plan 2"),
        best=MixChoice(best, tco),
        best_inhouse=MixChoice((0, 0, 0), 300.0),
        best_hosted=None,
        search_seconds=0.0025,
        placements=27,
    )


def test_the_placement_reads_as_places_with_their_segments() -> None:
    mix = _mix((1, 0, 0))
    assert placement_words(mix, mix.best) == "Front on Kiosk; Office and Legal in-house"
    assert mix_kind(mix.best).startswith("a hybrid")
    everyone = _mix((2, 1, 2))
    assert placement_words(everyone, everyone.best) == "Front and Legal on Plan 2; Office on Kiosk"
    assert mix_kind(everyone.best) == "all hosted"
    assert mix_kind(MixChoice((0, 0, 0), 1.0)) == "all in-house"
    assert search_text(mix) == (
        "Searched exactly: all 27 placements (3 places for 3 segments) in 2.5 ms."
    )


def test_the_preset_tables_name_every_segment_and_placement() -> None:
    scenario = with_values(
        two_segments(), {"segments": [{**TWO[0], "allowed": ["in-house"]}, TWO[1]]}
    )
    results = results_of(scenario)
    places = placement_table(results, scenario)
    assert places["Segment"].tolist() == ["Light", "Heavy"]
    assert places["Users today"].tolist() == ["60", "40"]
    assert places["Best all hosted"].tolist() == ["not allowed", "not allowed"]
    assert places["Best mix"].tolist()[0] == "In-house Exchange"
    choices = choices_table(results, "USD").set_index("Placement")
    assert choices.loc["Best all hosted", "TCO"] == "not allowed"
    mix = results.projection.mix
    assert mix is not None
    assert choices.loc["Best mix", "TCO"] == f"USD {round(mix.best.tco):,}"
    sentence = mix_sentence(results, scenario)
    assert sentence.startswith("Best mix (")
    assert "Light in-house" in sentence


def test_the_segments_table_reads_back_what_was_typed() -> None:
    scenario = two_segments()
    frame = segments_frame(scenario.segments)
    assert frame.columns.tolist()[:3] == ["name", "users", "share_pct"]
    segments, problems = segments_from_frame(frame)
    assert problems == []
    assert segments == [s.model_dump(exclude_none=True) for s in scenario.segments]
    typed = pd.concat(
        [
            frame,
            pd.DataFrame(
                [
                    {"name": "Temps", "users": 12.0, "allowed": "in-house, Plan X"},
                    {"name": None, "users": math.nan},  # left empty: ignored
                ]
            ),
        ],
        ignore_index=True,
    )
    segments, problems = segments_from_frame(typed)
    assert problems == []
    assert segments[-1] == {"name": "Temps", "users": 12, "allowed": ("in-house", "Plan X")}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"name": "Temps", "users": 12.5},
            "Segments table row 1 (Temps): Users today (users) = 12.5: Input should be a valid "
            "integer, got a number with a fractional part; allowed: a whole number from 1 to "
            "1,000,000",
        ),
        (
            {"name": "Temps", "share_pct": 120.0},
            "Segments table row 1 (Temps): Share of the organisation's users (share_pct) = 120.0: "
            "Input should be less than or equal to 100; allowed: a number above 0 to 100",
        ),
        (
            {"users": 10.0},
            "Segments table row 1: Segment (name): missing (required)",
        ),
    ],
)
def test_a_bad_row_is_named_with_its_field_value_and_what_is_allowed(
    row: dict[str, object], message: str
) -> None:
    segments, problems = segments_from_frame(pd.DataFrame([row]))
    assert segments == []
    assert problems == [message]
