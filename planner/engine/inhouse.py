"""In-house Exchange: sizing by Microsoft's method, purchases by cohort, yearly costs.

Capacity for operating year t is bought in year t - 1 (year 0 buys for year 1). Each purchase
is a cohort that serves ``refresh_years`` years and is then replaced if still needed; capacity
is added as a step whenever the need exceeds what is in service. Licences are perpetual
(bought when the count rises, never twice) and carry a yearly subscription. All arrays are
(B, T); see :mod:`planner.engine.timeline` for the year conventions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from planner.engine import sizing
from planner.engine.batch import Batch
from planner.engine.categories import Line
from planner.engine.timeline import HOURS_PER_YEAR, Timeline

Floats = NDArray[np.float64]
EPS = 1e-9
STANDARD_DATABASES_PER_SERVER = 5.0
ENTERPRISE_DATABASES_PER_SERVER = 100.0
WINDOWS_MINIMUM_CORES = 16.0


@dataclass(frozen=True)
class Cohorts:
    """Units bought for use from each year, and units in service each year."""

    bought: Floats  # (B, T): units bought for use from year t (paid in year t - 1)
    in_service: Floats  # (B, T)
    paid: Floats  # (B, T): money paid for the cohort of year t (at year t - 1 prices)


def buy_cohorts(
    need: Floats,
    life_years: Floats,
    unit_price: Floats,
    price_index: Floats,
    operating: NDArray[np.bool_],
    step: Floats | None = None,
) -> Cohorts:
    """Buy what the need exceeds in service, cohort by cohort.

    A cohort bought for year s serves years s .. s + life - 1.
    bought_t = ceil(max(0, need_t - in service before buying) / step) x step
    paid_t = bought_t x unit price x price index of year t - 1
    """
    b, t_count = need.shape
    bought = np.zeros((b, t_count))
    in_service = np.zeros((b, t_count))
    rows = np.arange(b)
    life = life_years.astype(np.int64)
    bought_before = np.zeros((b, t_count + 1))  # [:, k] = units bought for years < k
    for t in range(1, t_count):
        first_serving = np.maximum(0, t - life + 1)
        existing = bought_before[:, t] - bought_before[rows, first_serving]
        short = np.maximum(0.0, need[:, t] - existing)
        if step is not None:
            short = np.ceil(short / step - EPS) * step
        bought[:, t] = np.where(operating[:, t], short, 0.0)
        in_service[:, t] = np.where(operating[:, t], existing + bought[:, t], 0.0)
        bought_before[:, t + 1] = bought_before[:, t] + bought[:, t]
    pay_index = np.concatenate([price_index[:, :1], price_index[:, :-1]], axis=1)
    return Cohorts(bought, in_service, bought * unit_price[:, None] * pay_index)


def capex_by_payment_year(cohorts: Cohorts) -> Floats:
    """Money for the cohort of year t lands in year t - 1."""
    out = np.zeros_like(cohorts.paid)
    out[:, :-1] = cohorts.paid[:, 1:]
    return out


def value_in_service(cohorts: Cohorts, life_years: Floats) -> Floats:
    """Purchase value of the cohorts serving each year (the base of maintenance)."""
    paid = cohorts.paid
    paid_before = np.concatenate([np.zeros((paid.shape[0], 1)), np.cumsum(paid, axis=1)], axis=1)
    t = np.arange(paid.shape[1])[None, :]
    first_serving = np.maximum(0, t - life_years.astype(np.int64)[:, None] + 1)
    value = paid_before[:, 1:] - np.take_along_axis(paid_before, first_serving, axis=1)
    return np.where(t >= 1, value, 0.0)


def residual_value(cohorts: Cohorts, life_years: Floats, horizon: Floats) -> Floats:
    """Straight-line value left at the horizon: paid x max(0, 1 - (H - s + 1) / life)."""
    s = np.arange(cohorts.paid.shape[1])[None, :]
    used = horizon[:, None] - s + 1
    left = np.clip(1 - used / life_years[:, None], 0.0, 1.0)
    value = (cohorts.paid * np.where(s <= horizon[:, None], left, 0.0)).sum(axis=1)
    return np.asarray(value, dtype=np.float64)


def running_max(x: Floats) -> Floats:
    """Licences held: the most ever needed so far."""
    return np.maximum.accumulate(x, axis=1)


def purchases_of(held: Floats) -> Floats:
    """Licences paid in year t for use from year t + 1: held_(t+1) - held_t."""
    bought = np.diff(held, axis=1, prepend=0.0)
    out = np.zeros_like(held)
    out[:, :-1] = bought[:, 1:]
    return out


@dataclass(frozen=True)
class InHouseResult:
    """Costs by line and the physical quantities behind them."""

    costs: dict[Line, Floats]
    metrics: dict[str, Floats]


def project_inhouse(batch: Batch, tl: Timeline) -> InHouseResult:
    """Project every in-house cost line over the years."""
    p = batch
    yearly, idx = tl.yearly, tl.price_index
    users, life = tl.users, p["inhouse.servers.refresh_years"]
    copies = p["inhouse.storage.database_copies"][:, None]

    # Storage by Microsoft's method (per operating year, end-of-year mailbox size).
    on_disk = sizing.mailbox_on_disk_mb(
        tl.mailbox_gb * sizing.MB_PER_GB,
        p["mail.messages_per_user_day"][:, None],
        p["mail.message_kb"][:, None],
        p["mail.deleted_item_retention_days"][:, None],
        p["inhouse.sizing.single_item_recovery_factor"][:, None],
        p["inhouse.sizing.calendar_version_factor"][:, None],
    )
    db_gb = sizing.database_copy_gb(
        users, on_disk, p["inhouse.sizing.database_overhead_pct"][:, None]
    )
    log_gb = (
        users
        * sizing.log_mb_per_mailbox_day(
            p["mail.messages_per_user_day"][:, None],
            p["mail.message_kb"][:, None],
            p["inhouse.sizing.log_mb_per_message"][:, None],
        )
        * p["inhouse.sizing.log_days"][:, None]
        / sizing.MB_PER_GB
    )
    copy_gb = sizing.volume_gb(
        db_gb,
        log_gb,
        p["inhouse.sizing.content_index_pct"][:, None],
        p["inhouse.sizing.free_space_pct"][:, None],
    )
    raid = 1 + p["inhouse.storage.raid_overhead_pct"][:, None] / 100
    disk_tb = yearly(copy_gb * copies * raid / sizing.GB_PER_TB)

    # Servers: the most of HA copies, CPU (+ spares), disk bays and databases per server.
    mc = sizing.megacycles_needed(
        users,
        p["mail.messages_per_user_day"][:, None],
        copies,
        p["inhouse.sizing.megacycles_active_per_message"][:, None],
        p["inhouse.sizing.megacycles_passive_per_message"][:, None],
    )
    per_core = sizing.megacycles_per_core(
        p["inhouse.servers.specint_per_core"], p["inhouse.sizing.baseline_specint_per_core"]
    )
    cpu_servers = (
        sizing.servers_for_cpu(
            mc,
            p["inhouse.servers.cores"][:, None],
            per_core[:, None],
            p["inhouse.servers.max_cpu_pct"][:, None],
        )
        + p["inhouse.servers.spare_servers"][:, None]
    )
    bay_servers = np.ceil(disk_tb / p["inhouse.servers.max_usable_tb"][:, None] - EPS)
    enterprise = p["inhouse.licences.edition"] == 1
    dbs_per_server = np.where(
        enterprise, ENTERPRISE_DATABASES_PER_SERVER, STANDARD_DATABASES_PER_SERVER
    )
    databases = sizing.databases_needed(db_gb, p["inhouse.sizing.max_database_gb"][:, None])
    db_servers = np.ceil(databases * copies / dbs_per_server[:, None] - EPS)
    servers_need = yearly(
        np.maximum.reduce(
            [np.broadcast_to(copies, cpu_servers.shape), cpu_servers, bay_servers, db_servers]
        )
    )

    server_price = p["inhouse.servers.price"]
    servers = buy_cohorts(servers_need, life, server_price, idx, tl.operating)
    disk = buy_cohorts(
        disk_tb,
        life,
        p["inhouse.storage.price_per_tb"],
        idx,
        tl.operating,
        step=p["inhouse.storage.step_tb"],
    )

    # Disaster recovery site and backup disk.
    level = p["inhouse.disaster_recovery.level"]
    share = (
        np.select(
            [level == 2, level == 3],
            [
                p["inhouse.disaster_recovery.warm_standby_share_pct"],
                p["inhouse.disaster_recovery.hot_site_share_pct"],
            ],
            0.0,
        )[:, None]
        / 100
    )
    dr_servers = buy_cohorts(
        np.ceil(servers_need * share - EPS), life, server_price, idx, tl.operating
    )
    dr_disk = buy_cohorts(
        disk_tb * share,
        life,
        p["inhouse.storage.price_per_tb"],
        idx,
        tl.operating,
        step=p["inhouse.storage.step_tb"],
    )
    backed_up = (level >= 1)[:, None]
    backup_tb = yearly(
        copy_gb
        / sizing.GB_PER_TB
        * p["inhouse.disaster_recovery.backup_storage_ratio"][:, None]
        * backed_up
    )
    backup_disk = buy_cohorts(
        backup_tb,
        life,
        p["inhouse.storage.price_per_tb"],
        idx,
        tl.operating,
        step=p["inhouse.storage.step_tb"],
    )

    # Licences: perpetual, bought as counts rise, plus the yearly subscription.
    cores = p["inhouse.servers.cores"]
    windows_per_server = (
        np.maximum(WINDOWS_MINIMUM_CORES, 2 * np.ceil(cores / 2))
        / WINDOWS_MINIMUM_CORES
        * p["inhouse.licences.windows_per_16_cores"]
    )
    exchange_per_server = np.where(
        enterprise,
        p["inhouse.licences.exchange_enterprise_per_server"],
        p["inhouse.licences.exchange_standard_per_server"],
    )
    per_server_licence = (exchange_per_server + windows_per_server)[:, None]
    per_user_licence = (
        p["inhouse.licences.cal_per_user"]
        + p["inhouse.licences.enterprise_cal_share_pct"]
        / 100
        * p["inhouse.licences.enterprise_cal_per_user"]
        + p["inhouse.licences.windows_cal_per_user"]
    )[:, None]
    held_servers = running_max(servers.in_service)
    held_dr_servers = running_max(dr_servers.in_service)
    held_users = running_max(np.where(tl.operating, users, 0.0))
    sub_rate = p["inhouse.licences.subscription_pct_per_year"][:, None] / 100

    # Operations of a set of servers and disk.
    kwh_per_server = p["inhouse.operations.watts_per_server"] * HOURS_PER_YEAR / 1000
    per_server_year = (
        kwh_per_server * p["inhouse.operations.pue"] * p["inhouse.operations.price_per_kwh"]
        + p["inhouse.operations.space_per_server_year"]
        + p["inhouse.operations.monitoring_per_server_year"]
    )[:, None]
    maint = p["inhouse.servers.maintenance_pct_per_year"][:, None] / 100

    def operations(server_set: Cohorts, *disks: Cohorts) -> Floats:
        value = value_in_service(server_set, life) + sum(value_in_service(d, life) for d in disks)
        return yearly((server_set.in_service * per_server_year) * idx + value * maint)

    security = p["inhouse.protection.security_per_server_year"][:, None]
    fte = np.maximum(
        p["staff.inhouse_fte_minimum"][:, None],
        users / 1000 * p["staff.inhouse_fte_per_1000_users"][:, None],
    )
    every = p["inhouse.upgrades.every_years"][:, None]
    upgrade_year = (np.mod(tl.years[None, :], every) == 0) & tl.operating
    remote = users * p["inhouse.remote_user_share_pct"][:, None] / 100
    availability = np.choose(
        level.astype(int),
        [
            p["inhouse.disaster_recovery.availability_none_pct"],
            p["inhouse.disaster_recovery.availability_backup_only_pct"],
            p["inhouse.disaster_recovery.availability_warm_standby_pct"],
            p["inhouse.disaster_recovery.availability_hot_site_pct"],
        ],
    )
    downtime = (
        tl.downtime_hours(availability)[:, None]
        * p["risk.downtime_cost_per_user_hour"][:, None]
        * users
        * idx
        * p["risk.include_downtime"][:, None]
    )
    horizon = tl.horizon

    def residual_line(*sets: Cohorts) -> Floats:
        out = np.zeros_like(users)
        value = sum(residual_value(c, life, horizon) for c in sets)
        np.put_along_axis(out, horizon.astype(int)[:, None], -np.asarray(value)[:, None], axis=1)
        return out

    costs: dict[Line, Floats] = {
        Line("hardware", "capital"): capex_by_payment_year(servers),
        Line("hardware", "residual"): residual_line(servers),
        Line("storage", "capital"): capex_by_payment_year(disk),
        Line("storage", "residual"): residual_line(disk),
        Line("licences", "capital"): (
            purchases_of(held_servers) * per_server_licence
            + purchases_of(held_users) * per_user_licence
        )
        * idx,
        Line("licences", "operating"): yearly(
            sub_rate * (held_servers * per_server_licence + held_users * per_user_licence) * idx
        ),
        Line("operations", "operating"): operations(servers, disk),
        Line("expertise", "operating"): yearly(
            fte
            * (
                p["staff.salary_per_fte_year"][:, None] * tl.salary_index
                + p["staff.training_per_fte_year"][:, None] * idx
            )
        ),
        Line("upgrades", "operating"): np.where(
            upgrade_year,
            (
                p["inhouse.upgrades.cost_fixed"][:, None]
                + p["inhouse.upgrades.cost_per_user"][:, None] * users
            )
            * idx,
            0.0,
        ),
        Line("protection", "operating"): yearly(
            (
                users * p["inhouse.protection.gateway_per_user_year"][:, None]
                + servers.in_service * security
            )
            * idx
        ),
        Line("disaster_recovery", "capital"): (
            capex_by_payment_year(dr_servers)
            + capex_by_payment_year(dr_disk)
            + capex_by_payment_year(backup_disk)
            + purchases_of(held_dr_servers) * per_server_licence * idx
        ),
        Line("disaster_recovery", "operating"): operations(dr_servers, dr_disk, backup_disk)
        + yearly(
            (
                servers.in_service
                * p["inhouse.disaster_recovery.backup_per_server_year"][:, None]
                * backed_up
                + dr_servers.in_service * security
                + sub_rate * held_dr_servers * per_server_licence
            )
            * idx
        ),
        Line("disaster_recovery", "residual"): residual_line(dr_servers, dr_disk, backup_disk),
        Line("connectivity", "operating"): yearly(
            remote
            / p["connectivity.users_per_mbps"][:, None]
            * p["connectivity.price_per_mbps_month"][:, None]
            * 12
            * idx
        ),
        Line("one_time", "capital"): tl.upfront(
            p["inhouse.build.cost_fixed"]
            + p["inhouse.build.cost_per_user"] * p["organisation.users"]
        ),
        Line("downtime_risk", "operating"): yearly(downtime),
    }
    metrics = {
        "users": users,
        "mailbox_gb": tl.mailbox_gb,
        "mailbox_on_disk_gb": yearly(on_disk / sizing.MB_PER_GB),
        "database_copy_gb": yearly(db_gb),
        "storage_need_tb": disk_tb,
        "storage_installed_tb": disk.in_service,
        "servers_cpu": yearly(cpu_servers),
        "servers_needed": servers_need,
        "servers_installed": servers.in_service,
        "dr_servers_installed": dr_servers.in_service,
        "databases": yearly(databases),
        "inhouse_fte": yearly(fte),
        "inhouse_mbps": yearly(remote / p["connectivity.users_per_mbps"][:, None]),
        "inhouse_availability_pct": yearly(np.broadcast_to(availability[:, None], users.shape)),
    }
    return InHouseResult(costs, metrics)
