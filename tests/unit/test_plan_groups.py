"""Plans that go together in a placement: a shared seat cap and one edition per organisation.

Hand case (hand_case.py) with 350 users in two segments, A 250 and B 100, both hosted (in-house
not allowed), no growth, 2 years, no price escalation. Every hosted placement carries the same
shared lines (staff, internet, migration) and, every plan having a 99.9% SLA, the same
downtime, so placements differ only by subscriptions (users x price x 12 x 2 years).

Shared seat cap (Basic 1 and Premium 2 a user-month, both capped at 300 and sharing one cap;
Other 10, no cap):
    without the shared cap: A Basic + B Premium = 250 x 1 + 100 x 2 = 450 a month
        (A and B together on Basic: 350 > 300, barred)
    with it, Basic + Premium may hold 300 users together, so 350 cannot all be there:
        A Basic + B Other = 250 + 1,000 = 1,250;  A Other + B Basic = 2,500 + 100 = 2,600
        -> A Basic + B Other, dearer by (1,250 - 450) x 12 x 2 = 19,200
One edition (Starter 1 with 25 MB attachments, Plus 3 with 100 MB; B needs 50 MB; Other 10):
    mixing editions: A Starter + B Plus = 250 + 300 = 550 a month
    one edition: everyone on Plus 350 x 3 = 1,050; A Starter + B Other = 250 + 1,000 = 1,250
        -> everyone on Plus, dearer by (1,050 - 550) x 24 = 12,000
"""

from __future__ import annotations

import pytest

from planner.engine.projection import project_scenario

from .hand_case import hand_case

BASE = {"mailbox_gb": 50.0, "attachment_mb": 100.0, "sla_pct": 99.9, "provider": "T"}


def _mix(plans: list[dict[str, object]], b_attachment_mb: float = 25.0):  # type: ignore[no-untyped-def]
    labels = [f"T {p['plan']}" for p in plans]
    segments = [
        {"name": "A", "users": 250, "allowed": labels},
        {"name": "B", "users": 100, "allowed": labels, "attachment_mb_needed": b_attachment_mb},
    ]
    s = hand_case(
        organisation={"users": 350, "growth_pct_per_year": 0.0, "horizon_years": 2},
        plans=plans,
        segments=segments,
    )
    mix = project_scenario(s).mix
    assert mix is not None
    return mix


def _cap_plans(group: str) -> list[dict[str, object]]:
    capped = {**BASE, "max_users": 300, "shared_cap_group": group}
    return [
        {**capped, "plan": "Basic", "price_per_user_month": 1.0},
        {**capped, "plan": "Premium", "price_per_user_month": 2.0},
        {**BASE, "plan": "Other", "price_per_user_month": 10.0},
    ]


def _edition_plans(group: str) -> list[dict[str, object]]:
    google = {**BASE, "one_edition_group": group}
    return [
        {**google, "plan": "Starter", "price_per_user_month": 1.0, "attachment_mb": 25.0},
        {**google, "plan": "Plus", "price_per_user_month": 3.0},
        {**BASE, "plan": "Other", "price_per_user_month": 10.0},
    ]


class TestSharedSeatCap:
    def test_250_basic_and_100_premium_do_not_pass_one_300_seat_cap(self) -> None:
        shared = _mix(_cap_plans("Microsoft 365 Business"))
        separate = _mix(_cap_plans(""))
        assert separate.place_of(separate.best) == {"A": "T Basic", "B": "T Premium"}
        assert shared.place_of(shared.best) == {"A": "T Basic", "B": "T Other"}
        assert shared.best.tco - separate.best.tco == pytest.approx(19_200.0)


class TestOneEdition:
    def test_one_edition_puts_everyone_on_the_edition_that_fits_all(self) -> None:
        one = _mix(_edition_plans("Google Workspace"), b_attachment_mb=50.0)
        mixed = _mix(_edition_plans(""), b_attachment_mb=50.0)
        assert mixed.place_of(mixed.best) == {"A": "T Starter", "B": "T Plus"}
        assert one.place_of(one.best) == {"A": "T Plus", "B": "T Plus"}
        assert one.best.tco - mixed.best.tco == pytest.approx(12_000.0)
