"""Migration: the paths from today's Exchange, the move's timeline and the transfer arithmetic.

Greenfield scenarios (``current.platform = none``) get a pointer to the starting-point group.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from planner.engine.migration import MigrationPlan, migration_plan_of
from planner.engine.path_notes import path_sentences, year_text
from planner.engine.platform_paths import MoveTiming, move_timing
from planner.engine.scenario_arrays import Batch
from planner.model.fields import scenario_fields
from planner.model.scenario import PLATFORM_NAMES, Scenario
from ui.figures import timeline_figure
from ui.formats import plain
from ui.views.common import chart
from ui.views.context import ViewContext

CUTOVER_WEEKS = 1.0
DECOMMISSION_WEEKS = 2.0
"""Bar lengths of the two one-off steps on the timeline (drawn, not priced: their cost is
the cut-over and decommissioning inputs)."""


def timeline_rows(scenario: Scenario, plan: MigrationPlan) -> list[tuple[str, float, float]]:
    """(step, start week, length in weeks) of a move: the data transfer and coexistence start
    together; cut-over ends coexistence; decommissioning follows."""
    transfer_weeks = plan.transfer_days / 7
    coexist = plan.coexistence_weeks
    rows = [
        ("Data transfer", 0.0, transfer_weeks),
        ("Coexistence (both paid)", 0.0, coexist),
        ("Cut-over", coexist, CUTOVER_WEEKS),
        ("Decommissioning", coexist + CUTOVER_WEEKS, DECOMMISSION_WEEKS),
    ]
    if scenario.current.platform in ("exchange_2016", "exchange_2019"):
        rows.insert(0, ("Upgrade in place to SE (the alternative path)", 0.0, 52.0))
    return rows


def transfer_table(plan: MigrationPlan) -> pd.DataFrame:
    """The data-transfer arithmetic, one step a row."""
    mailbox_gb = (plan.data_gb - plan.extra_gb) / max(plan.mailboxes, 1)
    extra = f" + {plan.extra_gb:,.0f} GB other data" if plan.extra_gb > 0 else ""
    entered = plan.coexistence_weeks if plan.entered_weeks is None else plan.entered_weeks
    link = (
        f"{plan.bandwidth_mbps:g} Mbps x {plan.usable_pct:g}% x 86,400 s / 8 / 1,000 "
        f"= {plan.link_gb_per_day:,.0f} GB a day"
    )
    return pd.DataFrame(
        {
            "Step": [
                "Data to move",
                "Link",
                "Provider ingestion",
                "Transfer rate",
                "Transfer time",
                "Coexistence",
            ],
            "Arithmetic": [
                f"{plan.mailboxes:,} mailboxes x {mailbox_gb:g} GB{extra} "
                f"= {plan.data_gb:,.0f} GB ({plan.data_tb:.2f} TB)",
                link,
                f"{plan.ingestion_gb_per_day:,.0f} GB a day",
                f"min(link, ingestion) = {plan.rate_gb_per_day:,.0f} GB a day "
                f"(limited by {plan.limited_by})",
                f"{plan.data_gb:,.0f} / {plan.rate_gb_per_day:,.0f} = "
                f"{plan.transfer_days:.1f} days",
                f"max({entered:g} weeks entered, {plan.transfer_days:.1f} / 7 + "
                f"{plan.buffer_weeks:g} weeks buffer) = {plan.coexistence_weeks:.1f} weeks",
            ],
        }
    )


def timing_table(timing: MoveTiming, currency: str) -> pd.DataFrame:
    """TCO by move year, one row per target (those that fit first), and each one's best year."""
    order = sorted(range(len(timing.targets)), key=lambda k: (not timing.fits[k], k))
    columns = [year_text(year, timing.last, timing.paid_until) for year in timing.years]
    rows = []
    for k in order:
        row: dict[str, object] = {"Move to": plain(timing.targets[k])}
        row["Fits"] = "yes" if timing.fits[k] else "no"
        for column, tco in zip(columns, timing.tco[k], strict=True):
            row[f"{column} ({currency})"] = None if math.isnan(tco) else round(float(tco))
        row["Best year"] = year_text(timing.best_year(k), timing.last, timing.paid_until)
        rows.append(row)
    return pd.DataFrame(rows)


def use_best_year(year: int) -> None:
    """Callback: price every path in the main comparison with the move in ``year``."""
    fields = scenario_fields()
    st.session_state[fields["current.move_when"].key] = "now" if year == 0 else "chosen_year"
    st.session_state[fields["current.move_year"].key] = year


def render_best_year(timing: MoveTiming) -> None:
    """Pick a target and take its cheapest move year into the main comparison."""
    order = sorted(range(len(timing.targets)), key=lambda k: (not timing.fits[k], k))
    target = st.selectbox(
        "Target",
        order,
        format_func=lambda k: plain(timing.targets[k]),
        key="migration:best_year_target",
    )
    best = timing.best_year(int(target))
    when = year_text(best, timing.last, timing.paid_until)
    st.button(
        f"Use the best year for this target ({when}) in every path",
        key="migration:use_best_year",
        on_click=use_best_year,
        args=(best,),
        help="Sets When to leave today's Exchange and the Move year in the sidebar, so the "
        "main table, the Overview and the reports price the move in that year.",
    )


def render_timing(ctx: ViewContext) -> None:
    """Cost by move year: stay until year m (counting what staying costs), then go."""
    scenario, r = ctx.scenario, ctx.results
    targets = r.projection.options[: 1 + len(scenario.plans)]
    timing = move_timing(Batch.of(scenario), targets, capable=r.projection.capable)
    st.subheader("When to move")
    if len(timing.years) < 2:
        st.info("Only now: today's servers serve no further year, so there is no later year.")
        return
    st.dataframe(
        timing_table(timing, scenario.finance.currency),
        hide_index=True,
        key="table:migration:timing",
    )
    st.caption(
        "Each cell is the total cost over the horizon of staying on today's servers until "
        "that year (running them, staff, the unsupported-software risk, paid security "
        "updates while on sale) and then upgrading in place or moving with the migration "
        "counted. Moving now also sells the old hardware; past today's servers' life, staying "
        "buys the same servers and disk again, and the upgrade in place buys its own servers "
        "when they retire and runs the old Exchange on them until the upgrade."
    )
    render_best_year(timing)


def render(ctx: ViewContext) -> None:
    scenario = ctx.scenario
    if scenario.current.platform == "none":
        st.info(
            "Greenfield: no Exchange today. If you already run Exchange, set **Platform** "
            "under **Current** in the sidebar's assumptions to compare staying, upgrading "
            "in place to Exchange SE and moving to each hosted plan. The transfer arithmetic "
            "below uses today's users and mailbox size."
        )
        plan = migration_plan_of(Batch.of(scenario))
        st.dataframe(transfer_table(plan), hide_index=True, key="table:migration:transfer")
        return
    st.subheader(f"Paths from {PLATFORM_NAMES[scenario.current.platform]}")
    r = ctx.results
    for sentence in path_sentences(scenario, r.projection, r.summary):
        st.markdown("- " + plain(sentence))
    plan = migration_plan_of(Batch.of(scenario))
    chart(timeline_figure(timeline_rows(scenario, plan)), key="chart:migration:timeline")
    st.dataframe(transfer_table(plan), hide_index=True, key="table:migration:transfer")
    st.caption(
        "Coexistence lasts at least the transfer time plus the buffer: the new plan's "
        "subscription is paid in full from year 1 while the old servers, and the share of "
        "the in-house administrators' time they take, are paid for the coexistence weeks "
        "(the migration line's year-1 cost). The move project (tool licences, staff hours, "
        "cut-over, decommissioning, public folders, PST files shipped, archive, less the old "
        "hardware's resale) is paid in year 0."
    )
    if scenario.current.platform in ("exchange_2016", "exchange_2019"):
        render_timing(ctx)
