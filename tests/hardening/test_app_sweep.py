"""Every widget of the app at its minimum and its maximum (AppTest): nothing breaks, no
number is NaN or infinite, and every value is either used or refused with a message naming it.

The widgets are not listed here: they are read from the app's own element tree after a run,
by key, on every tab, so a widget added later is swept too. Kinds swept: number inputs,
sliders, select sliders, selectboxes, radios, segmented controls and pills, checkboxes,
toggles and multiselects. Their ends: minimum and maximum; every option of a selectbox, radio
or segmented control (at most ``MAX_OPTIONS``, evenly spread, first and last included); both
states of a checkbox; none and all of a multiselect. A widget that appears only once another
is set (a section picker) is swept with that setting in place. The preset picker is not swept
as a widget: each preset in ``SWEPT_PRESETS`` is opened instead. The groups of "All
assumptions" draw their inputs only when picked and the plans table only while open, so every
group is picked (the picker's "Every group") and the table opened first.

For a scenario field (key ``field:<dotted path>``) the app must agree with the model: a value
``with_values`` accepts is the value in the scenario the page shares in its link, and the
In-house metrics equal the engine's numbers for that scenario; a value the model refuses shows
an ``st.error`` naming the field, and the last valid numbers stay. For every widget: no
exception, no ``nan``/``inf`` in a metric, no NaN or infinity in a displayed table.

Runs (about 60 ms each, a Monte Carlo one more): on the default preset every widget is set
alone, one run each (the previous one put back in the same run), the sidebar's on the
Overview and each tab's own on its tab. On every preset swept and every tab, the sidebar's
ends are also set together, a few runs per tab (all minimums, all maximums, ...; only values
the model accepts alone), and a failing run is bisected down to the settings that break it.
The plans table's numeric columns are swept at their bounds and just past them.
"""

from __future__ import annotations

import base64
import json
import math
import re
import zlib
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.field_errors import bounds
from planner.model.fields import plan_spec
from planner.model.fields import scenario_fields as field_specs
from planner.model.files import from_data, load_scenario, with_values
from planner.model.scenario import Plan, Scenario
from ui import STRICT_ENV
from ui.page import PLANS_OPEN_KEY
from ui.sidebar import EVERY_GROUP, GROUP_KEY
from ui.state import PARAM_PRESET, PARAM_SCENARIO, PRESET_KEY, VIEW_KEY
from ui.views import overview
from ui.views.uncertainty import FAN_OPEN_KEY

APP_FILE = Path(__file__).resolve().parents[2] / "app.py"
RUN_TIMEOUT_S = 120.0
SWEPT_PRESETS = ("default", "enterprise_hot_dr")
SWEPT_KINDS = (
    "number_input",
    "slider",
    "select_slider",
    "selectbox",
    "radio",
    "button_group",
    "checkbox",
    "toggle",
    "multiselect",
)
NOT_SWEPT = {PRESET_KEY, GROUP_KEY}
"""The preset picker replaces every input: each preset in SWEPT_PRESETS is opened instead.
The group picker only shows or hides inputs: every group is shown (``EVERY_GROUP``)."""
MAX_OPTIONS = 12
"""Options of one selectbox tried at most (a field picker lists ~80, each a new map)."""
FIELD_PREFIX = "field:"
NOT_A_NUMBER = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
MONEY = re.compile(r"[A-Z]{3} (-?[\d,]+(?:\.\d+)?)")
CHECKED_METRICS = {
    # metric label -> the engine's number for it (summary, option 0 = in-house)
    "In-house TCO": lambda s: float(s.tco[0, 0]),
    "In-house per user per month": lambda s: float(s.cost_per_user_month[0, 0]),
}
PLAN_NUMBERS = tuple(
    name
    for name, info in Plan.model_fields.items()
    if bounds(info).low is not None or bounds(info).high is not None
)


@pytest.fixture(autouse=True)
def _strict_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Unexpected exceptions reach ``at.exception`` instead of a friendly message."""
    monkeypatch.setenv(STRICT_ENV, "1")
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _open(preset: str) -> AppTest:
    """The app on ``preset`` with every group of "All assumptions" picked, the plans table
    and the Monte Carlo's fan opened (hidden, they draw nothing), so every widget is on the
    page."""
    at = AppTest.from_file(str(APP_FILE), default_timeout=RUN_TIMEOUT_S)
    if preset != next(iter(preset_files())):
        at.query_params[PARAM_PRESET] = preset
    at.session_state[GROUP_KEY] = EVERY_GROUP
    at.session_state[FAN_OPEN_KEY] = True  # the Monte Carlo's fan and its options picker
    at.session_state[PLANS_OPEN_KEY] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[PRESET_KEY] == preset
    return at


# ---------------------------------------------------------------------------
# Widgets and their ends, read from the page
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One widget set to one value (as the widget takes it: a label for a selectbox)."""

    kind: str
    key: str
    label: str
    value: Any

    @property
    def path(self) -> str | None:
        """The scenario field behind the widget, or None for a widget of a view."""
        return self.key.removeprefix(FIELD_PREFIX) if self.key.startswith(FIELD_PREFIX) else None

    def __str__(self) -> str:
        return f"{self.key} = {self.value!r}"


def _page_widgets(at: AppTest) -> dict[str, Any]:
    """Every swept widget on the page now, by key; a widget without a key fails the test."""
    found: dict[str, Any] = {}
    for kind in SWEPT_KINDS:
        for widget in at.get(kind):
            assert widget.key, f"a {kind} without a key ({widget.label!r}): every widget needs one"
            if widget.key not in NOT_SWEPT:
                found[widget.key] = widget
    return found


def _spread(options: list[Any]) -> list[Any]:
    if len(options) <= MAX_OPTIONS:
        return options
    picks = np.linspace(0, len(options) - 1, MAX_OPTIONS).round().astype(int)
    return [options[i] for i in sorted(set(picks.tolist()))]


def _ends(widget: Any) -> list[Any]:
    """The values a widget is swept through."""
    kind = widget.type
    if kind == "number_input":
        cast = int if isinstance(widget.value, int) else float
        spec = field_specs().get(str(widget.key).removeprefix("field:"))
        # The scenario's inputs carry no min/max in the browser (the model refuses a value
        # and the page says its results are out of date): sweep them to the model's ends.
        widget_low = widget.min if spec is None else spec.low
        widget_high = widget.max if spec is None else spec.high
        low = -1e15 if widget_low is None else widget_low
        high = 1e15 if widget_high is None else widget_high
        return [cast(low), cast(high)]
    if kind == "slider":
        return [widget.min, widget.max]
    if kind == "select_slider":
        return [widget.options[0], widget.options[-1]]
    if kind in ("selectbox", "radio"):
        return _spread(list(widget.options))
    if kind == "button_group" and widget._is_single_select:
        return _spread(list(widget.options))
    if kind in ("checkbox", "toggle"):
        return [True, False]
    if kind in ("multiselect", "button_group"):
        most = getattr(widget.proto, "max_selections", 0) or len(widget.options)
        return [[], list(widget.options)[:most]]
    raise AssertionError(f"no ends for a {kind}")


def _settings_of(key: str, widget: Any) -> list[Setting]:
    return [Setting(widget.type, key, str(widget.label), v) for v in _ends(widget)]


def _current(key: str, widget: Any) -> Setting:
    return Setting(widget.type, key, str(widget.label), widget.value)


def _set(at: AppTest, settings: Sequence[Setting]) -> None:
    """Set widgets for the next run (those not on the page now are left alone)."""
    on_page = _page_widgets(at)
    for s in settings:
        if s.key in on_page:
            getattr(at, s.kind)(key=s.key).set_value(s.value)


def _open_tab(at: AppTest, tab: str) -> None:
    at.session_state[VIEW_KEY] = tab
    at.run()


# ---------------------------------------------------------------------------
# What the page must show
# ---------------------------------------------------------------------------


def _bad_numbers(at: AppTest) -> list[str]:
    """Metrics and displayed tables holding NaN, infinity or their names."""
    bad = []
    for metric in at.metric:
        bad += [
            f"metric {metric.label!r} shows {part!r}"
            for part in (metric.value, metric.delta)
            if part is not None and NOT_A_NUMBER.search(str(part))
        ]
        if not metric.value:
            bad.append(f"metric {metric.label!r} shows nothing")
    for table in at.dataframe:
        if table.editing_mode != "read_only":
            continue  # an input table: an empty cell there means "none"
        frame: pd.DataFrame = table.value
        name = table.key or ", ".join(map(str, frame.columns[:3]))
        numbers = frame.select_dtypes("number")
        columns = [c for c in numbers if not np.isfinite(numbers[c].to_numpy(np.float64)).all()]
        if columns:
            bad.append(f"table {name!r}: NaN or infinity in {columns}")
        for column in frame.columns.difference(numbers.columns):
            for cell in frame[column]:
                if cell is None or (isinstance(cell, float) and math.isnan(cell)):
                    bad.append(f"table {name!r}: an empty cell in {column!r}")
                    break
                if isinstance(cell, str) and NOT_A_NUMBER.search(cell):
                    bad.append(f"table {name!r}: {column!r} shows {cell!r}")
                    break
    return bad


def _errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def _scenario_on_screen(at: AppTest, preset: Scenario) -> Scenario:
    """The scenario the page shares in its link (the preset when the link holds none)."""
    param = at.query_params.get(PARAM_SCENARIO)
    if not param:
        return preset
    text = param[-1] if isinstance(param, list) else param
    raw = zlib.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    return from_data(json.loads(raw), "link")


def _value_at(scenario: Scenario, path: str) -> Any:
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _money(text: str) -> float:
    match = MONEY.fullmatch(text.strip())
    assert match, f"not a money value: {text!r}"
    return float(match.group(1).replace(",", ""))


def _metrics_match_engine(at: AppTest, scenario: Scenario) -> list[str]:
    summary = summarise(project_scenario(scenario))
    shown = {m.label: m.value for m in at.metric}
    out = []
    for label, number in CHECKED_METRICS.items():
        if label not in shown:
            continue  # another tab is open
        expected = number(summary)
        if abs(_money(shown[label]) - expected) > max(0.5 + 1e-9, 1e-12 * abs(expected)):
            out.append(f"metric {label!r} shows {shown[label]!r}, the engine says {expected:,.2f}")
    return out


def _model_accepts(scenario: Scenario, path: str, value: Any) -> bool:
    try:
        with_values(scenario, {path: value})
    except ScenarioValueError:
        return False
    return True


def _check_one(
    at: AppTest, setting: Setting, preset: Scenario, known: Sequence[str] = ()
) -> list[str]:
    """Problems with the page after ``setting`` was applied (``known``: already reported)."""
    if at.exception:
        return [f"{setting}: exception {[e.value for e in at.exception]}"]
    problems = [f"{setting}: {p}" for p in _bad_numbers(at) if p not in known]
    errors = _errors(at)
    path = setting.path
    if path is None:  # a view's own widget: an error must at least name it
        return problems + [
            f"{setting}: error not naming the input: {e!r}"
            for e in errors
            if setting.label not in e and setting.key not in e
        ]
    value = getattr(at, setting.kind)(key=setting.key).value  # as the app holds it
    accepted = _model_accepts(preset, path, value)
    if errors:
        if accepted:
            problems.append(f"{setting}: the model accepts it but the page says {errors}")
        problems += [f"{setting}: error not naming {path}: {e!r}" for e in errors if path not in e]
        # The numbers stay those of the last valid scenario (still the one in the link).
        last_valid = _scenario_on_screen(at, preset)
        return problems + [f"{setting}: {p}" for p in _metrics_match_engine(at, last_valid)]
    if not accepted:
        return [*problems, f"{setting}: the model refuses it but the page shows no error"]
    shown = _scenario_on_screen(at, preset)
    if _value_at(shown, path) != value:
        problems.append(f"{setting}: the scenario on screen has {_value_at(shown, path)!r}")
    return problems + [f"{setting}: {p}" for p in _metrics_match_engine(at, shown)]


# ---------------------------------------------------------------------------
# The sweeps
# ---------------------------------------------------------------------------


def _sweep_alone(at: AppTest, preset: Scenario, skip: set[str]) -> tuple[list[str], set[str]]:
    """Each end of each widget on the page (but ``skip``), alone, one run each.

    The widget swept before is put back in the same run. A widget that appears after a
    setting is swept later with that setting in place (its context). Returns the problems
    and the keys swept.
    """
    problems: list[str] = []
    baseline = _bad_numbers(at)  # reported once, not after every setting
    problems += [f"as loaded: {p}" for p in baseline]
    seen = set(skip)
    originals: dict[str, Setting] = {}
    todo: deque[tuple[tuple[Setting, ...], str]] = deque()

    def discover(context: tuple[Setting, ...]) -> None:
        for key, widget in _page_widgets(at).items():
            if key not in seen:
                seen.add(key)
                originals[key] = _current(key, widget)
                todo.append((context, key))

    discover(())
    changed: list[Setting] = []  # originals of the widgets to put back
    while todo:
        context, key = todo.popleft()
        first: list[Setting] = changed
        if context:
            for step in context:
                _set(at, [*changed, step])
                changed = []
                at.run()
            first = []
        widget = _page_widgets(at).get(key)
        if widget is None and first:  # the widget put back hid it: run once, look again
            _set(at, first)
            first = []
            at.run()
            widget = _page_widgets(at).get(key)
        if widget is None:
            problems.append(f"{key}: gone after {', '.join(map(str, context)) or 'a rerun'}")
            continue
        for setting in _settings_of(key, widget):
            _set(at, [*first, setting])
            first = []
            at.run()
            problems += _check_one(at, setting, preset, baseline)
            discover((*context, setting))
        changed = [originals[key], *(originals[c.key] for c in context)]
    _set(at, changed)
    at.run()
    return problems, seen - skip


def _batches(widgets: dict[str, Any], preset: Scenario) -> list[list[Setting]]:
    """Run j sets every widget to its j-th end (cycling): all minimums, all maximums, ...

    Only numbers the model accepts alone go in (refusals are swept alone, on the Overview);
    every option of a selectbox and both states of a checkbox are valid by construction.
    """
    per_widget = []
    for key, widget in widgets.items():
        kept = [
            s
            for s in _settings_of(key, widget)
            if s.path is None
            or not isinstance(s.value, (int, float))
            or isinstance(s.value, bool)
            or _model_accepts(preset, s.path, s.value)
        ]
        if kept:
            per_widget.append(kept)
    count = max((len(ends) for ends in per_widget), default=0)
    return [[ends[j % len(ends)] for ends in per_widget] for j in range(count)]


def _batch_problems(
    at: AppTest,
    batch: Sequence[Setting],
    originals: Sequence[Setting],
    tab: str,
    preset: Scenario,
    known: Sequence[str] = (),
) -> list[str]:
    """Problems with ``tab`` once every widget is put back and ``batch`` is set (but those
    in ``known``, found with every widget as loaded and reported once)."""
    _set(at, [*originals, *batch])
    _open_tab(at, tab)
    if at.exception:
        return [f"exception {[e.value for e in at.exception]}"]
    problems = [p for p in _bad_numbers(at) if p not in known]
    problems += [f"error {e!r}" for e in _errors(at)]
    if problems:
        return problems
    shown = _scenario_on_screen(at, preset)
    for s in batch:
        if s.path is not None:
            value = getattr(at, s.kind)(key=s.key).value
            if _value_at(shown, s.path) != value:
                problems.append(f"{s}: the scenario on screen has {_value_at(shown, s.path)!r}")
    return problems + _metrics_match_engine(at, shown)


def _culprits(
    at: AppTest,
    batch: list[Setting],
    originals: Sequence[Setting],
    tab: str,
    preset: Scenario,
    known: Sequence[str],
) -> tuple[list[Setting], list[str]]:
    """The smallest part of a failing batch that still fails (bisection), and its problems."""
    problems = _batch_problems(at, batch, originals, tab, preset, known)
    if not problems or len(batch) == 1:
        return batch, problems
    half = len(batch) // 2
    for part in (batch[:half], batch[half:]):
        if _batch_problems(at, part, originals, tab, preset, known):
            return _culprits(at, part, originals, tab, preset, known)
    return batch, problems  # only the combination fails


@pytest.mark.parametrize("preset", SWEPT_PRESETS)
def test_every_tab_with_the_inputs_at_their_ends_together(preset: str) -> None:
    """On every tab, all inputs at once at their minimums, their maximums, ... (a few runs
    per tab), bisected down to the settings that break a failing run."""
    at = _open(preset)
    scenario = load_scenario(preset_files()[preset])
    widgets = _page_widgets(at)
    originals = [_current(k, w) for k, w in widgets.items()]
    batches = _batches(widgets, scenario)
    assert len(batches) >= 2
    problems: list[str] = []
    for index, tab in enumerate([t.label for t in at.tabs]):
        as_loaded = _batch_problems(at, [], originals, tab, scenario)
        problems += [f"{tab}, as loaded: {p}" for p in as_loaded]
        for batch in batches:
            if _batch_problems(at, batch, originals, tab, scenario, as_loaded):
                culprits, found = _culprits(at, batch, originals, tab, scenario, as_loaded)
                problems.append(f"{tab}: {'; '.join(found)} with {', '.join(map(str, culprits))}")
            elif len(at.tabs[index].children) == 0:
                problems.append(f"{tab}: drew nothing with {', '.join(map(str, batch))}")
    assert not problems, "\n".join(problems)


def test_every_widget_alone_at_each_end() -> None:
    """The default preset: every input alone on the Overview, then each tab's own inputs on
    their tab (one run per setting)."""
    at = _open(SWEPT_PRESETS[0])
    scenario = load_scenario(preset_files()[SWEPT_PRESETS[0]])
    page_wide = _page_widgets(at)  # the sidebar's inputs (and the Overview's own, if any)
    fields = [k for k in page_wide if k.startswith(FIELD_PREFIX)]
    assert len(fields) >= 80, f"only {len(fields)} field widgets found: {sorted(page_wide)}"
    problems, swept = _sweep_alone(at, scenario, set())
    tabs = [t.label for t in at.tabs]
    assert len(tabs) >= 6, tabs
    for tab in tabs[1:]:
        _open_tab(at, tab)
        found, more = _sweep_alone(at, scenario, swept)
        problems += [f"{tab}: {p}" for p in found]
        swept |= more
    assert not problems, "\n".join(problems)


def _plan_values(name: str) -> list[Any]:
    """A plan column's bounds and just past them."""
    b = bounds(Plan.model_fields[name])
    whole = Plan.model_fields[name].annotation in (int, int | None)
    step = 1 if whole else 0.01
    out = []
    for edge, sign in ((b.low, -1), (b.high, 1)):
        if edge is not None:
            out += [edge, edge + sign * step]
    return [int(v) if whole else float(v) for v in out]


def test_every_plan_column_at_its_bounds_and_just_past() -> None:
    at = _open("default")
    scenario = load_scenario(preset_files()["default"])
    key = at.data_editor[0].key
    first = scenario.plans[0]
    problems: list[str] = []
    for name in PLAN_NUMBERS:
        for value in _plan_values(name):
            setting = f"plans table row 1 {name} = {value!r}"
            at.session_state[key] = {
                "edited_rows": {0: {name: value}},
                "added_rows": [],
                "deleted_rows": [],
            }
            at.run()
            if at.exception:
                problems.append(f"{setting}: exception {[e.value for e in at.exception]}")
                continue
            problems += [f"{setting}: {p}" for p in _bad_numbers(at)]
            try:
                Plan.model_validate({**first.model_dump(), name: value})
                accepted = True
            except ValidationError:
                accepted = False
            errors = _errors(at)
            if not accepted:
                title = plan_spec(name).title
                where = f"Plans table row 1 ({first.label}): {title} ({name}) = "
                if not any(e.startswith(where) for e in errors):
                    problems.append(f"{setting}: refused by the model; the page says {errors}")
                continue
            if errors:
                problems.append(f"{setting}: accepted by the model; the page says {errors}")
                continue
            shown = _scenario_on_screen(at, scenario)
            if getattr(shown.plans[0], name) != value:
                problems.append(
                    f"{setting}: the scenario on screen has {getattr(shown.plans[0], name)!r}"
                )
            problems += [f"{setting}: {p}" for p in _metrics_match_engine(at, shown)]
    assert not problems, "\n".join(problems)


def test_the_checks_tell_a_refusal_from_a_change_and_catch_wrong_numbers() -> None:
    """The sweep's checks can fail: a refused value, a used value and wrong numbers differ."""
    at = _open("default")
    scenario = load_scenario(preset_files()["default"])
    key = "field:inhouse.sizing.megacycles_active_per_message"
    refused = Setting("number_input", key, "", 0.0)  # the input allows 0, the model does not
    _set(at, [refused])
    at.run()
    assert _check_one(at, refused, scenario) == []
    assert any(f"({refused.path}) = 0.0" in e for e in _errors(at))
    used = Setting("number_input", "field:organisation.users", "", 1_000_000)
    _set(at, [Setting("number_input", key, "", 0.0597), used])
    at.run()
    assert _check_one(at, used, scenario) == []
    assert _scenario_on_screen(at, scenario).organisation.users == 1_000_000
    # The same page judged against a scenario it does not show is caught.
    other = with_values(scenario, {"organisation.users": 999_999})
    assert _metrics_match_engine(at, other)


def test_a_planted_fault_is_found_and_bisected_to_its_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A view that shows ``nan`` for one user only: the batched sweep finds it and names
    exactly the setting that causes it."""
    shown = overview.money

    def faulty(amount: float, currency: str) -> str:
        one_user = st.session_state.get("field:organisation.users") == 1
        return f"{currency} nan" if one_user else shown(amount, currency)

    monkeypatch.setattr(overview, "money", faulty)
    at = _open("default")
    scenario = load_scenario(preset_files()["default"])
    widgets = _page_widgets(at)
    originals = [_current(k, w) for k, w in widgets.items()]
    minimums = _batches(widgets, scenario)[0]
    assert _batch_problems(at, [], originals, "Overview", scenario) == []
    culprits, found = _culprits(at, minimums, originals, "Overview", scenario, [])
    assert [str(c) for c in culprits] == ["field:organisation.users = 1"]
    assert "metric 'In-house TCO' shows 'USD nan'" in found
