"""The Segments view's chart: each option's TCO stacked by user segment. Pure: no streamlit.

Every name (segment, option) reaches the figure through ``chart_text``, so Plotly draws it
exactly as typed; option names on the axis carry the option's colour (``ctx.colours``) in
markup the app writes around the escaped name.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from planner.outputs.chart_style import OTHER_COLOUR, chart_text, short_name
from ui.figures import chart_layout
from ui.results import Results
from ui.segment_tables import mix_unfit, segment_tco

SEGMENT_COLOURS = (
    "#8dd3c7",
    "#fdb462",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#b3de69",
    "#fccde5",
    "#bc80bd",
)
"""One light shade per segment (at most 8), unlike any option colour."""
HEIGHT_PX = 440
ROW_PX = 34


def option_tick(option: str, colour: str, fits: bool, why: str = "does not fit") -> str:
    """The option's name on the axis: a square in its colour, the name escaped, and
    ``(does not fit)`` (or ``why``) when it does not fit as is."""
    name = chart_text(short_name(option) if fits else f"{short_name(option)} ({why})")
    return f'<span style="color:{colour}">&#9632;</span> {name}'


def segment_stack_figure(results: Results, colours: Mapping[str, str], currency: str) -> go.Figure:
    """Horizontal bars, one per option, stacked by segment: the option's TCO on each
    segment (README: per-segment costs), so each bar's length is the option's TCO."""
    tco = segment_tco(results)
    fits = results.summary.fits[0]
    ticks = [
        option_tick(o, colours.get(o, OTHER_COLOUR), bool(fits[j]))
        if not mix_unfit(results, j)
        else option_tick(o, colours.get(o, OTHER_COLOUR), False, "no placement fits")
        for j, o in enumerate(results.options)
    ]
    traces = []
    for s, segment in enumerate(results.projection.segments):
        name = chart_text(segment)
        traces.append(
            go.Bar(
                y=ticks,
                x=tco[:, s],
                name=name,
                orientation="h",
                marker={"color": SEGMENT_COLOURS[s % len(SEGMENT_COLOURS)]},
                hovertemplate=f"{name}<br>%{{y}}: %{{x:,.0f}} {currency}<extra></extra>",
            )
        )
    figure = go.Figure(data=traces)
    figure.update_layout(
        **chart_layout(
            f"TCO over {results.horizon_years} years by segment, every option",
            f"TCO ({currency})",
            "",
            barmode="relative",
            height=max(HEIGHT_PX, ROW_PX * len(ticks) + 160),
            margin={"l": 300, "r": 20, "b": 110},
            yaxis={"autorange": "reversed", "automargin": True},
            legend={
                "orientation": "h",
                "x": 0,
                "y": 0,
                "yanchor": "bottom",
                "yref": "container",
                "title": {"text": "Segment"},
            },
        )
    )
    return figure
