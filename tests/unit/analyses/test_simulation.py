"""Monte Carlo through the engine: exactness, closed forms, seeds and chunking."""

from __future__ import annotations

import math
from functools import cache
from typing import Any, ClassVar

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from planner.analyses.simulation import MAX_DRAWS, Simulation, simulate
from planner.analyses.uncertainty import resolve
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, from_data, load_scenario
from planner.model.ranges import Range, Uncertainty
from planner.model.scenario import Scenario

PLAN = {"mailbox_gb": 1000, "attachment_mb": 150, "sla_pct": 99.9}


def linear_case(ranges: list[dict[str, Any]], **plan_b: Any) -> Scenario:
    """Hosted cost is exactly 12 x price x users x years: no growth, no escalation, no
    migration, staff, links or downtime; in-house is priced out by a 100 million build."""
    return from_data(
        {
            "name": "linear",
            "organisation": {"users": 2000, "growth_pct_per_year": 0.0, "horizon_years": 4},
            "hosted": {
                "migration_per_user": 0.0,
                "migration_fixed": 0.0,
                "price_escalation_pct_per_year": 0.0,
            },
            "staff": {"hosted_fte_per_1000_users": 0.0, "hosted_fte_minimum": 0.0},
            "connectivity": {"price_per_mbps_month": 0.0},
            "risk": {"include_downtime": False},
            "inhouse": {"build": {"cost_fixed": 1e8}},
            "plans": [
                {"provider": "P", "plan": "A", "price_per_user_month": 4.0, **PLAN},
                {"provider": "P", "plan": "B", "price_per_user_month": 2.0, **PLAN, **plan_b},
            ],
            "uncertainty": {"ranges": ranges},
        }
    )


@cache
def known_simulation(a: float, m: float, b: float, draws: int) -> Simulation:
    """Users triangular on [a, b] with mode m; plan B bills at least 5,000 users."""
    users = {"field": "organisation.users", "low": a, "mode": m, "high": b, "shape": "triangular"}
    return simulate(linear_case([users], min_users=5000), draws=draws, seed=11)


def triangular_quantile(q: float, a: float, m: float, b: float) -> float:
    if q <= (m - a) / (b - a):
        return a + math.sqrt(q * (b - a) * (m - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - m))


def triangular_cdf(x: float, a: float, m: float, b: float) -> float:
    if x <= m:
        return (x - a) ** 2 / ((b - a) * (m - a))
    return 1 - (b - x) ** 2 / ((b - a) * (b - m))


def collapsed(scenario: Scenario) -> Scenario:
    """Every range pinned to the scenario's own value."""
    pinned = tuple(
        Range(
            field=i.range.field,
            plan=i.range.plan,
            segment=i.range.segment,
            low=i.current,
            mode=i.current,
            high=i.current,
        )
        for i in resolve(scenario)
    )
    return scenario.model_copy(update={"uncertainty": Uncertainty(ranges=pinned)})


class TestExactness:
    @pytest.mark.parametrize("name", sorted(preset_files()))
    def test_ranges_collapsed_to_a_point_give_the_deterministic_plan_exactly(
        self, name: str
    ) -> None:
        s = collapsed(load_scenario(preset_files()[name]))
        assert len(s.uncertainty.ranges) >= 8
        sim = simulate(s, draws=40, seed=1, chunk_size=16)
        plan = summarise(project_scenario(s))
        assert_array_equal(sim.tco, np.repeat(plan.tco, 40, axis=0))
        assert_array_equal(sim.cheapest, np.full(40, plan.cheapest[0]))
        assert_array_equal(sim.fits, np.repeat(plan.fits, 40, axis=0))
        for i in range(len(sim.fan_percentiles)):
            assert_array_equal(sim.fan[i], plan.cumulative[0])
        assert_array_equal(sim.percentiles()[1], plan.tco[0])

    def test_a_scenario_without_ranges_simulates_to_itself(self) -> None:
        s = default_scenario()
        sim = simulate(s, draws=10, seed=3)
        assert sim.inputs == ()
        assert sim.samples.shape == (0, 10)
        assert_array_equal(sim.tco[7], summarise(project_scenario(s)).tco[0])
        assert sim.p_cheapest.sum() == pytest.approx(1.0)


class TestKnownDistribution:
    A, M, B = 100.0, 2000.0, 10000.0
    DRAWS = 20_000

    def simulation(self) -> Simulation:
        return known_simulation(self.A, self.M, self.B, self.DRAWS)

    @pytest.mark.parametrize("q", [10.0, 50.0, 90.0])
    def test_tco_percentiles_of_a_plan_linear_in_users_match_the_closed_form(
        self, q: float
    ) -> None:
        """Plan A costs 12 x 4 x 4 years = 192 per user: TCO_q = 192 x F^-1(q)."""
        sim = self.simulation()
        a, m, b = self.A, self.M, self.B
        users_q = triangular_quantile(q / 100, a, m, b)
        density = (
            2 * (users_q - a) / ((b - a) * (m - a))
            if users_q <= m
            else (2 * (b - users_q) / ((b - a) * (b - m)))
        )
        se_users = math.sqrt(q / 100 * (1 - q / 100) / self.DRAWS) / density
        tolerance = 192 * (5 * se_users + 0.5)  # sampling error plus rounding to whole users
        assert abs(sim.percentiles((q,))[0, 1] - 192 * users_q) < tolerance

    def test_probability_cheapest_matches_the_closed_form(self) -> None:
        """B bills at least 5,000 users at half A's price: B is cheaper iff users > 2,500,
        so P(B cheapest) = 1 - F(2,500) = 7,500^2 / (9,900 x 8,000) = 0.7102."""
        sim = self.simulation()
        expected = 1 - triangular_cdf(2500.5, self.A, self.M, self.B)
        assert expected == pytest.approx(0.7102, abs=1e-4)
        se = math.sqrt(expected * (1 - expected) / self.DRAWS)
        assert abs(sim.p_cheapest[2] - expected) < 5 * se
        assert sim.p_cheapest[0] == 0.0
        assert sim.p_cheapest.sum() == pytest.approx(1.0)

    def test_savings_are_inhouse_minus_each_plan(self) -> None:
        sim = self.simulation()
        assert_array_equal(sim.savings[:, 0], sim.tco[:, 0] - sim.tco[:, 1])
        assert sim.p_saving[0] == 1.0


class TestReproducibility:
    RANGES: ClassVar[list[dict[str, Any]]] = [
        {"field": "organisation.users", "low": 50, "mode": 200, "high": 900},
        {"field": "organisation.horizon_years", "low": 2, "mode": 5, "high": 9},
        {"field": "staff.salary_per_fte_year", "low": 9e4, "mode": 1.24e5, "high": 1.6e5},
        {"field": "plans.price_per_user_month", "plan": "all", "low": 90, "mode": 100, "high": 130},
    ]

    def test_the_same_seed_gives_the_same_result(self) -> None:
        s = from_data({"uncertainty": {"ranges": self.RANGES}})
        one, two = simulate(s, 500, seed=5), simulate(s, 500, seed=5)
        assert_array_equal(one.tco, two.tco)
        assert_array_equal(one.fan, two.fan)

    def test_a_different_seed_gives_a_different_result(self) -> None:
        s = from_data({"uncertainty": {"ranges": self.RANGES}})
        assert not np.array_equal(simulate(s, 500, seed=5).tco, simulate(s, 500, seed=6).tco)

    def test_chunked_equals_unchunked_even_with_mixed_horizons(self) -> None:
        s = from_data({"uncertainty": {"ranges": self.RANGES}})
        whole = simulate(s, 700, seed=9, chunk_size=700)
        chunked = simulate(s, 700, seed=9, chunk_size=37)
        assert_array_equal(whole.tco, chunked.tco)
        assert_array_equal(whole.cheapest, chunked.cheapest)
        assert_array_equal(whole.fan, chunked.fan)

    def test_the_fan_only_counts_draws_still_inside_their_horizon(self) -> None:
        s = from_data({"uncertainty": {"ranges": self.RANGES}})
        sim = simulate(s, 700, seed=9)
        horizons = sim.samples[1]
        top = horizons.max()
        assert sim.years[-1] == top
        last = horizons == top
        assert 0 < last.sum() < 700
        # In the last year only the longest draws count: their cumulative cost is their TCO.
        expected = np.percentile(sim.tco[last], sim.fan_percentiles, axis=0)
        np.testing.assert_allclose(sim.fan[:, :, -1], expected, rtol=1e-12)


class TestResults:
    def test_percentile_table_has_one_row_per_option(self) -> None:
        s = load_scenario(preset_files()["default"])
        sim = simulate(s, draws=300, seed=2)
        table = sim.percentile_table()
        assert list(table["option"]) == list(sim.options)
        assert {"tco_p10", "tco_p50", "tco_p90", "p_cheapest", "p_fits", "saving_p50"} <= set(
            table.columns
        )
        assert (table["tco_p10"] <= table["tco_p50"]).all()
        assert (table["tco_p50"] <= table["tco_p90"]).all()
        assert np.isnan(table["saving_p50"][0])
        assert table["p_cheapest"].sum() == pytest.approx(1.0)

    def test_fan_table_is_long_by_option_and_year(self) -> None:
        s = load_scenario(preset_files()["small_office"])
        sim = simulate(s, draws=200, seed=2)
        fan = sim.fan_table()
        assert len(fan) == len(sim.options) * len(sim.years)
        assert (fan["cumulative_p10"] <= fan["cumulative_p90"]).all()

    @pytest.mark.parametrize("draws", [0, -5, MAX_DRAWS + 1])
    def test_draws_outside_the_allowed_span_are_refused(self, draws: int) -> None:
        with pytest.raises(ScenarioValueError, match=f"draws = {draws}: allowed: a whole"):
            simulate(default_scenario(), draws=draws)
