"""The Fit analysis agrees with the engine on backup: a hosted plan keeping deleted mail for
less than the backup retention needed is priced with a backup product
(planner.engine.hosted.backup_needed), so it meets the requirement, with that product.

Hand case (tests/unit/hand_case.py) with a 90-day backup requirement and three plans:
    Keeps   retains deleted mail 120 days >= 90: yes, no product
    Short   retains 30 days < 90: yes, with the priced backup product
    Silent  does not say: yes, with the priced backup product (the engine prices one)
"""

from __future__ import annotations

from typing import Any

from planner.analyses.fit import BACKUP_PRICED, fit_matrix
from planner.engine.projection import project_scenario
from tests.unit.hand_case import hand_case


def _plan(name: str, days: int | None) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "provider": "Test",
        "plan": name,
        "price_per_user_month": 5.0,
        "mailbox_gb": 50.0,
        "attachment_mb": 25.0,
        "sla_pct": 99.9,
    }
    if days is not None:
        plan["offers"] = {"backup_retention_days": days}
    return plan


def test_a_short_retention_meets_the_requirement_with_the_priced_product() -> None:
    s = hand_case(
        plans=[_plan("Keeps", 120), _plan("Short", 30), _plan("Silent", None)],
        requirements={"backup_retention_days": 90},
    )
    m = fit_matrix(s)
    row = m.requirements.index("Backup retention needed")
    cells = [m.cells[j][row] for j in (1, 2, 3)]
    assert [c.meets for c in cells] == ["yes", "yes", "yes"]
    assert cells[0].offered == "120 days"
    assert cells[1].offered == f"30 days; {BACKUP_PRICED}"
    assert cells[2].offered == f"unknown; {BACKUP_PRICED}"
    # the engine prices the product for exactly those two
    assert project_scenario(s).hosted.backup_needed[0].tolist() == [False, True, True]
