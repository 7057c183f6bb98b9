"""The answer first: the sentence, its numbers, its main reason and its drivers, on costs
set by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.analyses.recommendation import (
    CANDIDATES,
    DRIVERS,
    alternative_of,
    answer_of,
    category_tco,
    driver_sentence,
    recommend,
    what_would_change,
)
from planner.analyses.sensitivity import BreakEven, breakeven_values, tornado
from planner.analyses.uncertainty import resolve
from planner.engine.categories import LINE_INDEX, LINES, Line
from planner.engine.projection import Projection, project_scenario
from planner.engine.summary import Summary, summarise
from planner.model.files import default_scenario, from_data, with_values
from planner.model.scenario import Scenario

PLAN_A = "Microsoft Exchange Online Plan 1"
PLAN_B = "Microsoft Exchange Online Plan 2"


def small() -> Scenario:
    """20 users over 2 years, two published (not illustrative) plans that fit 2 GB mailboxes."""
    s = with_values(default_scenario(), {"organisation.users": 20, "organisation.horizon_years": 2})
    plans = [p.model_dump() for p in s.plans if p.label in (PLAN_A, PLAN_B)]
    return Scenario.model_validate({**s.model_dump(), "plans": plans})


def hand_projection(
    s: Scenario, costs: dict[int, dict[tuple[str, str, int], float]], fte: float = 0.25
) -> Projection:
    """The scenario's projection with every cost replaced by the hand-set ones:
    option -> {(category, kind, year): cost}; in-house FTE ``fte`` in the operating years."""
    p = project_scenario(s)
    detail = np.zeros_like(p.costs)
    for option, lines in costs.items():
        for (category, kind, year), value in lines.items():
            detail[0, option, LINE_INDEX[Line(category, kind)], year] = value
    kinds = {
        k: [i for i, line in enumerate(LINES) if line.kind == k]
        for k in ("capital", "operating", "residual")
    }
    metrics = {**p.metrics, "inhouse_fte": np.array([[0.0, fte, fte]])}
    return replace(
        p,
        costs=detail,
        capital=detail[:, :, kinds["capital"]].sum(axis=2),
        operating=detail[:, :, kinds["operating"]].sum(axis=2),
        residual=detail[:, :, kinds["residual"]].sum(axis=2),
        metrics=metrics,
    )


# In-house: hardware 10,000 (year 0) less a 4,000 residual credit (year 2), licences 2,000
# (year 0), staff 6,000 a year (years 1-2): TCO net of residual 10,000 - 4,000 + 2,000 +
# 12,000 = 20,000; in cash 24,000.
INHOUSE = {
    ("hardware", "capital", 0): 10_000.0,
    ("hardware", "residual", 2): -4_000.0,
    ("licences", "capital", 0): 2_000.0,
    ("expertise", "operating", 1): 6_000.0,
    ("expertise", "operating", 2): 6_000.0,
}
# Plan 1: subscriptions 3,000 a year, staff 1,000 a year, migration 1,500: 9,500.
PLAN_1 = {
    ("licences", "operating", 1): 3_000.0,
    ("licences", "operating", 2): 3_000.0,
    ("expertise", "operating", 1): 1_000.0,
    ("expertise", "operating", 2): 1_000.0,
    ("one_time", "capital", 0): 1_500.0,
}
# Plan 2: subscriptions 4,000 a year, the same staff and migration: 11,500.
PLAN_2 = {**PLAN_1, ("licences", "operating", 1): 4_000.0, ("licences", "operating", 2): 4_000.0}


def options(s: Scenario) -> tuple[int, int]:
    p = project_scenario(s)
    return p.options.index(PLAN_A), p.options.index(PLAN_B)


class TestSentence:
    def test_a_plan_against_inhouse_with_its_main_reason(self) -> None:
        """Chosen Plan 1 (9,500) against in-house (20,000): difference 10,500. Gaps by
        category, in-house minus Plan 1: hardware 10,000 - 4,000 = 6,000; licences 2,000 -
        6,000 = -4,000; staff 12,000 - 2,000 = 10,000; migration -1,500; sum 10,500. The
        largest is staff."""
        s = small()
        a, b = options(s)
        p = hand_projection(s, {0: INHOUSE, a: PLAN_1, b: PLAN_2})
        answer = recommend(s, p, summarise(p))
        assert answer.sentence == (
            f"Move to {PLAN_A}: 9,500 USD over 2 years against 20,000 USD for running Exchange "
            "in-house, mainly because running Exchange in-house costs 10,000 USD more in "
            "administrator staff and training (12,000 USD against 2,000 USD); in-house needs "
            "up to 0.25 administrator FTE."
        )
        assert [round(n.value) for n in answer.numbers] == [9_500, 20_000, 10_500]
        assert answer.reason_category == "expertise"
        assert answer.reason_gap == pytest.approx(10_000)

    def test_the_reason_follows_the_tco_basis(self) -> None:
        """In cash the 4,000 residual credit does not count: hardware's gap is 10,000 + 2,000
        (hardware raised to 12,000) = 12,000 against staff's 10,000, so hardware leads; net of
        residual it is 12,000 - 4,000 = 8,000 and staff leads."""
        base = small()
        a, b = options(base)
        inhouse = {**INHOUSE, ("hardware", "capital", 0): 12_000.0}
        for basis, reason in (("cash", "hardware"), ("net_of_residual", "expertise")):
            s = with_values(base, {"finance.tco_basis": basis})
            p = hand_projection(s, {0: inhouse, a: PLAN_1, b: PLAN_2})
            assert recommend(s, p, summarise(p)).reason_category == reason

    def test_inhouse_chosen_is_set_against_the_cheapest_plan_that_fits(self) -> None:
        """Subscriptions of 14,250 and 15,250 a year: Plan 1 28,500 + 2,000 staff + 1,500
        migration = 32,000, Plan 2 34,000. In-house (20,000) is chosen against Plan 1: 12,000
        apart, mainly subscriptions 28,500 against 2,000 (gap 26,500)."""
        s = small()
        a, b = options(s)
        dear_1 = {
            **PLAN_1,
            ("licences", "operating", 1): 14_250.0,
            ("licences", "operating", 2): 14_250.0,
        }
        dear_2 = {
            **PLAN_1,
            ("licences", "operating", 1): 15_250.0,
            ("licences", "operating", 2): 15_250.0,
        }
        p = hand_projection(s, {0: INHOUSE, a: dear_1, b: dear_2})
        answer = recommend(s, p, summarise(p))
        assert answer.chosen_index == 0
        assert answer.alternative == PLAN_A
        assert answer.sentence.startswith(
            f"Run Exchange in-house: 20,000 USD over 2 years against 32,000 USD for {PLAN_A}, "
            f"mainly because {PLAN_A} costs 26,500 USD more in licences and subscriptions "
            "(28,500 USD against 2,000 USD)"
        )

    def test_a_cheaper_plan_that_does_not_fit_is_never_recommended(self) -> None:
        """Plan 1 is marked as not fitting: the answer is Plan 2 (11,500), the same fit rule
        as the every-option table (the summary's cheapest)."""
        s = small()
        a, b = options(s)
        p = hand_projection(s, {0: INHOUSE, a: PLAN_1, b: PLAN_2})
        summary = summarise(p)
        fits = summary.fits.copy()
        fits[0, a] = False
        summary = replace(summary, fits=fits, cheapest=np.array([b]))
        answer = recommend(s, p, summary)
        assert answer.chosen == PLAN_B
        assert answer.sentence.startswith(f"Move to {PLAN_B}: 11,500 USD over 2 years")

    def test_nothing_else_fits(self) -> None:
        """No plan fits: in-house alone, its TCO and cost per user-month, no comparison."""
        s = small()
        a, b = options(s)
        p = hand_projection(s, {0: INHOUSE, a: PLAN_1, b: PLAN_2})
        summary = summarise(p)
        fits = summary.fits.copy()
        fits[0, 1:] = False
        summary = replace(summary, fits=fits, cheapest=np.array([0]))
        assert alternative_of(summary) is None
        answer = answer_of(s, p, summary)
        assert answer.sentence.startswith("Run Exchange in-house: 20,000 USD over 2 years; no")
        assert answer.drivers == ()
        assert "Nothing else fits" in answer.drivers_note

    def test_category_totals_add_up_to_the_tco(self) -> None:
        """sum_k TCO_k = TCO for every option of a real projection (both bases)."""
        for basis in ("cash", "net_of_residual"):
            s = with_values(default_scenario(), {"finance.tco_basis": basis})
            p = project_scenario(s)
            summary: Summary = summarise(p)
            for option in range(len(p.options)):
                total = sum(category_tco(p, option).values())
                assert total == pytest.approx(summary.tco[0, option], rel=1e-9)


MIGRATION = {"field": "hosted.migration_fixed", "low": 0.0, "mode": 3000.0, "high": 10000.0}
SALARY = {"field": "staff.salary_per_fte_year", "low": 95000.0, "mode": 124000.0, "high": 160000.0}


class TestDrivers:
    def test_a_one_time_hosted_cost_flips_the_answer_at_mode_plus_d(self) -> None:
        """The hosted migration lands once, in year 0, on every plan: D = TCO(in-house) -
        TCO(plan) falls by x - 3,000, so the plan stops being cheaper at x* = 3,000 + D."""
        s = from_data({"organisation": {"users": 40}, "uncertainty": {"ranges": [MIGRATION]}})
        p = project_scenario(s)
        summary = summarise(p)
        answer = answer_of(s, p, summary)
        chosen = answer.chosen_index
        assert chosen != 0
        d = float(summary.tco[0, 0] - summary.tco[0, chosen])
        (driver,) = answer.drivers
        assert driver.breakeven.value == pytest.approx(3_000 + d, rel=1e-6)
        shown = f"{float(f'{3_000 + d:.4g}'):,.0f}"
        assert driver.sentence.endswith(f"the answer changes if it rises above {shown}")

    def test_an_input_that_flips_the_answer_comes_before_a_bigger_swing(self) -> None:
        """Salary swings D by tens of thousands but no salary from 0 up makes in-house the
        cheaper; the migration project swings it by 10,000 and flips it above about 269,204
        (its mode 3,000 + the TCO gap): the one a reader can act on is named first, and the
        swing order still holds within each group."""
        s = from_data({"uncertainty": {"ranges": [MIGRATION, SALARY]}})
        p = project_scenario(s)
        answer = answer_of(s, p, summarise(p))
        assert [d.breakeven.input.key for d in answer.drivers] == [
            MIGRATION["field"],
            SALARY["field"],
        ]
        assert answer.drivers[0].breakeven.value is not None
        assert answer.drivers[1].breakeven.value is None
        assert answer.drivers[1].swing > answer.drivers[0].swing

    def test_a_range_on_a_segment_that_is_gone_is_named_not_raised(self) -> None:
        """The answer stands; the drivers say which range no longer matches."""
        s = from_data(
            {
                "segments": [{"name": "Staff", "users": 150}, {"name": "Board", "users": 50}],
                "uncertainty": {
                    "ranges": [
                        {
                            "field": "segments.users",
                            "segment": "Staff",
                            "low": 100,
                            "mode": 150,
                            "high": 160,
                        }
                    ]
                },
            }
        )
        renamed = s.model_copy(
            update={"segments": (s.segments[0].model_copy(update={"name": "Crew"}), s.segments[1])}
        )
        p = project_scenario(renamed)
        answer = answer_of(renamed, p, summarise(p))
        assert answer.drivers == ()
        assert "no segment named 'Staff'" in answer.drivers_note

    def test_no_ranges_says_so(self) -> None:
        s = from_data({})
        p = project_scenario(s)
        answer = answer_of(s, p, summarise(p))
        assert answer.drivers == ()
        assert "no ranges" in answer.drivers_note

    def test_direction_turns_with_the_chosen_side(self) -> None:
        """In-house is cheaper above 61,250: a plan chosen today loses if the value rises
        above it; in-house chosen today loses if it falls below it."""
        s = from_data({"uncertainty": {"ranges": [SALARY]}})
        (item,) = resolve(s)
        b = BreakEven(item, PLAN_A, 61_250.0, "above", (0.0, 1e9), 1, None)
        name = "Administrator cost"
        assert driver_sentence(b, name, False).endswith("rises above 61,250")
        assert driver_sentence(b, name, True).endswith("falls below 61,250")
        flat = BreakEven(item, PLAN_A, None, None, (0.0, 1e9), 0, PLAN_A)
        assert driver_sentence(flat, name, False).endswith("no value from 0 up changes the answer")

    def test_drivers_use_the_pair_of_the_sentence(self) -> None:
        """The tornado is measured against the sentence's plan, not another one."""
        s = from_data({"uncertainty": {"ranges": [MIGRATION, SALARY]}})
        p = project_scenario(s)
        answer = recommend(s, p, summarise(p))
        ranked = tornado(s, answer.chosen)
        full = what_would_change(s, answer, ranked)
        expected = breakeven_values(s, top=CANDIDATES, ranked=ranked)
        flips_first = sorted(expected, key=lambda b: b.value is None)[:DRIVERS]
        assert [d.breakeven for d in full.drivers] == flips_first


def test_an_illustrative_plan_in_the_best_mix_is_named() -> None:
    """Staff may go in-house or to WorldPosta Basic (illustrative), the board in-house only:
    the best mix puts staff on the plan and the sentence asks for a real quote."""
    s = from_data(
        {
            "segments": [
                {
                    "name": "Staff",
                    "users": 150,
                    "allowed": ["WorldPosta Basic (illustrative)", "in-house"],
                },
                {"name": "Board", "users": 50, "allowed": ["in-house"]},
            ]
        }
    )
    p = project_scenario(s)
    answer = recommend(s, p, summarise(p))
    assert answer.chosen == "Best mix"
    assert answer.sentence.endswith(
        "WorldPosta Basic (illustrative): illustrative price, get a real quote before deciding."
    )
