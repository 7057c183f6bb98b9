"""Plotly figures of a report and of a scenario comparison: pure builders, no I/O.

The HTML report embeds them; the app can show the same figures with ``st.plotly_chart``.
Colours and the escaping of names come from :mod:`planner.outputs.chart_style`, as in the
app: every name reaches a figure through ``chart_text``, so Plotly draws it as typed.
Options are named as in the app: short names, "(does not fit)" after one that does not fit,
the full name and its notes in the hover; legends sit below the plot, so a printed page
holds the whole chart. Values are plain Python lists (not base64 arrays) so the figure JSON
reads as numbers. Plotly loads lazily, when a figure is first built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.engine.projection import INHOUSE
from planner.outputs.chart_style import (
    CATEGORY_COLOURS,
    LEGEND_BELOW,
    OTHER_COLOUR,
    chart_text,
    hover_name,
    legend_height_px,
    legend_name,
    option_colours,
    short_name,
    short_names,
)
from planner.outputs.chart_style import SCENARIO_COLOURS as SCENARIO_COLOURS

if TYPE_CHECKING:
    from planner.analyses.comparison import Comparison
    from planner.outputs.content import OptionRow, ReportContent

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
HEIGHT_PX = 460
"""A chart's height before its legend's rows (the report's CSS gives the box this height)."""


def _layout(title: str, currency: str, x_title: str, entries: int = 0) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": currency}, "tickformat": ",.0f", "rangemode": "tozero"},
        "font": {"family": FONT},
        "template": "plotly_white",
        "legend": dict(LEGEND_BELOW),
        "height": HEIGHT_PX + legend_height_px(entries),
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60},
        "hovermode": "closest",
    }


def _reason(option: OptionRow) -> str:
    """Why an option does not fit (its notes, fit problems first), "" when it fits."""
    return "" if option.fits else "; ".join(option.warnings) or "does not fit"


def cumulative_cost_figure(content: ReportContent) -> Any:
    """Cumulative cost of every option, year 0..H (the last point is the option's TCO).

    cumulative_t = sum of total_s for s <= t, on the scenario's TCO basis.
    """
    import plotly.graph_objects as go

    from planner.model.defaults import catalogue

    fig = go.Figure()
    cur = content.currency
    labels = [o.option for o in content.options]
    colours = option_colours(labels, [p.label for p in catalogue()])
    shorts = short_names(labels)
    for option in content.options:
        rows = content.yearly_totals[content.yearly_totals["option"] == option.option]
        fig.add_trace(
            go.Scatter(
                x=[int(y) for y in rows["year"]],
                y=[float(v) for v in rows["cumulative"]],
                name=chart_text(legend_name(shorts[option.option], option.fits)),
                mode="lines+markers",
                line={
                    "width": 4 if not option.hosted or option.cheapest else 2,
                    "color": colours[option.option],
                    "dash": "solid" if not option.hosted or option.fits else "dot",
                },
                hovertemplate=(
                    f"{hover_name(option.option, _reason(option))}<br>year %{{x}}: "
                    f"%{{y:,.0f}} {cur}<extra></extra>"
                ),
            )
        )
    title = f"Cumulative cost by option ({cur})"
    fig.update_layout(**_layout(title, cur, "year (0 = upfront)", len(content.options)))
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
    shorts = short_names(options)
    shown = [chart_text(legend_name(shorts[o.option], o.fits)) for o in content.options]
    totals = content.category_totals
    for category in dict.fromkeys(totals["category"]):
        rows = totals[totals["category"] == category]
        by_option = dict(zip(rows["option"], rows["cost"], strict=True))
        fig.add_trace(
            go.Bar(
                x=shown,
                y=[float(by_option.get(o, 0.0)) for o in options],
                name=str(rows["category_label"].iloc[0]),
                marker={"color": CATEGORY_COLOURS.get(str(category), OTHER_COLOUR)},
                hovertemplate=f"%{{fullData.name}}<br>%{{x}}: %{{y:,.0f}} {cur}<extra></extra>",
            )
        )
    title = f"Cost over {content.horizon_years} years by category ({cur})"
    fig.update_layout(**_layout(title, cur, "option", len(fig.data)), barmode="relative")
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
                    name=chart_text(f"{name}: {short_name(option)}"),
                    mode="lines+markers",
                    line={"color": colour, "dash": "solid" if inhouse else "dash", "width": 3},
                    hovertemplate=(
                        f"%{{fullData.name}}<br>year %{{x}}: %{{y:,.0f}} {cur}<extra></extra>"
                    ),
                )
            )
    fig.update_layout(
        **_layout(f"Cumulative cost ({cur})", cur, "year (0 = upfront)", len(fig.data))
    )
    fig.update_xaxes(dtick=1)
    return fig
