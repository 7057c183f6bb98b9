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

from planner.engine import current, sizing
from planner.engine.categories import Line
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import HOURS_PER_YEAR, Timeline, segment_base

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
    existing: Floats | None = None,
) -> Cohorts:
    """Buy what the need exceeds in service, cohort by cohort.

    A cohort bought for year s serves years s .. s + life - 1; ``existing`` (B, T) are units
    already in service before year 1 (an existing platform), never paid for here.
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
        serving = bought_before[:, t] - bought_before[rows, first_serving]
        if existing is not None:
            serving = serving + existing[:, t]
        short = np.maximum(0.0, need[:, t] - serving)
        if step is not None:
            short = np.ceil(short / step - EPS) * step
        bought[:, t] = np.where(operating[:, t], short, 0.0)
        in_service[:, t] = np.where(operating[:, t], serving + bought[:, t], 0.0)
        bought_before[:, t + 1] = bought_before[:, t] + bought[:, t]
    pay_index = np.concatenate([price_index[:, :1], price_index[:, :-1]], axis=1)
    return Cohorts(bought, in_service, bought * unit_price[:, None] * pay_index)


def capex_by_payment_year(cohorts: Cohorts) -> Floats:
    """Money for the cohort of year t lands in year t - 1."""
    out = np.zeros_like(cohorts.paid)
    out[:, :-1] = cohorts.paid[:, 1:]
    return out


def value_in_service(
    cohorts: Cohorts, life_years: Floats, warranty_years: Floats | None = None
) -> Floats:
    """Purchase value of the cohorts serving each year and out of warranty (maintenance base).

    The cohort of year s serves years s .. s + life - 1 and is under warranty in years
    s .. s + warranty - 1, so year t counts the cohorts with t - life + 1 <= s <= t - warranty.
    """
    paid = cohorts.paid
    b, t_count = paid.shape
    paid_before = np.concatenate([np.zeros((b, 1)), np.cumsum(paid, axis=1)], axis=1)
    t = np.arange(t_count)[None, :]
    first_serving = np.maximum(0, t - life_years.astype(np.int64)[:, None] + 1)
    warranty = np.zeros(b) if warranty_years is None else warranty_years
    last_out_of_warranty = t - warranty.astype(np.int64)[:, None]
    end = np.clip(last_out_of_warranty + 1, first_serving, t + 1)
    value = np.take_along_axis(paid_before, end, axis=1) - np.take_along_axis(
        paid_before, first_serving, axis=1
    )
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


def purchases_of(held: Floats, owned: Floats | float = 0.0) -> Floats:
    """Licences paid in year t for use from year t + 1: held_(t+1) - held_t, where
    held = max(held, owned) and held before year 1 = owned (licences already owned)."""
    if not np.isscalar(owned) or owned != 0.0:
        held = np.maximum(held, owned)
    prepend = np.broadcast_to(np.asarray(owned, dtype=np.float64), (held.shape[0], 1))
    bought = np.diff(held, axis=1, prepend=prepend)
    out = np.zeros_like(held)
    out[:, :-1] = bought[:, 1:]
    return out


Lines = dict[Line, Floats]


@dataclass(frozen=True)
class InHouseResult:
    """Costs by line and the physical quantities behind them."""

    costs: Lines
    metrics: dict[str, Floats]


def col(batch: Batch, path: str) -> Floats:
    """A scenario field as a (B, 1) column that broadcasts over the years."""
    return batch[path][:, None]


@dataclass(frozen=True)
class StorageNeed:
    """Microsoft's storage sizing, per operating year (B, T)."""

    on_disk_mb: Floats  # one mailbox on disk
    database_copy_gb: Floats  # one copy of every database
    volume_gb: Floats  # disk one copy of the databases needs (index, logs, free space)
    disk_tb: Floats  # disk bought for all copies, with RAID


def size_storage(p: Batch, tl: Timeline) -> StorageNeed:
    """on disk = M + whitespace + dumpster; DB = N x on disk x (1 + overhead); volume; disk."""
    messages, kb = tl.messages_per_user_day, col(p, "mail.message_kb")
    on_disk = sizing.mailbox_on_disk_mb(
        tl.mailbox_gb * sizing.MB_PER_GB,
        messages,
        kb,
        col(p, "mail.deleted_item_retention_days"),
        col(p, "inhouse.sizing.single_item_recovery_factor"),
        col(p, "inhouse.sizing.calendar_version_factor"),
    )
    db_gb = sizing.database_copy_gb(
        tl.users, on_disk, col(p, "inhouse.sizing.database_overhead_pct")
    )
    log_mb_per_day = sizing.log_mb_per_mailbox_day(
        messages, kb, col(p, "inhouse.sizing.log_mb_per_message")
    )
    log_gb = tl.users * log_mb_per_day * col(p, "inhouse.sizing.log_days") / sizing.MB_PER_GB
    copy_gb = sizing.volume_gb(
        db_gb,
        log_gb,
        col(p, "inhouse.sizing.content_index_pct"),
        col(p, "inhouse.sizing.free_space_pct"),
    )
    copies = col(p, "inhouse.storage.database_copies")
    raid = 1 + col(p, "inhouse.storage.raid_overhead_pct") / 100
    disk_tb = tl.yearly(copy_gb * copies * raid / sizing.GB_PER_TB)
    return StorageNeed(on_disk, db_gb, copy_gb, disk_tb)


@dataclass(frozen=True)
class ServerNeed:
    """Servers the primary site needs each year, and what drives the count (B, T)."""

    cpu_servers: Floats  # for CPU, spares included
    databases: Floats
    servers: Floats  # the most of copies, CPU, disk bays and databases per server


def size_servers(p: Batch, tl: Timeline, storage: StorageNeed) -> ServerNeed:
    """Servers = max(CPU servers in the worst failure mode + spares, disk bays,
    databases x copies / databases per server); CPU servers are at least one per copy."""
    copies = col(p, "inhouse.storage.database_copies")
    per_core = sizing.megacycles_per_core(
        p["inhouse.servers.specint_per_core"], p["inhouse.sizing.baseline_specint_per_core"]
    )
    capacity = (p["inhouse.servers.cores"] * per_core * p["inhouse.servers.max_cpu_pct"] / 100)[
        :, None
    ]
    cpu_servers = sizing.servers_for_worst_failure(
        tl.users,
        tl.messages_per_user_day,
        copies,
        capacity,
        col(p, "inhouse.sizing.megacycles_active_per_message"),
        col(p, "inhouse.sizing.megacycles_passive_per_message"),
    ) + col(p, "inhouse.servers.spare_servers")
    bay_servers = np.ceil(storage.disk_tb / col(p, "inhouse.servers.max_usable_tb") - EPS)
    databases = sizing.databases_needed(
        storage.database_copy_gb, col(p, "inhouse.sizing.max_database_gb")
    )
    db_servers = np.ceil(databases * copies / databases_per_server(p)[:, None] - EPS)
    servers = tl.yearly(np.maximum.reduce([cpu_servers, bay_servers, db_servers]))
    return ServerNeed(cpu_servers, databases, servers)


def server_memory_needed_gb(p: Batch, tl: Timeline, servers: Floats) -> Floats:
    """Memory one server needs in the worst failure mode (C - 1 servers down), GB, (B, T).

    active per survivor = N / (S - C + 1); cache = active x cache MB per 50 messages
    x messages / 50; memory = cache / cache share of memory / 1024
    """
    copies = col(p, "inhouse.storage.database_copies")
    survivors = np.maximum(servers - copies + 1, 1.0)
    cache_mb = (
        tl.users
        / survivors
        * col(p, "inhouse.sizing.cache_mb_per_mailbox_per_50_messages")
        * tl.messages_per_user_day
        / 50
    )
    share = col(p, "inhouse.sizing.cache_share_of_memory_pct") / 100
    return tl.yearly(cache_mb / share / sizing.MB_PER_GB)


EDITION = "inhouse.licences.edition"
STANDARD, ENTERPRISE, CHEAPEST = 0.0, 1.0, 2.0
"""Indices of ``inhouse.licences.edition``: standard, enterprise, cheapest (both priced)."""


def is_enterprise(p: Batch) -> NDArray[np.bool_]:
    """Enterprise edition chosen, (B,)."""
    return np.asarray(p[EDITION] == ENTERPRISE)


def databases_per_server(p: Batch) -> Floats:
    """Databases one server mounts: 5 for Standard, 100 for Enterprise, (B,)."""
    return np.where(
        is_enterprise(p), ENTERPRISE_DATABASES_PER_SERVER, STANDARD_DATABASES_PER_SERVER
    )


@dataclass(frozen=True)
class Fleet:
    """Hardware bought by cohort: primary servers and disk, DR site, backup disk."""

    servers: Cohorts
    disk: Cohorts
    dr_servers: Cohorts
    dr_disk: Cohorts
    backup_disk: Cohorts


def dr_site_share(p: Batch) -> Floats:
    """Second-site size as a fraction of the primary: warm or hot share, else 0, (B, 1)."""
    level = p["inhouse.disaster_recovery.level"]
    share = np.select(
        [level == 2, level == 3],
        [
            p["inhouse.disaster_recovery.warm_standby_share_pct"],
            p["inhouse.disaster_recovery.hot_site_share_pct"],
        ],
        0.0,
    )
    return np.asarray(share[:, None] / 100)


def backup_needed(p: Batch) -> NDArray[np.bool_]:
    """The backup requirement R > 0 is longer than the days Exchange itself keeps deleted
    mail restorable (deleted item retention with single item recovery), (B,)."""
    required = p["requirements.backup_retention_days"]
    return np.asarray((required > 0) & (required > p["mail.deleted_item_retention_days"]))


def is_backed_up(p: Batch) -> NDArray[np.bool_]:
    """Backups run at every DR level from backup_only up, and wherever the backup requirement
    needs them (:func:`backup_needed`), (B, 1)."""
    level = p["inhouse.disaster_recovery.level"] >= 1
    return np.asarray((level | backup_needed(p))[:, None])


def buy_fleet(p: Batch, tl: Timeline, storage: StorageNeed, need: ServerNeed) -> Fleet:
    """Buy servers and disk by cohort for the primary site, the DR site and backups."""
    life, idx, operating = p["inhouse.servers.refresh_years"], tl.price_index, tl.operating
    server_price, tb_price = p["inhouse.servers.price"], p["inhouse.storage.price_per_tb"]
    step = p["inhouse.storage.step_tb"]
    share = dr_site_share(p)
    backup_tb = tl.yearly(
        storage.volume_gb
        / sizing.GB_PER_TB
        * col(p, "inhouse.disaster_recovery.backup_storage_ratio")
        * is_backed_up(p)
    )
    return Fleet(
        servers=buy_cohorts(
            need.servers,
            life,
            server_price,
            idx,
            operating,
            existing=current.existing_units(p, tl, "current.servers"),
        ),
        disk=buy_cohorts(
            storage.disk_tb,
            life,
            tb_price,
            idx,
            operating,
            step=step,
            existing=current.existing_units(p, tl, "current.storage_tb"),
        ),
        dr_servers=buy_cohorts(
            np.ceil(need.servers * share - EPS), life, server_price, idx, operating
        ),
        dr_disk=buy_cohorts(storage.disk_tb * share, life, tb_price, idx, operating, step=step),
        backup_disk=buy_cohorts(backup_tb, life, tb_price, idx, operating, step=step),
    )


@dataclass(frozen=True)
class Infrastructure:
    """Servers the layout needs besides mailbox servers, bought by cohort."""

    witness: Cohorts  # a file share witness when the site holds 2 or more copies
    load_balancer: Cohorts  # client access load balancing when 2 or more servers
    directory: Cohorts  # domain controllers bought for mail alone


def buy_infrastructure(p: Batch, tl: Timeline, need: ServerNeed) -> Infrastructure:
    """witness = 1 if copies >= 2; load balancer = 1 if servers >= 2; directory servers.

    From an existing platform these are in place while today's servers serve (years
    1 .. last) and are bought, like the servers, when they retire."""
    life, idx, op = p["inhouse.servers.refresh_years"], tl.price_index, tl.operating
    small_server = p["inhouse.layout.witness_server_price"]
    has_dag = col(p, "inhouse.storage.database_copies") >= 2
    witness_need = tl.yearly(np.broadcast_to(has_dag, need.servers.shape).astype(np.float64))
    lb_need = tl.yearly((need.servers >= 2).astype(np.float64))
    dc_need = tl.yearly(np.broadcast_to(col(p, "inhouse.layout.directory_servers"), lb_need.shape))
    serving = current.serving_mask(p, tl)

    def owned(units: Floats) -> Floats | None:
        return np.where(serving, units, 0.0) if serving.any() else None

    lb_price = p["inhouse.layout.load_balancer_price"]
    return Infrastructure(
        witness=buy_cohorts(
            witness_need, life, small_server, idx, op, existing=owned(witness_need)
        ),
        load_balancer=buy_cohorts(lb_need, life, lb_price, idx, op, existing=owned(lb_need)),
        directory=buy_cohorts(dc_need, life, small_server, idx, op, existing=owned(dc_need)),
    )


def residual_line(tl: Timeline, life: Floats, *sets: Cohorts) -> Floats:
    """Minus the value the cohorts still have, in each element's horizon year."""
    out = np.zeros_like(tl.users)
    value = sum(residual_value(c, life, tl.horizon) for c in sets)
    np.put_along_axis(out, tl.horizon.astype(int)[:, None], -np.asarray(value)[:, None], axis=1)
    return out


def hardware_lines(p: Batch, tl: Timeline, fleet: Fleet) -> Lines:
    """Primary servers and disk: purchases in the year before use, residual at the horizon."""
    life = p["inhouse.servers.refresh_years"]
    return {
        Line("hardware", "capital"): capex_by_payment_year(fleet.servers),
        Line("hardware", "residual"): residual_line(tl, life, fleet.servers)
        + current.existing_residual(p, tl, "current.servers", "inhouse.servers.price"),
        Line("storage", "capital"): capex_by_payment_year(fleet.disk),
        Line("storage", "residual"): residual_line(tl, life, fleet.disk)
        + current.existing_residual(p, tl, "current.storage_tb", "inhouse.storage.price_per_tb"),
    }


def infrastructure_lines(p: Batch, tl: Timeline, infra: Infrastructure) -> Lines:
    """Witness, load balancer and domain controllers: hardware bought by cohort, residual."""
    life = p["inhouse.servers.refresh_years"]
    sets = (infra.witness, infra.load_balancer, infra.directory)
    return {
        Line("hardware", "capital"): sum(
            (capex_by_payment_year(c) for c in sets), np.zeros_like(tl.users)
        ),
        Line("hardware", "residual"): residual_line(tl, life, *sets),
    }


def internet_lines(p: Batch, tl: Timeline) -> Lines:
    """Public IPs (reverse DNS included) and DNS hosting under connectivity; TLS certificate,
    DKIM signing and DMARC monitoring under protection; their set-up once in year 0 on a
    greenfield build (an organisation already on Exchange has it in place).

    connectivity += (IPs x price per IP-month x 12 + DNS per year) x index
    protection += (certificate + DKIM signing + DMARC monitoring per year) x index
    """
    idx = tl.price_index
    ips = col(p, "inhouse.internet.public_ip_count") * col(
        p, "inhouse.internet.price_per_public_ip_month"
    )
    return {
        Line("connectivity", "operating"): tl.yearly(
            (ips * 12 + col(p, "inhouse.internet.dns_hosting_per_year")) * idx
        ),
        Line("protection", "operating"): tl.yearly(
            (
                col(p, "inhouse.internet.tls_certificate_per_year")
                + col(p, "inhouse.internet.mail_authentication_per_year")
                + col(p, "inhouse.internet.dmarc_monitoring_per_year")
            )
            * idx
        ),
        Line("one_time", "capital"): tl.upfront(
            np.where(current.has_current(p), 0.0, p["inhouse.internet.mail_authentication_setup"])
        ),
    }


@dataclass(frozen=True)
class LicencePrices:
    """Perpetual licence prices, per server and per user, (B, 1)."""

    exchange_per_server: Floats  # the Exchange edition's server licence
    windows_per_server: Floats  # Windows Server for the server's cores
    exchange_per_user: Floats  # Exchange CAL + Enterprise CAL share
    windows_per_user: Floats  # Windows CAL

    @property
    def per_server(self) -> Floats:
        """Exchange + Windows per server."""
        return self.exchange_per_server + self.windows_per_server

    @property
    def per_user(self) -> Floats:
        """Exchange CALs + Windows CAL per user."""
        return self.exchange_per_user + self.windows_per_user


def licence_prices(p: Batch) -> LicencePrices:
    """Windows per server = max(16, 2 ceil(cores / 2)) / 16 x price per 16 cores; Windows CAL
    per user = 0 when users already hold one (Active Directory in place), else its price."""
    cores = p["inhouse.servers.cores"]
    windows_per_server = (
        np.maximum(WINDOWS_MINIMUM_CORES, 2 * np.ceil(cores / 2))
        / WINDOWS_MINIMUM_CORES
        * p["inhouse.licences.windows_per_16_cores"]
    )
    exchange_per_server = np.where(
        is_enterprise(p),
        p["inhouse.licences.exchange_enterprise_per_server"],
        p["inhouse.licences.exchange_standard_per_server"],
    )
    exchange_per_user = (
        p["inhouse.licences.cal_per_user"]
        + p["inhouse.licences.enterprise_cal_share_pct"]
        / 100
        * p["inhouse.licences.enterprise_cal_per_user"]
    )
    owned = p["inhouse.licences.windows_cals_owned"] == 1
    windows_per_user = np.where(owned, 0.0, p["inhouse.licences.windows_cal_per_user"])
    return LicencePrices(
        exchange_per_server[:, None],
        windows_per_server[:, None],
        exchange_per_user[:, None],
        windows_per_user[:, None],
    )


def subscription_base(
    p: Batch, prices: LicencePrices, servers: Floats, users: Floats | float
) -> Floats:
    """Licence value under subscription in a year: the licences in use that year.

    servers x (Exchange + [Windows if Windows SA]) + users x (Exchange CALs + [Windows CAL])
    """
    windows = col(p, "inhouse.licences.windows_software_assurance")
    return servers * (prices.exchange_per_server + windows * prices.windows_per_server) + users * (
        prices.exchange_per_user + windows * prices.windows_per_user
    )


def licence_purchases(
    p: Batch, held_servers: Floats, held_users: Floats, prices: LicencePrices
) -> Floats:
    """Licences paid each year at today's prices, less those already owned (greenfield: none).

    greenfield: new server licences x (Exchange + Windows) + new users x (CALs)
    existing: each licence kind bought only above the count owned (planner.engine.current)
    """
    if not current.has_current(p).any():
        return (
            purchases_of(held_servers) * prices.per_server
            + purchases_of(held_users) * prices.per_user
        )
    owned = current.owned_licences(p)
    return (
        purchases_of(held_servers, owned["exchange_server"]) * prices.exchange_per_server
        + purchases_of(held_servers, owned["windows_server"]) * prices.windows_per_server
        + purchases_of(held_users, owned["exchange_cal"]) * prices.exchange_per_user
        + purchases_of(held_users, owned["windows_cal"]) * prices.windows_per_user
    )


def licence_lines(p: Batch, tl: Timeline, fleet: Fleet, prices: LicencePrices) -> Lines:
    """Perpetual licences bought as counts rise (never twice);
    subscription = rate x licences in use that year x index."""
    idx = tl.price_index
    held_servers = running_max(fleet.servers.in_service)
    held_users = running_max(np.where(tl.operating, tl.users, 0.0))
    sub_rate = col(p, "inhouse.licences.subscription_pct_per_year") / 100
    in_use = subscription_base(p, prices, fleet.servers.in_service, tl.users)
    return {
        Line("licences", "capital"): licence_purchases(p, held_servers, held_users, prices) * idx,
        Line("licences", "operating"): tl.yearly(sub_rate * in_use * idx),
    }


def running_cost(p: Batch, tl: Timeline, servers: Cohorts, *disks: Cohorts) -> Floats:
    """Operations of a set of servers and disk, per operating year.

    servers x (W x 8,760 / 1000 x PUE x price/kWh + space + monitoring) x index
    + maintenance rate x purchase value in service and out of warranty
    """
    life = p["inhouse.servers.refresh_years"]
    kwh_per_server = p["inhouse.operations.watts_per_server"] * HOURS_PER_YEAR / 1000
    per_server_year = (
        kwh_per_server * p["inhouse.operations.pue"] * p["inhouse.operations.price_per_kwh"]
        + p["inhouse.operations.space_per_server_year"]
        + p["inhouse.operations.monitoring_per_server_year"]
    )[:, None]
    maint = col(p, "inhouse.servers.maintenance_pct_per_year") / 100
    warranty = p["inhouse.servers.warranty_years"]
    value = value_in_service(servers, life, warranty) + sum(
        value_in_service(d, life, warranty) for d in disks
    )
    return tl.yearly((servers.in_service * per_server_year) * tl.price_index + value * maint)


def operations_lines(p: Batch, tl: Timeline, fleet: Fleet) -> Lines:
    """Power, space, monitoring and maintenance of the primary site (today's servers included:
    maintenance rate x their purchase value once out of warranty)."""
    maint = col(p, "inhouse.servers.maintenance_pct_per_year") / 100
    existing = tl.yearly(maint * current.existing_value_out_of_warranty(p, tl))
    return {
        Line("operations", "operating"): running_cost(p, tl, fleet.servers, fleet.disk) + existing
    }


def admin_fte(
    users: Floats, fte_at_1000_users: Floats, minimum_fte: Floats, exponent: Floats
) -> Floats:
    """Administrators: max(minimum, FTE at 1,000 users x (N / 1,000) ^ exponent).

    An exponent below 1 is the economy of scale: 5,000 users at 1 FTE per 1,000 and 0.8 need
    5 ^ 0.8 = 3.62 FTE; exponent 1 is the linear rule (FTE per 1,000 users x N / 1,000).
    """
    return np.maximum(minimum_fte, fte_at_1000_users * (users / 1000) ** exponent)


def inhouse_fte(p: Batch, tl: Timeline) -> Floats:
    """In-house administrators by year, (B, T)."""
    return admin_fte(
        tl.users,
        col(p, "staff.inhouse_fte_per_1000_users"),
        col(p, "staff.inhouse_fte_minimum"),
        col(p, "staff.fte_scale_exponent"),
    )


def staff_lines(p: Batch, tl: Timeline, fte: Floats) -> Lines:
    """FTE x (salary x salary index + training x price index)."""
    return {
        Line("expertise", "operating"): tl.yearly(
            fte
            * (
                col(p, "staff.salary_per_fte_year") * tl.salary_index
                + col(p, "staff.training_per_fte_year") * tl.price_index
            )
        )
    }


def protection_lines(p: Batch, tl: Timeline, fleet: Fleet) -> Lines:
    """(N x gateway per user + servers x security per server) x index."""
    return {
        Line("protection", "operating"): tl.yearly(
            (
                tl.users * col(p, "inhouse.protection.gateway_per_user_year")
                + fleet.servers.in_service * col(p, "inhouse.protection.security_per_server_year")
            )
            * tl.price_index
        )
    }


def dr_lines(p: Batch, tl: Timeline, fleet: Fleet, prices: LicencePrices) -> Lines:
    """Second site and backups: purchases, server licences, running costs, residual."""
    idx, life = tl.price_index, p["inhouse.servers.refresh_years"]
    held_dr_servers = running_max(fleet.dr_servers.in_service)
    sub_rate = col(p, "inhouse.licences.subscription_pct_per_year") / 100
    dr_sets = (fleet.dr_servers, fleet.dr_disk, fleet.backup_disk)
    return {
        Line("disaster_recovery", "capital"): (
            capex_by_payment_year(fleet.dr_servers)
            + capex_by_payment_year(fleet.dr_disk)
            + capex_by_payment_year(fleet.backup_disk)
            + purchases_of(held_dr_servers) * prices.per_server * idx
        ),
        Line("disaster_recovery", "operating"): running_cost(p, tl, *dr_sets)
        + tl.yearly(
            (
                fleet.servers.in_service
                * col(p, "inhouse.disaster_recovery.backup_per_server_year")
                * is_backed_up(p)
                + fleet.dr_servers.in_service
                * col(p, "inhouse.protection.security_per_server_year")
                + sub_rate * subscription_base(p, prices, fleet.dr_servers.in_service, 0.0)
            )
            * idx
        ),
        Line("disaster_recovery", "residual"): residual_line(tl, life, *dr_sets),
    }


def inhouse_availability_pct(p: Batch) -> Floats:
    """Expected availability of the chosen DR level, (B,)."""
    return np.choose(
        p["inhouse.disaster_recovery.level"].astype(int),
        [
            p["inhouse.disaster_recovery.availability_none_pct"],
            p["inhouse.disaster_recovery.availability_backup_only_pct"],
            p["inhouse.disaster_recovery.availability_warm_standby_pct"],
            p["inhouse.disaster_recovery.availability_hot_site_pct"],
        ],
    )


def working_share_pct(p: Batch) -> Floats:
    """Share of outage hours in working time per segment, the organisation's where a segment
    sets none, (B, S) (one column without segments)."""
    return segment_base(p, "working_hours_share_pct", "risk.working_hours_share_pct")


def working_users(p: Batch, tl: Timeline) -> Floats:
    """Users whose outage hours cost work: sum_s N_s,t x working share_s / 100 over the
    segments the timeline covers, (B, T).

    Outages fall at any hour and the cost per user-hour is a working-hour figure, so only the
    working share of the outage hours is priced, for every option alike."""
    weighted: Floats = (tl.segment_users * working_share_pct(p)[:, :, None]).sum(axis=1) / 100
    return weighted


def downtime_lines(p: Batch, tl: Timeline, availability_pct: Floats) -> Lines:
    """(1 - availability) x 8,760 h x working share x cost per user-hour x N x index, when
    counted (:func:`working_users`)."""
    downtime = (
        tl.downtime_hours(availability_pct)[:, None]
        * col(p, "risk.downtime_cost_per_user_hour")
        * working_users(p, tl)
        * tl.price_index
        * col(p, "risk.include_downtime")
    )
    return {Line("downtime_risk", "operating"): tl.yearly(downtime)}


def remote_mbps(p: Batch, tl: Timeline) -> Floats:
    """Internet for remote users: N x remote share / users per Mbps, (B, T)."""
    remote = tl.users * col(p, "inhouse.remote_user_share_pct") / 100
    return np.asarray(remote / col(p, "connectivity.users_per_mbps"))


def connectivity_lines(p: Batch, tl: Timeline) -> Lines:
    """N x remote share / users per Mbps x price per Mbps-month x 12 x index."""
    return {
        Line("connectivity", "operating"): tl.yearly(
            remote_mbps(p, tl) * col(p, "connectivity.price_per_mbps_month") * 12 * tl.price_index
        )
    }


def upgrade_lines(p: Batch, tl: Timeline) -> Lines:
    """An upgrade project in every every_years-th operating year t: (fixed + per user x N_t)
    x index, capital; it serves years t + 1 .. t + every, so the part serving years past the
    horizon is credited at the horizon like residual value: cost x max(0, 1 - (H - t) / every).
    """
    every = col(p, "inhouse.upgrades.every_years")
    upgrade_year = (np.mod(tl.years[None, :], every) == 0) & tl.operating
    cost = (
        col(p, "inhouse.upgrades.cost_fixed") + col(p, "inhouse.upgrades.cost_per_user") * tl.users
    ) * tl.price_index
    paid = np.where(upgrade_year, cost, 0.0)
    served_in_horizon = (tl.horizon[:, None] - tl.years[None, :]) / every
    left = (paid * np.clip(1 - served_in_horizon, 0.0, 1.0)).sum(axis=1)
    residual = np.zeros_like(paid)
    np.put_along_axis(residual, tl.horizon.astype(int)[:, None], -left[:, None], axis=1)
    return {Line("upgrades", "capital"): paid, Line("upgrades", "residual"): residual}


def build_lines(p: Batch, tl: Timeline) -> Lines:
    """One-time project in year 0: the build, fixed + per user x N_0; on an existing 2016 /
    2019 platform the in-place upgrade to SE instead (an upgrade project: fixed + per user
    x N_0); already on SE, none."""
    users0 = tl.users[:, 0]
    build = p["inhouse.build.cost_fixed"] + p["inhouse.build.cost_per_user"] * users0
    if current.has_current(p).any():
        upgrade = p["inhouse.upgrades.cost_fixed"] + p["inhouse.upgrades.cost_per_user"] * users0
        build = np.where(
            current.has_current(p), np.where(current.is_unsupported(p), upgrade, 0.0), build
        )
    return {Line("one_time", "capital"): tl.upfront(build)}


def merge(*parts: Lines) -> Lines:
    """All steps' cost lines in one dict; a line two steps share is summed."""
    out: Lines = {}
    for part in parts:
        for line, values in part.items():
            out[line] = out[line] + values if line in out else values
    return out


def project_edition(batch: Batch, tl: Timeline) -> InHouseResult:
    """Project every in-house cost line over the years, step by step (README methodology),
    for the edition each element names (standard or enterprise)."""
    storage = size_storage(batch, tl)
    need = size_servers(batch, tl, storage)
    fleet = buy_fleet(batch, tl, storage, need)
    infra = buy_infrastructure(batch, tl, need)
    prices = licence_prices(batch)
    fte = inhouse_fte(batch, tl)
    availability = inhouse_availability_pct(batch)
    costs = merge(
        hardware_lines(batch, tl, fleet),
        infrastructure_lines(batch, tl, infra),
        licence_lines(batch, tl, fleet, prices),
        operations_lines(batch, tl, fleet),
        staff_lines(batch, tl, fte),
        upgrade_lines(batch, tl),
        protection_lines(batch, tl, fleet),
        dr_lines(batch, tl, fleet, prices),
        connectivity_lines(batch, tl),
        internet_lines(batch, tl),
        build_lines(batch, tl),
        downtime_lines(batch, tl, availability),
    )
    metrics = {
        "users": tl.users,
        "mailbox_gb": tl.mailbox_gb,
        "mailbox_on_disk_gb": tl.yearly(storage.on_disk_mb / sizing.MB_PER_GB),
        "database_copy_gb": tl.yearly(storage.database_copy_gb),
        "storage_need_tb": storage.disk_tb,
        "storage_installed_tb": fleet.disk.in_service,
        "servers_cpu": tl.yearly(need.cpu_servers),
        "servers_needed": need.servers,
        "servers_installed": fleet.servers.in_service,
        "server_memory_needed_gb": server_memory_needed_gb(batch, tl, need.servers),
        "server_memory_gb": tl.yearly(
            np.broadcast_to(col(batch, "inhouse.servers.memory_gb"), tl.users.shape)
        ),
        "dr_servers_installed": fleet.dr_servers.in_service,
        "databases": tl.yearly(need.databases),
        "inhouse_fte": tl.yearly(fte),
        "inhouse_mbps": tl.yearly(remote_mbps(batch, tl)),
        "inhouse_availability_pct": tl.yearly(
            np.broadcast_to(availability[:, None], tl.users.shape)
        ),
    }
    return InHouseResult(costs, metrics)


def tco_on_basis(p: Batch, costs: Lines) -> Floats:
    """sum over lines and years, residual lines only on the net-of-residual basis, (B,)."""
    net = p["finance.tco_basis"] == 0
    total = np.zeros(p.size)
    for line, values in costs.items():
        summed = values.sum(axis=-1)
        total = total + (np.where(net, summed, 0.0) if line.kind == "residual" else summed)
    return total


def project_inhouse(batch: Batch, tl: Timeline) -> InHouseResult:
    """In-house costs with the edition named, or, where the edition is ``cheapest``, both
    layouts priced and the cheaper kept over the horizon (Standard on a tie).

    Standard mounts 5 databases per server, Enterprise 100 (Microsoft Learn, "Exchange
    Server editions and versions"); the database limit can drive the server count, so the
    cheaper edition is the one with the lower TCO, servers, licences and running costs alike.
    Metrics add each layout's servers, the edition kept and the saving against the other.
    """
    choice = batch[EDITION]
    if not (choice == CHEAPEST).any():
        return project_edition(batch, tl)
    size = batch.size
    std = project_edition(batch.replace({EDITION: np.full(size, STANDARD)}), tl)
    ent = project_edition(batch.replace({EDITION: np.full(size, ENTERPRISE)}), tl)
    std_tco, ent_tco = tco_on_basis(batch, std.costs), tco_on_basis(batch, ent.costs)
    pick = np.where(choice == CHEAPEST, ent_tco < std_tco - 1e-6, choice == ENTERPRISE)
    zeros = np.zeros_like(tl.users)
    costs = {
        line: np.where(pick[:, None], ent.costs.get(line, zeros), std.costs.get(line, zeros))
        for line in {**std.costs, **ent.costs}
    }
    metrics = {
        key: np.where(pick[:, None], ent.metrics[key], std.metrics[key]) for key in std.metrics
    }
    kept, other = np.where(pick, ent_tco, std_tco), np.where(pick, std_tco, ent_tco)
    saving = np.where(other > 0, (other - kept) / np.where(other > 0, other, 1.0) * 100, 0.0)
    metrics |= {
        "servers_needed_standard": std.metrics["servers_needed"],
        "servers_needed_enterprise": ent.metrics["servers_needed"],
        "edition_enterprise": tl.yearly(np.broadcast_to(pick[:, None], tl.users.shape) * 1.0),
        "edition_saving_pct": tl.yearly(np.broadcast_to(saving[:, None], tl.users.shape)),
    }
    return InHouseResult(costs, metrics)
