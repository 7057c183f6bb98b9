"""``planner scale``: cost per user per month by headcount, the crossings, and the DR levels.

The same analyses as the app's Scalability and Disaster recovery tabs
(:mod:`planner.analyses.scalability`, :mod:`planner.analyses.dr_levels`), as text. Kept out
of :mod:`planner.cli` so the command line only imports the engine when this subcommand runs.
"""

from __future__ import annotations

import argparse
import math

from planner.analyses.dr_levels import DrComparison, dr_levels_of
from planner.analyses.scalability import Scalability, plan_crossings, scalability_of
from planner.cli.terminal import print_text, table_lines, terminal_text, whole_money
from planner.model.scenario import Scenario

OPTION_WIDTH = 44


def _per_user(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:,.2f}"


def scalability_text(scal: Scalability, currency: str) -> list[str]:
    """A row per headcount, a column per option (lettered, with a key), then the crossings."""
    letters = [chr(ord("A") + j) for j in range(len(scal.options))]
    lines = [f"Cost per user per month ({currency}) by headcount; - = over the plan's user cap:"]
    lines += [
        f"  {letter}: {terminal_text(o)}" for letter, o in zip(letters, scal.options, strict=True)
    ]
    rows = [
        [f"{users:,.0f}", *(_per_user(float(x)) for x in scal.cost_per_user_month[i])]
        for i, users in enumerate(scal.users)
    ]
    lines += ["", *table_lines(("users", *letters), rows, (8, *[10] * len(letters)))]
    found = plan_crossings(scal)
    lines += ["", "Where a plan crosses in-house (interpolated between grid headcounts):"]
    if not found:
        lines.append("  none: no plan's line crosses in-house's between 10 and 20,000 users")
    for c in found:
        below, above = (
            ("the plan", "in-house") if c.plan_cheaper_below else ("in-house", "the plan")
        )
        lines.append(
            f"  {terminal_text(c.plan)}: about {c.users:,.0f} users, "
            f"{c.cost_per_user_month:,.2f} {currency} per user per month; "
            f"{below} is cheaper below, {above} above"
        )
    return lines


def dr_text(dr: DrComparison) -> list[str]:
    """In-house at each DR level, then each plan: availability, hours down, cost and loss."""
    rows: list[list[str]] = []
    for i, level in enumerate(dr.levels):
        name = level.replace("_", " ") + (" (current)" if i == dr.current_level else "")
        availability = float(dr.inhouse_availability_pct[i])
        cost, loss = float(dr.inhouse_cost[i]), float(dr.inhouse_downtime_loss[i])
        sla = "none" if dr.inhouse_internal_sla_pct is None else f"{dr.inhouse_internal_sla_pct:g}"
        rows.append(_dr_row(f"In-house, {name}", sla, availability, cost, loss))
    for j, plan in enumerate(dr.plans):
        availability = float(dr.plan_expected_availability_pct[j])
        cost, loss = float(dr.plan_cost[j]), float(dr.plan_downtime_loss[j])
        sla = f"{dr.plan_sla_pct[j]:g}"
        mark = "*" if dr.plan_availability_estimated[j] else ""
        label = terminal_text(plan)
        rows.append(_dr_row(label, sla, availability, cost, loss, mark))
    notes = (
        ["* expected availability estimated from the SLA (the plan publishes none)"]
        if any(dr.plan_availability_estimated)
        else []
    )
    header = ("option", "SLA %", "expected %", "hours down/yr", "cost", "downtime loss", "total")
    return [
        f"Disaster recovery: cost over the horizon ({dr.currency}) without downtime, and the "
        "expected downtime loss (always priced here)",
        "",
        *table_lines(header, rows, (OPTION_WIDTH, 7, 11, 14, 13, 14, 13)),
        *notes,
    ]


def _dr_row(
    label: str, sla: str, availability: float, cost: float, loss: float, mark: str = ""
) -> list[str]:
    """Hours down are calendar hours, (1 - availability / 100) x 8,760; the loss counts only
    the share of them in working time."""
    hours = float(DrComparison.downtime_hours_per_year(availability))
    return [
        label,
        sla,
        f"{availability:g}{mark}",
        f"{hours:,.1f}",
        whole_money(cost),
        whole_money(loss),
        whole_money(cost + loss),
    ]


def scale_text(scenario: Scenario) -> list[str]:
    """Both analyses of one scenario, as printed by ``planner scale``."""
    currency = scenario.finance.currency
    lines = [f"{terminal_text(scenario.name)}: {scenario.organisation.users:,} users today", ""]
    lines += scalability_text(scalability_of(scenario), currency)
    return [*lines, "", *dr_text(dr_levels_of(scenario))]


def run(args: argparse.Namespace) -> int:
    """Print the scalability and DR analyses of a scenario file."""
    from planner.model.files import load_scenario

    print_text("\n".join(scale_text(load_scenario(args.scenario))))
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``planner scale SCENARIO``."""
    scale = sub.add_parser(
        "scale",
        help="cost per user per month by headcount, where plans cross in-house, and DR levels",
    )
    scale.add_argument(
        "scenario", help="scenario file (TOML) or preset name (see `planner presets`)"
    )
    scale.set_defaults(run=run)
