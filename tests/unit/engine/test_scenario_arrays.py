"""The batch axis: stacking scenarios and replacing arrays safely."""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.scenario_arrays import Batch
from planner.errors import ScenarioValueError
from planner.model.files import default_scenario, with_values


def batch() -> Batch:
    return Batch.of(default_scenario()).repeat(3)


def test_replace_broadcasts_scalars_and_keeps_other_arrays() -> None:
    b = batch().replace(values={"organisation.users": [10, 20, 30], "finance.discount_rate_pct": 5})
    assert b["organisation.users"].tolist() == [10, 20, 30]
    assert b["finance.discount_rate_pct"].tolist() == [5, 5, 5]
    assert b["mail.message_kb"].tolist() == [75, 75, 75]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("organisation.users", 0, r"organisation\.users = 0\.0: allowed: a whole number from 1"),
        ("organisation.users", 2.5, r"organisation\.users = 2\.5"),
        ("inhouse.disaster_recovery.level", 4, r"an index 0 to 3 of \('none'"),
        ("risk.include_downtime", 2, "0 or 1"),
        ("finance.discount_rate_pct", np.nan, "nan"),
        ("organisation.userz", 1, "not a numeric scenario field"),
    ],
)
def test_replace_refuses_values_the_model_forbids(path: str, value: float, message: str) -> None:
    with pytest.raises(ScenarioValueError, match=message):
        batch().replace(values={path: value})


def test_plan_arrays_are_checked_and_no_cap_is_allowed() -> None:
    b = batch().replace(plans={"max_users": np.inf, "price_per_user_month": [[1.0], [2.0], [3.0]]})
    assert np.isinf(b.plans["max_users"]).all()
    assert b.plans["price_per_user_month"][:, 0].tolist() == [1, 2, 3]
    with pytest.raises(ScenarioValueError, match=r"sla_pct = 80\.0"):
        batch().replace(plans={"sla_pct": 80.0})


def test_scenarios_in_one_batch_must_share_their_plans() -> None:
    s = default_scenario()
    fewer = s.model_copy(update={"plans": s.plans[:2]})
    with pytest.raises(ScenarioValueError, match="must list the same plans"):
        Batch.from_scenarios([s, fewer])


def test_from_scenarios_encodes_choices_and_booleans() -> None:
    s = with_values(
        default_scenario(),
        {"inhouse.disaster_recovery.level": "hot_site", "risk.include_downtime": False},
    )
    b = Batch.of(s)
    assert b["inhouse.disaster_recovery.level"].tolist() == [3.0]
    assert b["risk.include_downtime"].tolist() == [0.0]
