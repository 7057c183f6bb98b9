"""The engine: project every option's costs by year for a batch of scenarios.

Option 0 is in-house Exchange; options 1..P are the scenario's hosted plans in order. From an
existing Exchange 2016 / 2019 platform (``[current]``), option 0 is the in-place upgrade to SE,
the plans carry the ``migration`` line, and option P + 1 is staying as is
(planner.engine.platform_paths).
``project`` returns arrays with a leading batch axis B, options O, cost lines L and years T:
``costs`` (B, O, L, T) when ``detail`` is true, and always the (B, O, T) splits into
capital, operating and residual (the residual is negative and sits in the horizon year; a
move from an existing platform also credits the old hardware's resale there, in year 0).
Money is in the display currency: the costs, computed in the input currency, x rate(display)
/ rate(input) (:func:`convert_to_display_currency`, the engine's only conversion of results;
a plan's prices were converted into the input currency when the batch was built).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine import current, platform_paths
from planner.engine.categories import LINE_INDEX, LINES, Line
from planner.engine.hosted import HostedResult, project_hosted
from planner.engine.inhouse import project_inhouse, working_share_pct
from planner.engine.migration import move_now_lines
from planner.engine.mix import MIX_LABEL, MixResult, mix_lines, search_best_mix, segment_weights
from planner.engine.scenario_arrays import Batch, display_per_input
from planner.engine.timeline import Timeline
from planner.model import option_names
from planner.model.scenario import Scenario

Floats = NDArray[np.float64]
INHOUSE = option_names.INHOUSE
EVERYONE = option_names.EVERYONE


@dataclass(frozen=True)
class Projection:
    """Costs and quantities of every option, year by year, for a batch."""

    options: tuple[str, ...]
    years: Floats  # (T,)
    horizon: Floats  # (B,)
    net_of_residual: NDArray[np.bool_]  # (B,) the TCO basis
    discount_rate_pct: Floats  # (B,)
    tax_rate_pct: Floats  # (B,) for the after-tax view
    depreciation_years: Floats  # (B,)
    after_tax_view: NDArray[np.bool_]  # (B,) the after-tax view is asked for
    users: Floats  # (B, T)
    capital: Floats  # (B, O, T)
    operating: Floats  # (B, O, T)
    residual: Floats  # (B, O, T), <= 0, only in the horizon year
    costs: Floats | None  # (B, O, L, T) when projected with detail
    metrics: dict[str, Floats]  # (B, T) physical quantities
    hosted: HostedResult
    segments: tuple[str, ...] = (EVERYONE,)  # segment names; one, everyone, without segments
    segment_costs: Floats | None = None  # (B, O, S, L, T) with segments and detail
    mix: MixResult | None = None  # the best mix (option mix_index) with segments
    stay_index: int | None = None  # the stay-as-is option, from Exchange 2016 / 2019
    stay_target: NDArray[np.int64] | None = None  # (B,) its forced move: 0 in-house, j plan j
    stay_fits: NDArray[np.bool_] | None = None  # (B,) the stay path and its target fit
    stay_offered: NDArray[np.bool_] | None = None  # (B,) today's servers have a year left
    mix_index: int | None = None
    allowed: NDArray[np.bool_] | None = None  # (S, 1 + P) where each segment may go
    class_lives: dict[str, Floats] | None = None  # (B,) years per depreciation class

    @property
    def total(self) -> Floats:
        """Yearly cost on the scenario's TCO basis, (B, O, T)."""
        credit = np.where(self.net_of_residual[:, None, None], self.residual, 0.0)
        return self.capital + self.operating + credit

    @property
    def total_cash(self) -> Floats:
        """Yearly cash spent, (B, O, T)."""
        return self.capital + self.operating


def convert_to_display_currency(
    rate: Floats, by_kind: dict[str, Floats], costs: Floats | None
) -> None:
    """The one conversion of results: every money array x rate (display units per input
    unit), (B,) broadcast over options, lines and years, in place. The summary, CSV, reports,
    analyses and the app all read these converted arrays."""
    for values in by_kind.values():
        values *= rate[:, None, None]
    if costs is not None:
        costs *= rate[:, None, None, None]


def option_labels(batch: Batch) -> tuple[str, ...]:
    """Options in order: in-house (or the in-place path), each plan, then staying as is when
    the batch's first scenario runs an unsupported Exchange, then the best mix of segments
    when the scenario has segments."""
    first, stay = platform_paths.option_labels(batch, INHOUSE)
    mix = (MIX_LABEL,) if batch.segment_labels else ()
    return (first, *batch.plan_labels) + ((stay,) if stay else ()) + mix


def split_options(costs: Floats, tl: Timeline, working_pct: Floats) -> Floats:
    """Every option's lines split over the segments, (B, O, S, L, T) (mix.segment_weights)."""
    weights = np.stack([segment_weights(tl, line.category, working_pct) for line in LINES], axis=2)
    return costs[:, :, None, :, :] * weights[:, None, :, :, :]


def project(
    batch: Batch,
    detail: bool = True,
    years_count: int | None = None,
    mix_places: tuple[int, ...] | None = None,
) -> Projection:
    """Project all options. ``detail=False`` skips the (B, O, L, T) line array. With
    segments, the best mix is searched on the first element unless ``mix_places`` is given
    (the base case's placement, when the batch holds variants of it)."""
    tl = Timeline.of(batch, years_count)
    inhouse = project_inhouse(batch, tl)
    hosted = project_hosted(batch, tl)
    b, t = tl.users.shape
    options = option_labels(batch)
    mix = (
        search_best_mix(batch, tl.years.size, options[0], mix_places)
        if batch.segment_labels
        else None
    )
    stay = platform_paths.option_labels(batch, INHOUSE)[1] is not None
    stay_index = 1 + len(batch.plan_labels) if stay else None
    o = len(options)
    plans = slice(1, 1 + len(batch.plan_labels))
    by_kind = {kind: np.zeros((b, o, t)) for kind in ("capital", "operating", "residual")}
    costs = np.zeros((b, o, len(LINES), t)) if detail else None

    def add(line: Line, option: slice, values: Floats) -> None:
        by_kind[line.kind][:, option, :] += values
        if costs is not None:
            costs[:, option, LINE_INDEX[line], :] += values

    for line, values in inhouse.costs.items():
        add(line, slice(0, 1), values[:, None, :])
    for line, values in hosted.costs.items():
        add(line, plans, values)
    if current.has_current(batch).any():
        capital, operating, resale = move_now_lines(batch, tl)
        add(Line("migration", "capital"), plans, capital[:, None, :])
        add(Line("migration", "operating"), plans, operating[:, None, :])
        add(Line("migration", "residual"), plans, resale[:, None, :])
    stay_path = None
    if stay_index is not None:
        fits = platform_paths.target_fits(batch, hosted)
        stay_path = platform_paths.stay_lines(batch, tl, inhouse.costs, hosted.costs, fits)
        for line, values in stay_path.lines.items():
            add(line, slice(stay_index, stay_index + 1), values[:, None, :])
    segment_costs = None
    if mix is not None:
        by_segment = mix_lines(batch, tl, mix.best.places)
        for line, values in by_segment.items():
            add(line, slice(o - 1, o), values.sum(axis=1)[:, None, :])
        if costs is not None:
            segment_costs = split_options(costs, tl, working_share_pct(batch))
            segment_costs[:, o - 1] = 0.0
            for line, values in by_segment.items():
                segment_costs[:, o - 1, :, LINE_INDEX[line], :] = values
            segment_costs *= display_per_input(batch)[:, None, None, None, None]
    convert_to_display_currency(display_per_input(batch), by_kind, costs)
    return Projection(
        options=options,
        years=tl.years,
        horizon=tl.horizon,
        net_of_residual=batch["finance.tco_basis"] == 0,
        discount_rate_pct=batch["finance.discount_rate_pct"],
        tax_rate_pct=batch["finance.tax_rate_pct"],
        depreciation_years=batch["finance.depreciation_years"],
        after_tax_view=batch["finance.after_tax_view"] == 1,
        users=tl.users,
        capital=by_kind["capital"],
        operating=by_kind["operating"],
        residual=by_kind["residual"],
        costs=costs,
        metrics={**inhouse.metrics, "hosted_fte": hosted.fte, "hosted_mbps": hosted.mbps},
        hosted=hosted,
        segments=batch.segment_labels or (EVERYONE,),
        segment_costs=segment_costs,
        mix=mix,
        stay_index=stay_index,
        stay_target=None if stay_path is None else stay_path.target,
        stay_fits=None if stay_path is None else stay_path.fits,
        stay_offered=None if stay_path is None else platform_paths.stay_offered(batch),
        mix_index=o - 1 if mix is not None else None,
        allowed=batch.allowed if batch.segment_labels else None,
        class_lives={
            "hardware": batch["finance.depreciation_years"],
            "licences": batch["finance.licence_depreciation_years"],
            "services": batch["finance.services_depreciation_years"],
        },
    )


def project_scenario(scenario: Scenario) -> Projection:
    """Project one scenario (a batch of one) with full detail."""
    return project(Batch.of(scenario))
