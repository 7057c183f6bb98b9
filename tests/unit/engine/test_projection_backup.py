"""Backup on one rule for every option: the backup requirement R decides.

An option needs a backup product when R > 0 is longer than the days it keeps deleted mail
restorable itself: in-house, Exchange's deleted item retention (14 days in the hand case);
a plan, its offers.backup_retention_days (unknown = needed). Worked by hand on the hand case
(hand_case.py: 100 users, 1 GB mailboxes, 2 years, no inflation, DR level none, 1 server,
cash basis), backup product 3 per user-month, R = 30 days:

    plan "Keeps 30"  (30 days)                 meets it: no backup line
    plan "Keeps 14"  (14 days, own backup 0.15 per GB-month):
                     min(3, 0.15 x 1 GB) = 0.15 x 100 users x 12 = 180 a year -> 360
    plan "Unknown"   (retention not stated):   3 x 100 x 12 = 3,600 a year -> 7,200
    in-house         30 > 14: backups although DR level is none:
                     backup disk: one copy 219.24 GB = 0.214 TB -> one 1 TB step x 100 = 100
                     (year 0); backup service 580 per server-year x 1 + maintenance 10% x 100
                     = 590 a year -> 100 + 2 x 590 = 1,280
With R = 7 (<= 14 days in-house, <= every stated retention): no backup line in-house nor
on the plans that state a retention; the plan with unknown retention still pays.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.fit_notes import option_notes
from planner.engine.projection import project_scenario
from tests.unit.hand_case import HAND_CASE, hand_case

PLAN = {"price_per_user_month": 5.0, "mailbox_gb": 50.0, "attachment_mb": 25.0, "sla_pct": 99.9}
PLANS = [
    {**PLAN, "provider": "T", "plan": "Keeps 30", "offers": {"backup_retention_days": 30}},
    {
        **PLAN,
        "provider": "T",
        "plan": "Keeps 14",
        "backup_per_gb_month": 0.15,
        "offers": {"backup_retention_days": 14},
    },
    {**PLAN, "provider": "T", "plan": "Unknown"},
]


def _scenario(required_days: int):  # type: ignore[no-untyped-def]
    requirements = {"backup_retention_days": required_days}
    hosted = {**HAND_CASE["hosted"], "backup_per_user_month": 3.0}  # type: ignore[dict-item]
    return hand_case(plans=PLANS, requirements=requirements, hosted=hosted)


def _backup(required_days: int) -> np.ndarray:
    p = project_scenario(_scenario(required_days))
    assert p.costs is not None
    rows = [LINE_INDEX[Line("disaster_recovery", k)] for k in ("capital", "operating")]
    return np.asarray(p.costs[0][:, rows, :].sum(axis=(1, 2)))  # per option


class TestBackupRule:
    def test_a_30_day_requirement_prices_backup_where_retention_is_shorter(self) -> None:
        inhouse, keeps_30, keeps_14, unknown = _backup(30)
        assert inhouse == pytest.approx(1_280.0)
        assert keeps_30 == 0.0
        assert keeps_14 == pytest.approx(360.0)
        assert unknown == pytest.approx(7_200.0)

    def test_a_7_day_requirement_is_met_by_native_retention(self) -> None:
        inhouse, keeps_30, keeps_14, unknown = _backup(7)
        assert (inhouse, keeps_30, keeps_14) == (0.0, 0.0, 0.0)
        assert unknown == pytest.approx(7_200.0)

    def test_no_requirement_no_backup_product(self) -> None:
        assert np.all(_backup(0) == 0.0)

    def test_the_notes_say_which_option_needs_a_backup(self) -> None:
        s = _scenario(30)
        notes = option_notes(project_scenario(s), s.plans, 25.0)
        assert any("backups priced: the 30-day backup" in n for n in notes["In-house Exchange"])
        assert any(
            "(30 days) meets the 30-day backup requirement" in n for n in notes["T Keeps 30"]
        )
        assert any("backup product priced" in n for n in notes["T Keeps 14"])
        assert any("(unknown)" in n for n in notes["T Unknown"])
