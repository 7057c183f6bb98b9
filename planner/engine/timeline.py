"""The year axis every projection shares.

Year 0 is the upfront year: one-time projects and the purchases needed for year 1.
Years 1..H are operating years. Conventions (all arrays are (B, T), T = max horizon + 1):

- users in year t:  N_t = round(N_0 x (1 + g)^(t - 1)) for t >= 1, at least 1; N_0 in year 0
  (with segments, each segment's exact value, apportioned so they add up to the rounded
  total: :func:`apportioned`)
- mailbox in year t: M_t = M_0 + growth x t (the size reached by the end of year t)
- price index of year t: (1 + i)^max(t - 1, 0), so year 0 and year 1 are at today's prices
- costs after an element's own horizon are zero (``active`` mask)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from planner.engine.scenario_arrays import Batch

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


def round_half_up(x: Floats) -> Floats:
    """Spreadsheet ROUND to whole numbers: floor(x + 0.5)."""
    return np.floor(x + 0.5)


def apportioned(exact: Floats) -> Floats:
    """Whole numbers per segment (axis 1) that add up to the rounded total (largest
    remainder): each segment gets floor(x_s), and the round(sum_s x_s) - sum_s floor(x_s)
    segments with the largest remainders x_s - floor(x_s) get one more (a tie goes to the
    segment listed first). One segment: round(x), as without segments."""
    floor = np.floor(exact)
    extra = round_half_up(exact.sum(axis=1, keepdims=True)) - floor.sum(axis=1, keepdims=True)
    order = np.argsort(floor - exact, axis=1, kind="stable")  # largest remainder first
    rank = np.argsort(order, axis=1, kind="stable")
    whole: Floats = floor + (rank < extra)
    return whole


def growth_index(rate_pct: Floats, years: Floats) -> Floats:
    """(1 + rate)^max(t - 1, 0) for each batch element (rows) and year (columns)."""
    exponent = np.maximum(years - 1, 0)[None, :]
    return (1 + rate_pct[:, None] / 100) ** exponent


def segment_base(batch: Batch, name: str, fallback: str) -> Floats:
    """A segment field as (B, S), the organisation's or mail profile's value where unset;
    without segments, one column holding that value."""
    base = batch[fallback][:, None]
    if not batch.segment_labels:
        return base
    own = batch.segments[name]
    return np.where(np.isfinite(own), own, base)


def segment_users_today(batch: Batch) -> Floats:
    """N_s,0 = users, or organisation users x share / 100, (B, S)."""
    users0 = batch["organisation.users"][:, None]
    if not batch.segment_labels:
        return users0
    own = batch.segments["users"]
    return np.where(np.isfinite(own), own, users0 * batch.segments["share_pct"] / 100)


def weighted_by_users(users: Floats, values: Floats, members: Bools) -> Floats:
    """sum_s members x N_s,t x v_s,t / sum_s members x N_s,t over the segment axis (axis 1),
    (B, T); one segment's own values when there is one; 0 with no users."""
    if values.shape[1] == 1:
        return np.broadcast_to(values[:, 0], users.shape[:1] + values.shape[2:]).copy()
    weights = users * members[:, :, None]
    total = weights.sum(axis=1)
    summed = (weights * values).sum(axis=1)
    return np.where(total > 0, summed / np.where(total > 0, total, 1.0), 0.0)


@dataclass(frozen=True)
class Timeline:
    """Years, masks, headcount, mailbox size and price indices of a batch.

    Headcount, mailbox and messages are the sums (users) and user-weighted means (mailbox,
    messages) over the segments the timeline covers (``members``): every segment for the
    whole organisation, some of them for one part of a mix (:meth:`part`)."""

    years: Floats  # (T,)
    horizon: Floats  # (B,)
    active: Bools  # (B, T): 0 <= t <= H
    operating: Bools  # (B, T): 1 <= t <= H
    users: Floats  # (B, T)
    mailbox_gb: Floats  # (B, T)
    price_index: Floats  # (B, T), general inflation
    salary_index: Floats  # (B, T)
    hosted_price_index: Floats  # (B, T), plan price escalation
    messages_per_user_day: Floats  # (B, T), weighted by users
    segment_users: Floats  # (B, S, T), zero for segments outside the timeline
    segment_mailbox_gb: Floats  # (B, S, T)
    segment_messages: Floats  # (B, S, 1)
    members: Bools  # (B, S): segments the timeline covers

    @classmethod
    def of(cls, batch: Batch, years_count: int | None = None) -> Timeline:
        """Build the shared axis; ``years_count`` defaults to the longest horizon + 1."""
        horizon = batch["organisation.horizon_years"]
        count = int(horizon.max()) + 1 if years_count is None else years_count
        years = np.arange(count, dtype=np.float64)
        active = years[None, :] <= horizon[:, None]
        operating = active & (years[None, :] >= 1)
        users0 = segment_users_today(batch)
        growth = segment_base(batch, "growth_pct_per_year", "organisation.growth_pct_per_year")
        exponent = np.maximum(years - 1, 0)[None, None, :]
        grown = users0[:, :, None] * (1 + growth[:, :, None] / 100) ** exponent
        users = np.where(
            years[None, None, :] >= 1, np.maximum(1.0, apportioned(grown)), users0[:, :, None]
        )
        mailbox = (
            segment_base(batch, "mailbox_gb", "mail.mailbox_gb")[:, :, None]
            + segment_base(batch, "mailbox_growth_gb_per_year", "mail.mailbox_growth_gb_per_year")[
                :, :, None
            ]
            * years[None, None, :]
        )
        messages = segment_base(batch, "messages_per_user_day", "mail.messages_per_user_day")
        whole = cls(
            years=years,
            horizon=horizon,
            active=active,
            operating=operating,
            users=np.zeros(active.shape),
            mailbox_gb=np.zeros(active.shape),
            price_index=growth_index(batch["finance.inflation_pct_per_year"], years),
            salary_index=growth_index(batch["staff.salary_growth_pct_per_year"], years),
            hosted_price_index=growth_index(batch["hosted.price_escalation_pct_per_year"], years),
            messages_per_user_day=np.zeros(active.shape),
            segment_users=users * active[:, None, :],
            segment_mailbox_gb=mailbox * active[:, None, :],
            segment_messages=messages[:, :, None],
            members=np.ones(users0.shape, dtype=bool),
        )
        return whole.part(whole.members)

    def part(self, members: Bools) -> Timeline:
        """The timeline of the segments in ``members`` ((B, S) or (S,)) only:

        N_t = sum_s N_s,t;  M_t = sum_s N_s,t M_s,t / N_t;  messages_t likewise."""
        members = np.broadcast_to(np.asarray(members, dtype=bool), self.members.shape)
        seg_users = self.segment_users * members[:, :, None]
        both = np.broadcast_to(self.segment_messages, seg_users.shape)
        return replace(
            self,
            users=seg_users.sum(axis=1),
            mailbox_gb=weighted_by_users(seg_users, self.segment_mailbox_gb, members),
            messages_per_user_day=weighted_by_users(seg_users, both, members),
            segment_users=seg_users,
            members=members.copy(),
        )

    def yearly(self, x: Floats) -> Floats:
        """A cost that runs in each operating year (zero in year 0 and after the horizon)."""
        return np.where(self.operating, x, 0.0)

    def upfront(self, x: Floats) -> Floats:
        """A one-time cost in year 0 for each batch element, as a (B, T) array."""
        out = np.zeros(self.operating.shape)
        out[:, 0] = x
        return out

    def downtime_hours(self, availability_pct: Floats) -> Floats:
        """Expected hours without mail per year: (1 - availability) x 8,760."""
        return (1 - availability_pct / 100) * HOURS_PER_YEAR


HOURS_PER_YEAR = 8760.0
