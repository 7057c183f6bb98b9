"""Scalability: servers by year, and cost per user per month from 10 to 20,000 users."""

from __future__ import annotations

import streamlit as st

from ui import compute
from ui.figures import option_reasons, scalability_figure, servers_figure
from ui.tables import crossings_table, servers_table
from ui.views.common import chart
from ui.views.context import ViewContext


def render(ctx: ViewContext) -> None:
    r = ctx.results
    chart(servers_figure(r), key="chart:scalability:servers")
    st.dataframe(servers_table(r), hide_index=True, key="table:scalability:servers")
    scal = compute.scalability(ctx.key)
    figure = scalability_figure(
        scal,
        ctx.colours,
        ctx.currency,
        current_users=ctx.scenario.organisation.users,
        fits=r.summary.fits[0].tolist(),
        reasons=option_reasons(r),
    )
    # A plan that does not fit at today's headcount is marked in the legend and says why in
    # the hover, so a stopped line is never a mystery.
    chart(figure, key="chart:scalability:per_user")
    st.caption(
        "Each point is this scenario with a different headcount today (everything else as "
        "set). A plan's line stops where its user cap is exceeded. X marks where a plan "
        "crosses in-house."
    )
    crossing = crossings_table(scal)
    if crossing.empty:
        st.write("No plan crosses in-house between 10 and 20,000 users.")
    else:
        st.dataframe(crossing, hide_index=True, key="table:scalability:crossings")
