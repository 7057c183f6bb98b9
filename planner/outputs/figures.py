"""Plotly figures of a report and of a scenario comparison: pure builders, no I/O.

The HTML report embeds them; the app can show the same figures with ``st.plotly_chart``.
Values are plain Python lists (not base64 arrays) so the figure JSON reads as numbers.
Plotly loads lazily, when a figure is first built.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from planner.engine.projection import INHOUSE

if TYPE_CHECKING:
    from planner.analyses.comparison import Comparison
    from planner.outputs.content import ReportContent

INHOUSE_COLOUR = "#1f3a5f"
SCENARIO_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
OPTION_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
)
"""Colours of the hosted options, in order (in-house is always INHOUSE_COLOUR)."""
CATEGORY_COLOURS: dict[str, str] = {
    "hardware": "#4e79a7",
    "licences": "#f28e2b",
    "storage": "#76b7b2",
    "operations": "#59a14f",
    "expertise": "#edc948",
    "upgrades": "#b07aa1",
    "protection": "#ff9da7",
    "disaster_recovery": "#9c755f",
    "connectivity": "#bab0ac",
    "one_time": "#1f3a5f",
    "downtime_risk": "#e15759",
}
"""One fixed colour per cost category, the same in every chart."""
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _layout(title: str, currency: str, x_title: str) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": currency}, "tickformat": ",.0f", "rangemode": "tozero"},
        "font": {"family": FONT},
        "template": "plotly_white",
        "legend": {"title": {"text": ""}},
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60},
        "hovermode": "closest",
    }


def cumulative_cost_figure(content: ReportContent) -> Any:
    """Cumulative cost of every option, year 0..H (the last point is the option's TCO).

    cumulative_t = sum of total_s for s <= t, on the scenario's TCO basis.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    cur = content.currency
    for j, option in enumerate(content.options):
        rows = content.yearly_totals[content.yearly_totals["option"] == option.option]
        fig.add_trace(
            go.Scatter(
                x=[int(y) for y in rows["year"]],
                y=[float(v) for v in rows["cumulative"]],
                name=html.escape(option.option, quote=False),
                mode="lines+markers",
                line={
                    "width": 4 if not option.hosted or option.cheapest else 2,
                    "color": INHOUSE_COLOUR
                    if not option.hosted
                    else OPTION_COLOURS[(j - 1) % len(OPTION_COLOURS)],
                    "dash": "solid" if not option.hosted or option.fits else "dot",
                },
                hovertemplate=(
                    f"%{{fullData.name}}<br>year %{{x}}: %{{y:,.0f}} {cur}<extra></extra>"
                ),
            )
        )
    fig.update_layout(**_layout(f"Cumulative cost by option ({cur})", cur, "year (0 = upfront)"))
    fig.update_xaxes(dtick=1)
    return fig


def category_cost_figure(content: ReportContent) -> Any:
    """Each option's cost over the horizon, stacked by category (bars sum to the TCO).

    A residual value (net-of-residual basis) is a negative piece below zero.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    cur = content.currency
    options = [o.option for o in content.options]
    totals = content.category_totals
    for category in dict.fromkeys(totals["category"]):
        rows = totals[totals["category"] == category]
        by_option = dict(zip(rows["option"], rows["cost"], strict=True))
        fig.add_trace(
            go.Bar(
                x=options,
                y=[float(by_option.get(o, 0.0)) for o in options],
                name=str(rows["category_label"].iloc[0]),
                marker={"color": CATEGORY_COLOURS.get(str(category), "#999999")},
                hovertemplate=f"%{{fullData.name}}<br>%{{x}}: %{{y:,.0f}} {cur}<extra></extra>",
            )
        )
    fig.update_layout(
        **_layout(f"Cost over {content.horizon_years} years by category ({cur})", cur, "option"),
        barmode="relative",
    )
    fig.update_xaxes(tickangle=-30, automargin=True)
    return fig


def comparison_cumulative_figure(comparison: Comparison) -> Any:
    """Cumulative cost of in-house (solid) and each scenario's cheapest hosted plan that
    fits (dashed), one colour per scenario."""
    import plotly.graph_objects as go

    fig = go.Figure()
    frame = comparison.cumulative
    currencies = sorted(set(frame["currency"]))
    cur = currencies[0] if len(currencies) == 1 else "/".join(currencies)
    for i, name in enumerate(comparison.names):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        mine = frame[(frame["scenario"] == name) & (frame["role"] != "other")]
        for option in dict.fromkeys(mine["option"]):
            rows = mine[mine["option"] == option]
            inhouse = option == INHOUSE
            fig.add_trace(
                go.Scatter(
                    x=[int(y) for y in rows["year"]],
                    y=[float(v) for v in rows["cumulative_cost"]],
                    name=html.escape(f"{name}: {option}", quote=False),
                    mode="lines+markers",
                    line={"color": colour, "dash": "solid" if inhouse else "dash", "width": 3},
                    hovertemplate=(
                        f"%{{fullData.name}}<br>year %{{x}}: %{{y:,.0f}} {cur}<extra></extra>"
                    ),
                )
            )
    fig.update_layout(**_layout(f"Cumulative cost ({cur})", cur, "year (0 = upfront)"))
    fig.update_xaxes(dtick=1)
    return fig
