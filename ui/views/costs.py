"""Costs by year: every option by category, one option year by year, and the tables."""

from __future__ import annotations

import streamlit as st

from ui.figures import totals_by_category_figure, yearly_by_category_figure
from ui.tables import category_year_table, yearly_totals_table
from ui.views.common import chart, keep, kept, money_columns
from ui.views.context import ViewContext

OPTION_KEY = "costs:option"


def render(ctx: ViewContext) -> None:
    r, cur = ctx.results, ctx.currency
    chart(totals_by_category_figure(r, cur), key="chart:costs:totals")
    options = list(r.options)
    kept(OPTION_KEY, options[0])
    if st.session_state[OPTION_KEY] not in options:
        st.session_state[OPTION_KEY] = options[0]
    choice = st.selectbox(
        "Option to show year by year",
        options,
        key=OPTION_KEY,
        on_change=keep,
        args=(OPTION_KEY,),
        bind="query-params",
    )
    index = options.index(choice)
    chart(yearly_by_category_figure(r, index, cur), key="chart:costs:yearly")
    table = category_year_table(r, index)
    st.dataframe(
        table,
        hide_index=True,
        key="table:costs:categories",
        column_config=money_columns([c for c in table.columns if c != "Category"], cur),
    )
    st.subheader("Every option, year by year")
    totals = yearly_totals_table(r)
    st.dataframe(
        totals,
        hide_index=True,
        key="table:costs:years",
        column_config=money_columns([c for c in totals.columns if c != "Option"], cur),
    )
    st.caption(
        "Year 0 holds the upfront costs (build, migration, purchases for year 1). Residual "
        "value appears as a negative cost in the horizon year when the TCO is net of it. "
        "The full table, line by line, is in the CSV download."
    )
