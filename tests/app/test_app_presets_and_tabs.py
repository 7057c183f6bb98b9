"""The app runs on every preset, and every tab renders its charts and tables."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from apptest_helpers import assert_clean, metric_money, metric_text
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.fields import scenario_fields
from planner.model.files import load_scenario
from ui.sidebar import GROUP_KEY
from ui.views import TABS

PRESETS = list(preset_files())
EXPECTED_TABS = [
    "Overview",
    "Costs by year",
    "Storage",
    "Scalability",
    "Disaster recovery",
    "Assumptions",
    "Compare",
    "Uncertainty",
    "Fit",
    "Migration",
    "Segments",
]
# Charts each tab must draw, by key.
TAB_CHARTS = {
    "Overview": {"chart:overview:cumulative"},
    "Costs by year": {"chart:costs:totals", "chart:costs:yearly"},
    "Storage": {"chart:storage:mailbox", "chart:storage:capacity"},
    "Scalability": {"chart:scalability:servers", "chart:scalability:per_user"},
    "Disaster recovery": {"chart:dr:levels"},
    "Assumptions": set(),
    "Compare": set(),  # nothing saved yet: no chart (see test_app_reports_and_compare.py)
    "Uncertainty": {"chart:uncertainty:tco", "chart:uncertainty:cheapest"},  # Monte Carlo
    "Fit": set(),  # a matrix, not a chart
    "Migration": set(),  # the timeline only from an existing platform (test below)
    "Segments": set(),  # the stack only with segments (tests/app/test_app_segments.py)
}
NO_TABLE_AT_FIRST = {"Compare"}
"""Tabs with nothing to tabulate until the user acts (Compare: no scenario saved yet)."""
SEGMENT_PRESETS = {stem for stem in PRESETS if load_scenario(preset_files()[stem]).segments}
"""Presets with user segments: the Overview leads with the best mix, the Segments tab
tabulates its placements (without segments it explains what segments are, no table)."""


def _open_preset(new_app: Callable[[], AppTest], stem: str) -> AppTest:
    at = new_app().run()
    if stem != PRESETS[0]:
        at.selectbox(key="preset").select(stem).run()
    return at


def test_the_tab_registry_lists_the_views_in_order() -> None:
    assert [title for title, _ in TABS] == EXPECTED_TABS


def test_the_app_opens_on_the_default_preset(app: AppTest) -> None:
    assert_clean(app)
    assert app.selectbox(key="preset").value == "default"
    assert [t.label for t in app.tabs] == EXPECTED_TABS


@pytest.mark.parametrize("stem", PRESETS)
def test_every_preset_runs_and_shows_the_engines_totals(
    new_app: Callable[[], AppTest], stem: str
) -> None:
    at = _open_preset(new_app, stem)
    assert_clean(at)
    scenario = load_scenario(preset_files()[stem])
    summary = summarise(project_scenario(scenario))
    assert at.number_input(key="field:organisation.users").value == scenario.organisation.users
    assert metric_money(at, "In-house TCO") == round(summary.tco[0, 0])
    assert metric_money(at, "In-house per user per month") == pytest.approx(
        summary.cost_per_user_month[0, 0], abs=0.005
    )
    if stem in SEGMENT_PRESETS:
        # With segments the headline is the best mix, which may keep some segments
        # in-house: never dearer than all in-house, and its own option in the summary.
        mix = project_scenario(scenario).mix_index
        assert mix is not None
        assert metric_money(at, "Best mix TCO") == round(summary.tco[0, mix])
        assert summary.tco[0, mix] <= summary.tco[0, 0] + 0.5
        assert metric_money(at, "Saving with the best mix") == pytest.approx(
            summary.tco[0, 0] - summary.tco[0, mix], abs=1
        )
        return
    plans = range(1, 1 + summary.plan_count)
    fitting = [summary.tco[0, j] for j in plans if summary.fits[0, j]]
    assert fitting, "every preset has a hosted plan that fits"
    assert metric_money(at, "Cheapest hosted TCO") == round(min(fitting))
    assert metric_money(at, "Saving with hosted") == pytest.approx(
        summary.tco[0, 0] - min(fitting), abs=1
    )


@pytest.mark.parametrize("stem", PRESETS)
def test_every_tab_renders_on_every_preset(new_app: Callable[[], AppTest], stem: str) -> None:
    at = _open_preset(new_app, stem)
    for index, title in enumerate(EXPECTED_TABS):
        at.session_state["view"] = title
        at.run()
        assert_clean(at)
        tab = at.tabs[index]
        assert tab.label == title
        assert len(tab.children) >= 2, f"{title} drew almost nothing"
        charts = {chart.key for chart in tab.get("plotly_chart")}
        assert TAB_CHARTS[title] <= charts, f"{title}: charts {charts}"
        tables = len(tab.dataframe) + len(tab.table)
        tables += sum("\n|---" in str(m.value) for m in tab.markdown)  # a Markdown table
        no_table = title in NO_TABLE_AT_FIRST or (
            title == "Segments" and stem not in SEGMENT_PRESETS
        )
        assert tables >= 1 or no_table, f"{title} shows no table"
        others = [t for t in at.tabs if t.label != title]
        assert all(len(t.children) == 0 for t in others), "only the open tab is drawn"


def test_the_costs_tab_remembers_its_option_across_tab_switches(app: AppTest) -> None:
    app.session_state["view"] = "Costs by year"
    app.run()
    plan = "Microsoft Exchange Online Plan 1"
    app.selectbox(key="costs:option").select(plan).run()
    app.session_state["view"] = "Storage"
    app.run()
    app.session_state["view"] = "Costs by year"
    app.run()
    assert_clean(app)
    assert app.selectbox(key="costs:option").value == plan


def test_the_assumptions_tab_marks_changed_values(app: AppTest) -> None:
    app.number_input(key="field:organisation.users").set_value(321).run()
    app.session_state["view"] = "Assumptions"
    app.run()
    assert_clean(app)
    table = app.tabs[5].dataframe[0].value
    changed = table[table["Changed"]]
    # The name and description follow the changed inputs: marked changed too.
    assert changed["Field"].tolist() == ["name", "description", "organisation.users"]
    assert changed["Value in use"].tolist()[::2] == ["Default scenario (changed)", "321"]
    assert changed["Default"].tolist()[2] == "200"
    assert set(table.columns) >= {"Source", "Basis", "As of", "Default", "Value in use"}
    app.checkbox(key="assumptions:changed_only").check().run()
    assert len(app.tabs[5].dataframe[0].value) == 3


def test_the_downloads_are_offered(app: AppTest) -> None:
    labels = {b.label for b in app.download_button}
    assert labels == {
        "Download scenario (.toml)",
        "Download full report (.csv)",
        "Download summary (.csv)",
        "Download Excel workbook (.xlsx)",
        "Download HTML report (.html)",
    }
    assert metric_text(app, "In-house breaks even").startswith(("year", "none"))


def test_the_migration_tab_draws_the_paths_timeline_and_arithmetic(
    new_app: Callable[[], AppTest],
) -> None:
    """The Exchange 2019 preset: 400 x 8 GB = 3,200 GB; 100 Mbps x 70% x 86,400 / 8 / 1,000
    = 756 GB a day, ingestion 500 GB a day, so 3,200 / 500 = 6.4 days."""
    at = _open_preset(new_app, "existing_exchange_2019")
    at.session_state["view"] = "Migration"
    at.run()
    assert_clean(at)
    tab = at.tabs[EXPECTED_TABS.index("Migration")]
    assert {c.key for c in tab.get("plotly_chart")} == {"chart:migration:timeline"}
    steps = tab.dataframe[0].value
    arithmetic = dict(zip(steps["Step"], steps["Arithmetic"], strict=True))
    assert arithmetic["Data to move"] == "400 mailboxes x 8 GB = 3,200 GB (3.12 TB)"
    assert arithmetic["Link"] == "100 Mbps x 70% x 86,400 s / 8 / 1,000 = 756 GB a day"
    assert arithmetic["Transfer time"] == "3,200 / 500 = 6.4 days"
    texts = " ".join(str(m.value) for m in tab.markdown)
    assert "Upgrade in place to Exchange SE" in texts
    assert "Stay on Exchange 2019 \\(unsupported\\)" in texts or "Stay on Exchange 2019" in texts


def test_the_overview_names_the_three_paths(new_app: Callable[[], AppTest]) -> None:
    at = _open_preset(new_app, "existing_exchange_2019")
    assert_clean(at)
    info = " ".join(str(i.value) for i in at.info)
    assert "Path: Upgrade in place to Exchange SE" in info
    assert "Path: move to a hosted plan" in info
    assert "Stay on Exchange 2019" in info


def test_the_starting_point_has_its_own_sidebar_group(app: AppTest) -> None:
    options = app.selectbox(key=GROUP_KEY).options
    assert any(o.startswith("Starting point (today's Exchange) (") for o in options)


def test_the_migration_tab_shows_cost_by_move_year(new_app: Callable[[], AppTest]) -> None:
    """The Exchange 2019 preset: servers serve year 1, so the years are now, year 1 (their
    last) and years 2-4 on new servers; WorldPosta Basic is cheapest now (the engine's
    move-year search); past the servers' life the upgrade in place buys its own servers and
    costs more the later it is made. "Use the best year" takes a target's best year (now for
    WorldPosta Basic) into the sidebar's move inputs."""
    at = _open_preset(new_app, "existing_exchange_2019")
    at.session_state["view"] = "Migration"
    at.run()
    assert_clean(at)
    tab = at.tabs[EXPECTED_TABS.index("Migration")]
    table = tab.dataframe[1].value
    assert list(table.columns) == [
        "Move to",
        "Fits",
        "now (USD)",
        "year 1 (end of the servers' life) (USD)",
        "year 2 (on new servers) (USD)",
        "year 3 (on new servers) (USD)",
        "year 4 (on new servers) (USD)",
        "Best year",
    ]
    first = table.iloc[0]
    assert first["Move to"] == "Upgrade in place to Exchange SE"
    assert set(table["Fits"]) == {"yes", "no"}
    basic = table[table["Move to"] == "WorldPosta Basic (illustrative)"].iloc[0]
    assert basic["Best year"] == "now"
    assert first["year 2 (on new servers) (USD)"] > first["now (USD)"]
    assert first["Best year"] == "now"
    fields = scenario_fields()
    at.session_state[fields["current.move_when"].key] = "chosen_year"
    at.session_state[fields["current.move_year"].key] = 3
    at.run()
    tab = at.tabs[EXPECTED_TABS.index("Migration")]
    assert "every path leaves in year 3" in " ".join(m.value for m in tab.markdown)
    tab.selectbox(key="migration:best_year_target").set_value(1).run()
    at.button(key="migration:use_best_year").click().run()
    assert_clean(at)
    assert at.session_state[fields["current.move_when"].key] == "now"
    assert at.session_state[fields["current.move_year"].key] == 0


def test_the_existing_exchange_overview_starts_with_the_three_paths(
    new_app: Callable[[], AppTest],
) -> None:
    """The cumulative chart of the Exchange 2019 preset starts with the in-place upgrade,
    the cheapest move that fits (WorldPosta Basic) and staying, in colours far apart."""
    from planner.outputs.chart_style import option_colours

    at = _open_preset(new_app, "existing_exchange_2019")
    assert_clean(at)
    shown = at.multiselect(key="overview:shown").value
    assert shown == [
        "Upgrade in place to Exchange SE",
        "WorldPosta Basic (illustrative)",
        "Stay on Exchange 2019 (unsupported)",
    ]
    colours = option_colours(shown)

    def rgb(code: str) -> tuple[int, ...]:
        return tuple(int(code[i : i + 2], 16) for i in (1, 3, 5))

    def apart(a: str, b: str) -> bool:
        pairs = zip(rgb(a), rgb(b), strict=True)
        return sum((x - y) ** 2 for x, y in pairs) ** 0.5 > 100

    assert all(apart(colours[a], colours[b]) for a in shown for b in shown if a != b)
    # staying stays apart from every catalogue plan, whichever is the cheapest move
    everyone = option_colours(at.multiselect(key="overview:shown").options)
    stay = everyone["Stay on Exchange 2019 (unsupported)"]
    assert all(apart(stay, everyone[o]) for o in everyone if not o.startswith("Stay"))
