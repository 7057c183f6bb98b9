"""Tables the views show, as DataFrames built from engine results. Pure: no streamlit."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner.analyses.dr_levels import DrComparison
from planner.analyses.scalability import Scalability, plan_crossings
from planner.engine.categories import CATEGORIES, LINES
from planner.model.currencies import CATALOGUE, PLAN_CURRENCY, default_in_input
from planner.model.defaults import assumptions, catalogue
from planner.model.fields import field_groups, label, plan_label, value_text
from planner.model.scenario import Plan, Scenario
from ui.formats import plain, year_text
from ui.results import Results
from ui.segment_tables import NO_PLACEMENT, mix_kind, mix_unfit, placement_words


def _whole(x: np.ndarray) -> np.ndarray:
    """Rounded to whole currency units; + 0.0 turns -0 into 0."""
    return np.round(x, 0) + 0.0


OPTION_COLUMNS = (
    "Option",
    "Fits as is",
    "Per user per month",
    "TCO",
    "Saving against in-house",
    "In-house breaks even",
    "NPV",
    "Capex",
    "Opex",
    "Residual value",
    "Notes",
)
"""The Every option table's columns, in the order an owner reads them: what it is, whether
it fits (and why not), what it costs, then the finance detail and the notes."""
OPTION_MONEY = (
    "TCO",
    "Saving against in-house",
    "NPV",
    "Capex",
    "Opex",
    "Residual value",
    "TCO after tax",
    "NPV after tax",
)


def _option_notes(results: Results, plans: tuple[Plan, ...]) -> list[str]:
    """Every note of each option but why it does not fit (said once, in "Fits as is"), and
    a word on illustrative prices."""
    illustrative = {p.label for p in plans if p.illustrative}
    mix, mix_index = results.projection.mix, results.projection.mix_index
    out = []
    for j, option in enumerate(results.options):
        said = _fit_problems(results, j)
        notes = [n for n in results.warnings.get(option, []) if n not in said]  # in-house's too
        if mix is not None and j == mix_index and math.isfinite(mix.best.tco):
            notes.insert(0, f"{mix_kind(mix.best)}: {placement_words(mix, mix.best)}")
        if option in illustrative:
            notes.append("illustrative price: replace with a quote")
        out.append("; ".join(notes))
    return out


def _fit_problems(results: Results, index: int) -> set[str]:
    """The notes that "Fits as is" already says for option ``index``: a plan's problems
    (its reason is ``does not fit: `` and those joined by ``; ``), or the mix's."""
    option = results.options[index]
    if mix_unfit(results, index):
        return {NO_PLACEMENT}
    reason = results.fit_reason(option).removeprefix("does not fit: ")
    notes = results.notes.get(option)
    if not reason or notes is None:
        return set()
    for k in range(len(notes.notes), 0, -1):  # the problems come first in a plan's notes
        if "; ".join(notes.notes[:k]) == reason:
            return set(notes.notes[:k])
    return set()


def fit_text(results: Results, option: str) -> str:
    """``yes`` or the reason it does not fit: ``does not fit: mailboxes outgrow ...``."""
    if mix_unfit(results, results.options.index(option)):
        return NO_PLACEMENT
    return results.fit_reason(option) or "yes"


def options_table(results: Results, plans: tuple[Plan, ...]) -> pd.DataFrame:
    """One row per option (:data:`OPTION_COLUMNS`): fit, cost per user-month, TCO, saving
    (in-house TCO - the option's), break-even, NPV, capex, opex, residual value, notes."""
    s = results.summary
    breakeven = [
        "-" if j == 0 else year_text(float(s.breakeven_year[0, j]), results.horizon_years)
        for j in range(len(results.options))
    ]
    after_tax = (
        {"TCO after tax": _whole(s.tco_after_tax[0]), "NPV after tax": _whole(s.npv_after_tax[0])}
        if bool(s.after_tax_view[0])
        else {}
    )
    return pd.DataFrame(
        {
            "Option": list(results.options),
            "Fits as is": [fit_text(results, o) for o in results.options],
            "Per user per month": np.round(s.cost_per_user_month[0], 2) + 0.0,
            "TCO": _whole(s.tco[0]),
            "Saving against in-house": _whole(s.tco[0, 0] - s.tco[0]),
            "In-house breaks even": breakeven,
            "NPV": _whole(s.npv[0]),
            "Capex": _whole(s.capex[0]),
            "Opex": _whole(s.opex[0]),
            "Residual value": _whole(-s.residual_value[0]),  # a credit: negative, as in the CSVs
            **after_tax,
            "Notes": _option_notes(results, plans),
        },
        columns=[*OPTION_COLUMNS[:-1], *after_tax, OPTION_COLUMNS[-1]],
    )


def options_display_table(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    """:func:`options_table` as text for a static table that shows every row and wraps
    long cells: text escaped for Markdown (names appear as typed), money in whole units
    with separators, per user-month with cents, the currency in the money columns' titles."""
    shown = table.copy()
    for column in ("Option", "Fits as is", "In-house breaks even", "Notes"):
        shown[column] = [plain(v) for v in table[column]]  # st.table reads Markdown
    for column in (c for c in OPTION_MONEY if c in table):
        shown[column] = [f"{round(float(v)) + 0:,}" for v in table[column]]
    shown["Per user per month"] = [f"{float(v):,.2f}" for v in table["Per user per month"]]
    money_titles = {c: f"{c} ({currency})" for c in (*OPTION_MONEY, "Per user per month")}
    return shown.rename(columns=money_titles)


def yearly_totals_table(results: Results) -> pd.DataFrame:
    """Rows: options; columns: each year's total (TCO basis) and the horizon total."""
    h = results.horizon_years
    total = results.projection.total[0, :, : h + 1]
    frame = pd.DataFrame(
        _whole(total),
        index=list(results.options),
        columns=[f"Year {t}" for t in range(h + 1)],
    )
    frame["Total"] = _whole(total.sum(axis=1))
    frame.index.name = "Option"
    return frame.reset_index()


def category_year_table(results: Results, option: int) -> pd.DataFrame:
    """One option's cost by category (rows) and year (columns), with totals."""
    costs = results.projection.costs
    assert costs is not None
    h = results.horizon_years
    rows: dict[str, np.ndarray] = {}
    for i, line in enumerate(LINES):
        name = CATEGORIES[line.category]
        rows[name] = rows.get(name, 0) + costs[0, option, i, : h + 1]
    frame = pd.DataFrame(rows, index=[f"Year {t}" for t in range(h + 1)]).T
    frame = frame.loc[frame.abs().sum(axis=1) > 0]
    frame["Total"] = frame.sum(axis=1)
    frame.loc["Total"] = frame.sum(axis=0)
    frame.index.name = "Category"
    return (frame.round(0) + 0.0).reset_index()


def storage_table(results: Results) -> pd.DataFrame:
    """In-house sizing by operating year: users, mailbox, disk and databases."""
    m = results.projection.metrics
    h = results.horizon_years
    sl = slice(1, h + 1)
    return pd.DataFrame(
        {
            "Year": np.arange(1, h + 1),
            "Users": m["users"][0, sl].astype(int),
            "Mailbox used, average (GB)": np.round(m["mailbox_gb"][0, sl], 2),
            "Mailbox on disk (GB)": np.round(m["mailbox_on_disk_gb"][0, sl], 2),
            "One database copy (GB)": np.round(m["database_copy_gb"][0, sl], 0),
            "Disk needed (TB)": np.round(m["storage_need_tb"][0, sl], 2),
            "Disk installed (TB)": np.round(m["storage_installed_tb"][0, sl], 2),
            "Databases": m["databases"][0, sl].astype(int),
        }
    )


def servers_table(results: Results) -> pd.DataFrame:
    """In-house servers and staff by operating year."""
    m = results.projection.metrics
    h = results.horizon_years
    sl = slice(1, h + 1)
    return pd.DataFrame(
        {
            "Year": np.arange(1, h + 1),
            "Users": m["users"][0, sl].astype(int),
            "Servers for CPU": m["servers_cpu"][0, sl].astype(int),
            "Servers needed": m["servers_needed"][0, sl].astype(int),
            "Servers installed": m["servers_installed"][0, sl].astype(int),
            "DR servers installed": m["dr_servers_installed"][0, sl].astype(int),
            "Admin FTE in-house": np.round(m["inhouse_fte"][0, sl], 2),
            "Admin FTE hosted": np.round(m["hosted_fte"][0, sl], 2),
        }
    )


def crossings_table(scal: Scalability) -> pd.DataFrame:
    """Each headcount where a plan's cost per user-month crosses in-house's
    (:func:`planner.analyses.scalability.plan_crossings`)."""
    rows = [
        {
            "Plan": c.plan,
            "Crosses in-house at about (users)": round(c.users),
            "Cost per user per month there": round(c.cost_per_user_month, 2),
            "Cheaper below that headcount": "plan" if c.plan_cheaper_below else "in-house",
        }
        for c in plan_crossings(scal)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Plan",
            "Crosses in-house at about (users)",
            "Cost per user per month there",
            "Cheaper below that headcount",
        ],
    )


def dr_table(
    dr: DrComparison, labels: list[str], reasons: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Each DR row: whether it fits as is (``yes`` or a plan's reason from ``reasons``), SLA
    and expected availability, hours down, costs, what the SLA pays back.

    In-house has no SLA ("none") unless it runs under an internal SLA; every option's downtime
    is priced from its expected availability, "estimated" from the SLA for a plan that
    publishes none. SLA credits are what the provider pays back when it misses the SLA, shown
    as published, never counted as a cost.
    """
    levels = len(dr.levels)
    internal = dr.inhouse_internal_sla_pct
    inhouse_sla = "none" if internal is None else f"{internal:g} (internal)"
    sla = [inhouse_sla] * levels + [f"{x:g}" for x in dr.plan_sla_pct]
    basis = ["your DR level (see Assumptions)"] * levels + [
        "estimated from the SLA" if e else "the plan's figure"
        for e in dr.plan_availability_estimated
    ]
    availability = np.concatenate([dr.inhouse_availability_pct, dr.plan_expected_availability_pct])
    cost = np.concatenate([dr.inhouse_cost, dr.plan_cost])
    loss = np.concatenate([dr.inhouse_downtime_loss, dr.plan_downtime_loss])
    own = "no SLA: your own team" if internal is None else "internal SLA: no service credits"
    credits = [own] * levels + [c or "not published" for c in dr.plan_sla_credits]
    why = reasons or {}
    fits = ["yes"] * levels + [why.get(p) or "yes" for p in dr.plans]
    return pd.DataFrame(
        {
            "Option": labels,
            "Fits as is": fits,
            plan_label("sla_pct", CATALOGUE): sla,
            plan_label("expected_availability_pct", CATALOGUE): availability,
            "Expected availability from": basis,
            "Expected hours down per year": np.round(
                DrComparison.downtime_hours_per_year(availability), 1
            ),
            "Cost without downtime": _whole(cost),
            "Expected downtime loss": _whole(loss),
            "Total": _whole(cost + loss),
            plan_label("sla_credits", CATALOGUE): credits,
        }
    )


def _value_at(scenario: Scenario, path: str) -> Any:
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every scalar value in use with its default, source, basis and date; changed ones marked."""
    defaults = assumptions()
    currency = scenario.finance.input_currency  # inputs and their defaults are typed in it
    rows = []
    for group in field_groups():
        for spec in group.fields:
            item = defaults.get(spec.path)
            value = _value_at(scenario, spec.path)
            default = default_in_input(item.value, spec.money, scenario.finance) if item else None
            rows.append(
                {
                    "Changed": item is None or value != default,
                    "Group": group.title,
                    "Assumption": label(spec, currency),
                    "Value in use": value_text(value),
                    "Default": value_text(default) if item else "",
                    "Basis": item.basis if item else "",
                    "As of": item.as_of.isoformat() if item else "",
                    "Source": item.source if item else "",
                    "Field": spec.path,
                }
            )
    return pd.DataFrame(rows)


SOURCE_PLAN_FIELDS = ("price_per_user_month", "mailbox_gb", "sla_pct", "illustrative")
"""The plan fields the Assumptions view shows beside each plan's source and date."""


def plans_sources_table(plans: tuple[Plan, ...]) -> pd.DataFrame:
    """The plans in use with source and date; 'changed' when not the bundled catalogue entry.
    Columns are labelled as the plans table labels them (money in each plan's currency)."""
    bundled = {p.label: p for p in catalogue()}
    rows = [
        {
            "Changed": bundled.get(p.label) != p,
            "Plan": p.label,
            **{plan_label(name, PLAN_CURRENCY): getattr(p, name) for name in SOURCE_PLAN_FIELDS},
            plan_label("currency", CATALOGUE): p.currency,
            plan_label("as_of", CATALOGUE): p.as_of.isoformat() if p.as_of else "",
            plan_label("source", CATALOGUE): p.source,
        }
        for p in plans
    ]
    return pd.DataFrame(rows)
