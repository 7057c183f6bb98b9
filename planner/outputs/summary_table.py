"""The summary table and CSV: one row per option, the figures an owner reads first.

Columns, in order (money in ``Currency``, two decimals in the CSV):
    Scenario, Option
    TCO                 total cost of ownership on the scenario's basis
    NPV                 sum_t total_t / (1 + r)^t
    Per user per month  TCO / (12 x sum_{t>=1} users_t)
    Capex, Opex         capital and operating lines over the horizon (cash)
    Residual value      value hardware and upgrade projects still have at the horizon, as a
                        credit: NEGATIVE (or 0),
                        the same sign as the ``residual`` rows of the long CSV
    TCO after tax,      only when ``finance.after_tax_view`` is on: TCO and NPV less the tax
    NPV after tax       saved (:mod:`planner.engine.tax`)
    Fits                yes / no: usable as is (user cap, mailbox, attachment limit)
    Notes               why it does not fit, archive add-on, illustrative price
    <category label>... the option's cost over the horizon in that category, on the TCO basis
                        (a net-of-residual basis counts the residual in its category), so the
                        category columns add up to TCO; a category that is zero for every
                        option has no column
    Currency            ISO 4217 code
On the net-of-residual basis TCO = Capex + Opex + Residual value; on the cash basis
TCO = Capex + Opex (the residual is shown, not counted). Text that a spreadsheet would run as
a formula gets a leading apostrophe (:func:`planner.outputs.cells.csv_safe`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.engine.categories import CATEGORIES, LINES
from planner.engine.fit_notes import option_notes as fit_option_notes
from planner.engine.projection import Projection
from planner.engine.summary import Summary, summarise
from planner.model.scenario import Scenario
from planner.outputs.cells import csv_safe

RESIDUAL_LABEL = "Residual value"
"""Heading of the residual value: a credit, negative (or zero), in every table and report."""
RESIDUAL_SIGN_NOTE = (
    "Residual value is the value hardware and upgrade projects still have at the horizon, "
    "shown as a credit "
    "(a negative amount) as in the long CSV."
)
ILLUSTRATIVE_NOTE = "illustrative price: replace with a quote"


def residual_credit(summary: Summary) -> np.ndarray:
    """The residual value as a credit, (B, O): ``-residual_value`` (<= 0; -0 becomes 0)."""
    return -summary.residual_value + 0.0


def category_totals(p: Projection, index: int = 0) -> dict[str, np.ndarray]:
    """Cost over the horizon per category label, (O,) each, on the scenario's TCO basis.

    ``sum_t sum_{lines in category} cost``, leaving out residual lines on the cash basis, so
    the categories of an option add up to its TCO. Categories zero for every option are left out.
    """
    if p.costs is None:
        raise ValueError("the projection was made without detail; call project(detail=True)")
    horizon = int(p.horizon[index])
    per_line = p.costs[index, :, :, : horizon + 1].sum(axis=2)  # (O, L)
    net = bool(p.net_of_residual[index])
    out: dict[str, np.ndarray] = {}
    for category, label in CATEGORIES.items():
        lines = [
            i
            for i, line in enumerate(LINES)
            if line.category == category and (net or line.kind != "residual")
        ]
        total = per_line[:, lines].sum(axis=1)
        if np.any(np.round(total, 2) != 0):
            out[label] = total
    return out


def option_notes(scenario: Scenario, p: Projection, index: int = 0) -> list[str]:
    """Per option: its plan warnings and the illustrative-price note, joined with '; '."""
    warnings = fit_option_notes(p, scenario.plans, scenario.mail.attachment_mb_needed, index)
    illustrative = {plan.label for plan in scenario.plans if plan.illustrative}
    notes = [list(warnings.get(option, [])) for option in p.options]
    for option, parts in zip(p.options, notes, strict=True):
        if option in illustrative:
            parts.append(ILLUSTRATIVE_NOTE)
    return ["; ".join(parts) for parts in notes]


def after_tax_columns(s: Summary, index: int = 0) -> dict[str, np.ndarray]:
    """``TCO after tax`` and ``NPV after tax`` when the scenario asks for the after-tax view
    (``finance.after_tax_view``), else nothing (the table keeps its columns as before)."""
    if not bool(s.after_tax_view[index]):
        return {}
    return {"TCO after tax": s.tco_after_tax[index], "NPV after tax": s.npv_after_tax[index]}


def summary_table(
    scenario: Scenario, p: Projection, summary: Summary | None = None, index: int = 0
) -> pd.DataFrame:
    """One row per option (see the module docstring for the columns)."""
    s = summary if summary is not None else summarise(p)
    figures = {
        "Scenario": scenario.name,
        "Option": list(p.options),
        "TCO": s.tco[index],
        "NPV": s.npv[index],
        "Per user per month": s.cost_per_user_month[index],
        "Capex": s.capex[index],
        "Opex": s.opex[index],
        RESIDUAL_LABEL: residual_credit(s)[index],
        **after_tax_columns(s, index),
        "Fits": ["yes" if f else "no" for f in s.fits[index]],
        "Notes": option_notes(scenario, p, index),
    }
    return pd.DataFrame(
        {**figures, **category_totals(p, index), "Currency": scenario.finance.currency}
    )


def summary_csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV (UTF-8, header row, ``\\n`` line ends, two decimals) with inert text cells.

    Money is rounded to cents first (``+ 0.0`` so that -0.001 is written 0.00, not -0.00).
    """
    rounded = table.copy()
    for column in rounded.columns:
        if pd.api.types.is_float_dtype(rounded[column]):
            rounded[column] = np.round(rounded[column], 2) + 0.0
    text: str = csv_safe(rounded).to_csv(index=False, lineterminator="\n", float_format="%.2f")
    return text.encode("utf-8")
