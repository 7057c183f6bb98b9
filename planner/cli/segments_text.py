"""The Segments block of ``planner report``: where the best mix puts each segment, the best
all-in-house and all-hosted placements beside the best pure option, the hybrid costs, the
search time, each segment's requirements and where it may go, and why a segment did not get
a cheaper plan (the same figures as the reports' Segments section, planner.outputs.segments)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.cli.terminal import terminal_text, whole_money

if TYPE_CHECKING:
    from planner.engine.projection import Projection
    from planner.engine.summary import Summary
    from planner.model.scenario import Scenario
    from planner.outputs.segments import CheaperOption, SegmentNeeds, SegmentRow, SegmentSection

NAME_WIDTH = 40  # segment names are at most 40 characters


def _where(rows: tuple[SegmentRow, ...], places: list[str], best: list[str]) -> str:
    """Where a placement puts the segments, in words: the same as the best mix, every
    segment on one place, or "segment -> place" for each."""
    if places == best:
        return "the same placement as the best mix"
    if len(set(places)) == 1:
        return f"every segment: {places[0]}"
    return "; ".join(f"{row.segment} -> {place}" for row, place in zip(rows, places, strict=True))


def placement_lines(section: SegmentSection) -> list[str]:
    """One line per segment: users and mailbox today, where the best mix puts it."""
    header = f"{'segment':<{NAME_WIDTH}}{'users':>8}{'mailbox GB':>12}  best mix puts it on"
    return [header, "-" * len(header)] + [
        f"{terminal_text(row.segment):<{NAME_WIDTH}}{row.users_today:>8,.0f}"
        f"{row.mailbox_gb_today:>12,.2f}  {terminal_text(row.best_mix)}"
        for row in section.rows
    ]


def placement_tco_lines(section: SegmentSection, currency: str) -> list[str]:
    """The best mix, best all-in-house, best all-hosted and best pure option: TCO and where
    (a placement that cannot be, "-": a segment may not stay in-house, or no plan fits)."""
    rows = section.rows
    best = [r.best_mix for r in rows]
    where = {
        "Best mix": "the placement above",
        "Best all-in-house": _where(rows, [r.best_inhouse for r in rows], best),
        "Best all-hosted": _where(rows, [r.best_hosted for r in rows], best),
    }
    texts = [
        (
            item.label,
            "-" if item.tco is None else f"{whole_money(item.tco)} {currency}",
            item.option if item.tco is None else where.get(item.label, item.option),
        )
        for item in section.placements
    ]
    width = max(len(money) for _, money, _ in texts)
    return [f"{label:<18}{money:>{width}}  {terminal_text(place)}" for label, money, place in texts]


def hybrid_lines(section: SegmentSection, currency: str) -> list[str]:
    """The hybrid costs the best mix carries, or that it carries none."""
    if not section.is_hybrid:
        return ["The best mix is not a hybrid: it carries no hybrid costs."]
    lines = [f"The best mix is a hybrid; its hybrid costs over the horizon ({currency}):"]
    lines += [f"  {label}: {whole_money(cost)}" for label, cost in section.hybrid_costs]
    lines.append(f"  total: {whole_money(section.hybrid_tco)}")
    return lines


def needs_lines(needs: tuple[SegmentNeeds, ...]) -> list[str]:
    """Each segment's quota, attachment and region (its own, else the organisation's),
    whether in-house storage covers the quota, and where it may go."""
    lines = ["Requirements per segment (its own, else the organisation's):"]
    for n in needs:
        covers = "covers" if n.inhouse_covers else "does not cover"
        lines.append(
            f"  {terminal_text(n.segment)}: mailbox quota {n.quota_gb:,g} GB, attachments up to "
            f"{n.attachment_mb:,g} MB, data region {n.region}; in-house storage sized for "
            f"{n.inhouse_sized_gb:,g} GB mailboxes {covers} the quota"
        )
        lines.append(f"    may go to: {terminal_text(', '.join(n.may_go) or 'nowhere')}")
    return lines


def cheaper_lines(cheaper: tuple[CheaperOption, ...]) -> list[str]:
    """Why a segment did not get a cheaper plan, one line per cheaper plan."""
    if not cheaper:
        return ["No segment had a cheaper plan to take (by list price per user-month)."]
    lines = ["Why a segment did not get a cheaper plan:"]
    lines += [
        f"  {terminal_text(c.segment)} (on {terminal_text(c.placed_on)}): "
        f"{terminal_text(c.option)}: {terminal_text(c.reason)}"
        for c in cheaper
    ]
    return lines


def segment_lines(scenario: Scenario, projection: Projection, summary: Summary) -> list[str]:
    """The Segments block of ``planner report``; empty without segments."""
    if not scenario.segments:
        return []  # and no import of the reports package (pandas): a fast start
    from planner.outputs.segments import segment_section

    section = segment_section(scenario, projection, summary)
    if section is None:
        return []
    currency = scenario.finance.currency
    return [
        "",
        f"Segments: the best mix, searched exactly over {section.placements_searched:,} "
        f"placements in {section.search_seconds * 1000:,.0f} ms",
        *placement_lines(section),
        "",
        *placement_tco_lines(section, currency),
        *hybrid_lines(section, currency),
        terminal_text(section.summary),
        *needs_lines(section.needs),
        *cheaper_lines(section.cheaper),
    ]
