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
    st.markdown(BASES_TEXT)
    st.subheader("Hosted plans in use")
    st.dataframe(
        plans_sources_table(ctx.scenario.plans),
        hide_index=True,
        key="table:assumptions:plans",
        column_config={
            "Changed": st.column_config.CheckboxColumn("Changed", width="small"),
            "Source": st.column_config.TextColumn("Source", width="large"),
        },
    )
