"""Which options a chart shows, and which of them draw the same line. Pure: no streamlit.

Twelve or more lines on one chart hide each other. By default a chart shows in-house, the
few cheapest plans that fit and every quote the user typed (a plan not in the bundled
catalogue, or a catalogue plan with a changed value); the user can pick any others.
Options whose cumulative cost is the same in every year (to the currency unit) draw one
line over another, so the page names them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.engine.projection import INHOUSE
from planner.model.defaults import catalogue
from planner.model.scenario import Plan
from ui.results import Results

CHEAPEST_SHOWN = 3
"""How many of the cheapest plans that fit are shown by default."""
SAME_LINE_TOLERANCE = 0.5
"""Two options coincide when their cumulative costs differ by less than half a currency
unit in every year."""


def typed_quotes(plans: Sequence[Plan]) -> list[str]:
    """Labels of the plans the user typed or changed (not bundled catalogue entries)."""
    bundled = {p.label: p for p in catalogue()}
    return [p.label for p in plans if bundled.get(p.label) != p]


def cheapest_fitting(results: Results, few: int = CHEAPEST_SHOWN) -> list[str]:
    """The ``few`` hosted plans that fit with the lowest TCO, cheapest first, each drawing
    its own line: a plan whose cumulative cost coincides with a cheaper one already chosen
    (Exchange Online Plan 1 and Plan 1 + Archiving while no archive is used) would hide
    behind it, so the next plan is shown instead."""
    s = results.summary
    h = results.horizon_years
    hosted = [j for j in range(1, len(results.options)) if bool(s.fits[0, j])]
    hosted.sort(key=lambda j: float(s.tco[0, j]))
    chosen: list[int] = []
    for j in hosted:
        line = s.cumulative[0, j, : h + 1]
        if all(
            np.any(np.abs(s.cumulative[0, k, : h + 1] - line) >= SAME_LINE_TOLERANCE)
            for k in chosen
        ):
            chosen.append(j)
        if len(chosen) == few:
            break
    return [results.options[j] for j in chosen]


def default_shown(results: Results, plans: Sequence[Plan]) -> list[str]:
    """In-house, the cheapest few plans that fit and every typed quote, in option order;
    from an existing Exchange, the paths: the in-place upgrade, the cheapest move that fits
    and staying (when offered), and every typed quote."""
    stay = results.projection.stay_index
    if results.options[0] != INHOUSE:
        move = results.summary.best_hosted()
        paths = [results.options[0]]
        if move is not None:
            paths.append(results.options[move])
        if stay is not None:
            paths.append(results.options[stay])
        wanted = {*paths, *typed_quotes(plans)}
    else:
        wanted = {INHOUSE, *cheapest_fitting(results), *typed_quotes(plans)}
    return [o for o in results.options if o in wanted]


def coinciding(results: Results, shown: Sequence[str]) -> list[list[str]]:
    """Groups (two or more) of shown options whose cumulative cost lines coincide."""
    h = results.horizon_years
    index = {o: j for j, o in enumerate(results.options)}
    lines = {o: results.summary.cumulative[0, index[o], : h + 1] for o in shown if o in index}
    groups: list[list[str]] = []
    placed: set[str] = set()
    for option, line in lines.items():
        if option in placed:
            continue
        same = [
            other
            for other, other_line in lines.items()
            if other not in placed and np.all(np.abs(other_line - line) < SAME_LINE_TOLERANCE)
        ]
        placed.update(same)
        if len(same) > 1:
            groups.append(same)
    return groups


def coinciding_text(groups: list[list[str]]) -> str:
    """``A and B cost the same every year: their lines lie on top of each other.``"""
    sentences = []
    for group in groups:
        names = ", ".join(group[:-1]) + " and " + group[-1]
        sentences.append(f"{names} cost the same every year: their lines lie on top of each other.")
    return " ".join(sentences)
