"""Summary figures of a projection: TCO, NPV, cost per user-month, break-even, warnings.

For option o over years 0..H (B, O arrays):
    TCO          = sum_t total_t (total is net of residual value or cash, per scenario)
    NPV          = sum_t total_t / (1 + r)^t
    per user     = TCO / (12 x sum_{t=1..H} users_t)
    cumulative_t = sum_{s<=t} total_s
    break-even   = first year from which in-house's cumulative cost stays at or below the
                   option's through the horizon (none when in-house never catches up);
                   "at or below" and "cheapest" allow 1e-9 of the amounts (TIE_RTOL)
    after tax    = the same TCO and NPV less the tax saved (planner.engine.tax)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine.projection import Projection
from planner.engine.tax import after_tax_total

Floats = NDArray[np.float64]
TIE_RTOL = 1e-9
"""Costs within this share of each other are equal: the same sums in another currency or
another order differ by float rounding (about 1e-15 of the total), never by this much."""


def cheapest_index(values: Floats, rtol: float = TIE_RTOL) -> NDArray[np.int64]:
    """Index of the smallest value along the last axis, ties (within ``rtol`` of the
    smallest) going to the first: options are ordered simplest first (in-house, plans, stay,
    the best mix last), so a tie never turns on float noise. All infinite: index 0."""
    values = np.asarray(values, dtype=np.float64)
    low = np.min(values, axis=-1, keepdims=True)
    slack = np.where(np.isfinite(low), rtol * np.abs(low), 0.0)
    return np.asarray(np.argmax(values <= low + slack, axis=-1), dtype=np.int64)


@dataclass(frozen=True)
class Summary:
    """Per-option summary figures, (B, O) arrays unless stated."""

    options: tuple[str, ...]
    tco: Floats
    tco_cash: Floats
    residual_value: Floats  # >= 0
    npv: Floats
    cost_per_user_month: Floats
    capex: Floats
    opex: Floats
    cumulative: Floats  # (B, O, T)
    breakeven_year: Floats  # NaN for none and for in-house itself
    fits: NDArray[np.bool_]  # option usable as is (no cap, fit or attachment problem)
    cheapest: NDArray[np.int64]  # (B,) index of the cheapest option that fits
    tco_after_tax: Floats  # TCO less the tax saved (see planner.engine.tax)
    npv_after_tax: Floats
    after_tax_view: NDArray[np.bool_]  # (B,) the scenario asks to show the after-tax figures
    plan_count: int  # hosted plans: options 1..plan_count (a stay path may follow them)

    def best_hosted(self, index: int = 0) -> int | None:
        """Option index of the cheapest hosted plan that fits, or None when none fits."""
        plans = slice(1, 1 + self.plan_count)
        tco = np.where(self.fits[index, plans], self.tco[index, plans], np.inf)
        if not np.isfinite(tco).any():
            return None
        return int(cheapest_index(tco)) + 1


def breakeven_years(cumulative: Floats, horizon: Floats) -> Floats:
    """First year t with cum_inhouse_s <= cum_option_s for every s in t..H; NaN if none."""
    t = cumulative.shape[2]
    years = np.arange(t)
    within = years[None, :] <= horizon[:, None]  # (B, T)
    inhouse = cumulative[:, :1, :]
    slack = TIE_RTOL * np.maximum(np.abs(inhouse), np.abs(cumulative)) + 1e-6
    ok = (inhouse <= cumulative + slack) | ~within[:, None, :]
    # ok_from[t] is true when ok holds for every year from t on: a reversed running AND.
    ok_from = np.flip(np.logical_and.accumulate(np.flip(ok, axis=2), axis=2), axis=2)
    first = np.argmax(ok_from & within[:, None, :], axis=2).astype(np.float64)
    found = (ok_from & within[:, None, :]).any(axis=2)
    out = np.where(found, first, np.nan)
    out[:, 0] = np.nan
    return out


def summarise(p: Projection) -> Summary:
    """Compute the summary of every option for every batch element."""
    total = p.total
    years = p.years
    discount = (1 + p.discount_rate_pct[:, None, None] / 100) ** years[None, None, :]
    user_months = 12 * np.where(years[None, :] >= 1, p.users, 0.0).sum(axis=1)
    tco = total.sum(axis=2)
    cumulative = np.cumsum(total, axis=2)
    h = p.hosted
    plan_fits = ~(
        h.over_cap.any(axis=2) | h.mailbox_unfit.any(axis=2) | h.attachment_short | h.quota_short
    )
    extra = tco.shape[1] - 1 - plan_fits.shape[1]  # the stay path, when there is one
    fits = np.concatenate(
        [
            np.ones((tco.shape[0], 1), dtype=bool),
            plan_fits,
            np.ones((tco.shape[0], extra), bool),
        ],
        axis=1,
    )
    if p.stay_index is not None and p.stay_fits is not None:
        fits[:, p.stay_index] = p.stay_fits  # staying fits when its forced move does
    if p.allowed is not None:  # a pure option puts a segment where it may not go
        everyone = np.asarray(p.allowed.all(axis=0), dtype=bool)
        fits[:, : 1 + plan_fits.shape[1]] &= everyone[None, :]
        if p.stay_index is not None:
            fits[:, p.stay_index] &= everyone[0]
    if p.mix is not None and p.mix_index is not None and np.isposinf(p.mix.best.tco):
        fits[:, p.mix_index] = False  # no placement is allowed and fits: no best mix
    cheapest = cheapest_index(np.where(fits, tco, np.inf))
    after_tax = after_tax_total(p)
    return Summary(
        options=p.options,
        tco=tco,
        tco_cash=p.total_cash.sum(axis=2),
        residual_value=-p.residual.sum(axis=2),
        npv=(total / discount).sum(axis=2),
        cost_per_user_month=tco / user_months[:, None],
        capex=p.capital.sum(axis=2),
        opex=p.operating.sum(axis=2),
        cumulative=cumulative,
        breakeven_year=breakeven_years(cumulative, p.horizon),
        fits=fits,
        cheapest=cheapest.astype(np.int64),
        tco_after_tax=after_tax.sum(axis=2),
        npv_after_tax=(after_tax / discount).sum(axis=2),
        after_tax_view=p.after_tax_view,
        plan_count=int(plan_fits.shape[1]),
    )


def _years_text(mask: NDArray[np.bool_]) -> str:
    years = [int(y) for y in np.flatnonzero(mask)]
    if len(years) > 3:
        return f"years {years[0]}-{years[-1]}"
    return ("year " if len(years) == 1 else "years ") + ", ".join(map(str, years))


def inhouse_warnings(p: Projection, index: int = 0) -> list[str]:
    """In-house notes: servers with less memory than Microsoft's method asks for."""
    needed = p.metrics["server_memory_needed_gb"][index]
    memory = p.metrics["server_memory_gb"][index]
    short = needed > memory + 1e-9
    if not short.any():
        return []
    return [
        f"each mailbox server needs about {needed.max():,.0f} GB of memory in the worst "
        f"failure mode in {_years_text(short)} but has {memory.max():,.0f} GB: add memory "
        "or servers"
    ]


def _servers(count: float) -> str:
    return f"{count:,.0f} server" + ("" if count == 1 else "s")


def edition_note(p: Projection, index: int = 0) -> str | None:
    """Which Exchange edition was kept and why, when both were priced (edition = cheapest).

    The most servers either layout needs over the operating years, and the kept edition's
    saving against the other, percent of the other's TCO."""
    if "edition_enterprise" not in p.metrics:
        return None
    operating = p.years >= 1
    enterprise = bool(p.metrics["edition_enterprise"][index, operating].max() > 0.5)
    std = float(p.metrics["servers_needed_standard"][index, operating].max())
    ent = float(p.metrics["servers_needed_enterprise"][index, operating].max())
    saving = float(p.metrics["edition_saving_pct"][index, operating].max())
    if enterprise:
        return (
            f"Enterprise edition, the cheaper over the horizon by {saving:.1f}%: Standard's "
            f"5 databases per server would need up to {_servers(std)} against {ent:,.0f}"
        )
    if std > ent:
        return (
            f"Standard edition, the cheaper over the horizon by {saving:.1f}%: Enterprise would "
            f"need up to {_servers(ent)} against {std:,.0f}, but its licences cost more"
        )
    return (
        f"Standard edition: up to {_servers(std)} either way (the 5-database limit does not "
        "drive the count), and its licences cost less"
    )


def _days(days: float) -> str:
    return f"{days:,.0f} day" + ("" if days == 1 else "s")


def inhouse_backup_note(p: Projection, index: int = 0) -> str | None:
    """Whether the backup requirement needs backups in-house, or Exchange's own deleted item
    retention meets it (none without a requirement)."""
    required = float(p.hosted.backup_required_days[index])
    native = float(p.hosted.inhouse_retention_days[index])
    if required <= 0:
        return None
    if required > native:
        return (
            f"backups priced: the {required:,.0f}-day backup requirement is longer than "
            f"Exchange's own deleted item retention ({_days(native)})"
        )
    return (
        f"Exchange's own deleted item retention ({_days(native)}) meets the "
        f"{required:,.0f}-day backup requirement: no backup needed for it"
    )


def inhouse_notes(p: Projection, index: int = 0) -> list[str]:
    """In-house notes worth knowing that are not warnings: the edition kept and why, and
    what the backup requirement asks of it."""
    notes = (edition_note(p, index), inhouse_backup_note(p, index))
    return [text for text in notes if text]
