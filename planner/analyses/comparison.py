"""Compare 2 to 4 scenarios side by side: headline figures, cumulative cost, differing inputs.

Pure functions over validated scenarios; the app only shows what they return. Scenarios
are told apart by :func:`display_names` (their names, made unique with " (2)", " (3)").

* :func:`headline_table` - one row per scenario, typed columns (numbers stay numbers).
* :func:`headline_text` - the same, transposed and formatted: metrics as rows, one text
  column per scenario, ready to display.
* :func:`cumulative_table` - cumulative cost by scenario, option and year (TCO basis).
* :func:`differing_assumptions` - every input whose value is not the same in all scenarios,
  with each scenario's value as text; plans are compared by label (``Provider Plan``): a
  plan missing from some scenarios is one row ("included" / "not included"), a plan in all
  of them with different terms gives one row per differing field; uncertainty ranges are
  compared by field (and plan): "low / most likely / high (shape)" or "no range".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.engine.projection import Projection, project_scenario
from planner.engine.summary import Summary, summarise
from planner.errors import ScenarioError
from planner.model.paths import (
    PLAN_COLUMNS,
    field_description,
    flatten,
    plan_description,
    value_text,
)
from planner.model.scenario import Scenario

MIN_SCENARIOS = 2
MAX_SCENARIOS = 4
NOT_COMPARED = ("name", "description")
"""Fields that label a scenario rather than assume something about it."""


@dataclass(frozen=True)
class Comparison:
    """Two to four scenarios compared (see the module docstring for each table)."""

    names: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    summaries: tuple[Summary, ...]
    headline: pd.DataFrame
    cumulative: pd.DataFrame
    differences: pd.DataFrame

    def headline_text(self) -> pd.DataFrame:
        """Metrics as rows, one formatted text column per scenario."""
        return headline_text(self.headline)


def check_count(count: int) -> None:
    """Raise ScenarioError unless 2 <= count <= 4."""
    if not MIN_SCENARIOS <= count <= MAX_SCENARIOS:
        raise ScenarioError(
            f"comparison: {count} scenario{'s' if count != 1 else ''} chosen; "
            f"compare {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios"
        )


def display_names(scenarios: Sequence[Scenario]) -> tuple[str, ...]:
    """Scenario names, a repeated one suffixed " (2)", " (3)" so each column is unique."""
    out: list[str] = []
    for s in scenarios:
        name, n = s.name, 1
        while name in out:
            n += 1
            name = f"{s.name} ({n})"
        out.append(name)
    return tuple(out)


def _best_hosted(summary: Summary) -> int | None:
    return summary.best_hosted(0)


def headline_table(
    scenarios: Sequence[Scenario], summaries: Sequence[Summary], names: Sequence[str]
) -> pd.DataFrame:
    """One row per scenario: inputs that frame it, then in-house and cheapest figures.

    Money columns are in each scenario's own currency (column ``currency``).
    """
    rows: list[dict[str, Any]] = []
    for name, scenario, s in zip(names, scenarios, summaries, strict=True):
        cheapest = int(s.cheapest[0])
        best = _best_hosted(s)
        saving = float(s.tco[0, 0] - s.tco[0, cheapest])
        breakeven = float(s.breakeven_year[0, best]) if best is not None else float("nan")
        rows.append(
            {
                "scenario": name,
                "currency": scenario.finance.currency,
                "users": scenario.organisation.users,
                "growth_pct_per_year": scenario.organisation.growth_pct_per_year,
                "horizon_years": scenario.organisation.horizon_years,
                "inhouse_tco": float(s.tco[0, 0]),
                "inhouse_cost_per_user_month": float(s.cost_per_user_month[0, 0]),
                "inhouse_npv": float(s.npv[0, 0]),
                "cheapest_option": s.options[cheapest],
                "cheapest_tco": float(s.tco[0, cheapest]),
                "cheapest_cost_per_user_month": float(s.cost_per_user_month[0, cheapest]),
                "saving_vs_inhouse": saving,
                "best_hosted_plan": s.options[best] if best is not None else "none fits",
                "best_hosted_tco": float(s.tco[0, best]) if best is not None else float("nan"),
                "breakeven_year": breakeven,
            }
        )
    return pd.DataFrame(rows)


HEADLINE_LABELS: tuple[tuple[str, str, str], ...] = (
    ("users", "Users today", "count"),
    ("growth_pct_per_year", "Headcount change per year", "pct"),
    ("horizon_years", "Years compared", "count"),
    ("inhouse_tco", "In-house: total cost of ownership", "money"),
    ("inhouse_cost_per_user_month", "In-house: cost per user per month", "money_2dp"),
    ("inhouse_npv", "In-house: net present value", "money"),
    ("cheapest_option", "Cheapest option that fits", "text"),
    ("cheapest_tco", "Cheapest option: total cost of ownership", "money"),
    ("cheapest_cost_per_user_month", "Cheapest option: cost per user per month", "money_2dp"),
    ("saving_vs_inhouse", "Saving against in-house", "money"),
    ("best_hosted_plan", "Cheapest hosted plan that fits", "text"),
    ("best_hosted_tco", "Cheapest hosted plan: total cost of ownership", "money"),
    ("breakeven_year", "Break-even year of in-house against that plan", "year"),
)
"""headline_table column -> row label of headline_text, and how the value reads."""


def _cell_text(value: Any, how: str, currency: str) -> str:
    if how == "text":
        return str(value)
    number = float(value)
    if np.isnan(number):
        return "none"
    if how == "money":
        return f"{round(number) + 0:,} {currency}"
    if how == "money_2dp":
        return f"{number:,.2f} {currency}"
    if how == "pct":
        return f"{number:+g}%"
    if how == "year":
        return f"year {int(number)}"
    return f"{number:,.0f}"


def headline_text(headline: pd.DataFrame) -> pd.DataFrame:
    """The headline table as text: metric rows, one column per scenario."""
    out: dict[str, list[str]] = {"metric": [label for _, label, _ in HEADLINE_LABELS]}
    for record in headline.to_dict("records"):
        out[str(record["scenario"])] = [
            _cell_text(record[key], how, str(record["currency"])) for key, _, how in HEADLINE_LABELS
        ]
    return pd.DataFrame(out)


def cumulative_table(
    projections: Sequence[Projection],
    summaries: Sequence[Summary],
    names: Sequence[str],
    currencies: Sequence[str],
) -> pd.DataFrame:
    """Cumulative cost, long form: scenario, option, role, year, cumulative_cost, currency.

    ``role`` is "in-house", "cheapest hosted" (the scenario's cheapest hosted plan that
    fits) or "other"; years run 0..each scenario's own horizon.
    """
    frames = []
    for name, p, s, cur in zip(names, projections, summaries, currencies, strict=True):
        horizon = int(p.horizon[0])
        years = np.arange(horizon + 1)
        best = _best_hosted(s)
        for j, option in enumerate(s.options):
            role = "in-house" if j == 0 else ("cheapest hosted" if j == best else "other")
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": name,
                        "option": option,
                        "role": role,
                        "year": years,
                        "cumulative_cost": s.cumulative[0, j, : horizon + 1],
                        "currency": cur,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _plan_rows(scenarios: Sequence[Scenario]) -> list[tuple[str, str, list[str]]]:
    by_label = [{p.label: p for p in s.plans} for s in scenarios]
    labels = list(dict.fromkeys(label for plans in by_label for label in plans))
    rows: list[tuple[str, str, list[str]]] = []
    for label in labels:
        present = [label in plans for plans in by_label]
        if not all(present):
            rows.append(
                (
                    f"plans: {label}",
                    "Hosted plan in the scenario's plan list",
                    ["included" if here else "not included" for here in present],
                )
            )
            continue
        for column in PLAN_COLUMNS:
            values = [getattr(plans[label], column) for plans in by_label]
            if any(v != values[0] for v in values[1:]):
                rows.append(
                    (
                        f"plans: {label}: {column}",
                        plan_description(column),
                        [value_text(v) for v in values],
                    )
                )
    return rows


def _range_text(item: Any) -> str:
    return (
        f"{value_text(float(item.low))} / {value_text(float(item.mode))} / "
        f"{value_text(float(item.high))} ({item.shape})"
    )


def _range_rows(scenarios: Sequence[Scenario]) -> list[tuple[str, str, list[str]]]:
    """Uncertainty ranges by (field, plan or segment): low / most likely / high, or "no
    range"."""
    by_key = [
        {(r.field, r.plan or r.segment): _range_text(r) for r in s.uncertainty.ranges}
        for s in scenarios
    ]
    keys = list(dict.fromkeys(key for ranges in by_key for key in ranges))
    rows: list[tuple[str, str, list[str]]] = []
    for field, which in keys:
        values = [ranges.get((field, which), "no range") for ranges in by_key]
        if any(v != values[0] for v in values[1:]):
            where = f"{field} ({which})" if which else field
            rows.append((f"uncertainty: {where}", "Range low / most likely / high (shape)", values))
    return rows


def differing_assumptions(
    scenarios: Sequence[Scenario], names: Sequence[str] | None = None
) -> pd.DataFrame:
    """Inputs that differ between the scenarios: field, description, one column per name.

    Values are text (:func:`planner.model.paths.value_text`) so mixed types display.
    """
    names = tuple(names) if names is not None else display_names(scenarios)
    flat = [flatten(s) for s in scenarios]
    rows: list[tuple[str, str, list[str]]] = []
    for path in flat[0]:
        if path in NOT_COMPARED:
            continue
        values = [f[path] for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append((path, field_description(path), [value_text(v) for v in values]))
    rows += _plan_rows(scenarios)
    rows += _range_rows(scenarios)
    columns = ["field", "description", *names]
    return pd.DataFrame(
        [[field, description, *values] for field, description, values in rows],
        columns=columns,
        dtype=object,
    )


def compare(
    scenarios: Sequence[Scenario], projections: Sequence[Projection] | None = None
) -> Comparison:
    """Compare 2 to 4 scenarios (projected here unless their projections are given)."""
    check_count(len(scenarios))
    if projections is None:
        projections = [project_scenario(s) for s in scenarios]
    elif len(projections) != len(scenarios):
        raise ValueError("give one projection per scenario")
    summaries = tuple(summarise(p) for p in projections)
    names = display_names(scenarios)
    return Comparison(
        names=names,
        scenarios=tuple(scenarios),
        summaries=summaries,
        headline=headline_table(scenarios, summaries, names),
        cumulative=cumulative_table(
            projections, summaries, names, [s.finance.currency for s in scenarios]
        ),
        differences=differing_assumptions(scenarios, names),
    )


__all__ = [
    "MAX_SCENARIOS",
    "MIN_SCENARIOS",
    "Comparison",
    "check_count",
    "compare",
    "cumulative_table",
    "differing_assumptions",
    "display_names",
    "headline_table",
    "headline_text",
]
