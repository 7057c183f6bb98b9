"""Requirements per segment, worked by hand: a quota one plan meets for one segment and not
another, carried through the fit matrix, the engine's fit flags and the best mix.

The scenario is the engine hand case (tests/unit/hand_case.py: 100 users, 0% growth, 2
years, 0% inflation and escalation, cash basis, organisation quota 2 GB by default) with
downtime off and two segments:

    Floor   60 users, mailbox 1 GB (the mail profile's), no quota of its own (the
            organisation's 2 GB)
    Execs   40 users, mailbox 30 GB, growth 0, quota 60 GB

and three plans of one provider (Microsoft: one tenant, so no coexistence cost when every
segment is hosted), attachment 25 MB = the need, no archive, minimum 1 user:

    Small   2 per user-month,  10 GB mailbox
    Mid     4 per user-month,  50 GB mailbox
    Big     6 per user-month, 100 GB mailbox

Quota rule (one rule: mailbox >= quota needed):
    Floor (2 GB):  Small 10 >= 2 yes; Mid 50 >= 2 yes; Big 100 >= 2 yes
    Execs (60 GB): Small 10 < 60 no, short by 50; Mid 50 < 60 no, short by 10; Big 100 yes
So Mid meets Floor's quota and not Execs': Mid holds Floor and not Execs. (Execs' 30 GB
mailbox alone fits in Mid's 50 GB: only the quota rules Mid out.)
In-house: storage sized for Execs' mailbox at the horizon, 30 + 0 x 2 = 30 GB < 60: no,
short by 30 GB.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from planner.analyses.fit import assess, fit_matrix, meets_every_requirement, mix_meets
from planner.engine.hosted import fit_plans, quota_short
from planner.engine.projection import project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline
from planner.model.scenario import Scenario
from tests.unit.hand_case import hand_case

FLOOR = {"name": "Floor", "users": 60}
EXECS = {"name": "Execs", "users": 40, "mailbox_gb": 30.0, "mailbox_quota_gb": 60.0}
SMALL, MID, BIG = 1, 2, 3  # places: 0 in-house, j + 1 plan j


def three_plans(provider: str = "Microsoft") -> list[dict[str, Any]]:
    """Small, Mid and Big (module docstring)."""
    common = {"provider": provider, "attachment_mb": 25.0, "sla_pct": 99.9}
    return [
        {**common, "plan": "Small", "price_per_user_month": 2.0, "mailbox_gb": 10.0},
        {**common, "plan": "Mid", "price_per_user_month": 4.0, "mailbox_gb": 50.0},
        {**common, "plan": "Big", "price_per_user_month": 6.0, "mailbox_gb": 100.0},
    ]


def segmented(execs: dict[str, Any] | None = None, **sections: Any) -> Scenario:
    """The hand case with Floor and Execs on Small, Mid and Big."""
    return hand_case(
        plans=three_plans(),
        segments=[FLOOR, execs or EXECS],
        risk={"include_downtime": False},
        **sections,
    )


class TestTheQuotaRule:
    def test_mailbox_below_quota_or_archive_below_archive_needed(self) -> None:
        # mailbox 50, archive 0 against (quota, archive needed):
        # (60, 0): 50 < 60 short; (50, 0): equal, not short; (2, 10): archive 0 < 10 short
        got = quota_short(50.0, 0.0, np.array([60.0, 50.0, 2.0]), np.array([0.0, 0.0, 10.0]))
        assert got.tolist() == [True, False, True]


class TestFitMatrix:
    def test_a_row_per_segment_requirement_that_differs(self) -> None:
        m = fit_matrix(segmented())
        # The organisation's 2 GB quota and 25 MB attachment, then Execs' own 60 GB quota;
        # Floor asks for nothing of its own.
        assert m.requirements == (
            "Mailbox quota needed",
            "Largest attachment needed",
            "Expected availability at least",
            "Execs: Mailbox quota needed",
        )

    def test_mid_meets_floors_quota_and_not_execs(self) -> None:
        m = fit_matrix(segmented())
        org, execs = 0, 3
        small, mid, big = m.cells[SMALL], m.cells[MID], m.cells[BIG]  # rows by place
        assert [row[org].meets for row in (small, mid, big)] == ["yes"] * 3
        assert [row[execs].meets for row in (small, mid, big)] == ["no", "no", "yes"]
        assert small[execs].short_by == pytest.approx(50.0)
        assert mid[execs].short_by == pytest.approx(10.0)
        assert mid[execs].required == "60 GB"

    def test_inhouse_is_judged_by_the_storage_sized_for_the_segment(self) -> None:
        cell = fit_matrix(segmented()).cells[0][3]
        assert cell.offered == "storage sized for 30 GB mailboxes"
        assert (cell.meets, cell.short_by) == ("no", pytest.approx(30.0))

    def test_every_requirement_by_place(self) -> None:
        s = segmented()
        # in-house short of Execs' 60 GB; Small and Mid short of it; Big meets all
        assert [meets_every_requirement(s, place) for place in range(4)] == [
            False,
            False,
            False,
            True,
        ]


class TestEngine:
    def test_mid_holds_floor_and_not_execs(self) -> None:
        s = segmented()
        batch = Batch.of(s)
        unfit = fit_plans(batch, Timeline.of(batch)).segment_unfit[0]  # (S, P)
        # Floor: 1 GB, quota 2: every plan holds it. Execs: Small (10 < 30 GB mailbox and
        # < 60 quota), Mid (50 < 60 quota) no; Big yes.
        assert unfit.tolist() == [[False, False, False], [True, True, False]]

    def test_the_best_mix_gives_execs_the_dearer_plan(self) -> None:
        """Every all-hosted placement carries the same hosted part; plan groups (price x
        users x 12 x 2 years):
            Floor on Small 2 x 60 x 24 = 2,880; Floor on Mid 4 x 60 x 24 = 5,760;
            Floor on Big 6 x 60 x 24 = 8,640; Execs on Big 6 x 40 x 24 = 5,760
            (Execs may not go on Small or Mid: their quota).
        Best: Floor on Small, Execs on Big = 2,880 + 5,760 = 8,640 of plan charges."""
        p = project_scenario(segmented())
        assert p.mix is not None
        assert p.mix.best.places == (SMALL, BIG)

    def test_the_pure_plans_short_of_a_segments_quota_do_not_fit(self) -> None:
        from planner.engine.summary import summarise

        s = summarise(project_scenario(segmented()))
        # Small and Mid fall short of Execs' 60 GB; Big holds both segments.
        assert s.fits[0, 1:4].tolist() == [False, False, True]


class TestAssess:
    def test_the_mix_meets_every_requirement_with_each_segment_where_it_is_met(self) -> None:
        fit = assess(segmented())
        # Floor on Small (meets the organisation's 2 GB) and Execs on Big (meets 60 GB):
        # the best mix meets every requirement and costs less than Big for all.
        assert fit.cheapest_meeting_all is not None
        assert fit.name(fit.cheapest_meeting_all) == "Best mix"

    def test_a_segment_on_a_place_short_of_its_own_quota_fails_the_mix(self) -> None:
        # [segment][place]: Floor meets its (no own) requirements everywhere; Execs only on Big
        own = [[True, True, True, True], [False, False, False, True]]
        assert mix_meets((SMALL, BIG), True, [True, True, True], own)
        assert not mix_meets((SMALL, MID), True, [True, True, True], own)


class TestRegion:
    def test_a_segments_own_region_limits_where_it_may_go(self) -> None:
        plans = three_plans()
        plans[2] = {**plans[2], "offers": {"data_regions": ["united_states"]}}
        plans[1] = {**plans[1], "offers": {"data_regions": ["europe"]}}
        execs = {**EXECS, "mailbox_quota_gb": None, "data_region": "europe"}
        execs = {k: v for k, v in execs.items() if v is not None}
        s = hand_case(plans=plans, segments=[FLOOR, execs], risk={"include_downtime": False})
        allowed = Batch.of(s).allowed
        # Execs: in-house yes (wherever the servers are); Small does not say: no (unknown
        # never counts); Mid keeps data in Europe: yes; Big only in the US: no.
        assert allowed[1].tolist() == [True, False, True, False]
        assert allowed[0].tolist() == [True] * 4  # Floor asks for no region of its own
        m = fit_matrix(s)
        assert "Execs: Region the data must stay in" in m.requirements


class TestMadeToFit:
    def test_inhouse_made_to_fit_sizes_the_segments_storage_for_its_quota(self) -> None:
        """The organisation's 2 GB quota: the profile's 1 GB + 0 x 2 = 1 < 2, so the mail
        profile's mailbox is sized for 2 GB (M_0 = 2 - 0 x 2 = 2), as without segments;
        Execs: quota 60 GB, growth 0, H = 2 -> its M_0 = 60 - 0 x 2 = 60 GB (was 30)."""
        fit = assess(segmented())
        assert fit.fix.updates["mail.mailbox_gb"] == pytest.approx(2.0)
        assert fit.fix.updates["segments"][1]["mailbox_gb"] == pytest.approx(60.0)
        assert fit.fix.changes == (
            "storage sized for 2 GB a user",
            "storage for segment Execs sized for 60 GB a user",
        )
        made = fit.matrix.cells[1]  # the made-to-fit row follows in-house
        assert made[3].offered == "storage sized for 60 GB mailboxes"
        assert made[3].meets == "yes"
