"""Assumptions: every value in use with its source, basis and date; changes marked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.model.regions import regions, source_rows
from ui import state
from ui.formats import plain
from ui.tables import assumptions_table, plans_sources_table
from ui.views.common import keep, kept
from ui.views.context import ViewContext

CHANGED_ONLY_KEY = "assumptions:changed_only"
SOURCE_KEY = "assumptions:source"
PLAN_SOURCE_KEY = "assumptions:plan_source"
BASES_TEXT = (
    "**published**: from a public primary source; **unverified**: a public figure not "
    "confirmed in a primary source; **estimate**: this project's estimate (the source "
    "gives the reasoning); **example**: a fact about your own organisation - replace it."
)


def _region_sources(key: str) -> None:
    """The region's defaults and the size rules, each with its source (when one is set)."""
    if not key:
        return
    known = regions()
    if key not in known:
        st.warning(plain(f"Region {key!r} is not in the regions file: no sources to show."))
        return
    st.subheader(f"Defaults for {plain(known[key].name)}")
    st.caption(
        "Set when the region was applied (sidebar): money in the region's currency, and the "
        "size rules that fitted today's estate and the incident cost to the headcount. Every "
        "value stays editable; the table below marks what now differs from the US defaults."
    )
    st.dataframe(
        pd.DataFrame(source_rows(key)),
        hide_index=True,
        key="table:assumptions:region",
        column_config={"Source": st.column_config.TextColumn("Source", width="large")},
    )


def render(ctx: ViewContext) -> None:
    table = assumptions_table(ctx.scenario)
    changed = int(table["Changed"].sum())
    st.write(
        f"{changed} of {len(table)} values differ from the defaults "
        f"(loaded from {plain(state.loaded_from() or 'the defaults')})."
    )
    _region_sources(ctx.scenario.organisation.region)
    kept(CHANGED_ONLY_KEY, False)
    only = st.checkbox(
        "Show only values that differ from the defaults",
        key=CHANGED_ONLY_KEY,
        on_change=keep,
        args=(CHANGED_ONLY_KEY,),
        bind="query-params",
    )
    shown = table[table["Changed"]] if only else table
    st.dataframe(
        shown,
        hide_index=True,
        key="table:assumptions:values",
        height=560,
        column_config={
            "Changed": st.column_config.CheckboxColumn("Changed", width="small"),
            "Source": st.column_config.TextColumn("Source", width="large"),
        },
    )
    _source_whole(shown)
    st.markdown(BASES_TEXT)
    st.subheader("Hosted plans in use")
    plans = plans_sources_table(ctx.scenario.plans)
    st.dataframe(
        plans,
        hide_index=True,
        key="table:assumptions:plans",
        column_config={
            "Changed": st.column_config.CheckboxColumn("Changed", width="small"),
            "Source": st.column_config.TextColumn("Source", width="large"),
        },
    )
    _plan_source_whole(plans)


def _source_whole(table: pd.DataFrame) -> None:
    """A source cut to the table's column, read whole: pick the value, read its source."""
    if table.empty:
        return
    rows = list(table.index)
    kept(SOURCE_KEY, rows[0])
    if st.session_state[SOURCE_KEY] not in rows:
        st.session_state[SOURCE_KEY] = rows[0]
    with st.container(key="assumptions-source-whole"):
        row = st.selectbox(
            "Read a source whole",
            rows,
            key=SOURCE_KEY,
            on_change=keep,
            args=(SOURCE_KEY,),
            format_func=lambda i: f"{table.loc[i, 'Group']!s}: {table.loc[i, 'Assumption']!s}",
            help="The table cuts long sources to its column's width; the source of the value "
            "picked here is shown in full below.",
        )
        item = table.loc[row]
        basis = f"{item['Basis']}, as of {item['As of']}" if item["Basis"] else "no default"
        st.markdown(f"**{plain(item['Assumption'])}** ({plain(basis)}): {plain(item['Source'])}")


def _plan_source_whole(table: pd.DataFrame) -> None:
    """A plan's source, read whole (the table cuts it to its column's width)."""
    if table.empty:
        return
    plans = list(table["Plan"])
    kept(PLAN_SOURCE_KEY, plans[0])
    if st.session_state[PLAN_SOURCE_KEY] not in plans:
        st.session_state[PLAN_SOURCE_KEY] = plans[0]
    with st.container(key="assumptions-plan-source-whole"):
        plan = st.selectbox(
            "Read a plan's source whole",
            plans,
            key=PLAN_SOURCE_KEY,
            on_change=keep,
            args=(PLAN_SOURCE_KEY,),
        )
        source = table.loc[table["Plan"] == plan].iloc[0, -1]  # the source is the last column
        st.markdown(f"**{plain(plan)}**: {plain(source)}")
