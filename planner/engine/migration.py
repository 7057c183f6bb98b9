"""The migration plan: how much mail moves, how long the transfer takes, and what it costs.

data to move (GB)     = mailboxes x mailbox size on the source (GB) + public folders
                        + PST files uploaded (not shipped) + journal / legacy archive
link (GB/day)         = bandwidth (Mbps) x usable share x 86,400 s / 8 bits / 1,000 MB per GB
transfer rate         = min(link, provider's ingestion rate)
transfer days         = data / transfer rate
coexistence weeks     = max(coexistence weeks entered, transfer days / 7 + buffer weeks)
project cost          = mailboxes x (tool per mailbox + hours per mailbox x hourly staff cost)
                        + cut-over + decommissioning + public-folder project (when any)
                        + PST GB shipped x price per GB + archive GB x price per GB
resale (a credit)     = - resale share x hardware book value, when moving now
hourly staff cost     = salary per FTE-year / 1,760 hours
coexistence           = weeks / 52 x (a year of running the old servers + share x in-house
                        administrator FTE x salary x salary index): both platforms are paid
A move made in year m moves year m's mailboxes and pays coexistence in year m + 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine import current
from planner.engine.inhouse import inhouse_fte
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline

Floats = NDArray[np.float64]
SECONDS_PER_DAY = 86_400.0
BITS_PER_BYTE = 8.0
MB_PER_GB_NETWORK = 1000.0
GB_PER_TB = 1024.0
DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class MigrationPlan:
    """The data-transfer arithmetic of a move for one scenario."""

    mailboxes: int
    data_gb: float
    link_gb_per_day: float
    ingestion_gb_per_day: float
    transfer_days: float
    coexistence_weeks: float  # max(entered, transfer weeks + buffer)
    bandwidth_mbps: float
    usable_pct: float
    extra_gb: float = 0.0  # public folders, uploaded PST files and archives, in data_gb
    buffer_weeks: float = 0.0
    entered_weeks: float | None = None  # the coexistence weeks entered (None: as planned)

    @property
    def data_tb(self) -> float:
        """Data to move in TB (1 TB = 1,024 GB)."""
        return self.data_gb / GB_PER_TB

    @property
    def rate_gb_per_day(self) -> float:
        """What limits the transfer: the link or the provider's ingestion, GB per day."""
        return min(self.link_gb_per_day, self.ingestion_gb_per_day)

    @property
    def limited_by(self) -> str:
        """'bandwidth' or 'the provider's ingestion rate'."""
        if self.link_gb_per_day <= self.ingestion_gb_per_day:
            return "bandwidth"
        return "the provider's ingestion rate"

    def sentence(self) -> str:
        """One sentence for people: mailboxes, TB, link, days, coexistence."""
        extra = (
            f" ({self.extra_gb:,.0f} GB of it public folders, PST files or archives)"
            if self.extra_gb > 0
            else ""
        )
        entered = self.coexistence_weeks if self.entered_weeks is None else self.entered_weeks
        why = (
            ""
            if self.coexistence_weeks <= entered
            else f" (the transfer plus a {self.buffer_weeks:g}-week buffer)"
        )
        return (
            f"moving {self.mailboxes:,} mailboxes, {self.data_tb:.1f} TB{extra}, over "
            f"{self.bandwidth_mbps:g} Mbps at {self.usable_pct:g}% takes "
            f"{transfer_time_text(self.transfer_days)} of transfer (limited by "
            f"{self.limited_by}); plan for {self.coexistence_weeks:.3g} weeks of coexistence{why}"
        )


TRANSFER_DAYS_SHOWN_MAX = 36_500.0
"""Beyond 100 years of transfer the number says nothing more (and a day count with no end,
from a link of almost nothing, must not reach ``round``)."""


def transfer_time_text(days: float) -> str:
    """``about 0.4 days``, ``about 1 day``, ``about 1,234 days``, ``more than 100 years``."""
    if not days <= TRANSFER_DAYS_SHOWN_MAX:  # also NaN and infinity
        return "more than 100 years"
    days_text = f"{days:.1f}" if days < 1 else f"{round(days):,}"
    return f"about {days_text} day{'' if days_text == '1' else 's'}"


def link_gb_per_day(bandwidth_mbps: float, usable_pct: float) -> float:
    """Mbps x usable share x 86,400 / 8 / 1,000 GB per day."""
    return bandwidth_mbps * usable_pct / 100 * SECONDS_PER_DAY / BITS_PER_BYTE / MB_PER_GB_NETWORK


def plan_migration(
    mailboxes: int,
    mailbox_gb: float,
    bandwidth_mbps: float,
    usable_pct: float,
    ingestion_gb_per_day: float,
    coexistence_weeks: float,
    extra_gb: float = 0.0,
    buffer_weeks: float = 0.0,
) -> MigrationPlan:
    """The migration plan: data = mailboxes x size + extra; days = data / min(link,
    ingestion); coexistence = max(weeks entered, days / 7 + buffer)."""
    data_gb = mailboxes * mailbox_gb + extra_gb
    link = link_gb_per_day(bandwidth_mbps, usable_pct)
    days = data_gb / min(link, ingestion_gb_per_day)
    return MigrationPlan(
        mailboxes,
        data_gb,
        link,
        ingestion_gb_per_day,
        days,
        max(coexistence_weeks, days / DAYS_PER_WEEK + buffer_weeks),
        bandwidth_mbps,
        usable_pct,
        extra_gb,
        buffer_weeks,
        coexistence_weeks,
    )


def migration_plan_of(p: Batch, index: int = 0) -> MigrationPlan:
    """The plan of one batch element: today's users and their average mailbox (year 0; with
    segments, sum N_s,0 and the user-weighted mailbox sum N_s,0 M_s,0 / sum N_s,0)."""
    tl = Timeline.of(p, 1)
    return plan_migration(
        round(float(tl.users[index, 0])),
        float(tl.mailbox_gb[index, 0]),
        float(p["current.bandwidth_mbps"][index]),
        float(p["current.usable_bandwidth_pct"][index]),
        float(p["current.ingestion_gb_per_day"][index]),
        float(p["current.coexistence_weeks"][index]),
        float(extra_data_gb(p)[index]),
        float(p["current.coexistence_buffer_weeks"][index]),
    )


def extra_data_gb(p: Batch) -> Floats:
    """Data moved besides mailboxes: public folders + PST files uploaded (not shipped on
    drives) + journal / legacy archive, GB, (B,)."""
    uploaded_pst = np.where(p["current.pst_by_drive_shipping"] == 1, 0.0, p["current.pst_gb"])
    return np.asarray(
        p["current.public_folders_gb"] + uploaded_pst + p["current.legacy_archive_gb"]
    )


def transfer_days(p: Batch, tl: Timeline) -> Floats:
    """Days of transfer for a move made in year t: (N_t x M_t + extra) / min(link,
    ingestion), (B, T)."""
    link = (
        p["current.bandwidth_mbps"]
        * p["current.usable_bandwidth_pct"]
        / 100
        * SECONDS_PER_DAY
        / BITS_PER_BYTE
        / MB_PER_GB_NETWORK
    )
    rate = np.minimum(link, p["current.ingestion_gb_per_day"])
    data = tl.users * tl.mailbox_gb + extra_data_gb(p)[:, None]
    return np.asarray(data / rate[:, None])


def coexistence_weeks(p: Batch, tl: Timeline) -> Floats:
    """Weeks both platforms run for a move made in year t: max(weeks entered, transfer days
    / 7 + buffer weeks), (B, T)."""
    needed = transfer_days(p, tl) / DAYS_PER_WEEK + p["current.coexistence_buffer_weeks"][:, None]
    return np.asarray(np.maximum(p["current.coexistence_weeks"][:, None], needed))


def move_project_cost(p: Batch, mailboxes: Floats) -> Floats:
    """mailboxes x (tool + hours x salary / 1,760) + cut-over + decommissioning
    + public-folder project (when there are public folders) + PST GB shipped x price per GB
    + archive GB x price per GB, (B, ...) for mailboxes (B, ...)."""
    shape = (-1,) + (1,) * (mailboxes.ndim - 1)

    def f(path: str) -> Floats:
        return p[path].reshape(shape)

    hourly = f("staff.salary_per_fte_year") / current.HOURS_PER_FTE_YEAR
    shipped_pst = f("current.pst_gb") * f("current.pst_by_drive_shipping")
    cost = (
        mailboxes
        * (
            f("current.migration_tool_per_mailbox")
            + f("current.migration_hours_per_mailbox") * hourly
        )
        + f("current.cutover_cost")
        + f("current.decommission_cost")
        + np.where(f("current.public_folders_gb") > 0, f("current.public_folder_project_cost"), 0.0)
        + shipped_pst * f("current.pst_drive_shipping_per_gb")
        + f("current.legacy_archive_gb") * f("current.legacy_archive_migration_per_gb")
    )
    return np.asarray(cost)


def resale_credit(p: Batch) -> Floats:
    """Minus resale share x hardware book value: the old hardware sold at the move, (B,)."""
    return np.asarray(-p["current.resale_pct_of_book"] / 100 * p["current.hardware_book_value"])


def coexistence_admin(p: Batch, tl: Timeline) -> Floats:
    """In-house administrators still running the old platform for a whole year t: share x
    in-house FTE_t x salary x salary index_t, (B, T)."""
    share = p["current.coexistence_admin_share_pct"][:, None] / 100
    salary = p["staff.salary_per_fte_year"][:, None] * tl.salary_index
    return np.asarray(share * inhouse_fte(p, tl) * salary)


def coexistence_cost(p: Batch, tl: Timeline) -> Floats:
    """Coexistence paid in year t for a move made in year t - 1: weeks_{t-1} / 52 x (a year
    of running the old servers + the administrators' share) at year t's prices, (B, T)."""
    weeks = np.zeros_like(tl.users)
    weeks[:, 1:] = coexistence_weeks(p, tl)[:, :-1]
    year = current.old_platform_running(p, tl) + coexistence_admin(p, tl)
    return np.asarray(weeks / current.WEEKS_PER_YEAR * year)


def move_now_lines(p: Batch, tl: Timeline) -> tuple[Floats, Floats, Floats]:
    """Moving in year 0 (every hosted plan): (capital, operating, residual) of the migration
    line, (B, T).

    capital: the project cost in year 0 (today's mailboxes);
    operating: coexistence in year 1, the new subscription already paid in full;
    residual: the old hardware's resale in year 0, a credit like residual value (counted in
    the TCO net of residual value, not in cash spent).
    """
    has = current.has_current(p)
    capital = tl.upfront(np.where(has, move_project_cost(p, tl.users[:, 0]), 0.0))
    residual = tl.upfront(np.where(has, resale_credit(p), 0.0))
    operating = np.zeros_like(tl.users)
    if tl.users.shape[1] > 1:
        operating[:, 1] = np.where(has & tl.operating[:, 1], coexistence_cost(p, tl)[:, 1], 0.0)
    return capital, operating, residual
