"""The year axis every projection shares.

Year 0 is the upfront year: one-time projects and the purchases needed for year 1.
Years 1..H are operating years. Conventions (all arrays are (B, T), T = max horizon + 1):

- users in year t:  N_t = round(N_0 x (1 + g)^(t - 1)) for t >= 1, at least 1; N_0 in year 0
- mailbox in year t: M_t = M_0 + growth x t (the size reached by the end of year t)
- price index of year t: (1 + i)^max(t - 1, 0), so year 0 and year 1 are at today's prices
- costs after an element's own horizon are zero (``active`` mask)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine.batch import Batch

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


def round_half_up(x: Floats) -> Floats:
    """Spreadsheet ROUND to whole numbers: floor(x + 0.5)."""
    return np.floor(x + 0.5)


def growth_index(rate_pct: Floats, years: Floats) -> Floats:
    """(1 + rate)^max(t - 1, 0) for each batch element (rows) and year (columns)."""
    exponent = np.maximum(years - 1, 0)[None, :]
    return (1 + rate_pct[:, None] / 100) ** exponent


@dataclass(frozen=True)
class Timeline:
    """Years, masks, headcount, mailbox size and price indices of a batch."""

    years: Floats  # (T,)
    horizon: Floats  # (B,)
    active: Bools  # (B, T): 0 <= t <= H
    operating: Bools  # (B, T): 1 <= t <= H
    users: Floats  # (B, T)
    mailbox_gb: Floats  # (B, T)
    price_index: Floats  # (B, T), general inflation
    salary_index: Floats  # (B, T)
    hosted_price_index: Floats  # (B, T), plan price escalation

    @classmethod
    def of(cls, batch: Batch, years_count: int | None = None) -> Timeline:
        """Build the shared axis; ``years_count`` defaults to the longest horizon + 1."""
        horizon = batch["organisation.horizon_years"]
        count = int(horizon.max()) + 1 if years_count is None else years_count
        years = np.arange(count, dtype=np.float64)
        active = years[None, :] <= horizon[:, None]
        operating = active & (years[None, :] >= 1)
        users0 = batch["organisation.users"]
        grown = users0[:, None] * growth_index(batch["organisation.growth_pct_per_year"], years)
        users = np.where(
            years[None, :] >= 1, np.maximum(1.0, round_half_up(grown)), users0[:, None]
        )
        mailbox = (
            batch["mail.mailbox_gb"][:, None]
            + batch["mail.mailbox_growth_gb_per_year"][:, None] * years[None, :]
        )
        return cls(
            years=years,
            horizon=horizon,
            active=active,
            operating=operating,
            users=users * active,
            mailbox_gb=mailbox * active,
            price_index=growth_index(batch["finance.inflation_pct_per_year"], years),
            salary_index=growth_index(batch["staff.salary_growth_pct_per_year"], years),
            hosted_price_index=growth_index(batch["hosted.price_escalation_pct_per_year"], years),
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
