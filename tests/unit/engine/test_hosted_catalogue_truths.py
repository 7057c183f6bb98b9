"""Catalogue truths: included archives, the default and largest message size, and each
plan's own price history.

Hand case (100 users, 2 years) with 60 GB mailboxes (no growth) and two plans of 4 a
user-month with a 50 GB mailbox: "Included" holds a 50 GB archive at no cost, a 35 MB default
message limit that an admin may raise to 150 MB and a 0% price history; "Add-on" sells a
1.5 TB archive at 3. The scenario's hosted escalation is 10% a year.
    Included: 60 GB fits 50 + 50; no archive cost; licences 100 x 4 x 12 = 4,800 in years 1
              and 2 (its own 0%)
    Add-on:   licences 4,800 and 4,800 x 1.1 = 5,280; archive 100 x 3 x 12 = 3,600 and 3,960
    Attachments of 50 MB: Included is short at its default 35 MB, fits at 150 MB once the admin
    raises the limit.
"""

from __future__ import annotations

from numpy.testing import assert_allclose

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.fit_notes import option_notes
from planner.engine.projection import project_scenario
from tests.unit.hand_case import HAND_CASE, hand_case

PLAN = {"provider": "T", "price_per_user_month": 4.0, "mailbox_gb": 50.0, "sla_pct": 99.9}
INCLUDED = {
    **PLAN,
    "plan": "Included",
    "archive_gb": 50.0,
    "attachment_mb": 35.0,
    "max_attachment_mb": 150.0,
    "own_price_history": True,
    "price_escalation_pct_per_year": 0.0,
}
ADD_ON = {
    **PLAN,
    "plan": "Add-on",
    "archive_gb": 1500.0,
    "archive_price_per_user_month": 3.0,
    "attachment_mb": 150.0,
}


def _projection(raise_limit: bool = False, attachment_mb: float = 25.0):  # type: ignore[no-untyped-def]
    hosted = {
        **HAND_CASE["hosted"],  # type: ignore[dict-item]
        "price_escalation_pct_per_year": 10.0,
        "admin_raises_message_limit": raise_limit,
    }
    mail = {"mailbox_gb": 60.0, "attachment_mb_needed": attachment_mb}
    s = hand_case(plans=[INCLUDED, ADD_ON], hosted=hosted, mail=mail)
    return s, project_scenario(s)


def _line(p, category: str, kind: str, option: int):  # type: ignore[no-untyped-def]
    return p.costs[0, option, LINE_INDEX[Line(category, kind)]]


def test_an_included_archive_costs_nothing_and_the_add_on_is_its_own_choice() -> None:
    s, p = _projection()
    assert_allclose(_line(p, "storage", "operating", 1), [0, 0, 0])
    assert_allclose(_line(p, "storage", "operating", 2), [0, 3_600, 3_960])
    notes = option_notes(p, s.plans, 25.0)
    assert "included 50 GB archive in use from year 1" in notes["T Included"]


def test_each_plan_escalates_by_its_own_price_history() -> None:
    _, p = _projection()
    assert_allclose(_line(p, "licences", "operating", 1), [0, 4_800, 4_800])
    assert_allclose(_line(p, "licences", "operating", 2), [0, 4_800, 5_280])


def test_attachments_are_judged_by_the_default_limit_unless_the_admin_raises_it() -> None:
    s, p = _projection(attachment_mb=50.0)
    assert bool(p.hosted.attachment_short[0, 0])
    note = option_notes(p, s.plans, 50.0)["T Included"][0]
    assert note == ("attachments limited to 35 MB (50 MB needed); an admin can raise it to 150 MB")
    _, raised = _projection(raise_limit=True, attachment_mb=50.0)
    assert not bool(raised.hosted.attachment_short[0, 0])
