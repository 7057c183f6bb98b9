"""The Overview's headline when the scenario has user segments: the best mix against all
in-house (README, Methodology: segments and hybrid).

With segments the cheapest option is usually the best mix, which may keep some segments
in-house, so "cheapest hosted" would misname it: the metrics compare in-house with the best
mix, and a sentence says where the mix puts each segment and what it saves against the
cheapest single plan too. Without segments nothing is drawn and the Overview is as before.
"""

from __future__ import annotations

import math

import streamlit as st

from ui.formats import money, money_cents, plain, year_text
from ui.segment_tables import has_segments, mix_kind, mix_sentence
from ui.views.context import ViewContext

MIX_METRICS = (
    "In-house TCO",
    "Best mix TCO",
    "Saving with the best mix",
    "In-house breaks even",
    "In-house per user per month",
    "Best mix per user per month",
)
"""Labels of the headline metrics with segments (stable: tests find them by label)."""
HEADLINE_KEY = "overview:best_mix"


def _metrics(ctx: ViewContext, mix_index: int) -> None:
    r, s, cur = ctx.results, ctx.results.summary, ctx.currency
    mix = r.projection.mix
    assert mix is not None
    top, bottom = st.columns(3), st.columns(3)
    inhouse_tco, mix_tco = float(s.tco[0, 0]), float(s.tco[0, mix_index])
    top[0].metric(
        MIX_METRICS[0],
        money(inhouse_tco, cur),
        help="Total cost of ownership of running Exchange Server yourself for everyone.",
    )
    found = math.isfinite(mix.best.tco)
    top[1].metric(
        MIX_METRICS[1],
        money(mix_tco, cur) if found else "no placement fits",
        delta=mix_kind(mix.best).split(":")[0] if found else None,
        delta_color="off",
        delta_arrow="off",
        help="The cheapest placement of the segments, each in-house or on a plan it may use "
        "and fits, searched as a whole (the Segments tab shows it).",
    )
    saving = inhouse_tco - mix_tco
    share = saving / inhouse_tco * 100 if inhouse_tco else math.nan
    top[2].metric(
        MIX_METRICS[2],
        money(saving, cur) if found else "-",
        delta=None if math.isnan(share) or not found else f"{share:.0f}% of in-house",
        delta_color="normal",
        help="In-house TCO minus the best mix's TCO (negative: in-house is cheaper).",
    )
    bottom[0].metric(
        MIX_METRICS[3],
        year_text(float(s.breakeven_year[0, mix_index]), r.horizon_years) if found else "-",
        help="First year from which in-house's cumulative cost stays at or below the best "
        "mix's, through the horizon.",
    )
    bottom[1].metric(
        MIX_METRICS[4],
        money_cents(s.cost_per_user_month[0, 0], cur),
        help="In-house TCO / (12 x the users of each operating year).",
    )
    bottom[2].metric(
        MIX_METRICS[5],
        money_cents(s.cost_per_user_month[0, mix_index], cur) if found else "-",
        help="The best mix's TCO / (12 x the users of each operating year).",
    )


def render(ctx: ViewContext) -> bool:
    """With segments: the metrics against the best mix and the headline sentence (True);
    without: nothing (False), and the Overview draws its usual metrics."""
    index = ctx.results.projection.mix_index
    if not has_segments(ctx.results) or index is None:
        return False
    _metrics(ctx, index)
    with st.container(key=HEADLINE_KEY):
        st.success(plain(mix_sentence(ctx.results, ctx.scenario)), icon=":material/groups:")
    return True
