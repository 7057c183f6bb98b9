"""Segments: each option's cost split over the user segments, where the best mix, the best
all-in-house and the best all-hosted placements put each segment, what each segment needs
and where it may go, and why a segment did not get a cheaper plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.outputs.segments import CHEAPER_NOTE, NO_CHEAPER
from ui.formats import plain
from ui.segment_figures import segment_stack_figure
from ui.segment_tables import (
    cheaper_table,
    choices_table,
    has_segments,
    needs_table,
    placement_table,
    search_text,
    segment_tco_table,
)
from ui.segments_editor import OPEN_KEY
from ui.views.common import chart, money_columns
from ui.views.context import ViewContext

NO_SEGMENTS = (
    "This scenario has no user segments, so everyone is one group and every option "
    "carries all users. Segments are groups of users with their own mailbox, growth and "
    "needs (frontline staff on phones, office staff, executives and legal with large "
    "mailboxes), each placed in-house or on the plan that suits it; the planner then "
    "searches the cheapest mix. Add rows in 'User segments' above the tabs, or start from "
    "the preset 'Segments and hybrid (1,200 users in three groups)'."
)


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    """A text table for ``st.table``, which reads Markdown: every cell shown as typed."""
    return table.map(plain)


def _placements(ctx: ViewContext) -> None:
    r = ctx.results
    mix = r.projection.mix
    assert mix is not None
    st.subheader("Where each segment goes")
    with st.container(key="table:segments:placement"):
        st.table(_shown(placement_table(r, ctx.scenario)), hide_index=True)
    with st.container(key="table:segments:choices"):
        st.table(_shown(choices_table(r, ctx.currency)), hide_index=True)
    st.caption(
        plain(search_text(mix))
        + " Best mix: the cheapest placement that puts every segment where it may go and "
        "fits, searched as a whole (fixed costs make placements interact). A hybrid keeps "
        "some segments in-house and moves the others: it carries the hybrid set-up, a "
        "directory-sync host and the cost of running two platforms (sidebar, 'Hybrid')."
    )


def _needs(ctx: ViewContext) -> None:
    """Each segment's requirements and where it may go; why it did not get a cheaper plan."""
    r = ctx.results
    st.subheader("What each segment needs, and where it may go")
    with st.container(key="table:segments:needs"):
        st.table(_shown(needs_table(r, ctx.scenario)), hide_index=True)
    st.caption(
        "A segment's quota, attachment and region are its own where set in 'User segments', "
        "else the organisation's (sidebar, *Requirements*; the region only limits a segment "
        "that sets its own). A plan takes a segment only when its mailbox holds the quota, its "
        "message limit the attachment, it keeps data in the region and the segment's "
        "'may go to' list names it. In-house storage is sized for the segment's mailbox at "
        "the horizon (today's plus growth); the Fit tab shows what making it fit costs."
    )
    st.subheader("Why a segment did not get a cheaper plan")
    cheaper = cheaper_table(r, ctx.scenario)
    if cheaper.empty:
        st.write(plain(NO_CHEAPER))
        return
    with st.container(key="table:segments:cheaper"):
        st.table(_shown(cheaper), hide_index=True)
    st.caption(plain(CHEAPER_NOTE))


def _by_segment(ctx: ViewContext) -> None:
    r = ctx.results
    figure = segment_stack_figure(r, ctx.colours, ctx.currency)
    chart(figure, key="chart:segments:stack")
    st.caption(
        "Each bar is an option's TCO; its parts are the segments' shares: hardware and "
        "storage by mailbox GB (users x mailbox), every other line by users. The split is "
        "for reading; the search and every total use the whole parts."
    )
    table = segment_tco_table(r)
    money = [c for c in table.columns if c != "Option"]
    with st.expander("The chart's numbers"):
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config=money_columns(money, ctx.currency),
        )


def _open_editor() -> None:
    """Open the 'User segments' table above the tabs (a callback: runs before the page)."""
    st.session_state[OPEN_KEY] = True


def render(ctx: ViewContext) -> None:
    if not has_segments(ctx.results):
        st.info(NO_SEGMENTS)
        st.button("Open the segments table", key="segments:open_editor", on_click=_open_editor)
        return
    _placements(ctx)
    _needs(ctx)
    _by_segment(ctx)
