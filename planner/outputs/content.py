"""What a report says, built once from a scenario, its projection and its summary.

The workbook (:mod:`planner.outputs.xlsx`) and the HTML page (:mod:`planner.outputs.html`)
both render one :class:`ReportContent`, so they always say the same thing. Numbers stay
numbers here (money in the scenario's currency, unrounded); only sentences are text.

Conventions: year 0 is the upfront year (build, migration, purchases for year 1), years
1..H are operating years; "TCO" is on the scenario's basis (net of residual hardware value,
or cash); option 0 is in-house Exchange, options 1..P are the scenario's hosted plans.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.analyses.fit import Fit, assess, matrix_records
from planner.analyses.recommendation import Recommendation, answer_of
from planner.engine.categories import CATEGORIES, LINES
from planner.engine.fit_notes import option_notes
from planner.engine.path_notes import money_text, path_sentences
from planner.engine.projection import Projection, project_scenario
from planner.engine.summary import Summary, summarise
from planner.model.currencies import PLAN_CURRENCY, default_in_input, rate_text
from planner.model.defaults import assumptions, catalogue
from planner.model.fields import FieldSpec, field_label, plan_fields, spec_at
from planner.model.paths import field_description, value_at
from planner.model.scenario import Plan, Scenario
from planner.outputs.cells import safe_csv
from planner.outputs.long_table import long_table
from planner.outputs.move_timing import TimingSection, capable_targets, timing_section
from planner.outputs.segments import SegmentSection, segment_section
from planner.outputs.summary_table import RESIDUAL_SIGN_NOTE

QUANTITIES: tuple[tuple[str, str], ...] = (
    ("users", "Users"),
    ("mailbox_gb", "Average mailbox (GB)"),
    ("mailbox_on_disk_gb", "Mailbox on disk (GB)"),
    ("database_copy_gb", "One copy of all databases (GB)"),
    ("storage_need_tb", "Storage needed (TB)"),
    ("storage_installed_tb", "Storage installed (TB)"),
    ("servers_cpu", "Servers for CPU"),
    ("servers_needed", "Servers needed"),
    ("servers_installed", "Servers installed"),
    ("dr_servers_installed", "DR-site servers installed"),
    ("databases", "Databases"),
    ("inhouse_fte", "In-house administrator FTE"),
    ("hosted_fte", "Hosted administrator FTE"),
    ("inhouse_mbps", "In-house internet (Mbps)"),
    ("hosted_mbps", "Hosted internet (Mbps)"),
    ("inhouse_availability_pct", "In-house availability (%)"),
)
"""Engine metric -> column heading of the storage & servers table (metrics not listed here
are appended under their own name, so a new engine metric is never dropped)."""

BREAKEVEN_RULE = (
    "Break-even: the first year from which in-house's cumulative cost stays at or below the "
    "plan's through the horizon."
)


@dataclass(frozen=True)
class OptionRow:
    """One option's summary figures (money in the report currency)."""

    option: str
    hosted: bool
    tco: float
    tco_cash: float
    npv: float
    cost_per_user_month: float
    capex: float
    opex: float
    residual_value: float  # a credit: negative or 0, as in the CSV files
    breakeven_year: int | None  # None: none within the horizon (always None for in-house)
    fits: bool
    illustrative: bool
    cheapest: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Headline:
    """One headline figure.

    ``unit``: money, money_per_user_month, users, pct, years (a count), year (a year number)
    or text.
    """

    label: str
    value: float | int | str | None
    unit: str


@dataclass(frozen=True)
class PlanRow:
    """One hosted plan of the scenario, where it comes from and how it fares."""

    option: str
    plan: Plan
    origin: str  # "catalogue", "changed from catalogue" or "added in this scenario"
    tco: float
    cost_per_user_month: float
    fits: bool
    warnings: tuple[str, ...]


PLAN_COLUMNS: tuple[FieldSpec, ...] = tuple(
    spec for spec in plan_fields().values() if "reports" in spec.surfaces
)
"""The plan fields a report's plan table shows, in model order, labelled from the registry."""


def plan_headers() -> tuple[str, ...]:
    """The plan columns' labels, as the plans table shows them (money in each plan's own
    currency, its Currency column)."""
    return tuple(field_label(spec.path, PLAN_CURRENCY) for spec in PLAN_COLUMNS)


@dataclass(frozen=True)
class AssumptionRow:
    """One assumption: the value used, the default, and where the default comes from."""

    path: str
    label: str  # the registry's label, as the sidebar shows it (in the input currency)
    description: str
    value: Any
    default: Any
    changed: bool
    basis: str
    source: str
    as_of: dt.date


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows for one scenario (see the module docstring)."""

    scenario_name: str
    description: str
    currency: str
    users: int
    growth_pct_per_year: float
    horizon_years: int
    tco_basis: str
    discount_rate_pct: float
    generated_on: dt.date | None
    context: str  # one line: users, growth, horizon, currency, basis, discount rate
    recommendation: str  # one sentence
    headline: tuple[Headline, ...]
    options: tuple[OptionRow, ...]
    cheapest: int  # index into options
    best_hosted: int | None  # cheapest hosted plan that fits, None when none fits
    years: tuple[int, ...]  # 0..H
    costs: pd.DataFrame  # long table: year, option, category, category_label, kind, cost
    yearly_totals: pd.DataFrame  # option, year, total (TCO basis), cumulative
    category_totals: pd.DataFrame  # option, category, category_label, cost over the horizon
    quantities: pd.DataFrame  # year, then one column per QUANTITIES label
    plans: tuple[PlanRow, ...]
    removed_plans: tuple[str, ...]  # catalogue plans this scenario leaves out
    assumptions: tuple[AssumptionRow, ...]
    notes: tuple[str, ...]
    fit: Fit | None = None  # the capability fit matrix beside the costs (see fit_content)
    segments: SegmentSection | None = None  # with [[segments]] only (planner.outputs.segments)
    timing: TimingSection | None = None  # from Exchange 2016 / 2019 (planner.outputs.move_timing)
    answer: Recommendation | None = None  # the answer first (planner.analyses.recommendation)

    @property
    def changed_assumptions(self) -> tuple[AssumptionRow, ...]:
        """The assumptions this scenario sets to something other than the default."""
        return tuple(a for a in self.assumptions if a.changed)

    @property
    def year_columns(self) -> tuple[str, ...]:
        """Column headings of the years: "Year 0" .. "Year H"."""
        return tuple(f"Year {y}" for y in self.years)

    def yearly_wide(self) -> pd.DataFrame:
        """Costs as option x category x kind rows with one column per year and a total.

        Columns (all text, so the frame displays as is): option, category (label), kind,
        then "Year 0" .. "Year H" (:attr:`year_columns`), then total. Rows follow the option
        order and the engine's line order.
        """
        frame = self.costs
        table = frame.pivot_table(
            index=["option", "category", "kind"],
            columns="year",
            values="cost",
            aggfunc="sum",
            fill_value=0.0,
            sort=False,
        )
        table = table.reindex(columns=list(self.years), fill_value=0.0)
        table.columns = list(self.year_columns)
        table["total"] = table.sum(axis=1)
        table = table.reset_index()
        option_order = {o.option: i for i, o in enumerate(self.options)}
        line_order = {(line.category, line.kind): i for i, line in enumerate(LINES)}
        key = [
            (option_order[o], line_order.get((c, k), len(LINES)))
            for o, c, k in zip(table["option"], table["category"], table["kind"], strict=True)
        ]
        table = table.iloc[sorted(range(len(table)), key=key.__getitem__)].reset_index(drop=True)
        table["category"] = [CATEGORIES.get(c, c) for c in table["category"]]
        table.columns.name = None
        return table


def _breakeven(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


OPTION_ZERO_PHRASES = {
    "Upgrade in place to Exchange SE": ("upgrade in place to Exchange SE", "upgrading in place"),
    "Keep Exchange SE in place": ("keep Exchange SE in place", "keeping Exchange SE in place"),
}
"""Option 0 from an existing platform: (what to do, what it is compared with), in words."""


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _recommendation(
    options: tuple[OptionRow, ...],
    cheapest: int,
    best_hosted: int | None,
    currency: str,
    horizon: int,
) -> str:
    inhouse = options[0]
    span = f"over {horizon} year{'s' if horizon != 1 else ''}"
    if inhouse.option in OPTION_ZERO_PHRASES:
        return _path_recommendation(options, cheapest, currency, span)
    if cheapest == 0:
        if best_hosted is None:
            return (
                "Keep Exchange in-house: no hosted plan fits as it is (see the plan "
                f"warnings); in-house costs {money_text(inhouse.tco, currency)} {span}."
            )
        best = options[best_hosted]
        return (
            f"On cost alone, keep Exchange in-house: {span} it costs "
            f"{money_text(inhouse.tco, currency)}, {money_text(best.tco - inhouse.tco, currency)} "
            f"less than the cheapest hosted plan that fits, {best.option} "
            f"({money_text(best.tco, currency)})."
        )
    best = options[cheapest]
    saving = inhouse.tco - best.tco
    share = f" ({saving / inhouse.tco:.0%})" if inhouse.tco > 0 else ""
    sentence = (
        f"On cost alone, move to {best.option}: {span} it costs "
        f"{money_text(best.tco, currency)}, {money_text(saving, currency)}{share} less than "
        f"running Exchange in-house ({money_text(inhouse.tco, currency)})."
    )
    if best.illustrative:
        sentence += " Its price is illustrative: get a real quote before deciding."
    return sentence


def _mix_recommendation(
    scenario: Scenario, p: Projection, options: tuple[OptionRow, ...], cheapest: int
) -> str:
    """When the best mix of segments is the cheapest option that fits: where it puts each
    segment, its TCO and the saving against option 0 (in-house, or the in-place path)."""
    assert p.mix is not None
    currency, horizon = scenario.finance.currency, scenario.organisation.horizon_years
    span = f"over {horizon} year{'s' if horizon != 1 else ''}"
    first, best = options[0], options[cheapest]
    places = p.mix.place_of(p.mix.best)
    where = ", ".join(
        f"{segment} in-house" if place == p.options[0] else f"{segment} on {place}"
        for segment, place in places.items()
    )
    hybrid = " a hybrid," if p.mix.best.is_hybrid else ""
    compared = OPTION_ZERO_PHRASES.get(first.option, ("", "running Exchange in-house"))[1]
    saving = first.tco - best.tco
    share = f" ({saving / first.tco:.0%})" if first.tco > 0 else ""
    sentence = (
        f"On cost alone, use the best mix of segments ({where}):{hybrid} {span} it costs "
        f"{money_text(best.tco, currency)}, {money_text(saving, currency)}{share} less than "
        f"{compared} ({money_text(first.tco, currency)})."
    )
    illustrative = {plan.label for plan in scenario.plans if plan.illustrative}
    if illustrative & set(places.values()):
        sentence += " Some of its prices are illustrative: get real quotes before deciding."
    return sentence


def _path_recommendation(
    options: tuple[OptionRow, ...], cheapest: int, currency: str, span: str
) -> str:
    """From an existing platform: the cheapest path that fits, against option 0."""
    first = options[0]
    do_first, compared = OPTION_ZERO_PHRASES[first.option]
    if cheapest == 0:
        return (
            f"On cost alone, {do_first}: {span} it costs {money_text(first.tco, currency)}, "
            "the least of the paths that fit."
        )
    best = options[cheapest]
    action = f"move to {best.option}" if best.hosted else _first_lower(best.option)
    sentence = (
        f"On cost alone, {action}: {span} it costs {money_text(best.tco, currency)}, "
        f"{money_text(first.tco - best.tco, currency)} less than {compared} "
        f"({money_text(first.tco, currency)})."
    )
    if best.illustrative:
        sentence += " Its price is illustrative: get a real quote before deciding."
    if not best.hosted:
        sentence += " Staying means running unsupported servers: the risk is priced as an estimate."
    return sentence


def _headline(
    scenario: Scenario, options: tuple[OptionRow, ...], cheapest: int, best_hosted: int | None
) -> tuple[Headline, ...]:
    org = scenario.organisation
    inhouse, best = options[0], options[cheapest]
    rows = [
        Headline("Users today", org.users, "users"),
        Headline("Headcount change per year", org.growth_pct_per_year, "pct"),
        Headline("Years compared (after the upfront year)", org.horizon_years, "years"),
        Headline("In-house Exchange: total cost of ownership", inhouse.tco, "money"),
        Headline(
            "In-house Exchange: cost per user per month",
            inhouse.cost_per_user_month,
            "money_per_user_month",
        ),
        Headline("Cheapest option that fits", best.option, "text"),
        Headline("Cheapest option: total cost of ownership", best.tco, "money"),
        Headline(
            "Cheapest option: cost per user per month",
            best.cost_per_user_month,
            "money_per_user_month",
        ),
    ]
    if cheapest != 0:
        rows.append(Headline("Saving against in-house", inhouse.tco - best.tco, "money"))
    if best_hosted is not None:
        hosted = options[best_hosted]
        if best_hosted != cheapest:
            rows += [
                Headline("Cheapest hosted plan that fits", hosted.option, "text"),
                Headline("Cheapest hosted plan: total cost of ownership", hosted.tco, "money"),
            ]
        rows.append(
            Headline(
                f"Break-even year of in-house against {hosted.option}",
                hosted.breakeven_year if hosted.breakeven_year is not None else "none",
                "text" if hosted.breakeven_year is None else "year",
            )
        )
    else:
        rows.append(Headline("Cheapest hosted plan that fits", "none fits as is", "text"))
    rows += [
        Headline("In-house Exchange: net present value", inhouse.npv, "money"),
        Headline("Cheapest option: net present value", best.npv, "money"),
    ]
    return tuple(rows)


def _plan_origin(plan: Plan, bundled: dict[str, Plan]) -> str:
    known = bundled.get(plan.label)
    if known is None:
        return "added in this scenario"
    return "catalogue" if known == plan else "changed from catalogue"


def _quantities(p: Projection, index: int, years: tuple[int, ...]) -> pd.DataFrame:
    count = len(years)
    known = dict(QUANTITIES)
    columns: dict[str, Any] = {"year": list(years)}
    keys = [k for k, _ in QUANTITIES if k in p.metrics] + [k for k in p.metrics if k not in known]
    for key in keys:
        columns[known.get(key, key)] = np.asarray(p.metrics[key][index, :count], dtype=float)
    return pd.DataFrame(columns)


def _category_totals(p: Projection, index: int, horizon: int) -> pd.DataFrame:
    assert p.costs is not None
    costs = p.costs[index, :, :, : horizon + 1].sum(axis=2)  # (O, L)
    net = bool(p.net_of_residual[index])
    rows = []
    for o, option in enumerate(p.options):
        for category, label in CATEGORIES.items():
            lines = [
                i
                for i, line in enumerate(LINES)
                if line.category == category and (net or line.kind != "residual")
            ]
            cost = float(costs[o, lines].sum()) if lines else 0.0
            if cost != 0.0:
                rows.append((option, category, label, cost))
    return pd.DataFrame(rows, columns=["option", "category", "category_label", "cost"])


def _option_rows(
    scenario: Scenario, p: Projection, s: Summary, index: int
) -> tuple[OptionRow, ...]:
    """One row per option (in-house first) with the summary's figures for element ``index``."""
    warnings = option_notes(p, scenario.plans, scenario.mail.attachment_mb_needed, index)
    illustrative = {plan.label for plan in scenario.plans if plan.illustrative}
    cheapest = int(s.cheapest[index])
    return tuple(
        OptionRow(
            option=option,
            hosted=0 < j <= len(scenario.plans),
            tco=float(s.tco[index, j]),
            tco_cash=float(s.tco_cash[index, j]),
            npv=float(s.npv[index, j]),
            cost_per_user_month=float(s.cost_per_user_month[index, j]),
            capex=float(s.capex[index, j]),
            opex=float(s.opex[index, j]),
            residual_value=-float(s.residual_value[index, j]) + 0.0,  # a credit: <= 0
            breakeven_year=None if j == 0 else _breakeven(float(s.breakeven_year[index, j])),
            fits=bool(s.fits[index, j]),
            illustrative=option in illustrative,
            cheapest=j == cheapest,
            warnings=tuple(warnings.get(option, ())),
        )
        for j, option in enumerate(s.options)
    )


def _best_hosted(options: tuple[OptionRow, ...]) -> int | None:
    """Index of the hosted plan with the lowest TCO among those that fit; None if none fits."""
    fitting = [j for j in range(1, len(options)) if options[j].fits and options[j].hosted]
    return min(fitting, key=lambda j: options[j].tco) if fitting else None


def _costs(scenario: Scenario, p: Projection, index: int) -> pd.DataFrame:
    """The long cost table: year, option, category, category_label, kind, cost."""
    table = long_table(p, scenario.name, scenario.finance.currency, index, by_segment=False)
    costs = table[["year", "option", "category", "kind", "cost"]].copy()
    costs.insert(3, "category_label", [CATEGORIES.get(c, c) for c in costs["category"]])
    return costs


def _yearly_totals(p: Projection, index: int, years: tuple[int, ...]) -> pd.DataFrame:
    """option, year, total (TCO basis) and cumulative = sum of totals to that year."""
    total = p.total[index, :, : len(years)]
    return pd.DataFrame(
        {
            "option": np.repeat(p.options, len(years)),
            "year": np.tile(np.array(years), len(p.options)),
            "total": total.reshape(-1),
            "cumulative": np.cumsum(total, axis=1).reshape(-1),
        }
    )


def _plan_rows(
    scenario: Scenario, options: tuple[OptionRow, ...]
) -> tuple[tuple[PlanRow, ...], tuple[str, ...]]:
    """The scenario's plans with their origin and figures, and the catalogue plans left out."""
    bundled = {plan.label: plan for plan in catalogue()}
    plans = tuple(
        PlanRow(
            option=plan.label,
            plan=plan,
            origin=_plan_origin(plan, bundled),
            tco=options[j + 1].tco,
            cost_per_user_month=options[j + 1].cost_per_user_month,
            fits=options[j + 1].fits,
            warnings=options[j + 1].warnings,
        )
        for j, plan in enumerate(scenario.plans)
    )
    in_scenario = {plan.label for plan in scenario.plans}
    return plans, tuple(label for label in bundled if label not in in_scenario)


def _assumption_rows(scenario: Scenario) -> tuple[AssumptionRow, ...]:
    """Every assumption's value in the scenario beside its default, basis, source and date."""
    rows = []
    fin = scenario.finance
    for path, item in assumptions().items():
        value = value_at(scenario, path)
        spec = spec_at(path)
        default = default_in_input(item.value, spec is not None and spec.money, fin)
        rows.append(
            AssumptionRow(
                path=path,
                label=field_label(path, fin.input_currency),
                description=field_description(path),
                value=value,
                default=default,
                changed=value != default,
                basis=item.basis,
                source=item.source,
                as_of=item.as_of,
            )
        )
    return tuple(rows)


def _basis_text(scenario: Scenario) -> str:
    """What the TCO counts, in words."""
    if scenario.finance.tco_basis == "net_of_residual":
        return "net of the residual value hardware and upgrade projects still have at the horizon"
    return "cash spent (no residual value credited)"


def _context(scenario: Scenario) -> str:
    """One line: users, growth, horizon, currency, TCO basis and discount rate."""
    org, fin = scenario.organisation, scenario.finance
    return (
        f"{org.users:,} users, {org.growth_pct_per_year:+g}% a year, {org.horizon_years} "
        f"year{'s' if org.horizon_years != 1 else ''} after the upfront year, {fin.currency}; "
        f"total cost of ownership is {_basis_text(scenario)}; net present value at "
        f"{fin.discount_rate_pct:g}% a year."
    )


def _notes(scenario: Scenario, horizon: int, removed: tuple[str, ...]) -> tuple[str, ...]:
    """The report's notes: the year convention, the TCO basis, the break-even rule, ..."""
    notes = [
        "Year 0 is the upfront year (build, migration and purchases for year 1); "
        f"years 1 to {horizon} are operating years.",
        f"Total cost of ownership (TCO) is {_basis_text(scenario)}.",
        BREAKEVEN_RULE,
        RESIDUAL_SIGN_NOTE,
        "Cost per user per month = TCO / (12 x the users of every operating year).",
    ]
    fin = scenario.finance
    conversion = rate_text(fin.currency, fin.exchange_rate_per_usd, fin.input_currency)
    if conversion:
        notes.append(conversion + " Plan prices and every input stay in US dollars.")
    if any(plan.illustrative for plan in scenario.plans):
        notes.append("Illustrative plans have unpublished prices: replace them with a real quote.")
    if removed:
        notes.append("Catalogue plans left out of this scenario: " + ", ".join(removed) + ".")
    return tuple(notes)


def build_content(
    scenario: Scenario,
    projection: Projection | None = None,
    summary: Summary | None = None,
    index: int = 0,
    generated_on: dt.date | None = None,
) -> ReportContent:
    """The report content of ``scenario`` (projected and summarised when not given).

    ``projection`` must be made with ``detail=True`` and ``index`` must pick the batch
    element that is ``scenario``; ``generated_on`` is printed on the report when given.
    """
    p = (
        projection
        if projection is not None
        else project_scenario(scenario, capable_targets(scenario))
    )
    if p.costs is None:
        raise ValueError("the projection was made without detail; call project(detail=True)")
    s = summary if summary is not None else summarise(p)
    org, fin = scenario.organisation, scenario.finance
    horizon = int(p.horizon[index])
    years = tuple(range(horizon + 1))
    options = _option_rows(scenario, p, s, index)
    cheapest = int(s.cheapest[index])
    best_hosted = _best_hosted(options)
    plans, removed = _plan_rows(scenario, options)
    return ReportContent(
        scenario_name=scenario.name,
        description=scenario.description,
        currency=fin.currency,
        users=org.users,
        growth_pct_per_year=org.growth_pct_per_year,
        horizon_years=org.horizon_years,
        tco_basis=fin.tco_basis,
        discount_rate_pct=fin.discount_rate_pct,
        generated_on=generated_on,
        context=_context(scenario),
        recommendation=(
            _mix_recommendation(scenario, p, options, cheapest)
            if cheapest == p.mix_index and p.mix is not None and index == 0
            else _recommendation(options, cheapest, best_hosted, fin.currency, horizon)
        ),
        headline=_headline(scenario, options, cheapest, best_hosted),
        options=options,
        cheapest=cheapest,
        best_hosted=best_hosted,
        years=years,
        costs=_costs(scenario, p, index),
        yearly_totals=_yearly_totals(p, index, years),
        category_totals=_category_totals(p, index, horizon),
        quantities=_quantities(p, index, years),
        plans=plans,
        removed_plans=removed,
        assumptions=_assumption_rows(scenario),
        notes=_notes(scenario, horizon, removed) + path_sentences(scenario, p, s, index),
        fit=fit_content(scenario, p, index),
        segments=segment_section(scenario, p, s, index),
        timing=timing_section(scenario, p) if index == 0 else None,
        answer=answer_of(scenario, p, s) if index == 0 and p.total.shape[0] == 1 else None,
    )


def fit_content(scenario: Scenario, p: Projection, index: int = 0) -> Fit | None:
    """The fit matrix for a report (:func:`planner.analyses.fit.assess`); a projection of a
    batch of one only (batch element 0 is the scenario itself)."""
    if index != 0 or p.total.shape[0] != 1:
        return None
    return assess(scenario, p)


FIT_COLUMNS = ("option", "requirement", "required", "offered", "meets")
"""Columns of ``planner fit --csv`` and the app's fit download."""


def fit_csv(fit: Fit) -> bytes:
    """The fit matrix as CSV bytes, one row per option and requirement, text cells inert."""
    return safe_csv(pd.DataFrame(matrix_records(fit), columns=list(FIT_COLUMNS)))
