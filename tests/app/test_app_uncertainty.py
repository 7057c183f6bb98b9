"""The Uncertainty tab: ranges in use (editable), Monte Carlo, tornado and break-even map.

Expected numbers come from the engine's own API (``planner.simulate`` and co.) for the same
scenario, draws and seed, or are worked by hand (map axes, CSV columns, messages).
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from apptest_helpers import (
    apply_grid,
    assert_clean,
    edit_ranges,
    error_texts_as_read,
    metric_money,
    metric_text,
    open_plans,
    ranges_table,
)
from numpy.testing import assert_allclose, assert_array_equal
from streamlit.testing.v1 import AppTest

from planner.analyses.breakeven_map import breakeven_map, map_axis
from planner.analyses.sensitivity import breakeven_values, tornado
from planner.analyses.simulation import DEFAULT_DRAWS, DEFAULT_SEED, simulate
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, with_values
from planner.outputs.chart_style import short_names
from ui.results import breakeven_map_of, table_csv
from ui.state import decode_scenario
from ui.uncertainty_text import key_label, one_winner_sentence
from ui.views.uncertainty import (
    DRAWS_KEY,
    FAN_KEY,
    FAN_OPEN_KEY,
    FAN_TITLE,
    MAP_PAIR_DEFAULT,
    MAP_X_KEY,
    MAP_Y_KEY,
    SECTION_KEY,
    SEED_KEY,
    percentiles_display,
    savings_display,
)

PRESETS = list(preset_files())
TAB = "Uncertainty"
PERCENTILE_COLUMNS = (
    "scenario",
    "option",
    "draws",
    "seed",
    "tco_p10",
    "tco_p50",
    "tco_p90",
    "tco_mean",
    "p_cheapest",
    "p_fits",
    "saving_p10",
    "saving_p50",
    "saving_p90",
    "p_saving",
    "currency",
)
"""The columns of ``planner simulate --csv`` as docs/uncertainty.md documents them."""
TORNADO_COLUMNS = (
    "rank",
    "input",
    "label",
    "low",
    "mode",
    "high",
    "difference_at_low",
    "difference_at_high",
    "swing",
    "reference",
    "difference_at_mode",
    "currency",
)
MAP_VALUE_COLUMNS = (
    "cheapest",
    "inhouse_minus_best_hosted",
    "inhouse_minus_best_hosted_pct",
    "lead_over_second",
    "currency",
)
USERS_RANGE = {"field": "organisation.users", "low": 150.0, "mode": 200.0, "high": 400.0}


def _open(new_app: Callable[[], AppTest], stem: str = "default", **inputs: Any) -> AppTest:
    """The app on a preset with the Uncertainty tab open (and the given inputs set)."""
    at = new_app().run()
    if stem != PRESETS[0]:
        at.selectbox(key="preset").select(stem).run()
    at.session_state["view"] = TAB
    at.run()
    for key, value in inputs.items():
        at.number_input(key=key).set_value(value).run()
    return at


def _section(at: AppTest, name: str) -> AppTest:
    return at.segmented_control(key=SECTION_KEY).set_value(name).run()


def _charts(at: AppTest) -> dict[str, dict[str, Any]]:
    return {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def _array(value: Any) -> np.ndarray:
    """A Plotly JSON array: a list, or ``{"dtype", "bdata"}`` (base64 typed array)."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return np.asarray(value)


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table on the page with this column."""
    (table,) = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def _percentiles(at: AppTest) -> pd.DataFrame:
    return _table_with(at, "TCO P50")


# ---------------------------------------------------------------------------
# Every preset, every section
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("stem", PRESETS)
def test_every_section_renders_on_every_preset(new_app: Callable[[], AppTest], stem: str) -> None:
    at = _open(new_app, stem)
    assert_clean(at)
    assert set(_charts(at)) == {"chart:uncertainty:tco", "chart:uncertainty:cheapest"}
    assert FAN_TITLE in [e.label for e in at.expander]  # closed: the fan waits to be asked
    at.session_state[FAN_OPEN_KEY] = True  # as a person opening it
    at.run()
    assert_clean(at)
    assert set(_charts(at)) == {
        "chart:uncertainty:tco",
        "chart:uncertainty:cheapest",
        "chart:uncertainty:fan",
        "chart:uncertainty:savings",
    }
    scenario = load_scenario(preset_files()[stem])
    editor = ranges_table(at)
    assert editor["field"].tolist() == [r.field for r in scenario.uncertainty.ranges]
    assert editor["mode"].tolist() == [r.mode for r in scenario.uncertainty.ranges]
    assert {b.label for b in at.download_button} >= {
        "Download percentiles (.csv)",
        "Download fan (.csv)",
    }
    _section(at, "Sensitivity")
    assert_clean(at)
    assert "chart:uncertainty:tornado" in _charts(at)
    _section(at, "Break-even map")
    assert_clean(at)
    assert {"chart:uncertainty:map", "chart:uncertainty:map_pair"} <= set(_charts(at))


def test_the_fan_opens_on_request_and_stays_open_across_tabs(
    new_app: Callable[[], AppTest],
) -> None:
    """The fan and savings charts (two Plotly charts) are drawn only once asked for; once open they
    stay open (and keep the options picked) when the user leaves the tab and comes back."""
    at = _open(new_app)
    assert not at.multiselect, "closed: no options picker"
    at.session_state[FAN_OPEN_KEY] = True
    at.run()
    sim = simulate(load_scenario(preset_files()["default"]), DEFAULT_DRAWS, DEFAULT_SEED)
    at.multiselect(key=FAN_KEY).set_value([sim.options[0], sim.options[2]]).run()
    assert_clean(at)
    at.session_state["view"] = "Overview"
    at.run()
    assert "chart:uncertainty:fan" not in _charts(at)
    at.session_state["view"] = TAB
    at.run()
    assert {"chart:uncertainty:fan", "chart:uncertainty:savings"} <= set(_charts(at))
    assert at.multiselect(key=FAN_KEY).value == [sim.options[0], sim.options[2]]
    fan = _charts(at)["chart:uncertainty:fan"]
    shorts = short_names(sim.options)  # legends name options shortly
    names = {t["name"] for t in fan["data"] if t.get("name")}
    assert names >= {shorts[sim.options[0]], shorts[sim.options[2]]}
    at.session_state[FAN_OPEN_KEY] = False
    at.run()
    assert "chart:uncertainty:fan" not in _charts(at)


# ---------------------------------------------------------------------------
# Monte Carlo: the numbers on screen are the engine's for the same draws and seed
# ---------------------------------------------------------------------------


def test_the_monte_carlo_shows_the_engines_percentiles_and_chances(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, "enterprise_hot_dr", **{DRAWS_KEY: 2_000, SEED_KEY: 7})
    assert_clean(at)
    sim = simulate(load_scenario(preset_files()["enterprise_hot_dr"]), draws=2_000, seed=7)
    q = sim.percentiles()
    table = _percentiles(at)
    assert table["Option"].tolist() == list(sim.options)
    # money on screen in whole units; the CSV (below and in the browser test) keeps all digits
    assert_allclose(table["TCO P10"], q[0], atol=0.5, rtol=0)
    assert_allclose(table["TCO P50"], q[1], atol=0.5, rtol=0)
    assert_allclose(table["TCO P90"], q[2], atol=0.5, rtol=0)
    assert_allclose(table["Cheapest (%)"], 100 * sim.p_cheapest)
    assert_allclose(table["Fits (%)"], 100 * sim.p_fits)
    savings = _table_with(at, "Saving P50")
    assert savings["Plan"].tolist() == list(sim.options[1:])  # in-house: no saving vs itself
    assert_allclose(savings["Saving P50"], sim.savings_percentiles()[1], atol=0.5, rtol=0)
    assert_allclose(savings["Plan cheaper (%)"], 100 * sim.p_saving)
    assert metric_money(at, "In-house TCO, P50") == round(q[1, 0])
    assert metric_text(at, "Chance in-house is cheapest") == f"{100 * sim.p_cheapest[0]:.1f}%"
    # With plans priced at their expected availability, in-house is never the
    # cheapest in these draws; the metric must still show the engine's 0.0%.
    assert 0 <= sim.p_cheapest[0] < 0.05
    likeliest = sim.options[int(np.argmax(sim.p_cheapest))]
    assert metric_text(at, "Most often cheapest") == likeliest
    charts = _charts(at)
    (bars,) = charts["chart:uncertainty:cheapest"]["data"]
    assert_allclose(_array(bars["y"]), 100 * sim.p_cheapest)


def test_the_same_seed_keeps_the_numbers_and_another_changes_them(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 1_000, SEED_KEY: 3})
    first = _percentiles(at)
    at.session_state["view"] = "Overview"
    at.run()
    at.session_state["view"] = TAB
    at.run()
    assert at.number_input(key=DRAWS_KEY).value == 1_000  # kept across tab switches
    assert at.number_input(key=SEED_KEY).value == 3
    pd.testing.assert_frame_equal(_percentiles(at), first)

    at.number_input(key=SEED_KEY).set_value(4).run()
    other_seed = _percentiles(at)
    assert not np.allclose(other_seed["TCO P50"], first["TCO P50"])
    at.number_input(key=SEED_KEY).set_value(3).run()
    pd.testing.assert_frame_equal(_percentiles(at), first)

    at.number_input(key=DRAWS_KEY).set_value(1_500).run()
    assert_clean(at)
    more = _percentiles(at)
    assert not np.allclose(more["TCO P50"], first["TCO P50"])
    expected = simulate(load_scenario(preset_files()["default"]), draws=1_500, seed=3)
    assert_allclose(more["TCO P50"], expected.percentiles()[1], atol=0.5, rtol=0)


def test_the_draws_start_at_the_engines_defaults(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app)
    assert at.number_input(key=DRAWS_KEY).value == DEFAULT_DRAWS == 10_000
    assert at.number_input(key=SEED_KEY).value == DEFAULT_SEED
    assert at.number_input(key=DRAWS_KEY).max == 100_000
    assert at.segmented_control(key=SECTION_KEY).value == "Monte Carlo"


# ---------------------------------------------------------------------------
# The ranges table
# ---------------------------------------------------------------------------


def test_a_bad_range_shows_the_planners_message_and_keeps_the_ranges(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    shown = metric_money(at, "In-house TCO, P50")
    link = dict(at.query_params)
    # growth: low 0, mode 5, high 12; a mode of 13 is above the high
    edit_ranges(at, edited_rows={0: {"mode": 13.0}})
    assert not at.exception
    assert error_texts_as_read(at) == [
        "uncertainty.ranges[0].high = 12.0: below mode 13 in the range of "
        "organisation.growth_pct_per_year (need low <= mode <= high); allowed: a number"
    ]
    assert at.warning, "the tab says the figures use the last valid ranges"
    assert metric_money(at, "In-house TCO, P50") == shown
    assert dict(at.query_params) == link


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"field": "organisation.users", "low": 0.0, "mode": 200.0, "high": 400.0},
            "uncertainty.ranges[12].low = 0.0: outside organisation.users, which allows a whole "
            "number from 1 to 1,000,000",
        ),
        (
            {"field": "organisation.users", "low": 150.5, "mode": 200.0, "high": 400.0},
            "uncertainty.ranges[12].low = 150.5: organisation.users takes whole numbers only",
        ),
        (
            {"field": "organisation.users", "mode": 200.0},
            "Ranges table row 13 (organisation.users): low, high empty; a range needs a field "
            "and its low, most likely (mode) and high values",
        ),
        (
            {
                "field": "plans.price_per_user_month",
                "plan": "Nobody Nothing",
                "low": 1.0,
                "mode": 2.0,
                "high": 3.0,
            },
            "uncertainty.ranges[12] (plans.price_per_user_month[Nobody Nothing]): no plan named "
            "'Nobody Nothing'",
        ),
        (
            {"field": "organisation.growth_pct_per_year", "low": 1.0, "mode": 2.0, "high": 3.0},
            "more than one range for organisation.growth_pct_per_year; keep one each",
        ),
    ],
)
def test_an_added_bad_row_names_what_is_wrong(
    new_app: Callable[[], AppTest], row: dict[str, Any], message: str
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    edit_ranges(at, added_rows=[row])
    assert not at.exception
    errors = error_texts_as_read(at)
    assert len(errors) == 1, errors
    assert message in errors[0], errors[0]
    assert "\n" not in errors[0]


def test_a_good_range_flows_into_the_scenario_the_link_and_the_draws(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 1_000, SEED_KEY: 11})
    before = metric_money(at, "In-house TCO, P50")
    edit_ranges(at, added_rows=[USERS_RANGE])
    assert_clean(at)
    preset = load_scenario(preset_files()["default"])
    expected_scenario = with_values(
        preset,
        {"uncertainty.ranges": [*(r.model_dump() for r in preset.uncertainty.ranges), USERS_RANGE]},
    )
    sim = simulate(expected_scenario, draws=1_000, seed=11)
    assert metric_money(at, "In-house TCO, P50") == round(sim.percentiles()[1, 0])
    assert metric_money(at, "In-house TCO, P50") != before
    shared = decode_scenario(at.query_params["scenario"])
    assert shared.uncertainty == expected_scenario.uncertainty

    reopened = new_app()
    reopened.query_params.update(dict(at.query_params))
    reopened.run()
    reopened.session_state["view"] = TAB
    reopened.run()
    assert_clean(reopened)
    assert ranges_table(reopened)["field"].tolist()[-1] == "organisation.users"


def test_the_edited_ranges_survive_a_tab_switch(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    edit_ranges(at, added_rows=[USERS_RANGE])
    at.session_state["view"] = "Overview"
    at.run()
    at.session_state["view"] = TAB
    at.run()
    assert_clean(at)
    fields = ranges_table(at)["field"].tolist()
    assert fields.count("organisation.users") == 1
    assert len(fields) == 13  # 12 preset ranges (working share and staff exponent too) + 1


def test_an_applied_range_survives_other_inputs_changing(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    edit_ranges(at, added_rows=[USERS_RANGE])
    at.number_input(key="field:staff.salary_per_fte_year").set_value(130_000.0).run()
    assert_clean(at)
    assert ranges_table(at)["field"].tolist()[-1] == "organisation.users"
    shared = decode_scenario(at.query_params["scenario"])
    assert shared.staff.salary_per_fte_year == 130_000
    assert shared.uncertainty.ranges[-1].field == "organisation.users"


def test_a_range_on_a_plan_removed_from_the_plans_table_is_named(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    preset_fields = ranges_table(at)["field"].tolist()
    plan = "WorldPosta Basic (illustrative)"
    row = {
        "field": "plans.price_per_user_month",
        "plan": plan,
        "low": 2.0,
        "mode": 2.5,
        "high": 6.0,
    }
    edit_ranges(at, added_rows=[row])
    assert_clean(at)
    open_plans(at)
    apply_grid(at, "plans_editor:", deleted_rows=[0])
    assert not at.exception
    errors = error_texts_as_read(at)
    assert len(errors) == 1, errors
    assert errors[0].startswith(
        f"uncertainty.ranges[12] (plans.price_per_user_month[{plan}]): no plan named '{plan}'"
    )
    assert any("do not fit this scenario" in i.value for i in at.info)
    table = ranges_table(at)
    (added,) = (int(i) for i in table.index[table["plan"] == plan])  # after the preset's 12
    assert added == 12
    edit_ranges(at, deleted_rows=[added])  # delete that range: the draws run again
    assert_clean(at)
    assert ranges_table(at)["field"].tolist() == preset_fields  # only the added row went
    assert metric_text(at, "Most often cheapest")


def test_without_ranges_the_tab_explains_and_the_map_still_works(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    edit_ranges(at, deleted_rows=list(range(12)))
    assert_clean(at)
    assert "scenario" in at.query_params  # the default preset, ranges removed
    assert decode_scenario(at.query_params["scenario"]).uncertainty.ranges == ()
    assert any("no uncertainty ranges" in i.value for i in at.info)
    assert not [m for m in at.metric if m.label == "In-house TCO, P50"]
    _section(at, "Sensitivity")
    assert any("no uncertainty ranges" in i.value for i in at.info)
    _section(at, "Break-even map")
    assert_clean(at)
    assert {"chart:uncertainty:map", "chart:uncertainty:map_pair"} <= set(_charts(at))


# ---------------------------------------------------------------------------
# Sensitivity and the break-even map
# ---------------------------------------------------------------------------


def test_the_break_even_sentences_are_the_engines_in_the_sidebars_words(
    new_app: Callable[[], AppTest],
) -> None:
    """Inputs are named as in the sidebar, never by their field path."""
    at = _section(_open(new_app, "enterprise_hot_dr"), "Sensitivity")
    assert_clean(at)
    found = breakeven_values(load_scenario(preset_files()["enterprise_hot_dr"]))
    shown = re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in at.markdown))
    assert found  # the top inputs' sentences (with downtime priced, none of them crosses)
    for b in found:
        assert f"- {b.sentence(key_label(b.input.key, 'USD'))}" in shown
        assert b.input.key not in shown
    table = _table_with(at, "Swing")
    assert table["Rank"].tolist() == list(range(1, len(table) + 1))
    assert table["Swing"].is_monotonic_decreasing
    assert not any("." in name and " " not in name for name in table["Input"])
    assert "Headcount growth (%/year)" in set(table["Input"])


def test_a_map_with_one_winner_everywhere_says_so(new_app: Callable[[], AppTest]) -> None:
    """A one-colour map gets a sentence, not a puzzle."""
    at = _section(_open(new_app, "default"), "Break-even map")
    assert_clean(at)
    m = breakeven_map_of(default_scenario(), *MAP_PAIR_DEFAULT)
    expected = one_winner_sentence(
        m, "Administrator cost (USD/FTE/year)", "Headcount growth (%/year)"
    )
    assert expected is not None  # salary x growth: hosted wins every cell of the default
    infos = [re.sub(r"\\(.)", r"\1", str(i.value)) for i in at.info]
    assert expected in infos


def test_the_map_of_a_chosen_pair_uses_the_grids_worked_by_hand(
    new_app: Callable[[], AppTest],
) -> None:
    at = _section(_open(new_app), "Break-even map")
    at.selectbox(key=MAP_X_KEY).select("inhouse.servers.price").run()
    at.selectbox(key=MAP_Y_KEY).select("inhouse.servers.spare_servers").run()
    assert_clean(at)
    heat = _charts(at)["chart:uncertainty:map_pair"]["data"][0]
    x, y = _array(heat["x"]), _array(heat["y"])
    # server price 12,000: a quarter to four times, 25 log-spaced values (16-fold span)
    assert len(x) == 25
    assert x[0] == pytest.approx(3_000)
    assert x[12] == pytest.approx(12_000)
    assert x[-1] == pytest.approx(48_000)
    # spare servers 0 (whole numbers, bounds 0-16): a field at 0 runs from its lower bound to
    # 100 above it, cut at its upper bound: every whole number 0 to 16
    assert_array_equal(y, list(range(17)))
    scenario = load_scenario(preset_files()["default"])
    m = breakeven_map(scenario, "inhouse.servers.price", x, "inhouse.servers.spare_servers", y)
    z = (
        np.asarray(heat["z"], dtype=float)
        if not isinstance(heat["z"], dict)
        else _array(heat["z"]).reshape(m.margin_pct.shape)
    )
    assert_allclose(z, m.margin_pct)


def test_the_same_field_twice_asks_for_two_fields(new_app: Callable[[], AppTest]) -> None:
    at = _section(_open(new_app), "Break-even map")
    at.selectbox(key=MAP_Y_KEY).select("staff.salary_per_fte_year").run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Pick two different inputs for the map."]
    assert "chart:uncertainty:map" in _charts(at)


def test_the_section_is_remembered_across_tab_switches(new_app: Callable[[], AppTest]) -> None:
    at = _section(_open(new_app), "Break-even map")
    at.selectbox(key=MAP_X_KEY).select("inhouse.servers.price").run()
    at.session_state["view"] = "Overview"
    at.run()
    at.session_state["view"] = TAB
    at.run()
    assert at.segmented_control(key=SECTION_KEY).value == "Break-even map"
    assert at.selectbox(key=MAP_X_KEY).value == "inhouse.servers.price"


# ---------------------------------------------------------------------------
# Pure parts: map axes and CSV tables
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "first", "last", "count"),
    [
        ("organisation.users", 10, 20_000, 50),  # the map's default headcounts
        ("organisation.horizon_years", 1, 15, 15),
        ("organisation.growth_pct_per_year", 1.25, 20.0, 25),  # 5 / 4 to 5 x 4
        ("inhouse.disaster_recovery.availability_backup_only_pct", 90.0, 100.0, 25),  # clipped
        ("inhouse.storage.raid_overhead_pct", 0.0, 100.0, 25),  # value 0: bound to 100 above
        ("inhouse.servers.refresh_years", 1, 15, 15),  # 1.25 to 20 -> every year 1 to 15
    ],
)
def test_map_axes_span_a_quarter_to_four_times_the_value_within_bounds(
    field: str, first: float, last: float, count: int
) -> None:
    axis = map_axis(default_scenario(), field)
    assert axis[0] == pytest.approx(first)
    assert axis[-1] == pytest.approx(last)
    assert len(axis) == count
    assert np.all(np.diff(axis) > 0)


def test_the_availability_axis_is_linear_and_growth_is_logarithmic() -> None:
    availability = map_axis(default_scenario(), "inhouse.disaster_recovery.availability_none_pct")
    assert_allclose(np.diff(availability), 10 / 24)
    growth = map_axis(default_scenario(), "organisation.growth_pct_per_year")
    assert_allclose(growth[1:] / growth[:-1], 16 ** (1 / 24))


def test_the_csv_tables_have_the_command_lines_columns() -> None:
    scenario = with_values(default_scenario(), {"name": "=HYPERLINK(1)"})
    scenario = with_values(scenario, {"uncertainty.ranges": [USERS_RANGE]})
    sim = simulate(scenario, draws=200, seed=1)
    table = pd.read_csv(io.BytesIO(table_csv(sim.percentile_table())))
    assert tuple(table.columns) == PERCENTILE_COLUMNS
    assert set(table["scenario"]) == {"'=HYPERLINK(1)"}  # inert in a spreadsheet
    assert table["p_cheapest"].sum() == pytest.approx(1.0)
    assert_allclose(table["tco_p50"], sim.percentiles()[1], rtol=1e-12)
    tornado_table = pd.read_csv(io.BytesIO(table_csv(tornado(scenario).table())))
    assert tuple(tornado_table.columns) == TORNADO_COLUMNS
    m = breakeven_map(scenario)
    map_table = pd.read_csv(io.BytesIO(table_csv(m.table())))
    assert tuple(map_table.columns) == (
        "organisation.users",
        "organisation.horizon_years",
        *MAP_VALUE_COLUMNS,
    )
    assert len(map_table) == 50 * 15


def test_the_percentiles_shown_are_the_table_in_percent() -> None:
    scenario = with_values(default_scenario(), {"uncertainty.ranges": [USERS_RANGE]})
    sim = simulate(scenario, draws=300, seed=2)
    shown = percentiles_display(sim.percentile_table())
    assert_allclose(shown["Cheapest (%)"], 100 * sim.p_cheapest)
    assert_allclose(shown["Fits (%)"], 100 * sim.p_fits)
    assert shown["Option"].tolist() == list(sim.options)
    savings = savings_display(sim.percentile_table())
    assert savings["Plan"].tolist() == list(sim.options[1:])
    assert np.isfinite(savings.select_dtypes("number").to_numpy()).all()
    assert_allclose(savings["Plan cheaper (%)"], 100 * sim.p_saving)


# ---------------------------------------------------------------------------
# The ranges follow the inputs; the figure as entered is marked
# ---------------------------------------------------------------------------


def test_the_ranges_follow_the_growth_typed_in_the_sidebar(new_app: Callable[[], AppTest]) -> None:
    """Growth 5 -> 10: the preset's growth range 0 / 5 / 12 moves by 5 points to 5 / 10 / 17,
    so the Monte Carlo centres on the Overview's scenario, and its TCO chart marks the
    Overview's figures."""
    at = _open(new_app, **{DRAWS_KEY: 1_000})
    at.slider(key="field:organisation.growth_pct_per_year").set_value(10.0).run()
    assert_clean(at)
    table = ranges_table(at)
    growth = table[table["field"] == "organisation.growth_pct_per_year"].iloc[0]
    assert (growth["low"], growth["mode"], growth["high"]) == (5.0, 10.0, 17.0)
    assert not bool(growth["pinned"])
    preset = load_scenario(preset_files()["default"])
    scenario = with_values(preset, {"organisation.growth_pct_per_year": 10.0})
    assert scenario.uncertainty.ranges[0].mode == 10.0
    sim = simulate(scenario, draws=1_000, seed=DEFAULT_SEED)
    assert metric_money(at, "In-house TCO, P50") == round(sim.percentiles()[1, 0])
    entered = summarise(project_scenario(scenario)).tco[0]
    tco_chart = _charts(at)["chart:uncertainty:tco"]["data"]
    (diamonds,) = [t for t in tco_chart if t.get("name") == "inputs as entered (Overview)"]
    by_option = dict(zip(diamonds["y"], diamonds["x"], strict=True))
    assert by_option["In-house Exchange"] == pytest.approx(entered[0])
    # the draws now straddle the Overview's in-house TCO
    q = sim.percentiles()
    assert q[0, 0] < entered[0] < q[2, 0]
    assert not any("pinned ranges, which centre" in str(c.value) for c in at.caption)


def test_a_pinned_range_keeps_its_numbers_when_the_input_changes(
    new_app: Callable[[], AppTest],
) -> None:
    at = _open(new_app, **{DRAWS_KEY: 500})
    edit_ranges(at, edited_rows={0: {"pinned": True}})
    assert_clean(at)
    at.slider(key="field:organisation.growth_pct_per_year").set_value(10.0).run()
    assert_clean(at)
    growth = ranges_table(at).iloc[0]
    assert (growth["low"], growth["mode"], growth["high"], bool(growth["pinned"])) == (
        0.0,
        5.0,
        12.0,
        True,
    )
    shared = decode_scenario(at.query_params["scenario"])
    assert shared.uncertainty.ranges[0].pinned is True
    # the caption says the pinned range centres on its own most likely value, not the input
    assert any(
        "Headcount growth (%/year): most likely 5 %/year, input 10 %/year" in str(c.value)
        for c in at.caption
    )
