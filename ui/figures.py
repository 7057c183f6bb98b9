"""Plotly figures built from engine results. Pure functions: no streamlit, no I/O.

Conventions, stated once: colours and the escaping of names come from
:mod:`planner.outputs.chart_style`, shared with the reports (one colour per option in every
chart, in-house always the same, plans keyed by their label; one colour per cost category);
every name (plan, option, scenario) reaches a figure through ``chart_text``, so Plotly draws
it as typed, never as a link or styled text; a legend or an axis names an option by its short
name, "(does not fit)" after one that does not fit as is, and the hover gives the full name
and the reason (:func:`legend_names`, :func:`option_reasons`); legends sit below the plot,
so the plot keeps the chart's width on a phone too; money axes are titled with the currency; the
year axis runs from 0 (upfront) to the horizon.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from planner.analyses.dr_levels import DrComparison
from planner.analyses.scalability import Scalability, crossings
from planner.engine.categories import CATEGORIES, LINES
from planner.engine.projection import INHOUSE
from planner.model.scenario import Plan
from planner.outputs.chart_style import (
    CATEGORY_COLOURS,
    INHOUSE_COLOUR,
    LEGEND_BELOW,
    UNFIT_MARK,
    chart_text,
    hover_name,
    legend_height_px,
    legend_name,
    short_names,
)
from planner.outputs.chart_style import PLAN_PALETTE as PLAN_PALETTE
from planner.outputs.chart_style import option_colours as option_colours
from ui.results import Results

Floats = NDArray[np.float64]

HEIGHT_PX = 440
TITLE_LINE_CHARS = 36
"""A chart's title wraps at this many characters: one line of 17 px text on a phone."""
TITLE_LINE_PX = 22
"""The top margin added for each line of a title past the first."""
_FONT = {"size": 13, "color": "#2a3f5f"}
_AXIS = {
    "gridcolor": "#ebf0f8",
    "linecolor": "#ebf0f8",
    "zerolinecolor": "#ebf0f8",
    "zerolinewidth": 2,
    "showgrid": True,
    "automargin": True,
    "ticks": "",
}
"""Plotly's 'plotly_white' look, written out: applying the named template costs ~15 ms."""


def chart_layout(title: str, x_title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    """The layout every chart shares (title, axis titles, the written-out white look);
    ``extra`` adds keys or merges into a shared dict key (``xaxis={"type": "log"}``).

    The title (already inert) wraps at :data:`TITLE_LINE_CHARS` characters, between words,
    and the top margin grows a line for each line past the first: a phone's chart is about
    360 px wide, which one line of a long title overran."""
    lines = textwrap.wrap(title, TITLE_LINE_CHARS, break_long_words=False) or [""]
    layout: dict[str, Any] = {
        "title": {"text": "<br>".join(lines), "x": 0.01, "xanchor": "left"},
        "template": "none",
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": HEIGHT_PX,
        "font": _FONT,
        "hoverlabel": {"align": "left"},
        "margin": {"l": 70, "r": 20, "t": 60 + TITLE_LINE_PX * (len(lines) - 1), "b": 60},
        "xaxis": {**_AXIS, "title": {"text": x_title, "standoff": 15}},
        "yaxis": {**_AXIS, "title": {"text": y_title, "standoff": 15}},
        "legend": dict(LEGEND_BELOW),
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


ROW_PX = 40
"""Height of one row of a horizontal bar chart whose names are written above the bars."""
ROW_BAR_WIDTH = 0.45
"""A row's bar, as a share of the row (the rest holds its name)."""


def names_above_rows(names: Sequence[str]) -> dict[str, Any]:
    """Layout keys that write each row's name (already made inert) above its bar, from the
    plot's left edge, for bars drawn at y = 0, 1, ... with :data:`ROW_BAR_WIDTH`: names as
    axis labels would take most of a phone's width from the bars (a plot of 64 px)."""
    return {
        "yaxis": {
            "range": [len(names) - 0.5, -0.9],  # reversed: the first row on top, its name shown
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
        },
        "margin": {"l": 20},
        "annotations": [
            {
                "text": name,
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": i - ROW_BAR_WIDTH / 2,
                "yref": "y",
                "yanchor": "bottom",
                "showarrow": False,
                "align": "left",
            }
            for i, name in enumerate(names)
        ],
    }


def _year_axis(horizon: int) -> dict[str, Any]:
    return {"tickmode": "linear", "dtick": 1, "range": [-0.5, horizon + 0.5]}


def cumulative_figure(results: Results, colours: Mapping[str, str], currency: str) -> go.Figure:
    """Cumulative cost by year (sum of yearly totals to date) of every option.

    In-house is a thick line; a plan that does not fit as is (user cap, mailbox or
    attachment limit) is dotted.
    """
    s, years = results.summary, results.projection.years
    horizon = results.horizon_years
    names, reasons = legend_names(results), option_reasons(results)
    traces = []
    for j, option in enumerate(results.options):
        inhouse = j == 0
        traces.append(
            go.Scatter(
                x=years[: horizon + 1],
                y=s.cumulative[0, j, : horizon + 1],
                name=chart_text(names[j]),
                mode="lines+markers",
                line={
                    "color": colours[option],
                    "width": 4 if inhouse else 2,
                    "dash": "solid" if s.fits[0, j] else "dot",
                },
                marker={"size": 7 if inhouse else 5},
                hovertemplate=f"{hover_name(option, reasons[j])}<br>year %{{x}}: "
                f"%{{y:,.0f}} {currency}<extra></extra>",
            )
        )
    return go.Figure(
        data=traces,
        layout=chart_layout(
            "Cumulative cost: in-house against every hosted plan",
            "Year (0 = upfront)",
            f"Cumulative cost ({currency})",
            xaxis=_year_axis(horizon),
            hovermode="closest",
            height=HEIGHT_PX + legend_height_px(len(traces)),
        ),
    )


def category_totals(results: Results) -> dict[str, Floats]:
    """Cost over the horizon by category id: {category: (O,)}, on the TCO basis (residual
    lines, negative, only when the TCO is net of residual value), so an option's bars add up
    to its TCO as in the summary CSV."""
    costs = results.projection.costs
    assert costs is not None
    net = bool(results.projection.net_of_residual[0])
    totals: dict[str, Floats] = {}
    for i, line in enumerate(LINES):
        if line.kind == "residual" and not net:
            continue
        totals[line.category] = totals.get(line.category, 0) + costs[0, :, i, :].sum(axis=1)
    return totals


def totals_by_category_figure(results: Results, currency: str) -> go.Figure:
    """Each option's cost over the horizon, stacked by category (residual value negative)."""
    totals = category_totals(results)
    options = [chart_text(name) for name in legend_names(results)]
    traces = [
        go.Bar(
            y=list(range(len(options))),
            x=values,
            width=ROW_BAR_WIDTH,
            customdata=options,
            name=CATEGORIES[category],
            orientation="h",
            marker={"color": CATEGORY_COLOURS[category]},
            hovertemplate=f"{CATEGORIES[category]}<br>%{{customdata}}: %{{x:,.0f}} {currency}"
            "<extra></extra>",
        )
        for category, values in totals.items()
        if np.abs(values).sum() > 0
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            f"Cost over {results.horizon_years} years by category",
            f"Cost over the horizon ({currency})",
            "",
            barmode="relative",
            height=max(HEIGHT_PX, ROW_PX * len(options) + 140) + legend_height_px(len(traces)),
            **names_above_rows(options),
        ),
    )


def yearly_by_category_figure(results: Results, option: int, currency: str) -> go.Figure:
    """One option's cost in each year, stacked by category."""
    costs = results.projection.costs
    assert costs is not None
    horizon = results.horizon_years
    years = results.projection.years[: horizon + 1]
    by_category: dict[str, Floats] = {}
    for i, line in enumerate(LINES):
        row = costs[0, option, i, : horizon + 1]
        by_category[line.category] = by_category.get(line.category, 0) + row
    traces = [
        go.Bar(
            x=years,
            y=values,
            name=CATEGORIES[category],
            marker={"color": CATEGORY_COLOURS[category]},
            hovertemplate=f"{CATEGORIES[category]}<br>year %{{x}}: %{{y:,.0f}} {currency}"
            "<extra></extra>",
        )
        for category, values in by_category.items()
        if np.abs(values).sum() > 0
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            f"{chart_text(legend_names(results)[option])}: cost by year and category",
            "Year (0 = upfront)",
            f"Cost in the year ({currency})",
            barmode="relative",
            xaxis=_year_axis(horizon),
            height=HEIGHT_PX + legend_height_px(len(traces)),
        ),
    )


def mailbox_figure(
    results: Results, plans: Sequence[Plan], colours: Mapping[str, str]
) -> go.Figure:
    """Average mailbox by year (and its size on disk in-house) against each plan's quota;
    a plan that does not fit as is is marked in the legend, its reason in the hover.

    Log scale: quotas run from tens of GB to terabytes.
    """
    shorts = dict(zip(results.options, legend_names(results), strict=True))
    reasons = dict(zip(results.options, option_reasons(results), strict=True))
    m = results.projection.metrics
    horizon = results.horizon_years
    years = results.projection.years[1 : horizon + 1]
    traces: list[go.Scatter] = [
        go.Scatter(
            x=years,
            y=m["mailbox_gb"][0, 1 : horizon + 1],
            name="Mailbox used (average)",
            mode="lines+markers",
            line={"color": INHOUSE_COLOUR, "width": 4},
            hovertemplate="Mailbox used (average)<br>year %{x}: %{y:,.2f} GB<extra></extra>",
        ),
        go.Scatter(
            x=years,
            y=m["mailbox_on_disk_gb"][0, 1 : horizon + 1],
            name="In-house: mailbox on disk (with dumpster)",
            mode="lines+markers",
            line={"color": INHOUSE_COLOUR, "width": 2, "dash": "dash"},
            hovertemplate="Mailbox on disk<br>year %{x}: %{y:,.2f} GB<extra></extra>",
        ),
    ]
    traces += [
        go.Scatter(
            x=[years[0] - 0.4, years[-1] + 0.4],
            y=[plan.mailbox_gb, plan.mailbox_gb],
            name=chart_text(_quota_name(shorts.get(plan.label, plan.label))),
            mode="lines",
            line={"color": colours[plan.label], "width": 2, "dash": "dot"},
            hovertemplate=f"{hover_name(plan.label, reasons.get(plan.label, ''))}<br>"
            "%{y:,.0f} GB quota<extra></extra>",
        )
        for plan in plans
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            "Mailbox size per user against plan quotas",
            "Year",
            "GB per user (log scale)",
            xaxis={"tickmode": "linear", "dtick": 1},
            yaxis={"type": "log", "dtick": 1},
            height=HEIGHT_PX + legend_height_px(len(traces)),
        ),
    )


def _quota_name(name: str) -> str:
    """``X quota``, or ``X quota (does not fit)``: the mark stays last."""
    mark = f" {UNFIT_MARK}"
    if name.endswith(mark):
        return f"{name.removesuffix(mark)} quota{mark}"
    return f"{name} quota"


def storage_capacity_figure(results: Results) -> go.Figure:
    """In-house disk: what the databases need each year and what is installed (in steps).

    Both are drawn as steps held through each year (``hv``): installed >= needed in every
    year, so the installed step never dips under the need, as a sloped need line between
    two yearly points would suggest. Installed is drawn first, the need on top.
    """
    m = results.projection.metrics
    horizon = results.horizon_years
    years = results.projection.years[1 : horizon + 1]
    traces = [
        go.Scatter(
            x=years,
            y=m["storage_installed_tb"][0, 1 : horizon + 1],
            name="Disk installed",
            mode="lines",
            line={"color": CATEGORY_COLOURS["storage"], "width": 3, "shape": "hv"},
            fill="tozeroy",
            fillcolor="rgba(86,180,233,0.25)",  # the storage colour, light
            hovertemplate="Installed<br>year %{x}: %{y:,.2f} TB<extra></extra>",
        ),
        go.Scatter(
            x=years,
            y=m["storage_need_tb"][0, 1 : horizon + 1],
            name="Disk needed",
            mode="lines+markers",
            line={"color": INHOUSE_COLOUR, "width": 3, "shape": "hv"},
            hovertemplate="Needed<br>year %{x}: %{y:,.2f} TB<extra></extra>",
        ),
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            "In-house disk for mailbox databases (all copies)",
            "Year",
            "Usable disk (TB)",
            xaxis={"tickmode": "linear", "dtick": 1},
        ),
    )


def servers_figure(results: Results) -> go.Figure:
    """In-house servers by year: needed, installed in the primary site, installed for DR."""
    m = results.projection.metrics
    horizon = results.horizon_years
    years = results.projection.years[1 : horizon + 1]
    series = (
        ("Needed (most of CPU, copies, disk bays, databases)", "servers_needed", "#90a4ae"),
        ("Installed, primary site", "servers_installed", INHOUSE_COLOUR),
        (
            "Installed, disaster-recovery site",
            "dr_servers_installed",
            CATEGORY_COLOURS["disaster_recovery"],
        ),
    )
    traces = [
        go.Bar(
            x=years,
            y=m[key][0, 1 : horizon + 1],
            name=name,
            marker={"color": colour},
            hovertemplate=f"{name}<br>year %{{x}}: %{{y:,.0f}} servers<extra></extra>",
        )
        for name, key, colour in series
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            "In-house mailbox servers by year",
            "Year",
            "Servers",
            barmode="group",
            xaxis={"tickmode": "linear", "dtick": 1},
        ),
    )


def scalability_figure(
    scal: Scalability,
    colours: Mapping[str, str],
    currency: str,
    current_users: float | None = None,
    fits: Sequence[bool] | None = None,
    reasons: Sequence[str] | None = None,
) -> go.Figure:
    """Cost per user per month across headcounts (log axis); an X where a plan crosses in-house.

    A line stops where the plan's user cap is exceeded; a plan that does not fit at today's
    headcount (``fits``) is dotted and marked in the legend, as on the overview, its reason
    (``reasons``) in the hover.
    """
    inhouse = scal.cost_per_user_month[:, 0]
    shorts = short_names(scal.options)
    traces: list[go.Scatter] = []
    cross_x: list[float] = []
    cross_y: list[float] = []
    cross_text: list[str] = []
    for j, option in enumerate(scal.options):
        fit = True if fits is None else bool(fits[j])
        why = "" if reasons is None else reasons[j]
        y = scal.cost_per_user_month[:, j]
        traces.append(
            go.Scatter(
                x=scal.users,
                y=y,
                name=chart_text(legend_name(shorts[option], fit)),
                mode="lines",
                line={
                    "color": colours[option],
                    "width": 4 if j == 0 else 2,
                    "dash": "solid" if fit else "dot",
                },
                hovertemplate=f"{hover_name(option, why)}<br>%{{x:,.0f}} users: "
                f"%{{y:,.2f}} {currency}<extra></extra>",
            )
        )
        if j:
            for users, cost in crossings(scal.users, inhouse, y):
                cross_x.append(users)
                cross_y.append(cost)
                cross_text.append(chart_text(f"{option} = in-house at about {users:,.0f} users"))
    if cross_x:
        traces.append(
            go.Scatter(
                x=cross_x,
                y=cross_y,
                name="Crosses in-house",
                mode="markers",
                marker={"symbol": "x", "size": 12, "color": "#000000", "line": {"width": 1}},
                text=cross_text,
                hovertemplate=f"%{{text}}<br>%{{y:,.2f}} {currency}<extra></extra>",
            )
        )
    layout = chart_layout(
        "Cost per user per month by headcount",
        "Users today (log scale)",
        f"Cost per user per month ({currency}, log scale)",
        xaxis={"type": "log", "dtick": 1},
        yaxis={"type": "log", "dtick": 1},
        height=HEIGHT_PX + legend_height_px(len(scal.options) + 2),
    )
    if current_users is not None:
        finite = scal.cost_per_user_month[np.isfinite(scal.cost_per_user_month)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (1.0, 10.0)
        traces.append(
            go.Scatter(
                x=[current_users, current_users],
                y=[low, high],
                mode="lines+text",
                name=f"Your {current_users:,.0f} users",
                line={"color": "#9e9e9e", "dash": "dash", "width": 1},
                text=["", f"your {current_users:,.0f} users"],
                textposition="top right",
                hoverinfo="skip",
            )
        )
    return go.Figure(data=traces, layout=layout)


def dr_labels(
    dr: DrComparison, unfit: Collection[str] = (), names: Mapping[str, str] | None = None
) -> list[str]:
    """Row labels: in-house at each level with its availability, then each plan (by its name
    in ``names``, else its label) with its SLA and the availability expected of it, and
    ``(does not fit)`` after a plan in ``unfit``."""
    levels = [level.replace("_", " ") for level in dr.levels]
    inhouse = [
        f"In-house, {name} ({a:g}%)" + (" - current" if i == dr.current_level else "")
        for i, (name, a) in enumerate(zip(levels, dr.inhouse_availability_pct, strict=True))
    ]
    plans = [
        f"{(names or {}).get(p, p)}{f' {UNFIT_MARK}' if p in unfit else ''} "
        f"(SLA {s:g}%, {'estimated' if e else 'expected'} {a:g}%)"
        for p, s, a, e in zip(
            dr.plans,
            dr.plan_sla_pct,
            dr.plan_expected_availability_pct,
            dr.plan_availability_estimated,
            strict=True,
        )
    ]
    return inhouse + plans


DR_ROW_PX = 64
"""A disaster-recovery row: two lines of name (the plan, then its SLA) above the bar."""


def dr_figure(
    dr: DrComparison, colours: Mapping[str, str], unfit: Collection[str] = ()
) -> go.Figure:
    """Cost over the horizon without downtime, plus the expected downtime loss, per row; a
    plan in ``unfit`` (it does not fit as is: user cap, mailbox, attachments) is marked
    ``(does not fit)`` on its row and drawn paler, so its low cost is not read as a choice.

    Rows are named by short names (:func:`planner.outputs.chart_style.short_names`), written
    above the bars (the SLA on a second line), so the bars keep a phone's width."""
    labels = [chart_text(label) for label in dr_labels(dr, unfit, short_names(dr.plans))]
    bar_colours = [colours[INHOUSE]] * len(dr.levels) + [colours[p] for p in dr.plans]
    rows = list(range(len(labels)))
    opacity = [1.0] * len(dr.levels) + [0.35 if p in unfit else 1.0 for p in dr.plans]
    cost = np.concatenate([dr.inhouse_cost, dr.plan_cost])
    loss = np.concatenate([dr.inhouse_downtime_loss, dr.plan_downtime_loss])
    cur = dr.currency
    traces = [
        go.Bar(
            y=rows,
            x=cost,
            width=ROW_BAR_WIDTH,
            customdata=labels,
            orientation="h",
            name="Cost without downtime",
            marker={"color": bar_colours, "opacity": opacity},
            hovertemplate="%{customdata}<br>cost without downtime: "
            f"%{{x:,.0f}} {cur}<extra></extra>",
        ),
        go.Bar(
            y=rows,
            x=loss,
            width=ROW_BAR_WIDTH,
            customdata=labels,
            orientation="h",
            name="Expected downtime loss (hatched)",
            marker={
                "color": bar_colours,
                "opacity": [0.45 * o for o in opacity],
                "pattern": {"shape": "/"},
            },
            hovertemplate="%{customdata}<br>expected downtime loss: "
            f"%{{x:,.0f}} {cur}<extra></extra>",
        ),
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            "Disaster recovery: cost and expected downtime loss over the horizon",
            f"Cost over the horizon ({cur})",
            "",
            barmode="stack",
            height=max(HEIGHT_PX, DR_ROW_PX * len(labels) + 150),
            **names_above_rows([label.replace(" (SLA", "<br>(SLA", 1) for label in labels]),
        ),
    )


TIMELINE_COLOURS = ("#90a4ae", "#0072b2", "#e69f00", "#009e73", "#cc79a7")
"""The timeline's steps, last ones last: the alternative path in grey when it is drawn."""


def timeline_figure(rows: Sequence[tuple[str, float, float]]) -> go.Figure:
    """A Gantt-like chart of a move in weeks from its start, one bar per (step, start week,
    length in weeks).

    Each step's name is written whole above its bar, from the plot's left edge, instead of
    as an axis label: an axis label as long as "Upgrade in place to SE (the alternative
    path)" would be cut at the chart's edge (to its last letters) or take most of a phone's
    width from the bars."""
    names = [chart_text(name) for name, _, _ in rows]
    figure = go.Figure(
        go.Bar(
            y=list(range(len(rows))),
            x=[length for _, _, length in rows],
            base=[start for _, start, _ in rows],
            orientation="h",
            width=ROW_BAR_WIDTH,
            customdata=names,
            marker={"color": list(TIMELINE_COLOURS[-len(rows) :])},
            hovertemplate="%{customdata}: week %{base:.1f} for %{x:.1f} weeks<extra></extra>",
        )
    )
    figure.update_layout(
        **chart_layout(
            "Timeline of a move (weeks from the start, year 0 to year 1)",
            "weeks",
            "",
            height=ROW_PX * len(rows) + 130,
            showlegend=False,
            **names_above_rows(names),
        )
    )
    figure.update_layout(margin={"r": 20, "b": 50})
    return figure


# ---------------------------------------------------------------------------
# Option names with their fit reason, and a chosen subset of options
# ---------------------------------------------------------------------------


def option_reasons(results: Results) -> list[str]:
    """Why each option does not fit as is, "" when it fits: a plan's reason
    (:mod:`planner.engine.fit_notes`), else the option's notes (staying without a year
    left, a best mix without a placement)."""
    fits = results.summary.fits[0]
    return [
        ""
        if bool(fits[j])
        else results.fit_reason(o) or "; ".join(results.warnings.get(o, [])) or "does not fit"
        for j, o in enumerate(results.options)
    ]


def legend_names(results: Results) -> list[str]:
    """Each option as a legend or an axis names it: its short name, ``(does not fit)`` after
    one that does not fit as is (the reason is in the hover and the tables)."""
    fits = results.summary.fits[0]
    shorts = short_names(results.options)
    return [legend_name(shorts[o], bool(fits[j])) for j, o in enumerate(results.options)]


def option_names(results: Results) -> list[str]:
    """Each option as a legend names it: ``X`` when it fits, ``X (does not fit: mailboxes
    outgrow 100 GB in year 3)`` when not (:mod:`planner.engine.fit_notes`)."""
    return [
        f"{option} ({results.fit_reason(option)})" if results.fit_reason(option) else option
        for option in results.options
    ]


def only_options(figure: go.Figure, options: Sequence[str], shown: Sequence[str]) -> go.Figure:
    """The figure without the option traces (the first ``len(options)``, in option order)
    whose option is not in ``shown``; other traces (markers, guides) stay."""
    keep = set(shown)
    data = [trace for i, trace in enumerate(figure.data) if i >= len(options) or options[i] in keep]
    figure.data = tuple(data)  # Plotly allows a subset of a figure's own traces
    return figure
