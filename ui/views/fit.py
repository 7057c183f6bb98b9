"""Fit: what each option offers against what the organisation requires, beside the cost.

The matrix has a row per requirement set in the sidebar (*Requirements*) and a column per
option; each cell says ``yes``, ``no`` (with what is offered and how far short) or ``unknown``
in words and with a mark, and is coloured green / red / grey: the colour is never the only
sign. Unknown never counts as meeting.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.analyses.fit import Fit, cheapest_lines, fix_lines, requirements_differ
from planner.outputs.content import fit_csv
from ui import compute
from ui.formats import money, plain
from ui.views.context import ViewContext

MARKS = {"yes": "\u2713", "no": "\u2717", "unknown": "?"}
"""A mark before each cell's words (✓, ✗, ?: in every common font; the words say it too)."""
NONE_MEETS = "none meets them all"
COLOURS = {"yes": "#c6efce", "no": "#ffc7ce", "unknown": "#e7e6e6"}


def matrix_frame(fit: Fit) -> pd.DataFrame:
    """Option rows x requirement columns of cell text (``✅ yes (100 GB)``); the first row is
    what is required. Every cell and column name is escaped (:func:`ui.formats.plain`):
    ``st.table`` reads Markdown, and option names are the user's text."""
    m = fit.matrix
    rows = [["Required", *(c.required for c in m.cells[0])]]
    rows += [
        [option, *(f"{MARKS[c.meets]} {c.summary}" for c in row)]
        for option, row in zip(m.options, m.cells, strict=True)
    ]
    frame = pd.DataFrame(rows, columns=["Option", *m.requirements])
    return frame.map(plain).rename(columns=plain)


def _colour(text: object) -> str:
    for meets, mark in MARKS.items():
        if isinstance(text, str) and text.startswith(mark):
            return f"background-color: {COLOURS[meets]}; color: #1a1a1a"
    return ""


def costs_frame(fit: Fit) -> pd.DataFrame:
    """Each requirement's cost: the cheapest fitting TCO with it, without it, the difference
    (as text: ``USD 211,579``, or that no option meets them all)."""
    cur = fit.currency

    def shown(x: float | None) -> str:
        return NONE_MEETS if x is None else money(x, cur)

    return pd.DataFrame(
        {
            "Requirement": [c.requirement for c in fit.requirement_costs],
            "Cheapest TCO with it": [shown(c.with_it) for c in fit.requirement_costs],
            "Cheapest TCO without it": [shown(c.without_it) for c in fit.requirement_costs],
            "What it costs": [
                "-" if c.cost is None else money(c.cost, cur) for c in fit.requirement_costs
            ],
        }
    )


def render(ctx: ViewContext) -> None:
    fit = compute.fit(ctx.key)
    cur = ctx.currency
    lines = cheapest_lines(fit)
    left, right = st.columns(2)
    left.metric(
        "Cheapest on cost alone",
        money(fit.tco[fit.cheapest_on_cost], cur),
        delta=plain(fit.name(fit.cheapest_on_cost)),
        delta_color="off",
        delta_arrow="off",
        help=lines[0],
    )
    best = fit.cheapest_meeting_all
    right.metric(
        "Cheapest that meets every requirement",
        NONE_MEETS if best is None else money(fit.tco[best], cur),
        delta=None if best is None else plain(fit.name(best)),
        delta_color="off",
        delta_arrow="off",
        help=lines[1],
    )
    st.subheader("What each option offers against what you require")
    with st.container(key="fit-matrix"):
        st.table(matrix_frame(fit).style.map(_colour).hide(axis="index"))
    st.caption(
        "Each cell: \u2713 yes, \u2717 no (what is offered and how far short) or ? "
        "unknown (the provider does not state it; unknown never counts as meeting). Set the "
        "requirements in the sidebar under *Requirements*; the attachment size is the mail "
        "profile's largest attachment needed; a segment's own quota, attachment or data "
        "region (in 'User segments') is a row named after the segment."
    )
    for line in fix_lines(fit):
        st.info(plain(line))
    st.subheader("What each requirement costs")
    st.dataframe(
        costs_frame(fit),
        hide_index=True,
        key="table:fit:costs",
    )
    st.caption(
        "The cheapest TCO of an option meeting every requirement (in-house made to fit "
        "included), minus the same without that one requirement."
    )
    st.download_button(
        "Download fit matrix (.csv)",
        data=fit_csv(fit),
        file_name="fit.csv",
        mime="text/csv",
        key="download_fit",
        on_click="ignore",
        help="The columns of 'planner fit --csv': option, requirement, required, offered, meets.",
    )


def headline(ctx: ViewContext) -> None:
    """The Overview's line when requirements are set: the cheapest option that meets every
    requirement, beside the cheapest on cost alone."""
    if not requirements_differ(ctx.scenario):
        return
    fit = compute.fit(ctx.key)
    best = fit.cheapest_meeting_all
    if best is None:
        st.warning(
            "No option meets every requirement (see the *Fit* tab); cheapest on cost alone: "
            f"**{plain(fit.name(fit.cheapest_on_cost))}**."
        )
        return
    st.success(
        f"Cheapest option that meets every requirement: **{plain(fit.name(best))}**, "
        f"{money(fit.tco[best], ctx.currency)} over {fit.horizon_years} years "
        "(see the *Fit* tab)."
    )
