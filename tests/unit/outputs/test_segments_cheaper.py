"""Why a segment did not get a cheaper plan, and what each segment needs, worked by hand.

The scenario of tests/unit/analyses/test_fit_segments.py (hand case, 100 users, 2 years, 0%
inflation, cash basis, downtime off; Floor 60 users 1 GB, Execs 40 users 30 GB with a 60 GB
quota; Microsoft Small 2 / 10 GB, Mid 4 / 50 GB, Big 6 / 100 GB a user-month) plus:

    Tiny    1.5 per user-month, 5 GB mailbox, from another provider ("Other"): a second mail
            organisation when used beside Microsoft.
    cross-organisation set-up 6,000, running 3,000 a year (0% inflation: index 1).

Best mix: Floor on Small, Execs on Big (one Microsoft tenant, no coexistence cost).

Execs, on Big (6): cheaper plans by list price, cheapest first: Tiny (1.5), Small (2), Mid (4)
    Tiny:  5 GB < 60 GB quota;  Small: 10 GB < 60 GB;  Mid: 50 GB < 60 GB.
Floor, on Small (2): one cheaper plan, Tiny (1.5); Floor needs 2 GB (the organisation's):
    5 >= 2, mailbox 1 GB <= 5, attachment 25 <= 25: meets everything. Moved there:
    plan charges  Tiny 1.5 x 60 x 12 x 2 = 2,160 instead of Small 2 x 60 x 12 x 2 = 2,880: -720
    coexistence   two tenants, all hosted: one cross-organisation, 6,000 + 3,000 x 2 = +12,000
    hosted part and in-house part unchanged (same segments hosted)
    -> costs 12,000 - 720 = 11,280 USD more in the mix.
"""

from __future__ import annotations

from typing import Any

import pytest

from planner.engine.mix import placement_parts, subset_costs
from planner.engine.projection import project_scenario
from planner.engine.scenario_arrays import Batch
from planner.model.scenario import Scenario
from planner.outputs.segments import cheaper_options, segment_needs
from tests.unit.hand_case import hand_case

FLOOR = {"name": "Floor", "users": 60}
EXECS = {"name": "Execs", "users": 40, "mailbox_gb": 30.0, "mailbox_quota_gb": 60.0}


def scenario() -> Scenario:
    """Module docstring."""
    common: dict[str, Any] = {"attachment_mb": 25.0, "sla_pct": 99.9}
    ms = {**common, "provider": "Microsoft"}
    return hand_case(
        plans=[
            {**ms, "plan": "Small", "price_per_user_month": 2.0, "mailbox_gb": 10.0},
            {**ms, "plan": "Mid", "price_per_user_month": 4.0, "mailbox_gb": 50.0},
            {**ms, "plan": "Big", "price_per_user_month": 6.0, "mailbox_gb": 100.0},
            {
                **common,
                "provider": "Other",
                "plan": "Tiny",
                "price_per_user_month": 1.5,
                "mailbox_gb": 5.0,
            },
        ],
        segments=[FLOOR, EXECS],
        risk={"include_downtime": False},
        hybrid={
            "cross_organisation_setup_cost": 6000.0,
            "cross_organisation_running_per_year": 3000.0,
        },
    )


def test_the_best_mix_puts_execs_on_the_dearer_plan_and_says_why() -> None:
    s = scenario()
    p = project_scenario(s)
    assert p.mix is not None
    assert p.mix.best.places == (1, 3)  # Floor on Small, Execs on Big
    got = [(c.segment, c.option, c.reason) for c in cheaper_options(s, p, p.mix)]
    assert got == [
        (
            "Floor",
            "Other Tiny",
            "costs 11,280 USD more in the mix: +12,000 coexistence (another mail "
            "organisation: hybrid or cross-organisation set-up and running), -720 plan "
            "charges (subscription, archive, support, backup, downtime)",
        ),
        ("Execs", "Other Tiny", "its 5 GB mailbox is below the segment's 60 GB quota"),
        ("Execs", "Microsoft Small", "its 10 GB mailbox is below the segment's 60 GB quota"),
        ("Execs", "Microsoft Mid", "its 50 GB mailbox is below the segment's 60 GB quota"),
    ]


def test_the_parts_add_up_to_the_best_mix() -> None:
    s = scenario()
    batch = Batch.of(s)
    p = project_scenario(s)
    assert p.mix is not None
    costs = subset_costs(batch, s.organisation.horizon_years + 1)
    best = placement_parts(batch, costs, p.mix.best.places)
    assert best.tco == pytest.approx(p.mix.best.tco)
    moved = placement_parts(batch, costs, (4, 3))  # Floor on Tiny: the figures above
    assert moved.coexistence - best.coexistence == pytest.approx(12_000.0)
    assert moved.plan_groups - best.plan_groups == pytest.approx(-720.0)
    assert moved.hosted == pytest.approx(best.hosted)


def test_each_segments_needs_and_where_it_may_go() -> None:
    s = scenario()
    p = project_scenario(s)
    assert p.mix is not None
    floor, execs = segment_needs(s, p.mix)
    # Floor: the organisation's 2 GB and 25 MB; in-house sized for 1 + 0 x 2 = 1 GB < 2: no.
    assert (floor.quota_gb, floor.attachment_mb, floor.region) == (2.0, 25.0, "any")
    assert (floor.inhouse_sized_gb, floor.inhouse_covers) == (1.0, False)
    # Execs: 60 GB; in-house sized for 30 GB: does not cover it; only in-house and Big hold it
    assert (execs.quota_gb, execs.inhouse_sized_gb, execs.inhouse_covers) == (60.0, 30.0, False)
    assert execs.may_go == ("In-house Exchange", "Microsoft Big")
