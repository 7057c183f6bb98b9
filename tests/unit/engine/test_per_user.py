"""From list price to loaded cost per user per month, worked by hand.

The hand case (hand_case.py, lines worked in tests/unit/engine/test_projection_hand_case.py):
100 users flat, 2 operating years -> user-months U = 12 x (100 + 100) = 2,400.

In-house (cash basis), totals over the horizon / 2,400:
    servers      10,000                 -> 4.1667
    licences     13,700 + 2 x 3,425     -> 8.5625
    disk            100                 -> 0.0417
    operations    2 x 3,386 = 6,772     -> 2.8217
    admin time    2 x 10,100 = 20,200   -> 8.4167
    upgrades      1,500                 -> 0.6250
    protection    2 x 1,200 = 2,400     -> 1.0000
    connectivity  2 x 240 = 480         -> 0.2000
    build         6,000                 -> 2.5000
    downtime      2 x 43,800 = 87,600   -> 36.5000
    total 155,602 / 2,400               = 64.8342
Net of residual: the 6,060 left in the hardware and the year-2 upgrade credited in full
(it serves years 3-4, past the horizon) 1,500 make 7,560, a step of -7,560 / 2,400 = -3.15;
total (155,602 - 7,560) / 2,400 = 148,042 / 2,400 = 61.6842.

Hosted "Test Host" (5 per user-month):
    list price 5.00; subscription 2 x 6,000 / 2,400 = 5.00 -> no price-rise step
    admin time 2 x 5,050 / 2,400 = 4.2083; connectivity 2 x 480 / 2,400 = 0.40
    migration 3,000 / 2,400 = 1.25; downtime 2 x 8,760 / 2,400 = 7.30
    total 43,580 / 2,400 = 18.1583
With 10% price escalation: year 2 costs 100 x 5 x 12 x 1.1 = 6,600, so the subscription is
12,600 / 2,400 = 5.25: a price-rise step of 0.25 after the 5.00 list price.
"""

from __future__ import annotations

import pytest

from planner.engine.per_user import (
    LIST_PRICE,
    PRICE_RISES,
    RESIDUAL,
    Step,
    loaded_cost_steps,
    user_months,
)
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from tests.unit.hand_case import hand_case


def loaded_total(steps: tuple[Step, ...]) -> float:
    """Sum of the steps: what the loaded cost per user per month must add up to."""
    return float(sum(s.per_user_month for s in steps))


def steps_dict(steps):  # type: ignore[no-untyped-def]
    return {s.name: s.per_user_month for s in steps}


def test_user_months_are_twelve_times_the_users_of_each_year() -> None:
    assert user_months(project_scenario(hand_case())) == 2400


def test_inhouse_steps_are_each_categorys_cost_per_user_month() -> None:
    p = project_scenario(hand_case())
    got = steps_dict(loaded_cost_steps(p, 0))
    expected = {
        "Servers": 10000 / 2400,
        "Licences": (13700 + 2 * 3425) / 2400,
        "Disk": 100 / 2400,
        "Power, space, maintenance": 6772 / 2400,
        "Admin time": 20200 / 2400,
        "Upgrades": 1500 / 2400,
        "Anti-spam, security": 2400 / 2400,
        "Connectivity": 480 / 2400,
        "Build project": 6000 / 2400,
        "Expected downtime": 87600 / 2400,
    }
    assert got == pytest.approx(expected)
    assert loaded_total(loaded_cost_steps(p, 0)) == pytest.approx(155602 / 2400)


def test_the_residual_credit_is_a_step_down_when_the_tco_is_net_of_it() -> None:
    p = project_scenario(hand_case(finance={"tco_basis": "net_of_residual"}))
    steps = loaded_cost_steps(p, 0)
    assert steps[-1].name == RESIDUAL
    assert steps[-1].per_user_month == pytest.approx(-(6060 + 1500) / 2400)  # -3.15
    assert loaded_total(steps) == pytest.approx((155602 - 6060 - 1500) / 2400)  # 61.6842
    assert loaded_total(steps) == pytest.approx(summarise(p).cost_per_user_month[0, 0])


def test_a_plan_starts_at_its_list_price_and_adds_what_else_it_costs() -> None:
    p = project_scenario(hand_case())
    steps = loaded_cost_steps(p, 1, list_price=5.0)
    assert [s.name for s in steps] == [
        LIST_PRICE,
        "Admin time",
        "Connectivity",
        "Migration",
        "Expected downtime",
    ]
    assert steps_dict(steps) == pytest.approx(
        {
            LIST_PRICE: 5.0,
            "Admin time": 10100 / 2400,
            "Connectivity": 960 / 2400,
            "Migration": 3000 / 2400,
            "Expected downtime": 17520 / 2400,
        }
    )
    assert loaded_total(steps) == pytest.approx(43580 / 2400)  # 18.16: 3.6 x the list price


def test_price_rises_are_their_own_step() -> None:
    p = project_scenario(hand_case(hosted={"price_escalation_pct_per_year": 10.0}))
    got = steps_dict(loaded_cost_steps(p, 1, list_price=5.0))
    assert got[LIST_PRICE] == 5.0
    assert got[PRICE_RISES] == pytest.approx(12600 / 2400 - 5.0)  # 0.25
    assert sum(got.values()) == pytest.approx(summarise(p).cost_per_user_month[0, 1])
