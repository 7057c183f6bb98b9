"""The migration plan: how much mail moves, how long the transfer takes, and what it costs.

data to move (GB)     = mailboxes x mailbox size on the source (GB)
link (GB/day)         = bandwidth (Mbps) x usable share x 86,400 s / 8 bits / 1,000 MB per GB
transfer rate         = min(link, provider's ingestion rate)
transfer days         = data / transfer rate
project cost          = mailboxes x (tool per mailbox + hours per mailbox x hourly staff cost)
                        + cut-over + decommissioning
resale (a credit)     = - resale share x hardware book value, when moving now
hourly staff cost     = salary per FTE-year / 1,760 hours
coexistence           = coexistence weeks / 52 x a year of running the old servers (both paid)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine import current
from planner.engine.batch import Batch
from planner.engine.timeline import Timeline

Floats = NDArray[np.float64]
SECONDS_PER_DAY = 86_400.0
BITS_PER_BYTE = 8.0
MB_PER_GB_NETWORK = 1000.0
GB_PER_TB = 1024.0


@dataclass(frozen=True)
class MigrationPlan:
    """The data-transfer arithmetic of a move for one scenario."""

    mailboxes: int
    data_gb: float
    link_gb_per_day: float
    ingestion_gb_per_day: float
    transfer_days: float
    coexistence_weeks: float
    bandwidth_mbps: float
    usable_pct: float

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
        return (
            f"moving {self.mailboxes:,} mailboxes, {self.data_tb:.1f} TB, over "
            f"{self.bandwidth_mbps:g} Mbps at {self.usable_pct:g}% takes "
            f"{transfer_time_text(self.transfer_days)} of transfer (limited by "
            f"{self.limited_by}); plan for {self.coexistence_weeks:g} weeks of coexistence"
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
) -> MigrationPlan:
    """The migration plan: data = mailboxes x size; days = data / min(link, ingestion)."""
    data_gb = mailboxes * mailbox_gb
    link = link_gb_per_day(bandwidth_mbps, usable_pct)
    days = data_gb / min(link, ingestion_gb_per_day)
    return MigrationPlan(
        mailboxes,
        data_gb,
        link,
        ingestion_gb_per_day,
        days,
        coexistence_weeks,
        bandwidth_mbps,
        usable_pct,
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
    )


def move_project_cost(p: Batch, mailboxes: Floats) -> Floats:
    """mailboxes x (tool + hours x salary / 1,760) + cut-over + decommissioning, (B, ...)
    for mailboxes (B, ...)."""
    shape = (-1,) + (1,) * (mailboxes.ndim - 1)

    def f(path: str) -> Floats:
        return p[path].reshape(shape)

    hourly = f("staff.salary_per_fte_year") / current.HOURS_PER_FTE_YEAR
    cost = (
        mailboxes
        * (
            f("current.migration_tool_per_mailbox")
            + f("current.migration_hours_per_mailbox") * hourly
        )
        + f("current.cutover_cost")
        + f("current.decommission_cost")
    )
    return np.asarray(cost)


def resale_credit(p: Batch) -> Floats:
    """Minus resale share x hardware book value: the old hardware sold at the move, (B,)."""
    return np.asarray(-p["current.resale_pct_of_book"] / 100 * p["current.hardware_book_value"])


def coexistence_cost(p: Batch, tl: Timeline) -> Floats:
    """weeks / 52 x a year of running the old servers at year t's prices, (B, T)."""
    weeks = p["current.coexistence_weeks"][:, None] / current.WEEKS_PER_YEAR
    return weeks * current.old_platform_running(p, tl)


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
