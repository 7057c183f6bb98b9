"""The region chooser: applying Egypt puts its defaults in pounds of Egypt and says what
changed; the undo brings the inputs back; the Assumptions tab shows each regional source.

Egypt (data/regions.toml): administrator 468,000 EGP; the server 12,000 USD x 47.13 =
565,560 EGP (data/currencies.toml)."""

from __future__ import annotations

from apptest_helpers import assert_clean
from streamlit.testing.v1 import AppTest

from ui.sidebar import REGION_KEY


def _apply(app: AppTest, key: str) -> None:
    app.selectbox(key=REGION_KEY).set_value(key).run()
    app.button(key="region:apply").click().run()


def test_applying_egypt_sets_its_defaults_and_says_so(app: AppTest) -> None:
    app.number_input(key="field:organisation.users").set_value(40).run()
    _apply(app, "eg")
    assert_clean(app)
    state = app.session_state
    assert state["field:staff.salary_per_fte_year"] == 468_000
    assert state["field:finance.currency"] == "EGP"
    assert state["field:organisation.users"] == 40  # what was typed is kept
    assert state["field:current.servers"] == 1  # 40 users: one server today
    said = " ".join(str(s.value) for s in app.sidebar.success)
    assert "Applied defaults for Egypt: administrator cost EGP 468,000" in said
    assert "converted from USD at 47.13 EGP per USD" in said


def test_the_undo_brings_the_inputs_back(app: AppTest) -> None:
    app.number_input(key="field:organisation.users").set_value(40).run()
    _apply(app, "eg")
    app.button(key="region:undo").click().run()
    assert_clean(app)
    state = app.session_state
    assert state["field:staff.salary_per_fte_year"] == 124_000
    assert state["field:finance.currency"] == "USD"
    assert state["field:organisation.users"] == 40
    assert state["field:current.servers"] == 2


def test_the_assumptions_tab_lists_the_regional_sources(app: AppTest) -> None:
    _apply(app, "ae")
    app.session_state["view"] = "Assumptions"
    app.run()
    assert_clean(app)
    table = app.tabs[5].dataframe[0].value
    assert table["Value"].tolist()[:2] == ["AED 390,000", "AED 0.44"]
    assert "DEWA slab tariff" in table["Source"].tolist()[1]


def test_the_picker_follows_the_scenario_loaded(app: AppTest) -> None:
    _apply(app, "in")
    assert app.selectbox(key=REGION_KEY).value == "in"
    app.button(key="region:undo").click().run()
    assert app.selectbox(key=REGION_KEY).value == ""  # the scenario before had none
    assert_clean(app)
