"""The page: sidebar inputs, the plans table, the scenario built from them, the open tab.

Order of a run: load the scenario on a session's first run (link or default preset); draw
the inputs; build the scenario from them (an invalid combination shows its messages next
to the inputs and keeps the last valid scenario on screen); share it through the address;
offer the downloads; render the open tab.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from planner.errors import PlannerError, ScenarioValueError
from planner.model.currencies import CATALOGUE
from planner.model.defaults import catalogue, preset_files
from planner.model.describe import described, file_stem
from planner.model.files import load_scenario, to_toml
from planner.model.scenario import Scenario
from ui import (
    catalogue_editor,
    compute,
    guided_start,
    report_downloads,
    segments_editor,
    sidebar,
    state,
)
from ui.figures import option_colours
from ui.formats import plain
from ui.results import Results, report_csv_of
from ui.views import TABS, ViewContext


@cache
def _preset(path: Path) -> Scenario:
    return load_scenario(path)


def _base() -> Scenario:
    """What the scenario on screen is compared with to tell whether it changed: the file
    or preset loaded; for a link, the preset it names (a link carries changed inputs)."""
    loaded = state.loaded_scenario()
    if state.loaded_from() != "link":
        return loaded
    path = preset_files().get(str(st.session_state.get(state.PRESET_KEY)))
    try:
        return loaded if path is None else _preset(path)
    except PlannerError:
        return loaded


def _build(
    plans: list[dict[str, object]],
    plan_problems: list[str],
    segments: list[dict[str, object]] | None = None,
) -> tuple[Scenario, list[str]]:
    """The scenario the inputs describe, or the last valid one and the problems."""
    problems = list(plan_problems)
    if not problems:
        try:
            scenario = state.scenario_from_values(
                state.loaded_scenario(), state.widget_values(), plans, segments
            )
        except ScenarioValueError as exc:
            problems = exc.problems
        else:
            state.remember_valid(scenario)
            return scenario, []
    return state.last_valid(), problems


PLANS_OPEN_KEY = "plans_open"
"""Key of the expander holding the plans table (True while it is open)."""
_PLANS_EDITED = "_plans_edited"  # (editor version, the table as last edited)
_PLANS_START = "_plans_start"  # (editor version, the table the open editor started from)


def _plans_table() -> tuple[list[dict[str, object]], list[str]]:
    """The plans to compare, from the plans table; the table is drawn only while its
    expander is open (a closed one costs the browser no data grid).

    Closed, the plans are those of the table as last edited (the loaded plans if it was
    never opened). Opened again, the table starts from its last edits, so closing it
    loses nothing."""
    box = st.expander(
        "Hosted plans: edit a price or add a row to compare a quote",
        key=PLANS_OPEN_KEY,
        on_change="rerun",
    )
    edited = state.kept_table(_PLANS_EDITED)
    if not box.open:
        st.session_state.pop(_PLANS_START, None)  # the editor is gone with its edits
        if edited is None:
            return [p.model_dump() for p in state.loaded_scenario().plans], []
        plans, plan_problems = catalogue_editor.plans_from_frame(
            edited, state.loaded_scenario().plans
        )
        for problem in plan_problems:  # the table is closed: say so under its header
            st.error(plain(problem))
        return plans, plan_problems
    start = state.kept_table(_PLANS_START)
    if start is None:  # just opened: start from the last edits (or the loaded plans)
        loaded = state.loaded_scenario().plans
        start = catalogue_editor.plans_frame(loaded) if edited is None else edited
        st.session_state[_PLANS_START] = (state.editor_version(), start)
    with box:
        st.caption(
            "Type a provider's quote into a new row (provider, plan, price, mailbox, "
            "attachment limit and SLA are required). Prices are per user per month, in "
            "the row's Currency (the catalogue's are US dollars; a quote may state its own)."
        )
        edited = catalogue_editor.render(
            state.loaded_scenario().plans,
            state.editor_version(),
            CATALOGUE,  # money columns say 'plan currency': each row states its own
            start,
        )
        st.session_state[_PLANS_EDITED] = (state.editor_version(), edited)
        plans, plan_problems = catalogue_editor.plans_from_frame(
            edited, state.loaded_scenario().plans
        )
        for problem in plan_problems:
            st.error(plain(problem))
    return plans, plan_problems


def _downloads(
    slot: st.delta_generator.DeltaGenerator, scenario: Scenario, results: Results, slug: str
) -> None:

    def report() -> bytes:  # made only when the button is clicked
        return report_csv_of(scenario, results.projection)

    with slot:
        st.download_button(
            "Download scenario (.toml)",
            data=to_toml(scenario),
            file_name=f"{slug}.toml",
            mime="application/toml",
            key="download_scenario",
            on_click="ignore",
            help="The scenario on screen, as the differences from the defaults. Open it "
            "again here or with the command line (planner report FILE).",
        )
        st.download_button(
            "Download full report (.csv)",
            data=report,
            file_name=f"{slug}-costs.csv",
            mime="text/csv",
            key="download_csv",
            on_click="ignore",
            help="Every cost line of every option, year by year: the same columns as "
            "'planner report --csv' (scenario, year, option, category, kind, cost, currency).",
        )
        report_downloads.render(scenario, slug)


STALE_TITLE = "These results are out of date."


def _stale_banner(
    slots: sidebar.SidebarSlots, problems: list[str], plan_problems: list[str], shown: Scenario
) -> None:
    """Say loudly that the numbers on screen are not those of the inputs, and why."""
    if not plan_problems:  # those are shown under the plans table
        with slots.problems:
            st.error(
                "These inputs are not valid, so the results show the last valid "
                "scenario:\n\n" + "\n".join(f"- {plain(p)}" for p in problems)
            )
    org = shown.organisation
    st.warning(
        f"**{STALE_TITLE}** An input is not valid, so every number below is still that of "
        f"the last valid scenario ({org.users:,} users, {org.horizon_years} years), not of "
        "what you typed. Fix this and the results follow:\n\n"
        + "\n".join(f"- {plain(p)}" for p in problems),
        icon=":material/warning:",
    )


PAGE_STYLE = """<style>
/* The sidebar holds the inputs: its collapsed-sidebar button says so in words. */
[data-testid="stExpandSidebarButton"] {
  width: auto; gap: 0.3rem; padding: 0.2rem 0.7rem 0.2rem 0.4rem;
  border: 1px solid rgba(49, 51, 63, 0.35); border-radius: 0.5rem;
}
[data-testid="stExpandSidebarButton"]::after {
  content: "Inputs"; font-size: 1rem; font-weight: 600; color: rgb(49, 51, 63);
}
/* A Markdown table wider than the page scrolls inside its own box, not the page. */
[data-testid="stMarkdownContainer"] table {
  display: block; max-width: 100%; overflow-x: auto;
}
@media (max-width: 640px) {
  /* A phone: a column of numbers keeps its width and scrolls with the rest. */
  [data-testid="stMarkdownContainer"] table td { min-width: 5rem; }
}
</style>"""
"""The page's own stylesheet: a fixed text (no user text ever reaches it), sent once per run
as the app's only HTML (``tests/hardening/test_no_code_execution.py`` allows this one)."""


def _link_messages() -> None:
    """What was wrong with the link this session opened: its scenario, its saved scenarios."""
    link_message = state.link_message()
    if link_message:
        st.error(plain(link_message))
    saved_message = state.saved_link_message()
    if saved_message:
        st.warning(plain(saved_message))


def render() -> None:
    """Draw the whole page for one run."""
    st.html(PAGE_STYLE)
    state.initialise()
    slots = sidebar.render()

    st.title("Exchange Cost Planner")
    if guided_start.render():  # a first visit: the questions before anything else
        return
    _link_messages()
    plans, plan_problems = _plans_table()
    segments, segment_problems = segments_editor.table(plans)
    plan_problems += segment_problems  # shown under their tables, as the plans' are
    built, problems = _build(plans, plan_problems, segments)
    if problems:
        _stale_banner(slots, problems, plan_problems, built)
    else:
        state.sync_url(built)
    state.sync_saved_url()
    base = _base()
    scenario = described(built, base)
    key = compute.key_of(scenario)
    results = compute.results(key)
    _downloads(slots.downloads, scenario, results, file_stem(scenario, base))
    st.caption(
        f"**{plain(scenario.name)}**"
        + (f" - {plain(scenario.description)}" if scenario.description else "")
    )
    known = [p.label for p in catalogue()]
    ctx = ViewContext(
        scenario=scenario,
        key=key,
        results=results,
        colours=option_colours([p.label for p in scenario.plans], known),
    )
    tabs = st.tabs([title for title, _ in TABS], key=state.VIEW_KEY, bind="query-params")
    for tab, (_, view) in zip(tabs, TABS, strict=True):
        if tab.open:
            with tab:
                view(ctx)
