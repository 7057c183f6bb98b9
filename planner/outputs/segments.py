"""The Segments part of a report: where each group of users goes, and what each group costs.

Built once from a scenario with ``[[segments]]``, its projection (with detail) and its
summary; the workbook's *Segments* sheet, the HTML report's *Segments* section and
``planner report`` all show it (README, Reports). Money is in the scenario's currency,
unrounded; a scenario without segments has no section (None).

* placement table: per segment, users and average mailbox today (year 0 of its timeline),
  where the best mix, the best all-in-house and the best all-hosted placements put it;
* the TCO of those three placements beside the best pure option (the cheapest option that
  fits and puts every segment where it is allowed, among in-house, the plans and any stay
  path);
* whether the best mix is a hybrid, and the hybrid costs it then carries (set-up,
  directory-sync host net of its value left on the net basis, running), each summed over
  the years: TCO = sum_t line_t x display rate;
* TCO per segment per option: sum over lines and years of ``Projection.segment_costs``
  (residual lines only on the net-of-residual basis), so each option's column adds up to
  its TCO.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from planner.engine.categories import LINES, Line
from planner.engine.mix import MixChoice, MixResult, hybrid_lines
from planner.engine.projection import Projection
from planner.engine.scenario_arrays import Batch, display_per_input
from planner.engine.summary import Summary, cheapest_index
from planner.engine.timeline import Timeline
from planner.model.scenario import Scenario

PURE_NOTE = (
    "A pure option puts every segment in one place (in-house, or one plan); the best pure "
    "option is the cheapest that fits and that every segment is allowed to use."
)
PLACEMENT_HEADER = (
    "Segment",
    "Users today",
    "Average mailbox today (GB)",
    "Best mix",
    "Best all-in-house",
    "Best all-hosted",
)
"""Columns of the placement table, the same in the Excel sheet and the HTML section."""
NOT_ALLOWED = "not allowed"
"""Place shown for the all-in-house placement when a segment may not stay in-house."""
NONE_FITS = "none fits"
NO_INHOUSE = "not possible: a segment may not stay in-house"
NO_HOSTED = "not possible: no plans fit every segment where it may go"
NO_PURE = "none: no single place fits and is allowed for every segment"
"""Place shown for the all-hosted placement when no plan split fits every segment."""
HYBRID_LINE_LABELS: dict[Line, str] = {
    Line("one_time", "capital"): "Hybrid set-up (year 0)",
    Line("hardware", "capital"): "Directory-sync host, bought for year 1 and at each refresh",
    Line("hardware", "residual"): "Directory-sync host, value left at the horizon (a credit)",
    Line("operations", "operating"): "Hybrid running, every operating year",
}
"""The hybrid cost lines (planner.engine.mix.hybrid_lines) in words."""


@dataclass(frozen=True)
class SegmentRow:
    """One segment: its size today and where each placement puts it."""

    segment: str
    users_today: float
    mailbox_gb_today: float
    best_mix: str
    best_inhouse: str  # NOT_ALLOWED when a segment may not stay in-house
    best_hosted: str  # NONE_FITS when no all-hosted placement fits


@dataclass(frozen=True)
class PlacementTco:
    """A placement's (or the best pure option's) name and TCO; None when it cannot be."""

    label: str
    option: str  # the option or placement it names
    tco: float | None


@dataclass(frozen=True)
class SegmentSection:
    """What the report says about segments (module docstring)."""

    rows: tuple[SegmentRow, ...]
    placements: tuple[PlacementTco, ...]  # best mix, best all-in-house, best all-hosted, pure
    is_hybrid: bool
    hybrid_costs: tuple[tuple[str, float], ...]  # (what, cost over the horizon); () if not
    hybrid_tco: float  # 0 when the best mix is not a hybrid
    tco_by_segment: pd.DataFrame  # segment, then one column per option; then a Total row
    search_seconds: float
    placements_searched: int
    summary: str  # one sentence


def _place_names(mix: MixResult, choice: MixChoice | None, missing: str) -> tuple[str, ...]:
    if choice is None:
        return tuple(missing for _ in mix.segments)
    return tuple(mix.places[p] for p in choice.places)


def _rows(scenario: Scenario, mix: MixResult) -> tuple[SegmentRow, ...]:
    """Segments with users and mailbox in year 0 (their timeline) and their places."""
    tl = Timeline.of(Batch.of(scenario))
    users = tl.segment_users[0, :, 0]
    mailbox = tl.segment_mailbox_gb[0, :, 0]
    places = zip(
        _place_names(mix, mix.best, NONE_FITS),
        _place_names(mix, mix.best_inhouse, NOT_ALLOWED),
        _place_names(mix, mix.best_hosted, NONE_FITS),
        strict=True,
    )
    return tuple(
        SegmentRow(name, float(users[s]), float(mailbox[s]), mixed, inhouse, hosted)
        for s, (name, (mixed, inhouse, hosted)) in enumerate(zip(mix.segments, places, strict=True))
    )


def best_pure_option(scenario: Scenario, p: Projection, s: Summary, index: int = 0) -> int | None:
    """Index of the cheapest option other than the best mix that fits and puts every segment
    where it may go (in-house and a stay path need every segment allowed in-house, plan j
    every segment allowed on j); None when there is none."""
    allowed: NDArray[np.bool_] = np.all(Batch.of(scenario).allowed, axis=0)  # (1 + P,)
    plans = len(scenario.plans)

    def may(j: int) -> bool:
        return bool(allowed[j]) if j <= plans else bool(allowed[0])

    pure = [
        j for j in range(len(p.options)) if j != p.mix_index and bool(s.fits[index, j]) and may(j)
    ]
    if not pure:
        return None
    return pure[int(cheapest_index(np.array([s.tco[index, j] for j in pure])))]


def _placements(
    scenario: Scenario, p: Projection, s: Summary, mix: MixResult, index: int
) -> tuple[PlacementTco, ...]:
    def tco(choice: MixChoice | None) -> float | None:
        return None if choice is None or not np.isfinite(choice.tco) else choice.tco

    assert p.mix_index is not None
    pure = best_pure_option(scenario, p, s, index)
    inhouse, hosted = tco(mix.best_inhouse), tco(mix.best_hosted)
    return (
        PlacementTco("Best mix", p.options[p.mix_index], float(s.tco[index, p.mix_index])),
        PlacementTco(
            "Best all-in-house",
            "every segment in-house" if inhouse is not None else NO_INHOUSE,
            inhouse,
        ),
        PlacementTco(
            "Best all-hosted",
            "every segment on a plan" if hosted is not None else NO_HOSTED,
            hosted,
        ),
        PlacementTco(
            "Best pure option",
            NO_PURE if pure is None else p.options[pure],
            None if pure is None else float(s.tco[index, pure]),
        ),
    )


def hybrid_costs(scenario: Scenario, net_of_residual: bool) -> tuple[tuple[str, float], ...]:
    """The hybrid lines of ``scenario`` summed over the years, display currency:
    set-up, the directory-sync host (its value left only on the net basis) and running."""
    batch = Batch.of(scenario)
    rate = float(display_per_input(batch)[0])
    lines = hybrid_lines(batch, Timeline.of(batch))
    return tuple(
        (HYBRID_LINE_LABELS[line], float(values[0].sum()) * rate)
        for line, values in lines.items()
        if net_of_residual or line.kind != "residual"
    )


def tco_by_segment(p: Projection, index: int = 0) -> pd.DataFrame:
    """TCO per segment (rows, then "Total") per option (columns), from segment_costs summed
    over lines and years on the TCO basis."""
    assert p.segment_costs is not None
    horizon = int(p.horizon[index])
    net = bool(p.net_of_residual[index])
    counted = np.array([net or line.kind != "residual" for line in LINES])
    costs = p.segment_costs[index, :, :, :, : horizon + 1][:, :, counted]  # (O, S, L', T)
    per_segment = costs.sum(axis=(2, 3)).T  # (S, O)
    table = pd.DataFrame(per_segment, columns=list(p.options))
    table.insert(0, "segment", list(p.segments))
    total = pd.DataFrame([["Total", *per_segment.sum(axis=0)]], columns=table.columns)
    return pd.concat([table, total], ignore_index=True)


def _summary(
    mix: MixResult, placements: tuple[PlacementTco, ...], hybrid_tco: float, currency: str
) -> str:
    best, pure = placements[0], placements[3]
    hosted = sum(1 for p in mix.best.places if p != 0)
    kind = (
        f"a hybrid: {hosted} of {len(mix.segments)} segments hosted, the rest in-house, "
        f"carrying {hybrid_tco:,.0f} {currency} of hybrid costs"
        if mix.best.is_hybrid
        else ("every segment in-house" if hosted == 0 else "every segment on a plan")
    )
    text = f"The best mix costs {best.tco or 0:,.0f} {currency} ({kind})"
    if pure.tco is not None:
        gap = pure.tco - (best.tco or 0)
        than = "less" if gap >= 0 else "more"
        text += f", {abs(gap):,.0f} {currency} {than} than the best pure option, {pure.option}"
    return text + "."


def segment_section(
    scenario: Scenario, p: Projection, s: Summary, index: int = 0
) -> SegmentSection | None:
    """The Segments section for batch element ``index``; None without segments, without
    detail, or for an element other than the first (the best mix is searched on it)."""
    mix = p.mix
    if mix is None or p.segment_costs is None or index != 0:
        return None
    placements = _placements(scenario, p, s, mix, index)
    net = bool(p.net_of_residual[index])
    hybrid = hybrid_costs(scenario, net) if mix.best.is_hybrid else ()
    hybrid_tco = sum(cost for _, cost in hybrid)
    return SegmentSection(
        rows=_rows(scenario, mix),
        placements=placements,
        is_hybrid=mix.best.is_hybrid,
        hybrid_costs=hybrid,
        hybrid_tco=hybrid_tco,
        tco_by_segment=tco_by_segment(p, index),
        search_seconds=mix.search_seconds,
        placements_searched=mix.placements,
        summary=_summary(mix, placements, hybrid_tco, scenario.finance.currency),
    )
