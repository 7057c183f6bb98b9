"""The sidebar: preset, scenario file in and out, key inputs, and every other assumption.

Every input is generated from the field registry (:mod:`planner.model.fields`): its label
carries the unit, its bounds are the model's, its help is the model's description plus the default's
source, basis and date. Widget keys are ``field:<dotted path>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from planner.errors import PlannerError
from planner.model.currencies import converted_amount, rate_in_use, rates_note
from planner.model.defaults import assumptions
from planner.model.fields import (
    FieldGroup,
    FieldSpec,
    field_groups,
    help_text,
    label,
    number_format,
    number_step,
    scenario_fields,
)
from planner.model.files import MAX_SCENARIO_BYTES
from planner.model.regions import applied_text, apply_region, regions
from planner.model.scenario import Scenario
from ui import state
from ui.formats import plain

CURRENCY: Final = "finance.currency"
INPUT_CURRENCY: Final = "finance.input_currency"
REGION_FIELD: Final = "organisation.region"
RATE: Final = "finance.exchange_rate_per_usd"
KEY_INPUTS: tuple[str, ...] = (
    CURRENCY,
    "organisation.users",
    "organisation.growth_pct_per_year",
    "organisation.horizon_years",
    "mail.mailbox_gb",
    "mail.mailbox_growth_gb_per_year",
    "staff.inhouse_fte_per_1000_users",
    "staff.salary_per_fte_year",
    "inhouse.servers.price",
    "inhouse.storage.price_per_tb",
    "inhouse.operations.price_per_kwh",
    "inhouse.disaster_recovery.level",
    "risk.downtime_cost_per_user_hour",
    "finance.discount_rate_pct",
)
"""The inputs most people change, shown first (the rest sit in "All assumptions")."""
SLIDERS: dict[str, float] = {
    "organisation.growth_pct_per_year": 0.5,
    "organisation.horizon_years": 1,
    "finance.discount_rate_pct": 0.5,
}
"""Key inputs shown as sliders, with their step (the range is the model's)."""
PERSIST: Final = "page"
"""A field's value outlives its widget: an input in a closed group keeps its value."""


@dataclass(frozen=True)
class SidebarSlots:
    """Places in the sidebar filled after the scenario is built."""

    downloads: DeltaGenerator
    problems: DeltaGenerator


def _key(path: str) -> str:
    return scenario_fields()[path].key


def _in_use(path: str) -> str:
    """A currency field of the last valid scenario, else its default."""
    try:
        finance = state.last_valid().finance
    except KeyError:  # nothing valid yet (a page drawing widgets alone)
        return str(_default(scenario_fields()[path]))
    return str(getattr(finance, path.rsplit(".", 1)[-1]))


def _currency() -> str:
    value = st.session_state.get(_key(CURRENCY))
    if isinstance(value, str) and len(value) == 3 and value.isalpha():
        return value.upper()
    return _in_use(CURRENCY)


def _typed_currency() -> str:
    """The currency the money inputs are typed in (their labels say it)."""
    value = st.session_state.get(_key(INPUT_CURRENCY))
    return value if isinstance(value, str) and value else _in_use(INPUT_CURRENCY)


def _rate() -> float:
    value = st.session_state.get(_key(RATE))
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def money_in_display() -> None:
    """Type money in the display currency: when the inputs are in another, convert every
    money input once (x rate(display) / rate(input), the rates in use) and say they are now
    in the display currency; plans keep their own currency. Without a rate for the display
    currency yet nothing moves (the page names the missing rate)."""
    s = st.session_state
    display, typed = _currency(), _typed_currency()
    if display == typed:
        return
    try:
        new = rate_in_use(display, display, _rate(), CURRENCY)
        last = state.last_valid().finance
        old = (
            last.input_rate_per_usd
            if last.input_currency == typed
            else rate_in_use(typed, display, 0.0, INPUT_CURRENCY)
        )
    except (ValueError, PlannerError):
        return
    factor = new / old
    for spec in scenario_fields().values():
        value = s.get(spec.key)
        if spec.money and isinstance(value, int | float) and not isinstance(value, bool):
            s[spec.key] = converted_amount(float(value), factor)
    s[_key(INPUT_CURRENCY)] = display
    state.scale_loaded_money(factor, display, _rate())


def on_currency_change() -> None:
    """A new display currency: a rate typed for the old one does not hold for it (back to
    the dated default), and the money inputs are converted into it."""
    s = st.session_state
    typed = s.get(_key(CURRENCY))
    if not (isinstance(typed, str) and len(typed.strip()) == 3 and typed.strip().isalpha()):
        return  # not a code: the page names the field, the value and what is allowed
    s[_key(CURRENCY)] = typed.strip().upper()  # "egp" is EGP
    s[_key(RATE)] = 0.0
    money_in_display()


CALLBACKS: Final = {CURRENCY: on_currency_change, RATE: money_in_display}
"""Inputs that convert the money inputs when they change."""


def _default(spec: FieldSpec) -> Any:
    item = assumptions().get(spec.path)
    return item.value if item is not None else None


def field_widget(spec: FieldSpec, currency: str) -> None:
    """The input of one field, keyed ``field:<path>``; its value lives in session state."""
    text = label(spec, currency)
    tip = help_text(spec.path)
    if spec.kind == "choice":
        st.selectbox(
            text,
            spec.choices,
            key=spec.key,
            help=tip,
            persist_state=PERSIST,
            format_func=lambda c: str(c).replace("_", " "),
        )
    elif spec.kind == "bool":
        st.checkbox(text, key=spec.key, help=tip, persist_state=PERSIST)
    elif spec.kind == "text":
        if spec.name == "description":
            st.text_area(
                text, key=spec.key, help=tip, max_chars=2000, height=80, persist_state=PERSIST
            )
        else:
            limit = 3 if spec.path in (CURRENCY, INPUT_CURRENCY) else 100
            st.text_input(
                text,
                key=spec.key,
                help=tip,
                max_chars=limit,
                persist_state=PERSIST,
                on_change=CALLBACKS.get(spec.path),
                # follow the display currency and the region chooser at the top
                disabled=spec.path in (INPUT_CURRENCY, REGION_FIELD),
            )
            if spec.path == CURRENCY:
                _currency_note()
    elif spec.path in SLIDERS and spec.low is not None and spec.high is not None:
        step = SLIDERS[spec.path]
        cast = int if spec.kind == "int" else float
        st.slider(
            text,
            min_value=cast(spec.low),
            max_value=cast(spec.high),
            step=cast(step),
            key=spec.key,
            help=tip,
            persist_state=PERSIST,
        )
    else:
        default = _default(spec) or 0
        # No min/max on the widget: the browser would refuse an out-of-range value in a
        # tooltip and keep the old numbers with no sign; the model refuses it instead, and
        # the page says the results are out of date and why (bounds are in the help).
        st.number_input(
            text,
            step=number_step(spec, default),
            format=number_format(spec, default),
            key=spec.key,
            help=tip,
            persist_state=PERSIST,
            on_change=CALLBACKS.get(spec.path),
        )


def _currency_note() -> None:
    """Under the currency: the rate in use and its date, and that money is typed in it."""
    try:
        note = rates_note(_currency(), _rate())
    except ValueError as exc:  # no rate for it yet: say which is missing, no traceback
        note = str(exc)
    typed = _typed_currency()
    st.caption(plain(f"Money inputs are typed in {typed}. {note}".strip()))


def _scenario_files() -> None:
    names = state.preset_names()
    st.selectbox(
        "Start from a preset",
        list(names),
        key=state.PRESET_KEY,
        format_func=lambda stem: names.get(stem, stem),
        on_change=state.on_preset_change,
        help="Ready-made scenarios from the scenarios/ folder. Choosing one replaces every "
        "input and the plans table.",
    )
    st.button(
        "Reset to this preset",
        key="reset_preset",
        on_click=state.on_preset_change,
        help="Undo every change made since the preset was loaded.",
    )
    st.file_uploader(
        f"Open a scenario file (.toml, at most {MAX_SCENARIO_BYTES // 1024} KiB)",
        type=["toml"],
        key=state.UPLOAD_KEY,
        on_change=state.on_upload,
        help=f"A TOML file setting what differs from the defaults (as saved by 'Download "
        f"scenario'), at most {MAX_SCENARIO_BYTES // 1024} KiB.",
    )
    st.caption(
        f"Scenario files over {MAX_SCENARIO_BYTES // 1024} KiB are refused; the 1MB shown "
        "above is the server's upload cap, not the limit for a scenario file."
    )
    message = state.upload_message()
    if message:
        st.error(plain(message))


REGION_KEY: Final = "region:choice"
"""Key of the region picker; choosing applies nothing until the button is pressed."""
_REGION_DONE: Final = "_region_done"
"""(message, scenario before or None on failure, its source, the source after) for the undo."""
_REGION_SYNCED: Final = "_region_synced"  # the editor version the picker last followed


def _typed_scenario() -> Scenario:
    """The scenario the inputs on screen describe (plans and segments as last built)."""
    shown = state.last_valid()
    return state.scenario_from_values(
        state.loaded_scenario(),
        state.widget_values(),
        [p.model_dump(exclude_none=True) for p in shown.plans],
        [g.model_dump(exclude_none=True) for g in shown.segments],
    )


def _apply_region() -> None:
    """Apply the picked region to the inputs on screen, keeping them for the undo."""
    s = st.session_state
    key = s.get(REGION_KEY) or ""
    try:
        before = _typed_scenario()
        after = apply_region(before, key)
    except PlannerError as exc:
        s[_REGION_DONE] = (f"Region not applied: {exc}", None, "", state.loaded_from())
        return
    source = state.loaded_from()
    now = f"{source}, region {regions()[key].name}"
    state.load(after, now)
    s[_REGION_DONE] = (applied_text(before, after, key), before, source, now)


def _undo_region() -> None:
    done = st.session_state.pop(_REGION_DONE, None)
    if done is not None and done[1] is not None:
        state.load(done[1], done[2])


def region_chooser() -> None:
    """Where the organisation is: a region sets the currency and the local, sourced
    defaults (planner.model.regions); what changed is listed, with an undo."""
    known = regions()
    s = st.session_state
    if s.get(_REGION_SYNCED) != state.editor_version():  # a scenario was loaded: show its region
        current = state.loaded_scenario().organisation.region
        s[REGION_KEY] = current if current in known else ""
        s[_REGION_SYNCED] = state.editor_version()
    st.selectbox(
        "Where the organisation is",
        ["", *known],
        key=REGION_KEY,
        format_func=lambda k: f"{known[k].name} ({known[k].currency})" if k else "Not chosen",
        help="Sets the currency and local defaults (administrator cost, electricity, downtime "
        "and incident cost, with their sources in the Assumptions tab) and fits today's "
        "servers and the incident cost to the headcount. Every value stays editable.",
    )
    st.button(
        "Apply region defaults",
        key="region:apply",
        on_click=_apply_region,
        disabled=not st.session_state.get(REGION_KEY),
        help="Converts every money input to the region's currency and replaces the "
        "regional and size-dependent defaults; the changes are listed, with an undo.",
    )
    done = st.session_state.get(_REGION_DONE)
    if done is not None and done[3] == state.loaded_from():  # not after another load
        (st.success if done[1] is not None else st.error)(plain(done[0]))
        if done[1] is not None:
            st.button("Undo region", key="region:undo", on_click=_undo_region)


def render() -> SidebarSlots:
    """Draw the sidebar; returns the slots the page fills once the scenario is built."""
    with st.sidebar:
        region_chooser()
        st.header("Scenario")
        _scenario_files()
        downloads = st.container()
        problems = st.container()
        currency = _typed_currency()  # labels of money inputs: the currency they are typed in
        st.subheader("Key inputs")
        specs = scenario_fields()
        for path in KEY_INPUTS:
            field_widget(specs[path], currency)
        st.subheader("All assumptions")
        _assumption_groups(currency)
    return SidebarSlots(downloads, problems)


GROUP_KEY: Final = "assumptions_group"
"""Key of the picker of "All assumptions": a group's id, :data:`EVERY_GROUP`, or None."""
EVERY_GROUP: Final = "*"
"""The picker's choice that draws every group at once (a longer, slower page)."""


def group_id(group: FieldGroup) -> str:
    """A group's id in the picker: its model path (``scenario`` for the top level)."""
    return group.path or "scenario"


def group_inputs(group: FieldGroup) -> tuple[FieldSpec, ...]:
    """A group's fields outside the key inputs (those are drawn above, always)."""
    return tuple(s for s in group.fields if s.path not in KEY_INPUTS)


def sidebar_groups() -> tuple[FieldGroup, ...]:
    """The groups of "All assumptions": those with a field outside the key inputs."""
    return tuple(g for g in field_groups() if group_inputs(g))


def group_id_of(path: str) -> str:
    """Id of the group holding the field at ``path`` (tests pick it by this id)."""
    return group_id(next(g for g in field_groups() if path in {s.path for s in g.fields}))


def _assumption_groups(currency: str) -> None:
    """The picker of "All assumptions" and the inputs of the group picked.

    One group is drawn at a time (or every group, when asked): 23 expander headers cost
    the browser about 30% of its JavaScript on every rerun (issue 15), a picker one
    element. The values of inputs not drawn are kept (``persist_state``), so the scenario
    always has every field."""
    groups = {group_id(g): g for g in sidebar_groups()}

    def shown(choice: str) -> str:
        if choice == EVERY_GROUP:
            return f"Every group ({len(groups)}, a longer page)"
        count = len(group_inputs(groups[choice]))
        return f"{groups[choice].title} ({count} input{'s' if count != 1 else ''})"

    choice = st.selectbox(
        "Assumption group",
        [*groups, EVERY_GROUP],
        index=None,
        key=GROUP_KEY,
        format_func=shown,
        placeholder=f"Pick one of {len(groups)} groups to see its inputs",
        help="Every other input, grouped as the model is (type to search the group names). "
        "One group is shown at a time; values set in the others are kept and used. Each "
        "input's help (?) gives its meaning, what is allowed, and the default's source, "
        "basis and date.",
    )
    if choice is None:
        return
    every = choice == EVERY_GROUP
    for group in groups.values() if every else [groups[choice]]:
        if every:
            st.markdown(f"**{group.title}**")
        st.caption(group.summary)
        for spec in group_inputs(group):
            field_widget(spec, currency)
