"""Scalability by headcount, its crossings, and the DR levels.

The crossings are worked by hand: between two grid points the headcount is interpolated
linearly in log(users) and the cost linearly, at the share s = d_k / (d_k - d_k+1) of the
way where d = plan - in-house changes sign.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.analyses.dr_levels import DrComparison, dr_levels_of
from planner.analyses.scalability import (
    USERS_GRID,
    Crossing,
    Scalability,
    crossings,
    plan_crossings,
    scalability_of,
)
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario, with_values


class TestCrossings:
    def test_a_sign_change_is_interpolated_in_log_users(self) -> None:
        # d = plan - in-house goes -5 -> +5 between 10 and 100 users: s = -5 / (-5 - 5) = 0.5,
        # halfway in log10: 10^1.5 = 31.62 users, where in-house costs 10.
        users = np.array([10.0, 100.0, 1000.0])
        found = crossings(users, np.array([10.0, 10.0, 10.0]), np.array([5.0, 15.0, 20.0]))
        assert len(found) == 1
        assert found[0][0] == pytest.approx(10**1.5)
        assert found[0][1] == pytest.approx(10.0)

    def test_both_lines_sloping(self) -> None:
        # in-house 12 -> 6, plan 8 -> 9 between 100 and 1,000 users: d = -4 -> +3,
        # s = -4 / (-4 - 3) = 4/7 = 0.571429;
        # users = 10^(2 + 4/7) = 10^2.571429 = 372.76;
        # cost = 12 + (6 - 12) x 4/7 = 12 - 3.428571 = 8.571429 (the plan's: 8 + 1 x 4/7, the same).
        found = crossings(np.array([100.0, 1000.0]), np.array([12.0, 6.0]), np.array([8.0, 9.0]))
        assert found == [(pytest.approx(372.759, abs=1e-3), pytest.approx(8.571429, abs=1e-6))]

    def test_a_plan_dearer_at_first_crossing_down(self) -> None:
        # d = +2 -> -6 between 20 and 80 users: s = 2 / 8 = 0.25;
        # users = exp(ln 20 + ln 4 x 0.25) = 20 x 4^0.25 = 20 x 1.414214 = 28.2843;
        # in-house 10 -> 10: cost 10.
        found = crossings(np.array([20.0, 80.0]), np.array([10.0, 10.0]), np.array([12.0, 4.0]))
        assert found == [(pytest.approx(28.2843, abs=1e-4), pytest.approx(10.0))]

    def test_lines_that_never_meet_do_not_cross(self) -> None:
        users = np.array([10.0, 100.0])
        assert crossings(users, np.array([10.0, 5.0]), np.array([4.0, 1.0])) == []

    def test_touching_is_not_crossing(self) -> None:
        # d = -1, 0, -1: no strict sign change.
        users = np.array([10.0, 100.0, 1000.0])
        assert crossings(users, np.array([5.0, 5.0, 5.0]), np.array([4.0, 5.0, 4.0])) == []

    def test_a_missing_point_ends_the_search_there(self) -> None:
        users = np.array([10.0, 100.0, 1000.0])
        plan = np.array([5.0, math.nan, 20.0])
        assert crossings(users, np.array([10.0, 10.0, 10.0]), plan) == []

    def test_two_crossings_are_both_found(self) -> None:
        # d = -1 -> +1 between 1 and 10 (s = 0.5: 10^0.5), then +1 -> -3 between 10 and 100
        # (s = 1/4: 10^1.25 = 10 x 10^0.25).
        users = np.array([1.0, 10.0, 100.0])
        found = crossings(users, np.zeros(3), np.array([-1.0, 1.0, -3.0]))
        assert [round(u, 6) for u, _ in found] == [round(10**0.5, 6), round(10**0.25 * 10, 6)]

    def test_plan_crossings_say_which_side_is_cheaper(self) -> None:
        # Plan X: 8 -> 9 against in-house 12 -> 6 (the case above): cheaper below 372.76 users.
        # Plan Y: 13 -> 5: d = +1 -> -1, s = 0.5, 10^2.5 = 316.23 users, in-house 12 - 3 = 9;
        # dearer below.
        cost = np.array([[12.0, 8.0, 13.0], [6.0, 9.0, 5.0]])
        scal = Scalability(
            np.array([100.0, 1000.0]), ("In-house", "X", "Y"), cost, np.zeros((2, 3), bool)
        )
        found = plan_crossings(scal)
        assert [(c.plan, c.plan_cheaper_below) for c in found] == [("X", True), ("Y", False)]
        assert found[1] == Crossing("Y", pytest.approx(10**2.5), pytest.approx(9.0), False)


class TestScalability:
    def test_the_grid_runs_from_10_to_20000_users(self) -> None:
        assert USERS_GRID[0] == 10
        assert USERS_GRID[-1] == 20_000
        assert np.all(np.diff(USERS_GRID) > 0)

    def test_a_grid_point_at_todays_headcount_is_the_summary(self) -> None:
        scenario = default_scenario()
        users = float(scenario.organisation.users)
        scal = scalability_of(scenario, np.array([users, 2 * users]))
        own = summarise(project_scenario(scenario)).cost_per_user_month[0]
        assert scal.cost_per_user_month[0] == pytest.approx(own)

    def test_a_plan_over_its_user_cap_has_no_cost(self) -> None:
        scenario = default_scenario()
        caps = {p.label: p.max_users for p in scenario.plans if p.max_users}
        assert caps, "the default catalogue has a plan with a user cap"
        label, cap = next(iter(caps.items()))
        scal = scalability_of(scenario, np.array([10.0, cap + 1.0]))
        j = scal.options.index(label)
        assert math.isfinite(scal.cost_per_user_month[0, j])
        assert not scal.over_cap[0, j]
        assert math.isnan(scal.cost_per_user_month[1, j])
        assert scal.over_cap[1, j]


class TestDrLevels:
    def test_hours_down_from_availability(self) -> None:
        # (1 - 99.9 / 100) x 8,760 = 8.76 hours; 99.99%: 0.876.
        hours = DrComparison.downtime_hours_per_year(np.array([99.9, 99.99]))
        assert hours == pytest.approx([8.76, 0.876])

    def test_the_current_level_row_is_the_scenarios_own_tco(self) -> None:
        scenario = with_values(default_scenario(), {"risk.include_downtime": True})
        dr = dr_levels_of(scenario)
        tco = summarise(project_scenario(scenario)).tco[0]
        level = dr.current_level
        total = dr.inhouse_cost[level] + dr.inhouse_downtime_loss[level]
        assert total == pytest.approx(tco[0])
        plans = len(scenario.plans)
        assert dr.plan_cost + dr.plan_downtime_loss == pytest.approx(tco[1 : 1 + plans])

    def test_more_recovery_means_less_downtime_loss(self) -> None:
        dr = dr_levels_of(default_scenario())
        assert np.all(np.diff(dr.inhouse_availability_pct) > 0)
        assert np.all(np.diff(dr.inhouse_downtime_loss) < 0)
