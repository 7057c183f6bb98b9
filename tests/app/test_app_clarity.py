"""What a business owner must be able to read off the app, through the app's wiring: each
point as an owner meets it.

The typed-quote scenario: 400 users growing 10% a year over 3 years, 90 GB mailboxes growing
5 GB a year (95, 100, 105 GB by the ends of years 1-3), the catalogue plus a typed 100 GB
quote "Acme Quote 7", which mailboxes outgrow in year 3.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from apptest_helpers import assert_clean, metric_money, options_table
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from test_clarity_parts import REASON, quote_scenario

from planner.engine.projection import INHOUSE, project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario, with_values
from ui import page, state
from ui.views.overview import SHOWN_KEY

QUOTE = "Acme Quote 7"


def _open_link(new_app: Callable[[], AppTest], scenario: Any) -> AppTest:
    at = new_app()
    at.query_params["scenario"] = state.encode_scenario(scenario)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _chart_spec(at: AppTest, key: str) -> dict[str, Any]:
    charts = [c for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
    assert len(charts) == 1, key
    return json.loads(charts[0].proto.spec)  # type: ignore[no-any-return]


def _options_table(at: AppTest) -> Any:
    table = options_table(at)
    assert "Fits as is" in table.columns
    return table


def _texts(elements: Any) -> list[str]:
    return [str(e.value) for e in elements]


# 1. A typed quote says "does not fit" and says why, wherever it is named.


def test_a_typed_quote_that_does_not_fit_says_why_on_the_overview(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open_link(new_app, quote_scenario())
    assert f"Your quote {QUOTE} {REASON}." in [t.replace("\\", "") for t in _texts(at.warning)]
    table = _options_table(at)
    assert table.loc[table["Option"] == QUOTE, "Fits as is"].tolist() == [REASON]
    data = _chart_spec(at, "chart:overview:cumulative")["data"]
    names = [t["name"] for t in data]
    assert f"{QUOTE} (does not fit)" in names  # the reason is in the table and the hover
    hover = data[names.index(f"{QUOTE} (does not fit)")]["hovertemplate"]
    assert " ".join(hover.split("<br>")[1:-1]) == REASON


def test_the_mailbox_input_says_it_is_todays_size_not_the_quota(app: AppTest) -> None:
    box = app.number_input(key="field:mail.mailbox_gb")
    assert box.label == "Mailbox size used today (GB)"
    assert "quota you need" in str(box.help)


# 2. Hosted cost per user is explained from the list price.


def test_the_overview_explains_the_loaded_cost_per_user(app: AppTest) -> None:
    spec = _chart_spec(app, "chart:overview:loaded_cost")
    inhouse, plan = spec["data"]
    s = summarise(project_scenario(default_scenario()))
    best = int(s.cheapest[0])
    assert plan["x"][0] == "List price"
    assert plan["x"][-1] == "Loaded cost"
    assert plan["y"][-1] == s.cost_per_user_month[0, best]
    assert inhouse["y"][-1] == s.cost_per_user_month[0, 0]
    assert any("lists at USD" in t and "per user per month" in t for t in _texts(app.caption))


# 3. The name and description follow the inputs.


def test_a_changed_preset_is_named_and_described_from_its_inputs(
    new_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    files: list[str] = []
    original = MediaFileManager.add_deferred

    def record(self: MediaFileManager, *args: Any, **kwargs: Any) -> str:
        files.append(str(kwargs.get("file_name", args[3] if len(args) > 3 else "")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    app = new_app().run()
    assert any(t.startswith("**Default scenario** - ") for t in _texts(app.caption))
    app.number_input(key="field:organisation.users").set_value(400).run()
    app.slider(key="field:organisation.growth_pct_per_year").set_value(10.0).run()
    assert_clean(app)
    caption = [t for t in _texts(app.caption) if t.startswith("**Default scenario")]
    assert caption == [
        "**Default scenario (changed)** - 400 users today growing 10% a year, over 5 "
        f"years; DR: backup only; {len(default_scenario().plans)} hosted plans"
    ]
    assert sorted(files[-4:]) == [
        "default-scenario-changed-400-users-5-years-costs.csv",
        "default-scenario-changed-400-users-5-years-report.html",
        "default-scenario-changed-400-users-5-years-report.xlsx",
        "default-scenario-changed-400-users-5-years-summary.csv",
    ]
    csv = app.sidebar.get("download_button")[0]
    assert csv.label == "Download scenario (.toml)"


# 5. Every option, every row, the columns an owner needs first.


def test_every_option_is_a_row_of_a_table_that_is_not_scrolled(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open_link(new_app, quote_scenario())
    table = _options_table(at)
    assert len(table) == 14  # in-house, 12 catalogue plans and the quote: no grid to scroll
    assert list(table.columns[:4]) == [
        "Option",
        "Fits as is",
        "Per user per month (USD)",
        "TCO (USD)",
    ]
    assert not [d for d in at.dataframe if "Fits as is" in d.value.columns]


# 6. Too many lines: the user picks; coinciding lines are named.


def test_the_chart_shows_a_few_options_to_start_and_the_user_picks_more(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open_link(new_app, quote_scenario())
    picked = at.multiselect(key=SHOWN_KEY).value
    assert INHOUSE in picked
    assert QUOTE in picked
    assert len(picked) == 5  # in-house, the 3 cheapest that fit, the quote
    drawn = _chart_spec(at, "chart:overview:cumulative")["data"]
    assert len(drawn) == 5
    at.multiselect(key=SHOWN_KEY).select("Microsoft 365 Business Basic").run()
    drawn = _chart_spec(at, "chart:overview:cumulative")["data"]
    assert len(drawn) == 6
    assert at.multiselect(key=SHOWN_KEY).value[-1] == "Microsoft 365 Business Basic"


def test_options_with_the_same_cost_are_said_to_coincide(new_app: Callable[[], AppTest]) -> None:
    quote = {
        "provider": "Acme",
        "plan": "Quote 7",
        "price_per_user_month": 3.9,
        "mailbox_gb": 100.0,
        "attachment_mb": 35.0,
        "sla_pct": 99.9,
    }
    s = with_values(default_scenario(), {"plans": [quote, {**quote, "plan": "Twin"}]})
    at = _open_link(new_app, s)
    assert (
        "Acme Quote 7 and Acme Twin cost the same every year: their lines lie on top of "
        "each other." in [t.replace("\\", "") for t in _texts(at.caption)]
    )


# 10. Smaller things.


def test_users_zero_says_the_results_are_out_of_date(app: AppTest) -> None:
    before = metric_money(app, "In-house TCO")
    app.number_input(key="field:organisation.users").set_value(0).run()
    assert not app.exception
    banner = [t for t in _texts(app.warning) if page.STALE_TITLE in t]
    assert len(banner) == 1
    assert "Users today (organisation.users) = 0" in banner[0]
    assert metric_money(app, "In-house TCO") == before  # the last valid numbers, marked
    app.number_input(key="field:organisation.users").set_value(200).run()
    assert not [t for t in _texts(app.warning) if page.STALE_TITLE in t]


def test_an_included_archive_is_not_called_an_add_on(new_app: Callable[[], AppTest]) -> None:
    """95 GB mailboxes growing 5 GB a year pass Plan 2's 100 GB in year 2; its 1.5 TB
    archive is part of its price."""
    s = with_values(
        default_scenario(), {"mail.mailbox_gb": 95.0, "mail.mailbox_growth_gb_per_year": 5.0}
    )
    at = _open_link(new_app, s)
    table = _options_table(at)
    note = table.loc[table["Option"] == "Microsoft Exchange Online Plan 2", "Notes"].iloc[0]
    assert note == "included 1,500 GB archive in use from year 2"
    # Plan 1 includes a 50 GB archive; the 3 USD add-on is its own catalogue entry
    plan1 = table.loc[table["Option"] == "Microsoft Exchange Online Plan 1"].iloc[0]
    assert "mailboxes outgrow 50 GB + 50 GB archive from year 2" in plan1["Fits as is"]
    assert "mailboxes outgrow" not in plan1["Notes"]  # said once, in Fits as is
    add_on = "Microsoft Exchange Online Plan 1 + Archiving"
    assert "archive add-on needed" in table.loc[table["Option"] == add_on, "Notes"].iloc[0]


def test_the_upload_label_states_the_real_limit(app: AppTest) -> None:
    uploader = app.sidebar.get("file_uploader")[0]
    assert "256 KiB" in uploader.proto.label
    notes = [t for t in _texts(app.sidebar.caption) if "256 KiB are refused" in t]
    assert notes == [
        "Scenario files over 256 KiB are refused; the 1MB shown above is the server's upload "
        "cap, not the limit for a scenario file."
    ]


def test_the_compare_tab_uses_no_emoji(app: AppTest) -> None:
    app.session_state["view"] = "Compare"
    app.run()
    app.text_input(key="library:name").input("Head office").run()
    app.button(key="library:save").click().run()
    app.number_input(key="field:organisation.users").set_value(25).run()
    app.text_input(key="library:name").input("Branch").run()
    app.button(key="library:save").click().run()
    app.multiselect(key="compare:picked").set_value(["Head office", "Branch"]).run()
    assert_clean(app)
    tab = next(t for t in app.tabs if t.label == "Compare")
    shown = (
        _texts(tab.subheader)
        + list(app.multiselect(key="compare:picked").options)
        + [str(v) for d in tab.dataframe for v in d.value.to_numpy().ravel()]
    )
    emoji = [c for text in shown for c in text if unicodedata.category(c) == "So"]
    assert emoji == []
    library = next(d.value for d in tab.dataframe if d.value.columns[0] == "Colour")
    assert library["Colour"].tolist() == ["blue", "red"]
    swatches = [t for t in _texts(tab.markdown) if ":material/stop:" in t]
    assert swatches == [":blue-badge[:material/stop: blue]", ":red-badge[:material/stop: red]"]
