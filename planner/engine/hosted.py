"""Hosted plans: per-user prices, archive add-ons and what the organisation still runs.

Arrays are (B, P, T) for P plans. A plan bills at least ``min_users``; when the average
mailbox outgrows the plan's mailbox the archive add-on is bought (if the plan has one);
users over the plan's cap, a mailbox that fits nowhere, or an attachment limit below
what the organisation needs are flagged, never silently priced as if they fitted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine.batch import Batch
from planner.engine.categories import Line
from planner.engine.timeline import Timeline

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class HostedResult:
    """Costs by line, (B, P, T) each, and the per-plan warnings."""

    costs: dict[Line, Floats]  # (B, P, T), or (B, 1, T) for lines equal for every plan
    over_cap: Bools  # (B, P, T) users above max_users
    under_minimum: Bools  # (B, P, T) users below min_users (billed at the minimum)
    archive_used: Bools  # (B, P, T) mailbox above the plan's mailbox, archive bought
    mailbox_unfit: Bools  # (B, P, T) mailbox above mailbox + archive
    attachment_short: Bools  # (B, P) plan attachment limit below the need
    fte: Floats  # (B, T)
    mbps: Floats  # (B, T)


def project_hosted(batch: Batch, tl: Timeline) -> HostedResult:
    """Project every hosted cost line for every plan."""
    p, q = batch, batch.plans
    op = tl.operating[:, None, :]
    idx = tl.price_index[:, None, :]
    users = tl.users[:, None, :]
    mailbox = tl.mailbox_gb[:, None, :]

    def yearly(x: Floats) -> Floats:
        """Zero outside operating years; keeps a (B, 1, T) line shared by all plans."""
        return np.where(op, x, 0.0)

    billed = np.maximum(users, q["min_users"][:, :, None])
    escalation = tl.hosted_price_index[:, None, :]
    plan_mailbox = q["mailbox_gb"][:, :, None]
    needs_archive = mailbox > plan_mailbox + 1e-12
    has_archive = q["archive_gb"][:, :, None] > 0
    archive_used = needs_archive & has_archive & op
    unfit = (mailbox > plan_mailbox + q["archive_gb"][:, :, None] + 1e-12) & op

    fte = np.maximum(
        p["staff.hosted_fte_minimum"][:, None],
        tl.users / 1000 * p["staff.hosted_fte_per_1000_users"][:, None],
    )
    staff = fte * (
        p["staff.salary_per_fte_year"][:, None] * tl.salary_index
        + p["staff.training_per_fte_year"][:, None] * tl.price_index
    )
    mbps = tl.users / p["connectivity.users_per_mbps"][:, None]
    link = mbps * p["connectivity.price_per_mbps_month"][:, None] * 12 * tl.price_index
    downtime = (
        tl.downtime_hours(q["sla_pct"])[:, :, None]
        * p["risk.downtime_cost_per_user_hour"][:, None, None]
        * users
        * idx
        * p["risk.include_downtime"][:, None, None]
    )
    one_time = tl.upfront(
        p["hosted.migration_fixed"] + p["hosted.migration_per_user"] * p["organisation.users"]
    )[:, None, :]
    per_user_month = 12 * idx
    costs = {
        Line("licences", "operating"): yearly(
            billed * q["price_per_user_month"][:, :, None] * 12 * escalation
        ),
        Line("storage", "operating"): yearly(
            np.where(
                archive_used,
                billed * q["archive_price_per_user_month"][:, :, None] * 12 * escalation,
                0.0,
            )
        ),
        Line("expertise", "operating"): yearly(staff[:, None, :]),
        Line("protection", "operating"): yearly(
            users * p["hosted.protection_per_user_month"][:, None, None] * per_user_month
        ),
        Line("disaster_recovery", "operating"): yearly(
            users * p["hosted.backup_per_user_month"][:, None, None] * per_user_month
        ),
        Line("connectivity", "operating"): yearly(link[:, None, :]),
        Line("one_time", "operating"): one_time,
        Line("downtime_risk", "operating"): yearly(downtime),
    }
    return HostedResult(
        costs=costs,
        over_cap=(users > q["max_users"][:, :, None]) & op,
        under_minimum=(users < q["min_users"][:, :, None]) & op,
        archive_used=archive_used,
        mailbox_unfit=unfit,
        attachment_short=q["attachment_mb"] < p["mail.attachment_mb_needed"][:, None],
        fte=tl.yearly(fte),
        mbps=tl.yearly(mbps),
    )
