"""The groups of "All assumptions" are drawn only when picked, the plans table only while
open, and neither loses a value.

"All assumptions" is one picker: the group picked (or every group, when asked) is drawn, the
others cost the browser nothing (the page's cost was mostly widgets nobody looked
at, then the 22 closed groups' headers). What must not change: every field is in the
scenario whether its group is shown or not, a value typed into a group survives picking
another, and loading a preset, a file or a link sets the fields of hidden groups too; plans
typed into the table are compared while it is closed and are still there when it is opened
again.
"""

from __future__ import annotations

from collections.abc import Callable

from apptest_helpers import assert_clean, error_texts, metric_money, open_plans
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.fields import field_groups
from planner.model.fields import scenario_fields as field_specs
from planner.model.files import load_scenario, with_values
from planner.model.scenario import Scenario
from ui.page import PLANS_OPEN_KEY
from ui.sidebar import EVERY_GROUP, GROUP_KEY, KEY_INPUTS, group_id, group_id_of, sidebar_groups
from ui.state import PARAM_SCENARIO, decode_scenario, encode_scenario, typed_in_display

FIELD = "inhouse.sizing.log_days"  # in the group "In-house: Sizing"
KINDS = ("number_input", "slider", "selectbox", "checkbox", "text_input", "text_area")


def _field_widgets(at: AppTest) -> set[str]:
    return {
        str(w.key).removeprefix("field:")
        for kind in KINDS
        for w in at.get(kind)
        if str(w.key).startswith("field:")
    }


def _preset() -> Scenario:
    return load_scenario(preset_files()["default"])


def _shared(at: AppTest) -> Scenario:
    """The scenario the page puts in its link (the default preset when there is none)."""
    param = at.query_params.get(PARAM_SCENARIO)
    if not param:
        return _preset()
    return decode_scenario(param[-1] if isinstance(param, list) else param)


def _inhouse_tco(scenario: Scenario) -> float:
    return round(float(summarise(project_scenario(scenario)).tco[0, 0]))


def test_hidden_groups_draw_no_inputs_and_a_picked_group_draws_its_own(app: AppTest) -> None:
    assert _field_widgets(app) == set(KEY_INPUTS)
    picker = app.selectbox(key=GROUP_KEY)
    assert picker.value is None
    groups = [g for g in field_groups() if any(s.path not in KEY_INPUTS for s in g.fields)]
    assert picker.options == [
        *(
            f"{g.title} ({sum(s.path not in KEY_INPUTS for s in g.fields)} input"
            f"{'s' if sum(s.path not in KEY_INPUTS for s in g.fields) != 1 else ''})"
            for g in groups
        ),
        f"Every group ({len(groups)}, a longer page)",
    ]
    assert not [e for e in app.sidebar.expander if e.label in {g.title for g in groups}]
    sizing = next(g for g in groups if g.path == "inhouse.sizing")
    picker.select(group_id(sizing)).run()
    assert_clean(app)
    assert _field_widgets(app) == set(KEY_INPUTS) | {s.path for s in sizing.fields}
    assert sizing.summary in [c.value for c in app.sidebar.caption]
    hybrid = next(g for g in groups if g.path == "hybrid")
    app.selectbox(key=GROUP_KEY).select(group_id(hybrid)).run()
    assert _field_widgets(app) == set(KEY_INPUTS) | {s.path for s in hybrid.fields}


def test_every_group_at_once_draws_every_field(app: AppTest) -> None:
    app.selectbox(key=GROUP_KEY).select(EVERY_GROUP).run()
    assert_clean(app)
    assert _field_widgets(app) == set(field_specs())
    shown = [m.value for m in app.sidebar.markdown]
    assert [f"**{g.title}**" for g in sidebar_groups()] == [t for t in shown if t.startswith("**")]


def test_a_value_typed_into_a_group_survives_closing_it(app: AppTest) -> None:
    app.session_state[GROUP_KEY] = group_id_of(FIELD)
    app.run()
    app.number_input(key=f"field:{FIELD}").set_value(5.0).run()
    app.session_state[GROUP_KEY] = None
    app.run()
    assert FIELD not in _field_widgets(app)
    app.number_input(key="field:organisation.users").set_value(600).run()
    assert_clean(app)
    expected = with_values(_preset(), {FIELD: 5.0, "organisation.users": 600})
    assert _shared(app) == expected
    # In-house TCO changes with both values: 5 days of logs instead of 3, 600 users.
    assert metric_money(app, "In-house TCO") == _inhouse_tco(expected)
    app.session_state[GROUP_KEY] = group_id_of(FIELD)
    app.run()
    assert app.number_input(key=f"field:{FIELD}").value == 5.0


def test_a_preset_sets_the_fields_of_closed_groups(app: AppTest) -> None:
    app.selectbox(key="preset").select("enterprise_hot_dr").run()
    assert_clean(app)
    preset = load_scenario(preset_files()["enterprise_hot_dr"])
    assert preset.inhouse.licences.edition == "enterprise"
    assert app.session_state["field:inhouse.licences.edition"] == "enterprise"
    assert metric_money(app, "In-house TCO") == _inhouse_tco(preset)
    app.session_state[GROUP_KEY] = group_id_of("inhouse.licences.edition")
    app.run()
    assert app.selectbox(key="field:inhouse.licences.edition").value == "enterprise"


def test_a_link_sets_the_fields_of_closed_groups(new_app: Callable[[], AppTest]) -> None:
    linked = with_values(_preset(), {FIELD: 7.0, "finance.currency": "EUR"})
    at = new_app()
    at.query_params[PARAM_SCENARIO] = encode_scenario(linked)
    at.run()
    assert_clean(app := at)
    assert FIELD not in _field_widgets(app)
    shown = typed_in_display(linked)  # US dollar inputs shown in EUR: typed in EUR on screen
    assert shown.finance.input_currency == "EUR"
    assert _shared(app) == shown
    assert metric_money(app, "In-house TCO") == _inhouse_tco(linked) == _inhouse_tco(shown)


def test_every_field_outside_the_key_inputs_sits_in_exactly_one_group() -> None:
    grouped = [s.path for g in field_groups() for s in g.fields if s.path not in KEY_INPUTS]
    assert sorted(grouped) == sorted(set(field_specs()) - set(KEY_INPUTS))
    assert group_id_of(FIELD) == "inhouse.sizing"
    assert group_id_of("name") == "scenario"


QUOTE = {
    "provider": "WorldPosta",
    "plan": "Quote 2026",
    "price_per_user_month": 1.0,
    "mailbox_gb": 50.0,
    "attachment_mb": 50.0,
    "sla_pct": 99.95,
}


def _cheapest_hosted(scenario: Scenario) -> float:
    summary = summarise(project_scenario(scenario))
    return round(float(summary.tco[0, int(summary.cheapest[0])]))


def test_the_plans_table_is_drawn_only_while_open(app: AppTest) -> None:
    assert len(app.data_editor) == 0
    assert not app.query_params.get(PARAM_SCENARIO), "the preset's own plans are compared"
    open_plans(app)
    assert [d.key for d in app.data_editor] == ["plans_editor:0"]
    assert not app.query_params.get(PARAM_SCENARIO)


def test_plans_typed_in_survive_closing_and_reopening_the_table(app: AppTest) -> None:
    open_plans(app)
    key = app.data_editor[0].key
    edits = {"edited_rows": {0: {"price_per_user_month": 3.5}}, "added_rows": [QUOTE]}
    app.session_state[key] = {**edits, "deleted_rows": []}
    app.run()
    app.session_state[PLANS_OPEN_KEY] = False
    app.run()
    app.number_input(key="field:organisation.users").set_value(300).run()
    assert_clean(app)
    assert len(app.data_editor) == 0
    preset = _preset()
    plans = [p.model_dump() for p in preset.plans]
    plans[0]["price_per_user_month"] = 3.5
    expected = with_values(preset, {"organisation.users": 300, "plans": [*plans, QUOTE]})
    assert _shared(app) == expected
    assert metric_money(app, "Cheapest hosted TCO") == _cheapest_hosted(expected)
    open_plans(app)
    assert_clean(app)
    assert _shared(app) == expected
    shown = app.data_editor[0].value
    assert shown["price_per_user_month"].tolist()[0] == 3.5
    assert shown["plan"].tolist().count("Quote 2026") == 1
    # A row added after reopening is added once, however many runs follow (a browser sends
    # the table's edits, the added row among them, with every run).
    second = {**QUOTE, "plan": "Quote 2027", "price_per_user_month": 1.1}
    for users in (301, 302):
        app.session_state[app.data_editor[0].key] = {
            "edited_rows": {},
            "added_rows": [second],
            "deleted_rows": [],
        }
        app.number_input(key="field:organisation.users").set_value(users).run()
    assert_clean(app)
    again = with_values(expected, {"organisation.users": 302, "plans": [*plans, QUOTE, second]})
    assert _shared(app) == again


def test_a_bad_row_is_named_while_the_table_is_closed(app: AppTest) -> None:
    before = metric_money(app, "In-house TCO")
    open_plans(app)
    key = app.data_editor[0].key
    app.session_state[key] = {
        "edited_rows": {3: {"sla_pct": 80.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    app.session_state[PLANS_OPEN_KEY] = False
    app.run()
    assert not app.exception
    errors = error_texts(app)
    assert len(errors) == 1
    assert errors[0].startswith(
        "Plans table row 4 (Microsoft Exchange Online Plan 1): SLA availability (sla_pct)"
    )
    assert metric_money(app, "In-house TCO") == before
