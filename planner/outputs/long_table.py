"""The long table and CSV export.

CSV schema (one row per scenario, year, option and cost line that is non-zero in any year):
    scenario  text   scenario name
    year      int    0 (upfront) .. horizon
    option    text   "In-house Exchange" or "<provider> <plan>"
    category  text   category id (see planner.engine.categories.CATEGORIES)
    kind      text   capital | operating | residual (residual is negative, horizon year only)
    cost      float  cost in that year, in ``currency``, rounded to cents
    currency  text   ISO 4217 code
Text starting with = + - @ (or a tab or carriage return) is written with a leading apostrophe
so spreadsheets show it as text (OWASP CSV injection advice).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.engine.categories import LINES
from planner.engine.projection import Projection
from planner.outputs.cells import csv_safe

CSV_COLUMNS = ("scenario", "year", "option", "category", "kind", "cost", "currency")


def long_table(p: Projection, scenario: str, currency: str, index: int = 0) -> pd.DataFrame:
    """Tidy table of one batch element: every used line of every option, year by year."""
    if p.costs is None:
        raise ValueError("the projection was made without detail; call project(detail=True)")
    horizon = int(p.horizon[index])
    costs = p.costs[index, :, :, : horizon + 1]  # (O, L, T)
    used = np.abs(costs).sum(axis=2) > 0  # (O, L)
    o_idx, l_idx = np.nonzero(used)
    years = np.arange(horizon + 1)
    n = len(years)
    return pd.DataFrame(
        {
            "scenario": scenario,
            "year": np.tile(years, len(o_idx)),
            "option": np.repeat([p.options[i] for i in o_idx], n),
            "category": np.repeat([LINES[i].category for i in l_idx], n),
            "kind": np.repeat([LINES[i].kind for i in l_idx], n),
            "cost": np.round(costs[o_idx, l_idx, :].reshape(-1), 2),
            "currency": currency,
        },
        columns=list(CSV_COLUMNS),
    )


def csv_bytes(tables: Sequence[pd.DataFrame]) -> bytes:
    """CSV (UTF-8, header row, ``\\n`` line ends) of one or more long tables.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe
    (:func:`planner.outputs.cells.csv_safe`); numbers are written as they are.
    """
    frame = csv_safe(pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0])
    text: str = frame.to_csv(index=False, lineterminator="\n", float_format="%.2f")
    return text.encode("utf-8")
