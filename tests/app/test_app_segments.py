"""User segments in the app: the segments table (add, edit, remove, bad rows), the Segments
tab, the Overview's best-mix headline, and segments kept by links, files and uploads."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from apptest_helpers import (
    apply_grid,
    assert_clean,
    error_texts,
    metric_money,
    metric_text,
    options_table,
)
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario, parse_text, to_toml, with_values
from planner.model.scenario import Scenario
from ui import page
from ui.formats import plain
from ui.segment_tables import NO_PLACEMENT
from ui.segments_editor import OPEN_KEY
from ui.sidebar import GROUP_KEY
from ui.state import PARAM_SCENARIO, decode_scenario
from ui.views import TABS
from ui.views.mix_headline import MIX_METRICS

PRESET = "segments_hybrid"
SEGMENTS_TAB = [title for title, _ in TABS].index("Segments")


def _preset() -> Scenario:
    return load_scenario(preset_files()[PRESET])


def _open(new_app: Callable[[], AppTest], stem: str = PRESET) -> AppTest:
    at = new_app().run()
    at.selectbox(key="preset").select(stem).run()
    assert_clean(at)
    return at


def _editor_key(at: AppTest) -> str:
    (key,) = [d.key for d in at.data_editor if d.key.startswith("segments_editor:")]
    return key


def _open_segments(at: AppTest) -> str:
    at.session_state[OPEN_KEY] = True
    at.run()
    return _editor_key(at)


def _edit(at: AppTest, **edits: object) -> None:
    apply_grid(at, "segments_editor:", **edits)


def _engine(scenario: Scenario) -> tuple[float, float]:
    """In-house TCO and the best mix's TCO of a scenario, from the engine."""
    projection = project_scenario(scenario)
    summary = summarise(projection)
    assert projection.mix_index is not None
    return float(summary.tco[0, 0]), float(summary.tco[0, projection.mix_index])


def test_the_segments_tab_says_what_each_segment_needs_and_why_not_cheaper(
    new_app: Callable[[], AppTest],
) -> None:
    """The preset's segments ask for 2, 50 and 100 GB quotas; in-house storage is sized for
    0.5 + 0.25 x 5 = 1.75, 8 + 2 x 5 = 18 and 40 + 10 x 5 = 90 GB mailboxes at year 5, so it
    covers none of them. The executives may go in-house, on WorldPosta Premium (200 GB) or
    on Exchange Online Plan 2 (100 GB) only."""
    at = _open(new_app)
    at.session_state["view"] = "Segments"
    at.run()
    assert_clean(at)
    tab = at.tabs[SEGMENTS_TAB]
    needs = tab.table[2].value.set_index("Segment")
    assert needs["Mailbox quota needed (GB)"].tolist() == ["2", "50", "100"]
    assert needs["In-house storage sized for (GB)"].tolist() == [
        plain(x) for x in ("1.75", "18", "90")
    ]
    assert set(needs["In-house storage covers the quota"]) == {"no"}
    assert needs.loc["Executives and legal", "May go to"] == plain(
        "In-house Exchange, WorldPosta Premium (illustrative), Microsoft Exchange Online Plan 2"
    )
    cheaper = tab.table[3].value
    premium = cheaper[cheaper["Cheaper plan"] == plain("WorldPosta Premium (illustrative)")]
    (why,) = premium["Why not"].tolist()
    assert why.startswith("costs ")
    assert "coexistence" in why


def test_the_segments_preset_leads_with_the_best_mix(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app)
    inhouse, mix = _engine(_preset())
    assert metric_money(at, "In-house TCO") == round(inhouse)
    assert metric_money(at, "Best mix TCO") == round(mix)
    assert metric_money(at, "Saving with the best mix") == pytest.approx(inhouse - mix, abs=1)
    assert {m.label for m in at.metric} == set(MIX_METRICS)
    (headline,) = [s.value for s in at.success if "Best mix" in s.value]
    # The preset's best mix (engine, 2026-11-30): everyone hosted, on three plans.
    assert headline.startswith("Best mix (all hosted): Frontline on Microsoft Exchange Online")
    assert "Executives and legal on Microsoft Exchange Online Plan 2" in headline
    assert "less than all in-house" in headline
    # Plan 1 would put the executives where their list forbids: it does not fit.
    assert "the cheapest single plan that fits (WorldPosta Premium (illustrative)" in headline
    table = options_table(at)
    row = table[table["Option"] == "Best mix"].iloc[0]
    assert row["Notes"].startswith("all hosted: Frontline on")


def test_without_segments_the_overview_is_as_before(app: AppTest) -> None:
    labels = {m.label for m in app.metric}
    assert "Cheapest hosted TCO" in labels
    assert "Best mix TCO" not in labels
    assert not [s for s in app.success if "Best mix" in s.value]


def test_the_segments_tab_shows_the_stack_and_the_placements(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app)
    at.session_state["view"] = "Segments"
    at.run()
    assert_clean(at)
    tab = at.tabs[SEGMENTS_TAB]
    assert {c.key for c in tab.get("plotly_chart")} == {"chart:segments:stack"}
    places = tab.table[0].value
    assert places["Segment"].tolist() == ["Frontline", "Office", "Executives and legal"]
    # 1,200 users x 55% / 40% / 5%
    assert places["Users today"].tolist() == ["660", "480", "60"]
    assert set(places["Best all in-house"]) == {"In-house Exchange"}
    choices = tab.table[1].value.set_index("Placement")
    inhouse, mix = _engine(_preset())
    assert choices.loc["Best mix", "TCO"] == f"USD {round(mix):,}"
    assert choices.loc["Best all in-house", "TCO"] == f"USD {round(inhouse):,}"
    assert choices.loc["Best all in-house", "Hybrid"] == "no"
    captions = " ".join(c.value for c in tab.caption)
    assert "Searched exactly: all 343 placements (7 places for 3 segments)" in captions


def test_without_segments_the_tab_says_what_segments_are(app: AppTest) -> None:
    app.session_state["view"] = "Segments"
    app.run()
    assert_clean(app)
    tab = app.tabs[SEGMENTS_TAB]
    (info,) = tab.info
    assert "no user segments" in info.value
    assert "Segments and hybrid" in info.value
    assert not tab.get("plotly_chart")
    app.button(key="segments:open_editor").click().run()
    assert_clean(app)
    assert [d.key for d in app.data_editor if d.key.startswith("segments_editor:")]


def test_a_segment_edited_in_the_table_costs_what_the_engine_says(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app)
    _open_segments(at)
    table = at.data_editor(key=_editor_key(at)).value
    assert table["name"].tolist() == ["Frontline", "Office", "Executives and legal"]
    assert table["share_pct"].tolist() == [55.0, 40.0, 5.0]
    _edit(at, edited_rows={1: {"mailbox_gb": 20.0}})
    assert_clean(at)
    segments = [s.model_dump() for s in _preset().segments]
    segments[1]["mailbox_gb"] = 20.0
    inhouse, mix = _engine(with_values(_preset(), {"segments": segments}))
    assert metric_money(at, "Best mix TCO") == round(mix)
    assert metric_money(at, "In-house TCO") == round(inhouse)


def test_a_segment_added_and_one_removed(new_app: Callable[[], AppTest]) -> None:
    """Office (40%) is removed and two rows share its users: 30% Office staff who may only
    stay in-house, and 120 temporary staff (1,200 x 10%) given as a count."""
    at = _open(new_app)
    _open_segments(at)
    added = [
        {"name": "Office in-house", "share_pct": 30.0, "allowed": ["in-house"]},
        {"name": "Temps", "users": 120.0, "mailbox_gb": 1.0},
    ]
    _edit(at, added_rows=added, deleted_rows=[1])
    assert_clean(at)
    at.session_state["view"] = "Segments"
    at.run()
    places = at.tabs[SEGMENTS_TAB].table[0].value.set_index("Segment")
    assert places.index.tolist() == [
        "Frontline",
        "Executives and legal",
        "Office in-house",
        "Temps",
    ]
    assert places.loc["Office in-house", "Best mix"] == "In-house Exchange"
    assert places.loc["Temps", "Users today"] == "120"
    assert places.loc["Office in-house", "Best all hosted"] == "not allowed"
    shown = project_scenario(
        with_values(
            _preset(),
            {
                "segments": [
                    _preset().segments[0].model_dump(),
                    _preset().segments[2].model_dump(),
                    {"name": "Office in-house", "share_pct": 30.0, "allowed": ["in-house"]},
                    {"name": "Temps", "users": 120, "mailbox_gb": 1.0},
                ]
            },
        )
    )
    assert shown.mix is not None
    assert shown.mix.best.is_hybrid
    at.session_state["view"] = "Overview"
    at.run()
    # Office in-house may only stay in-house, so the mix keeps it there with servers of its
    # own; no single plan may carry everyone, so the headline compares with all in-house only.
    (headline,) = [s.value for s in at.success if "Best mix" in s.value]
    assert "single plan" not in headline
    assert headline.endswith("less than all in-house.")
    assert metric_text(at, "Best mix TCO") == f"USD {round(shown.mix.best.tco):,}"
    # The hybrid set-up is paid once, in year 0: 1,000 more set-up, 1,000 more TCO (USD).
    before = metric_money(at, "Best mix TCO")
    setup = at.session_state["field:hybrid.setup_cost"]
    at.session_state["field:hybrid.setup_cost"] = setup + 1000.0
    at.run()
    assert_clean(at)
    assert metric_money(at, "Best mix TCO") - before == pytest.approx(1000, abs=1)


def test_a_bad_segment_row_names_the_row_field_value_and_keeps_the_typing(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app)
    before = metric_money(at, "Best mix TCO")
    _open_segments(at)
    _edit(at, edited_rows={1: {"mailbox_gb": 0.0}})
    assert not at.exception
    assert error_texts(at) == [
        "Segments table row 2 (Office): Mailbox size used today (mailbox_gb) = 0.0: Input "
        "should be greater than or equal to 0.01; allowed: a number from 0.01 to 2,000"
    ]
    assert metric_money(at, "Best mix TCO") == before
    stale = [w.value for w in at.warning if w.value.startswith(f"**{page.STALE_TITLE}**")]
    assert stale
    at.session_state[OPEN_KEY] = False  # closed: the message stays, the typing is kept
    at.run()
    assert error_texts(at)[0].startswith(
        "Segments table row 2 (Office): Mailbox size used today (mailbox_gb) = 0.0"
    )
    at.session_state[OPEN_KEY] = True
    at.run()
    assert at.data_editor(key=_editor_key(at)).value["mailbox_gb"].tolist()[1] == 0.0


def test_shares_that_do_not_add_up_are_named(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app)
    _open_segments(at)
    _edit(at, edited_rows={1: {"share_pct": 30.0}})
    assert not at.exception
    message = (
        "segments' users add up to 1,080.0 but organisation.users is 1,200: give users or "
        "shares that make up the organisation"
    )
    assert any(message in e for e in error_texts(at)), error_texts(at)


def test_both_users_and_share_in_a_row_are_refused(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app)
    _open_segments(at)
    _edit(at, edited_rows={0: {"users": 660.0}})
    assert not at.exception
    errors = error_texts(at)
    assert errors == [
        "Segments table row 1 (Frontline): segment 'Frontline': give either users or "
        "share_pct (exactly one of them)"
    ], errors


def test_the_link_and_the_file_carry_the_edited_segments(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app)
    _open_segments(at)
    _edit(at, edited_rows={2: {"mailbox_gb": 55.0, "allowed": ["in-house"]}})
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    params = dict(at.query_params)
    linked = decode_scenario(params[PARAM_SCENARIO])
    assert linked.segments[2].mailbox_gb == 55.0
    assert linked.segments[2].allowed == ("in-house",)
    assert parse_text(to_toml(linked).encode(), "saved.toml").segments == linked.segments

    reopened = new_app()
    reopened.query_params.update(params)
    reopened.run()
    assert_clean(reopened)
    assert {m.label: m.value for m in reopened.metric} == shown
    _open_segments(reopened)
    table = reopened.data_editor(key=_editor_key(reopened)).value
    assert table["mailbox_gb"].tolist()[2] == 55.0
    assert list(table["allowed"].tolist()[2]) == ["in-house"]


def test_an_uploaded_file_with_segments_fills_the_table(app: AppTest) -> None:
    data = Path(preset_files()[PRESET]).read_bytes()
    app.file_uploader(key="upload").upload("groups.toml", data, "application/toml").run()
    assert_clean(app)
    assert metric_money(app, "Best mix TCO") == round(_engine(_preset())[1])
    _open_segments(app)
    table = app.data_editor(key=_editor_key(app)).value
    assert table["name"].tolist() == ["Frontline", "Office", "Executives and legal"]


def test_the_hybrid_inputs_are_in_the_sidebar(app: AppTest) -> None:
    assert any(o.startswith("Hybrid (") for o in app.selectbox(key=GROUP_KEY).options)
    app.session_state[GROUP_KEY] = "hybrid"
    app.run()
    keys = {n.key for n in app.sidebar.number_input}
    assert {
        "field:hybrid.setup_cost",
        "field:hybrid.directory_sync_host_price",
        "field:hybrid.running_per_year",
    } <= keys


def test_removing_every_row_makes_everyone_one_group_again(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app)
    _open_segments(at)
    _edit(at, deleted_rows=[0, 1, 2])
    assert_clean(at)
    no_segments = with_values(_preset(), {"segments": []})
    summary = summarise(project_scenario(no_segments))
    assert "Best mix TCO" not in {m.label for m in at.metric}
    assert metric_money(at, "In-house TCO") == round(summary.tco[0, 0])
    fitting = [summary.tco[0, j] for j in range(1, 1 + summary.plan_count) if summary.fits[0, j]]
    assert metric_money(at, "Cheapest hosted TCO") == round(min(fitting))
    at.session_state["view"] = "Segments"
    at.run()
    assert "no user segments" in at.tabs[SEGMENTS_TAB].info[0].value


def test_a_place_that_is_no_longer_a_plan_is_named(new_app: Callable[[], AppTest]) -> None:
    """Executives and legal may go to Plan 2; deleting Plan 2 from the plans table leaves
    that place pointing at nothing, which the scenario's check names."""
    at = _open(new_app)
    at.session_state[page.PLANS_OPEN_KEY] = True
    at.run()
    plan2 = [p.label for p in _preset().plans].index("Microsoft Exchange Online Plan 2")
    apply_grid(at, "plans_editor:", deleted_rows=[plan2])
    assert not at.exception
    message = (
        ".allowed = 'Microsoft Exchange Online Plan 2' (segment 'Executives and "
        "legal') is neither 'in-house' nor a plan label of this scenario"
    )  # the banner's markdown escapes the brackets of segments[2]
    assert any(message in e for e in error_texts(at)), error_texts(at)


def test_names_show_as_typed_in_the_tab(new_app: Callable[[], AppTest]) -> None:
    name = "**Board** [x](https://evil.example) <b>"
    at = _open(new_app)
    _open_segments(at)
    _edit(at, edited_rows={2: {"name": name}})
    assert_clean(at)
    at.session_state["view"] = "Segments"
    at.run()
    assert_clean(at)
    tab = at.tabs[SEGMENTS_TAB]
    assert tab.table[0].value["Segment"].tolist()[2] == plain(name)
    legend = [t["name"] for t in json.loads(tab.get("plotly_chart")[0].proto.spec)["data"]]
    assert legend[2] == "**Board** [x](https://evil.example) &lt;b&gt;"


def test_when_no_placement_fits_the_page_says_so(new_app: Callable[[], AppTest]) -> None:
    """Executives and legal (40 GB mailboxes) allowed only on the 2 GB Kiosk plan: no
    placement puts them where they may go and fits."""
    at = _open(new_app)
    _open_segments(at)
    kiosk = "Microsoft Exchange Online Kiosk (typed quote)"
    _edit(at, edited_rows={2: {"allowed": [kiosk]}})
    assert_clean(at)
    assert metric_text(at, "Best mix TCO") == "no placement fits"
    assert metric_text(at, "Saving with the best mix") == "-"
    (headline,) = [s.value for s in at.success if "Best mix" in s.value]
    assert headline.startswith("Best mix: no placement puts every segment where it may go")
    table = options_table(at)
    row = table[table["Option"] == "Best mix"].iloc[0]
    assert row["Fits as is"] == plain(NO_PLACEMENT)
    at.session_state["view"] = "Segments"
    at.run()
    assert_clean(at)
    choices = at.tabs[SEGMENTS_TAB].table[1].value
    assert set(choices["TCO"]) == {"not allowed"}
