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
from tests.unit.hand_case import hand_case

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


def _providers(cross_setup: float, cross_running: float):  # type: ignore[no-untyped-def]
    plans = [
        {
            **BASE,
            "provider": "Alpha",
            "plan": "X",
            "price_per_user_month": 1.0,
            "attachment_mb": 25.0,
        },
        {**BASE, "provider": "Beta", "plan": "Y", "price_per_user_month": 1.5},
    ]
    labels = ["Alpha X", "Beta Y"]
    segments = [
        {"name": "A", "users": 250, "allowed": labels},
        {"name": "B", "users": 100, "allowed": labels, "attachment_mb_needed": 50.0},
    ]
    hybrid = {
        "cross_organisation_setup_cost": cross_setup,
        "cross_organisation_running_per_year": cross_running,
    }
    s = hand_case(
        organisation={"users": 350, "growth_pct_per_year": 0.0, "horizon_years": 2},
        plans=plans,
        segments=segments,
        hybrid=hybrid,
    )
    mix = project_scenario(s).mix
    assert mix is not None
    return s, mix


class TestExtraProvider:
    """A second provider in a placement costs a set-up and a yearly running cost.

    Alpha X 1 a user-month (25 MB attachments), Beta Y 1.5 (100 MB); B needs 50 MB, so only
    Beta takes it. Subscriptions over 2 years:
        A on Alpha, B on Beta: (250 x 1 + 100 x 1.5) x 24 = 9,600, two providers
        both on Beta:          350 x 1.5 x 24             = 12,600, one provider
    Free coexistence: the split wins by 3,000. At 6,000 set-up + 3,000 a year the second
    provider costs 6,000 + 2 x 3,000 = 12,000: 21,600 against 12,600, everyone on Beta.
    """

    def test_free_coexistence_lets_two_providers_share_the_users(self) -> None:
        _, free = _providers(0.0, 0.0)
        assert free.place_of(free.best) == {"A": "Alpha X", "B": "Beta Y"}

    def test_a_priced_second_provider_moves_everyone_to_one(self) -> None:
        _, free = _providers(0.0, 0.0)
        _, priced = _providers(6_000.0, 3_000.0)
        assert priced.place_of(priced.best) == {"A": "Beta Y", "B": "Beta Y"}
        assert priced.best.tco - free.best.tco == pytest.approx(12_600 - 9_600)

    def test_hybrid_only_beside_a_microsoft_tenant(self) -> None:
        from planner.engine.mix import coexistence_counts
        from planner.engine.scenario_arrays import Batch

        microsoft = {**BASE, "provider": "Microsoft 365", "plan": "Z", "price_per_user_month": 1.0}
        s, _ = _providers(0.0, 0.0)
        b = Batch.of(s.model_copy(update={"plans": (*s.plans, _plan(microsoft))}))
        alpha, beta, ms = 1, 2, 3
        assert coexistence_counts(b, (0, alpha)) == (False, 1)
        assert coexistence_counts(b, (0, ms)) == (True, 0)
        assert coexistence_counts(b, (alpha, beta)) == (False, 1)
        assert coexistence_counts(b, (alpha, alpha)) == (False, 0)
        assert coexistence_counts(b, (ms, beta)) == (False, 1)


def _plan(data: dict[str, object]):  # type: ignore[no-untyped-def]
    from planner.model.scenario import Plan

    return Plan.model_validate(data)
