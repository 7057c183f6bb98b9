"""Compare: scenarios kept in the session, and 2 to 4 of them side by side.

Save the scenario on screen under a name, or add a preset or a scenario file; a name that is
already saved with other values is replaced only after "Replace" is clicked. Then pick 2 to
4 saved scenarios: their headline figures (one column each), the cumulative cost of in-house
(solid) and of each one's cheapest hosted plan that fits (dashed), every headline figure in
a table, and the inputs whose values differ. Each scenario keeps its colour everywhere.

The saved scenarios and the names picked travel in the link (``ui.state.sync_saved_url``),
so a reload or a shared link brings them back; "Download saved scenarios" writes them all to
one comparison file, which the same uploader reads back (names already saved with other
values are replaced only after "Replace them" is clicked).

Names are the user's own text: they are shown in tables (plain text) or escaped before any
element that reads Markdown, and escaped for Plotly's legend, so ``<b>x</b>`` or ``=1+1``
read exactly as typed.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from planner.analyses.comparison import MAX_SCENARIOS, MIN_SCENARIOS, Comparison
from planner.errors import ScenarioError
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from planner.model.scenario import Scenario
from planner.outputs.figures import SCENARIO_COLOURS, comparison_cumulative_figure
from ui import compute, state
from ui.formats import money, money_cents, plain, year_text
from ui.scenario_library import (
    NAME_MAX_CHARS,
    SavedScenario,
    ScenarioLibrary,
    Unpacked,
    library,
    library_toml,
    read_upload,
)
from ui.views.common import chart, keep, kept
from ui.views.context import ViewContext

NAME_KEY = "library:name"
SAVE_KEY = "library:save"
PRESET_KEY = "library:preset"
ADD_PRESET_KEY = "library:add_preset"
UPLOAD_KEY = "library:upload"
REPLACE_KEY = "library:replace"
CANCEL_KEY = "library:cancel"
REMOVE_CHOICE_KEY = "library:remove_choice"
REMOVE_KEY = "library:remove"
PICKED_KEY = state.COMPARED_KEY
REPLACE_HELD_KEY = "library:replace_held"
KEEP_HELD_KEY = "library:keep_held"
DOWNLOAD_KEY = "library:download"
_NOTICE = "_library_notice"

METRICS = (
    "In-house TCO",
    "Cheapest hosted TCO",
    "Saving with hosted",
    "In-house per user per month",
    "In-house breaks even",
)
"""Labels of each scenario's headline metrics (stable: the tests find them by label)."""
COLOUR_NAMES = {
    "#1f77b4": ("blue", "blue"),
    "#d62728": ("red", "red"),
    "#2ca02c": ("green", "green"),
    "#9467bd": ("purple", "violet"),
    "#ff7f0e": ("orange", "orange"),
    "#8c564b": ("brown", "gray"),
}
"""Each scenario colour in words, and the nearest Markdown colour of Streamlit that draws its
square (a Material icon from Streamlit's own font: no emoji font is needed)."""


def colour_word(entry: SavedScenario) -> str:
    """The entry's colour in words: ``blue``."""
    return COLOUR_NAMES.get(entry.colour_hex, (entry.colour_hex, "gray"))[0]


def swatch_markdown(entry: SavedScenario) -> str:
    """``:blue-badge[:material/stop: blue]``: a badge in the colour with a square and the
    colour's name (Streamlit's own icon font: no emoji font needed)."""
    word, markdown_colour = COLOUR_NAMES.get(entry.colour_hex, (entry.colour_hex, "gray"))
    return f":{markdown_colour}-badge[:material/stop: {word}]"


# ---------------------------------------------------------------------------
# Callbacks: every change to the library goes through ScenarioLibrary.offer
# ---------------------------------------------------------------------------


def _notify(kind: str, text: str) -> None:
    st.session_state[_NOTICE] = (kind, text)


def _pick(name: str) -> None:
    """Add a newly saved scenario to the comparison while there is room."""
    picked = list(st.session_state.get(f"_kept:{PICKED_KEY}", []))
    if name not in picked and len(picked) < MAX_SCENARIOS:
        picked.append(name)
        st.session_state[PICKED_KEY] = picked
        st.session_state[f"_kept:{PICKED_KEY}"] = picked


def _offer(name: str, scenario: Scenario, source: str) -> None:
    lib = library()
    try:
        outcome = lib.offer(name, scenario, source)
    except ScenarioError as exc:
        _notify("error", plain(str(exc)))
        return
    saved = name.strip()
    if outcome == "added":
        _notify("success", f"Saved “{plain(saved)}” ({plain(source)}).")
        _pick(saved)
    elif outcome == "unchanged":
        _notify("info", f"“{plain(saved)}” is already saved with exactly these values.")
    else:
        st.session_state.pop(_NOTICE, None)


def _on_save(scenario: Scenario) -> None:
    name = str(st.session_state.get(NAME_KEY) or "") or scenario.name
    _offer(name, scenario, "saved from the screen")


def _on_add_preset() -> None:
    stem = st.session_state.get(PRESET_KEY)
    path = preset_files().get(str(stem))
    if path is None:
        _notify("error", plain(f"preset {stem!r}: no such preset"))
        return
    scenario = load_scenario(path)
    _offer(scenario.name, scenario, f"preset {path.name}")


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    try:
        read = read_upload(uploaded.name, uploaded.getvalue())
    except ScenarioError as exc:
        _notify("error", plain(str(exc)))
        return
    except Exception as exc:  # an upload is untrusted: never a traceback, whatever fails
        _notify("error", plain(f"{uploaded.name}: cannot be read ({type(exc).__name__})"))
        return
    if isinstance(read, Unpacked):
        _offer_file(read, f"file {uploaded.name}")
    else:
        _offer(read.name, read, f"file {uploaded.name}")


def _offer_file(read: Unpacked, source: str) -> None:
    """A comparison file's scenarios: new names added, the others held until confirmed."""
    added, held = library().offer_many(read.scenarios, source)
    lines = [f"Added {added} saved scenario(s) from the {plain(source)}."]
    if held:
        lines.append(
            f"{len(held)} are already saved with other values and wait for you below: "
            + ", ".join(f"“{plain(n)}”" for n in held)
            + "."
        )
    lines += [plain(p) for p in read.problems]
    _notify("error" if read.problems else "success", "\n\n".join(lines))
    for name in read.compared:
        _pick(name)


def _on_replace_held() -> None:
    names = library().replace_held()
    _notify("success", "Replaced " + ", ".join(f"“{plain(n)}”" for n in names) + ".")


def _on_keep_held() -> None:
    library().keep_held()
    _notify("info", "Kept the saved scenarios as they were.")


def _on_replace() -> None:
    name = library().confirm()
    if name is not None:
        _notify("success", f"Replaced “{plain(name)}”.")
        _pick(name)


def _on_cancel() -> None:
    library().cancel()
    _notify("info", "Kept the saved scenario as it was.")


def _on_remove() -> None:
    name = st.session_state.get(REMOVE_CHOICE_KEY)
    lib = library()
    if isinstance(name, str) and name in lib:
        lib.remove(name)
        picked = [n for n in st.session_state.get(f"_kept:{PICKED_KEY}", []) if n != name]
        st.session_state[f"_kept:{PICKED_KEY}"] = picked
        _notify("info", f"Removed “{plain(name)}”.")


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


def _library_controls(ctx: ViewContext, lib: ScenarioLibrary) -> None:
    save, preset, upload = st.columns(3)
    with save:
        kept(NAME_KEY, "")
        st.text_input(
            "Save the scenario on screen as",
            key=NAME_KEY,
            max_chars=NAME_MAX_CHARS,
            placeholder=ctx.scenario.name[:NAME_MAX_CHARS],
            on_change=keep,
            args=(NAME_KEY,),
            help="Any name up to 100 characters; left empty, the scenario's own name. A name "
            "already saved is replaced only after you confirm.",
        )
        st.button("Save", key=SAVE_KEY, on_click=_on_save, args=(ctx.scenario,))
    with preset:
        names = state.preset_names()
        kept(PRESET_KEY, next(iter(names)))
        st.selectbox(
            "Add a preset",
            list(names),
            key=PRESET_KEY,
            format_func=lambda stem: names.get(stem, stem),
            on_change=keep,
            args=(PRESET_KEY,),
        )
        st.button("Add preset", key=ADD_PRESET_KEY, on_click=_on_add_preset)
    with upload:
        st.file_uploader(
            "Add a scenario or saved-scenarios file (.toml)",
            type=["toml"],
            key=UPLOAD_KEY,
            on_change=_on_upload,
            help="A scenario file as saved by 'Download scenario' (added under the name "
            "written in it), or a file of saved scenarios as written by 'Download saved "
            "scenarios' below (each added under its name).",
        )

    pending = lib.pending
    if pending is not None:
        st.warning(
            f"A scenario called “{plain(pending.name)}” is already saved with other values. "
            f"Replace it with the one {plain(pending.source)}?"
        )
        yes, no, _ = st.columns([1, 1, 4])
        yes.button("Replace", key=REPLACE_KEY, type="primary", on_click=_on_replace)
        no.button("Keep the saved one", key=CANCEL_KEY, on_click=_on_cancel)
    if lib.held:
        st.warning(
            "These scenarios are already saved with other values: "
            + ", ".join(f"“{plain(h.name)}”" for h in lib.held)
            + f". Replace them with the ones from the {plain(lib.held[0].source)}?"
        )
        yes, no, _ = st.columns([1, 1, 4])
        yes.button("Replace them", key=REPLACE_HELD_KEY, type="primary", on_click=_on_replace_held)
        no.button("Keep the saved ones", key=KEEP_HELD_KEY, on_click=_on_keep_held)
    notice = st.session_state.get(_NOTICE)
    if notice is not None:
        kind, text = notice
        {"success": st.success, "info": st.info, "error": st.error}[kind](text)


def library_table(lib: ScenarioLibrary) -> pd.DataFrame:
    """The saved scenarios, one row each (plain text and numbers)."""
    rows: list[dict[str, Any]] = [
        {
            "Colour": colour_word(e),
            "Scenario": e.name,
            "From": e.source,
            "Users": e.scenario.organisation.users,
            "Years": e.scenario.organisation.horizon_years,
            "Currency": e.scenario.finance.currency,
        }
        for e in lib.entries.values()
    ]
    columns = ["Colour", "Scenario", "From", "Users", "Years", "Currency"]
    return pd.DataFrame(rows, columns=columns)


def _library_list(lib: ScenarioLibrary) -> None:
    if not len(lib):
        st.info("No scenario saved yet: save the one on screen, add a preset or a file.")
        return
    st.dataframe(library_table(lib), hide_index=True, key="table:compare:library")
    too_long = state.saved_link_too_long()
    if too_long:
        st.warning(too_long)
    st.download_button(
        "Download saved scenarios (.toml)",
        data=lambda: library_toml(lib, state.compared_names()),
        file_name="saved-scenarios.toml",
        mime="application/toml",
        key=DOWNLOAD_KEY,
        on_click="ignore",
        help="Every saved scenario and the ones picked below, in one file: add it here again "
        "(above) to bring them all back, in this browser or another.",
    )
    choice, button = st.columns([3, 1], vertical_alignment="bottom")
    if st.session_state.get(REMOVE_CHOICE_KEY) not in lib:
        st.session_state.pop(REMOVE_CHOICE_KEY, None)
    choice.selectbox("Saved scenario to remove", lib.names(), key=REMOVE_CHOICE_KEY)
    button.button("Remove", key=REMOVE_KEY, on_click=_on_remove)


def _picked(lib: ScenarioLibrary) -> list[str]:
    """The multiselect's choice, kept across tab switches, limited to saved names and to 4."""
    kept(PICKED_KEY, [])
    current = list(st.session_state[PICKED_KEY])
    picked = [n for n in current if n in lib]
    if len(picked) > MAX_SCENARIOS:
        st.warning(
            f"At most {MAX_SCENARIOS} scenarios can be compared side by side; "
            f"{len(picked)} were chosen, so the first {MAX_SCENARIOS} are shown."
        )
        picked = picked[:MAX_SCENARIOS]
    if picked != current:
        st.session_state[PICKED_KEY] = picked
        st.session_state[f"_kept:{PICKED_KEY}"] = picked
    entries = lib.entries
    chosen = st.multiselect(
        f"Scenarios to compare ({MIN_SCENARIOS} to {MAX_SCENARIOS})",
        lib.names(),
        key=PICKED_KEY,
        max_selections=MAX_SCENARIOS,
        on_change=keep,
        args=(PICKED_KEY,),
        format_func=lambda name: f"{name} ({colour_word(entries[name])})",
        placeholder="Choose saved scenarios",
    )
    return list(chosen)


def recoloured(figure: Any, entries: dict[str, SavedScenario], names: tuple[str, ...]) -> Any:
    """The comparison figure with each scenario's own colour (names come escaped for Plotly,
    which reads a little HTML in trace names): scenario i's traces come in colour
    ``SCENARIO_COLOURS[i]`` and are given ``entries[names[i]].colour_hex``."""
    by_position = {SCENARIO_COLOURS[i]: entries[n].colour_hex for i, n in enumerate(names)}
    for trace in figure.data:
        trace.line.color = by_position.get(trace.line.color, trace.line.color)
    return figure


def _headline(comparison: Comparison, entries: dict[str, SavedScenario]) -> None:
    columns = st.columns(len(comparison.names))
    records = comparison.headline.to_dict("records")
    for i, (column, record) in enumerate(zip(columns, records, strict=True)):
        name = str(record["scenario"])
        cur = str(record["currency"])
        horizon = int(record["horizon_years"])
        with column, st.container(key=f"compare:scenario:{i}"):
            st.markdown(swatch_markdown(entries[name]))
            st.subheader(plain(name), anchor=False)
            st.caption(
                f"{int(record['users']):,} users, {record['growth_pct_per_year']:+g}% "
                f"a year, {horizon} years, {cur}"
            )
            inhouse = float(record["inhouse_tco"])
            best = float(record["best_hosted_tco"])
            st.metric(METRICS[0], money(inhouse, cur))
            if math.isnan(best):
                st.metric(METRICS[1], "no plan fits")
                st.metric(METRICS[2], "-")
            else:
                plan = plain(str(record["best_hosted_plan"]))
                st.metric(
                    METRICS[1], money(best, cur), delta=plan, delta_color="off", delta_arrow="off"
                )
                st.metric(METRICS[2], money(inhouse - best, cur))
            st.metric(METRICS[3], money_cents(float(record["inhouse_cost_per_user_month"]), cur))
            st.metric(METRICS[4], year_text(float(record["breakeven_year"]), horizon))


def _comparison(lib: ScenarioLibrary, picked: list[str]) -> None:
    entries = lib.colours(picked)
    keys = tuple(compute.key_of(entries[n].scenario) for n in picked)
    try:
        comparison = compute.comparison(keys)
    except ScenarioError as exc:  # the multiselect keeps 2 to 4; this is a safety net
        st.error(str(exc))
        return
    currencies = sorted({e.scenario.finance.currency for e in entries.values()})
    if len(currencies) > 1:
        st.warning(
            "These scenarios use different currencies ("
            + ", ".join(currencies)
            + "); amounts are not converted."
        )
    _headline(comparison, entries)
    figure = recoloured(comparison_cumulative_figure(comparison), entries, comparison.names)
    chart(figure, key="chart:compare:cumulative")
    st.caption(
        "Solid: in-house Exchange; dashed: the scenario's cheapest hosted plan that "
        "fits. Year 0 is the upfront year; the last point is the TCO."
    )
    st.subheader("Every headline figure", anchor=False)
    st.dataframe(comparison.headline_text(), hide_index=True, key="table:compare:headline")
    st.subheader("Assumptions that differ", anchor=False)
    if comparison.differences.empty:
        st.info("These scenarios assume the same values everywhere: only their names differ.")
    else:
        st.dataframe(comparison.differences, hide_index=True, key="table:compare:differences")
        st.caption(
            "Plans are matched by provider and plan name; a plan missing from a "
            "scenario reads 'not included'."
        )


def render(ctx: ViewContext) -> None:
    lib = library()
    st.caption(
        "Keep scenarios here and compare "
        f"{MIN_SCENARIOS} to {MAX_SCENARIOS} of them side by side. The address carries them, "
        "so a reload or a copied link brings them back; 'Download saved scenarios' keeps "
        "them in a file."
    )
    _library_controls(ctx, lib)
    st.subheader("Saved scenarios", anchor=False)
    _library_list(lib)
    st.subheader("Side by side", anchor=False)
    if len(lib) < MIN_SCENARIOS:
        st.info(f"Save at least {MIN_SCENARIOS} scenarios to compare them.")
        return
    picked = _picked(lib)
    if len(picked) < MIN_SCENARIOS:
        st.info(
            f"Choose {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios to compare; {len(picked)} chosen."
        )
        return
    _comparison(lib, picked)
