"""Plotly figures of the uncertainty engine. Pure functions: no streamlit, no I/O.

Inputs are the engine's plain results: :class:`planner.analyses.simulation.Simulation`,
:class:`planner.analyses.sensitivity.Tornado` and
:class:`planner.analyses.breakeven_map.BreakevenMap`.
Colours come from :func:`planner.outputs.chart_style.option_colours` (one colour per option
in every chart, shared with the reports); every name reaches a figure through
:func:`planner.outputs.chart_style.chart_text`, so Plotly draws it as typed.
Money axes are titled with the currency; percentiles are P10 / P25 / P50 / P75 / P90.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from planner.analyses.breakeven_map import BreakevenMap
from planner.analyses.sensitivity import Tornado
from planner.analyses.simulation import Simulation
from planner.outputs.chart_style import (
    INHOUSE_COLOUR,
    chart_text,
    legend_name,
    short_name,
    short_names,
)
from ui.figures import HEIGHT_PX, chart_layout
from ui.uncertainty_text import tornado_axis_range

INHOUSE_COLOUR_FALLBACK = INHOUSE_COLOUR
Floats = NDArray[np.float64]
POSITIVE = "#2a9d8f"  # hosted cheaper
NEGATIVE = "#e76f51"  # in-house cheaper


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def default_fan_options(sim: Simulation) -> list[str]:
    """In-house and the plan most often cheapest (ties: the lower median TCO)."""
    p50 = sim.percentiles((50.0,))[0]
    best = max(range(1, len(sim.options)), key=lambda j: (sim.p_cheapest[j], -p50[j]))
    return [sim.options[0], sim.options[best]]


def fan_figure(
    sim: Simulation,
    colours: Mapping[str, str],
    options: Sequence[str] | None = None,
    as_entered: Mapping[str, Sequence[float]] | None = None,
) -> go.Figure:
    """Cumulative cost by year: P10-P90 band, P25-P75 band and the P50 line per option.

    ``as_entered``: option -> cumulative cost by year with every input as entered (the
    Overview's line), drawn dotted over the bands.
    """
    chosen = list(options) if options is not None else default_fan_options(sim)
    q = list(sim.fan_percentiles)
    needed = (10.0, 25.0, 50.0, 75.0, 90.0)
    if any(p not in q for p in needed):
        raise ValueError(f"the fan needs percentiles {needed}; the simulation has {tuple(q)}")
    rows = {p: q.index(p) for p in needed}
    years = sim.years
    traces: list[go.Scatter] = []
    for option in chosen:
        j = sim.options.index(option)
        colour = colours.get(option, INHOUSE_COLOUR_FALLBACK)
        for low, high, alpha in ((10.0, 90.0, 0.15), (25.0, 75.0, 0.3)):
            traces.append(
                go.Scatter(
                    x=years,
                    y=sim.fan[rows[high], j],
                    mode="lines",
                    line={"width": 0},
                    showlegend=False,
                    hoverinfo="skip",
                    legendgroup=chart_text(option),
                )
            )
            traces.append(
                go.Scatter(
                    x=years,
                    y=sim.fan[rows[low], j],
                    mode="lines",
                    line={"width": 0},
                    fill="tonexty",
                    fillcolor=_rgba(colour, alpha),
                    legendgroup=chart_text(option),
                    name=chart_text(f"{option} P{low:g}-P{high:g}"),
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        traces.append(
            go.Scatter(
                x=years,
                y=sim.fan[rows[50.0], j],
                mode="lines+markers",
                name=chart_text(short_names(sim.options)[option]),
                legendgroup=chart_text(option),
                line={"color": colour, "width": 3},
                hovertemplate=f"{chart_text(option)}<br>year %{{x}}: median %{{y:,.0f}} "
                f"{sim.currency}<extra></extra>",
            )
        )
        if as_entered is not None and option in as_entered:
            traces.append(_as_entered_line(option, years, as_entered[option], sim.currency))
    return go.Figure(
        data=traces,
        layout=chart_layout(
            f"Cumulative cost over {sim.draws:,} draws (bands: P10-P90 and P25-P75)",
            "year (0 = upfront)",
            f"cumulative cost ({sim.currency})",
            xaxis={"tickmode": "linear", "dtick": 1},
        ),
    )


def _as_entered_line(option: str, years: Any, values: Sequence[float], currency: str) -> go.Scatter:
    count = len(years)
    return go.Scatter(
        x=years,
        y=list(values)[:count],
        mode="lines",
        name=chart_text(f"{short_name(option)}, inputs as entered"),
        legendgroup=chart_text(option),
        line={"color": "#111111", "width": 2, "dash": "dot"},
        hovertemplate=f"{chart_text(option)}<br>year %{{x}}: %{{y:,.0f}} {currency} with every "
        "input as entered<extra></extra>",
    )


def tco_range_figure(
    sim: Simulation,
    colours: Mapping[str, str],
    as_entered: Sequence[float] | None = None,
    fits: Sequence[bool] | None = None,
) -> go.Figure:
    """TCO of every option: a bar from P10 to P90 and a marker at P50, cheapest P50 on top;
    an option that does not fit with the inputs as entered (``fits``, (O,)) is marked.

    ``as_entered``: each option's TCO with every input as entered (the Overview's), (O,),
    marked with a black diamond.
    """
    q = sim.percentiles((10.0, 50.0, 90.0))
    order = np.argsort(-q[1])  # Plotly draws the first category at the bottom
    labels = [sim.options[j] for j in order]
    shorts = short_names(sim.options)
    fit = dict.fromkeys(sim.options, True)
    if fits is not None:
        fit.update(zip(sim.options, fits, strict=True))
    shown = [chart_text(legend_name(shorts[label], fit[label])) for label in labels]
    bars = go.Bar(
        y=shown,
        x=q[2, order] - q[0, order],
        base=q[0, order],
        orientation="h",
        marker={"color": [_rgba(colours.get(o, INHOUSE_COLOUR_FALLBACK), 0.45) for o in labels]},
        name="P10 to P90",
        customdata=np.stack([q[0, order], q[2, order]], axis=1),
        hovertemplate=f"%{{y}}<br>P10 %{{customdata[0]:,.0f}} to P90 %{{customdata[1]:,.0f}} "
        f"{sim.currency}<extra></extra>",
    )
    medians = go.Scatter(
        y=shown,
        x=q[1, order],
        mode="markers",
        name="P50",
        marker={
            "color": [colours.get(o, INHOUSE_COLOUR_FALLBACK) for o in labels],
            "size": 11,
            "symbol": "line-ns-open",
            "line": {"width": 3},
        },
        hovertemplate=f"%{{y}}<br>P50 %{{x:,.0f}} {sim.currency}<extra></extra>",
    )
    traces = [bars, medians]
    if as_entered is not None:
        entered = np.asarray(as_entered, dtype=np.float64)[order].tolist()
        traces.append(
            go.Scatter(
                y=shown,
                x=entered,
                mode="markers",
                name="inputs as entered (Overview)",
                marker={"color": "#111111", "size": 10, "symbol": "diamond"},
                hovertemplate=f"%{{y}}<br>inputs as entered: %{{x:,.0f}} {sim.currency}"
                "<extra></extra>",
            )
        )
    return go.Figure(
        data=traces,
        layout=chart_layout(
            f"Total cost of ownership: P10 to P90 ({sim.draws:,} draws)",
            f"TCO ({sim.currency})",
            "",
            margin={"l": 20},  # the axis makes room for the short names
        ),
    )


def cheapest_figure(sim: Simulation, colours: Mapping[str, str]) -> go.Figure:
    """Probability that each option is the cheapest one that fits."""
    p = sim.p_cheapest
    return go.Figure(
        data=[
            go.Bar(
                x=[chart_text(name) for name in short_names(sim.options).values()],
                y=100 * p,
                marker={"color": [colours.get(o, INHOUSE_COLOUR_FALLBACK) for o in sim.options]},
                text=[f"{100 * v:.1f}%" for v in p],
                textposition="outside",
                hovertemplate="%{x}<br>cheapest in %{y:.1f}% of draws<extra></extra>",
            )
        ],
        layout=chart_layout(
            "Chance of being the cheapest option that fits",
            "",
            "share of draws (%)",
            yaxis={"range": [0, 110]},
            showlegend=False,
        ),
    )


@dataclass(frozen=True)
class Bins:
    """A histogram made on the server: ``counts[i]`` values fall in ``[edges[i], edges[i + 1])``
    (the last bin also holds its right edge, as ``numpy.histogram`` counts)."""

    edges: Floats
    counts: NDArray[np.int64]

    @property
    def centres(self) -> Floats:
        out: Floats = (self.edges[:-1] + self.edges[1:]) / 2
        return out

    @property
    def widths(self) -> Floats:
        out: Floats = np.diff(self.edges)
        return out

    def percent(self) -> Floats:
        """Each bin's share of the values counted, in percent: ``100 x count / sum(counts)``."""
        total = int(self.counts.sum())
        out: Floats = 100 * self.counts / total if total else np.zeros(len(self.counts))
        return out


def shared_edges(samples: Sequence[Floats], bins: int) -> Floats:
    """``bins`` equal bins spanning every finite value of every sample, so overlaid
    histograms line up (all values equal: ``numpy``'s span of 1 around the value)."""
    finite = [x[np.isfinite(x)] for x in samples]
    values = np.concatenate(finite) if finite else np.zeros(0)
    if values.size == 0:
        values = np.zeros(1)
    edges: Floats = np.histogram_bin_edges(values, bins=bins)
    return edges


def binned(values: Floats, edges: Floats) -> Bins:
    """The finite values counted into the bins of ``edges`` (``numpy.histogram``)."""
    counts, _ = np.histogram(values[np.isfinite(values)], bins=edges)
    return Bins(edges=edges, counts=counts.astype(np.int64))


def _savings_bars(plan: str, bins: Bins, share_pct: float, colour: str, currency: str) -> go.Bar:
    return go.Bar(
        x=bins.centres,
        y=bins.percent(),
        width=bins.widths,
        opacity=0.6,
        name=chart_text(f"{short_name(plan)}: cheaper than in-house in {share_pct:.0f}%"),
        marker={"color": colour, "line": {"width": 0}},
        customdata=np.stack([bins.edges[:-1], bins.edges[1:], bins.counts], axis=1),
        hovertemplate=f"{chart_text(plan)}<br>saving %{{customdata[0]:,.0f}} to "
        f"%{{customdata[1]:,.0f}} {currency}<br>%{{customdata[2]:,}} draws (%{{y:.1f}}%)"
        "<extra></extra>",
    )


def savings_figure(
    sim: Simulation,
    colours: Mapping[str, str],
    plans: Sequence[str] | None = None,
    bins: int = 60,
    as_entered: Mapping[str, float] | None = None,
) -> go.Figure:
    """Distribution of in-house TCO minus each plan's: right of zero the plan saves money.

    Binned here, not in the browser: ``bins`` equal bins over every chosen plan's savings
    (:func:`shared_edges`), each bar the share of draws in it (``100 x count / draws``), so
    the figure carries 3 numbers a bin instead of every draw.
    ``as_entered``: plan -> the saving with every input as entered, a dotted line in the
    plan's colour.
    """
    chosen = list(plans) if plans is not None else default_fan_options(sim)[1:]
    savings = sim.savings
    columns = [savings[:, sim.options.index(plan) - 1] for plan in chosen]
    edges = shared_edges(columns, bins)
    traces = [
        _savings_bars(
            plan,
            binned(column, edges),
            100 * float(sim.p_saving[sim.options.index(plan) - 1]),
            colours.get(plan, INHOUSE_COLOUR_FALLBACK),
            sim.currency,
        )
        for plan, column in zip(chosen, columns, strict=True)
    ]
    fig = go.Figure(
        data=traces,
        layout=chart_layout(
            "Saving against in-house (in-house TCO minus the plan's)",
            f"saving ({sim.currency}); above 0 the plan is cheaper",
            "share of draws (%)",
            barmode="overlay",
            bargap=0,
        ),
    )
    fig.add_vline(x=0, line={"color": "#555", "dash": "dash"})
    for plan in chosen:
        if as_entered is not None and plan in as_entered:
            fig.add_vline(
                x=as_entered[plan],
                line={"color": colours.get(plan, INHOUSE_COLOUR_FALLBACK), "dash": "dot"},
                annotation_text="as entered",
                annotation_position="top",
            )
    return fig


def tornado_figure(
    t: Tornado,
    names: Mapping[str, str] | None = None,
    value_text: Callable[[str, float], str] | None = None,
) -> go.Figure:
    """Each input's low and high as bars from the base difference, largest swing on top.

    ``names`` maps a range key to the label people read (the sidebar's); ``value_text``
    writes an input's value for the hover (key, value -> ``USD 72,782``); the money axis spans
    the bars around the base value (:func:`ui.uncertainty_text.tornado_axis_range`), with the
    zero line only when zero is inside that span.
    """
    bars = list(reversed(t.bars))  # Plotly draws the first category at the bottom
    shown = names or {}
    labels = [chart_text(shown.get(b.input.key, b.input.key)) for b in bars]
    text = value_text or (lambda _key, value: f"{value:,.4g}")
    span = tornado_axis_range([v for b in bars for v in (b.at_low, b.at_high)], t.base)
    low = go.Bar(
        y=labels,
        x=[b.at_low - t.base for b in bars],
        base=t.base,
        orientation="h",
        name="input at its low",
        marker={"color": "#8ab17d"},
        customdata=[chart_text(text(b.input.key, b.low)) for b in bars],
        hovertemplate="%{y} = %{customdata}<br>difference %{x:,.0f} from the base<extra></extra>",
    )
    high = go.Bar(
        y=labels,
        x=[b.at_high - t.base for b in bars],
        base=t.base,
        orientation="h",
        name="input at its high",
        marker={"color": "#e76f51"},
        customdata=[chart_text(text(b.input.key, b.high)) for b in bars],
        hovertemplate="%{y} = %{customdata}<br>difference %{x:,.0f} from the base<extra></extra>",
    )
    fig = go.Figure(
        data=[low, high],
        layout=chart_layout(
            f"What moves in-house minus {chart_text(t.reference)} most",
            f"TCO of in-house minus {chart_text(t.reference)} ({t.currency}); above 0 the plan"
            " is cheaper",
            "",
            barmode="overlay",
            margin={"l": 360},
            height=max(HEIGHT_PX, 120 + 32 * len(bars)),
            xaxis={"range": list(span)},
        ),
    )
    fig.add_vline(x=t.base, line={"color": "#555"})
    if span[0] <= 0 <= span[1]:
        fig.add_vline(x=0, line={"color": "#555", "dash": "dash"})
    return fig


def breakeven_map_figure(
    m: BreakevenMap, x_name: str | None = None, y_name: str | None = None
) -> go.Figure:
    """Heatmap of in-house TCO against the best hosted plan's, in percent (capped at +-100%
    for the colours); the black line (zero) is break-even. Hover shows both in money.
    ``x_name`` / ``y_name``: the axes as people read them (default: the field paths)."""
    x_title, y_title = chart_text(x_name or m.x_field), chart_text(y_name or m.y_field)
    names = np.array([chart_text(option) for option in m.options], dtype=object)[m.cheapest]
    pct = m.margin_pct
    finite = np.isfinite(pct)
    limit = min(100.0, float(np.abs(pct[finite]).max())) if finite.any() else 100.0
    limit = max(limit, 1.0)
    heat = go.Heatmap(
        x=m.x_values,
        y=m.y_values,
        z=pct,
        zmid=0,
        zmin=-limit,
        zmax=limit,
        colorscale=[[0, NEGATIVE], [0.5, "#f7f7f7"], [1, POSITIVE]],
        customdata=np.stack([names, m.margin], axis=-1),
        colorbar={"title": {"text": "%"}},
        hovertemplate=f"{x_title} %{{x:,}}<br>{y_title} %{{y:,}}<br>cheapest: "
        "%{customdata[0]}<br>in-house minus best plan: %{customdata[1]:,.0f} "
        f"{m.currency} (%{{z:+.0f}}%)<extra></extra>",
    )
    zero = go.Contour(
        x=m.x_values,
        y=m.y_values,
        z=pct,
        showscale=False,
        hoverinfo="skip",
        contours={"start": 0, "end": 0, "size": 1, "coloring": "lines"},
        colorscale=[[0, "#222"], [1, "#222"]],
        line={"width": 2},
        name="break-even",
    )
    log_x = m.x_field == "organisation.users"
    return go.Figure(
        data=[heat, zero],
        layout=chart_layout(
            "In-house TCO against the best hosted plan (green: hosted cheaper; line: break-even)",
            x_title,
            y_title,
            xaxis={"type": "log" if log_x else "linear"},
        ),
    )
