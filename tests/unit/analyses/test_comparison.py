"""Comparing 2 to 4 scenarios: headline figures, cumulative cost, differing inputs.

Hand numbers: tests/unit/hand_case.py (in-house cash TCO 155,602; hosted "Test Host" at 5
per user-month 43,580 = 3,000 + 2 x 20,290). At 10 per user-month the plan's subscription
doubles to 12,000 a year: 3,000 + 2 x (12,000 + 5,050 + 480 + 8,760) = 55,580.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.analyses.comparison import (
    compare,
    differing_assumptions,
    display_names,
    headline_text,
)
from planner.engine.projection import INHOUSE, project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioError
from planner.model.files import default_scenario, from_data, with_values
from planner.outputs.figures import comparison_cumulative_figure
from tests.unit.hand_case import HAND_CASE, hand_case

HOST = "Test Host"


def priced(price: float, name: str) -> object:
    plan = {**HAND_CASE["plans"][0], "price_per_user_month": price}  # type: ignore[index]
    return hand_case(name=name, plans=[plan])


@pytest.fixture(scope="module")
def pair():  # type: ignore[no-untyped-def]
    return compare([priced(5.0, "Five"), priced(10.0, "Ten")])


class TestCount:
    @pytest.mark.parametrize("count", [0, 1, 5])
    def test_fewer_than_two_or_more_than_four_is_refused(self, count: int) -> None:
        with pytest.raises(ScenarioError, match=f"{count} scenarios? chosen; compare 2 to 4"):
            compare([default_scenario()] * count)

    def test_four_is_allowed(self) -> None:
        scenarios = [hand_case(name=f"S{i}") for i in range(4)]
        assert len(compare(scenarios).names) == 4

    def test_one_projection_per_scenario(self) -> None:
        scenarios = [hand_case(), hand_case()]
        with pytest.raises(ValueError, match="one projection per scenario"):
            compare(scenarios, [project_scenario(scenarios[0])])


class TestHeadline:
    def test_hand_figures_side_by_side(self, pair) -> None:  # type: ignore[no-untyped-def]
        h = pair.headline.set_index("scenario")
        assert list(h.index) == ["Five", "Ten"]
        assert h.loc["Five", "inhouse_tco"] == pytest.approx(155602, abs=0.5)
        assert h.loc["Ten", "inhouse_tco"] == pytest.approx(155602, abs=0.5)
        assert h.loc["Five", "cheapest_tco"] == pytest.approx(43580)
        assert h.loc["Ten", "cheapest_tco"] == pytest.approx(55580)
        assert h.loc["Ten", "saving_vs_inhouse"] == pytest.approx(155602 - 55580, abs=0.5)
        assert h.loc["Five", "cheapest_option"] == HOST
        assert math.isnan(h.loc["Five", "breakeven_year"])

    def test_headline_text_reads_as_money(self, pair) -> None:  # type: ignore[no-untyped-def]
        text = headline_text(pair.headline).set_index("metric")
        assert text.loc["Cheapest option: total cost of ownership", "Ten"] == "55,580 USD"
        assert text.loc["Break-even year of in-house against that plan", "Five"] == "none"
        assert text.loc["Users today", "Five"] == "100"
        assert list(pair.headline_text().columns) == ["metric", "Five", "Ten"]

    def test_equals_the_summary_of_each_scenario(self) -> None:
        scenarios = [
            default_scenario(),
            with_values(
                default_scenario(),
                {
                    "name": "Bigger",
                    "organisation.users": 900,
                    "organisation.horizon_years": 8,
                },
            ),
        ]
        c = compare(scenarios)
        for row, scenario in zip(c.headline.to_dict("records"), scenarios, strict=True):
            s = summarise(project_scenario(scenario))
            assert row["inhouse_tco"] == pytest.approx(s.tco[0, 0])
            assert row["cheapest_tco"] == pytest.approx(s.tco[0, int(s.cheapest[0])])
            assert row["horizon_years"] == scenario.organisation.horizon_years


class TestCumulative:
    def test_series_end_at_each_tco_and_follow_each_horizon(self) -> None:
        long = hand_case(name="Long", organisation={"horizon_years": 4})
        c = compare([hand_case(name="Short"), long])
        frame = c.cumulative
        short_host = frame[(frame["scenario"] == "Short") & (frame["option"] == HOST)]
        assert list(short_host["year"]) == [0, 1, 2]
        assert list(short_host["cumulative_cost"]) == pytest.approx([3000, 23290, 43580])
        long_years = frame[(frame["scenario"] == "Long") & (frame["option"] == INHOUSE)]["year"]
        assert list(long_years) == [0, 1, 2, 3, 4]
        roles = dict(zip(short_host["option"], short_host["role"], strict=True))
        assert roles == {HOST: "cheapest hosted"}

    def test_figure_draws_inhouse_and_cheapest_hosted_per_scenario(self, pair) -> None:  # type: ignore[no-untyped-def]
        fig = comparison_cumulative_figure(pair)
        names = [t.name for t in fig.data]
        assert names == [f"Five: {INHOUSE}", f"Five: {HOST}", f"Ten: {INHOUSE}", f"Ten: {HOST}"]
        assert fig.data[1].y[-1] == pytest.approx(43580)
        assert fig.data[3].y[-1] == pytest.approx(55580)


class TestDifferences:
    def test_only_fields_that_differ_with_each_value(self) -> None:
        a = hand_case(name="A")
        b = hand_case(name="B", organisation={"users": 250}, staff={"salary_per_fte_year": 90000.0})
        diff = differing_assumptions([a, b]).set_index("field")
        assert list(diff.columns) == ["description", "A", "B"]
        assert set(diff.index) == {"organisation.users", "staff.salary_per_fte_year"}
        assert list(diff.loc["organisation.users", ["A", "B"]]) == ["100", "250"]
        assert list(diff.loc["staff.salary_per_fte_year", ["A", "B"]]) == ["100,000", "90,000"]
        assert diff.loc["organisation.users", "description"] == "Mail users today (mailboxes)."

    def test_identical_inputs_give_an_empty_table(self) -> None:
        diff = differing_assumptions([hand_case(name="A"), hand_case(name="B")])
        assert diff.empty
        assert list(diff.columns) == ["field", "description", "A", "B"]

    def test_plan_terms_that_differ_are_one_row_per_field(self, pair) -> None:  # type: ignore[no-untyped-def]
        diff = pair.differences.set_index("field")
        row = diff.loc[f"plans: {HOST}: price_per_user_month"]
        assert (row["Five"], row["Ten"]) == ("5", "10")
        assert len(diff) == 1

    def test_a_plan_missing_from_some_scenarios_is_one_row(self) -> None:
        extra = {
            "provider": "Acme",
            "plan": "Mail",
            "price_per_user_month": 3.0,
            "mailbox_gb": 10.0,
            "attachment_mb": 25.0,
            "sla_pct": 99.0,
        }
        a = hand_case(name="A")
        b = hand_case(name="B", plans=[HAND_CASE["plans"][0], extra])  # type: ignore[index]
        c = hand_case(name="C", plans=[extra])
        diff = differing_assumptions([a, b, c]).set_index("field")
        assert list(diff.loc["plans: Acme Mail", ["A", "B", "C"]]) == [
            "not included",
            "included",
            "included",
        ]
        assert list(diff.loc[f"plans: {HOST}", ["A", "B", "C"]]) == [
            "included",
            "included",
            "not included",
        ]

    def test_uncertainty_ranges_that_differ_are_listed(self) -> None:
        rng = {"field": "organisation.users", "low": 90, "mode": 100, "high": 130}
        a = hand_case(name="A")
        b = from_data({**HAND_CASE, "name": "B", "uncertainty": {"ranges": [rng]}})
        diff = differing_assumptions([a, b]).set_index("field")
        row = diff.loc["uncertainty: organisation.users"]
        assert (row["A"], row["B"]) == ("no range", "90 / 100 / 130 (pert)")


def test_repeated_names_are_made_unique() -> None:
    scenarios = [hand_case(name="Same"), hand_case(name="Same"), hand_case(name="Same (2)")]
    assert display_names(scenarios) == ("Same", "Same (2)", "Same (2) (2)")
    c = compare(scenarios)
    assert list(c.headline["scenario"]) == list(c.names)
    assert len(set(c.differences.columns)) == len(c.differences.columns)


def test_mixed_currencies_keep_their_own_code() -> None:
    eur = hand_case(name="Euro", finance={"currency": "EUR"})
    c = compare([hand_case(name="Dollar"), eur])
    text = c.headline_text().set_index("metric")
    assert text.loc["In-house: total cost of ownership", "Euro"].endswith(" EUR")
    assert text.loc["In-house: total cost of ownership", "Dollar"].endswith(" USD")
    assert np.all(c.headline["currency"] == ["USD", "EUR"])
