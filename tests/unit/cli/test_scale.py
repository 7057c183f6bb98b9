"""``planner scale``: the scalability table, its crossings and the DR levels as text.

The crossing is the hand-worked case of tests/unit/analyses/test_scalability.py: in-house
12 -> 6 and the plan 8 -> 9 between 100 and 1,000 users cross at 10^(2 + 4/7) = 372.76 users,
8.571429 a user-month, the plan cheaper below.
"""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from planner.analyses.dr_levels import DrComparison
from planner.analyses.scalability import Scalability
from planner.cli.scale import add_parser, dr_text, scalability_text, scale_text
from planner.model.files import default_scenario, with_values


class TestScaleCommand:
    def test_the_text_has_the_table_the_crossings_and_the_dr_rows(self) -> None:
        scenario = with_values(default_scenario(), {"organisation.users": 200})
        text = "\n".join(scale_text(scenario))
        assert "Cost per user per month (USD) by headcount" in text
        assert "\n20,000 " in text  # the last grid row
        assert "Where a plan crosses in-house" in text
        assert "In-house, none" in text
        assert "In-house, hot site" in text

    def test_a_crossing_is_worded_with_its_headcount(self) -> None:
        cost = np.array([[12.0, 8.0], [6.0, 9.0]])
        scal = Scalability(
            np.array([100.0, 1000.0]), ("In-house", "X"), cost, np.zeros((2, 2), bool)
        )
        lines = scalability_text(scal, "EUR")
        assert (
            "  X: about 373 users, 8.57 EUR per user per month; the plan is cheaper below, "
            "in-house above" in lines
        )

    def test_the_subcommand_parses_and_prints(self, capsys: pytest.CaptureFixture[str]) -> None:
        parser = argparse.ArgumentParser(prog="planner")
        add_parser(parser.add_subparsers(dest="command", required=True))
        args = parser.parse_args(["scale", "scenarios/small_office.toml"])
        assert args.run(args) == 0
        out = capsys.readouterr().out
        assert "Disaster recovery" in out
        assert "by headcount" in out

    def test_the_dr_rows_worked_by_hand(self) -> None:
        # hours down = (1 - availability / 100) x 8,760: 99.5% -> 43.8, 99.99% -> 0.876 -> 0.9,
        # 99.95% -> 4.38 -> 4.4; total = cost + downtime loss.
        dr = DrComparison(
            levels=("none", "hot_site"),
            current_level=1,
            currency="EUR",
            inhouse_availability_pct=np.array([99.5, 99.99]),
            inhouse_cost=np.array([1000.0, 2000.0]),
            inhouse_downtime_loss=np.array([500.0, 10.0]),
            plans=("P",),
            plan_sla_pct=np.array([99.9]),
            plan_expected_availability_pct=np.array([99.95]),
            plan_availability_estimated=(True,),
            inhouse_internal_sla_pct=None,
            plan_sla_credits=("",),
            plan_cost=np.array([800.0]),
            plan_downtime_loss=np.array([40.0]),
        )
        rows = [line.split() for line in dr_text(dr)[4:]]
        assert rows == [
            ["In-house,", "none", "none", "99.5", "43.8", "1,000", "500", "1,500"],
            [
                "In-house,",
                "hot",
                "site",
                "(current)",
                "none",
                "99.99",
                "0.9",
                "2,000",
                "10",
                "2,010",
            ],
            ["P", "99.9", "99.95*", "4.4", "800", "40", "840"],
            [
                "*",
                "expected",
                "availability",
                "estimated",
                "from",
                "the",
                "SLA",
                "(the",
                "plan",
                "publishes",
                "none)",
            ],
        ]
