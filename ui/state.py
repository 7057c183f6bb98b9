"""The scenario on screen: where it comes from (preset, upload, link) and how it is shared.

The widgets are the source of truth for every scalar field (widget key ``field:<path>``);
the plans come from the editable catalogue (:mod:`ui.catalogue_editor`), the user segments
from their table (:mod:`ui.segments_editor`). Loading a scenario
(a preset, an uploaded file, a shared link) writes every widget value at once.

A link carries the scenario in one query parameter, ``scenario``: the scenario's differences from
the defaults (``planner.model.files.differences``) as JSON, zlib-compressed and
base64url-encoded. ``preset`` names the preset picked; ``view`` the open tab. ``saved`` carries
the Compare tab's saved scenarios and the names picked there (:mod:`ui.scenario_library`), so
a reload or a shared link brings them back; a sub-view's choice (the Uncertainty tab's
section, the break-even map's axes, ...) travels in a parameter named after its widget.

The pure helpers (encode, decode, uploads, building a scenario) do not touch streamlit.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd
import streamlit as st

from planner.errors import PlannerError, ScenarioError, ScenarioFileError
from planner.model.currencies import convert_money_inputs, scale_money_inputs
from planner.model.defaults import preset_files
from planner.model.fields import scenario_fields
from planner.model.files import (
    MAX_NESTING,
    MAX_SCENARIO_BYTES,
    differences,
    from_data,
    load_scenario,
    parse_text,
    with_values,
)
from planner.model.scenario import Scenario
from ui import scenario_library

PARAM_SCENARIO = "scenario"
PARAM_PRESET = "preset"
PRESET_KEY = "preset"
UPLOAD_KEY = "upload"
VIEW_KEY = "view"

_LOADED = "_loaded"
_EDITOR_VERSION = "_plans_editor_version"
_LOADED_SCENARIO = "_loaded_scenario"
_PRESET_SCENARIO = "_preset_scenario"
_LAST_VALID = "_last_valid_scenario"
_LINK_MESSAGE = "_link_message"
_UPLOAD_MESSAGE = "_upload_message"
_SOURCE = "_loaded_from"
COMPARED_KEY = "compare:picked"
"""The Compare tab's multiselect of saved scenarios to compare."""
_COMPARED_KEPT = f"_kept:{COMPARED_KEY}"  # its value while the tab is closed (views.common)
_SAVED_MESSAGE = "_saved_link_message"
_SAVED_SYNCED = "_saved_link_synced"  # the library and picks the address holds now
_SAVED_TOO_LONG = "_saved_link_too_long"
_FIRST_VISIT = "_first_visit"

# A link's parameter can hold at most this much text (base64 of a compressed scenario).
MAX_PARAM_CHARS = 16_384


# ---------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------


def encode_scenario(scenario: Scenario) -> str:
    """The scenario as one URL-safe text: base64url(zlib(JSON of its differences))."""
    text = json.dumps(differences(scenario), separators=(",", ":"), default=str)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def link_too_long(encoded: str) -> str | None:
    """Why :func:`encode_scenario`'s text cannot go into a link, or None when it can.

    The reader stops at ``MAX_PARAM_CHARS`` characters, so a longer parameter would make a
    link nobody can open: the app writes none and says to share the scenario file instead.
    """
    if len(encoded) <= MAX_PARAM_CHARS:
        return None
    return (
        f"This scenario is too large to share as a link ({len(encoded):,} characters; a link "
        f"holds at most {MAX_PARAM_CHARS:,}), so the address does not carry it. Share the "
        "file from 'Download scenario (.toml)' in the sidebar instead."
    )


def decode_scenario(param: str, source: str = "link") -> Scenario:
    """Read :func:`encode_scenario`'s text back; a one-line ScenarioError when it cannot."""
    where = f"{source}: the scenario in the address (parameter {PARAM_SCENARIO})"
    deep = f" (a scenario is at most {MAX_NESTING} levels deep)"
    data = scenario_library.json_in_param(
        param, where, MAX_PARAM_CHARS, MAX_SCENARIO_BYTES, deep=deep
    )
    if not isinstance(data, dict):
        raise ScenarioFileError(f"{where} is not a table of scenario sections")
    return from_data(data, source)


def scenario_from_upload(name: str, data: bytes) -> Scenario:
    """Parse an uploaded scenario file (TOML, at most ``MAX_SCENARIO_BYTES``)."""
    if not name.lower().endswith(".toml"):
        raise ScenarioFileError(f"{name}: not a .toml scenario file")
    return parse_text(data, name)


def field_values(scenario: Scenario) -> dict[str, Any]:
    """Every scalar field of the scenario by dotted path."""
    out: dict[str, Any] = {}
    for path in scenario_fields():
        value: Any = scenario
        for part in path.split("."):
            value = getattr(value, part)
        out[path] = value
    return out


def scenario_from_values(
    loaded: Scenario,
    values: Mapping[str, Any],
    plans: Sequence[Mapping[str, Any]],
    segments: Sequence[Mapping[str, Any]] | None = None,
) -> Scenario:
    """The scenario the widgets describe; ScenarioValueError names every bad field.

    Starts from the scenario last loaded, so what has no widget here (uncertainty ranges,
    say) is kept as loaded; ``segments`` None keeps the loaded segments.
    """
    updates: dict[str, Any] = {**values, "plans": [dict(p) for p in plans]}
    if segments is not None:
        updates["segments"] = [dict(s) for s in segments]
    return with_values(loaded, updates)


@cache
def preset_names() -> dict[str, str]:
    """Preset stem -> the scenario name in the file (the stem when it cannot be read)."""
    names = {}
    for stem, path in preset_files().items():
        try:
            names[stem] = load_scenario(path).name
        except PlannerError:
            names[stem] = stem
    return names


def default_preset() -> str:
    """The preset the app opens on: the first (``default``)."""
    return next(iter(preset_files()))


# ---------------------------------------------------------------------------
# Session state
# ---------------------------------------------------------------------------


def typed_in_display(scenario: Scenario) -> Scenario:
    """The app takes money in the display currency: a scenario whose inputs are typed in
    another (a US dollar file shown in EGP) has them converted once, the same results."""
    fin = scenario.finance
    if fin.input_currency == fin.currency:
        return scenario
    return convert_money_inputs(scenario, fin.currency)


def load(scenario: Scenario, source: str) -> None:
    """Put a scenario on screen (its money in the display currency): every widget value,
    the plans table, the last valid result."""
    state = st.session_state
    scenario = typed_in_display(scenario)
    for path, value in field_values(scenario).items():
        state[scenario_fields()[path].key] = value
    state[_LOADED_SCENARIO] = scenario
    state[_EDITOR_VERSION] = state.get(_EDITOR_VERSION, -1) + 1
    state[_LAST_VALID] = scenario
    state[_SOURCE] = source


def _load_preset(stem: str) -> None:
    path = preset_files().get(stem)
    if path is None:
        raise ScenarioFileError(
            f"preset {stem!r}: no such preset; choose one of " + ", ".join(preset_files())
        )
    scenario = load_scenario(path)
    load(scenario, f"preset {path.name}")
    st.session_state[_PRESET_SCENARIO] = loaded_scenario()


def initialise() -> None:
    """On a session's first run: open the link's scenario, else the default preset."""
    state = st.session_state
    if state.get(_LOADED):
        return
    state[_LOADED] = True
    params = st.query_params
    _open_saved(params.get(scenario_library.PARAM_SAVED))
    preset = params.get(PARAM_PRESET)
    if preset not in preset_files():
        if preset is not None:
            shown = preset if len(preset) <= 60 else preset[:57] + "..."
            state[_LINK_MESSAGE] = (
                f"link: preset {shown!r} does not exist; opened the default preset instead"
            )
        preset = default_preset()
    state[PRESET_KEY] = preset
    encoded = params.get(PARAM_SCENARIO)
    if encoded:
        try:
            load(decode_scenario(encoded), "link")
            return
        except ScenarioError as exc:
            state[_LINK_MESSAGE] = f"{exc} - showing the preset instead."
        except Exception as exc:  # a link is untrusted: never a traceback, whatever fails
            state[_LINK_MESSAGE] = (
                f"link: the scenario in the address (parameter {PARAM_SCENARIO}) cannot be "
                f"read ({type(exc).__name__}) - showing the preset instead."
            )
    _load_preset(preset)


def first_visit() -> bool:
    """Whether this session opened without a link: no query parameter on its first run
    (read once and kept, since the page writes its own parameters afterwards)."""
    state = st.session_state
    if _FIRST_VISIT not in state:
        state[_FIRST_VISIT] = len(st.query_params) == 0
    return bool(state[_FIRST_VISIT])


def on_preset_change() -> None:
    """Callback of the preset picker (and the reset button): load the chosen preset."""
    state = st.session_state
    try:
        _load_preset(state[PRESET_KEY])
        state[_UPLOAD_MESSAGE] = None
    except PlannerError as exc:
        state[_UPLOAD_MESSAGE] = str(exc)


def on_upload() -> None:
    """Callback of the file uploader: load the file, or keep the screen and say why not."""
    state = st.session_state
    uploaded = state.get(UPLOAD_KEY)
    if uploaded is None:
        state[_UPLOAD_MESSAGE] = None
        return
    try:
        scenario = scenario_from_upload(uploaded.name, uploaded.getvalue())
    except ScenarioError as exc:
        state[_UPLOAD_MESSAGE] = str(exc)
        return
    except Exception as exc:  # an upload is untrusted: never a traceback, whatever fails
        state[_UPLOAD_MESSAGE] = f"{uploaded.name}: cannot be read ({type(exc).__name__})"
        return
    load(scenario, f"file {uploaded.name}")
    state[_UPLOAD_MESSAGE] = None


def widget_values() -> dict[str, Any]:
    """What the field widgets hold now, by dotted path."""
    state = st.session_state
    return {path: state[spec.key] for path, spec in scenario_fields().items()}


def loaded_scenario() -> Scenario:
    """The scenario last loaded (its plans start the editable table)."""
    return st.session_state[_LOADED_SCENARIO]  # type: ignore[no-any-return]


def adopt_ranges(scenario: Scenario) -> None:
    """Give the loaded scenario the uncertainty ranges of ``scenario`` (edited in the
    Uncertainty tab). Widgets and plans keep their values; the next run builds on the ranges,
    so the link and the scenario download carry them."""
    loaded = loaded_scenario()
    st.session_state[_LOADED_SCENARIO] = loaded.model_copy(
        update={"uncertainty": scenario.uncertainty}
    )


def scale_loaded_money(factor: float, currency: str, rate: float) -> None:
    """The loaded scenario's money (its ranges above all) x ``factor``, typed in
    ``currency`` shown at ``rate``, after the sidebar converted its inputs; kept as it was
    when it cannot take them (the page then names the bad input)."""
    loaded = loaded_scenario()
    try:
        shown = with_values(
            loaded, {"finance.currency": currency, "finance.exchange_rate_per_usd": rate}
        )
        st.session_state[_LOADED_SCENARIO] = scale_money_inputs(shown, factor, currency)
    except (PlannerError, ValueError):
        return


def editor_version() -> int:
    """Bumped on every load so the plans table starts again from the loaded plans."""
    return int(st.session_state[_EDITOR_VERSION])


def kept_table(name: str) -> pd.DataFrame | None:
    """A table an editor kept in the session (``(editor version, table)`` under ``name``)
    for the scenario loaded now; None after a new load."""
    kept = st.session_state.get(name)
    if kept is None or kept[0] != editor_version():
        return None
    table: pd.DataFrame = kept[1]
    return table


def remember_valid(scenario: Scenario) -> None:
    st.session_state[_LAST_VALID] = scenario


def last_valid() -> Scenario:
    """The last scenario that validated (shown while the inputs are invalid)."""
    return st.session_state[_LAST_VALID]  # type: ignore[no-any-return]


def loaded_from() -> str:
    return str(st.session_state.get(_SOURCE, ""))


def link_message() -> str | None:
    return st.session_state.get(_LINK_MESSAGE)


def upload_message() -> str | None:
    return st.session_state.get(_UPLOAD_MESSAGE)


def sync_url(scenario: Scenario) -> None:
    """Write the scenario (and the preset picked) into the address bar's query parameters.

    A preset left unchanged needs only ``preset`` (none for the default preset). A scenario
    too large for a link (:func:`link_too_long`) is left out of the address, with a warning
    on the page offering the scenario file instead: the address never holds a link that
    cannot be read back.
    """
    params = st.query_params
    as_preset = scenario == st.session_state.get(_PRESET_SCENARIO)
    wanted = None if as_preset else encode_scenario(scenario)
    too_long = link_too_long(wanted) if wanted is not None else None
    if too_long:
        st.warning(too_long)
        wanted = None
    if params.get(PARAM_SCENARIO) != wanted:
        if wanted is None:
            del params[PARAM_SCENARIO]
        else:
            params[PARAM_SCENARIO] = wanted
    preset = st.session_state.get(PRESET_KEY)
    wanted_preset = None if preset == default_preset() else preset
    if params.get(PARAM_PRESET) != wanted_preset:
        if wanted_preset is None:
            del params[PARAM_PRESET]
        else:
            params[PARAM_PRESET] = wanted_preset


# ---------------------------------------------------------------------------
# The saved scenarios in the address
# ---------------------------------------------------------------------------


def compared_names() -> list[str]:
    """The saved scenarios picked for the comparison (kept while the Compare tab is closed)."""
    picked = st.session_state.get(_COMPARED_KEPT, [])
    return [n for n in picked if isinstance(n, str)]


def _saved_fingerprint() -> tuple[object, ...]:
    lib = scenario_library.library()
    entries = tuple((e.name, e.scenario) for e in lib.entries.values())
    return (entries, tuple(compared_names()))


def _open_saved(param: str | None) -> None:
    """On a session's first run (its library is still empty): the link's saved scenarios
    into the library, the names picked into the comparison. A damaged link adds nothing,
    one that does not validate adds the others; either way one message says what was left
    out, and the address keeps the link as it came until the saved scenarios are changed."""
    state = st.session_state
    if not param:
        return
    try:
        unpacked = scenario_library.decode_library(param)
    except ScenarioError as exc:
        state[_SAVED_MESSAGE] = f"{exc}. No saved scenario was added from it."
        unpacked = None
    except Exception as exc:  # a link is untrusted: never a traceback, whatever fails
        state[_SAVED_MESSAGE] = (
            f"link: the saved scenarios in the address (parameter {scenario_library.PARAM_SAVED})"
            f" cannot be read ({type(exc).__name__}). No saved scenario was added from it."
        )
        unpacked = None
    if unpacked is not None:
        scenario_library.library().offer_many(unpacked.scenarios, "the link")
        state[_COMPARED_KEPT] = unpacked.compared
        if unpacked.problems:
            state[_SAVED_MESSAGE] = (
                f"link: {len(unpacked.problems)} saved scenario(s) could not be read and were "
                "left out: " + "; ".join(unpacked.problems)
            )
    state[_SAVED_SYNCED] = _saved_fingerprint()  # the address stays as it came


def saved_link_message() -> str | None:
    """What was wrong with the link's saved scenarios (None when nothing was)."""
    return st.session_state.get(_SAVED_MESSAGE)


def saved_link_too_long() -> str | None:
    """Why the address does not carry the saved scenarios (None when it does)."""
    return st.session_state.get(_SAVED_TOO_LONG)


def sync_saved_url() -> None:
    """Write the saved scenarios and the names picked into the ``saved`` parameter, once
    they change: none saved, no parameter; too many for a link, no parameter and a message
    (:func:`saved_link_too_long`) offering the comparison file instead."""
    state = st.session_state
    fingerprint = _saved_fingerprint()
    if state.get(_SAVED_SYNCED) == fingerprint:
        return
    state[_SAVED_SYNCED] = fingerprint
    lib = scenario_library.library()
    wanted = scenario_library.encode_library(lib, compared_names()) if len(lib) else None
    too_long = scenario_library.link_too_long(wanted, len(lib)) if wanted else None
    state[_SAVED_TOO_LONG] = too_long
    if too_long:
        wanted = None
    params = st.query_params
    if params.get(scenario_library.PARAM_SAVED) != wanted:
        if wanted is None:
            del params[scenario_library.PARAM_SAVED]
        else:
            params[scenario_library.PARAM_SAVED] = wanted
