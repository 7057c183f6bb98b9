"""Why a hosted plan fits or not, and what else to know about it, in an owner's words.

For one batch element of a projection and the scenario's plans, per plan label:

    fit reason   "" when the plan fits as is, else "does not fit: <first problem>; <next>"
                 - mailboxes outgrow the plan's mailbox (+ archive) in the first year the
                   average mailbox M_t > mailbox_gb + archive_gb
                 - more users than the cap from the first year N_t > max_users
                 - attachments limited to attachment_mb (need > attachment_mb)
                 - its mailbox below the quota needed (a segment's or the organisation's),
                   or its archive below the archive needed (one rule with the Fit analysis)
    notes        everything worth knowing, fit or not: the fit problems above, billing at
                 the minimum (N_t < min_users), the archive in use (M_t > mailbox_gb):
                 "archive add-on needed" when it is sold (price > 0), "included archive in
                  use" when it is part of the plan (price 0); "expected availability
                  estimated at 99.97% from its 99.9% SLA" when the plan publishes none; with a
                  backup requirement, whether the plan's own retention meets it or a backup
                  product is priced

The flags come from :mod:`planner.engine.hosted`; this module only words them. The wording
is the same wherever an option is named (tables, legends, reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine.projection import Projection
from planner.engine.summary import inhouse_notes, inhouse_warnings
from planner.model.scenario import Plan

NO_PLACEMENT = (
    "no placement puts every segment where it is allowed and fits (costs shown all "
    "in-house, for reference only)"
)

Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class PlanNotes:
    """One plan's fit reason ("" when it fits) and every note about it."""

    fit_reason: str
    notes: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.fit_reason


def _gb(value: float) -> str:
    return f"{value:,.0f} GB" if float(value).is_integer() else f"{value:,g} GB"


def _first_year(mask: Bools) -> int:
    """The first year flagged (the caller knows one is)."""
    return int(np.flatnonzero(mask)[0])


def _from_year(mask: Bools) -> str:
    """``in year 3`` when only one year is flagged, else ``from year 3``."""
    first = _first_year(mask)
    return f"in year {first}" if int(mask.sum()) == 1 else f"from year {first}"


def mailbox_problem(plan: Plan, unfit: Bools) -> str | None:
    """``mailboxes outgrow 100 GB in year 3`` (with the archive: ``100 GB + 50 GB archive``)."""
    if not unfit.any():
        return None
    room = _gb(plan.mailbox_gb)
    if plan.archive_gb > 0:
        room += f" + {_gb(plan.archive_gb)} archive"
    return f"mailboxes outgrow {room} {_from_year(unfit)}"


def cap_problem(plan: Plan, over_cap: Bools) -> str | None:
    """``more than 300 users from year 4``."""
    if not over_cap.any() or plan.max_users is None:
        return None
    return f"more than {plan.max_users:,} users {_from_year(over_cap)}"


def attachment_problem(
    plan: Plan, short: bool, needed_mb: float, limit_mb: float | None = None
) -> str | None:
    """``attachments limited to 25 MB (50 MB needed)``; ``limit_mb`` is the limit the plan is
    judged by (its default, or its maximum when the admin will raise it)."""
    if not short:
        return None
    limit = plan.attachment_mb if limit_mb is None else limit_mb
    text = f"attachments limited to {limit:g} MB ({needed_mb:g} MB needed)"
    if plan.max_attachment_mb > limit:
        text += f"; an admin can raise it to {plan.max_attachment_mb:g} MB"
    return text


def quota_problem(
    plan: Plan, short: bool, quota_gb: float = 0.0, archive_gb: float = 0.0
) -> str | None:
    """The plan falls short of the storage requirement (:func:`planner.engine.hosted.quota_short`:
    mailbox < quota needed, or archive < archive needed): ``its 30 GB mailbox is below the 50
    GB quota needed``; ``quota_gb`` is the largest quota asked (a segment's or the
    organisation's), ``archive_gb`` the archive asked."""
    if not short:
        return None
    if plan.mailbox_gb + 1e-9 < quota_gb:
        return f"its {_gb(plan.mailbox_gb)} mailbox is below the {_gb(quota_gb)} quota needed"
    if plan.archive_gb + 1e-9 < archive_gb:
        held = f"its {_gb(plan.archive_gb)} archive" if plan.archive_gb > 0 else "no archive"
        return f"{held}, {_gb(archive_gb)} of archive needed"
    return "its mailbox is below a segment's quota"


def archive_note(plan: Plan, used: Bools) -> str | None:
    """The archive in use: an add-on to buy, or part of the plan's price."""
    if not used.any():
        return None
    if plan.archive_price_per_user_month > 0:
        return f"archive add-on needed {_from_year(used)}"
    return f"included {_gb(plan.archive_gb)} archive in use {_from_year(used)}"


def backup_note(plan: Plan, needed: bool, required_days: float) -> str | None:
    """What the backup requirement asks of a plan: a backup product, or its own retention."""
    if required_days <= 0:
        return None
    native = plan.offers.backup_retention_days
    kept = "unknown" if native is None else f"{native:,} day" + ("" if native == 1 else "s")
    if needed:
        return (
            f"backup product priced: the {required_days:,.0f}-day backup requirement is longer "
            f"than the plan keeps deleted mail ({kept})"
        )
    return (
        f"its own retention of deleted mail ({kept}) meets the {required_days:,.0f}-day "
        "backup requirement: no backup product priced"
    )


def estimated_availability_note(plan: Plan, estimated: bool, availability_pct: float) -> str | None:
    """A plan without a published expected availability: the estimate its downtime is priced
    from (hosted.unpublished_outage_share_of_sla_pct of the outage its SLA allows)."""
    if not estimated:
        return None
    return (
        f"expected availability estimated at {round(availability_pct, 6):g}% from its "
        f"{plan.sla_pct:g}% SLA"
    )


def minimum_note(under_minimum: Bools) -> str | None:
    """Fewer users than the plan sells: billed at its minimum."""
    if not under_minimum.any():
        return None
    return f"fewer users than the plan's minimum {_from_year(under_minimum)} (billed at it)"


def not_allowed_problem(p: Projection, place: int) -> str | None:
    """``segment 'Legal' may not go here (allowed: in-house, X)`` for a pure option (place 0
    in-house, j + 1 plan j) that puts a segment outside its ``allowed`` list."""
    if p.allowed is None or p.allowed[:, place].all():
        return None
    names = [name for name, ok in zip(p.segments, p.allowed[:, place], strict=True) if not ok]
    which = ", ".join(repr(name) for name in names)
    plural = "s" if len(names) > 1 else ""
    return f"segment{plural} {which} may not go here (its allowed list or its data region)"


def plan_notes(
    p: Projection, plans: Sequence[Plan], attachment_mb_needed: float, index: int = 0
) -> dict[str, PlanNotes]:
    """Fit reason and notes of every plan of batch element ``index`` (plans in option order)."""
    h = p.hosted
    out: dict[str, PlanNotes] = {}
    for j, plan in enumerate(plans):
        problems = [
            text
            for text in (
                mailbox_problem(plan, h.mailbox_unfit[index, j]),
                cap_problem(plan, h.over_cap[index, j]),
                attachment_problem(
                    plan,
                    bool(h.attachment_short[index, j]),
                    attachment_mb_needed,
                    float(h.attachment_limit_mb[index, j]),
                ),
                quota_problem(
                    plan,
                    bool(h.quota_short[index, j]),
                    float(h.quota_needed_gb[index]),
                    float(h.archive_needed_gb[index]),
                ),
                not_allowed_problem(p, j + 1),
            )
            if text
        ]
        extras = [
            text
            for text in (
                archive_note(plan, h.archive_used[index, j] & ~h.mailbox_unfit[index, j]),
                minimum_note(h.under_minimum[index, j]),
                estimated_availability_note(
                    plan,
                    bool(h.availability_estimated[index, j]),
                    float(h.availability_pct[index, j]),
                ),
                backup_note(
                    plan, bool(h.backup_needed[index, j]), float(h.backup_required_days[index])
                ),
            )
            if text
        ]
        reason = "does not fit: " + "; ".join(problems) if problems else ""
        out[plan.label] = PlanNotes(reason, tuple(problems + extras))
    return out


def stay_problem(p: Projection, index: int = 0) -> str:
    """Why staying does not fit: no year left on today's servers, or a forced move to an
    option that does not fit."""
    if p.stay_offered is not None and not p.stay_offered[index]:
        return "today's servers have no year of life left to stay on"
    target = 0 if p.stay_target is None else int(p.stay_target[index])
    return f"its forced move goes to {p.options[target]}, which does not fit"


def option_notes(
    p: Projection, plans: Sequence[Plan], attachment_mb_needed: float, index: int = 0
) -> dict[str, list[str]]:
    """Every option's notes in the same words as the app: in-house's warnings (memory short
    of the guidance, ...) and notes (the edition kept and why), and each plan's fit problems
    and notes; options without any left out.
    The command line and the reports use this, so a plan reads the same everywhere."""
    out: dict[str, list[str]] = {}
    inhouse = [
        *filter(None, [not_allowed_problem(p, 0)]),
        *inhouse_warnings(p, index),
        *inhouse_notes(p, index),
    ]
    if inhouse:
        out[p.options[0]] = inhouse
    if p.stay_index is not None and not_allowed_problem(p, 0):
        out[p.options[p.stay_index]] = [str(not_allowed_problem(p, 0))]
    elif p.stay_index is not None and p.stay_fits is not None and not p.stay_fits[index]:
        out[p.options[p.stay_index]] = [stay_problem(p, index)]
    for label, notes in plan_notes(p, plans, attachment_mb_needed, index).items():
        if notes.notes:
            out[label] = list(notes.notes)
    if p.mix is not None and p.mix_index is not None and np.isposinf(p.mix.best.tco):
        out[p.options[p.mix_index]] = [NO_PLACEMENT]
    return out


def labelled(option: str, notes: PlanNotes | None) -> str:
    """An option's name with its fit reason: ``X (does not fit: mailboxes outgrow ...)``."""
    if notes is None or notes.fits:
        return option
    return f"{option} ({notes.fit_reason})"
