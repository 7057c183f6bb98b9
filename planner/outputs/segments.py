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
  its TCO;
* each segment's requirements (:func:`segment_needs`): its mailbox quota, largest
  attachment and data region (its own, else the organisation's), where it may go (allowed,
  in its region, and fitting), and whether in-house storage, sized for the segment's mailbox
  at the horizon M_0,s + growth_s x H, covers its quota;
* why a segment did not get a cheaper plan (:func:`cheaper_options`): each plan with a lower
  list price per user-month than the place the best mix gives it (every plan for a segment
  kept in-house) and the first requirement it fails (allowed list, data region, quota,
  attachment, mailbox growth, user cap), or, when it meets them all, how much more the best
  mix would cost with the segment moved there, by part (plan charges, coexistence, the
  in-house and hosted parts: :func:`planner.engine.mix.placement_parts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from planner.analyses.fit import largest_mailbox_gb, requirement_label
from planner.engine.categories import LINES, Line
from planner.engine.hosted import fit_plans
from planner.engine.mix import (
    INHOUSE_PLACE,
    MixChoice,
    MixResult,
    PlacementParts,
    allowed_and_fitting,
    hybrid_lines,
    placement_parts,
    subset_costs,
)
from planner.engine.projection import Projection
from planner.engine.scenario_arrays import Batch, display_per_input, region_allows
from planner.engine.summary import Summary, cheapest_index
from planner.engine.timeline import Timeline
from planner.model.scenario import Plan, Scenario, Segment

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


NEEDS_HEADER = (
    "Segment",
    f"{requirement_label('mailbox_quota_gb')} (GB)",
    f"{requirement_label('attachment_mb')} (MB)",
    requirement_label("data_region"),
    "In-house storage sized for (GB)",
    "In-house storage covers the quota",
    "May go to",
)
"""Columns of the requirements table, the same in the Excel sheet, the HTML section and the
app (the requirements' titles from the field registry, with their unit)."""
CHEAPER_HEADER = ("Segment", "Best mix puts it on", "Cheaper plan", "Why not")
"""Columns of the "why not a cheaper plan" table."""


@dataclass(frozen=True)
class SegmentNeeds:
    """One segment's requirements (its own, else the organisation's) and where it may go."""

    segment: str
    quota_gb: float
    attachment_mb: float
    region: str  # its own; else the organisation's, marked so; "any" when none is asked
    inhouse_sized_gb: float  # in-house storage per mailbox at the horizon, M_0,s + g_s x H
    may_go: tuple[str, ...]  # places it is allowed on, in its region, and fits

    @property
    def inhouse_covers(self) -> bool:
        """In-house storage holds the quota: M_0,s + g_s x H >= quota."""
        return self.inhouse_sized_gb + 1e-9 >= self.quota_gb


@dataclass(frozen=True)
class CheaperOption:
    """A plan with a lower list price than the segment's place, and why the mix left it."""

    segment: str
    placed_on: str
    option: str
    reason: str


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
    needs: tuple[SegmentNeeds, ...] = ()
    cheaper: tuple[CheaperOption, ...] = ()


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
        needs=segment_needs(scenario, mix),
        cheaper=cheaper_options(scenario, p, mix),
    )


def _region_text(region: str) -> str:
    return region.replace("_", " ")


def _org_region(region: str) -> str:
    """The organisation's region for a segment without its own: judged in the Fit analysis
    against every option (the best mix included), not by where the segment may go."""
    return "any" if region == "any" else f"{_region_text(region)} (the organisation's)"


def segment_needs(scenario: Scenario, mix: MixResult) -> tuple[SegmentNeeds, ...]:
    """Each segment's quota, attachment and region (its own, else the organisation's), the
    in-house storage sized for its mailbox at the horizon, and the places it may go (on its
    allowed list and in its region, :func:`planner.engine.scenario_arrays.allowed_places`,
    and fitting it: :func:`planner.engine.mix.allowed_and_fitting`)."""
    batch = Batch.of(scenario)
    ok = allowed_and_fitting(batch, Timeline.of(batch))
    req, mail = scenario.requirements, scenario.mail
    return tuple(
        SegmentNeeds(
            segment=seg.name,
            quota_gb=req.mailbox_quota_gb if seg.mailbox_quota_gb is None else seg.mailbox_quota_gb,
            attachment_mb=mail.attachment_mb_needed
            if seg.attachment_mb_needed is None
            else seg.attachment_mb_needed,
            region=_region_text(seg.data_region)
            if seg.data_region is not None
            else _org_region(req.data_region),
            inhouse_sized_gb=largest_mailbox_gb(scenario, seg.name),
            may_go=tuple(place for place, fine in zip(mix.places, ok[i], strict=True) if fine),
        )
        for i, seg in enumerate(scenario.segments)
    )


def _gb(value: float) -> str:
    return f"{value:,.0f} GB" if float(value).is_integer() else f"{value:,g} GB"


def requirement_failed(
    scenario: Scenario, p: Projection, segment: int, plan: int, need: SegmentNeeds
) -> str | None:
    """The first requirement of segment ``segment`` that plan ``plan`` (an index in
    ``scenario.plans``) fails, in words, or None: its allowed list, its own data region, its
    quota (mailbox < quota), its largest attachment (the limit the plan is judged by),
    mailboxes outgrowing mailbox + archive."""
    seg: Segment = scenario.segments[segment]
    target: Plan = scenario.plans[plan]
    if seg.allowed and target.label not in seg.allowed:
        return "not on the segment's allowed list"
    if not region_allows(seg.data_region, target.offers.data_regions):
        where = target.offers.data_regions
        held = (
            "does not say where it keeps data"
            if where is None
            else ("keeps data in " + ", ".join(_region_text(r) for r in where))
        )
        return f"the segment's data must stay in {need.region}; the plan {held}"
    if target.mailbox_gb + 1e-9 < need.quota_gb:
        quota = _gb(need.quota_gb)
        return f"its {_gb(target.mailbox_gb)} mailbox is below the segment's {quota} quota"
    limit = float(p.hosted.attachment_limit_mb[0, plan])
    if limit < need.attachment_mb:
        return f"attachments limited to {limit:g} MB ({need.attachment_mb:g} MB needed)"
    batch = Batch.of(scenario)
    if fit_plans(batch, Timeline.of(batch)).segment_unfit[0, segment, plan]:
        room = _gb(target.mailbox_gb + target.archive_gb)
        return f"the segment's mailboxes outgrow {room} (mailbox + archive)"
    return None


PART_WORDS = {
    "plan_groups": "plan charges (subscription, archive, support, backup, downtime)",
    "coexistence": "coexistence (another mail organisation: hybrid or cross-organisation "
    "set-up and running)",
    "hosted": "the hosted part (staff, protection, migration)",
    "inhouse": "the in-house part",
}


def costs_more_text(
    best: PlacementParts, moved: PlacementParts, currency: str, per_input: float = 1.0
) -> str:
    """``costs 8,000 USD more in the mix: +12,000 coexistence ..., -4,000 plan charges``:
    the moved placement's TCO minus the best's, and each part that changes, largest first,
    in the display currency (``per_input`` display units per input unit: the parts are in
    the input currency, as the engine prices them)."""
    if not np.isfinite(moved.tco):
        return "the plan's user cap would be exceeded with the other segments on it"
    gap = (moved.tco - best.tco) * per_input
    parts = sorted(
        (
            ((getattr(moved, name) - getattr(best, name)) * per_input, words)
            for name, words in PART_WORDS.items()
            if abs(getattr(moved, name) - getattr(best, name)) >= 0.5
        ),
        key=lambda x: -x[0],
    )
    because = ", ".join(f"{delta:+,.0f} {words}" for delta, words in parts)
    return f"costs {gap:,.0f} {currency} more in the mix: {because}"


def _list_prices_in_input(scenario: Scenario) -> list[float]:
    """Each plan's list price per user-month in the input currency, so plans priced in
    different currencies compare: price x rate(input) / rate(plan's currency)."""
    fin = scenario.finance
    return [
        plan.price_per_user_month * fin.input_rate_per_usd / fin.rate_of(plan.currency)
        for plan in scenario.plans
    ]


def cheaper_options(scenario: Scenario, p: Projection, mix: MixResult) -> tuple[CheaperOption, ...]:
    """Why each segment did not get a cheaper plan (module docstring): plans with a lower
    list price per user-month than its place in the best mix (every plan when it stays
    in-house), each with the requirement it fails or what moving the segment there adds."""
    if not np.isfinite(mix.best.tco):
        return ()
    needs = segment_needs(scenario, mix)
    batch = Batch.of(scenario)
    costs = subset_costs(batch, int(scenario.organisation.horizon_years) + 1)
    best = placement_parts(batch, costs, mix.best.places)
    out: list[CheaperOption] = []
    prices = _list_prices_in_input(scenario)
    for s, place in enumerate(mix.best.places):
        price = np.inf if place == INHOUSE_PLACE else prices[place - 1]
        for j in sorted(
            (j for j in range(len(prices)) if prices[j] < price), key=prices.__getitem__
        ):
            reason = requirement_failed(scenario, p, s, j, needs[s])
            if reason is None:
                moved = list(mix.best.places)
                moved[s] = j + 1
                reason = costs_more_text(
                    best,
                    placement_parts(batch, costs, tuple(moved)),
                    scenario.finance.currency,
                    scenario.finance.display_per_input,
                )
            out.append(
                CheaperOption(mix.segments[s], mix.places[place], scenario.plans[j].label, reason)
            )
    return tuple(out)


def needs_rows(needs: tuple[SegmentNeeds, ...]) -> list[tuple[str, ...]]:
    """The requirements table as text, in :data:`NEEDS_HEADER` order."""
    return [
        (
            n.segment,
            f"{n.quota_gb:,g}",
            f"{n.attachment_mb:,g}",
            n.region,
            f"{n.inhouse_sized_gb:,g}",
            "yes" if n.inhouse_covers else "no",
            ", ".join(n.may_go) or "nowhere",
        )
        for n in needs
    ]


def cheaper_rows(cheaper: tuple[CheaperOption, ...]) -> list[tuple[str, ...]]:
    """The "why not a cheaper plan" table as text, in :data:`CHEAPER_HEADER` order."""
    return [(c.segment, c.placed_on, c.option, c.reason) for c in cheaper]


NO_CHEAPER = "No segment had a cheaper plan to take (by list price per user-month)."
CHEAPER_NOTE = (
    "Cheaper plan: a lower list price per user-month than the segment's place in the best mix "
    "(every plan for a segment kept in-house). Why not: the first requirement it fails, or "
    "what moving the segment there adds to the best mix over the horizon, by part."
)
