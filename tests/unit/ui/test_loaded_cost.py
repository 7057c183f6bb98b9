"""The loaded-cost waterfall's list price is the converted list price, worked by hand.

Hand case (tests/unit/hand_case.py): Test Host lists at 5 USD per user per month, no price
escalation and no minimum users, so its subscription over the horizon is exactly the list
price per user-month and "Price rises" is 0 (left out of the steps).
"""

from __future__ import annotations

import pytest

from planner.engine.per_user import LIST_PRICE, PRICE_RISES
from tests.unit.hand_case import HAND_CASE, hand_case
from ui.loaded_cost import LoadedCost, list_price, loaded_cost_sentence, loaded_costs
from ui.results import results_of

PLAN = dict(HAND_CASE["plans"][0])  # type: ignore[index]


def _paths(**sections: object) -> list[LoadedCost]:
    s = hand_case(**sections)
    return loaded_costs(results_of(s), s.plans, s.finance)


def _steps(path: LoadedCost) -> dict[str, float]:
    return {step.name: step.per_user_month for step in path.steps}


def test_in_egp_the_list_price_is_in_egp_and_nothing_rises() -> None:
    # 5 USD x 47.13 = 235.65 EGP; the subscription per user-month is 235.65 too: no rise.
    paths = _paths(finance={"currency": "EGP"})
    plan = paths[1]
    assert plan.list_price == pytest.approx(235.65)
    assert _steps(plan)[LIST_PRICE] == pytest.approx(235.65)
    assert PRICE_RISES not in _steps(plan)
    text = loaded_cost_sentence(paths, 100, "EGP")
    assert "Test Host lists at EGP 235.65" in text


def test_a_quote_in_euros_lists_in_pounds() -> None:
    # 10 EUR x 0.7325 / 0.8443 = 8.6758 GBP per user per month, no rise.
    paths = _paths(
        finance={"currency": "GBP"},
        plans=[{**PLAN, "price_per_user_month": 10.0, "currency": "EUR"}],
    )
    assert paths[1].list_price == pytest.approx(8.6758, abs=1e-4)
    assert PRICE_RISES not in _steps(paths[1])


def test_typed_in_the_display_currency_the_price_is_as_typed() -> None:
    s = hand_case(
        finance={"currency": "EGP", "input_currency": "EGP"},
        plans=[{**PLAN, "price_per_user_month": 120.0, "currency": "EGP"}],
    )
    assert list_price(s.plans[0], s.finance) == 120.0
