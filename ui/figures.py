"""Plotly figures built from engine results. Pure functions: no streamlit, no I/O.

Conventions, stated once: colours and the escaping of names come from
:mod:`planner.outputs.chart_style`, shared with the reports (one colour per option in every
chart, in-house always the same, plans keyed by their label; one colour per cost category);
every name (plan, option, scenario) reaches a figure through ``chart_text``, so Plotly draws
it as typed, never as a link or styled text; money axes are titled with the currency; the
year axis runs from 0 (upfront) to the horizon.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from planner.analyses.dr_levels import DrComparison
from planner.analyses.scalability import Scalability, crossings
from planner.engine.categories import CATEGORIES, LINES
from planner.engine.projection import INHOUSE
from planner.model.scenario import Plan
from planner.outputs.chart_style import CATEGORY_COLOURS, INHOUSE_COLOUR, chart_text
from planner.outputs.chart_style import PLAN_PALETTE as PLAN_PALETTE
from planner.outputs.chart_style import option_colours as option_colours
from ui.results import Results

Floats = NDArray[np.float64]

HEIGHT_PX = 440
_FONT = {"size": 13, "color": "#2a3f5f"}
_AXIS = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "showgrid": True,
    "automargin": True,
    "ticks": "",
}
"""Plotly's 'plotly_white' look, written out: applying the named template costs ~15 ms."""


def chart_layout(title: str, x_title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    """The layout every chart shares (title, axis titles, the written-out white look);
    ``extra`` adds keys or merges into a shared dict key (``xaxis={"type": "log"}``)."""
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0.01, "xanchor": "left"},
        "template": "none",
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": HEIGHT_PX,
        "font": _FONT,
        "hoverlabel": {"align": "left"},
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60},
        "xaxis": {**_AXIS, "title": {"text": x_title, "standoff": 15}},
        "yaxis": {**_AXIS, "title": {"text": y_title, "standoff": 15}},
        "legend": {"title": {"text": ""}},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _year_axis(horizon: int) -> dict[str, Any]:
    return {"tickmode": "linear", "dtick": 1, "range": [-0.5, horizon + 0.5]}


def cumulative_figure(results: Results, colours: Mapping[str, str], currency: str) -> go.Figure:
    """Cumulative cost by year (sum of yearly totals to date) of every option.

    In-house is a thick line; a plan that does not fit as is (user cap, mailbox or
    attachment limit) is dotted.
    """
    s, years = results.summary, results.projection.years
    horizon = results.horizon_years
    traces = []
    for j, option in enumerate(results.options):
        inhouse = j == 0
        traces.append(
            go.Scatter(
                x=years[: horizon + 1],
                y=s.cumulative[0, j, : horizon + 1],
                name=chart_text(option if s.fits[0, j] else f"{option} (does not fit)"),
                mode="lines+markers",
                line={
                    "color": colours[option],
                    "width": 4 if inhouse else 2,
                    "dash": "solid" if s.fits[0, j] else "dot",
                },
                marker={"size": 7 if inhouse else 5},
                hovertemplate=f"{chart_text(option)}<br>year %{{x}}: %{{y:,.0f}} {currency}"
                "<extra></extra>",
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
    options = [chart_text(option) for option in results.options]
    traces = [
        go.Bar(
            y=options,
            x=values,
            name=CATEGORIES[category],
            orientation="h",
            marker={"color": CATEGORY_COLOURS[category]},
            hovertemplate=f"{CATEGORIES[category]}<br>%{{y}}: %{{x:,.0f}} {currency}"
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
            height=max(HEIGHT_PX, 34 * len(options) + 140),
            yaxis={"autorange": "reversed"},
            legend={"orientation": "h", "y": -0.18},
            margin={"l": 260},
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
            f"{chart_text(results.options[option])}: cost by year and category",
            "Year (0 = upfront)",
            f"Cost in the year ({currency})",
            barmode="relative",
            xaxis=_year_axis(horizon),
        ),
    )


def mailbox_figure(
    results: Results, plans: Sequence[Plan], colours: Mapping[str, str]
) -> go.Figure:
    """Average mailbox by year (and its size on disk in-house) against each plan's quota.

    Log scale: quotas run from tens of GB to terabytes.
    """
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
            name=chart_text(f"{plan.label} quota"),
            mode="lines",
            line={"color": colours[plan.label], "width": 2, "dash": "dot"},
            hovertemplate=f"{chart_text(plan.label)}: %{{y:,.0f}} GB quota<extra></extra>",
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
        ),
    )


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
            fillcolor="rgba(118,183,178,0.25)",
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
            legend={"orientation": "h", "y": -0.2},
        ),
    )


def scalability_figure(
    scal: Scalability,
    colours: Mapping[str, str],
    currency: str,
    current_users: float | None = None,
    fits: Sequence[bool] | None = None,
) -> go.Figure:
    """Cost per user per month across headcounts (log axis); an X where a plan crosses in-house.

    A line stops where the plan's user cap is exceeded; a plan that does not fit for other
    reasons (mailbox, attachment) is dotted, as on the overview.
    """
    inhouse = scal.cost_per_user_month[:, 0]
    traces: list[go.Scatter] = []
    cross_x: list[float] = []
    cross_y: list[float] = []
    cross_text: list[str] = []
    for j, option in enumerate(scal.options):
        fit = True if fits is None else bool(fits[j])
        y = scal.cost_per_user_month[:, j]
        traces.append(
            go.Scatter(
                x=scal.users,
                y=y,
                name=chart_text(option if fit else f"{option} (does not fit)"),
                mode="lines",
                line={
                    "color": colours[option],
                    "width": 4 if j == 0 else 2,
                    "dash": "solid" if fit else "dot",
                },
                hovertemplate=f"{chart_text(option)}<br>%{{x:,.0f}} users: %{{y:,.2f}} {currency}"
                "<extra></extra>",
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


def dr_labels(dr: DrComparison) -> list[str]:
    """Row labels: in-house at each level with its availability, then each plan with its SLA
    and the availability expected of it."""
    names = [level.replace("_", " ") for level in dr.levels]
    inhouse = [
        f"In-house, {name} ({a:g}%)" + (" - current" if i == dr.current_level else "")
        for i, (name, a) in enumerate(zip(names, dr.inhouse_availability_pct, strict=True))
    ]
    plans = [
        f"{p} (SLA {s:g}%, {'estimated' if e else 'expected'} {a:g}%)"
        for p, s, a, e in zip(
            dr.plans,
            dr.plan_sla_pct,
            dr.plan_expected_availability_pct,
            dr.plan_availability_estimated,
            strict=True,
        )
    ]
    return inhouse + plans


def dr_figure(dr: DrComparison, colours: Mapping[str, str]) -> go.Figure:
    """Cost over the horizon without downtime, plus the expected downtime loss, per row."""
    labels = [chart_text(label) for label in dr_labels(dr)]
    bar_colours = [colours[INHOUSE]] * len(dr.levels) + [colours[p] for p in dr.plans]
    cost = np.concatenate([dr.inhouse_cost, dr.plan_cost])
    loss = np.concatenate([dr.inhouse_downtime_loss, dr.plan_downtime_loss])
    cur = dr.currency
    traces = [
        go.Bar(
            y=labels,
            x=cost,
            orientation="h",
            name="Cost without downtime",
            marker={"color": bar_colours},
            hovertemplate=f"%{{y}}<br>cost without downtime: %{{x:,.0f}} {cur}<extra></extra>",
        ),
        go.Bar(
            y=labels,
            x=loss,
            orientation="h",
            name="Expected downtime loss (hatched)",
            marker={"color": bar_colours, "opacity": 0.45, "pattern": {"shape": "/"}},
            hovertemplate=f"%{{y}}<br>expected downtime loss: %{{x:,.0f}} {cur}<extra></extra>",
        ),
    ]
    return go.Figure(
        data=traces,
        layout=chart_layout(
            "Disaster recovery: cost and expected downtime loss over the horizon",
            f"Cost over the horizon ({cur})",
            "",
            barmode="stack",
            height=max(HEIGHT_PX, 30 * len(labels) + 150),
            yaxis={"autorange": "reversed"},
            legend={"orientation": "h", "y": -0.15},
            margin={"l": 330},
        ),
    )


# ---------------------------------------------------------------------------
# Option names with their fit reason, and a chosen subset of options
# ---------------------------------------------------------------------------


def option_names(results: Results) -> list[str]:
    """Each option as a legend names it: ``X`` when it fits, ``X (does not fit: mailboxes
    outgrow 100 GB in year 3)`` when not (:mod:`planner.engine.fit_notes`)."""
    return [
        f"{option} ({results.fit_reason(option)})" if results.fit_reason(option) else option
        for option in results.options
    ]


def with_option_names(figure: go.Figure, names: Sequence[str]) -> go.Figure:
    """The figure with its first ``len(names)`` traces (one per option, in option order)
    renamed, escaped for Plotly (which reads a little HTML in trace names)."""
    for trace, name in zip(figure.data, names, strict=False):
        trace.name = chart_text(name)
    return figure


def only_options(figure: go.Figure, options: Sequence[str], shown: Sequence[str]) -> go.Figure:
    """The figure without the option traces (the first ``len(options)``, in option order)
    whose option is not in ``shown``; other traces (markers, guides) stay."""
    keep = set(shown)
    data = [trace for i, trace in enumerate(figure.data) if i >= len(options) or options[i] in keep]
    figure.data = tuple(data)  # Plotly allows a subset of a figure's own traces
    return figure
