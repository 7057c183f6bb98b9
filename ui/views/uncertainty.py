"""Uncertainty: the ranges in use (editable), Monte Carlo, tornado and break-even map.

Three sections, one drawn at a time (a segmented control, remembered across tab switches):

- **Monte Carlo**: P10 / P50 / P90 TCO per option, the chance that each is the cheapest that
  fits, the percentile tables; on request (an expander), the fan of cumulative cost by year
  and the distribution of savings against in-house (``planner.simulate``; cached on the
  scenario, the draws and the seed).
- **Sensitivity**: the tornado of every range's low / high swing on in-house minus the
  reference plan, and the break-even values of the top three inputs as sentences.
- **Break-even map**: the cheapest option over headcount x horizon, and over a pair of
  number fields the user picks (grids from :func:`planner.analyses.breakeven_map.map_axis`).

Downloads give the tables of ``planner simulate --csv`` (percentiles, fan, tornado, map).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

from planner.analyses.breakeven_map import DEFAULT_X, DEFAULT_Y, BreakevenMap
from planner.analyses.sensitivity import Tornado
from planner.analyses.simulation import DEFAULT_DRAWS, DEFAULT_SEED, Simulation
from planner.analyses.uncertainty import MedianPushes, inert_notes, median_pushes, resolve
from planner.errors import PlannerError
from planner.model.ranges import scenario_number_fields
from planner.model.scenario import Scenario
from ui import compute, ranges_editor
from ui.formats import money, plain
from ui.results import table_csv
from ui.uncertainty_figures import breakeven_map_figure, default_fan_options, tornado_figure
from ui.uncertainty_text import (
    breakeven_sentence,
    centre_sentence,
    field_label,
    key_label,
    mix_sentence,
    one_winner_sentence,
    range_value_text,
    tornado_axis_range,
)
from ui.views.common import chart, keep, kept, let_the_browser_paint, money_columns
from ui.views.context import ViewContext

SECTION_KEY = "uncertainty:section"
DRAWS_KEY = "uncertainty:draws"
SEED_KEY = "uncertainty:seed"
FAN_KEY = "uncertainty:fan_options"
FAN_OPEN_KEY = "uncertainty:fan_open"
MAP_X_KEY = "uncertainty:map_x"
MAP_Y_KEY = "uncertainty:map_y"
SECTIONS = ("Monte Carlo", "Sensitivity", "Break-even map")
MIN_DRAWS = 100
MAX_DRAWS_APP = 100_000
MAX_SEED = 2**32 - 1
MAP_PAIR_DEFAULT = ("staff.salary_per_fte_year", "organisation.growth_pct_per_year")
METRICS = (
    "Most often cheapest",
    "Chance in-house is cheapest",
    "In-house TCO, P50",
    "Saving with hosted, P50",
)
"""Labels of the Monte Carlo metrics (stable: the tests find them by label)."""
NO_RANGES = (
    "This scenario has no uncertainty ranges, so every draw would be the plan itself and the "
    "tornado has nothing to swing. Add a row to the table above: pick an input (say "
    "Headcount growth (%/year)), then type its low, most likely and high values. Every "
    "preset ships ranges for growth, salaries, prices, outage cost and availability. The "
    "break-even map needs no ranges."
)

UNUSABLE = (
    "The ranges in use do not fit this scenario (see the message under the table, e.g. a plan "
    "that is no longer in the plans table): fix the row or delete it. The break-even map needs "
    "no ranges."
)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "scenario"


def _whole(x: pd.Series) -> pd.Series:
    """Money rounded to whole currency units for the screen (+ 0.0 turns -0 into 0)."""
    return x.round(0) + 0.0


def percentiles_display(t: pd.DataFrame) -> pd.DataFrame:
    """TCO per option from the percentiles table (``Simulation.percentile_table()``) as shown:
    readable titles, money in whole units, probabilities in percent (the CSV keeps every
    digit)."""
    return pd.DataFrame(
        {
            "Option": t["option"],
            "TCO P10": _whole(t["tco_p10"]),
            "TCO P50": _whole(t["tco_p50"]),
            "TCO P90": _whole(t["tco_p90"]),
            "TCO mean": _whole(t["tco_mean"]),
            "Cheapest (%)": 100 * t["p_cheapest"],
            "Fits (%)": 100 * t["p_fits"],
        }
    )


def savings_display(t: pd.DataFrame) -> pd.DataFrame:
    """Each plan's saving against in-house from the percentiles table, as shown (in-house,
    the first row, has no saving against itself and is left out)."""
    plans = t.iloc[1:]
    return pd.DataFrame(
        {
            "Plan": plans["option"],
            "Saving P10": _whole(plans["saving_p10"]),
            "Saving P50": _whole(plans["saving_p50"]),
            "Saving P90": _whole(plans["saving_p90"]),
            "Plan cheaper (%)": 100 * plans["p_saving"],
        }
    ).reset_index(drop=True)


def tornado_display(table: pd.DataFrame, currency: str = "USD") -> pd.DataFrame:
    """The tornado table as shown (``Tornado.table()`` with readable titles; each input named
    as in the sidebar, its low / most likely / high as text with the currency or the unit,
    thousands separators and the decimals that matter)."""
    return pd.DataFrame(
        {
            "Rank": table["rank"],
            "Input": [key_label(k, currency) for k in table["input"]],
            **{
                title: [
                    range_value_text(k, float(v), currency)
                    for k, v in zip(table["input"], table[column], strict=True)
                ]
                for title, column in (("Low", "low"), ("Most likely", "mode"), ("High", "high"))
            },
            "At low": _whole(table["difference_at_low"]),
            "At high": _whole(table["difference_at_high"]),
            "Swing": _whole(table["swing"]),
        }
    )


def _download(
    label: str, table: Callable[[], pd.DataFrame], file_name: str, key: str, help_text: str
) -> None:
    """A CSV download of ``table()``, made only when the button is clicked."""
    st.download_button(
        label,
        data=lambda: table_csv(table()),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
        help=help_text,
    )


def _draws_and_seed() -> tuple[int, int]:
    left, right = st.columns(2)
    draws = left.number_input(
        "Draws",
        min_value=MIN_DRAWS,
        max_value=MAX_DRAWS_APP,
        value=DEFAULT_DRAWS,  # bound: kept across tabs and in the link
        step=1_000,
        key=DRAWS_KEY,
        bind="query-params",
        help=f"How many variants of the scenario to cost ({MIN_DRAWS:,} to "
        f"{MAX_DRAWS_APP:,}). 10,000 take about a quarter of a second; the command line allows "
        "up to 200,000.",
    )
    seed = right.number_input(
        "Seed",
        min_value=0,
        max_value=MAX_SEED,
        step=1,
        value=DEFAULT_SEED,
        key=SEED_KEY,
        format="%d",
        bind="query-params",
        help="The same seed draws the same values: results are reproducible (also with "
        "planner simulate --seed). Change it to see how much the figures move by chance.",
    )
    return int(draws), int(seed)


def _simulation(ctx: ViewContext, usable: bool, draws: int, seed: int) -> Simulation | None:
    """The cached draws, or None after saying why there are none (no ranges, unusable, error)."""
    if not ctx.scenario.uncertainty.ranges:
        st.info(NO_RANGES)
        return None
    if not usable:
        st.info(UNUSABLE)
        return None
    try:
        sim = compute.simulation(ctx.key, draws, seed)
    except PlannerError as exc:
        st.error(plain(str(exc)))
        return None
    if sim.draws < draws:  # bounded work per session (ui.compute.draws_cap)
        st.info(
            f"Ran {sim.draws:,} draws, not {draws:,}: this scenario's options and ranges "
            f"make each draw large, and the app keeps at most "
            f"{compute.MAX_SIMULATION_BYTES // 1_000_000} MB per simulation "
            "(planner simulate on the command line runs up to 200,000)."
        )
    return sim


def _headline_metrics(sim: Simulation, table: pd.DataFrame, plan: str, cur: str) -> None:
    """The four metrics: most often cheapest, chance in-house is, in-house P50, saving P50."""
    p = sim.p_cheapest
    likeliest = int(np.argmax(p))
    inhouse = table.iloc[0]
    saving_p50 = float(table["saving_p50"].iloc[sim.options.index(plan)])
    cols = [*st.columns(2), *st.columns(2)]
    cols[0].metric(
        METRICS[0],
        sim.options[likeliest],
        delta=f"in {100 * p[likeliest]:.1f}% of draws",
        delta_color="off",
        delta_arrow="off",
        help="The option that is the cheapest one that fits in most draws.",
    )
    cols[1].metric(
        METRICS[1],
        f"{100 * p[0]:.1f}%",
        help="Share of draws in which running Exchange yourself costs least.",
    )
    cols[2].metric(
        METRICS[2],
        money(float(inhouse["tco_p50"]), cur),
        help=f"Median in-house TCO; P10 {money(float(inhouse['tco_p10']), cur)}, "
        f"P90 {money(float(inhouse['tco_p90']), cur)}.",
    )
    cols[3].metric(
        METRICS[3],
        money(saving_p50, cur),
        delta=plan,
        delta_color="off",
        delta_arrow="off",
        help="Median of in-house TCO minus the TCO of the hosted plan most often "
        "cheapest (above 0 the plan saves money).",
    )


def _percentile_tables(table: pd.DataFrame, cur: str) -> None:
    """The TCO percentiles and each plan's saving against in-house, as tables."""
    percent = {
        name: st.column_config.NumberColumn(name, format="%.1f")
        for name in ("Cheapest (%)", "Fits (%)", "Plan cheaper (%)")
    }
    st.dataframe(
        percentiles_display(table),
        hide_index=True,
        key="table:uncertainty:percentiles",
        column_config={
            **money_columns(["TCO P10", "TCO P50", "TCO P90", "TCO mean"], cur),
            **percent,
        },
    )
    st.caption(
        "Saving against in-house: in-house TCO minus the plan's (above 0 the plan is "
        "cheaper), and the share of draws in which the plan is cheaper."
    )
    st.dataframe(
        savings_display(table),
        hide_index=True,
        key="table:uncertainty:savings",
        column_config={
            **money_columns(["Saving P10", "Saving P50", "Saving P90"], cur),
            **percent,
        },
    )


def _simulation_downloads(sim: Simulation, table: pd.DataFrame, slug: str) -> None:
    """Download buttons for the percentiles and the fan (``planner simulate --csv`` tables)."""
    left, right = st.columns(2)
    with left:
        _download(
            "Download percentiles (.csv)",
            lambda: table,
            f"{slug}-percentiles.csv",
            "download:uncertainty:percentiles",
            "One row per option: the columns of 'planner simulate --csv' (scenario, "
            "option, draws, seed, tco_p10 ... p_saving, currency).",
        )
    with right:
        _download(
            "Download fan (.csv)",
            sim.fan_table,
            f"{slug}-fan.csv",
            "download:uncertainty:fan",
            "Cumulative cost percentiles by option and year ('planner simulate --what fan').",
        )


FAN_TITLE = "Cumulative cost by year (fan) and the distribution of savings"
"""The expander holding the fan and savings charts, drawn only while it is open."""


def _fan_and_savings(
    ctx: ViewContext, sim: Simulation, fan_default: list[str], draws: int, seed: int
) -> None:
    """The options picker, the fan of cumulative cost and the distribution of savings
    (figures cached on the scenario, the draws asked, the seed and the options picked),
    in an expander drawn only while open: two Plotly charts fewer when the tab opens
    (the charts of a rerun are drawn together, so the first waits for all).
    Open or closed, it stays so across tab switches and new draws."""
    kept(FAN_OPEN_KEY, False)
    box = st.expander(FAN_TITLE, key=FAN_OPEN_KEY, on_change="rerun")
    keep(FAN_OPEN_KEY)  # however it was opened (a click, a test), it stays so
    if not box.open:
        return
    options = list(sim.options)
    kept(FAN_KEY, fan_default)
    st.session_state[FAN_KEY] = [o for o in st.session_state[FAN_KEY] if o in options]
    with box:
        chosen = st.multiselect(
            "Options in the fan and savings charts",
            options,
            key=FAN_KEY,
            on_change=keep,
            args=(FAN_KEY,),
        )
        drawn = (ctx.key, draws, seed, compute.colour_pairs(ctx.colours))
        if chosen:
            chart(compute.fan_figure(*drawn, tuple(chosen)), key="chart:uncertainty:fan")
        plans = [o for o in chosen if o != options[0]]
        if plans:
            chart(compute.savings_figure(*drawn, tuple(plans)), key="chart:uncertainty:savings")
        else:
            st.caption("Pick a hosted plan above to see the distribution of its saving.")


PUSHES_ENTRIES = 8


@st.cache_data(max_entries=PUSHES_ENTRIES, show_spinner=False)
def _median_pushes(key: str) -> MedianPushes:
    """Each range's push at its median (a batch of ranges + 2 variants, cached on the
    scenario: the draws and the seed do not change it)."""
    scenario = Scenario.model_validate_json(key)
    return median_pushes(scenario, resolve(scenario))


def _simulation_caption(ctx: ViewContext, sim: Simulation) -> None:
    notes = inert_notes(ctx.scenario, sim.inputs) + [m for m in [mix_sentence(sim)] if m]
    centre = centre_sentence(sim, _median_pushes(ctx.key), ctx.currency, ctx.input_currency)
    st.caption(
        f"{sim.draws:,} draws (seed {sim.seed}) of {len(sim.inputs)} uncertain inputs, each "
        "drawn independently from its range; TCO as on the Overview, over each draw's "
        "horizon. The black diamonds and dotted lines are the figures with every input as "
        "entered (the Overview's); ranges not pinned move with the inputs. P10: one draw in "
        "ten costs less. Saving: in-house TCO minus the plan's (above 0 the plan is "
        "cheaper)." + f"\n\n{plain(centre)}" + "".join(f"\n\n{plain(n)}" for n in notes)
    )


def _monte_carlo(ctx: ViewContext, usable: bool) -> None:
    """Draws and seed, then the metrics, charts, tables and downloads of the Monte Carlo."""
    draws, seed = _draws_and_seed()
    sim = _simulation(ctx, usable, draws, seed)
    if sim is None:
        return
    table = sim.percentile_table()
    fan_default = default_fan_options(sim)
    _headline_metrics(sim, table, fan_default[1], ctx.currency)
    colours = compute.colour_pairs(ctx.colours)
    chart(compute.tco_range_figure(ctx.key, draws, seed, colours), key="chart:uncertainty:tco")
    let_the_browser_paint()  # the first chart first, then the rest
    chart(compute.cheapest_figure(ctx.key, draws, seed, colours), key="chart:uncertainty:cheapest")
    _percentile_tables(table, ctx.currency)
    _simulation_downloads(sim, table, _slug(ctx.scenario.name))
    _fan_and_savings(ctx, sim, fan_default, draws, seed)
    _simulation_caption(ctx, sim)


def _sensitivity(ctx: ViewContext, usable: bool) -> None:
    if not ctx.scenario.uncertainty.ranges:
        st.info(NO_RANGES)
        return
    if not usable:
        st.info(UNUSABLE)
        return
    try:
        sens = compute.sensitivity(ctx.key)
    except PlannerError as exc:
        st.error(plain(str(exc)))
        return
    t = sens.tornado
    cur = ctx.currency
    if sens.breakevens:
        st.markdown(
            "**Break-even values** (every other input at its most likely value):\n\n"
            + "\n".join(
                f"- {plain(breakeven_sentence(b, ctx.input_currency))}" for b in sens.breakevens
            )
        )
    names = {b.input.key: key_label(b.input.key, ctx.input_currency) for b in t.bars}
    chart(
        tornado_figure(t, names, lambda k, v: range_value_text(k, v, ctx.input_currency)),
        key="chart:uncertainty:tornado",
    )
    table = t.table()
    st.dataframe(
        tornado_display(table, ctx.input_currency),
        hide_index=True,
        key="table:uncertainty:tornado",
        column_config=money_columns(["At low", "At high", "Swing"], ctx.currency),
    )
    _download(
        "Download tornado (.csv)",
        lambda: table,
        f"{_slug(ctx.scenario.name)}-tornado.csv",
        "download:uncertainty:tornado",
        "One row per input, ranked by swing ('planner simulate --what tornado').",
    )
    st.caption(
        f"Each bar sets one input to its low and to its high, every other input at its most "
        f"likely value, and shows in-house TCO minus {plain(t.reference)}'s (the middle line: "
        f"{money(t.base, cur)} with every input at its most likely value; above 0 the plan is "
        "cheaper). The axis spans the bars around that value"
        + ("" if _zero_in_span(t) else ", so it does not start at 0: no input flips the answer")
        + ". One at a time: it ranks which guesses matter most; the Monte Carlo shows how "
        "they combine."
    )


def _map(ctx: ViewContext, x_field: str, y_field: str, key: str) -> BreakevenMap | None:
    try:
        m = compute.breakeven_map(ctx.key, x_field, y_field)
    except PlannerError as exc:
        st.error(plain(str(exc)))
        return None
    x_name, y_name = (
        field_label(x_field, ctx.input_currency),
        field_label(y_field, ctx.input_currency),
    )
    chart(breakeven_map_figure(m, x_name, y_name), key=f"chart:uncertainty:{key}")
    one_winner = one_winner_sentence(m, x_name, y_name)
    if one_winner is not None:
        st.info(plain(one_winner))
    slug = _slug(ctx.scenario.name)
    pair = (
        ""
        if (x_field, y_field) == (DEFAULT_X, DEFAULT_Y)
        else (f"-{_slug(x_field)}-{_slug(y_field)}")
    )
    _download(
        "Download map (.csv)",
        m.table,
        f"{slug}-map{pair}.csv",
        f"download:uncertainty:{key}",
        "One row per cell: the two inputs, the cheapest option and in-house minus the "
        "best hosted plan ('planner simulate --what map').",
    )
    return m


def _axis_text(name: str, values: np.ndarray) -> str:
    return f"{name} from {values[0]:,.6g} to {values[-1]:,.6g} ({len(values)} values)"


def _zero_in_span(t: Tornado) -> bool:
    """Whether the tornado's axis reaches 0 (some bar flips which option is cheaper)."""
    low, high = tornado_axis_range([v for b in t.bars for v in (b.at_low, b.at_high)], t.base)
    return low <= 0 <= high


def _breakeven_map(ctx: ViewContext) -> None:
    st.markdown("**Headcount x horizon**")
    default = _map(ctx, DEFAULT_X, DEFAULT_Y, "map")
    if default is not None:
        st.caption(
            "Green: a hosted plan is cheaper; red: in-house is cheaper; the black line is "
            "break-even. Colour: in-house TCO minus the best hosted plan's, in percent of the "
            "plan's. Every other input keeps this scenario's value (not the ranges)."
        )
    st.markdown("**Another pair of inputs**")
    fields = list(scenario_number_fields())
    left, right = st.columns(2)

    def name(field: str) -> str:
        return field_label(field, ctx.input_currency)

    x_field = left.selectbox(
        "Across (x)",
        fields,
        index=fields.index(MAP_PAIR_DEFAULT[0]),  # bound: kept across tabs and in the link
        key=MAP_X_KEY,
        format_func=name,
        bind="query-params",
    )
    y_field = right.selectbox(
        "Up (y)",
        fields,
        index=fields.index(MAP_PAIR_DEFAULT[1]),  # bound: kept across tabs and in the link
        key=MAP_Y_KEY,
        format_func=name,
        bind="query-params",
    )
    if x_field == y_field:
        st.warning("Pick two different inputs for the map.")
        return
    m = _map(ctx, x_field, y_field, "map_pair")
    if m is not None:
        st.caption(
            f"{_axis_text(name(m.x_field), m.x_values)}; "
            f"{_axis_text(name(m.y_field), m.y_values)}: from "
            "a quarter to four times this scenario's value, within what the field allows."
        )


def render(ctx: ViewContext) -> None:
    st.subheader("Ranges in use")
    st.caption(
        "Each uncertain input: its low, most likely and high value, and how likely the values "
        "in between are (a smooth peak at the most likely value, or a triangle). "
        "Edit cells, or add a row to give another number a range, then press Apply changes: "
        "valid changes apply together and travel with the link and the scenario download. "
        "Numbers are in the unit the input's name gives (USD, %, FTE...)."
    )
    problems = ranges_editor.render(ctx.scenario)
    usable = ranges_editor.usable(ctx.scenario)
    for problem in problems:
        st.error(plain(problem))
    if problems and usable:
        st.warning(
            "The ranges table has a problem (above); the figures below use the last valid ranges."
        )
    kept(SECTION_KEY, SECTIONS[0])
    section = st.segmented_control(
        "Show",
        SECTIONS,
        key=SECTION_KEY,
        required=True,
        on_change=keep,
        args=(SECTION_KEY,),
        bind="query-params",
    )
    if section == SECTIONS[1]:
        _sensitivity(ctx, usable)
    elif section == SECTIONS[2]:
        _breakeven_map(ctx)
    else:
        _monte_carlo(ctx, usable)
