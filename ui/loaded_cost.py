"""From list price to loaded cost per user per month: a waterfall for in-house and the
cheapest plan that fits, and the sentence under it. Pure: no streamlit.

The steps are :func:`planner.engine.per_user.loaded_cost_steps` (each category's cost over
the horizon / 12 x the user-months); the last bar of each waterfall is their total, the
summary's cost per user per month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.engine.per_user import LIST_PRICE, Step, loaded_cost_steps
from planner.model.scenario import Finance, Plan
from planner.outputs.chart_style import INHOUSE_COLOUR, short_name, wrapped
from ui.figures import HEIGHT_PX
from ui.results import Results, best_hosted

RISING = "#d9775b"
FALLING = "#4e9a6b"
TOTAL_NAME = "Loaded cost"
TITLE_LINE_CHARS = 14
"""A waterfall's title wraps at this many characters: two fit side by side on a phone."""


@dataclass(frozen=True)
class LoadedCost:
    """One option's path: its name, list price (None for in-house), steps and total."""

    option: str
    list_price: float | None
    steps: tuple[Step, ...]
    total: float  # the summary's cost per user per month


def list_price(plan: Plan, finance: Finance) -> float:
    """A plan's list price in the display currency: price x rate(display) / rate(the plan's
    currency), the rate the engine bills it at."""
    return plan.price_per_user_month * finance.rate_per_usd / finance.rate_of(plan.currency)


def loaded_costs(results: Results, plans: Sequence[Plan], finance: Finance) -> list[LoadedCost]:
    """In-house and the cheapest hosted plan that fits (when one does); the plan's list
    price converted to the display currency, so "Price rises" is only what the price does
    over the years and the minimum users."""
    prices = {p.label: list_price(p, finance) for p in plans}
    s = results.summary
    out = [
        LoadedCost(
            results.options[0],
            None,
            loaded_cost_steps(results.projection, 0),
            float(s.cost_per_user_month[0, 0]),
        )
    ]
    best = best_hosted(s)
    if best is not None:
        option = results.options[best]
        price = prices[option]
        out.append(
            LoadedCost(
                option,
                price,
                loaded_cost_steps(results.projection, best, price),
                float(s.cost_per_user_month[0, best]),
            )
        )
    return out


def _waterfall(path: LoadedCost, currency: str) -> go.Waterfall:
    names = [s.name for s in path.steps] + [TOTAL_NAME]
    values = [s.per_user_month for s in path.steps] + [path.total]
    measures = ["relative"] * len(path.steps) + ["total"]
    return go.Waterfall(
        orientation="v",
        x=names,
        y=values,
        measure=measures,
        text=[f"{v:,.2f}" for v in values],
        textposition="outside",
        cliponaxis=False,
        increasing={"marker": {"color": RISING}},
        decreasing={"marker": {"color": FALLING}},
        totals={"marker": {"color": INHOUSE_COLOUR}},
        connector={"line": {"color": "#b0bec5", "width": 1}},
        hovertemplate=f"%{{x}}: %{{y:,.2f}} {currency} per user per month<extra></extra>",
        showlegend=False,
    )


def loaded_cost_figure(paths: Sequence[LoadedCost], currency: str) -> go.Figure:
    """One waterfall per option, side by side, each from its first step to its loaded cost
    per user per month (a shared money axis)."""
    # Short names, wrapped: two titles side by side must not run into each other on a phone.
    titles = [
        wrapped(
            short_name(p.option)
            if p.list_price is None
            else f"{short_name(p.option)} (list {p.list_price:,.2f})",
            TITLE_LINE_CHARS,
        )
        for p in paths
    ]
    figure = make_subplots(
        rows=1, cols=len(paths), shared_yaxes=True, subplot_titles=titles, horizontal_spacing=0.04
    )
    for i, path in enumerate(paths, start=1):
        figure.add_trace(_waterfall(path, currency), row=1, col=i)
    figure.update_layout(
        title={
            "text": f"From list price to loaded cost<br>per user per month ({currency})",
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 10},
        },
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=HEIGHT_PX + 60,
        font={"size": 13, "color": "#2a3f5f"},
        margin={"l": 70, "r": 20, "t": 150, "b": 120},
    )
    figure.update_yaxes(gridcolor="#EBF0F8", title_text=f"{currency} per user per month", col=1)
    figure.update_xaxes(tickangle=-35)
    figure.update_annotations(font_size=12)  # the waterfalls' titles
    return figure


def _biggest(steps: Sequence[Step], count: int = 3) -> list[Step]:
    extra = [s for s in steps if s.name != LIST_PRICE and s.per_user_month > 0]
    return sorted(extra, key=lambda s: -s.per_user_month)[:count]


def _listing(steps: Sequence[Step], currency: str) -> str:
    parts = [f"{s.name.lower()} ({currency} {s.per_user_month:,.2f})" for s in steps]
    if not parts:
        return "nothing else"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def loaded_cost_sentence(paths: Sequence[LoadedCost], users: int, currency: str) -> str:
    """What the chart says, in a sentence or two, with the biggest steps named."""
    inhouse = paths[0]
    text = (
        f"At {users:,} users, in-house Exchange costs {currency} {inhouse.total:,.2f} per "
        f"user per month once everything is counted; the largest parts are "
        f"{_listing(_biggest(inhouse.steps), currency)}."
    )
    if len(paths) > 1:
        plan = paths[1]
        assert plan.list_price is not None
        extra = _biggest(plan.steps)
        verb = "is" if len(extra) == 1 else "are"
        text += (
            f" {plan.option} lists at {currency} {plan.list_price:,.2f} but costs "
            f"{currency} {plan.total:,.2f} per user per month, because "
            f"{_listing(extra, currency)} {verb} paid on top of the "
            "subscription. Each step is that cost over the horizon divided by the "
            "user-months (12 x the users of each year)."
        )
    return text
