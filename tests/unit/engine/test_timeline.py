"""Purchases by cohort, licences held, and the year axis, against hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from planner.engine.inhouse import (
    buy_cohorts,
    capex_by_payment_year,
    purchases_of,
    residual_value,
    running_max,
    value_in_service,
)
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline, apportioned, round_half_up
from planner.model.files import default_scenario, with_values

OPERATING = np.array([[False, True, True, True, True]])


def cohorts(need: list[float], life: float = 2, price: float = 10, step: float | None = None):  # type: ignore[no-untyped-def]
    return buy_cohorts(
        np.array([need]),
        np.array([life]),
        np.array([price]),
        np.ones((1, len(need))),
        OPERATING[:, : len(need)],
        None if step is None else np.array([step]),
    )


class TestBuyCohorts:
    def test_steps_and_replacement_of_retired_cohorts(self) -> None:
        """need 1, 2, 2, 3 with a 2-year life:
        year 1 buys 1; year 2 buys 1 (cohort 1 still serves); year 3: cohort 1 retired, cohort 2
        serves 1 -> buy 1; year 4: cohort 2 retired, cohort 3 serves 1 -> buy 2."""
        c = cohorts([0, 1, 2, 2, 3])
        assert_allclose(c.bought[0], [0, 1, 1, 1, 2])
        assert_allclose(c.in_service[0], [0, 1, 2, 2, 3])
        assert_allclose(c.paid[0], [0, 10, 10, 10, 20])

    def test_purchases_are_paid_the_year_before_use(self) -> None:
        assert_allclose(capex_by_payment_year(cohorts([0, 1, 2, 2, 3]))[0], [10, 10, 10, 20, 0])

    def test_maintenance_base_is_value_of_cohorts_in_service(self) -> None:
        """year 1: cohort 1 (10); year 2: 1+2 (20); year 3: 2+3 (20); year 4: 3+4 (30)."""
        c = cohorts([0, 1, 2, 2, 3])
        assert_allclose(value_in_service(c, np.array([2.0]))[0], [0, 10, 20, 20, 30])

    def test_residual_is_straight_line_value_left_at_horizon(self) -> None:
        """Horizon 4: cohort 4 (20) used 1 of 2 years -> 10 left; cohort 3 used up."""
        c = cohorts([0, 1, 2, 2, 3])
        assert residual_value(c, np.array([2.0]), np.array([4.0]))[0] == pytest.approx(10)
        # horizon 3: cohort 3 (10) used 1 of 2 -> 5; cohort 2 used up; cohort 4 not yet bought
        assert residual_value(c, np.array([2.0]), np.array([3.0]))[0] == pytest.approx(5)

    def test_disk_is_bought_in_whole_steps(self) -> None:
        """need 2.5 TB in 2 TB steps -> 4 TB; then 3.9 needs nothing more; 4.1 adds 2 TB."""
        c = cohorts([0, 2.5, 3.9, 4.1], life=5, step=2)
        assert_allclose(c.bought[0], [0, 4, 0, 2])

    def test_nothing_is_bought_for_a_shrinking_need(self) -> None:
        c = cohorts([0, 3, 2, 1], life=5)
        assert_allclose(c.bought[0], [0, 3, 0, 0])
        assert_allclose(c.in_service[0], [0, 3, 3, 3])


class TestLicencesHeld:
    def test_licences_are_never_bought_twice(self) -> None:
        held = running_max(np.array([[0.0, 3, 2, 4, 4]]))
        assert_allclose(held[0], [0, 3, 3, 4, 4])
        assert_allclose(purchases_of(held)[0], [3, 0, 1, 0, 0])


class TestTimeline:
    def test_headcount_grows_from_year_2_and_rounds_half_up(self) -> None:
        """100 users +15%: year 1 100, year 2 115, year 3 132.25 -> 132, year 4 152.09 -> 152."""
        s = with_values(
            default_scenario(),
            {
                "organisation.users": 100,
                "organisation.growth_pct_per_year": 15.0,
                "organisation.horizon_years": 4,
            },
        )
        tl = Timeline.of(Batch.of(s))
        assert_allclose(tl.users[0], [100, 100, 115, 132, 152])

    def test_headcount_never_drops_below_one(self) -> None:
        s = with_values(
            default_scenario(),
            {
                "organisation.users": 2,
                "organisation.growth_pct_per_year": -50.0,
                "organisation.horizon_years": 4,
            },
        )
        assert_allclose(Timeline.of(Batch.of(s)).users[0], [2, 2, 1, 1, 1])

    def test_mailbox_grows_linearly_to_end_of_year(self) -> None:
        s = with_values(
            default_scenario(),
            {
                "mail.mailbox_gb": 2.0,
                "mail.mailbox_growth_gb_per_year": 1.5,
                "organisation.horizon_years": 3,
            },
        )
        assert_allclose(Timeline.of(Batch.of(s)).mailbox_gb[0], [2, 3.5, 5, 6.5])

    def test_price_index_is_flat_for_years_0_and_1(self) -> None:
        s = with_values(
            default_scenario(),
            {"finance.inflation_pct_per_year": 10.0, "organisation.horizon_years": 3},
        )
        assert_allclose(Timeline.of(Batch.of(s)).price_index[0], [1, 1, 1.1, 1.21])

    def test_round_half_up_is_spreadsheet_round(self) -> None:
        assert_allclose(round_half_up(np.array([0.5, 1.5, 2.5, 2.49])), [1, 2, 3, 2])

    def test_mixed_horizons_in_one_batch_mask_later_years(self) -> None:
        base = default_scenario()
        short = with_values(base, {"organisation.horizon_years": 2})
        tl = Timeline.of(Batch.from_scenarios([base, short]))
        assert tl.users.shape == (2, 6)
        assert (tl.users[1, 3:] == 0).all()
        assert tl.operating[1].tolist() == [False, True, True, False, False, False]


def _thirds(shares: list[float], growth_pct: float = 5.0) -> Timeline:
    """100 users in three share segments (the organisation's growth), 3 years."""
    s = with_values(
        default_scenario(),
        {
            "organisation.users": 100,
            "organisation.growth_pct_per_year": growth_pct,
            "organisation.horizon_years": 3,
            "segments": [
                {"name": name, "share_pct": share}
                for name, share in zip(("A", "B", "C"), shares, strict=True)
            ],
        },
    )
    return Timeline.of(Batch.of(s))


class TestSegmentHeadcounts:
    """Each segment's users are whole and add up to the organisation's rounded headcount
    (largest remainder), worked by hand. Rounding each segment on its own gave 33 + 33 + 33 =
    99 users out of 100."""

    def test_the_largest_remainder_gets_the_user_rounding_left_over(self) -> None:
        """Shares 33.3 / 33.3 / 33.4 of 100 users, +5% a year.
        Year 1: exact 33.3, 33.3, 33.4 -> floors 33 + 33 + 33 = 99, total round(100) = 100,
        one more to the largest remainder (C, 0.4): 33, 33, 34.
        Year 2: 34.965, 34.965, 35.07 -> floors 34 + 34 + 35 = 103, total round(105) = 105,
        two more to the largest remainders (A and B, 0.965): 35, 35, 35.
        Year 3: 36.71325, 36.71325, 36.8235 -> floors 36 x 3 = 108, total round(110.25) =
        110, two more to C (0.8235) and A (0.71325, listed before B): 37, 36, 37."""
        tl = _thirds([33.3, 33.3, 33.4])
        assert_allclose(tl.segment_users[0, :, 1:], [[33, 35, 37], [33, 35, 36], [34, 35, 37]])
        assert_allclose(tl.users[0], [100, 100, 105, 110])
        assert_allclose(tl.segment_users[0, :, 0], [33.3, 33.3, 33.4])  # year 0: exact

    def test_a_tie_goes_to_the_segment_listed_first(self) -> None:
        """Three equal thirds (33.333 % each, 99.999 users, within half a user of 100): year 1
        round(99.999) = 100, the floors make 99, the remainders tie (0.333): A gets the user.
        No growth."""
        tl = _thirds([33.333, 33.333, 33.333], growth_pct=0.0)
        assert_allclose(tl.segment_users[0, :, 1], [34, 33, 33])
        assert_allclose(tl.users[0, 1:], [100, 100, 100])


@pytest.mark.slow  # a second or more: a Hypothesis sweep
@settings(max_examples=200, deadline=None)
@given(
    exact=st.lists(
        st.lists(st.floats(0.0, 5_000.0), min_size=1, max_size=8),
        min_size=1,
        max_size=4,
    )
)
def test_apportioned_is_whole_near_each_value_and_adds_up_to_the_rounded_total(
    exact: list[list[float]],
) -> None:
    """For any values: each share is floor or ceil of its value, the shares add up to
    round(sum), and one segment is round(x) (as without segments)."""
    width = min(len(row) for row in exact)
    x = np.array([row[:width] for row in exact])[:, :, None]  # (B, S, 1)
    shares = apportioned(x)
    assert np.array_equal(shares, np.round(shares))
    assert np.all((shares == np.floor(x)) | (shares == np.ceil(x)))
    assert_allclose(shares.sum(axis=1), round_half_up(x.sum(axis=1)))
    assert np.array_equal(apportioned(x[:, :1]), round_half_up(x[:, :1]))
