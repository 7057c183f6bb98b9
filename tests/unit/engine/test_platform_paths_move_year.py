"""The move year of the main comparison: the upgrade in place and every plan priced as
"stay until year m, then go", the figures of move timing's hand case
(tests/unit/engine/test_platform_paths_move_timing.py, whose docstring works them).

Horizon 2, one Exchange 2019 server 4 years old (last = 1), Test Host at 100 a user-month:
  now (the default):  upgrade 146,102;  Test Host 280,503.25
  year 1 (= the end of the servers' life, and any year past the horizon, priced in H - 1 = 1):
                      upgrade 152,677;  Test Host 68,726 + 11,500 + 134,290 + 423.25
                                                   = 214,939.25
    Test Host's lines: the move project 11,500 in year 1, the plan's 100 x 100 x 12 =
    120,000 in year 2 only, coexistence 423.25 in year 2.
  The stay path does not depend on it: it moves in year 1 to the cheaper target, 152,677.
Horizon 3, the server 4 years old, year 2 (past its life): Test Host 293,765.25, the upgrade
in place 221,403.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.path_notes import path_sentences
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, with_values
from tests.unit.engine.test_platform_paths import CURRENT
from tests.unit.engine.test_platform_paths_move_timing import DEAR_HOST
from tests.unit.hand_case import hand_case


def main_table(horizon: int = 2, **current: object):  # type: ignore[no-untyped-def]
    scenario = hand_case(
        current={**CURRENT, **current},
        plans=[DEAR_HOST],
        organisation={"horizon_years": horizon},
    )
    p = project_scenario(scenario)
    return scenario, p, summarise(p)


def test_now_by_default() -> None:
    _, _, s = main_table()
    assert_allclose(s.tco[0, :3], [146102, 280503.25, 152677])


@pytest.mark.parametrize(
    "choice",
    [
        {"move_when": "chosen_year", "move_year": 1},
        {"move_when": "hardware_end_of_life"},
        {"move_when": "chosen_year", "move_year": 9},  # past the horizon: its last year
    ],
)
def test_a_chosen_year_prices_staying_until_then(choice: dict[str, object]) -> None:
    _, p, s = main_table(**choice)
    assert_allclose(s.tco[0, :3], [152677, 214939.25, 152677])
    capital = p.costs[0, 1, LINE_INDEX[Line("migration", "capital")]]
    licences = p.costs[0, 1, LINE_INDEX[Line("licences", "operating")]]
    assert_allclose(capital, [0, 11500, 0], atol=1e-6)
    assert_allclose(licences, [0, 0, 120000], atol=1e-6)


def test_a_year_past_the_servers_life() -> None:
    _, _, s = main_table(horizon=3, move_when="chosen_year", move_year=2)
    assert_allclose(s.tco[0, :2], [221403, 293765.25])


def test_year_zero_chosen_is_now() -> None:
    _, _, s = main_table(move_when="chosen_year", move_year=0)
    assert_allclose(s.tco[0, :3], [146102, 280503.25, 152677])


def test_no_later_year_without_life_left_or_from_se() -> None:
    """Servers 5 years old (no year left) or Exchange SE: every path moves now."""
    for fields in ({"server_age_years": 5}, {"platform": "exchange_se"}):
        _, _, now = main_table(**fields)
        scenario, p, later = main_table(**fields, move_when="chosen_year", move_year=1)
        assert_allclose(later.tco, now.tco)
        assert "Move year: now for every path" in " ".join(path_sentences(scenario, p, later))


def test_the_sentence_says_when() -> None:
    scenario, p, s = main_table(move_when="hardware_end_of_life")
    text = path_sentences(scenario, p, s)[1]
    assert text.startswith("Move year: every path leaves at the end of today's servers' life")
    scenario, p, s = main_table(move_when="chosen_year", move_year=9)
    assert "in year 9 (priced in year 1, the last year before the horizon)" in " ".join(
        path_sentences(scenario, p, s)
    )


def test_a_preset_that_moves_now_is_priced_as_before() -> None:
    """Setting the defaults explicitly changes nothing (the baseline comparison of the
    preset's CSV is done on the command line)."""
    scenario = load_scenario(preset_files()["existing_exchange_2019"])
    before = summarise(project_scenario(scenario)).tco
    same = with_values(scenario, {"current.move_when": "chosen_year", "current.move_year": 0})
    assert np.array_equal(summarise(project_scenario(same)).tco, before)


def test_with_segments_every_path_moves_now() -> None:
    """With segments the best mix is searched for a move now and every pure option is one of
    its placements, so a later move year is not applied: the hand case's figures for now
    (upgrade 146,102; Test Host 280,503.25), one segment holding everyone, and a sentence
    saying why."""
    scenario = hand_case(
        current={**CURRENT, "move_when": "chosen_year", "move_year": 1},
        plans=[DEAR_HOST],
        organisation={"horizon_years": 2},
        segments=[{"name": "Staff", "users": 100}],
    )
    p = project_scenario(scenario)
    s = summarise(p)
    assert_allclose(s.tco[0, :2], [146102, 280503.25])
    text = " ".join(path_sentences(scenario, p, s))
    assert "with user segments the best mix is searched for a move now" in text
