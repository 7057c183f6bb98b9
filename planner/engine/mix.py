"""User segments placed in-house or on hosted plans, and the best mix (README, Methodology:
segments and hybrid).

A placement puts each segment s in-house (0) or on plan j (j + 1). Its cost is

    in-house part:  the in-house engine on the in-house segments together (Microsoft's sizing
                    sums their mailboxes: N = sum N_s, M and messages weighted by users)
    plan groups:    for each plan j, its subscription, archive, support, backup product and
                    downtime on the segments placed on it (minimum users and caps apply to
                    the group)
    hosted part:    staff, protection, internet and migration of every hosted user
    coexistence:    organisations = in-house (when it holds users) + the provider tenants
                    used (a provider's first word: Microsoft and Microsoft 365 are one);
                    each beyond the first costs a set-up and a yearly running cost: Exchange
                    hybrid (set-up, a directory-sync host, running) for a Microsoft tenant
                    beside in-house Exchange, a cross-organisation cost for any other

Fixed costs make placements interact, so the search is exact: in-house costs for every subset
of segments (2^S), each plan's cost for every subset (2^S x P), then a subset dynamic
programme that splits the hosted segments into plan groups, one group per plan at most (3^S x P
steps, vectorised), and the cheapest
in-house subset over all 2^S. S <= 8 and P <= 40 keep this to a fraction of a second.
Plans that go together are one column of that programme: a shared seat-cap group
(Microsoft 365 Business: 300 seats across Basic, Standard and Premium) splits its subset
among its plans and is barred where the subset's users exceed the cap; a one-edition group
(Google Workspace) puts its whole subset on one of its plans. Plans are grouped by tenant,
each tenant used carrying its coexistence cost (hybrid or cross-organisation beside
in-house; cross-organisation, less one for the first, when everyone is hosted), so the search
stays exact.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine import current
from planner.engine.categories import Line
from planner.engine.hosted import (
    domain_lines,
    fit_plans,
    hosted_downtime_lines,
    hosted_fte,
    hosted_mbps,
    shared_lines,
    subscription_lines,
)
from planner.engine.inhouse import (
    buy_cohorts,
    capex_by_payment_year,
    merge,
    project_inhouse,
    residual_line,
    working_share_pct,
)
from planner.engine.migration import move_now_lines
from planner.engine.scenario_arrays import (
    MICROSOFT,
    ONE_EDITION_GROUP,
    SHARED_CAP_GROUP,
    TENANT,
    Batch,
    display_per_input,
)
from planner.engine.timeline import Timeline
from planner.model import option_names

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Lines = dict[Line, Floats]
SegmentLines = dict[Line, Floats]  # (B, S, T) each
INHOUSE_PLACE = 0
MIX_LABEL = option_names.MIX_LABEL
DOWNTIME = "downtime_risk"
"""The downtime loss is split over segments by their users' outage hours in working time."""
WEIGHTED_BY_MAILBOX = frozenset({"hardware", "storage"})
"""Categories split over segments by their share of mailbox GB (users x mailbox); every
other category is split by their share of users."""


@dataclass(frozen=True)
class MixChoice:
    """One placement and its TCO (display currency, the batch's first element)."""

    places: tuple[int, ...]  # per segment: 0 in-house, j + 1 plan j
    tco: float

    @property
    def inhouse_segments(self) -> tuple[int, ...]:
        """Segments kept in-house."""
        return tuple(s for s, place in enumerate(self.places) if place == INHOUSE_PLACE)

    @property
    def is_hybrid(self) -> bool:
        """Some segments in-house and some hosted."""
        return 0 < len(self.inhouse_segments) < len(self.places)


@dataclass(frozen=True)
class MixResult:
    """The best mix, and the best placements that keep everyone in-house or move everyone."""

    segments: tuple[str, ...]
    places: tuple[str, ...]  # place names: in-house label, then the plan labels
    best: MixChoice
    best_inhouse: MixChoice | None  # None when a segment may not stay in-house
    best_hosted: MixChoice | None  # None when no all-hosted placement fits
    search_seconds: float
    placements: int  # placements the search covered: (1 + P)^S

    def place_of(self, choice: MixChoice) -> dict[str, str]:
        """Segment name -> where the choice puts it."""
        return {seg: self.places[p] for seg, p in zip(self.segments, choice.places, strict=True)}


def subset_masks(count: int) -> Bools:
    """Every subset of ``count`` segments as rows of a (2^count, count) mask; row m holds
    segment s when bit s of m is set."""
    rows = np.arange(2**count)[:, None]
    return np.asarray((rows >> np.arange(count)[None, :]) & 1, dtype=bool)


def tco_of(lines: Lines, net_of_residual: Floats) -> Floats:
    """sum over lines and years, residual lines counted on the net-of-residual basis, (B,)."""
    total = np.zeros(next(iter(lines.values())).shape[0])
    for line, values in lines.items():
        summed = values.sum(axis=-1)
        total = total + (
            np.where(net_of_residual, summed, 0.0) if line.kind == "residual" else summed
        )
    return total


def hybrid_lines(p: Batch, tl: Timeline) -> Lines:
    """Set-up in year 0; a directory-sync host bought for year 1 and at every server refresh
    (price x index of the year paid, value left credited at the horizon); running x index in
    every operating year, (B, T)."""
    life = p["inhouse.servers.refresh_years"]
    host = buy_cohorts(
        np.where(tl.operating, 1.0, 0.0),
        life,
        p["hybrid.directory_sync_host_price"],
        tl.price_index,
        tl.operating,
    )
    return {
        Line("one_time", "capital"): tl.upfront(p["hybrid.setup_cost"]),
        Line("hardware", "capital"): capex_by_payment_year(host),
        Line("hardware", "residual"): residual_line(tl, life, host),
        Line("operations", "operating"): tl.yearly(
            p["hybrid.running_per_year"][:, None] * tl.price_index
        ),
    }


def cross_organisation_lines(p: Batch, tl: Timeline) -> Lines:
    """One extra mail organisation without Exchange hybrid: set-up in year 0, running x index
    in every operating year, (B, T)."""
    return {
        Line("one_time", "capital"): tl.upfront(p["hybrid.cross_organisation_setup_cost"]),
        Line("operations", "operating"): tl.yearly(
            p["hybrid.cross_organisation_running_per_year"][:, None] * tl.price_index
        ),
    }


def coexistence_counts(p: Batch, places: tuple[int, ...]) -> tuple[bool, int]:
    """(Exchange hybrid, cross-organisation pairs) of a placement, the batch's first element.

    Organisations = in-house (if it holds a segment) + the distinct provider tenants used.
    With in-house, each tenant used is one extra: Microsoft's by Exchange hybrid, any other
    cross-organisation; without it, every tenant after the first is cross-organisation."""
    where = np.asarray(places)
    tenants = {int(p.plans[TENANT][0, j - 1]) for j in where[where != INHOUSE_PLACE]}
    microsoft = {
        int(p.plans[TENANT][0, j - 1])
        for j in where[where != INHOUSE_PLACE]
        if p.plans[MICROSOFT][0, j - 1] == 1
    }
    if (where == INHOUSE_PLACE).any():
        return bool(microsoft), len(tenants) - len(microsoft)
    return False, max(0, len(tenants) - 1)


def plan_group_lines(p: Batch, tl: Timeline) -> Lines:
    """Each plan's own lines on the users ``tl`` covers: subscription, archive, support,
    backup product and downtime, (B, P, T)."""
    return merge(subscription_lines(p, tl, fit_plans(p, tl)), hosted_downtime_lines(p, tl))


def hosted_part_lines(p: Batch, tl: Timeline, keeps_inhouse: Bools) -> Lines:
    """Lines every hosted user carries whatever the plan: staff, protection, internet,
    the greenfield migration, and from an existing platform the move of the hosted mailboxes,
    (B, T); the mail domain's DNS and DMARC monitoring only when no segment stays in-house
    (the in-house part pays them). While an in-house part still runs on today's Exchange
    (``keeps_inhouse``, (B,)), it is neither decommissioned nor sold, and no coexistence is
    added: the in-house part already pays for running the servers all year."""
    lines = {
        line: values[:, 0, :]
        for line, values in shared_lines(p, tl, hosted_fte(p, tl), hosted_mbps(p, tl)).items()
    }
    for line, values in domain_lines(p, tl).items():  # the in-house part pays the domain
        lines[line] = lines[line] - np.where(keeps_inhouse[:, None], values, 0.0)
    if current.has_current(p).any():
        capital, operating, resale = move_now_lines(p, tl)
        keeps = keeps_inhouse[:, None]
        decommission = tl.upfront(
            np.where(current.has_current(p), p["current.decommission_cost"], 0.0)
        )
        lines[Line("migration", "capital")] = np.where(keeps, capital - decommission, capital)
        lines[Line("migration", "operating")] = np.where(keeps, 0.0, operating)
        lines[Line("migration", "residual")] = np.where(keeps, 0.0, resale)
    return lines


def allowed_and_fitting(p: Batch, tl: Timeline) -> Bools:
    """(S, 1 + P) for the batch's first element: the segment may go there and fits it."""
    fit = fit_plans(p, tl)
    fits = np.concatenate(
        [np.ones((len(p.segment_labels), 1), bool), ~fit.segment_unfit[0]], axis=1
    )
    return np.asarray(p.allowed & fits)


def submask_pairs(count: int) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Every pair (m, sub) with sub a subset of m over ``count`` segments (3^count pairs),
    sorted by m, and where each m's pairs start (2^count + 1 bounds, the last = 3^count).
    Segment s is out of m, in m but not in sub, or in sub: the base-3 digits of the pair."""
    codes = np.arange(3**count)
    digits = (codes[:, None] // 3 ** np.arange(count)[None, :]) % 3
    bits = 1 << np.arange(count)
    m = ((digits >= 1) * bits).sum(axis=1)
    sub = ((digits == 2) * bits).sum(axis=1)
    order = np.lexsort((sub, m))
    m, sub = m[order], sub[order]
    starts = np.searchsorted(m, np.arange(2**count + 1))
    return m.astype(np.int64), sub.astype(np.int64), starts.astype(np.int64)


@dataclass(frozen=True)
class PlanSplit:
    """Cheapest split of every subset of hosted segments into plan groups, at most one group
    per plan: ``table[j, m]`` is the cheapest cost of ``m`` on plans 0 .. j - 1."""

    table: Floats  # (P + 1, 2^S)
    groups: Floats  # (2^S, P)
    m: NDArray[np.int64]
    sub: NDArray[np.int64]
    starts: NDArray[np.int64]  # m's pairs are starts[m] .. starts[m + 1] - 1

    @property
    def cheapest(self) -> Floats:
        """f(m): the cheapest split of every subset over all plans, (2^S,)."""
        return np.asarray(self.table[-1])

    def groups_of(self, hosted: int) -> dict[int, int]:
        """Plan j -> the subset of ``hosted`` it takes in the cheapest split (non-empty only)."""
        out: dict[int, int] = {}
        rest = hosted
        for j in range(self.groups.shape[1] - 1, -1, -1):
            lo, hi = self.starts[rest], self.starts[rest + 1]
            sub = self.sub[lo:hi]
            values = self.table[j, rest ^ sub] + self.groups[sub, j]
            chosen = int(sub[int(np.argmin(values))])
            if chosen:
                out[j] = chosen
            rest ^= chosen
        return out


def best_plan_split(groups: Floats) -> PlanSplit:
    """Cheapest split of every subset of hosted segments into plan groups, one group at most
    per plan (a plan's minimum users and cap apply to all its segments together).

    F_0(0) = 0, F_0(m) = inf for m > 0; F_(j+1)(m) = min over sub of m of F_j(m - sub) +
    group(sub, j), group(0, j) = 0; f = F_P. 3^S x P steps, vectorised over the pairs."""
    count, plans = groups.shape
    m, sub, starts = submask_pairs(count.bit_length() - 1)
    table = np.full((plans + 1, count), np.inf)
    table[0, 0] = 0.0
    for j in range(plans):
        table[j + 1] = np.minimum.reduceat(table[j, m ^ sub] + groups[sub, j], starts[:-1])
    return PlanSplit(table, groups, m, sub, starts)


@dataclass(frozen=True)
class OneOfSplit:
    """Plans of a one-edition group: a placement puts all of them on one plan at most."""

    groups: Floats  # (2^S, J) the group's plans' costs

    @property
    def cheapest(self) -> Floats:
        """min over the group's plans of each subset's cost, (2^S,)."""
        return np.asarray(self.groups.min(axis=1))

    def groups_of(self, hosted: int) -> dict[int, int]:
        """The group's plan (index within the group) taking all of ``hosted``."""
        return {int(np.argmin(self.groups[hosted])): hosted} if hosted else {}


@dataclass(frozen=True)
class GroupedSplit:
    """The cheapest split when some plans go together: a shared seat cap (the group's plans
    split a subset among themselves, the subset's users within one cap) or one edition per
    organisation (one of the group's plans takes the whole subset). Each such group is one
    column of the outer split; ``members[c]`` are the plans of column c."""

    outer: PlanSplit
    members: tuple[tuple[int, ...], ...]
    inner: dict[int, PlanSplit | OneOfSplit | GroupedSplit]

    @property
    def cheapest(self) -> Floats:
        return self.outer.cheapest

    def groups_of(self, hosted: int) -> dict[int, int]:
        """Plan j -> the subset of ``hosted`` it takes in the cheapest split."""
        out: dict[int, int] = {}
        for column, sub in self.outer.groups_of(hosted).items():
            inner = self.inner.get(column)
            if inner is None:
                out[self.members[column][0]] = sub
                continue
            for k, part in inner.groups_of(sub).items():
                out[self.members[column][k]] = part
        return out


def grouped_split(
    groups: Floats, shared_cap: Floats, one_edition: Floats, over_cap: Bools
) -> PlanSplit | GroupedSplit:
    """Cheapest split of every subset into plan groups, with the plans' groups (ids, NaN for
    none, (P,)): a shared seat-cap group is split among its plans and barred where the
    subset's users exceed its cap in any year (``over_cap`` (2^S, G) per cap group id); a
    one-edition group takes one of its plans. Without groups, :func:`best_plan_split`."""
    if np.isnan(shared_cap).all() and np.isnan(one_edition).all():
        return best_plan_split(groups)
    members: list[tuple[int, ...]] = []
    inner: dict[int, PlanSplit | OneOfSplit | GroupedSplit] = {}
    columns: list[Floats] = []
    for j in range(groups.shape[1]):
        if np.isnan(shared_cap[j]) and np.isnan(one_edition[j]):
            members.append((j,))
            columns.append(groups[:, j])
    for ids, shared in ((shared_cap, True), (one_edition, False)):
        for gid in sorted(set(ids[np.isfinite(ids)].tolist())):
            plans = tuple(int(j) for j in np.flatnonzero(ids == gid))
            if shared:
                split: PlanSplit | OneOfSplit = best_plan_split(groups[:, plans])
                cost = np.where(over_cap[:, int(gid)], np.inf, split.cheapest)
            else:
                split = OneOfSplit(groups[:, plans])
                cost = split.cheapest
            inner[len(members)] = split
            members.append(plans)
            columns.append(np.asarray(cost))
    outer = best_plan_split(np.stack(columns, axis=1))
    return GroupedSplit(outer, tuple(members), inner)


def tenant_split(
    groups: Floats,
    tenant: Floats,
    shared_cap: Floats,
    one_edition: Floats,
    over_cap: Bools,
    per_tenant: Floats,
) -> GroupedSplit:
    """Cheapest split with a fixed cost per provider tenant used: each tenant's column is the
    cheapest split of a subset among its plans (:func:`grouped_split`) + ``per_tenant[k]``
    when the subset is not empty; the outer split then picks tenants (P, by index (P,))."""
    members: list[tuple[int, ...]] = []
    inner: dict[int, PlanSplit | OneOfSplit | GroupedSplit] = {}
    columns: list[Floats] = []
    for k in sorted(set(tenant.tolist())):
        plans = [int(j) for j in np.flatnonzero(tenant == k)]
        split = grouped_split(groups[:, plans], shared_cap[plans], one_edition[plans], over_cap)
        cost = split.cheapest + per_tenant[plans[0]]
        cost[0] = 0.0
        inner[len(members)] = split
        members.append(tuple(plans))
        columns.append(np.asarray(cost))
    return GroupedSplit(best_plan_split(np.stack(columns, axis=1)), tuple(members), inner)


def places_of(hosted: int, split: PlanSplit | GroupedSplit, count: int) -> tuple[int, ...]:
    """Placement of every segment: the plan groups of the cheapest split of ``hosted`` for
    its segments, in-house for the others."""
    places = [INHOUSE_PLACE] * count
    for plan, sub in split.groups_of(hosted).items():
        for s in range(count):
            if sub >> s & 1:
                places[s] = plan + 1
    return tuple(places)


@dataclass(frozen=True)
class SubsetCosts:
    """TCO of every part on every subset of segments, display currency, first element."""

    inhouse: Floats  # (2^S,) in-house part; inf where a member may not stay in-house
    hosted: Floats  # (2^S,) the hosted part's shared lines
    groups: Floats  # (2^S, P) plan group; inf where a member may not go there or cap exceeded
    hybrid: float  # Exchange hybrid: in-house beside a Microsoft tenant
    cross_organisation: float  # each other extra organisation
    shared_over_cap: Bools  # (2^S, G) the subset's users exceed shared seat-cap group g's cap


def subset_costs(p: Batch, years_count: int) -> SubsetCosts:
    """Every part's TCO on every subset of segments (row m of :func:`subset_masks`)."""
    s_count = len(p.segment_labels)
    masks = subset_masks(s_count)
    big = p.repeat(len(masks))
    tl = Timeline.of(big, years_count).part(masks)
    net = big["finance.tco_basis"] == 0
    rate = float(display_per_input(p)[0])
    one = p.repeat(1)
    one_tl = Timeline.of(one, years_count)
    ok = allowed_and_fitting(one, one_tl)
    may_inhouse = ~(masks & ~ok[None, :, 0]).any(axis=1)
    inhouse = np.where(may_inhouse, tco_of(project_inhouse(big, tl).costs, net) * rate, np.inf)
    keeps = np.asarray(~masks.all(axis=1))  # the hosted part of m leaves the others in-house
    hosted = tco_of(hosted_part_lines(big, tl, keeps), net) * rate
    groups_lines = plan_group_lines(big, tl)
    groups = np.zeros((len(masks), len(p.plan_labels)))
    for values in groups_lines.values():
        groups += values.sum(axis=2) * rate
    over_cap = fit_plans(big, tl).over_cap.any(axis=2)
    barred = (masks[:, :, None] & ~ok[None, :, 1:]).any(axis=1)
    groups = np.where(over_cap | barred, np.inf, groups)
    groups[0] = 0.0
    inhouse[0] = 0.0
    hosted[0] = 0.0
    hybrid = float(tco_of(hybrid_lines(one, one_tl), net[:1])[0]) * rate
    cross = float(tco_of(cross_organisation_lines(one, one_tl), net[:1])[0]) * rate
    return SubsetCosts(inhouse, hosted, groups, hybrid, cross, shared_over_cap(p, tl))


def shared_over_cap(p: Batch, tl: Timeline) -> Bools:
    """(2^S, G): subset m's users exceed the smallest cap of shared seat-cap group g in an
    operating year (``tl`` covers the subsets, one per batch row)."""
    ids = p.plans[SHARED_CAP_GROUP][0]
    count = int(np.nanmax(ids)) + 1 if np.isfinite(ids).any() else 0
    caps = [float(np.min(p.plans["max_users"][0][ids == g])) for g in range(count)]
    users = np.where(tl.operating, tl.users, 0.0)  # (2^S, T)
    return (
        np.stack([(users > cap).any(axis=1) for cap in caps], axis=1)
        if caps
        else np.zeros((users.shape[0], 0), dtype=bool)
    )


def search_best_mix(
    p: Batch, years_count: int, inhouse_label: str, given: tuple[int, ...] | None = None
) -> MixResult:
    """The exact best placement for the batch's first element (module docstring); with
    ``given``, that placement instead (the base case's, for a batch of its variants)."""
    if given is not None:
        return given_mix(p, given, inhouse_label)
    started = time.perf_counter()
    s_count = len(p.segment_labels)
    costs = subset_costs(p, years_count)
    beside_inhouse = np.where(p.plans[MICROSOFT][0] == 1, costs.hybrid, costs.cross_organisation)
    splits = {
        inhouse_too: tenant_split(
            costs.groups,
            p.plans[TENANT][0],
            p.plans[SHARED_CAP_GROUP][0],
            p.plans[ONE_EDITION_GROUP][0],
            costs.shared_over_cap,
            beside_inhouse
            if inhouse_too
            else np.full(len(p.plan_labels), costs.cross_organisation),
        )
        for inhouse_too in (True, False)
    }
    full = 2**s_count - 1
    totals = np.full(full + 1, np.inf)
    for in_mask in range(full + 1):
        hosted = full ^ in_mask
        split_cost = splits[in_mask > 0].cheapest[hosted]
        if in_mask == 0:  # all hosted: the first tenant is no extra organisation
            split_cost -= costs.cross_organisation
        totals[in_mask] = costs.inhouse[in_mask] + costs.hosted[hosted] + split_cost

    def choice_at(in_mask: int) -> MixChoice | None:
        if not np.isfinite(totals[in_mask]):
            return None
        places = places_of(full ^ in_mask, splits[in_mask > 0], s_count)
        return MixChoice(places, float(totals[in_mask]))

    best = choice_at(int(np.argmin(totals)))
    if best is None:
        best = MixChoice(tuple(INHOUSE_PLACE for _ in range(s_count)), float("inf"))
    return MixResult(
        segments=p.segment_labels,
        places=(inhouse_label, *p.plan_labels),
        best=best,
        best_inhouse=choice_at(full),
        best_hosted=choice_at(0),
        search_seconds=time.perf_counter() - started,
        placements=(1 + len(p.plan_labels)) ** s_count,
    )


def given_mix(p: Batch, places: tuple[int, ...], inhouse_label: str) -> MixResult:
    """A placement chosen elsewhere (the base case's best mix), its TCO not evaluated here."""
    if len(places) != len(p.segment_labels):
        raise ValueError(
            f"a placement names {len(places)} places for {len(p.segment_labels)} segments"
        )
    choice = MixChoice(tuple(places), float("nan"))
    return MixResult(
        segments=p.segment_labels,
        places=(inhouse_label, *p.plan_labels),
        best=choice,
        best_inhouse=None,
        best_hosted=None,
        search_seconds=0.0,
        placements=0,
    )


def segment_weights(tl: Timeline, category: str, working_pct: Floats | None = None) -> Floats:
    """Each covered segment's share of a part's cost line, (B, S, T): users x mailbox GB for
    hardware and storage, users x working share (``working_pct``, (B, S)) for the downtime
    loss, users otherwise; equal shares in a year with no users."""
    weight = tl.segment_users * (tl.segment_mailbox_gb if category in WEIGHTED_BY_MAILBOX else 1.0)
    if category == DOWNTIME and working_pct is not None:
        weight = weight * working_pct[:, :, None]
    total = weight.sum(axis=1, keepdims=True)
    members = tl.members[:, :, None].astype(float)
    even = members / np.maximum(members.sum(axis=1, keepdims=True), 1.0)
    return np.where(total > 0, weight / np.where(total > 0, total, 1.0), even)


def split_by_segment(lines: Lines, tl: Timeline, working_pct: Floats) -> SegmentLines:
    """A part's lines split over the segments it covers (:func:`segment_weights`)."""
    return {
        line: values[:, None, :] * segment_weights(tl, line.category, working_pct)
        for line, values in lines.items()
    }


def mix_lines(p: Batch, tl: Timeline, places: tuple[int, ...]) -> SegmentLines:
    """Cost lines of one placement for every batch element, split by segment, (B, S, T)."""
    where = np.asarray(places)
    inhouse = where == INHOUSE_PLACE
    share = working_share_pct(p)
    parts: list[SegmentLines] = []
    if inhouse.any():
        part = tl.part(inhouse)
        parts.append(split_by_segment(project_inhouse(p, part).costs, part, share))
    if (~inhouse).any():
        hosted = tl.part(~inhouse)
        keeps = np.full(p.size, bool(inhouse.any()))
        parts.append(split_by_segment(hosted_part_lines(p, hosted, keeps), hosted, share))
        for place in sorted(set(where[~inhouse].tolist())):
            group = tl.part(where == place)
            lines = {k: v[:, place - 1, :] for k, v in plan_group_lines(p, group).items()}
            parts.append(split_by_segment(lines, group, share))
    hybrid, cross = coexistence_counts(p, places)
    if hybrid:
        parts.append(split_by_segment(hybrid_lines(p, tl), tl, share))
    if cross:
        lines = split_by_segment(cross_organisation_lines(p, tl), tl, share)
        parts.append({line: values * cross for line, values in lines.items()})
    return merge(*parts)
