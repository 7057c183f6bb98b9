"""Reports from the app (Excel, HTML) and the Compare tab: saved scenarios side by side.

Expected numbers come from the engine (``planner``) directly, never from the app's code.
A download button shows only its label in AppTest; the files behind the deferred buttons are
caught where Streamlit registers them (``MediaFileManager.add_deferred``: file name, mime
type, and the callable a click runs), and the byte builders are also tested directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from apptest_helpers import assert_clean, money_number, options_table
from bs4 import BeautifulSoup
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Tab

from planner.engine.projection import INHOUSE, project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, with_values
from planner.model.scenario import Scenario
from ui import compute
from ui.formats import plain
from ui.report_downloads import HTML_MIME, XLSX_MIME
from ui.scenario_library import PALETTE, ScenarioLibrary

COMPARE = "Compare"
XLSX_LABEL = "Download Excel workbook (.xlsx)"
HTML_LABEL = "Download HTML report (.html)"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _engine(scenario: Scenario) -> Any:
    return summarise(project_scenario(scenario))


def _best_hosted_tco(summary: Any) -> float:
    fits = [summary.tco[0, j] for j in range(1, summary.tco.shape[1]) if summary.fits[0, j]]
    return float(min(fits))


def _summary_option_tco(workbook_data: bytes, option: str) -> float:
    """The TCO of ``option`` in the Summary sheet's "Every option" table (column B)."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_data))["Summary"]
    found = [row[1] for row in sheet.iter_rows(values_only=True) if row[0] == option]
    assert len(found) == 1, f"{option!r} rows in Summary: {found}"
    assert isinstance(found[0], float | int), found[0]
    return float(found[0])


def _open_compare(at: AppTest) -> Tab:
    at.session_state["view"] = COMPARE
    at.run()
    return _compare_tab(at)


def _compare_tab(at: AppTest) -> Tab:
    tabs = [t for t in at.tabs if t.label == COMPARE]
    assert len(tabs) == 1
    return tabs[0]


def _save(at: AppTest, name: str) -> Tab:
    at.text_input(key="library:name").input(name).run()
    at.button(key="library:save").click().run()
    assert not at.exception, at.exception
    return _compare_tab(at)


def _set_users(at: AppTest, users: int) -> None:
    at.number_input(key="field:organisation.users").set_value(users).run()


def _table(tab: Tab, first_column: str) -> Any:
    """The tab's dataframe whose first column is ``first_column`` (exactly one)."""
    found = [d.value for d in tab.dataframe if d.value.columns[0] == first_column]
    assert len(found) == 1, [list(d.value.columns) for d in tab.dataframe]
    return found[0]


def _library(tab: Tab) -> Any:
    return _table(tab, "Colour")


def _metric_values(tab: Tab, label: str) -> list[str]:
    return [str(m.value) for m in tab.metric if m.label == label]


def _texts(elements: Any) -> list[str]:
    return [str(e.value) for e in elements]


def _unescaped(markdown: str) -> str:
    """Markdown text as it reads on screen: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """Deferred downloads registered by the app, by file name: mime type and callable."""
    seen: dict[str, dict[str, Any]] = {}
    original = MediaFileManager.add_deferred

    def record(
        self: MediaFileManager,
        data_callable: Callable[[], Any],
        mimetype: str | None,
        coordinates: str,
        file_name: str | None = None,
        **kwargs: Any,
    ) -> str:
        seen[str(file_name)] = {"mime": mimetype, "make": data_callable}
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


# ---------------------------------------------------------------------------
# Report downloads
# ---------------------------------------------------------------------------


def test_the_sidebar_offers_the_csv_the_workbook_and_the_html_report(
    new_app: Callable[[], AppTest], deferred: dict[str, dict[str, Any]]
) -> None:
    at = new_app().run()
    assert_clean(at)
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert labels == [
        "Download scenario (.toml)",
        "Download full report (.csv)",
        "Download summary (.csv)",
        XLSX_LABEL,
        HTML_LABEL,
    ]
    assert {name: d["mime"] for name, d in deferred.items()} == {
        "default-scenario-costs.csv": "text/csv",
        "default-scenario-summary.csv": "text/csv",
        "default-scenario-report.xlsx": XLSX_MIME,
        "default-scenario-report.html": HTML_MIME,
    }
    assert XLSX_MIME == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_workbook_button_delivers_the_engines_tco_for_the_scenario_on_screen(
    new_app: Callable[[], AppTest], deferred: dict[str, dict[str, Any]]
) -> None:
    at = new_app().run()
    _set_users(at, 640)
    assert_clean(at)
    # The changed preset is marked as changed in the file name and the title.
    data = deferred["default-scenario-changed-640-users-5-years-report.xlsx"]["make"]()
    expected = _engine(with_values(default_scenario(), {"organisation.users": 640}))
    assert _summary_option_tco(data, INHOUSE) == pytest.approx(expected.tco[0, 0], rel=1e-12)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Summary"]
    assert sheet["A1"].value == "Exchange Cost Planner: Default scenario (changed)"
    dates = [r[0] for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("Generated")]
    assert dates == [f"Generated on {dt.date.today().isoformat()}"]


def test_the_summary_csv_and_the_options_table_give_the_residual_the_same_sign(
    new_app: Callable[[], AppTest], deferred: dict[str, dict[str, Any]]
) -> None:
    """growing_firm keeps in-house hardware past its 7-year horizon: a credit, negative in the
    summary CSV, the long CSV's residual rows and the Overview's table alike."""
    at = new_app().run()
    at.selectbox(key="preset").select("growing_firm").run()
    assert_clean(at)
    scenario = load_scenario(preset_files()["growing_firm"])
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.name.lower()).strip("-")
    expected = -_engine(scenario).residual_value[0, 0]
    assert expected < 0
    summary = list(csv.DictReader(io.StringIO(deferred[f"{slug}-summary.csv"]["make"]().decode())))
    assert summary[0]["Option"] == INHOUSE
    assert float(summary[0]["Residual value"]) == pytest.approx(expected, abs=0.005)
    assert float(summary[0]["TCO"]) == pytest.approx(_engine(scenario).tco[0, 0], abs=0.005)
    long_rows = csv.DictReader(io.StringIO(deferred[f"{slug}-costs.csv"]["make"]().decode()))
    residual = sum(
        float(r["cost"]) for r in long_rows if r["option"] == INHOUSE and r["kind"] == "residual"
    )
    assert residual == pytest.approx(expected, abs=0.05)
    column = "Residual value (USD)"
    table = options_table(at)
    shown = float(str(table.loc[table["Option"] == INHOUSE, column].iloc[0]).replace(",", ""))
    assert shown == pytest.approx(round(expected))


def test_the_html_button_delivers_the_report_of_the_scenario_on_screen(
    new_app: Callable[[], AppTest], deferred: dict[str, dict[str, Any]]
) -> None:
    at = new_app().run()
    at.selectbox(key="preset").select("growing_firm").run()
    assert_clean(at)
    scenario = load_scenario(preset_files()["growing_firm"])
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.name.lower()).strip("-")
    soup = BeautifulSoup(deferred[f"{slug}-report.html"]["make"](), "html.parser")
    assert soup.title is not None
    assert soup.title.get_text() == f"Exchange Cost Planner: {scenario.name}"
    first = soup.find(id="options-table").find("tbody").find("tr").find_all("td")
    assert first[0].get_text().startswith(INHOUSE)
    assert float(first[1]["data-value"]) == pytest.approx(_engine(scenario).tco[0, 0])


def test_the_cached_workbook_opens_and_holds_the_engines_figures() -> None:
    scenario = load_scenario(preset_files()["small_office"])
    data = compute.workbook(compute.key_of(scenario), "2026-03-04")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Summary"
    summary = _engine(scenario)
    for j, option in enumerate(summary.options):
        assert _summary_option_tco(data, option) == pytest.approx(summary.tco[0, j], rel=1e-12)
    firsts = [r[0] for r in book["Summary"].iter_rows(values_only=True)]
    assert "Generated on 2026-03-04" in firsts
    assert compute.workbook(compute.key_of(scenario), "2026-03-04") == data


def test_the_cached_html_report_is_one_page_with_the_scenario_and_its_charts() -> None:
    scenario = with_values(default_scenario(), {"name": "<b>Firm</b> =1+1"})
    data = compute.html_report(compute.key_of(scenario), "2026-03-04")
    text = data.decode("utf-8")
    assert "&lt;b&gt;Firm&lt;/b&gt; =1+1" in text
    assert "<b>Firm</b>" not in text
    soup = BeautifulSoup(text, "html.parser")
    chart = soup.find("div", id="chart-cumulative")
    assert chart is not None
    assert "chart" in chart.get("class", [])
    spec = json.loads(soup.find("script", id="chart-cumulative-spec").get_text())
    summary = _engine(scenario)
    ends = {t["name"]: t["y"][-1] for t in spec["data"]}
    assert ends[INHOUSE] == pytest.approx(summary.tco[0, 0])
    assert "Generated on 2026-03-04" in soup.get_text()


# ---------------------------------------------------------------------------
# The scenario library
# ---------------------------------------------------------------------------


def test_the_compare_tab_starts_empty_and_says_what_to_do(app: AppTest) -> None:
    tab = _open_compare(app)
    assert_clean(app)
    assert "No scenario saved yet" in " ".join(_texts(tab.info))
    assert "Save at least 2 scenarios to compare them." in _texts(tab.info)
    assert not tab.metric


def test_saving_the_scenario_on_screen_adds_it_under_the_name_typed(app: AppTest) -> None:
    _open_compare(app)
    _set_users(app, 321)
    tab = _save(app, "Head office")
    assert_clean(app)
    table = _library(tab)
    assert table["Scenario"].tolist() == ["Head office"]
    assert table["Users"].tolist() == [321]
    assert table["From"].tolist() == ["saved from the screen"]
    assert _texts(tab.success) == ["Saved “Head office” (saved from the screen)."]


def test_an_empty_name_saves_under_the_scenarios_own_name(app: AppTest) -> None:
    _open_compare(app)
    tab = _save(app, "")
    assert _library(tab)["Scenario"].tolist() == ["Default scenario"]


def test_a_blank_name_is_refused_with_one_line(app: AppTest) -> None:
    _open_compare(app)
    _save(app, "   ")
    assert not app.exception
    assert [_unescaped(e) for e in _texts(_compare_tab(app).error)] == [
        "name: empty; type a name of 1 to 100 characters"
    ]
    assert len(app.session_state["_scenario_library"]) == 0


def test_a_name_too_long_is_refused_by_the_library() -> None:
    with pytest.raises(ScenarioValueError, match="at most 100 characters"):
        ScenarioLibrary().offer("x" * 101, default_scenario(), "screen")


def test_saving_under_a_saved_name_asks_first_and_replaces_only_when_confirmed(
    app: AppTest,
) -> None:
    _open_compare(app)
    _save(app, "Plan A")
    _set_users(app, 25)
    tab = _save(app, "Plan A")
    assert_clean(app)
    warnings = _texts(tab.warning)
    assert len(warnings) == 1
    assert "“Plan A” is already saved with other values. Replace it" in warnings[0]
    assert _library(tab)["Users"].tolist() == [200]  # not overwritten yet

    app.run()  # any other rerun keeps the question and the saved values
    tab = _compare_tab(app)
    assert len(tab.warning) == 1
    assert _library(tab)["Users"].tolist() == [200]

    app.button(key="library:replace").click().run()
    tab = _compare_tab(app)
    assert_clean(app)
    assert not tab.warning
    assert _library(tab)["Users"].tolist() == [25]
    assert _library(tab)["Scenario"].tolist() == ["Plan A"]
    assert _texts(tab.success) == ["Replaced “Plan A”."]


def test_keeping_the_saved_one_drops_the_new_values(app: AppTest) -> None:
    _open_compare(app)
    _save(app, "Plan A")
    _set_users(app, 25)
    _save(app, "Plan A")
    app.button(key="library:cancel").click().run()
    tab = _compare_tab(app)
    assert_clean(app)
    assert not tab.warning
    assert _library(tab)["Users"].tolist() == [200]
    assert app.session_state["_scenario_library"].pending is None


def test_saving_the_same_values_again_needs_no_confirmation(app: AppTest) -> None:
    _open_compare(app)
    _save(app, "Plan A")
    tab = _save(app, "Plan A")
    assert not tab.warning
    assert _texts(tab.info)[0] == "“Plan A” is already saved with exactly these values."


def test_presets_and_files_are_added_and_never_overwrite_without_asking(app: AppTest) -> None:
    _open_compare(app)
    app.selectbox(key="library:preset").select("small_office").run()
    app.button(key="library:add_preset").click().run()
    small = load_scenario(preset_files()["small_office"])
    tab = _compare_tab(app)
    assert _library(tab)["Scenario"].tolist() == [small.name]
    assert _library(tab)["From"].tolist() == ["preset small_office.toml"]

    same_name = f'name = "{small.name}"\n[organisation]\nusers = 30\n'.encode()
    app.file_uploader(key="library:upload").upload("mine.toml", same_name, "application/toml")
    app.run()
    tab = _compare_tab(app)
    assert_clean(app)
    assert len(tab.warning) == 1
    assert "the one file mine.toml" in _unescaped(tab.warning[0].value)
    assert _library(tab)["Users"].tolist() == [25]
    app.button(key="library:replace").click().run()
    tab = _compare_tab(app)
    assert _library(tab)["Users"].tolist() == [30]
    assert _library(tab)["From"].tolist() == ["file mine.toml"]


def test_a_bad_file_is_named_in_one_line_and_adds_nothing(app: AppTest) -> None:
    _open_compare(app)
    bad = b"[organisation]\nusers = -5\n"
    app.file_uploader(key="library:upload").upload("bad.toml", bad, "application/toml").run()
    assert not app.exception
    errors = [_unescaped(e) for e in _texts(_compare_tab(app).error)]
    assert len(errors) == 1
    assert errors[0].startswith("bad.toml: Users today (organisation.users) = -5")
    assert len(app.session_state["_scenario_library"]) == 0


def test_a_saved_scenario_can_be_removed(app: AppTest) -> None:
    _open_compare(app)
    for name in ("One", "Two", "Three"):
        _save(app, name)
    app.selectbox(key="library:remove_choice").select("Two").run()
    app.button(key="library:remove").click().run()
    tab = _compare_tab(app)
    assert_clean(app)
    assert _library(tab)["Scenario"].tolist() == ["One", "Three"]
    assert app.multiselect(key="compare:picked").value == ["One", "Three"]


def test_the_library_keeps_a_pending_save_until_confirmed() -> None:
    library = ScenarioLibrary()
    base = default_scenario()
    assert library.offer("A", base, "screen") == "added"
    bigger = with_values(base, {"organisation.users": 900})
    assert library.offer("A", bigger, "screen") == "confirm"
    assert library["A"].scenario.organisation.users == 200
    assert library.offer("B", bigger, "screen") == "added"
    assert library["A"].colour == 0
    assert library["B"].colour == 1
    assert library.confirm() is None  # saving B dropped the question about A
    assert library.offer(" A ", bigger, "file") == "confirm"
    assert library.confirm() == "A"
    assert library["A"].scenario.organisation.users == 900
    assert library["A"].scenario.name == "A"
    assert library["A"].colour == 0  # a replaced scenario keeps its colour


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------


def _two_saved(app: AppTest) -> Tab:
    """Save "Head office" (the default scenario) and "Branch" (the same with 25 users)."""
    _open_compare(app)
    _save(app, "Head office")
    _set_users(app, 25)
    return _save(app, "Branch")


def test_two_saved_scenarios_are_compared_with_the_engines_figures(app: AppTest) -> None:
    tab = _two_saved(app)
    assert_clean(app)
    assert app.multiselect(key="compare:picked").value == ["Head office", "Branch"]
    head = _engine(default_scenario())
    branch = _engine(with_values(default_scenario(), {"organisation.users": 25}))

    inhouse = [money_number(v) for v in _metric_values(tab, "In-house TCO")]
    assert inhouse == [round(head.tco[0, 0]), round(branch.tco[0, 0])]
    hosted = [money_number(v) for v in _metric_values(tab, "Cheapest hosted TCO")]
    assert hosted == [round(_best_hosted_tco(head)), round(_best_hosted_tco(branch))]
    saving = [money_number(v) for v in _metric_values(tab, "Saving with hosted")]
    assert saving[1] == pytest.approx(branch.tco[0, 0] - _best_hosted_tco(branch), abs=1)
    per_user = [money_number(v) for v in _metric_values(tab, "In-house per user per month")]
    assert per_user[1] == pytest.approx(branch.cost_per_user_month[0, 0], abs=0.005)
    titles = _texts(tab.subheader)
    assert "Head office" in titles
    assert "Branch" in titles

    differing = _table(tab, "field")
    assert list(differing.columns) == ["field", "description", "Head office", "Branch"]
    assert differing["field"].tolist() == ["organisation.users"]
    assert differing.iloc[0][["Head office", "Branch"]].tolist() == ["200", "25"]

    headline = _table(tab, "metric")
    row = headline[headline["metric"] == "In-house: total cost of ownership"]
    assert row["Branch"].tolist() == [f"{round(branch.tco[0, 0]):,} USD"]


def test_the_chart_keeps_each_scenarios_colour_whatever_the_order(app: AppTest) -> None:
    _two_saved(app)
    app.multiselect(key="compare:picked").set_value(["Branch", "Head office"]).run()
    tab = _compare_tab(app)
    assert_clean(app)
    charts = [c for c in tab.get("plotly_chart") if c.proto.id.endswith("chart:compare:cumulative")]
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    colours = {t["name"]: t["line"]["color"] for t in spec["data"]}
    assert colours[f"Head office: {INHOUSE}"] == PALETTE[0]
    assert colours[f"Branch: {INHOUSE}"] == PALETTE[1]
    dashed = {t["name"]: t["line"]["dash"] for t in spec["data"]}
    assert dashed[f"Branch: {INHOUSE}"] == "solid"
    assert sorted(dashed.values()) == ["dash", "dash", "solid", "solid"]
    assert [v for v in _texts(tab.subheader) if v in ("Branch", "Head office")] == [
        "Branch",
        "Head office",
    ]


def test_choosing_one_scenario_says_to_choose_two(app: AppTest) -> None:
    _two_saved(app)
    app.multiselect(key="compare:picked").set_value(["Branch"]).run()
    tab = _compare_tab(app)
    assert_clean(app)
    assert "Choose 2 to 4 scenarios to compare; 1 chosen." in _texts(tab.info)
    assert not tab.metric
    assert not tab.get("plotly_chart")


def test_five_scenarios_are_refused_and_four_are_compared(app: AppTest) -> None:
    _two_saved(app)
    for stem in ("small_office", "growing_firm", "enterprise_hot_dr"):
        app.selectbox(key="library:preset").select(stem).run()
        app.button(key="library:add_preset").click().run()
    names = app.multiselect(key="compare:picked").options
    assert len(names) == 5
    assert len(app.multiselect(key="compare:picked").value) == 4  # a 5th is not added
    app.multiselect(key="compare:picked").set_value([n.rsplit(" (", 1)[0] for n in names]).run()
    tab = _compare_tab(app)
    assert not app.exception
    assert _texts(tab.warning) == [
        "At most 4 scenarios can be compared side by side; 5 were chosen, so the first 4 are shown."
    ]
    assert len(app.multiselect(key="compare:picked").value) == 4
    assert len(_metric_values(tab, "In-house TCO")) == 4


def test_names_that_look_like_code_are_kept_as_text(app: AppTest) -> None:
    _open_compare(app)
    _save(app, "=1+1")
    _set_users(app, 25)
    tab = _save(app, "<b>x</b> **y** :red[z]")
    assert_clean(app)
    assert _library(tab)["Scenario"].tolist() == ["=1+1", "<b>x</b> **y** :red[z]"]
    assert plain("<b>x</b> **y** :red[z]") in _texts(tab.subheader)
    assert list(_table(tab, "field").columns)[2:] == ["=1+1", "<b>x</b> **y** :red[z]"]
    spec = json.loads(tab.get("plotly_chart")[0].proto.spec)
    names = {t["name"] for t in spec["data"]}
    assert f"&lt;b&gt;x&lt;/b&gt; **y** :red[z]: {INHOUSE}" in names


@pytest.mark.parametrize(
    "text", ["<b>x</b>", "=1+1", "**bold** _it_", "[link](javascript:alert(1))", "a\nb", "\\"]
)
def test_plain_escapes_every_markdown_and_html_character(text: str) -> None:
    escaped = plain(text)
    assert "\n" not in escaped
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert unescaped == text.replace("\n", " ")
    # ( ) make a link only after an (escaped) ], and = a heading only on a line of its own.
    assert not re.search(r"(?<!\\)[<>*_\[\]`]", re.sub(r"\\\\", "", escaped))
