"""The Fit tab and the Overview's 'meets every requirement' line, wired to the fit analysis."""

from __future__ import annotations

from apptest_helpers import assert_clean, metric_money, metric_text
from streamlit.testing.v1 import AppTest

from planner.analyses.fit import MADE_TO_FIT, assess
from planner.model.files import default_scenario, with_values
from ui.sidebar import GROUP_KEY, group_id_of

UPDATES = {
    "requirements.mailbox_quota_gb": 60.0,
    "requirements.needs_litigation_hold": True,
    "requirements.support_hours": "24x7",
}


def _open_requirements(at: AppTest) -> AppTest:
    """Open the sidebar group of the requirements (a closed group draws no inputs)."""
    at.session_state[GROUP_KEY] = group_id_of("requirements.mailbox_quota_gb")
    return at.run()


def _set_requirements(at: AppTest) -> AppTest:
    _open_requirements(at)
    at.number_input(key="field:requirements.mailbox_quota_gb").set_value(60.0)
    at.checkbox(key="field:requirements.needs_litigation_hold").check()
    at.selectbox(key="field:requirements.support_hours").select("24x7")
    return at.run()


def _open_fit(at: AppTest) -> AppTest:
    at.session_state["view"] = "Fit"
    return at.run()


def test_requirements_are_in_the_sidebar_and_reach_the_fit_tab(app: AppTest) -> None:
    at = _open_fit(_set_requirements(app))
    assert_clean(at)
    fit = assess(with_values(default_scenario(), UPDATES))
    best = fit.cheapest_meeting_all
    assert best is not None
    assert fit.name(best) == "Microsoft Exchange Online Plan 2"
    assert metric_money(at, "Cheapest that meets every requirement") == round(fit.tco[best])
    assert (
        metric_text(at, "Cheapest on cost alone") == f"USD {round(fit.tco[fit.cheapest_on_cost]):,}"
    )
    table = next(t for t in at.tabs if t.label == "Fit").table[0].value
    assert table.columns.tolist() == [
        "Option",
        "Mailbox quota needed",
        "Largest attachment needed",
        "Expected availability at least",
        "Litigation hold / eDiscovery",
        "Support hours needed",
        "Fits as is (users, mailbox growth)",
    ]
    rows = {r["Option"]: r for r in table.to_dict("records")}
    assert rows["Required"]["Mailbox quota needed"] == "60 GB"
    plan2 = rows["Microsoft Exchange Online Plan 2"]
    assert plan2["Mailbox quota needed"] == "\u2713 yes (100 GB)"
    assert plan2["Litigation hold / eDiscovery"] == "\u2713 yes"
    basic = rows["WorldPosta Basic (illustrative)"]
    assert basic["Mailbox quota needed"] == "\u2717 no: 25 GB, short by 35 GB"
    assert basic["Litigation hold / eDiscovery"] == "? unknown"
    made = [v for k, v in rows[MADE_TO_FIT].items() if k != "Option"]
    assert all(v.startswith("\u2713 yes") for v in made), made
    assert any("In-house made to fit" in str(i.value) for i in at.info)
    assert {b.label for b in at.download_button} >= {"Download fit matrix (.csv)"}


def test_the_overview_says_meets_every_requirement_only_when_requirements_are_set(
    app: AppTest,
) -> None:
    assert not [s for s in app.success if "meets every requirement" in str(s.value)]
    at = _set_requirements(app)
    assert_clean(at)
    lines = [str(s.value) for s in at.success]
    assert any(
        "Cheapest option that meets every requirement: **Microsoft Exchange Online Plan 2**" in line
        for line in lines
    ), lines


def test_a_bad_support_language_is_named_not_a_traceback(app: AppTest) -> None:
    _open_requirements(app)
    app.text_input(key="field:requirements.support_language").input("x" * 41).run()
    assert not app.exception
    assert any("requirements.support_language" in str(e.value) for e in app.error)
