"""Paid security updates for Exchange 2016 / 2019: dated periods, priced on the stay path.

Hand case from Exchange 2019 (tests/unit/test_existing_platform.py): one server serving year
1 only, incident risk 10% x 100,000 = 10,000 a year, stay path 100,939.25 (cash) without
paid updates.
- 6 months left at 100 per server-month: year 1 is half covered: fee 1 x 100 x 12 x 0.5 = 600
  (a licence spend), risk 10,000 x (1 - 0.5) = 5,000 -> 100,939.25 + 600 - 5,000 = 96,539.25.
- 18 months left: year 1 fully covered (fee 1,200, no risk); year 2 the path has moved:
  100,939.25 + 1,200 - 10,000 = 92,139.25.
- 18 months, server 1 year old (serves years 1-4, no move within horizon 2): year 2 is half
  covered: fee 600, risk 5,000; year 1 fee 1,200, risk 0.
"""

from __future__ import annotations

import datetime as dt

import pytest
from numpy.testing import assert_allclose

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.path_notes import path_sentences
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import PlannerError
from planner.model.defaults import assumptions
from planner.model.security_updates import months_left, periods_text, update_periods
from tests.unit.engine.test_platform_paths import CURRENT
from tests.unit.hand_case import hand_case


def stay(**current: object):  # type: ignore[no-untyped-def]
    scenario = hand_case(current={**CURRENT, "paid_updates_per_server_month": 100.0, **current})
    p = project_scenario(scenario)
    return scenario, p, summarise(p)


def line(p, category: str, kind: str) -> list[float]:  # type: ignore[no-untyped-def]
    return list(p.costs[0, -1, LINE_INDEX[Line(category, kind)]])


class TestDatedPeriods:
    def test_the_second_period_is_the_last_and_ends_in_october_2026(self) -> None:
        periods = update_periods()
        assert [p.name for p in periods] == ["Period 1", "Period 2"]
        assert periods[0].end == dt.date(2026, 4, 14)
        assert periods[-1].last
        assert periods[-1].end == dt.date(2026, 10, 31)
        assert all(p.source for p in periods)

    def test_months_left(self) -> None:
        """On 2026-10-01: 31 days of Period 2 left, / (365.25 / 12) = 1.0185 months; on
        2026-12-07 (the default's date): none."""
        assert months_left(dt.date(2026, 10, 1)) == pytest.approx(31 / 30.4375)
        assert months_left(dt.date(2026, 12, 7)) == 0.0

    def test_the_default_agrees_with_the_dates_on_its_as_of_day(self) -> None:
        item = assumptions()["current.paid_updates_months_left"]
        assert item.value == pytest.approx(months_left(item.as_of))

    def test_the_price_default_is_marked_unverified(self) -> None:
        assert assumptions()["current.paid_updates_per_server_month"].basis == "unverified"

    def test_no_date_in_the_defaults_says_updates_ended_in_april(self) -> None:
        text = " ".join(a.source for a in assumptions().values())
        assert "updates ended 2026-04-14" not in text


class TestPricedOnTheStayPath:
    def test_six_months_left_halve_year_ones_risk_and_cost_600(self) -> None:
        _, p, s = stay(paid_updates_months_left=6.0)
        assert p.options[-1] == (
            "Stay on Exchange 2019 (paid security updates for 6 months, then unsupported)"
        )
        assert_allclose(line(p, "licences", "operating"), [0, 600, 6000], atol=1e-6)
        assert_allclose(line(p, "unsupported_risk", "operating"), [0, 5000, 0], atol=1e-6)
        assert s.tco[0, -1] == pytest.approx(96539.25)

    def test_eighteen_months_cover_year_one(self) -> None:
        _, p, s = stay(paid_updates_months_left=18.0)
        assert_allclose(line(p, "unsupported_risk", "operating"), [0, 0, 0], atol=1e-6)
        assert s.tco[0, -1] == pytest.approx(92139.25)

    def test_cover_runs_into_year_two_while_staying(self) -> None:
        _, p, _ = stay(paid_updates_months_left=18.0, server_age_years=1)
        assert_allclose(line(p, "licences", "operating"), [0, 1200, 600], atol=1e-6)
        assert_allclose(line(p, "unsupported_risk", "operating"), [0, 0, 5000], atol=1e-6)

    def test_none_left_is_unsupported_from_year_one(self) -> None:
        scenario, p, s = stay(paid_updates_months_left=0.0)
        assert p.options[-1] == "Stay on Exchange 2019 (unsupported)"
        assert s.tco[0, -1] == pytest.approx(100939.25)
        text = " ".join(path_sentences(scenario, p, s))
        assert f"Paid security updates for Exchange 2016 / 2019: {periods_text()}" in text
        assert "none is left from year 1" in text

    def test_the_paths_say_what_staying_buys(self) -> None:
        scenario, p, s = stay(paid_updates_months_left=6.0)
        text = " ".join(path_sentences(scenario, p, s))
        assert "staying buys the 6 months left at 100 USD per server-month" in text
        assert "unverified estimate" in text

    def test_the_upgrade_and_the_moves_do_not_pay_for_them(self) -> None:
        base = project_scenario(hand_case(current=CURRENT))
        _, p, _ = stay(paid_updates_months_left=6.0)
        assert_allclose(p.total_cash[0, :-1], base.total_cash[0, :-1])


def test_months_beyond_the_bound_are_refused_naming_the_field() -> None:
    with pytest.raises(PlannerError) as err:
        hand_case(current={**CURRENT, "paid_updates_months_left": 30.0})
    assert "current.paid_updates_months_left" in str(err.value)
