"""Overview: the answer first (one sentence, its numbers, what would change it), the
headline numbers, why a plan does not fit, the cumulative cost of the
options chosen, the path from list price to loaded cost per user, and every option."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from planner.analyses.recommendation import Recommendation, answer_of
from planner.engine.path_notes import money_text, path_sentences
from planner.model.currencies import rate_text
from planner.model.scenario import Scenario
from ui import compute, guided_start
from ui.figures import option_names
from ui.formats import money, money_cents, plain, year_text
from ui.loaded_cost import loaded_cost_sentence, loaded_costs
from ui.option_choice import coinciding, coinciding_text, default_shown, typed_quotes
from ui.results import best_hosted
from ui.tables import options_display_table, options_table
from ui.views import fit, mix_headline
from ui.views.common import chart, keep, let_the_browser_paint
from ui.views.context import ViewContext

METRICS = (
    "In-house TCO",
    "Cheapest hosted TCO",
    "Saving with hosted",
    "In-house breaks even",
    "In-house per user per month",
    "Hosted per user per month",
)
"""Labels of the headline metrics (stable: the tests and the browser find them by label)."""
SHOWN_KEY = "overview:shown"
"""The options the cumulative chart shows (a multiselect, kept across tab switches)."""


def _caption(ctx: ViewContext) -> None:
    h = ctx.results.horizon_years
    basis = (
        "net of the hardware's residual value"
        if ctx.scenario.finance.tco_basis == "net_of_residual"
        else "in cash spent"
    )
    downtime = "including" if ctx.scenario.risk.include_downtime else "excluding"
    st.caption(
        f"Totals over {h} years (year 0 upfront, then years 1-{h}), {basis}, {downtime} "
        f"expected downtime loss; {ctx.scenario.organisation.users:,} users today."
    )


Slots = Sequence[DeltaGenerator]


def _hosted_metrics(ctx: ViewContext, best: int, top: Slots, bottom: Slots) -> None:
    r, s, cur = ctx.results, ctx.results.summary, ctx.currency
    inhouse_tco, hosted_tco = float(s.tco[0, 0]), float(s.tco[0, best])
    saving = inhouse_tco - hosted_tco
    name = plain(r.options[best])
    top[1].metric(
        METRICS[1],
        money(hosted_tco, cur),
        delta=name,
        delta_color="off",
        delta_arrow="off",
        help="The cheapest hosted plan that fits the organisation as is.",
    )
    share = saving / inhouse_tco * 100 if inhouse_tco else math.nan
    top[2].metric(
        METRICS[2],
        money(saving, cur),
        delta=None if math.isnan(share) else f"{share:.0f}% of in-house",
        delta_color="normal",
        help="In-house TCO minus the cheapest hosted plan's TCO (negative: in-house is cheaper).",
    )
    bottom[0].metric(
        METRICS[3],
        year_text(float(s.breakeven_year[0, best]), r.horizon_years),
        help="First year from which in-house's cumulative cost stays at or below the "
        "cheapest hosted plan's, through the horizon.",
    )
    bottom[2].metric(
        METRICS[5],
        money_cents(s.cost_per_user_month[0, best], cur),
        delta=name,
        delta_color="off",
        delta_arrow="off",
        help="The plan's TCO / (12 x the users of each year): the loaded cost, not the list "
        "price (see the chart below).",
    )


def _metrics(ctx: ViewContext) -> None:
    s, cur = ctx.results.summary, ctx.currency
    top, bottom = st.columns(3), st.columns(3)
    top[0].metric(
        METRICS[0],
        money(float(s.tco[0, 0]), cur),
        help="Total cost of ownership of running Exchange Server yourself.",
    )
    bottom[1].metric(
        METRICS[4],
        money_cents(s.cost_per_user_month[0, 0], cur),
        help="In-house TCO / (12 x the users of each operating year).",
    )
    best = best_hosted(s)
    if best is not None:
        _hosted_metrics(ctx, best, top, bottom)
        return
    top[1].metric(
        METRICS[1],
        "no plan fits",
        help="Every hosted plan has a user cap, mailbox or attachment problem.",
    )
    for slot, label in ((top[2], METRICS[2]), (bottom[0], METRICS[3]), (bottom[2], METRICS[5])):
        slot.metric(label, "-")


def _fit_messages(ctx: ViewContext) -> None:
    """The cheapest option that fits, and why each typed quote that does not fit does not."""
    r, s = ctx.results, ctx.results.summary
    cheapest = int(s.cheapest[0])
    if cheapest == 0:
        st.info("Cheapest option that fits: **in-house Exchange**.")
    else:
        saving = float(s.tco[0, 0] - s.tco[0, cheapest])
        st.info(
            f"Cheapest option that fits: **{plain(r.options[cheapest])}**, "
            f"{money(saving, ctx.currency)} less than in-house over {r.horizon_years} years."
        )
    for quote in typed_quotes(ctx.scenario.plans):
        if r.fit_reason(quote):
            st.warning(plain(f"Your quote {quote} {r.fit_reason(quote)}."))


def _shown_options(ctx: ViewContext) -> list[str]:
    """The multiselect of options to draw: the default follows the scenario until changed."""
    options = list(ctx.results.options)
    picked = st.session_state.get(f"_kept:{SHOWN_KEY}")
    if picked is None:
        st.session_state[SHOWN_KEY] = default_shown(ctx.results, ctx.scenario.plans)
    else:
        st.session_state[SHOWN_KEY] = [o for o in picked if o in options]
    names = dict(zip(options, option_names(ctx.results), strict=True))
    chosen = st.multiselect(
        "Options to show",
        options,
        key=SHOWN_KEY,
        on_change=keep,
        args=(SHOWN_KEY,),
        format_func=lambda o: names.get(o, o),
        help="In-house, the cheapest plans that fit and every quote you typed are shown to "
        "start with; add or remove any.",
    )
    return list(chosen)


def _cumulative(ctx: ViewContext) -> None:
    r = ctx.results
    shown = _shown_options(ctx)
    figure = compute.cumulative_figure(ctx.key, compute.colour_pairs(ctx.colours), tuple(shown))
    chart(figure, key="chart:overview:cumulative")
    same = coinciding(r, shown)
    if same:
        st.caption(plain(coinciding_text(same)))


def _loaded_cost(ctx: ViewContext) -> None:
    paths = loaded_costs(ctx.results, ctx.scenario.plans, ctx.scenario.finance)
    chart(compute.loaded_cost_figure(ctx.key), key="chart:overview:loaded_cost")
    users = ctx.scenario.organisation.users
    st.caption(plain(loaded_cost_sentence(paths, users, ctx.currency)))


TEXT_COLUMNS = ("Option", "Fits as is", "In-house breaks even", "Notes")
"""Columns of text in the every-option table (the others are numbers, right-aligned)."""


def options_markdown(table: pd.DataFrame, currency: str) -> str:
    """Every option as one Markdown table (``options_table`` as ``options_display_table``
    shows it: names and notes escaped for Markdown, ``|`` included, so they appear as typed;
    money formatted; numbers right-aligned). One element instead of ``st.table``, whose every
    cell is a Markdown element of its own in the browser (about 14% less of the
    page's JavaScript and 300 fewer DOM nodes per input change). Not ``st.html``: names are
    typed by users, and the app renders no raw HTML (see SECURITY)."""
    shown = options_display_table(table, currency)
    rule = ("---" if c in TEXT_COLUMNS else "---:" for c in shown.columns)
    lines = ["| " + " | ".join(shown.columns) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in shown.itertuples(index=False)]
    return "\n".join(lines)


def _options_table(ctx: ViewContext) -> None:
    st.subheader("Every option")
    table = options_table(ctx.results, ctx.scenario.plans)
    with st.container(key="table:overview:options"):
        st.markdown(options_markdown(table, ctx.currency))
    st.caption(
        f"NPV discounts each year's cost at {ctx.scenario.finance.discount_rate_pct:g}% a "
        "year. Saving: in-house TCO minus the option's. Break-even: first year from which "
        "in-house's cumulative cost stays at or below the plan's. Illustrative plans have "
        "unpublished prices: type a real quote into the plans table. Residual value (what "
        "hardware is still worth at the horizon) is a credit, shown negative as in both CSV "
        "files and the reports."
    )
    fin = ctx.scenario.finance
    conversion = rate_text(fin.currency, fin.exchange_rate_per_usd, fin.input_currency)
    if conversion:
        st.caption(plain(conversion))


def _paths(ctx: ViewContext) -> None:
    """From an existing Exchange: the three paths named, one line each (none for greenfield)."""
    r = ctx.results
    sentences = [s for s in path_sentences(ctx.scenario, r.projection, r.summary) if s]
    if sentences:
        st.info("\n".join("- " + plain(s) for s in sentences[:-1]))


ANSWER_KEY = "answer:overview"
"""Key of the container of the answer (the tests and the browser find it by it)."""


@st.cache_data(max_entries=compute.MAX_ENTRIES, show_spinner=False)
def answer(key: str) -> Recommendation:
    """The answer of the scenario ``key``: its sentence, numbers and drivers (one tornado
    batch and one break-even search, cached like every engine call)."""
    r = compute.results(key)
    return answer_of(Scenario.model_validate_json(key), r.projection, r.summary)


def _answer(ctx: ViewContext) -> None:
    """The answer first: the sentence, the numbers behind it, what would change it."""
    a = answer(ctx.key)
    with st.container(key=ANSWER_KEY):
        st.success(plain(a.sentence))
        st.markdown(
            "  \n".join(
                f"{plain(n.label)}: **{money_text(n.value, a.currency)}**" for n in a.numbers
            )
        )
        if a.drivers:
            st.markdown(
                "**What would change the answer**\n\n"
                + "\n".join(f"- {plain(d.sentence)}" for d in a.drivers)
            )
        if a.drivers_note:
            st.caption(plain(a.drivers_note))
        guided_start.reopen_button()


def render(ctx: ViewContext) -> None:
    _answer(ctx)
    _caption(ctx)
    if not mix_headline.render(ctx):  # with segments: in-house against the best mix
        _metrics(ctx)
    _paths(ctx)
    _fit_messages(ctx)
    fit.headline(ctx)
    let_the_browser_paint()  # the headline first, then the charts
    _cumulative(ctx)
    _loaded_cost(ctx)
    _options_table(ctx)
