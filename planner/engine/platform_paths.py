"""The paths open to an organisation that already runs Exchange (README, Methodology: paths).

1. Upgrade in place to Exchange SE: the in-house engine with today's servers, disk and
   licences in service (planner.engine.inhouse with planner.engine.current); option 0.
2. Move to each hosted plan: the hosted engine plus the ``migration`` line (project in year 0,
   coexistence in year 1); options 1..P.
3. Stay as is (unsupported, Exchange 2016 / 2019 only): today's servers run to the end of
   their life with no licence spend but the paid security updates still on sale (the first
   M months of year 1 on), priced with the expected loss of running unpatched mail servers
   after them (probability x incident cost x index); when the hardware retires (after year
   last) the organisation is forced to move to the cheapest option that fits, each priced
   as a whole path: a plan (the move project in year last, coexistence in year last + 1 and
   the plan's costs from year last + 1 on) or the in-place upgrade to SE made then (option
   0's costs after year last, and its earlier spending paid in year last). Offered only
   while today's servers have a year of life left (last >= 1); the last option.
4. Move timing (not an option): every target priced as "stay until year m, then go", for
   m = 0 (the option itself) and each year before the horizon (past today's servers' life,
   staying buys the same servers and disk again in year last; the upgrade in place instead
   buys its own then and runs the old Exchange on them until m); the cheapest year per
   target (:func:`move_timing`). The stay path is its m = last slice.
5. The move year of the main comparison (``current.move_when``, ``current.move_year``):
   options 0..P priced as move timing's year m instead of now (:func:`later_move_lines`);
   now by default, so a scenario that does not set it is priced as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine import current
from planner.engine.categories import Line
from planner.engine.hosted import HostedResult, project_hosted
from planner.engine.inhouse import (
    connectivity_lines,
    downtime_lines,
    inhouse_availability_pct,
    inhouse_fte,
    internet_lines,
    merge,
    project_inhouse,
    staff_lines,
)
from planner.engine.migration import coexistence_cost, move_project_cost, resale_credit
from planner.engine.scenario_arrays import Batch, display_per_input
from planner.engine.timeline import Timeline
from planner.model import option_names
from planner.model.scenario import MOVE_WHEN, PLATFORM_NAMES, PLATFORMS

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Lines = dict[Line, Floats]


def life_left(p: Batch) -> Bools:
    """Today's servers serve at least one more operating year: refresh years - age >= 1, (B,)."""
    return np.asarray(current.last_year_in_service(p) >= 1)


def stay_offered(p: Batch) -> Bools:
    """Staying is a path: Exchange 2016 / 2019 on servers with life left, (B,)."""
    return np.asarray(current.is_unsupported(p) & life_left(p))


def has_stay_option(p: Batch) -> bool:
    """The first scenario of the batch may stay on Exchange 2016 or 2019: show the stay path."""
    return bool(stay_offered(p)[0])


def option_labels(p: Batch, inhouse_label: str) -> tuple[str, str | None]:
    """(label of option 0, label of the stay option or None) for the batch's first scenario;
    no stay option when today's servers have no life left (they must be replaced now)."""
    platform = PLATFORMS[int(p["current.platform"][0])]
    if platform == "none":
        return inhouse_label, None
    if platform == "exchange_se":
        return option_names.KEEP_SE, None
    months = float(p["current.paid_updates_months_left"][0])
    support = (
        f"paid security updates for {months:.3g} months, then unsupported"
        if months > 0
        else "unsupported"
    )
    stay = (
        option_names.stay_label(PLATFORM_NAMES[platform], support) if has_stay_option(p) else None
    )
    return option_names.UPGRADE_IN_PLACE, stay


def unsupported_risk(p: Batch, tl: Timeline) -> Floats:
    """Expected loss a year: probability x incident cost x index, (B, T) (all years)."""
    return np.asarray(
        p["current.incident_probability_pct_per_year"][:, None]
        / 100
        * p["current.incident_cost"][:, None]
        * tl.price_index
    )


def paid_update_share(p: Batch, tl: Timeline) -> Floats:
    """Share of each operating year t covered by paid security updates, the first M months
    of year 1 on: clip(M - 12 (t - 1), 0, 12) / 12, (B, T)."""
    months = p["current.paid_updates_months_left"][:, None] - 12 * (tl.years[None, :] - 1)
    return np.where(tl.operating, np.clip(months, 0.0, 12.0) / 12, 0.0)


def paid_update_lines(p: Batch, tl: Timeline) -> Lines:
    """Staying buys the paid security updates still on sale and is unsupported after them:
    fee_t = servers x price per server-month x 12 x share_t x index_t (a licence spend);
    risk_t = probability x incident cost x index_t x (1 - share_t)."""
    share = paid_update_share(p, tl)
    fee = (
        p["current.servers"][:, None]
        * p["current.paid_updates_per_server_month"][:, None]
        * 12
        * share
        * tl.price_index
    )
    return {
        Line("licences", "operating"): fee,
        Line("unsupported_risk", "operating"): unsupported_risk(p, tl) * (1 - share),
    }


def running_lines(p: Batch, tl: Timeline, servers: Floats, maintained: Floats) -> Lines:
    """Running today's platform on ``servers`` (B, T) whose purchase value ``maintained``
    (B, T) is out of warranty: servers' running and maintenance, staff, protection,
    internet, connectivity, downtime, paid security updates and the unsupported risk."""
    idx = tl.price_index
    maint = p["inhouse.servers.maintenance_pct_per_year"][:, None] / 100
    gateway = p["inhouse.protection.gateway_per_user_year"][:, None]
    security = p["inhouse.protection.security_per_server_year"][:, None]
    internet = internet_lines(p, tl)
    internet.pop(Line("one_time", "capital"))  # set up long ago
    return merge(
        {
            Line("operations", "operating"): servers
            * current.server_running_per_year(p)[:, None]
            * idx
            + maint * maintained,
            Line("protection", "operating"): (tl.users * gateway + servers * security) * idx,
        },
        paid_update_lines(p, tl),
        staff_lines(p, tl, inhouse_fte(p, tl)),
        internet,
        connectivity_lines(p, tl),
        downtime_lines(p, tl, inhouse_availability_pct(p)),
    )


def running_today(p: Batch, tl: Timeline) -> Lines:
    """Today's platform while today's servers serve (years 1 .. last)."""
    servers = current.existing_units(p, tl, "current.servers")
    lines = running_lines(p, tl, servers, current.existing_value_out_of_warranty(p, tl))
    serving = current.serving_mask(p, tl)
    return {line: np.where(serving, values, 0.0) for line, values in lines.items()}


def staying_on_replacements(p: Batch, tl: Timeline, year: Floats, rebuy: bool = True) -> Lines:
    """Staying past today's servers' life until year m (B, 1): the same servers and disk
    bought again in year last (at its prices, for year last + 1) and the platform run on
    them in years last + 1 .. m (maintenance after their warranty); zero when m <= last.
    ``rebuy=False`` leaves the purchase out (the upgrade in place buys its own servers)."""
    last = current.last_year_in_service(p)[:, None]
    years = tl.years[None, :]
    servers_value = p["current.servers"] * p["inhouse.servers.price"]
    disk_value = p["current.storage_tb"] * p["inhouse.storage.price_per_tb"]
    bought = (years == last) & (year > last) & rebuy
    after = tl.operating & (years > last) & (years <= year)
    warranty = p["inhouse.servers.warranty_years"][:, None]
    maintained = np.where(years > last + warranty, (servers_value + disk_value)[:, None], 0.0)
    servers = np.broadcast_to(p["current.servers"][:, None], tl.users.shape)
    running = running_lines(p, tl, servers, maintained)
    return merge(
        {line: np.where(after, values, 0.0) for line, values in running.items()},
        {
            Line("hardware", "capital"): np.where(bought, servers_value[:, None], 0.0)
            * tl.price_index,
            Line("storage", "capital"): np.where(bought, disk_value[:, None], 0.0) * tl.price_index,
        },
    )


def after_year(tl: Timeline, lines: Lines, year: Floats) -> Lines:
    """Each line kept only in operating years after ``year`` (B, 1), and in the horizon year
    when that is after it (where residual value sits)."""
    years = tl.years[None, :]
    keep = (years > year) & (tl.operating | (years == tl.horizon[:, None]))
    return {line: np.where(keep, values, 0.0) for line, values in lines.items()}


def move_costs(p: Batch, tl: Timeline, year: Floats) -> Lines:
    """Moving to a hosted plan in year m (B, 1) inside the horizon: the project for that
    year's mailboxes at its prices (N_m x index_m), coexistence in year m + 1, and, moving
    now (m = 0), the old hardware's resale credited in year 0."""
    years = tl.years[None, :]
    within = year < tl.horizon[:, None]
    project = move_project_cost(p, tl.users) * tl.price_index
    resale = np.where((years == 0) & (year == 0), resale_credit(p)[:, None], 0.0)
    return {
        Line("migration", "capital"): np.where((years == year) & within, project, 0.0),
        Line("migration", "operating"): np.where(
            tl.operating & (years == year + 1), coexistence_cost(p, tl), 0.0
        ),
        Line("migration", "residual"): resale,
    }


def staying_until(p: Batch, tl: Timeline, year: Floats, rebuy: bool = True) -> Lines:
    """Running today's platform in years 1 .. m (B, 1), on replacement servers past their
    life (bought again unless ``rebuy`` is false), and today's servers' value left at the
    horizon when still held there (m >= H)."""
    years = tl.years[None, :]
    running = {
        line: np.where(years <= year, values, 0.0) for line, values in running_today(p, tl).items()
    }
    held = year >= tl.horizon[:, None]
    replaced = staying_on_replacements(p, tl, year, rebuy)
    residual = {
        Line("hardware", "residual"): current.existing_residual(
            p, tl, "current.servers", "inhouse.servers.price"
        ),
        Line("storage", "residual"): current.existing_residual(
            p, tl, "current.storage_tb", "inhouse.storage.price_per_tb"
        ),
    }
    kept = {line: np.where(held, v, 0.0) for line, v in residual.items()}
    return merge(running, replaced, kept)


def path_lines(
    p: Batch,
    tl: Timeline,
    inhouse_costs: Lines,
    plan_costs: dict[Line, Floats],
    year: Floats,
    target: int,
) -> Lines:
    """Stay until year m (B, 1), then go to ``target``: 0 = upgrade in place to SE then,
    j = plan j with its migration. m = 0 is the option itself (upgrade now, move now)."""
    if target == 0:
        return upgrade_path(p, tl, inhouse_costs, year)
    staying = staying_until(p, tl, year)
    j = target - 1
    plan = {line: v[:, min(j, v.shape[1] - 1), :] for line, v in plan_costs.items()}
    return merge(staying, after_year(tl, plan, year), move_costs(p, tl, year))


SE_SERVERS = (Line("hardware", "capital"), Line("storage", "capital"))
"""The upgrade in place's own server and disk purchases: on their schedule, whenever the
software upgrade is made (today's servers are replaced by them when they retire)."""


def upgrade_path(p: Batch, tl: Timeline, inhouse_costs: Lines, year: Floats) -> Lines:
    """Stay until year m (B, 1), then upgrade in place to SE. Within today's servers' life
    (m <= last): staying, then :func:`deferred_upgrade`. Past it (m > last): today's
    servers run to their last year, option 0's own servers and disk are bought on its
    schedule (in year last, when they retire) and run Exchange 2016 / 2019 until year m
    (the running and risk of staying, with no second purchase), and its other spending
    (SE licences, the upgrade project) is deferred to year m."""
    past = year > current.last_year_in_service(p)[:, None]  # (B, 1)
    within = merge(staying_until(p, tl, year), deferred_upgrade(tl, inhouse_costs, year))
    if not past.any():
        return within
    software = {line: v for line, v in inhouse_costs.items() if line not in SE_SERVERS}
    servers = {line: inhouse_costs[line] for line in SE_SERVERS if line in inhouse_costs}
    later = merge(
        staying_until(p, tl, year, rebuy=False),
        deferred_upgrade(tl, software, year),
        servers,
    )
    keys = dict.fromkeys([*within, *later])
    zero = np.zeros_like(tl.users)
    return {line: np.where(past, later.get(line, zero), within.get(line, zero)) for line in keys}


def deferred_upgrade(tl: Timeline, inhouse_costs: Lines, year: Floats) -> Lines:
    """The in-place upgrade to SE made in ``year`` m (B, 1) instead of now: option 0's
    running costs after year m, its spending in year m on (purchases for year m + 1 on) and
    its spending of the years before (SE licences, the upgrade project) paid in year m at
    that year's prices: sum_{t<m} capital_t / index_t x index_m."""
    years = tl.years[None, :]
    lines = after_year(tl, inhouse_costs, year)
    within = year < tl.horizon[:, None]
    idx = tl.price_index
    for line, values in inhouse_costs.items():
        if line.kind != "capital":
            continue
        early = np.where(years < year, values / idx, 0.0).sum(axis=1, keepdims=True)
        lines[line] = np.where((years >= year) & within, values, 0.0) + np.where(
            (years == year) & within, early * idx, 0.0
        )
    return lines


END_OF_LIFE = float(MOVE_WHEN.index("hardware_end_of_life"))
CHOSEN_YEAR = float(MOVE_WHEN.index("chosen_year"))


def chosen_move_year(p: Batch, tl: Timeline) -> Floats:
    """The year m every path leaves today's Exchange in the main comparison, (B,): 0 (now);
    last (today's servers' last year) or the move year entered, each at most H - 1 (a move
    within the horizon); 0 wherever staying is not offered (Exchange SE, or no year left),
    and 0 with segments: the best mix is searched for a move now, and every pure option is
    one of its placements, so they must be priced on the same move year."""
    if p.segment_labels:
        return np.zeros(p.size)
    when = p["current.move_when"]
    last = current.last_year_in_service(p)
    year = np.where(
        when == END_OF_LIFE, last, np.where(when == CHOSEN_YEAR, p["current.move_year"], 0.0)
    )
    year = np.minimum(year, tl.horizon - 1)
    return np.asarray(np.where(stay_offered(p), np.maximum(year, 0.0), 0.0))


def later_move_lines(
    p: Batch, tl: Timeline, inhouse_costs: Lines, plan_costs: dict[Line, Floats]
) -> tuple[Bools, dict[Line, Floats]] | None:
    """The options 0..P priced with the chosen move year, as :func:`path_lines` (stay until
    year m, then go), (B, 1 + P, T) per line, and where m > 0 (B,); None when every scenario
    of the batch moves now (the options are then priced as they are)."""
    year = chosen_move_year(p, tl)
    later = year > 0
    if not later.any():
        return None
    plans = len(p.plan_labels)
    m = year[:, None]
    upgrade = upgrade_path(p, tl, inhouse_costs, m)
    staying = merge(staying_until(p, tl, m), move_costs(p, tl, m))
    years = tl.years[None, :]
    keep = (years > m) & (tl.operating | (years == tl.horizon[:, None]))  # as after_year
    plan_after = {line: v * keep[:, None, :] for line, v in plan_costs.items()}
    shape = (p.size, 1 + plans, tl.years.size)
    out: dict[Line, Floats] = {}
    for line in dict.fromkeys([*upgrade, *staying, *plan_after]):
        values = np.zeros(shape)
        if line in upgrade:
            values[:, 0] = upgrade[line]
        if line in staying:
            values[:, 1:] += staying[line][:, None, :]
        if line in plan_after:
            values[:, 1:] += np.broadcast_to(plan_after[line], values[:, 1:].shape)
        out[line] = values
    return np.asarray(later, dtype=bool), out


def hosted_room_gb(p: Batch) -> Floats:
    """Each plan's mailbox + archive, GB, (B, P)."""
    return np.asarray(p.plans["mailbox_gb"] + p.plans["archive_gb"])


def target_fits(p: Batch, hosted: HostedResult, capable: Bools | None = None) -> Bools:
    """Where a forced move may go, (B, 1 + P): in-house (sized to the need, so it fits) and
    each plan that fits over the horizon (no user cap, mailbox, attachment or segment quota
    problem) and holds the organisation's required quota (mailbox + archive >= quota), both
    only where every segment may go and, when ``capable`` (1 + P,) is given, only where the
    option meets every other requirement of the Fit analysis (capabilities: protocols,
    hygiene, retention, region, sites, support)."""
    room = hosted_room_gb(p)
    plans = ~(
        hosted.over_cap.any(axis=2)
        | hosted.mailbox_unfit.any(axis=2)
        | hosted.attachment_short
        | hosted.quota_short
        | (room + 1e-12 < p["requirements.mailbox_quota_gb"][:, None])
    )
    fits = np.concatenate([np.ones((p.size, 1), dtype=bool), plans], axis=1)
    if p.segment_labels:
        everyone: Bools = np.asarray(p.allowed.all(axis=0), dtype=bool)
        fits &= everyone[None, :]
    if capable is not None:
        fits &= np.asarray(capable, dtype=bool)[None, :]
    return np.asarray(fits, dtype=bool)


SIZED_BY_THE_ENGINE = frozenset({"mailbox_quota_gb", "archive_gb"})
"""Requirements the in-place upgrade meets by its sizing: its storage is bought for the need."""


def capable_from_fit(keys: Sequence[str], verdicts: Sequence[Sequence[str]]) -> Bools:
    """Where a forced move may go on capabilities, (1 + P,), from the Fit analysis' matrix:
    ``verdicts[i][k]`` is option i's yes / no / unknown on requirement ``keys[k]`` (row 0
    in-house, rows 1..P the plans). A plan counts when every verdict is yes (unknown never
    counts); in-house when every one its storage sizing does not settle is (the quota and
    archive rows: the engine sizes in-house storage to the need)."""
    inhouse = all(
        v == "yes"
        for key, v in zip(keys, verdicts[0], strict=True)
        if key not in SIZED_BY_THE_ENGINE
    )
    plans = [all(v == "yes" for v in row) for row in verdicts[1:]]
    return np.array([inhouse, *plans], dtype=bool)


def tco_of(p: Batch, lines: Lines) -> Floats:
    """Sum of a path's lines over the years on the scenario's TCO basis (residual value
    counted when net of residual), (B,)."""
    return np.asarray(yearly_total(p, lines).sum(axis=-1)) if lines else np.zeros(p.size)


@dataclass(frozen=True)
class StayPath:
    """The stay path of every scenario: its lines, where its forced move goes (0 = upgrade
    in place to SE after all, j = plan j) and whether that target fits, (B,) each."""

    lines: Lines
    target: NDArray[np.int64]
    fits: Bools


def stay_lines(
    p: Batch,
    tl: Timeline,
    inhouse_costs: Lines,
    plan_costs: dict[Line, Floats],
    option_fits: Bools,
) -> StayPath:
    """Stay while today's servers serve (years 1 .. last), then move to the cheapest option
    that fits: option 0 (SE in place, on new servers, made to fit the quota) or a plan (its
    costs after year last, its migration). ``plan_costs`` are (B, P, T), ``option_fits``
    (B, 1 + P). The stay path is zero for scenarios not on 2016 / 2019."""
    last = current.last_year_in_service(p)[:, None]
    candidates = [
        path_lines(p, tl, inhouse_costs, plan_costs, last, k) for k in range(option_fits.shape[1])
    ]
    tco = np.stack([tco_of(p, c) for c in candidates], axis=1)  # (B, 1 + P)
    target = np.argmin(np.where(option_fits, tco, np.inf), axis=1)
    target = np.where(option_fits.any(axis=1), target, np.argmin(tco, axis=1))
    stays = current.is_unsupported(p)[:, None]
    lines: Lines = {}
    for k, candidate in enumerate(candidates):
        chosen = (target == k)[:, None] & stays
        for line, values in candidate.items():
            lines[line] = lines.get(line, np.zeros_like(values)) + np.where(chosen, values, 0.0)
    target_fits = np.take_along_axis(option_fits, target[:, None], axis=1)[:, 0]
    no_move = last[:, 0] >= tl.horizon  # the hardware lasts the horizon: no move to fit
    fits = (target_fits | no_move) & stay_offered(p)
    return StayPath(lines, target.astype(np.int64), np.asarray(fits, dtype=bool))


def possible_move_years(p: Batch, tl: Timeline) -> Bools:
    """Years m a path may move in, (B, T): now (m = 0) always; later, from Exchange 2016 /
    2019 on servers with a year left, any year before the horizon (m < H; past today's
    servers' life on replacement servers)."""
    years = tl.years[None, :]
    later = stay_offered(p)[:, None] & (years < tl.horizon[:, None])
    return np.asarray((years == 0) | later)


def yearly_total(p: Batch, lines: Lines) -> Floats:
    """Lines summed by year on the scenario's TCO basis (residual value counted when net of
    residual); lines (B, ..., T) -> (B, ..., T)."""
    net = p["finance.tco_basis"] == 0
    total: Floats | float = 0.0
    for line, values in lines.items():
        if line.kind == "residual":
            values = values * net.reshape((-1,) + (1,) * (values.ndim - 1))
        total = total + values
    return np.asarray(total)


def tco_by_move_year(
    p: Batch, tl: Timeline, inhouse_costs: Lines, plan_costs: dict[Line, Floats]
) -> Floats:
    """TCO of staying until year m and then going to each target (0 = upgrade in place, j =
    plan j), (B, 1 + P, T) in US dollars; NaN where the move year is not possible.
    Each cell is :func:`path_lines` summed; staying and the move are summed once per year m
    and each plan's years after m are read from its yearly totals."""
    plans = len(p.plan_labels)
    years = tl.years.size
    out = np.full((p.size, 1 + plans, years), np.nan)
    possible = possible_move_years(p, tl)
    plan_total = np.broadcast_to(yearly_total(p, plan_costs), (p.size, plans, years))
    kept = tl.operating | (tl.years[None, :] == tl.horizon[:, None])
    for m in range(years):
        if not possible[:, m].any():
            continue
        year = np.full((p.size, 1), float(m))
        staying = tco_of(p, staying_until(p, tl, year))
        upgrade = tco_of(p, upgrade_path(p, tl, inhouse_costs, year))
        out[:, 0, m] = np.where(possible[:, m], upgrade, np.nan)
        after = (tl.years[None, :] > m) & kept  # (B, T), as after_year
        plan_after = (plan_total * after[:, None, :]).sum(axis=2)
        moving = staying + tco_of(p, move_costs(p, tl, year))
        out[:, 1:, m] = np.where(possible[:, m, None], moving[:, None] + plan_after, np.nan)
    return out


@dataclass(frozen=True)
class MoveTiming:
    """Cost by move year of one scenario: each target's TCO if the organisation stays until
    year m and then goes there, in the display currency."""

    targets: tuple[str, ...]  # option 0 (upgrade in place) and each plan
    years: tuple[int, ...]  # the possible move years, 0 = now
    tco: Floats  # (targets, years)
    fits: Bools  # (targets,) the target fits (where a forced move may go)
    last: int  # last operating year of today's servers (0: none left)
    paid_until: int = 0  # last year paid security updates cover, ceil(months / 12) (0: none)

    def best_year(self, target: int) -> int:
        """The move year with the lowest TCO for a target (NaN: not possible that year)."""
        return self.years[int(np.nanargmin(self.tco[target]))]

    def cheapest_target(self) -> int:
        """The target that fits with the lowest TCO in its best year (any target if none
        fits)."""
        best = np.nanmin(self.tco, axis=1)
        return int(np.argmin(np.where(self.fits, best, np.inf) if self.fits.any() else best))


def move_timing(
    batch: Batch, targets: tuple[str, ...], index: int = 0, capable: Bools | None = None
) -> MoveTiming:
    """The move-year search of one batch element: stay until year m (now, any year while
    today's servers serve, their last year included), then go to each target; a target
    fits as in :func:`target_fits` (``capable``: the Fit analysis' verdict, (1 + P,))."""
    tl = Timeline.of(batch)
    hosted = project_hosted(batch, tl)
    grid = tco_by_move_year(batch, tl, project_inhouse(batch, tl).costs, hosted.costs)
    possible = np.flatnonzero(possible_move_years(batch, tl)[index])
    rate = float(display_per_input(batch)[index])
    return MoveTiming(
        targets=targets,
        years=tuple(int(m) for m in possible),
        tco=grid[index][:, possible] * rate,
        fits=target_fits(batch, hosted, capable)[index],
        last=int(current.last_year_in_service(batch)[index]),
        paid_until=int(np.ceil(batch["current.paid_updates_months_left"][index] / 12)),
    )
