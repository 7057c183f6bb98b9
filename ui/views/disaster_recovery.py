"""Disaster recovery: each in-house DR level against each hosted plan's SLA and expected uptime."""

from __future__ import annotations

import streamlit as st

from ui import compute
from ui.figures import dr_figure, dr_labels, option_reasons
from ui.tables import dr_table
from ui.views.common import chart, money_columns
from ui.views.context import ViewContext


def render(ctx: ViewContext) -> None:
    dr = compute.dr_levels(ctx.key)
    r = ctx.results
    reasons = {o: why for o, why in zip(r.options, option_reasons(r), strict=True) if why}
    chart(dr_figure(dr, ctx.colours, set(reasons)), key="chart:dr:levels")
    if reasons:
        st.caption(
            f"{len(reasons)} plan{'s' if len(reasons) > 1 else ''} marked (does not fit) do "
            "not fit your organisation as is (column Fits as is): their costs are shown for "
            "comparison only."
        )
    table = dr_table(dr, dr_labels(dr, set(reasons)), reasons)
    st.dataframe(
        table,
        hide_index=True,
        key="table:dr:levels",
        column_config=money_columns(
            ["Cost without downtime", "Expected downtime loss", "Total"], ctx.currency
        ),
    )
    risk = ctx.scenario.risk
    cost = risk.downtime_cost_per_user_hour * ctx.scenario.finance.display_per_input
    counted = "counts" if risk.include_downtime else "does not count"
    share = ctx.scenario.hosted.unpublished_outage_share_of_sla_pct
    st.caption(
        f"Expected downtime loss = (1 - expected availability) x 8,760 hours x "
        f"{risk.working_hours_share_pct:g}% of them in working time (per segment where a "
        f"segment sets its own) x {cost:,.2f} {ctx.currency} per working user-hour x users, "
        f"each year, for every option. Your TCO {counted} it (see 'Count expected downtime "
        "loss in TCO'). Expected availability counts unplanned outages; planned maintenance "
        "is taken to fall outside working time. A plan's SLA is a contractual floor, not the "
        "uptime to expect: each plan is priced at its expected availability (the provider's "
        "published achieved uptime or an estimate; a plan that publishes none is estimated "
        f"to be down {share:g}% of the hours its SLA allows), and the last column says what "
        "the SLA pays back when it is missed, which is not counted as a cost or a saving."
    )
