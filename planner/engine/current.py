"""The platform an organisation already runs: servers, disk and licences in service today.

Absent (``current.platform = none``) every function here gives zeros and the engine is the
greenfield one. Otherwise today's servers and disk are a cohort bought ``age`` years before
year 1: they serve years 1 .. last, last = refresh years - age, are never paid for again and
are replaced by the ordinary cohort purchases when they retire. Arrays are (B, T) or (B, 1).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import HOURS_PER_YEAR, Timeline
from planner.model.scenario import PLATFORMS

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
SE_INDEX = float(PLATFORMS.index("exchange_se"))
HOURS_PER_FTE_YEAR = 1760.0
"""Working hours of one FTE: 220 days x 8 hours (prices staff hours per mailbox)."""
WEEKS_PER_YEAR = 52.0


def has_current(p: Batch) -> Bools:
    """An existing platform is given, (B,)."""
    return np.asarray(p["current.platform"] > 0, dtype=bool)


def is_unsupported(p: Batch) -> Bools:
    """Exchange 2016 or 2019 (out of support since 14 Oct 2025), (B,)."""
    unsupported: Bools = has_current(p) & (p["current.platform"] != SE_INDEX)
    return unsupported


def last_year_in_service(p: Batch) -> Floats:
    """Last operating year of today's hardware: max(0, refresh years - age), (B,)."""
    return np.asarray(
        np.maximum(0.0, p["inhouse.servers.refresh_years"] - p["current.server_age_years"])
    )


def serving_mask(p: Batch, tl: Timeline) -> Bools:
    """Operating years in which today's hardware still serves: 1 <= t <= last, (B, T)."""
    last = np.where(has_current(p), last_year_in_service(p), -1.0)
    return np.asarray(tl.operating & (tl.years[None, :] <= last[:, None]))


def existing_units(p: Batch, tl: Timeline, path: str) -> Floats:
    """Units of today's platform in service each year: units x serving mask, (B, T)."""
    return np.where(serving_mask(p, tl), p[path][:, None], 0.0)


def existing_value_out_of_warranty(p: Batch, tl: Timeline) -> Floats:
    """Purchase value of today's servers and disk serving and out of warranty, (B, T).

    (servers x server price + TB x price per TB) in years with t > warranty - age.
    """
    value = (
        p["current.servers"] * p["inhouse.servers.price"]
        + p["current.storage_tb"] * p["inhouse.storage.price_per_tb"]
    )[:, None]
    out_of_warranty = (
        tl.years[None, :]
        > (p["inhouse.servers.warranty_years"] - p["current.server_age_years"])[:, None]
    )
    return np.where(serving_mask(p, tl) & out_of_warranty, value, 0.0)


def existing_residual(p: Batch, tl: Timeline, units_path: str, price_path: str) -> Floats:
    """Minus today's units' value left at the horizon, in the horizon year, (B, T).

    units x price x max(0, 1 - (H + age) / refresh years): the cohort started in year 1 - age.
    """
    life = p["inhouse.servers.refresh_years"]
    left = np.clip(1 - (tl.horizon + p["current.server_age_years"]) / life, 0.0, 1.0)
    value = np.where(has_current(p), p[units_path] * p[price_path] * left, 0.0)
    out = np.zeros_like(tl.users)
    np.put_along_axis(out, tl.horizon.astype(int)[:, None], -value[:, None], axis=1)
    return out


def owned_licences(p: Batch) -> dict[str, Floats]:
    """Licences that count for the in-house (SE) path, (B, 1) each.

    Windows server licences (one per server today) and Windows CALs carry over; Exchange
    server licences and CALs count only with active SA or when already on SE (SE rule).
    """
    current = has_current(p)
    se_rights = current & (
        (p["current.licences_have_sa"] == 1) | (p["current.platform"] == SE_INDEX)
    )
    return {
        "exchange_server": np.where(se_rights, p["current.exchange_server_licences"], 0.0)[:, None],
        "windows_server": np.where(current, p["current.servers"], 0.0)[:, None],
        "exchange_cal": np.where(se_rights, p["current.cals"], 0.0)[:, None],
        "windows_cal": np.where(current, p["current.cals"], 0.0)[:, None],
    }


def server_running_per_year(p: Batch) -> Floats:
    """Power, space and monitoring of one server a year at today's prices, (B,).

    W x 8,760 / 1000 x PUE x price per kWh + space + monitoring
    """
    kwh_per_server = p["inhouse.operations.watts_per_server"] * HOURS_PER_YEAR / 1000
    return np.asarray(
        kwh_per_server * p["inhouse.operations.pue"] * p["inhouse.operations.price_per_kwh"]
        + p["inhouse.operations.space_per_server_year"]
        + p["inhouse.operations.monitoring_per_server_year"]
    )


def old_platform_running(p: Batch, tl: Timeline) -> Floats:
    """Running today's servers for a whole year t, (B, T), whatever their age:

    servers x running per server x index_t + maintenance rate x (servers x price + TB x price)
    """
    value = (
        p["current.servers"] * p["inhouse.servers.price"]
        + p["current.storage_tb"] * p["inhouse.storage.price_per_tb"]
    )
    maint = p["inhouse.servers.maintenance_pct_per_year"] / 100
    running = (p["current.servers"] * server_running_per_year(p))[:, None] * tl.price_index
    return np.where(has_current(p)[:, None], running + (maint * value)[:, None], 0.0)
