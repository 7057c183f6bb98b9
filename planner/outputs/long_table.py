"""The long table and CSV export.

CSV schema (one row per scenario, year, option, segment and cost line; a line is listed for
an option and segment when it is non-zero in any year):
    scenario  text   scenario name
    year      int    0 (upfront) .. horizon
    option    text   "In-house Exchange", "<provider> <plan>", ..., "Best mix"
    segment   text   the segment's name; "everyone" for a scenario without segments
    category  text   category id (see planner.engine.categories.CATEGORIES)
    kind      text   capital | operating | residual (residual is negative, horizon year only)
    cost      float  the segment's share of the line in that year, in ``currency``, rounded
                     to cents (sum over segments = the option's line)
    currency  text   ISO 4217 code
Text starting with = + - @ (or a tab or carriage return) is written with a leading apostrophe
so spreadsheets show it as text (OWASP CSV injection advice).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from planner.engine.categories import LINES
from planner.engine.projection import EVERYONE, Projection
from planner.outputs.cells import csv_safe

CSV_COLUMNS = ("scenario", "year", "option", "segment", "category", "kind", "cost", "currency")


def segment_line_costs(p: Projection, index: int, by_segment: bool) -> NDArray[np.float64]:
    """Costs of batch element ``index`` as (O, S, L, T) up to its horizon: the per-segment
    split (Projection.segment_costs) when there is one and ``by_segment``, else the
    option's lines as one segment."""
    horizon = int(p.horizon[index])
    if by_segment and p.segment_costs is not None:
        return p.segment_costs[index, :, :, :, : horizon + 1]
    assert p.costs is not None
    return p.costs[index, :, None, :, : horizon + 1]


def long_table(
    p: Projection, scenario: str, currency: str, index: int = 0, by_segment: bool = True
) -> pd.DataFrame:
    """Tidy table of one batch element: every used line of every option and segment, year by
    year (module docstring). ``by_segment=False`` gives one row per option, line and year,
    its segment named ``everyone`` (the option's whole line)."""
    if p.costs is None:
        raise ValueError("the projection was made without detail; call project(detail=True)")
    costs = segment_line_costs(p, index, by_segment)  # (O, S, L, T)
    names = p.segments if costs.shape[1] == len(p.segments) else (EVERYONE,)
    used = np.abs(costs).sum(axis=3) > 0  # (O, S, L)
    o_idx, s_idx, l_idx = np.nonzero(used)
    n = costs.shape[3]
    return pd.DataFrame(
        {
            "scenario": scenario,
            "year": np.tile(np.arange(n), len(o_idx)),
            "option": np.repeat([p.options[i] for i in o_idx], n),
            "segment": np.repeat([names[i] for i in s_idx], n),
            "category": np.repeat([LINES[i].category for i in l_idx], n),
            "kind": np.repeat([LINES[i].kind for i in l_idx], n),
            "cost": np.round(costs[o_idx, s_idx, l_idx, :].reshape(-1), 2),
            "currency": currency,
        },
        columns=list(CSV_COLUMNS),
    )


def csv_bytes(tables: Sequence[pd.DataFrame], header: bool = True) -> bytes:
    """CSV (UTF-8, header row unless ``header`` is false, ``\\n`` line ends) of one or more
    long tables (tables written one by one without headers after the first make one CSV).

    Text cells that a spreadsheet would run as a formula get a leading apostrophe
    (:func:`planner.outputs.cells.csv_safe`); numbers are written as they are.
    """
    frame = csv_safe(pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0])
    text: str = frame.to_csv(index=False, header=header, lineterminator="\n", float_format="%.2f")
    return text.encode("utf-8")
