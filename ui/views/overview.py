"""Overview: the headline numbers and the cumulative cost of every option."""

from __future__ import annotations

import math

import streamlit as st

from ui.figures import cumulative_figure
from ui.formats import money, money_cents, plain, year_text
from ui.results import best_hosted
from ui.tables import options_table
from ui.views import fit
from ui.views.common import chart, money_columns
from ui.views.context import ViewContext

METRICS = (
    "In-house TCO",
    "Cheapest hosted TCO",
    "Saving with hosted",
    "In-house breaks even",
    "In-house per user per month",
    "Hosted per user per month",
)
"""Labels of the headline metrics (stable: the tests and the browser find them by label)."""


def render(ctx: ViewContext) -> None:
    r, s, cur = ctx.results, ctx.results.summary, ctx.currency
    h = r.horizon_years
    fin = ctx.scenario.finance
    basis = (
        "net of the hardware's residual value"
        if fin.tco_basis == "net_of_residual"
        else ("in cash spent")
    )
    downtime = "including" if ctx.scenario.risk.include_downtime else "excluding"
    st.caption(
        f"Totals over {h} years (year 0 upfront, then years 1-{h}), {basis}, {downtime} "
        f"expected downtime loss; {ctx.scenario.organisation.users:,} users today."
    )
    best = best_hosted(s)
    inhouse_tco = float(s.tco[0, 0])
    top = st.columns(3)
    bottom = st.columns(3)
    top[0].metric(
        METRICS[0],
        money(inhouse_tco, cur),
        help="Total cost of ownership of running Exchange Server yourself.",
    )
    bottom[1].metric(
        METRICS[4],
        money_cents(s.cost_per_user_month[0, 0], cur),
        help="In-house TCO / (12 x the users of each operating year).",
    )
    if best is None:
        top[1].metric(
            METRICS[1],
            "no plan fits",
            help="Every hosted plan has a user cap, mailbox or attachment problem.",
        )
        top[2].metric(METRICS[2], "-")
        bottom[0].metric(METRICS[3], "-")
        bottom[2].metric(METRICS[5], "-")
    else:
        hosted_tco = float(s.tco[0, best])
        saving = inhouse_tco - hosted_tco
        top[1].metric(
            METRICS[1],
            money(hosted_tco, cur),
            delta=plain(r.options[best]),
            delta_color="off",
            delta_arrow="off",
            help="The cheapest hosted plan that fits the organisation as is.",
        )
        share = saving / inhouse_tco * 100 if inhouse_tco else math.nan
        top[2].metric(
            METRICS[2],
            money(saving, cur),
            delta=None if math.isnan(share) else f"{share:.0f}% of in-house",
            delta_color="normal",
            help="In-house TCO minus the cheapest hosted plan's TCO "
            "(negative: in-house is cheaper).",
        )
        bottom[0].metric(
            METRICS[3],
            year_text(float(s.breakeven_year[0, best]), h),
            help="First year from which in-house's cumulative cost stays at or "
            "below the cheapest hosted plan's, through the horizon.",
        )
        bottom[2].metric(
            METRICS[5],
            money_cents(s.cost_per_user_month[0, best], cur),
            delta=plain(r.options[best]),
            delta_color="off",
            delta_arrow="off",
        )
    fit.headline(ctx)
    cheapest = int(s.cheapest[0])
    if cheapest == 0:
        st.info("Cheapest option that fits: **in-house Exchange**.")
    else:
        st.info(
            f"Cheapest option that fits: **{plain(r.options[cheapest])}**, "
            f"{money(inhouse_tco - float(s.tco[0, cheapest]), cur)} less than in-house over "
            f"{h} years."
        )
    chart(cumulative_figure(r, ctx.colours, cur), key="chart:overview:cumulative")
    st.subheader("Every option")
    table = options_table(r, ctx.scenario.plans)
    st.dataframe(
        table,
        hide_index=True,
        key="table:overview:options",
        column_config={
            **money_columns(["TCO", "NPV", "Capex", "Opex", "Residual value"], cur),
            **money_columns(["Per user per month"], cur, digits=2),
            "Fits": st.column_config.CheckboxColumn("Fits as is"),
            "Notes": st.column_config.TextColumn("Notes", width="large"),
        },
    )
    st.caption(
        f"NPV discounts each year's cost at {fin.discount_rate_pct:g}% a year. Break-even: "
        "first year from which in-house's cumulative cost stays at or below the plan's. "
        "Illustrative plans have unpublished prices: type a real quote into the plans table."
    )
