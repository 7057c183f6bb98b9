"""Ranges follow the value in use unless pinned, worked by hand.

growth (percent field) 0 / 5 / 12 at growth 10: shift by +5      -> 5 / 10 / 17
salary 95,000 / 124,000 / 160,000 at 100,000: scale by 100/124    -> 76,612.90 / 100,000 /
                                                                     129,032.26, kept to 5
                                                  significant digits of 100,000: 76,613 / 129,032
salary at 95,000: 95,000 x 95 / 124 = 72,782.26 -> 72,782; 160 x 95,000 / 124 = 122,580.65 ->
                                                  122,581 (whole numbers from 10,000 up)
availability 99.5 / 99.93 / 99.95 at 99.9: shift by -0.03 -> 99.47 / 99.9 / 99.92 (5 significant
                                                  digits of 99.9: 3 decimals, no float noise)
growth 0 / 5 / 12 at growth -48: shift by -53 -> -53 / -48 / -41, low cut at the bound -50
users 150 / 200 / 300 at 250: scale by 1.25 -> 187.5 / 250 / 375, whole: 187 / 250 / 375
WorldPosta Basic price 2 / 2.5 / 3.5 at a typed 3.0: scale by 1.2 -> 2.4 / 3 / 4.2
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.analyses.sensitivity import tornado
from planner.analyses.uncertainty import mode_notes, resolve
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import from_data, load_scenario, parse_text, to_toml, with_values
from planner.model.ranges import Range, follow

DEFAULT = load_scenario(preset_files()["default"])
GROWTH = "organisation.growth_pct_per_year"
SALARY = "staff.salary_per_fte_year"
BASIC = "WorldPosta Basic (illustrative)"


def _range(scenario, field: str, plan: str | None = None) -> Range:  # type: ignore[no-untyped-def]
    (r,) = [r for r in scenario.uncertainty.ranges if r.field == field and r.plan == plan]
    return r


def test_a_percent_input_moves_its_range_by_the_same_points() -> None:
    r = _range(with_values(DEFAULT, {GROWTH: 10.0}), GROWTH)
    assert (r.low, r.mode, r.high, r.pinned) == (5.0, 10.0, 17.0, False)


def test_other_inputs_scale_their_range() -> None:
    r = _range(with_values(DEFAULT, {SALARY: 100_000.0}), SALARY)
    assert (r.low, r.mode, r.high) == (76_613.0, 100_000.0, 129_032.0)


def test_a_following_range_keeps_the_digits_that_matter() -> None:
    r = _range(with_values(DEFAULT, {SALARY: 95_000.0}), SALARY)
    assert (r.low, r.mode, r.high) == (72_782.0, 95_000.0, 122_581.0)
    availability = "inhouse.disaster_recovery.availability_backup_only_pct"
    a = _range(with_values(DEFAULT, {availability: 99.9}), availability)
    assert (a.low, a.mode, a.high) == (99.47, 99.9, 99.92)


def test_going_back_gives_the_range_back() -> None:
    there = with_values(DEFAULT, {GROWTH: 10.0, SALARY: 100_000.0})
    back = with_values(there, {GROWTH: 5.0, SALARY: 124_000.0})
    assert _range(back, GROWTH) == _range(DEFAULT, GROWTH)
    salary = _range(back, SALARY)
    assert (salary.low, salary.high) == pytest.approx((95_000.0, 160_000.0))


def test_a_range_pushed_past_a_bound_is_cut_there() -> None:
    r = _range(with_values(DEFAULT, {GROWTH: -48.0}), GROWTH)
    assert (r.low, r.mode, r.high) == (-50.0, -48.0, -41.0)


def test_whole_number_inputs_widen_to_whole_numbers() -> None:
    r = follow(Range(field="organisation.users", low=150, mode=200, high=300, pinned=False), 250)
    assert (r.low, r.mode, r.high) == (187.0, 250.0, 375.0)


def test_a_one_plan_range_follows_the_typed_price() -> None:
    plans = [p.model_dump() for p in DEFAULT.plans]
    for p in plans:
        if f"{p['provider']} {p['plan']}" == BASIC:
            p["price_per_user_month"] = 3.0
    rows = [
        *[r.model_dump(exclude_none=True) for r in DEFAULT.uncertainty.ranges],
        {"field": "plans.price_per_user_month", "plan": BASIC, "low": 2, "mode": 2.5, "high": 3.5},
    ]
    with_range = with_values(DEFAULT, {"uncertainty.ranges": rows})
    r = _range(with_values(with_range, {"plans": plans}), "plans.price_per_user_month", BASIC)
    assert (r.low, r.mode, r.high) == pytest.approx((2.4, 3.0, 4.2))


def test_a_range_over_every_plan_is_already_relative() -> None:
    before = _range(DEFAULT, "plans.price_per_user_month", "all")
    after = _range(with_values(DEFAULT, {GROWTH: 10.0}), "plans.price_per_user_month", "all")
    assert before == after
    assert (after.low, after.mode, after.high) == (95.0, 100.0, 120.0)


def test_a_pinned_range_keeps_its_numbers_and_is_noted() -> None:
    rows = [r.model_dump() for r in DEFAULT.uncertainty.ranges]
    rows[0]["pinned"] = True
    pinned = with_values(with_values(DEFAULT, {"uncertainty.ranges": rows}), {GROWTH: 10.0})
    r = _range(pinned, GROWTH)
    assert (r.low, r.mode, r.high, r.pinned) == (0.0, 5.0, 12.0, True)
    notes = mode_notes(pinned, resolve(pinned))
    assert len(notes) == 1
    assert GROWTH in notes[0]


def test_a_file_whose_mode_differs_from_its_value_keeps_its_meaning() -> None:
    """Written before ranges followed inputs: growth 8 with a range around 5 stays 0 / 5 / 12."""
    text = (
        "name = 'Old file'\n[organisation]\ngrowth_pct_per_year = 8.0\n[uncertainty]\nranges = ["
        "{ field = 'organisation.growth_pct_per_year', low = 0.0, mode = 5.0, high = 12.0 }]\n"
    )
    r = parse_text(text).uncertainty.ranges[0]
    assert (r.low, r.mode, r.high, r.pinned) == (0.0, 5.0, 12.0, True)


@pytest.mark.parametrize("stem", list(preset_files()))
def test_every_preset_loads_with_its_ranges_as_written_and_saves_round_trip(stem: str) -> None:
    scenario = load_scenario(preset_files()[stem])
    assert all(r.pinned is False for r in scenario.uncertainty.ranges)
    assert parse_text(to_toml(scenario)) == scenario


@pytest.mark.slow  # a Hypothesis sweep of tornadoes
@settings(max_examples=40, deadline=None)
@given(growth=st.floats(-20, 40), salary=st.floats(40_000, 400_000))
def test_the_tornado_base_is_the_plan_as_entered(growth: float, salary: float) -> None:
    """With every range following, every input at its mode is the scenario itself: the
    tornado's base difference equals the deterministic one."""
    scenario = with_values(DEFAULT, {GROWTH: growth, SALARY: salary})
    t = tornado(scenario)
    s = summarise(project_scenario(scenario))
    assert t.base == pytest.approx(s.tco[0, 0] - s.tco[0, t.reference_index], rel=1e-9, abs=1e-6)
    for r in scenario.uncertainty.ranges:
        assert r.low <= r.mode <= r.high


def test_from_data_infers_pinned_only_when_left_out() -> None:
    data = {
        "organisation": {"growth_pct_per_year": 8.0},
        "uncertainty": {
            "ranges": [{"field": GROWTH, "low": 0.0, "mode": 5.0, "high": 12.0, "pinned": False}]
        },
    }
    r = from_data(data).uncertainty.ranges[0]
    assert (r.low, r.mode, r.high, r.pinned) == (3.0, 8.0, 15.0, False)
