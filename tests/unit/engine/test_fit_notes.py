"""Why a plan does not fit, in words, against the hand case.

The hand case (hand_case.py): 100 users, flat; mailbox 1 GB today; horizon 2 years; one plan
"Test Host" with a 50 GB mailbox and 25 MB attachments.
"""

from __future__ import annotations

import pytest

from planner.engine.fit_notes import labelled, plan_notes
from planner.engine.projection import project_scenario
from planner.model.scenario import Scenario
from tests.unit.hand_case import HAND_CASE, hand_case

HOST = "Test Host"
PLAN = HAND_CASE["plans"][0]  # type: ignore[index]


def notes_of(s: Scenario):  # type: ignore[no-untyped-def]
    return plan_notes(project_scenario(s), s.plans, s.mail.attachment_mb_needed)[HOST]


def with_plan(**fields: object) -> list[dict[str, object]]:
    """The hand case's plan with a published expected availability, so the notes are only
    those under test (an estimated one adds its own note, worked in test_availability.py)."""
    return [{**PLAN, "expected_availability_pct": 99.95, **fields}]


def test_a_plan_that_fits_has_no_reason() -> None:
    notes = notes_of(hand_case())
    assert notes.fits
    assert notes.fit_reason == ""
    assert labelled(HOST, notes) == HOST


def test_mailboxes_outgrow_the_quota_in_the_first_year_they_pass_it() -> None:
    """Mailbox by the end of year t: M_t = 80 + 15 t GB -> 95 in year 1, 110 in year 2,
    against a 100 GB quota and no archive: outgrown in year 2 only."""
    s = hand_case(
        mail={"mailbox_gb": 80.0, "mailbox_growth_gb_per_year": 15.0},
        plans=with_plan(mailbox_gb=100.0),
    )
    notes = notes_of(s)
    assert notes.fit_reason == "does not fit: mailboxes outgrow 100 GB in year 2"
    assert labelled(HOST, notes) == f"{HOST} (does not fit: mailboxes outgrow 100 GB in year 2)"


def test_a_three_year_horizon_says_from_which_year() -> None:
    """M_t = 80 + 15 t: 95, 110, 125 in years 1-3: outgrown from year 2."""
    s = hand_case(
        organisation={"users": 100, "growth_pct_per_year": 0.0, "horizon_years": 3},
        mail={"mailbox_gb": 80.0, "mailbox_growth_gb_per_year": 15.0},
        plans=with_plan(mailbox_gb=100.0),
    )
    assert notes_of(s).fit_reason == "does not fit: mailboxes outgrow 100 GB from year 2"


def test_an_archive_counts_in_the_room_and_its_add_on_is_noted() -> None:
    """M_t = 40 + 15 t: 55 and 70 GB against 50 GB + 10 GB archive at 3 a month: the archive
    is bought in year 1 (55 > 50), and outgrown in year 2 (70 > 60)."""
    s = hand_case(
        mail={"mailbox_gb": 40.0, "mailbox_growth_gb_per_year": 15.0},
        plans=with_plan(archive_gb=10.0, archive_price_per_user_month=3.0),
    )
    notes = notes_of(s)
    assert notes.fit_reason == "does not fit: mailboxes outgrow 50 GB + 10 GB archive in year 2"
    assert notes.notes == (
        "mailboxes outgrow 50 GB + 10 GB archive in year 2",
        "archive add-on needed in year 1",
    )


def test_an_included_archive_is_not_called_an_add_on() -> None:
    """Exchange Online Plan 2's archive is part of its price (archive price 0): M_t = 40 + 15 t
    passes the 50 GB mailbox in both years, the 1,500 GB archive holds it."""
    s = hand_case(
        mail={"mailbox_gb": 40.0, "mailbox_growth_gb_per_year": 15.0},
        plans=with_plan(archive_gb=1500.0, archive_price_per_user_month=0.0),
    )
    notes = notes_of(s)
    assert notes.fits
    assert notes.notes == ("included 1,500 GB archive in use from year 1",)
    assert not any("add-on" in n for n in notes.notes)


def test_a_user_cap_and_an_attachment_limit_are_both_named() -> None:
    """100 users against a cap of 50; 25 MB attachments needed against 10 MB."""
    s = hand_case(plans=with_plan(max_users=50, attachment_mb=10.0))
    assert notes_of(s).fit_reason == (
        "does not fit: more than 50 users from year 1; attachments limited to 10 MB (25 MB needed)"
    )


@pytest.mark.parametrize("minimum", [150, 1000])
def test_billing_at_the_minimum_is_a_note_not_a_misfit(minimum: int) -> None:
    notes = notes_of(hand_case(plans=with_plan(min_users=minimum)))
    assert notes.fits
    assert notes.notes == ("fewer users than the plan's minimum from year 1 (billed at it)",)
