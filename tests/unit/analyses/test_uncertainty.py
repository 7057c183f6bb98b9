"""Drawing ranges: shapes against their closed forms, seeds, rounding, and batch placement."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from planner.analyses.uncertainty import apply, resolve, sample, sample_range
from planner.engine.scenario_arrays import Batch
from planner.model.files import default_scenario, from_data
from planner.model.ranges import Range
from planner.model.scenario import Scenario

N = 200_000


def triangular_quantile(q: float, a: float, m: float, b: float) -> float:
    """Closed-form inverse CDF of the triangular distribution."""
    if q <= (m - a) / (b - a):
        return a + math.sqrt(q * (b - a) * (m - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - m))


def triangular_density(x: float, a: float, m: float, b: float) -> float:
    if x <= m:
        return 2 * (x - a) / ((b - a) * (m - a))
    return 2 * (b - x) / ((b - a) * (b - m))


class TestShapes:
    @pytest.mark.parametrize("q", [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95])
    def test_triangular_percentiles_match_the_closed_form(self, q: float) -> None:
        a, m, b = 10.0, 40.0, 100.0
        x = sample_range(
            Range(
                field="organisation.growth_pct_per_year", low=a, mode=m, high=b, shape="triangular"
            ),
            N,
            np.random.default_rng(1),
        )
        expected = triangular_quantile(q, a, m, b)
        # Standard error of a sample quantile: sqrt(q(1-q)/n) / density at the quantile.
        se = math.sqrt(q * (1 - q) / N) / triangular_density(expected, a, m, b)
        assert abs(np.quantile(x, q) - expected) < 5 * se

    def test_pert_has_the_closed_form_mean_and_spread(self) -> None:
        """PERT (lambda 4): mean (a + 4m + b) / 6, variance (mean - a)(b - mean) / 7."""
        a, m, b = 0.0, 5.0, 12.0
        x = sample_range(
            Range(field="organisation.growth_pct_per_year", low=a, mode=m, high=b),
            N,
            np.random.default_rng(2),
        )
        mean = (a + 4 * m + b) / 6
        sd = math.sqrt((mean - a) * (b - mean) / 7)
        assert abs(x.mean() - mean) < 5 * sd / math.sqrt(N)
        assert x.std() == pytest.approx(sd, rel=0.01)
        assert x.min() >= a
        assert x.max() <= b

    def test_symmetric_pert_has_its_median_at_the_mode(self) -> None:
        x = sample_range(
            Range(field="organisation.growth_pct_per_year", low=-10, mode=0, high=10),
            N,
            np.random.default_rng(3),
        )
        assert abs(np.median(x)) < 0.05

    def test_a_point_range_uses_no_random_numbers(self) -> None:
        rng = np.random.default_rng(4)
        before = rng.bit_generator.state
        x = sample_range(Range(field="organisation.users", low=7, mode=7, high=7), 5, rng)
        assert_array_equal(x, [7, 7, 7, 7, 7])
        assert rng.bit_generator.state == before


def scenario_with(*ranges: dict[str, object]) -> Scenario:
    return from_data({"uncertainty": {"ranges": list(ranges)}})


USERS = {"field": "organisation.users", "low": 100, "mode": 200, "high": 1000}
GROWTH = {"field": "organisation.growth_pct_per_year", "low": 0, "mode": 5, "high": 12}


class TestSeeds:
    def test_the_same_seed_gives_the_same_draws(self) -> None:
        inputs = resolve(scenario_with(USERS, GROWTH))
        assert_array_equal(sample(inputs, 1000, 7), sample(inputs, 1000, 7))

    def test_a_different_seed_gives_different_draws(self) -> None:
        inputs = resolve(scenario_with(USERS, GROWTH))
        assert not np.array_equal(sample(inputs, 1000, 7), sample(inputs, 1000, 8))

    def test_each_range_keeps_its_draws_when_another_range_changes(self) -> None:
        wide = dict(USERS, high=5000)
        first = sample(resolve(scenario_with(USERS, GROWTH)), 1000, 7)
        second = sample(resolve(scenario_with(wide, GROWTH)), 1000, 7)
        assert_array_equal(first[1], second[1])
        assert not np.array_equal(first[0], second[0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=1_000_000), min_size=3, max_size=3).map(sorted),
    st.sampled_from(["pert", "triangular"]),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_draws_stay_in_the_range_and_whole_fields_draw_whole_numbers(
    bounds: list[int], shape: str, seed: int
) -> None:
    low, mode, high = bounds
    inputs = resolve(
        scenario_with(
            {"field": "organisation.users", "low": low, "mode": mode, "high": high, "shape": shape}
        )
    )
    x = sample(inputs, 300, seed)[0]
    assert x.min() >= low
    assert x.max() <= high
    assert_array_equal(x, np.round(x))


class TestApply:
    def test_scenario_fields_take_the_drawn_values(self) -> None:
        s = scenario_with(USERS, GROWTH)
        inputs = resolve(s)
        values = np.array([[150.0, 900.0], [1.5, 11.0]])
        batch = apply(Batch.of(s).repeat(2), inputs, values)
        assert_array_equal(batch["organisation.users"], [150, 900])
        assert_array_equal(batch["organisation.growth_pct_per_year"], [1.5, 11.0])

    def test_every_plan_scales_by_percent_and_one_plan_range_wins_for_its_plan(self) -> None:
        s = default_scenario()
        listed = np.array([p.price_per_user_month for p in s.plans])
        target = s.plans[2].label
        s = scenario_with(
            {"field": "plans.price_per_user_month", "plan": target, "low": 1, "mode": 2, "high": 9},
            {
                "field": "plans.price_per_user_month",
                "plan": "all",
                "low": 50,
                "mode": 100,
                "high": 200,
            },
        )
        batch = apply(Batch.of(s).repeat(2), resolve(s), np.array([[3.0, 4.0], [50.0, 200.0]]))
        prices = batch.plans["price_per_user_month"]
        expected = np.vstack([listed * 0.5, listed * 2.0])
        expected[:, 2] = [3.0, 4.0]
        assert_array_equal(prices, expected)

    def test_scaled_user_limits_are_whole_and_no_cap_stays_no_cap(self) -> None:
        s = scenario_with(
            {"field": "plans.max_users", "plan": "all", "low": 50, "mode": 100, "high": 150},
        )
        caps = [p.max_users for p in s.plans]
        batch = apply(Batch.of(s).repeat(1), resolve(s), np.array([[133.0]]))
        got = batch.plans["max_users"][0]
        for cap, value in zip(caps, got, strict=True):
            assert value == (math.inf if cap is None else math.floor(cap * 1.33 + 0.5))

    def test_values_must_match_inputs_and_batch(self) -> None:
        s = scenario_with(USERS)
        with pytest.raises(ValueError, match="values must be"):
            apply(Batch.of(s).repeat(3), resolve(s), np.zeros((1, 2)))
