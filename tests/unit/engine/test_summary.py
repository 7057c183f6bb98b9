"""Summary figures: break-even, NPV, cheapest option."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from planner.engine.projection import project_scenario
from planner.engine.summary import breakeven_years, summarise
from planner.model.files import default_scenario, with_values


class TestBreakeven:
    def test_first_year_from_which_inhouse_stays_cheaper(self) -> None:
        """in-house 100/120/140/160 against 10/50/90/170: in-house is at or below only in
        year 3 -> break-even year 3."""
        cum = np.array([[[100, 120, 140, 160], [10, 50, 90, 170]]], dtype=float)
        assert breakeven_years(cum, np.array([3.0]))[0, 1] == 3

    def test_a_crossing_that_reverses_does_not_count(self) -> None:
        """100/110/200/210 against 10/150/160/220: below in year 1, above in 2, below in 3 ->
        break-even year 3, not 1."""
        cum = np.array([[[100, 110, 200, 210], [10, 150, 160, 220]]], dtype=float)
        assert breakeven_years(cum, np.array([3.0]))[0, 1] == 3

    def test_none_when_inhouse_ends_dearer(self) -> None:
        cum = np.array([[[100, 120, 140], [10, 50, 90]]], dtype=float)
        assert np.isnan(breakeven_years(cum, np.array([2.0]))[0, 1])

    def test_years_after_the_horizon_are_ignored(self) -> None:
        cum = np.array([[[100, 120, 140, 999], [10, 50, 150, 150]]], dtype=float)
        assert breakeven_years(cum, np.array([2.0]))[0, 1] == 2

    def test_inhouse_column_is_nan(self) -> None:
        cum = np.array([[[1, 2], [3, 4]]], dtype=float)
        assert np.isnan(breakeven_years(cum, np.array([1.0]))[0, 0])


class TestSummaryOfDefault:
    def test_npv_discounts_yearly_totals(self) -> None:
        s = default_scenario()
        p = project_scenario(s)
        r = s.finance.discount_rate_pct / 100
        expected = (p.total[0] / (1 + r) ** np.arange(p.total.shape[2])).sum(axis=1)
        assert_allclose(summarise(p).npv[0], expected)

    def test_cumulative_equals_running_sum(self) -> None:
        p = project_scenario(default_scenario())
        s = summarise(p)
        assert_allclose(s.cumulative[0, :, -1], s.tco[0])
        assert_allclose(np.diff(s.cumulative[0], axis=1), p.total[0, :, 1:])

    def test_cheapest_skips_plans_that_do_not_fit(self) -> None:
        """At 5,000 users the 300-user Business plans do not fit, whatever their price."""
        s = with_values(default_scenario(), {"organisation.users": 5000})
        p = project_scenario(s)
        summary = summarise(p)
        labels = list(p.options)
        basic = labels.index("Microsoft 365 Business Basic")
        assert not summary.fits[0, basic]
        assert summary.fits[0, int(summary.cheapest[0])]


@pytest.mark.parametrize("users", [1, 10, 1000])
def test_cost_per_user_month_divides_by_user_months(users: int) -> None:
    s = with_values(
        default_scenario(), {"organisation.users": users, "organisation.growth_pct_per_year": 0.0}
    )
    summary = summarise(project_scenario(s))
    months = 12 * users * s.organisation.horizon_years
    assert_allclose(summary.cost_per_user_month[0], summary.tco[0] / months)
