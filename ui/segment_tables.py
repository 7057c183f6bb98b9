"""What the Segments view and the Overview say about user segments and the best mix
(README, Methodology: segments and hybrid). Pure: no streamlit.

    segment_tco        each option's TCO split over the segments (O, S), on the TCO basis
    segment_tco_table  the same as a table: one row per option, one column per segment
    placement_table    where the best mix, the best all-in-house and the best all-hosted
                       placements put each segment
    choices_table      the three placements' TCOs, whether each is a hybrid
    mix_sentence       the Overview's one-line headline on the best mix
    needs_table        each segment's requirements (its own, else the organisation's), whether
                       in-house storage covers its quota, and where it may go
    cheaper_table      why a segment did not get a cheaper plan (planner.outputs.segments)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from planner.engine.categories import LINES
from planner.engine.mix import MixChoice, MixResult
from planner.model.scenario import Scenario
from planner.outputs.segments import (
    CHEAPER_HEADER,
    NEEDS_HEADER,
    cheaper_options,
    cheaper_rows,
    needs_rows,
    segment_needs,
)
from ui.formats import money
from ui.results import Results

Floats = NDArray[np.float64]

BEST_MIX = "Best mix"
ALL_INHOUSE = "Best all in-house"
ALL_HOSTED = "Best all hosted"
PLACEMENT_COLUMNS = ("Segment", "Users today", BEST_MIX, ALL_INHOUSE, ALL_HOSTED)
CHOICE_COLUMNS = ("Placement", "TCO", "Hybrid", "In-house segments", "Hosted segments")
NOT_ALLOWED = "not allowed"
"""A placement the segments' 'may go to' lists (or the plans' fit) rule out."""


def has_segments(results: Results) -> bool:
    """The scenario has user segments (and so a best mix)."""
    return results.projection.mix is not None


NO_PLACEMENT = "does not fit: no placement puts every segment where it may go and fits"


def mix_unfit(results: Results, option: int) -> bool:
    """``option`` is the best mix and no allowed placement fits: the engine then carries
    everyone in-house in its place (README: the best mix is the cheapest allowed placement)."""
    mix = results.projection.mix
    return (
        mix is not None
        and option == results.projection.mix_index
        and not math.isfinite(mix.best.tco)
    )


def segment_tco(results: Results) -> Floats:
    """TCO of each option split over the segments, (O, S): the sum over years of every cost
    line, residual lines only when the TCO is net of residual value, so an option's
    segments add up to its TCO (``summary.tco``)."""
    costs = results.projection.segment_costs
    assert costs is not None, "projected with segments and detail"
    net = bool(results.projection.net_of_residual[0])
    counted = np.array([net or line.kind != "residual" for line in LINES])
    by_line = costs[0].sum(axis=-1)  # (O, S, L)
    return np.asarray(by_line[:, :, counted].sum(axis=-1))


def segment_tco_table(results: Results) -> pd.DataFrame:
    """One row per option: its TCO on each segment and in total, whole currency units."""
    tco = segment_tco(results)
    segments = list(results.projection.segments)
    frame = pd.DataFrame(np.round(tco, 0) + 0.0, columns=segments)
    frame.insert(0, "Option", list(results.options))
    frame["Total"] = np.round(tco.sum(axis=1), 0) + 0.0
    return frame


def _users_today(scenario: Scenario) -> list[str]:
    n = scenario.organisation.users
    return [f"{s.users_today(n):,.0f}" for s in scenario.segments]


def _places(mix: MixResult, choice: MixChoice | None) -> list[str]:
    if choice is None or not math.isfinite(choice.tco):
        return [NOT_ALLOWED] * len(mix.segments)
    return [mix.places[p] for p in choice.places]


def placement_table(results: Results, scenario: Scenario) -> pd.DataFrame:
    """One row per segment: its users today and where each of the three placements puts it
    (``not allowed`` when no such placement is allowed and fits)."""
    mix = results.projection.mix
    assert mix is not None, "a scenario with segments"
    return pd.DataFrame(
        {
            "Segment": list(mix.segments),
            "Users today": _users_today(scenario),
            BEST_MIX: _places(mix, mix.best),
            ALL_INHOUSE: _places(mix, mix.best_inhouse),
            ALL_HOSTED: _places(mix, mix.best_hosted),
        },
        columns=list(PLACEMENT_COLUMNS),
    )


def _choice_row(mix: MixResult, name: str, choice: MixChoice | None, currency: str) -> list[str]:
    if choice is None or not math.isfinite(choice.tco):
        return [name, NOT_ALLOWED, "-", "-", "-"]
    inhouse = set(choice.inhouse_segments)
    kept = [s for i, s in enumerate(mix.segments) if i in inhouse]
    moved = [s for i, s in enumerate(mix.segments) if i not in inhouse]
    return [
        name,
        money(choice.tco, currency),
        "yes" if choice.is_hybrid else "no",
        ", ".join(kept) or "none",
        ", ".join(moved) or "none",
    ]


def choices_table(results: Results, currency: str) -> pd.DataFrame:
    """The best mix, the best all-in-house and the best all-hosted placements: TCO (display
    currency), whether each is a hybrid (some segments in-house and some hosted), and
    which segments stay and which move."""
    mix = results.projection.mix
    assert mix is not None, "a scenario with segments"
    rows = [
        _choice_row(mix, BEST_MIX, mix.best, currency),
        _choice_row(mix, ALL_INHOUSE, mix.best_inhouse, currency),
        _choice_row(mix, ALL_HOSTED, mix.best_hosted, currency),
    ]
    return pd.DataFrame(rows, columns=list(CHOICE_COLUMNS))


def search_text(mix: MixResult) -> str:
    """``Searched exactly: all 343 placements (7 places for 3 segments) in 2.6 ms.``"""
    places = len(mix.places)
    segments = len(mix.segments)
    return (
        f"Searched exactly: all {mix.placements:,} placements ({places} places for "
        f"{segments} segment{'s' if segments != 1 else ''}) in "
        f"{mix.search_seconds * 1000:,.1f} ms."
    )


def placement_words(mix: MixResult, choice: MixChoice) -> str:
    """``Frontline on A, Office and Executives in-house``: each place with its segments."""
    by_place: dict[str, list[str]] = {}
    for segment, index in zip(mix.segments, choice.places, strict=True):
        by_place.setdefault(mix.places[index], []).append(segment)
    parts = []
    for place, segments in by_place.items():
        names = (
            ", ".join(segments[:-1]) + " and " + segments[-1] if len(segments) > 1 else segments[0]
        )
        where = "in-house" if place == mix.places[0] else f"on {place}"
        parts.append(f"{names} {where}")
    return "; ".join(parts)


def mix_kind(choice: MixChoice) -> str:
    """``a hybrid: ...``, ``all in-house`` or ``all hosted``."""
    if choice.is_hybrid:
        return "a hybrid: some groups stay in-house, the others move"
    return "all in-house" if choice.inhouse_segments else "all hosted"


def mix_sentence(results: Results, scenario: Scenario) -> str:
    """The Overview's headline with segments: the best mix, where it puts each segment, its
    TCO and what it saves against all in-house and the cheapest single plan that fits (a plan
    that would put a segment outside its 'may go to' list does not fit)."""
    currency = scenario.finance.currency
    mix = results.projection.mix
    assert mix is not None, "a scenario with segments"
    s, h = results.summary, results.horizon_years
    if not math.isfinite(mix.best.tco):
        return (
            "Best mix: no placement puts every segment where it may go and fits; widen "
            "a segment's 'May go to' list or add a plan that fits it."
        )
    j = results.projection.mix_index
    assert j is not None
    tco = float(s.tco[0, j])
    text = (
        f"Best mix ({mix_kind(mix.best)}): {placement_words(mix, mix.best)}. "
        f"{money(tco, currency)} over {h} years, "
        f"{_against(float(s.tco[0, 0]) - tco, currency)} all in-house"
    )
    single = s.best_hosted(0)
    if single is not None:
        text += (
            f" and {_against(float(s.tco[0, single]) - tco, currency)} the cheapest single "
            f"plan that fits ({results.options[single]}, "
            f"{money(float(s.tco[0, single]), currency)})"
        )
    return text + "."


def _against(saving: float, currency: str) -> str:
    """``USD 5 less than`` / ``USD 5 more than`` / ``the same as`` (to the currency unit)."""
    if round(saving) == 0:
        return "the same as"
    word = "less" if saving > 0 else "more"
    return f"{money(abs(saving), currency)} {word} than"


def needs_table(results: Results, scenario: Scenario) -> pd.DataFrame:
    """One row per segment: its quota, attachment and data region (its own, else the
    organisation's), the in-house storage sized for its mailbox and whether it covers the
    quota, and where it may go (the reports' table, planner.outputs.segments)."""
    mix = results.projection.mix
    assert mix is not None, "a scenario with segments"
    return pd.DataFrame(needs_rows(segment_needs(scenario, mix)), columns=list(NEEDS_HEADER))


def cheaper_table(results: Results, scenario: Scenario) -> pd.DataFrame:
    """Each plan cheaper (list price per user-month) than a segment's place in the best mix
    and why the mix left it: the requirement it fails, or what moving the segment there adds."""
    mix = results.projection.mix
    assert mix is not None, "a scenario with segments"
    rows = cheaper_rows(cheaper_options(scenario, results.projection, mix))
    return pd.DataFrame(rows, columns=list(CHEAPER_HEADER))
