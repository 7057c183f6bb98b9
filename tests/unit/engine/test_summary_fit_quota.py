"""The main table's "fits" holds the organisation's mailbox-quota requirement by the Fit
analysis's rule (a plan's mailbox >= the quota needed): one rule for both.

The 40-user case (tests/unit/scenarios/exchange_2016_forty_users.toml) needs a 50 GB quota;
its mailboxes are 25 GB today, growing 1 GB a year over 5 years (25 + 5 = 30 GB at the end):

    Google Workspace Business Starter  30 GB mailbox < 50 GB quota -> does not fit
        (its 30 GB holds the 30 GB mailboxes of year 5: only the quota rules it out; before,
        the main table said it fits while the Fit analysis said no)
    Microsoft Exchange Online Plan 1    50 GB >= 50 -> fits
    WorldPosta Basic (illustrative)      25 GB < 50 (and mailboxes outgrow 25 GB from year 1)
    WorldPosta Business (illustrative)  100 GB >= 50 -> fits
"""

from __future__ import annotations

from pathlib import Path

from planner.analyses.fit import fit_matrix
from planner.engine.fit_notes import option_notes
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import load_scenario

FORTY = Path(__file__).parents[1] / "scenarios" / "exchange_2016_forty_users.toml"
STARTER = "Google Workspace Business Starter"


def test_a_plan_below_the_quota_needed_does_not_fit_in_the_main_table() -> None:
    s = load_scenario(FORTY)
    p = project_scenario(s)
    fits = dict(zip(p.options, summarise(p).fits[0].tolist(), strict=True))
    assert fits[STARTER] is False
    assert fits["Microsoft Exchange Online Plan 1"] is True
    assert fits["WorldPosta Business (illustrative)"] is True
    assert fits["WorldPosta Basic (illustrative)"] is False


def test_the_main_table_and_the_fit_analysis_agree() -> None:
    s = load_scenario(FORTY)
    m = fit_matrix(s, "In-house Exchange")
    quota = m.requirements.index("Mailbox quota needed")
    starter = m.options.index(STARTER)
    assert m.cells[starter][quota].meets == "no"
    assert m.cells[starter][quota].short_by == 20.0  # 50 - 30
    notes = option_notes(project_scenario(s), s.plans, s.mail.attachment_mb_needed)
    assert notes[STARTER] == ["its 30 GB mailbox is below the 50 GB quota needed"]


def test_the_cheapest_that_fits_is_unchanged_here() -> None:
    """Exchange Online Plan 1 (4 USD a user-month, 50 GB) was and stays the cheapest that
    fits: Starter (7 USD) was never the cheapest, so only its fit flag changes."""
    s = load_scenario(FORTY)
    p = project_scenario(s)
    assert p.options[int(summarise(p).cheapest[0])] == "Microsoft Exchange Online Plan 1"
