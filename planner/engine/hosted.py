"""Hosted plans: per-user prices, archive add-ons and what the organisation still runs.

Arrays are (B, P, T) for P plans. A plan bills at least ``min_users``; when the average
mailbox outgrows the plan's mailbox the archive is used (an add-on bought, or included at
no cost when its price is 0); users over the plan's cap, a mailbox that fits nowhere, or an
attachment limit below what the organisation needs are flagged, never silently priced as if
they fitted. Attachments are judged by the plan's default message limit unless the admin
will raise it to the plan's maximum (``hosted.admin_raises_message_limit``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from planner.engine import current
from planner.engine.categories import Line
from planner.engine.inhouse import admin_fte, merge, working_users
from planner.engine.scenario_arrays import NATIVE_RETENTION, OWN_PRICE_HISTORY, Batch
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
    quota_short: Bools  # (B, P) plan below a segment's (or the organisation's) quota
    segment_unfit: Bools  # (B, S, P) the plan cannot hold that segment
    fte: Floats  # (B, T)
    mbps: Floats  # (B, T)
    availability_pct: Floats  # (B, P) expected availability downtime is priced from
    availability_estimated: Bools  # (B, P) estimated from the SLA (the plan publishes none)
    backup_needed: Bools  # (B, P) the backup requirement is longer than the plan's retention
    backup_required_days: Floats  # (B,) the backup requirement (0 = none)
    inhouse_retention_days: Floats  # (B,) days in-house Exchange keeps deleted mail itself
    attachment_limit_mb: Floats  # (B, P) the message size each plan is judged by
    quota_needed_gb: Floats  # (B,) the largest mailbox quota asked (a segment's or the org's)
    archive_needed_gb: Floats  # (B,) the organisation's archive requirement (0 = none)


Lines = dict[Line, Floats]


def plan_col(batch: Batch, name: str) -> Floats:
    """A plan field as (B, P, 1): broadcasts over the years."""
    return batch.plans[name][:, :, None]


def field_col(batch: Batch, path: str) -> Floats:
    """A scenario field as (B, 1, 1): broadcasts over plans and years."""
    return batch[path][:, None, None]


def operating_only(tl: Timeline, x: Floats) -> Floats:
    """Zero outside operating years; keeps a (B, 1, T) line shared by all plans."""
    return np.where(tl.operating[:, None, :], x, 0.0)


@dataclass(frozen=True)
class PlanFit:
    """How each plan fits the users the timeline covers, each year, (B, P, T) unless stated."""

    billed_users: Floats  # max(N, minimum users)
    archive_used: Bools
    archive_share: Floats  # share of the users whose mailbox needs the archive add-on
    mailbox_unfit: Bools
    over_cap: Bools
    under_minimum: Bools
    attachment_short: Bools  # (B, P)
    quota_short: Bools  # (B, P) plan below a segment's (or the organisation's) quota
    segment_unfit: Bools  # (B, S, P) the plan cannot hold that segment (mailbox, attachment, quota)
    backup_needed: Bools  # (B, P) the backup requirement is longer than the plan's retention


def segment_needs(p: Batch, name: str, fallback: str | None) -> Floats:
    """A segment's need as (B, S): its own value, else the mail profile's (0 when none)."""
    if fallback is None:
        if not p.segment_labels:
            return np.zeros((p.size, 1))
        return np.nan_to_num(p.segments[name], nan=0.0)
    base = p[fallback][:, None]
    if not p.segment_labels:
        return base
    own = p.segments[name]
    return np.where(np.isfinite(own), own, base)


QUOTA_TOLERANCE_GB = 1e-9
"""Quotas within this of each other are equal (float noise, never a real shortfall)."""


def quota_short(
    mailbox_gb: ArrayLike, archive_gb: ArrayLike, quota_gb: ArrayLike, archive_needed_gb: ArrayLike
) -> Bools:
    """The storage requirement, one rule for every surface (the main table's fit, the Fit
    analysis, the best mix): a plan falls short when its mailbox < the quota needed or its
    archive < the archive needed (0 = none needed), elementwise."""
    return np.asarray(
        (np.asarray(mailbox_gb) + QUOTA_TOLERANCE_GB < np.asarray(quota_gb))
        | (np.asarray(archive_gb) + QUOTA_TOLERANCE_GB < np.asarray(archive_needed_gb))
    )


def attachment_limit_mb(p: Batch) -> Floats:
    """The message size each plan is judged by, (B, P): its default limit, or its largest
    allowed message when the scenario says the admin will raise the limit (and it has one)."""
    default = p.plans["attachment_mb"]
    largest = p.plans["max_attachment_mb"]
    raised = (p["hosted.admin_raises_message_limit"] == 1)[:, None] & (largest > default)
    return np.asarray(np.where(raised, largest, default))


def fit_plans(p: Batch, tl: Timeline) -> PlanFit:
    """Billed users, archive use and the plan limits the covered segments run into.

    Per segment s and plan j: the archive is bought when M_s,t > plan mailbox; the segment
    does not fit when M_s,t > mailbox + archive, its attachment need > the plan's limit or the
    plan falls short of its quota (its own, else the organisation's; :func:`quota_short`).
    archive share = sum_s N_s,t [archive bought] / N_t."""
    op = tl.operating[:, None, :]
    users = tl.users[:, None, :]
    seg_users = tl.segment_users[:, :, None, :]  # (B, S, 1, T)
    present = seg_users > 0
    seg_mailbox = tl.segment_mailbox_gb[:, :, None, :]
    plan_mailbox = plan_col(p, "mailbox_gb")[:, None]  # (B, 1, P, 1)
    plan_archive = plan_col(p, "archive_gb")[:, None]
    archive_s = (seg_mailbox > plan_mailbox + 1e-12) & (plan_archive > 0) & present
    unfit_s = (seg_mailbox > plan_mailbox + plan_archive + 1e-12) & present & op[:, None]
    with_archive = (seg_users * archive_s).sum(axis=1)
    share = np.where(users > 0, with_archive / np.where(users > 0, users, 1.0), 0.0)
    attachment_s = (
        attachment_limit_mb(p)[:, None, :]
        < segment_needs(p, "attachment_mb_needed", "mail.attachment_mb_needed")[:, :, None]
    )
    quota_s = quota_short(
        p.plans["mailbox_gb"][:, None, :],
        p.plans["archive_gb"][:, None, :],
        segment_needs(p, "mailbox_quota_gb", "requirements.mailbox_quota_gb")[:, :, None],
        p["requirements.archive_gb"][:, None, None],
    )
    members = tl.members[:, :, None]
    return PlanFit(
        billed_users=np.maximum(users, plan_col(p, "min_users")),
        archive_used=(share > 0) & op,
        archive_share=share,
        mailbox_unfit=np.asarray(unfit_s.any(axis=1)),
        over_cap=(users > plan_col(p, "max_users")) & op,
        under_minimum=(users < plan_col(p, "min_users")) & op,
        attachment_short=np.asarray((attachment_s & members).any(axis=1)),
        quota_short=np.asarray((quota_s & members).any(axis=1)),
        segment_unfit=unfit_s.any(axis=3) | attachment_s | quota_s,
        backup_needed=backup_needed(p),
    )


def backup_needed(p: Batch) -> Bools:
    """A plan needs a backup product when a backup requirement R > 0 is longer than the days
    it keeps deleted mail restorable itself (unknown retention: needed), (B, P)."""
    required = p["requirements.backup_retention_days"][:, None]
    native = p.plans[NATIVE_RETENTION]
    return np.asarray((required > 0) & ~(native >= required))


def backup_lines(p: Batch, tl: Timeline, fit: PlanFit) -> Lines:
    """The backup product of a plan that needs one, on the users it covers, (B, P, T):

    N x min(per user-month, per GB-month x M_t when the provider sells one) x 12 x index
    """
    per_gb = plan_col(p, "backup_per_gb_month")
    by_gb = np.where(per_gb > 0, per_gb * tl.mailbox_gb[:, None, :], np.inf)
    per_user_month = np.minimum(field_col(p, "hosted.backup_per_user_month"), by_gb)
    cost = tl.users[:, None, :] * per_user_month * 12 * tl.price_index[:, None, :]
    return {
        Line("disaster_recovery", "operating"): operating_only(
            tl, np.where(fit.backup_needed[:, :, None], cost, 0.0)
        )
    }


def plan_price_index(p: Batch, tl: Timeline) -> Floats:
    """Each plan's price index, (B, P, T): (1 + e_j)^max(t - 1, 0) with the plan's own yearly
    change e_j where its price history gives one, else the scenario's hosted escalation."""
    own = p.plans[OWN_PRICE_HISTORY][:, :, None] == 1
    exponent = np.maximum(tl.years - 1, 0)[None, None, :]
    index = (1 + p.plans["price_escalation_pct_per_year"][:, :, None] / 100) ** exponent
    return np.asarray(np.where(own, index, tl.hosted_price_index[:, None, :]))


def subscription_lines(p: Batch, tl: Timeline, fit: PlanFit) -> Lines:
    """Billed users x price x 12 x the plan's escalation (:func:`plan_price_index`); the
    archive add-on for the share of users who need it (billed users x archive price x 12 x
    escalation x archive share); a support tier sold separately (billed users x support per
    user-month x 12 x escalation, expertise); the backup product where the plan needs one
    (:func:`backup_lines`)."""
    escalation = plan_price_index(p, tl)
    archive = fit.billed_users * plan_col(p, "archive_price_per_user_month") * 12 * escalation
    return {
        **backup_lines(p, tl, fit),
        Line("licences", "operating"): operating_only(
            tl, fit.billed_users * plan_col(p, "price_per_user_month") * 12 * escalation
        ),
        Line("storage", "operating"): operating_only(
            tl, np.where(fit.archive_used, archive * fit.archive_share, 0.0)
        ),
        Line("expertise", "operating"): operating_only(
            tl, fit.billed_users * plan_col(p, "support_per_user_month") * 12 * escalation
        ),
    }


def hosted_fte(p: Batch, tl: Timeline) -> Floats:
    """Administrators still needed, on the same scale curve as in-house, (B, T)."""
    return admin_fte(
        tl.users,
        p["staff.hosted_fte_per_1000_users"][:, None],
        p["staff.hosted_fte_minimum"][:, None],
        p["staff.fte_scale_exponent"][:, None],
    )


def hosted_mbps(p: Batch, tl: Timeline) -> Floats:
    """Internet for every user: N / users per Mbps, (B, T)."""
    return np.asarray(tl.users / p["connectivity.users_per_mbps"][:, None])


def domain_lines(p: Batch, tl: Timeline) -> Lines:
    """The mail domain's DNS hosting (connectivity) and DMARC report monitoring (protection),
    which a hosted option needs as much as in-house: per year x index, (B, T)."""
    idx = tl.price_index
    return {
        Line("connectivity", "operating"): tl.yearly(
            p["inhouse.internet.dns_hosting_per_year"][:, None] * idx
        ),
        Line("protection", "operating"): tl.yearly(
            p["inhouse.internet.dmarc_monitoring_per_year"][:, None] * idx
        ),
    }


def shared_lines(p: Batch, tl: Timeline, fte: Floats, mbps: Floats) -> Lines:
    """Lines equal for every plan: staff, protection, internet, the mail domain
    (:func:`domain_lines`), migration."""
    idx = tl.price_index[:, None, :]
    users = tl.users[:, None, :]
    staff = fte * (
        p["staff.salary_per_fte_year"][:, None] * tl.salary_index
        + p["staff.training_per_fte_year"][:, None] * tl.price_index
    )
    link = mbps * p["connectivity.price_per_mbps_month"][:, None] * 12 * tl.price_index
    per_user_month = 12 * idx
    domain = domain_lines(p, tl)
    return {
        Line("expertise", "operating"): operating_only(tl, staff[:, None, :]),
        Line("protection", "operating"): operating_only(
            tl,
            users * field_col(p, "hosted.protection_per_user_month") * per_user_month
            + domain[Line("protection", "operating")][:, None, :],
        ),
        Line("connectivity", "operating"): operating_only(
            tl, (link + domain[Line("connectivity", "operating")])[:, None, :]
        ),
        Line("one_time", "capital"): tl.upfront(greenfield_migration(p, tl))[:, None, :],
    }


def greenfield_migration(p: Batch, tl: Timeline) -> Floats:
    """fixed + per user x N_0 from a greenfield start; 0 from an existing platform, whose move
    is priced on the ``migration`` line instead (planner.engine.migration), (B,)."""
    cost = p["hosted.migration_fixed"] + p["hosted.migration_per_user"] * tl.users[:, 0]
    if current.has_current(p).any():
        cost = np.where(current.has_current(p), 0.0, cost)
    return np.asarray(cost)


def estimated_availability_pct(sla_pct: ArrayLike, outage_share_pct: ArrayLike) -> Floats:
    """Availability to expect of a plan that publishes none, from its SLA:
    100 - share / 100 x (100 - SLA) (a 99.9% SLA at a 30% share: 99.97%)."""
    share = np.asarray(outage_share_pct, dtype=np.float64)
    return np.asarray(100 - share / 100 * (100 - np.asarray(sla_pct, dtype=np.float64)))


def is_estimated(p: Batch) -> NDArray[np.bool_]:
    """Plans whose expected availability is estimated from their SLA, (B, P)."""
    return np.asarray(~np.isfinite(p.plans["expected_availability_pct"]))


def plan_availability_pct(p: Batch) -> Floats:
    """Availability to expect of each plan: its expected availability, else the estimate from
    its SLA (:func:`estimated_availability_pct`), (B, P)."""
    expected = p.plans["expected_availability_pct"]
    share = p["hosted.unpublished_outage_share_of_sla_pct"][:, None]
    return np.where(
        is_estimated(p), estimated_availability_pct(p.plans["sla_pct"], share), expected
    )


def hosted_downtime_lines(p: Batch, tl: Timeline) -> Lines:
    """(1 - expected availability) x 8,760 h x working share x cost per user-hour x N x index,
    per plan (working share: :func:`planner.engine.inhouse.working_users`).

    The SLA is a contractual floor with service credits, not the uptime to expect: every
    option's downtime is priced from its expected availability.
    """
    downtime = (
        tl.downtime_hours(plan_availability_pct(p))[:, :, None]
        * field_col(p, "risk.downtime_cost_per_user_hour")
        * working_users(p, tl)[:, None, :]
        * tl.price_index[:, None, :]
        * field_col(p, "risk.include_downtime")
    )
    return {Line("downtime_risk", "operating"): operating_only(tl, downtime)}


def project_hosted(batch: Batch, tl: Timeline) -> HostedResult:
    """Project every hosted cost line for every plan: fit, subscription, shared lines, risk."""
    fit = fit_plans(batch, tl)
    fte, mbps = hosted_fte(batch, tl), hosted_mbps(batch, tl)
    costs = merge(
        subscription_lines(batch, tl, fit),
        shared_lines(batch, tl, fte, mbps),
        hosted_downtime_lines(batch, tl),
    )
    return HostedResult(
        costs=costs,
        over_cap=fit.over_cap,
        under_minimum=fit.under_minimum,
        archive_used=fit.archive_used,
        mailbox_unfit=fit.mailbox_unfit,
        attachment_short=fit.attachment_short,
        quota_short=fit.quota_short,
        segment_unfit=fit.segment_unfit,
        fte=tl.yearly(fte),
        mbps=tl.yearly(mbps),
        availability_pct=plan_availability_pct(batch),
        availability_estimated=is_estimated(batch),
        backup_needed=fit.backup_needed,
        backup_required_days=batch["requirements.backup_retention_days"],
        inhouse_retention_days=batch["mail.deleted_item_retention_days"],
        attachment_limit_mb=attachment_limit_mb(batch),
        quota_needed_gb=segment_needs(
            batch, "mailbox_quota_gb", "requirements.mailbox_quota_gb"
        ).max(axis=1),
        archive_needed_gb=batch["requirements.archive_gb"],
    )
