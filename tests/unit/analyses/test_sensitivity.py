"""Tornado and break-even values, checked against costs worked by hand."""

from __future__ import annotations

import pytest

from planner.analyses.sensitivity import breakeven_values, tornado
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.files import default_scenario, from_data, with_values
from planner.model.scenario import Scenario

# Default scenario: 5-year horizon, 3% inflation, upgrades every 5 years.
MIGRATION = {"field": "hosted.migration_fixed", "low": 0, "mode": 3000, "high": 10000}
BUILD = {"field": "inhouse.build.cost_fixed", "low": 5000, "mode": 10000, "high": 12000}
UPGRADE = {"field": "inhouse.upgrades.cost_fixed", "low": 2000, "mode": 5000, "high": 20000}
USERS = {"field": "organisation.users", "low": 100, "mode": 200, "high": 400}
STORAGE = {"field": "inhouse.storage.price_per_tb", "low": 35, "mode": 60, "high": 100}


def scenario(*ranges: dict[str, object]) -> Scenario:
    return from_data({"uncertainty": {"ranges": list(ranges)}})


def cash_scenario(*ranges: dict[str, object]) -> Scenario:
    """On the cash basis: the year-5 upgrade counts in full (net of residual, an upgrade in
    the horizon's last year serves only later years and is credited back in full)."""
    return from_data({"finance": {"tco_basis": "cash"}, "uncertainty": {"ranges": list(ranges)}})


def difference(s: Scenario, updates: dict[str, object], reference: str) -> float:
    """TCO(in-house) - TCO(reference) of one scenario, projected on its own."""
    summary = summarise(project_scenario(with_values(s, updates)))
    return float(summary.tco[0, 0] - summary.tco[0, summary.options.index(reference)])


class TestTornado:
    def test_swings_match_hand_worked_one_time_costs(self) -> None:
        """Hosted migration lands once in year 0 for every plan: D moves by -(x - mode).
        The in-house build lands once in year 0: D moves by +(x - mode). One upgrade project
        falls in year 5 at year-5 prices: D moves by (x - mode) x 1.03^4."""
        t = tornado(cash_scenario(MIGRATION, BUILD, UPGRADE))
        bars = {b.input.key: b for b in t.bars}
        m, b, u = (
            bars["hosted.migration_fixed"],
            bars["inhouse.build.cost_fixed"],
            bars["inhouse.upgrades.cost_fixed"],
        )
        assert m.at_low - t.base == pytest.approx(3000, abs=1e-6)
        assert m.at_high - t.base == pytest.approx(-7000, abs=1e-6)
        assert b.at_low - t.base == pytest.approx(-5000, abs=1e-6)
        assert b.at_high - t.base == pytest.approx(2000, abs=1e-6)
        assert u.at_low - t.base == pytest.approx(-3000 * 1.03**4, abs=1e-6)
        assert u.at_high - t.base == pytest.approx(15000 * 1.03**4, abs=1e-6)
        assert [x.input.key for x in t.bars] == [
            "inhouse.upgrades.cost_fixed",  # 18,000 x 1.03^4 = 20,259
            "hosted.migration_fixed",  # 10,000
            "inhouse.build.cost_fixed",  # 7,000
        ]
        assert u.swing == pytest.approx(18000 * 1.03**4, abs=1e-6)

    def test_reference_is_the_cheapest_fitting_plan_at_the_modes(self) -> None:
        s = scenario(MIGRATION)
        plan = summarise(project_scenario(s))
        t = tornado(s)
        assert t.reference == plan.options[int(plan.cheapest[0])]
        assert t.base == pytest.approx(plan.tco[0, 0] - plan.tco[0, t.reference_index], abs=1e-6)

    def test_a_named_reference_is_used_and_an_unknown_one_refused(self) -> None:
        s = scenario(MIGRATION)
        t = tornado(s, reference="Google Workspace Business Plus")
        assert t.reference == "Google Workspace Business Plus"
        with pytest.raises(ScenarioValueError, match="reference = 'Acme': no such plan; plans:"):
            tornado(s, reference="Acme")

    def test_the_base_uses_the_modes_not_the_scenario_values(self) -> None:
        shifted = dict(MIGRATION, mode=4000, high=10000)
        t = tornado(scenario(shifted))
        assert t.base == pytest.approx(tornado(scenario(MIGRATION)).base - 1000, abs=1e-6)

    def test_no_ranges_gives_no_bars(self) -> None:
        t = tornado(default_scenario())
        assert t.bars == ()
        assert breakeven_values(default_scenario()) == ()

    def test_table_lists_inputs_by_rank(self) -> None:
        table = tornado(scenario(MIGRATION, BUILD, UPGRADE)).table()
        assert list(table["rank"]) == [1, 2, 3]
        assert table["swing"].is_monotonic_decreasing


class TestBreakEven:
    def test_a_linear_input_breaks_even_where_the_difference_is_used_up(self) -> None:
        """D(x) = D(mode) - (x - 3,000) for the hosted migration: zero at 3,000 + D(mode)."""
        s = scenario(MIGRATION, BUILD)
        t = tornado(s)
        found = {b.input.key: b for b in breakeven_values(s, top=2, ranked=t)}
        m = found["hosted.migration_fixed"]
        assert m.value == pytest.approx(3000 + t.base, abs=1e-3)
        assert m.inhouse_cheaper == "above"
        assert m.crossings == 1
        assert "in-house is cheaper than" in m.text
        assert " above " in m.text

    def test_a_whole_number_input_breaks_even_at_the_first_winning_value(self) -> None:
        ref = "Google Workspace Business Plus"
        s = scenario(USERS)
        (users,) = breakeven_values(s, top=1, reference=ref)
        assert users.value is not None
        assert users.value.is_integer()
        v = int(users.value)
        at_v = difference(s, {"organisation.users": v}, ref)
        before = difference(s, {"organisation.users": v - 1}, ref)
        assert at_v < 0 <= before  # in-house is cheaper from v users up
        assert users.inhouse_cheaper == "above"
        assert users.text.endswith(f"from {v:,} up")

    def test_no_crossing_within_the_bounds_says_so(self) -> None:
        """Dearer disk only makes in-house dearer: the cheapest plan stays cheaper."""
        s = scenario(STORAGE)
        (disk,) = breakeven_values(s, top=1)
        assert disk.value is None
        assert disk.crossings == 0
        assert disk.text == (
            f"inhouse.storage.price_per_tb: {tornado(s).reference} stays cheaper at every "
            "value from 0 up (no break-even)"
        )

    def test_only_the_top_inputs_are_searched(self) -> None:
        s = cash_scenario(MIGRATION, BUILD, UPGRADE)
        found = breakeven_values(s, top=2)
        assert [b.input.key for b in found] == [
            "inhouse.upgrades.cost_fixed",
            "hosted.migration_fixed",
        ]
