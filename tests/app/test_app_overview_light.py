"""Issue 15: the Overview's waterfall (list price -> loaded cost) is drawn only while its
expander is open; its sentence is always there; the expander stays open across tab switches
and its chart follows the inputs."""

from __future__ import annotations

import json

from apptest_helpers import assert_clean
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario, with_values
from ui.views.overview import LOADED_COST_OPEN_KEY, LOADED_COST_TITLE

CHART = "chart:overview:loaded_cost"


def _waterfalls(at: AppTest) -> list[dict[str, object]]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(CHART)]


def _sentence(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption if "per user per month once" in str(c.value)]


def test_the_waterfall_is_drawn_only_while_its_expander_is_open(app: AppTest) -> None:
    assert LOADED_COST_TITLE in [e.label for e in app.expander]
    assert _waterfalls(app) == []
    assert len(_sentence(app)) == 1
    app.session_state[LOADED_COST_OPEN_KEY] = True
    app.run()
    assert_clean(app)
    assert len(_waterfalls(app)) == 1
    assert len(_sentence(app)) == 1
    app.session_state[LOADED_COST_OPEN_KEY] = False
    app.run()
    assert _waterfalls(app) == []


def test_the_open_expander_survives_a_tab_switch(app: AppTest) -> None:
    app.session_state[LOADED_COST_OPEN_KEY] = True
    app.run()
    app.session_state["view"] = "Costs by year"
    app.run()
    assert _waterfalls(app) == []  # only the open tab is drawn
    app.session_state["view"] = "Overview"
    app.run()
    assert_clean(app)
    assert len(_waterfalls(app)) == 1


def test_the_open_waterfall_follows_the_inputs(app: AppTest) -> None:
    """600 users: the in-house loaded cost is the engine's cost per user per month."""
    app.session_state[LOADED_COST_OPEN_KEY] = True
    app.number_input(key="field:organisation.users").set_value(600).run()
    assert_clean(app)
    (spec,) = _waterfalls(app)
    inhouse = spec["data"][0]  # type: ignore[index]
    s = summarise(project_scenario(with_values(default_scenario(), {"organisation.users": 600})))
    assert inhouse["y"][-1] == s.cost_per_user_month[0, 0]
