"""Pydantic models of a scenario: what an organisation looks like and what things cost.

Conventions, stated once: money is in the scenario's currency (``finance.currency``); rates are
percent (``_pct``); storage is GB or TB (1 TB = 1,024 GB); years count from 0 (the upfront
year) to ``organisation.horizon_years``. Every model is frozen and forbids unknown fields.
The defaults do not live here: they live in ``data/assumptions.toml`` with a source and a
date for each value (see :mod:`planner.model.defaults`).
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner.model.currencies import CATALOGUE, rate_in_use, rate_per_usd
from planner.model.option_names import clashes, reserved_plan_names, reserved_segment_names
from planner.model.ranges import Uncertainty, follow_scenario, register_schema

DrLevel = Literal["none", "backup_only", "warm_standby", "hot_site"]
DR_LEVELS: tuple[DrLevel, ...] = ("none", "backup_only", "warm_standby", "hot_site")
Edition = Literal["standard", "enterprise", "cheapest"]
EDITIONS: tuple[Edition, ...] = ("standard", "enterprise", "cheapest")
Platform = Literal["none", "exchange_2016", "exchange_2019", "exchange_se"]
PLATFORMS: tuple[Platform, ...] = ("none", "exchange_2016", "exchange_2019", "exchange_se")
PLATFORM_NAMES: dict[str, str] = {
    "none": "none (greenfield)",
    "exchange_2016": "Exchange 2016",
    "exchange_2019": "Exchange 2019",
    "exchange_se": "Exchange SE",
}
_EXISTING_PLATFORM_NAMES = tuple(v for k, v in PLATFORM_NAMES.items() if k != "none")
TcoBasis = Literal["net_of_residual", "cash"]
TCO_BASES: tuple[TcoBasis, ...] = ("net_of_residual", "cash")

Money = Annotated[float, Field(ge=0, le=1e9)]
Pct = Annotated[float, Field(ge=0, le=100)]

# Bounds shared by fields of several models (a segment's own value and the mail profile's or
# the organisation's it replaces): written once, so the two cannot drift apart. Each is
# metadata, so it bounds ``float`` and ``float | None`` alike (Pydantic reads it as ge / le).
USERS = Field(ge=1, le=1_000_000)
GROWTH_PCT_PER_YEAR = Field(ge=-50, le=100)
MAILBOX_GB = Field(ge=0.01, le=2000)
MAILBOX_GROWTH_GB_PER_YEAR = Field(ge=0, le=500)
MESSAGES_PER_USER_DAY = Field(ge=1, le=2000)
ATTACHMENT_MB_NEEDED = Field(ge=1, le=1000)
QUOTA_GB = Field(ge=0, le=100_000)
AVAILABILITY_PCT = Field(ge=90, le=100)


_NUMBERS = {int, float, int | None}


class _Frozen(BaseModel):
    """Every scenario model: frozen, no unknown fields, and no NaN or infinity in any float
    (one rule for every float field, nested ones and list items included)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_default=True, allow_inf_nan=False
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_guessing(cls, value: Any, info: ValidationInfo) -> Any:
        """Name a wrong type instead of guessing: TOML has real numbers and booleans.

        Text or true/false in a number field, and text or a number in a true/false field,
        are refused (Pydantic would read ``true`` as 1 user and ``"yes"`` as true).
        """
        kind = cls.model_fields[info.field_name or ""].annotation
        if kind in _NUMBERS and isinstance(value, (bool, str)):
            raise ValueError(f"expected a number, not {type(value).__name__}")
        if kind is bool and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            raise ValueError(f"expected true or false, not {type(value).__name__}")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_negative_zero(cls, value: Any) -> Any:
        """-0.0 is 0.0 (else reports print '-0')."""
        return 0.0 if isinstance(value, float) and value == 0 else value


class Organisation(_Frozen):
    """Who uses mail, how fast the organisation changes and how far to look ahead."""

    users: Annotated[int, USERS] = Field(
        title="Users today",
        json_schema_extra={"unit": "users"},
        description="Mail users today (mailboxes).",
    )
    growth_pct_per_year: Annotated[float, GROWTH_PCT_PER_YEAR] = Field(
        title="Headcount growth",
        json_schema_extra={"unit": "%/year"},
        description="Headcount change per year, percent (negative for shrinking).",
    )
    horizon_years: int = Field(
        title="Horizon",
        json_schema_extra={"unit": "years"},
        ge=1,
        le=15,
        description="Years to project after the upfront year.",
    )
    region: str = Field(
        title="Region of the defaults",
        json_schema_extra={"unit": ""},
        max_length=8,
        pattern=r"^[a-z]*$",
        description="Key of the region whose currency and local defaults were applied "
        "(data/regions.toml: us, uk, eu, eg, ae, sa, in); empty = none chosen (a US firm's "
        "defaults). It records where the defaults come from and changes no number by itself.",
    )


class MailProfile(_Frozen):
    """How people use mail: drives Microsoft's storage and CPU sizing."""

    messages_per_user_day: Annotated[float, MESSAGES_PER_USER_DAY] = Field(
        title="Messages per user per day",
        json_schema_extra={"unit": ""},
        description="Messages sent plus received per user per day.",
    )
    message_kb: float = Field(
        title="Average message size",
        json_schema_extra={"unit": "KB"},
        ge=1,
        le=10_000,
        description="Average message size, KB.",
    )
    mailbox_gb: Annotated[float, MAILBOX_GB] = Field(
        title="Mailbox size used today",
        json_schema_extra={"unit": "GB"},
        description="Mailbox size users hold today, on average, GB; it grows by the mailbox "
        "growth each year and decides which plans' mailboxes it outgrows. It is not the "
        "mailbox quota you need: that is set under Requirements.",
    )
    mailbox_growth_gb_per_year: Annotated[float, MAILBOX_GROWTH_GB_PER_YEAR] = Field(
        title="Mailbox growth per user",
        json_schema_extra={"unit": "GB/year"},
        description="Growth of the average mailbox per user per year, GB.",
    )
    deleted_item_retention_days: int = Field(
        title="Deleted item retention",
        json_schema_extra={"unit": "days"},
        ge=0,
        le=365,
        description="Days deleted items stay recoverable (Exchange default 14).",
    )
    attachment_mb_needed: Annotated[float, ATTACHMENT_MB_NEEDED] = Field(
        title="Largest attachment needed",
        json_schema_extra={"unit": "MB"},
        description="Largest attachment users need to send, MB.",
    )


class Sizing(_Frozen):
    """Factors of Microsoft's Exchange sizing method (change only with a reason)."""

    single_item_recovery_factor: float = Field(
        title="Single item recovery factor",
        json_schema_extra={"unit": ""},
        ge=0,
        le=1,
        description="Dumpster share of the mailbox for single item recovery (0.012).",
    )
    calendar_version_factor: float = Field(
        title="Calendar version factor",
        json_schema_extra={"unit": ""},
        ge=0,
        le=1,
        description="Dumpster share of the mailbox for calendar version storage (0.058).",
    )
    database_overhead_pct: Pct = Field(
        title="Database overhead",
        json_schema_extra={"unit": "%"},
        description="Database growth overhead on top of mailboxes on disk, percent.",
    )
    content_index_pct: Pct = Field(
        title="Content index",
        json_schema_extra={"unit": "%"},
        description="Search content index, percent of database size.",
    )
    free_space_pct: float = Field(
        title="Free space",
        json_schema_extra={"unit": "%"},
        ge=0,
        le=90,
        description="Free space kept on each database volume, percent.",
    )
    log_days: float = Field(
        title="Transaction logs kept",
        json_schema_extra={"unit": "days"},
        ge=0,
        le=30,
        description="Days of transaction logs kept on disk.",
    )
    log_mb_per_message: float = Field(
        title="Log per 75 KB message",
        json_schema_extra={"unit": "MB"},
        ge=0,
        le=100,
        description="Transaction log MB generated per message of 75 KB (about 0.2).",
    )
    megacycles_active_per_message: float = Field(
        title="Megacycles per active mailbox per message",
        json_schema_extra={"unit": ""},
        gt=0,
        le=10,
        description="CPU megacycles per active mailbox per daily message (Exchange 2016: 0.0597).",
    )
    megacycles_passive_per_message: float = Field(
        title="Megacycles per passive copy per message",
        json_schema_extra={"unit": ""},
        ge=0,
        le=10,
        description="CPU megacycles per passive copy per daily message (Exchange 2016: 0.014).",
    )
    baseline_specint_per_core: float = Field(
        title="Baseline SPECint per core",
        json_schema_extra={"unit": ""},
        ge=1,
        le=1000,
        description="SPECint_rate2006 per core of the baseline server (33.75 = 2,000 Mcycles).",
    )
    cache_mb_per_mailbox_per_50_messages: float = Field(
        title="Cache per mailbox per 50 messages a day",
        json_schema_extra={"unit": "MB"},
        ge=0,
        le=1000,
        description="Database cache per active mailbox for every 50 messages a day, MB: with "
        "the cache share, it gives the memory a server needs in the worst failure mode.",
    )
    cache_share_of_memory_pct: float = Field(
        title="Cache share of memory",
        json_schema_extra={"unit": "%"},
        ge=1,
        le=100,
        description="Share of server memory Exchange gives its database cache, percent.",
    )
    max_database_gb: float = Field(
        title="Largest database",
        json_schema_extra={"unit": "GB"},
        ge=50,
        le=16_384,
        description="Largest database size planned, GB (2 TB recommended).",
    )


class Servers(_Frozen):
    """Mailbox servers of the primary site."""

    price: Money = Field(
        title="Server price",
        json_schema_extra={"unit": "money"},
        description="Price of one mailbox server (2U, dual socket), currency.",
    )
    cores: int = Field(
        title="Cores per server",
        json_schema_extra={"unit": ""},
        ge=2,
        le=512,
        description="Physical cores per server.",
    )
    specint_per_core: float = Field(
        title="SPECint per core",
        json_schema_extra={"unit": ""},
        ge=1,
        le=1000,
        description="SPECint_rate2006 per core of the server model.",
    )
    max_cpu_pct: float = Field(
        title="Highest CPU use",
        json_schema_extra={"unit": "%"},
        ge=10,
        le=100,
        description="Highest CPU use allowed in the worst failure mode, percent (80).",
    )
    spare_servers: int = Field(
        title="Spare servers",
        json_schema_extra={"unit": "servers"},
        ge=0,
        le=16,
        description="Servers added on top of the CPU need, an explicit choice (0 by default: "
        "CPU is already sized for the worst failure mode of the copy layout).",
    )
    max_usable_tb: float = Field(
        title="Usable disk per server",
        json_schema_extra={"unit": "TB"},
        ge=0.1,
        le=10_000,
        description="Usable disk one server chassis holds, TB.",
    )
    memory_gb: float = Field(
        title="Memory per server",
        json_schema_extra={"unit": "GB"},
        ge=1,
        le=16_384,
        description="Memory per mailbox server, GB (Exchange 2019 / SE: 128 recommended).",
    )
    refresh_years: int = Field(
        title="Hardware refresh",
        json_schema_extra={"unit": "years"},
        ge=1,
        le=15,
        description="Years before hardware is replaced.",
    )
    warranty_years: int = Field(
        title="Warranty",
        json_schema_extra={"unit": "years"},
        ge=0,
        le=15,
        description="Years of maintenance included in the purchase price (the vendor's "
        "warranty); paid maintenance starts after it.",
    )
    maintenance_pct_per_year: Pct = Field(
        title="Hardware maintenance",
        json_schema_extra={"unit": "%/year"},
        description="Yearly hardware maintenance, percent of purchase price in service.",
    )


class Storage(_Frozen):
    """Disk for mailbox databases."""

    price_per_tb: Money = Field(
        title="Disk price",
        json_schema_extra={"unit": "money/TB"},
        description="Price per TB of usable disk, before RAID, currency.",
    )
    database_copies: int = Field(
        title="Database copies",
        json_schema_extra={"unit": ""},
        ge=1,
        le=16,
        description="Copies of each database in the primary site (one per server).",
    )
    raid_overhead_pct: float = Field(
        title="RAID overhead",
        json_schema_extra={"unit": "%"},
        ge=0,
        le=300,
        description="Extra disk for RAID, percent (0 for JBOD with database copies).",
    )
    step_tb: float = Field(
        title="Disk bought in steps of",
        json_schema_extra={"unit": "TB"},
        ge=0.01,
        le=10_000,
        description="Disk is bought in steps of this many TB (a drive or a shelf).",
    )


class Licences(_Frozen):
    """Exchange Server Subscription Edition, Windows Server and access licences."""

    edition: Edition = Field(
        title="Exchange edition",
        json_schema_extra={"unit": ""},
        description="Exchange edition: Standard mounts 5 databases per server, Enterprise 100; "
        "cheapest prices both layouts and keeps the one with the lower total cost.",
    )
    exchange_standard_per_server: Money = Field(
        title="Exchange Standard licence per server",
        json_schema_extra={"unit": "money"},
        description="Exchange Server Standard licence per server, currency.",
    )
    exchange_enterprise_per_server: Money = Field(
        title="Exchange Enterprise licence per server",
        json_schema_extra={"unit": "money"},
        description="Exchange Server Enterprise licence per server, currency.",
    )
    cal_per_user: Money = Field(
        title="Exchange Standard CAL per user",
        json_schema_extra={"unit": "money"},
        description="Exchange Standard CAL per user, currency.",
    )
    enterprise_cal_per_user: Money = Field(
        title="Exchange Enterprise CAL per user",
        json_schema_extra={"unit": "money"},
        description="Exchange Enterprise CAL add-on per user, currency.",
    )
    enterprise_cal_share_pct: Pct = Field(
        title="Users needing the Enterprise CAL",
        json_schema_extra={"unit": "%"},
        description="Share of users needing the Enterprise CAL add-on (archiving, DLP), percent.",
    )
    windows_per_16_cores: Money = Field(
        title="Windows Server per 16 cores",
        json_schema_extra={"unit": "money"},
        description="Windows Server Standard per 16 cores (minimum 16 per server), currency.",
    )
    windows_cal_per_user: Money = Field(
        title="Windows Server CAL per user",
        json_schema_extra={"unit": "money"},
        description="Windows Server user CAL, currency.",
    )
    windows_cals_owned: bool = Field(
        title="Windows Server CALs already owned (Active Directory in place)",
        description="Every user already holds a Windows Server CAL because the organisation "
        "runs Active Directory (signing in to Windows servers needs one), so mail servers add "
        "no Windows CAL cost. Turn it off only if users have no Windows CAL today.",
        json_schema_extra={"unit": ""},
    )
    subscription_pct_per_year: Pct = Field(
        title="Subscription / Software Assurance",
        json_schema_extra={"unit": "%/year"},
        description="Yearly subscription / Software Assurance, percent of the price of the "
        "licences in use that year (Exchange SE requires it on Exchange server licences and CALs).",
    )
    windows_software_assurance: bool = Field(
        title="Software Assurance on Windows Server too",
        json_schema_extra={"unit": ""},
        description="Also pay Software Assurance on Windows Server licences and Windows CALs. "
        "Exchange SE does not require it (its subscription rule covers Exchange server "
        "licences and Exchange CALs only), so it is off by default.",
    )


class Operations(_Frozen):
    """Running the servers: power, space, tooling."""

    watts_per_server: float = Field(
        title="Power draw per server",
        json_schema_extra={"unit": "W"},
        ge=0,
        le=10_000,
        description="Average power draw per server, W.",
    )
    pue: float = Field(
        title="Power usage effectiveness (PUE)",
        json_schema_extra={"unit": ""},
        ge=1,
        le=4,
        description="Power usage effectiveness of the room (total power / IT power).",
    )
    price_per_kwh: float = Field(
        title="Electricity price",
        json_schema_extra={"unit": "money/kWh"},
        ge=0,
        le=10_000,  # a kWh in rupees or pounds of Egypt is tens of units
        description="Electricity price per kWh, currency.",
    )
    space_per_server_year: Money = Field(
        title="Rack space per server",
        json_schema_extra={"unit": "money/year"},
        description="Rack space or colocation per server per year, currency.",
    )
    monitoring_per_server_year: Money = Field(
        title="Monitoring per server",
        json_schema_extra={"unit": "money/year"},
        description="Monitoring tools and service per server per year, currency.",
    )


class Protection(_Frozen):
    """Anti-spam, anti-virus and server security."""

    gateway_per_user_year: Money = Field(
        title="Anti-spam and anti-virus gateway per user",
        json_schema_extra={"unit": "money/year"},
        description="Anti-spam / anti-virus gateway per user per year, currency.",
    )
    security_per_server_year: Money = Field(
        title="Server security per server",
        json_schema_extra={"unit": "money/year"},
        description="Server security (endpoint protection, hardening) per server per year.",
    )


class DisasterRecovery(_Frozen):
    """How the in-house system survives a disaster, and how available it is."""

    level: DrLevel = Field(
        title="Disaster recovery level",
        json_schema_extra={"unit": ""},
        description="none, backup_only, warm_standby (smaller second site) or hot_site.",
    )
    backup_per_server_year: Money = Field(
        title="Backup per server",
        json_schema_extra={"unit": "money/year"},
        description="Backup software and service per server per year, currency.",
    )
    backup_storage_ratio: float = Field(
        title="Backup disk, multiple of one database copy",
        json_schema_extra={"unit": ""},
        ge=0,
        le=20,
        description="Backup disk as a multiple of one copy of the databases.",
    )
    warm_standby_share_pct: Pct = Field(
        title="Warm standby site size",
        json_schema_extra={"unit": "%"},
        description="Warm standby site size, percent of the primary site.",
    )
    hot_site_share_pct: float = Field(
        title="Hot site size",
        json_schema_extra={"unit": "%"},
        ge=0,
        le=200,
        description="Hot site size, percent of the primary site (100 = symmetric).",
    )
    availability_none_pct: Annotated[float, AVAILABILITY_PCT] = Field(
        title="Expected availability without DR",
        json_schema_extra={"unit": "%"},
        description="Expected availability with no DR, percent.",
    )
    availability_backup_only_pct: Annotated[float, AVAILABILITY_PCT] = Field(
        title="Expected availability with backups only",
        json_schema_extra={"unit": "%"},
        description="Expected availability with backups only, percent.",
    )
    availability_warm_standby_pct: Annotated[float, AVAILABILITY_PCT] = Field(
        title="Expected availability with a warm standby",
        json_schema_extra={"unit": "%"},
        description="Expected availability with a warm standby site, percent.",
    )
    availability_hot_site_pct: Annotated[float, AVAILABILITY_PCT] = Field(
        title="Expected availability with a hot site",
        json_schema_extra={"unit": "%"},
        description="Expected availability with a hot site, percent.",
    )
    has_internal_sla: bool = Field(
        title="In-house runs under an internal SLA",
        description="The IT team commits to an availability in writing (an internal service "
        "level agreement). Only then can in-house meet a contractual SLA requirement.",
        json_schema_extra={"unit": ""},
    )
    internal_sla_pct: float = Field(
        ge=90,
        le=100,
        title="Internal SLA",
        description="Availability the internal SLA commits to; read only when in-house runs "
        "under an internal SLA. It pays no service credits.",
        json_schema_extra={"unit": "%"},
    )


class Upgrades(_Frozen):
    """Major upgrade projects (version or platform moves)."""

    every_years: int = Field(
        title="Upgrade every",
        json_schema_extra={"unit": "years"},
        ge=1,
        le=15,
        description="Years between major upgrade projects.",
    )
    cost_fixed: Money = Field(
        title="Fixed cost of an upgrade project",
        json_schema_extra={"unit": "money"},
        description="Fixed cost of one upgrade project, currency.",
    )
    cost_per_user: Money = Field(
        title="Upgrade cost per user",
        json_schema_extra={"unit": "money"},
        description="Cost of one upgrade project per user, currency.",
    )


class Build(_Frozen):
    """One-time design, installation and mailbox move for the in-house system."""

    cost_fixed: Money = Field(
        title="Design and installation",
        json_schema_extra={"unit": "money"},
        description="Design and installation, currency (one time).",
    )
    cost_per_user: Money = Field(
        title="Mailbox move and set-up per user",
        json_schema_extra={"unit": "money"},
        description="Mailbox move and set-up per user, currency (one time).",
    )


class Internet(_Frozen):
    """What a mail server facing the internet needs besides bandwidth."""

    public_ip_count: int = Field(
        title="Static public IP addresses",
        json_schema_extra={"unit": ""},
        ge=0,
        le=1000,
        description="Static public IPv4 addresses (SMTP with reverse DNS, access).",
    )
    price_per_public_ip_month: Money = Field(
        title="Price of a public IP address",
        json_schema_extra={"unit": "money/month"},
        description="Price of one static public IP per month, reverse DNS included, currency.",
    )
    tls_certificate_per_year: Money = Field(
        title="TLS certificates",
        json_schema_extra={"unit": "money/year"},
        description="Public TLS certificate(s) for mail, Autodiscover and web access, per year.",
    )
    dns_hosting_per_year: Money = Field(
        title="DNS hosting",
        json_schema_extra={"unit": "money/year"},
        description="Managed DNS for the mail records (MX, Autodiscover, SPF, DKIM, DMARC), "
        "per year.",
    )
    mail_authentication_setup: Money = Field(
        title="SPF, DKIM and DMARC set-up",
        json_schema_extra={"unit": "money"},
        description="One-time set-up of SPF, DKIM signing, DMARC and reverse DNS, currency.",
    )
    mail_authentication_per_year: Money = Field(
        title="DKIM signing upkeep",
        json_schema_extra={"unit": "money/year"},
        description="Upkeep of DKIM signing (a gateway or add-on: Exchange Server does not "
        "sign) per year, currency.",
    )
    dmarc_monitoring_per_year: Money = Field(
        title="DMARC report monitoring",
        description="A DMARC report monitoring service for the mail domain, per year: every "
        "option needs it, in-house and hosted alike (as the mail domain's DNS hosting).",
        json_schema_extra={"unit": "money/year"},
    )


class Layout(_Frozen):
    """Servers the Exchange layout needs besides mailbox servers."""

    witness_server_price: Money = Field(
        title="Witness server price",
        json_schema_extra={"unit": "money"},
        description="A small server for the file share witness, bought when the primary site "
        "holds 2 or more database copies, currency (0 = an existing server hosts it).",
    )
    load_balancer_price: Money = Field(
        title="Load balancer price",
        json_schema_extra={"unit": "money"},
        description="Load balancing for client access, bought when the primary site has 2 or "
        "more mailbox servers, currency (0 = DNS round robin).",
    )
    directory_servers: int = Field(
        title="Domain controllers bought for mail",
        json_schema_extra={"unit": "servers"},
        ge=0,
        le=16,
        description="Active Directory domain controllers bought for mail alone (0 when the "
        "organisation already runs Active Directory), each at the witness server's price.",
    )


class InHouse(_Frozen):
    """Running Exchange Server on your own hardware."""

    sizing: Sizing
    servers: Servers
    storage: Storage
    licences: Licences
    operations: Operations
    protection: Protection
    disaster_recovery: DisasterRecovery
    upgrades: Upgrades
    build: Build
    internet: Internet
    layout: Layout
    remote_user_share_pct: Pct = Field(
        title="Users reaching the servers over the internet",
        json_schema_extra={"unit": "%"},
        description="Share of users reaching the in-house servers over the internet, percent.",
    )


class Hosted(_Frozen):
    """Paying a provider per user (the plans are in the catalogue)."""

    migration_per_user: Money = Field(
        title="Mailbox migration per user",
        json_schema_extra={"unit": "money"},
        description="Mailbox migration per user, currency (one time).",
    )
    migration_fixed: Money = Field(
        title="Migration project, fixed part",
        json_schema_extra={"unit": "money"},
        description="Migration project, fixed part, currency (one time).",
    )
    price_escalation_pct_per_year: float = Field(
        title="Plan price change",
        json_schema_extra={"unit": "%/year"},
        ge=-20,
        le=50,
        description="Yearly change of plan prices, percent.",
    )
    admin_raises_message_limit: bool = Field(
        title="The admin will raise hosted message size limits",
        description="Judge attachments against each plan's largest allowed message (Exchange "
        "Online: 150 MB) instead of its default limit (35 MB): true only if your administrator "
        "will raise the limit.",
        json_schema_extra={"unit": ""},
    )
    backup_per_user_month: Money = Field(
        title="Backup product for hosted mailboxes",
        json_schema_extra={"unit": "money/user/month"},
        description="Backup product for hosted mailboxes per user per month (third-party "
        "Microsoft 365 or Google Workspace backup), bought only for a plan whose own "
        "retention of deleted mail is shorter than the backup requirement (Requirements).",
    )
    protection_per_user_month: Money = Field(
        title="Extra protection",
        json_schema_extra={"unit": "money/user/month"},
        description="Extra protection bought on top of the plan per user per month (0 = built in).",
    )
    unpublished_outage_share_of_sla_pct: float = Field(
        ge=0,
        le=100,
        title="Expected outage of a plan without a figure, as a share of what its SLA allows",
        description="A plan or quote with no expected availability is expected to be down "
        "this share of the hours its SLA allows (at 30, a 99.9% SLA gives 99.97% expected); "
        "100 = exactly at the SLA floor.",
        json_schema_extra={"unit": "%"},
    )


class Current(_Frozen):
    """Where the organisation stands today: the Exchange it already runs (none = greenfield)."""

    platform: Platform = Field(
        title="Exchange run today",
        json_schema_extra={"unit": ""},
        description="Exchange running today: none (greenfield: every server bought in year 0), "
        "Exchange 2016 or 2019 (out of support since 14 Oct 2025), or Exchange SE.",
    )
    servers: int = Field(
        title="Mailbox servers in service today",
        json_schema_extra={"unit": "servers"},
        ge=0,
        le=1000,
        description="Mailbox servers in service today.",
    )
    server_age_years: int = Field(
        title="Age of today's servers",
        json_schema_extra={"unit": "years"},
        ge=0,
        le=15,
        description="Age of today's servers and disk, years; they serve until they reach the "
        "refresh age (inhouse.servers.refresh_years) and are then replaced.",
    )
    storage_tb: float = Field(
        title="Disk installed today",
        json_schema_extra={"unit": "TB"},
        ge=0,
        le=100_000,
        description="Disk installed today, TB (raw).",
    )
    exchange_server_licences: int = Field(
        title="Exchange server licences owned",
        json_schema_extra={"unit": ""},
        ge=0,
        le=1000,
        description="Exchange server licences owned (edition as chosen).",
    )
    cals: int = Field(
        title="CALs owned, Exchange and Windows",
        json_schema_extra={"unit": ""},
        ge=0,
        le=1_000_000,
        description="Exchange and Windows user CALs owned.",
    )
    licences_have_sa: bool = Field(
        title="Owned licences carry Software Assurance",
        json_schema_extra={"unit": ""},
        description="The owned Exchange licences carry active Software Assurance (SE needs it; "
        "without it the SE upgrade buys the Exchange licences again).",
    )
    hardware_book_value: Money = Field(
        title="Book value of today's hardware",
        json_schema_extra={"unit": "money"},
        description="Book value of today's servers and disk, currency (write-off on a move).",
    )
    resale_pct_of_book: Pct = Field(
        title="Resale value of old hardware, share of book value",
        json_schema_extra={"unit": "%"},
        description="Share of the book value recovered by selling the old hardware, percent.",
    )
    incident_probability_pct_per_year: Pct = Field(
        title="Chance of a security incident on unpatched Exchange",
        json_schema_extra={"unit": "%/year"},
        description="Chance per year of a serious security incident on unpatched Exchange, "
        "percent (estimate).",
    )
    incident_cost: Money = Field(
        title="Cost of a security incident",
        json_schema_extra={"unit": "money"},
        description="Cost of one such incident, currency (estimate).",
    )
    migration_tool_per_mailbox: Money = Field(
        title="Migration tool per mailbox",
        json_schema_extra={"unit": "money"},
        description="Migration tool licence per mailbox moved, currency.",
    )
    migration_hours_per_mailbox: float = Field(
        title="Staff time per mailbox moved",
        json_schema_extra={"unit": "hours"},
        ge=0,
        le=100,
        description="Staff hours per mailbox moved.",
    )
    cutover_cost: Money = Field(
        title="Cut-over project",
        json_schema_extra={"unit": "money"},
        description="Fixed cut-over project (DNS, identity), currency.",
    )
    decommission_cost: Money = Field(
        title="Decommissioning the old servers",
        json_schema_extra={"unit": "money"},
        description="Decommissioning the old servers (data wipe, removal), currency.",
    )
    bandwidth_mbps: float = Field(
        title="Internet upload bandwidth",
        json_schema_extra={"unit": "Mbps"},
        ge=0.1,  # 100 kbps: below any line sold today, and the transfer time stays finite
        le=100_000,
        description="Internet upload bandwidth, Mbps.",
    )
    usable_bandwidth_pct: float = Field(
        title="Bandwidth the migration may use",
        json_schema_extra={"unit": "%"},
        ge=1,  # a move given less than 1% of the line is no plan
        le=100,
        description="Share of the bandwidth the migration may use, percent.",
    )
    ingestion_gb_per_day: float = Field(
        title="Provider ingestion",
        json_schema_extra={"unit": "GB/day"},
        ge=1,  # providers throttle at hundreds of GB a day, never below 1
        le=1_000_000,
        description="Most data the provider ingests per day, GB.",
    )
    coexistence_weeks: float = Field(
        title="Coexistence",
        json_schema_extra={"unit": "weeks"},
        ge=0,
        le=104,
        description="Weeks old and new platforms run side by side (both paid), at least; "
        "longer when the transfer time plus the buffer is longer.",
    )
    coexistence_buffer_weeks: float = Field(
        ge=0,
        le=52,
        title="Coexistence buffer after the transfer",
        description="Weeks both platforms keep running after the last data arrives (late "
        "mailboxes, phones, DNS); coexistence lasts at least the transfer time plus this.",
        json_schema_extra={"unit": "weeks"},
    )
    coexistence_admin_share_pct: Pct = Field(
        title="Administrator time the old platform takes during coexistence",
        description="Share of today's in-house administrators' time the old servers still "
        "need while both platforms run; paid on every move for the coexistence weeks.",
        json_schema_extra={"unit": "%"},
    )
    public_folders_gb: float = Field(
        ge=0,
        le=10_000_000,
        title="Public folder data to move",
        description="Public folders moved with the mailboxes (0 = none); adds to the data "
        "transferred and, when any, a public-folder migration project.",
        json_schema_extra={"unit": "GB"},
    )
    public_folder_project_cost: Money = Field(
        title="Public-folder migration project",
        description="Fixed cost of moving the public folders (mapping, batches, permissions), "
        "paid only when there are public folders to move.",
        json_schema_extra={"unit": "money"},
    )
    pst_gb: float = Field(
        ge=0,
        le=10_000_000,
        title="PST files to import",
        description="Personal folder (PST) files imported into the new mailboxes (0 = none).",
        json_schema_extra={"unit": "GB"},
    )
    pst_by_drive_shipping: bool = Field(
        title="Ship PST files on drives",
        description="Send the PST files on hard drives (priced per GB, no upload time) instead "
        "of uploading them over the network (free, adds to the transfer).",
        json_schema_extra={"unit": ""},
    )
    pst_drive_shipping_per_gb: Money = Field(
        title="Drive shipping per GB",
        description="Price of importing PST files shipped on drives, per GB.",
        json_schema_extra={"unit": "money/GB"},
    )
    legacy_archive_gb: float = Field(
        ge=0,
        le=10_000_000,
        title="Journal or legacy archive data to move",
        description="Journaling mailboxes or a third-party archive moved to the new platform "
        "(0 = none); adds to the data transferred.",
        json_schema_extra={"unit": "GB"},
    )
    legacy_archive_migration_per_gb: Money = Field(
        title="Archive migration per GB",
        description="Price of extracting and moving the journal or legacy archive, per GB.",
        json_schema_extra={"unit": "money/GB"},
    )
    paid_updates_months_left: float = Field(
        ge=0,
        le=24,
        title="Paid security-update months left",
        description="Months of paid extended security updates for Exchange 2016 / 2019 still "
        "on sale from the start of year 1; staying buys them and runs unsupported after. "
        "The last period ran May to October 2026, so none are left after it.",
        json_schema_extra={"unit": "months"},
    )
    paid_updates_per_server_month: Money = Field(
        title="Paid security updates per server per month",
        description="Price of the paid security updates per Exchange server per month of "
        "cover (Microsoft sells six-month periods: the period's price / 6). Not published: "
        "ask the account team.",
        json_schema_extra={"unit": "money/server/month"},
    )


class Staff(_Frozen):
    """The people who run mail: the expertise factor."""

    salary_per_fte_year: Money = Field(
        title="Administrator cost",
        json_schema_extra={"unit": "money/FTE/year"},
        description="Loaded cost of one administrator per year (salary and benefits), currency.",
    )
    salary_growth_pct_per_year: float = Field(
        title="Salary growth",
        json_schema_extra={"unit": "%/year"},
        ge=-20,
        le=50,
        description="Yearly salary growth, percent.",
    )
    training_per_fte_year: Money = Field(
        title="Training",
        json_schema_extra={"unit": "money/FTE/year"},
        description="Training per administrator FTE per year.",
    )
    inhouse_fte_per_1000_users: float = Field(
        title="In-house administrators per 1,000 users",
        json_schema_extra={"unit": "FTE"},
        ge=0,
        le=100,
        description="Administrator FTE for in-house Exchange at 1,000 users (the anchor of "
        "the scale curve; per 1,000 users at that size).",
    )
    inhouse_fte_minimum: float = Field(
        title="Fewest in-house administrators",
        json_schema_extra={"unit": "FTE"},
        ge=0,
        le=100,
        description="Smallest in-house administrator FTE, however few users.",
    )
    hosted_fte_per_1000_users: float = Field(
        title="Hosted administrators per 1,000 users",
        json_schema_extra={"unit": "FTE"},
        ge=0,
        le=100,
        description="Administrator FTE still needed with a hosted plan at 1,000 users (the "
        "anchor of the scale curve).",
    )
    hosted_fte_minimum: float = Field(
        title="Fewest hosted administrators",
        json_schema_extra={"unit": "FTE"},
        ge=0,
        le=100,
        description="Smallest administrator FTE with a hosted plan.",
    )
    fte_scale_exponent: float = Field(
        title="Administrator effort scale exponent",
        json_schema_extra={"unit": ""},
        ge=0.3,
        le=1.5,
        description="How administrator effort grows with headcount, in-house and hosted alike: "
        "FTE = FTE per 1,000 users x (users / 1,000) ^ exponent, at least the minimum. "
        "1 = linear; below 1 = economies of scale (0.8: 5,000 users need 3.6 FTE, not 5).",
    )


class Connectivity(_Frozen):
    """Internet bandwidth for mail clients."""

    users_per_mbps: float = Field(
        title="Users served per Mbps",
        json_schema_extra={"unit": ""},
        ge=0.1,
        le=10_000,
        description="Users served per Mbps of internet (MAPI: about 25).",
    )
    price_per_mbps_month: Money = Field(
        title="Internet price per Mbps",
        json_schema_extra={"unit": "money/month"},
        description="Internet price per Mbps per month, currency.",
    )


class Risk(_Frozen):
    """What an hour without mail costs."""

    downtime_cost_per_user_hour: Money = Field(
        title="Cost of an hour of outage per user",
        json_schema_extra={"unit": "money"},
        description="Cost of one hour of mail outage per user, currency (the whole "
        "organisation's hourly cost divided by its users).",
    )
    include_downtime: bool = Field(
        title="Count expected downtime loss in TCO",
        json_schema_extra={"unit": ""},
        description="Count expected downtime loss in the total cost of ownership.",
    )
    working_hours_share_pct: float = Field(
        ge=0,
        le=100,
        title="Share of outage hours in working time",
        description="Share of the year's hours in which people work, so an outage then costs "
        "work: about 30 for an office organisation (50 of the week's 168 hours), 100 for "
        "round-the-clock operations.",
        json_schema_extra={"unit": "%"},
    )


class Finance(_Frozen):
    """Money over time."""

    # Display currency: one block (see planner.model.currencies).
    currency: str = Field(
        title="Display currency",
        json_schema_extra={"unit": "ISO code"},
        min_length=3,
        max_length=3,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 code of the currency results are shown in: USD, EGP, EUR, GBP, "
        "AED, SAR and INR have dated default rates.",
    )
    input_currency: str = Field(
        title="Currency the money inputs are typed in",
        json_schema_extra={"unit": "ISO code"},
        min_length=3,
        max_length=3,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 code of every money input of the scenario (prices, salaries, "
        "projects, incident loss, ranges on them); converted once at the rates in use. A plan "
        "states its own currency. The display currency, or one with a dated default rate.",
    )
    exchange_rate_per_usd: float = Field(
        title="Display currency per US dollar, 0 for the dated default",
        json_schema_extra={"unit": ""},
        default=0.0,
        ge=0,
        le=1_000_000,
        description="Units of the display currency for one US dollar; every result is "
        "converted from the US dollar catalogue and defaults at this rate. 0 = the "
        "currency's dated default rate (data/currencies.toml).",
    )

    @model_validator(mode="after")
    def _known_rate(self) -> Finance:
        rate_per_usd(self.currency, self.exchange_rate_per_usd)  # ValueError without a rate
        self.rate_of(self.input_currency, "finance.input_currency")
        return self

    @property
    def rate_per_usd(self) -> float:
        """The rate in use: ``exchange_rate_per_usd``, or the currency's default when 0."""
        return rate_per_usd(self.currency, self.exchange_rate_per_usd)

    def rate_of(self, code: str, field: str = "currency") -> float:
        """Units of ``code`` per US dollar in use (:func:`planner.model.currencies.rate_in_use`)."""
        return rate_in_use(code, self.currency, self.exchange_rate_per_usd, field)

    @property
    def input_rate_per_usd(self) -> float:
        """Units of the input currency per US dollar in use."""
        return self.rate_of(self.input_currency)

    @property
    def display_per_input(self) -> float:
        """Display units for one unit of the input currency: display rate / input rate."""
        return self.rate_per_usd / self.input_rate_per_usd

    discount_rate_pct: float = Field(
        title="Discount rate",
        json_schema_extra={"unit": "%"},
        ge=0,
        le=50,
        description="Discount rate for net present value, percent.",
    )
    inflation_pct_per_year: float = Field(
        title="Inflation of in-house prices",
        json_schema_extra={"unit": "%/year"},
        ge=-10,
        le=50,
        description="Yearly change of in-house prices (hardware, power, services), percent.",
    )
    tco_basis: TcoBasis = Field(
        title="TCO basis",
        json_schema_extra={"unit": ""},
        description="net_of_residual subtracts the value hardware and upgrade projects still "
        "have at the horizon; cash counts every purchase in full.",
    )
    after_tax_view: bool = Field(
        title="Show TCO and NPV after tax",
        json_schema_extra={"unit": ""},
        description="Also show TCO and NPV after tax: capital depreciated straight-line, "
        "operating costs expensed, both at the tax rate.",
    )
    tax_rate_pct: float = Field(
        title="Tax rate",
        json_schema_extra={"unit": "%"},
        ge=0,
        le=90,  # at 100% the after-tax cost is a difference of equal numbers: float noise
        description="Tax rate on profit for the after-tax view, percent.",
    )
    depreciation_years: int = Field(
        title="Hardware depreciation period",
        json_schema_extra={"unit": "years"},
        ge=1,
        le=40,
        description="Years over which hardware (servers, disk, the DR site) is depreciated "
        "(straight line).",
    )
    licence_depreciation_years: int = Field(
        ge=0,
        le=40,
        title="Years to amortise software licences",
        description="Years over which perpetual software licences (Exchange and Windows server "
        "licences, CALs) are amortised, straight line, for the after-tax view (0 = deducted "
        "in the year paid).",
        json_schema_extra={"unit": "years"},
    )
    services_depreciation_years: int = Field(
        ge=0,
        le=40,
        title="Years to spread one-time projects",
        description="Years over which one-time projects (the build, upgrades, migrations, "
        "set-ups) are deducted for the after-tax view (0 = deducted in the year paid, as an "
        "ordinary business expense).",
        json_schema_extra={"unit": "years"},
    )


# --- Capability fit: what the organisation requires and what each plan offers -----------------

Region = Literal["united_states", "europe", "united_kingdom", "middle_east", "asia_pacific"]
REGIONS: tuple[Region, ...] = typing.get_args(Region)
RegionChoice = Literal[
    "any", "united_states", "europe", "united_kingdom", "middle_east", "asia_pacific"
]
SupportHours = Literal["business_hours", "24x7"]
SupportChoice = Literal["any", "business_hours", "24x7"]


class MadeToFit(_Frozen):
    """What in-house Exchange needs to meet a requirement it misses (priced by the engine)."""

    filtering_gateway_per_user_year: Money = Field(
        title="Filtering gateway bought to fit, per user",
        json_schema_extra={"unit": "money/year"},
        description="Anti-spam / anti-virus gateway bought when filtering is required and the "
        "in-house gateway costs 0, per user per year, currency.",
    )
    sandboxing_per_user_year: Money = Field(
        title="Sandboxing added to fit, per user",
        json_schema_extra={"unit": "money/year"},
        description="Attachment sandboxing added to the in-house gateway when sandboxing is "
        "required, per user per year, currency.",
    )
    backup_retention_days: int = Field(
        title="Backups the in-house backup disk holds",
        json_schema_extra={"unit": "days"},
        ge=1,
        le=3650,
        description="Days of backups the in-house backup disk (backup_storage_ratio) holds; a "
        "longer requirement scales the backup disk in proportion.",
    )
    fte_minimum_24x7: float = Field(
        title="Fewest administrators for 24x7 support",
        json_schema_extra={"unit": "FTE"},
        ge=0,
        le=100,
        description="Smallest in-house administrator FTE that gives 24x7 on-call support.",
    )


class Requirements(_Frozen):
    """What the organisation needs from its mail, whatever it costs (0 / false / any = not
    required)."""

    mailbox_quota_gb: Annotated[float, QUOTA_GB] = Field(
        title="Mailbox quota needed",
        json_schema_extra={"unit": "GB"},
        description="Primary mailbox quota per user, GB.",
    )
    archive_gb: Annotated[float, QUOTA_GB] = Field(
        title="Archive needed",
        json_schema_extra={"unit": "GB"},
        description="Archive space per user on top of the mailbox, GB (0 = none needed).",
    )
    min_availability_pct: float = Field(
        title="Expected availability at least",
        json_schema_extra={"unit": "%"},
        ge=0,
        le=100,
        description="Lowest expected availability accepted, percent, for every option alike: "
        "a plan's expected (or estimated) availability, in-house's at its DR level (0 = none).",
    )
    min_sla_pct: float = Field(
        ge=0,
        le=100,
        title="Contractual SLA at least",
        description="Lowest availability someone must commit to in writing: a plan meets it "
        "by its SLA, in-house only under an internal SLA (0 = no requirement).",
        json_schema_extra={"unit": "%"},
    )
    needs_mapi: bool = Field(
        title="Outlook on the desktop (MAPI/HTTP)",
        json_schema_extra={"unit": ""},
        description="Outlook over MAPI (MAPI over HTTP).",
    )
    needs_activesync: bool = Field(
        title="Phones over Exchange ActiveSync",
        json_schema_extra={"unit": ""},
        description="Exchange ActiveSync for phones.",
    )
    needs_ews_graph: bool = Field(
        title="Apps over EWS or Microsoft Graph",
        json_schema_extra={"unit": ""},
        description="Exchange Web Services or Microsoft Graph.",
    )
    needs_imap: bool = Field(
        title="IMAP clients", json_schema_extra={"unit": ""}, description="IMAP clients."
    )
    needs_pop3: bool = Field(
        title="POP3 clients", json_schema_extra={"unit": ""}, description="POP3 clients."
    )
    needs_smtp_auth: bool = Field(
        title="Authenticated SMTP sending from devices and apps",
        json_schema_extra={"unit": ""},
        description="Authenticated SMTP submission (devices, apps).",
    )
    needs_antispam: bool = Field(
        title="Inbound anti-spam",
        json_schema_extra={"unit": ""},
        description="Inbound anti-spam filtering.",
    )
    needs_antivirus: bool = Field(
        title="Inbound anti-virus",
        json_schema_extra={"unit": ""},
        description="Inbound anti-virus / anti-malware scanning.",
    )
    needs_sandboxing: bool = Field(
        title="Attachment sandboxing",
        json_schema_extra={"unit": ""},
        description="Attachments opened in a sandbox before delivery.",
    )
    needs_spf: bool = Field(
        title="SPF for outbound mail",
        json_schema_extra={"unit": ""},
        description="SPF for outbound mail, set up with the provider.",
    )
    needs_dkim: bool = Field(
        title="DKIM signing",
        json_schema_extra={"unit": ""},
        description="DKIM signing of outbound mail.",
    )
    needs_dmarc: bool = Field(
        title="DMARC", json_schema_extra={"unit": ""}, description="DMARC for outbound mail."
    )
    needs_reverse_dns: bool = Field(
        title="Reverse DNS of sending servers",
        json_schema_extra={"unit": ""},
        description="Reverse DNS of the sending servers.",
    )
    needs_tls_in_transit: bool = Field(
        title="TLS in transit",
        json_schema_extra={"unit": ""},
        description="TLS encryption of mail in transit.",
    )
    needs_encryption_at_rest: bool = Field(
        title="Encryption at rest",
        json_schema_extra={"unit": ""},
        description="Mailbox data encrypted at rest.",
    )
    needs_litigation_hold: bool = Field(
        title="Litigation hold / eDiscovery",
        json_schema_extra={"unit": ""},
        description="Litigation hold / eDiscovery holds.",
    )
    backup_retention_days: int = Field(
        title="Backup retention needed",
        json_schema_extra={"unit": "days"},
        ge=0,
        le=3650,
        description="Days deleted or lost mail must stay restorable (0 = none).",
    )
    data_region: RegionChoice = Field(
        title="Region the data must stay in",
        json_schema_extra={"unit": ""},
        description="Region the mailbox data must stay in (any = no requirement).",
    )
    min_sites: int = Field(
        title="Independent sites / availability zones needed",
        json_schema_extra={"unit": ""},
        ge=1,
        le=100,
        description="Independent sites / availability zones holding the mail (1 = no requirement).",
    )
    support_hours: SupportChoice = Field(
        title="Support hours needed",
        json_schema_extra={"unit": ""},
        description="Expert support needed: business_hours or 24x7 (any = no requirement).",
    )
    support_language: str = Field(
        title="Support language needed",
        json_schema_extra={"unit": ""},
        default="",
        max_length=40,
        description="Language support must speak (empty = no requirement).",
    )
    made_to_fit: MadeToFit


def _tri_state(value: Any) -> Any:
    """yes / no / unknown fields take true, false or nothing (absent = unknown)."""
    if value is not None and not isinstance(value, bool):
        raise ValueError(
            f"expected true or false (or leave it out for unknown), not {type(value).__name__}"
        )
    return value


class Offers(_Frozen):
    """What a hosted plan offers beyond price and quotas; None (absent) = unknown."""

    mapi: bool | None = Field(
        title="Outlook on the desktop (MAPI/HTTP)",
        json_schema_extra={"unit": ""},
        default=None,
        description="Outlook over MAPI.",
    )
    activesync: bool | None = Field(
        title="Exchange ActiveSync",
        json_schema_extra={"unit": ""},
        default=None,
        description="Exchange ActiveSync.",
    )
    ews_graph: bool | None = Field(
        title="EWS or Microsoft Graph",
        json_schema_extra={"unit": ""},
        default=None,
        description="EWS or Microsoft Graph.",
    )
    imap: bool | None = Field(
        title="IMAP", json_schema_extra={"unit": ""}, default=None, description="IMAP."
    )
    pop3: bool | None = Field(
        title="POP3", json_schema_extra={"unit": ""}, default=None, description="POP3."
    )
    smtp_auth: bool | None = Field(
        title="Authenticated SMTP",
        json_schema_extra={"unit": ""},
        default=None,
        description="Authenticated SMTP.",
    )
    antispam: bool | None = Field(
        title="Inbound anti-spam",
        json_schema_extra={"unit": ""},
        default=None,
        description="Inbound anti-spam.",
    )
    antivirus: bool | None = Field(
        title="Inbound anti-virus",
        json_schema_extra={"unit": ""},
        default=None,
        description="Inbound anti-virus.",
    )
    sandboxing: bool | None = Field(
        title="Attachment sandboxing",
        json_schema_extra={"unit": ""},
        default=None,
        description="Attachment sandboxing.",
    )
    spf: bool | None = Field(
        title="SPF",
        json_schema_extra={"unit": ""},
        default=None,
        description="SPF for outbound mail.",
    )
    dkim: bool | None = Field(
        title="DKIM signing",
        json_schema_extra={"unit": ""},
        default=None,
        description="DKIM signing.",
    )
    dmarc: bool | None = Field(
        title="DMARC", json_schema_extra={"unit": ""}, default=None, description="DMARC."
    )
    reverse_dns: bool | None = Field(
        title="Reverse DNS",
        json_schema_extra={"unit": ""},
        default=None,
        description="Reverse DNS of senders.",
    )
    tls_in_transit: bool | None = Field(
        title="TLS in transit",
        json_schema_extra={"unit": ""},
        default=None,
        description="TLS in transit.",
    )
    encryption_at_rest: bool | None = Field(
        title="Encryption at rest",
        json_schema_extra={"unit": ""},
        default=None,
        description="Encryption at rest.",
    )
    litigation_hold: bool | None = Field(
        title="Litigation hold",
        json_schema_extra={"unit": ""},
        default=None,
        description="Litigation hold.",
    )
    backup_retention_days: int | None = Field(
        title="Backup retention",
        json_schema_extra={"unit": "days"},
        default=None,
        ge=0,
        le=3650,
        description="Days deleted mail stays restorable.",
    )
    data_regions: tuple[Region, ...] | None = Field(
        title="Data regions",
        json_schema_extra={"unit": ""},
        default=None,
        max_length=len(REGIONS),
        description="Regions the data can be kept in.",
    )
    sites: int | None = Field(
        title="Independent sites / availability zones",
        json_schema_extra={"unit": ""},
        default=None,
        ge=1,
        le=1000,
        description="Independent sites / availability zones.",
    )
    support_hours: SupportHours | None = Field(
        title="Support hours",
        json_schema_extra={"unit": ""},
        default=None,
        description="Support hours.",
    )
    support_languages: tuple[Annotated[str, Field(min_length=1, max_length=40)], ...] | None = (
        Field(
            title="Support languages",
            json_schema_extra={"unit": ""},
            default=None,
            max_length=50,
            description="Languages support speaks.",
        )
    )
    source: str = Field(
        title="Source of the offers",
        json_schema_extra={"unit": ""},
        default="not stated",
        max_length=1000,
        description="Where these come from.",
    )
    as_of: dt.date | None = Field(
        title="Offers checked on",
        json_schema_extra={"unit": ""},
        default=None,
        description="Date the offers were checked.",
    )

    _booleans = field_validator(
        "mapi",
        "activesync",
        "ews_graph",
        "imap",
        "pop3",
        "smtp_auth",
        "antispam",
        "antivirus",
        "sandboxing",
        "spf",
        "dkim",
        "dmarc",
        "reverse_dns",
        "tls_in_transit",
        "encryption_at_rest",
        "litigation_hold",
        mode="before",
    )(_tri_state)


# --- end of capability fit block --------------------------------------------------------------


class Plan(_Frozen):
    """One hosted plan: a catalogue entry or a quote the user typed in."""

    provider: str = Field(
        title="Provider",
        json_schema_extra={"unit": ""},
        min_length=1,
        max_length=60,
        description="Provider name.",
    )
    plan: str = Field(
        title="Plan",
        json_schema_extra={"unit": ""},
        min_length=1,
        max_length=60,
        description="Plan name.",
    )
    price_per_user_month: Money = Field(
        title="Price",
        json_schema_extra={"unit": "money/user/month"},
        description="Price per user per month, in the plan's currency.",
    )
    currency: str = Field(
        title="Currency of the plan's prices",
        json_schema_extra={"unit": "ISO code"},
        default=CATALOGUE,
        min_length=3,
        max_length=3,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 code the plan's prices (price, archive, support, backup) are "
        "stated in: the catalogue's are US dollars; a quote may be in any currency with a "
        "dated default rate, or the display currency. Converted once at the rates in use.",
    )
    mailbox_gb: float = Field(
        title="Mailbox quota",
        json_schema_extra={"unit": "GB"},
        gt=0,
        le=100_000,
        description="Mailbox quota per user, GB.",
    )
    archive_gb: float = Field(
        title="Archive",
        json_schema_extra={"unit": "GB"},
        default=0,
        ge=0,
        le=100_000,
        description="Archive space available per user, GB (0 = no archive).",
    )
    archive_price_per_user_month: Money = Field(
        title="Archive price",
        json_schema_extra={"unit": "money/user/month"},
        default=0,
        description="Archive add-on price per user per month (0 = included).",
    )
    attachment_mb: float = Field(
        title="Largest attachment",
        json_schema_extra={"unit": "MB"},
        gt=0,
        le=10_000,
        description="Largest attachment, MB.",
    )
    own_price_history: bool = Field(
        default=False,
        title="Use this plan's own price history",
        description="Escalate this plan's price by its own yearly change below instead of the "
        "scenario's hosted price escalation (its provider's price history is known).",
        json_schema_extra={"unit": ""},
    )
    price_escalation_pct_per_year: float = Field(
        default=0.0,
        ge=-20,
        le=50,
        title="Yearly price change of this plan",
        description="How this provider has moved this plan's price, percent a year, from its "
        "price history; used when the plan's own price history is switched on.",
        json_schema_extra={"unit": "%/year"},
    )
    max_attachment_mb: float = Field(
        default=0,
        ge=0,
        le=10_000,
        title="Largest attachment once the admin raises the limit",
        description="The largest message an administrator can allow (Exchange Online: 150 MB "
        "against 35 MB by default); used instead of the default limit only when the scenario "
        "says the admin will raise it (0 = the default limit is also the maximum).",
        json_schema_extra={"unit": "MB"},
    )
    shared_cap_group: str = Field(
        default="",
        max_length=60,
        title="Seat cap shared with",
        description="Plans naming the same group share one seat cap (their max users) in a "
        "placement: Microsoft 365 Business Basic, Standard and Premium allow 300 seats per "
        "tenant across all three (empty = the plan's cap is its own).",
        json_schema_extra={"unit": ""},
    )
    one_edition_group: str = Field(
        default="",
        max_length=60,
        title="One edition per organisation, among",
        description="Plans naming the same group are editions of which a placement uses one: "
        "Google Workspace moves the whole organisation when the edition changes. Clear it if "
        "your provider lets you mix editions (empty = mixes freely).",
        json_schema_extra={"unit": ""},
    )
    sla_pct: Annotated[float, AVAILABILITY_PCT] = Field(
        title="SLA availability",
        json_schema_extra={"unit": "%"},
        description="Availability the provider commits to (a contractual floor backed by "
        "service credits, not the uptime to expect), percent.",
    )
    expected_availability_pct: Annotated[float | None, AVAILABILITY_PCT] = Field(
        title="Expected availability",
        json_schema_extra={"unit": "%"},
        default=None,
        description="Availability to expect, percent: the provider's published achieved "
        "uptime, or an estimate; expected downtime is priced from it (none = estimated "
        "from the SLA: hosted.unpublished_outage_share_of_sla_pct).",
    )
    expected_availability_source: str = Field(
        title="Source of the expected availability",
        json_schema_extra={"unit": ""},
        default="",
        max_length=500,
        description="Basis and source of the expected availability, with its range.",
    )
    sla_credits: str = Field(
        title="What the SLA pays back",
        json_schema_extra={"unit": ""},
        default="",
        max_length=300,
        description="What the SLA pays back when it is missed (service credits), as published.",
    )
    backup_per_gb_month: Money = Field(
        default=0,
        title="Provider's own backup price per GB-month",
        description="The provider's own backup product priced per GB of mailbox a month "
        "(Microsoft 365 Backup); where it is cheaper than the per-user backup product, it is "
        "the one priced when the backup requirement needs a backup (0 = the provider sells none).",
        json_schema_extra={"unit": "money/GB/month"},
    )
    support_per_user_month: Money = Field(
        title="Support bought separately",
        json_schema_extra={"unit": "money/user/month"},
        default=0,
        description="Provider support tier bought separately, per user per month (0 = the "
        "support included with the plan).",
    )
    min_users: int = Field(
        title="Fewest users sold",
        json_schema_extra={"unit": "users"},
        default=1,
        ge=1,
        le=1_000_000,
        description="Fewest users sold.",
    )
    max_users: int | None = Field(
        title="Most users allowed",
        json_schema_extra={"unit": "users"},
        default=None,
        ge=1,
        le=10_000_000,
        description="Most users allowed (none = no cap).",
    )
    illustrative: bool = Field(
        title="Illustrative price",
        json_schema_extra={"unit": ""},
        default=False,
        description="Prices are illustrative, not published: replace with a quote.",
    )
    source: str = Field(
        title="Source",
        json_schema_extra={"unit": ""},
        default="entered by the user",
        max_length=500,
        description="Where the price comes from: the provider's page or the quote, with its "
        "date in As of.",
    )
    as_of: dt.date | None = Field(
        title="As of",
        json_schema_extra={"unit": ""},
        default=None,
        description="Date the price was valid.",
    )
    offers: Offers = Field(
        title="What the plan offers",
        json_schema_extra={"unit": ""},
        default_factory=Offers,
        description="What the plan offers against the requirements (unknown unless stated).",
    )

    @property
    def label(self) -> str:
        """Name shown for the option: ``Provider Plan``."""
        return f"{self.provider} {self.plan}"

    @model_validator(mode="after")
    def _users_range(self) -> Plan:
        if self.max_users is not None and self.max_users < self.min_users:
            raise ValueError(f"max_users {self.max_users} is below min_users {self.min_users}")
        return self

    @model_validator(mode="after")
    def _not_an_option_name(self) -> Plan:
        reserved = reserved_plan_names(_EXISTING_PLATFORM_NAMES)
        if clashes(self.label, reserved):
            raise ValueError(
                f"provider and plan = {self.label!r} read as one of the planner's own "
                f"options; rename the plan (not allowed: {'; '.join(reserved)})"
            )
        return self


INHOUSE_PLACEMENT = "in-house"
"""The name a segment's ``allowed`` list uses for in-house Exchange (plans use their label)."""


class Hybrid(_Frozen):
    """What a mix adds when some segments stay in-house and others move to a Microsoft plan
    (README, Methodology: segments and hybrid), and for each other extra mail organisation in
    a placement. The in-house mailbox servers do the hybrid duty, so no extra Exchange
    licence is priced."""

    setup_cost: Money = Field(
        title="Hybrid set-up project",
        json_schema_extra={"unit": "money"},
        description="One-time hybrid set-up project (Hybrid Configuration Wizard, "
        "certificates, mail-flow connectors, testing), currency.",
    )
    directory_sync_host_price: Money = Field(
        title="Directory synchronisation host",
        json_schema_extra={"unit": "money"},
        description="Directory-synchronisation host (a small server or VM with its Windows "
        "licence), bought up front and again at each server refresh, currency.",
    )
    running_per_year: Money = Field(
        title="Running two platforms side by side",
        json_schema_extra={"unit": "money/year"},
        description="Running two platforms side by side (coexistence support, hybrid "
        "certificates, mail-flow and free/busy upkeep), currency per year.",
    )
    cross_organisation_setup_cost: Money = Field(
        title="Set-up of each extra mail organisation in a mix",
        description="One-time project for each mail organisation a placement adds beyond "
        "the first, where no Exchange hybrid applies (two hosted providers, or in-house "
        "Exchange beside a non-Microsoft provider): a second cut-over, split mail routing, "
        "connectors, contact sync and free/busy sharing where it exists.",
        json_schema_extra={"unit": "money"},
    )
    cross_organisation_running_per_year: Money = Field(
        title="Running each extra mail organisation in a mix",
        description="Yearly upkeep of each such extra organisation: mail-flow connectors and "
        "their certificates, contact and calendar sharing, a second admin console.",
        json_schema_extra={"unit": "money/year"},
    )


class Segment(_Frozen):
    """A group of users with its own mail profile and the places it may go. Fields left out
    take the organisation's or the mail profile's value."""

    name: str = Field(
        title="Segment",
        json_schema_extra={"unit": ""},
        min_length=1,
        max_length=40,
        description="Segment name.",
    )

    @field_validator("name")
    @classmethod
    def _not_an_option_name(cls, name: str) -> str:
        reserved = reserved_segment_names(_EXISTING_PLATFORM_NAMES)
        if clashes(name, reserved):
            raise ValueError(
                f"{name!r} reads as one of the planner's own options or as every segment "
                f"together; rename the segment (not allowed: {'; '.join(reserved)})"
            )
        return name

    users: Annotated[int | None, USERS] = Field(
        title="Users today",
        json_schema_extra={"unit": "users"},
        default=None,
        description="Users in the segment today (or share_pct).",
    )
    share_pct: float | None = Field(
        title="Share of the organisation's users",
        json_schema_extra={"unit": "%"},
        default=None,
        gt=0,
        le=100,
        description="Share of organisation.users in the segment today, percent (or users).",
    )
    growth_pct_per_year: Annotated[float | None, GROWTH_PCT_PER_YEAR] = Field(
        title="Headcount growth",
        json_schema_extra={"unit": "%/year"},
        default=None,
        description="Headcount change of the segment per year, percent (none = the "
        "organisation's).",
    )
    mailbox_gb: Annotated[float | None, MAILBOX_GB] = Field(
        title="Mailbox size used today",
        json_schema_extra={"unit": "GB"},
        default=None,
        description="Average mailbox today, GB (none = the mail profile's).",
    )
    mailbox_growth_gb_per_year: Annotated[float | None, MAILBOX_GROWTH_GB_PER_YEAR] = Field(
        title="Mailbox growth per user",
        json_schema_extra={"unit": "GB/year"},
        default=None,
        description="Growth of the average mailbox per year, GB (none = the mail profile's).",
    )
    mailbox_quota_gb: Annotated[float | None, QUOTA_GB] = Field(
        title="Mailbox and archive quota needed",
        json_schema_extra={"unit": "GB"},
        default=None,
        description="Mailbox plus archive quota the segment needs, GB: a plan with less does "
        "not fit it (none = no quota asked).",
    )
    messages_per_user_day: Annotated[float | None, MESSAGES_PER_USER_DAY] = Field(
        title="Messages per user per day",
        json_schema_extra={"unit": ""},
        default=None,
        description="Messages sent plus received per user per day (none = the mail profile's).",
    )
    attachment_mb_needed: Annotated[float | None, ATTACHMENT_MB_NEEDED] = Field(
        title="Largest attachment needed",
        json_schema_extra={"unit": "MB"},
        default=None,
        description="Largest attachment the segment sends, MB (none = the mail profile's).",
    )
    working_hours_share_pct: float | None = Field(
        default=None,
        ge=0,
        le=100,
        title="Share of outage hours in working time",
        description="Share of the year's hours in which the segment works, so an outage then "
        "costs work (shift workers more than office staff; none = the organisation's).",
        json_schema_extra={"unit": "%"},
    )
    allowed: tuple[Annotated[str, Field(min_length=1, max_length=130)], ...] = Field(
        title="May go to",
        json_schema_extra={"unit": ""},
        default=(),
        max_length=41,
        description='Where the segment may go: "in-house" and plan labels (empty = anywhere).',
    )

    @field_validator("name", mode="after")
    @classmethod
    def _printable_name(cls, name: str) -> str:
        """A name is shown in tables, reports and the CLI's one-line listing: printable text,
        not only spaces."""
        if not name.strip() or not name.isprintable():
            raise ValueError(
                "a segment name must be printable text, not only spaces (no line breaks, "
                "tabs or control characters)"
            )
        return name

    @model_validator(mode="after")
    def _users_or_share(self) -> Segment:
        if (self.users is None) == (self.share_pct is None):
            raise ValueError(
                f"segment {self.name!r}: give either users or share_pct (exactly one of them)"
            )
        return self

    def users_today(self, organisation_users: int) -> float:
        """Users today: ``users``, or organisation users x share / 100."""
        if self.users is not None:
            return float(self.users)
        return organisation_users * (self.share_pct or 0.0) / 100


SEGMENT_FIELDS: tuple[str, ...] = (
    "users",
    "share_pct",
    "growth_pct_per_year",
    "mailbox_gb",
    "mailbox_growth_gb_per_year",
    "mailbox_quota_gb",
    "messages_per_user_day",
    "attachment_mb_needed",
    "working_hours_share_pct",
)
"""Segment number fields the engine reads as (B, S) arrays (none = NaN: the organisation's)."""
MAX_SEGMENTS = 8


class Scenario(_Frozen):
    """A whole scenario: the organisation, its mail, both ways of running it, and money."""

    name: str = Field(
        title="Scenario name",
        json_schema_extra={"unit": ""},
        min_length=1,
        max_length=100,
        description="Scenario name.",
    )
    description: str = Field(
        title="Description",
        json_schema_extra={"unit": ""},
        default="",
        max_length=2000,
        description="What this scenario is.",
    )
    organisation: Organisation
    mail: MailProfile
    inhouse: InHouse
    hosted: Hosted
    current: Current
    staff: Staff
    connectivity: Connectivity
    risk: Risk
    finance: Finance
    plans: tuple[Plan, ...] = Field(
        title="Hosted plans",
        json_schema_extra={"unit": ""},
        min_length=1,
        max_length=40,
        description="The hosted plans compared with in-house Exchange (the catalogue, "
        "data/plans.toml, unless the scenario lists its own).",
    )
    uncertainty: Uncertainty = Field(
        title="Uncertainty ranges",
        json_schema_extra={"unit": ""},
        default_factory=Uncertainty,
        description="Low / most likely / high ranges on inputs (see planner.model.ranges).",
    )
    requirements: Requirements
    hybrid: Hybrid
    segments: tuple[Segment, ...] = Field(
        title="User segments",
        json_schema_extra={"unit": ""},
        default=(),
        max_length=MAX_SEGMENTS,
        description="Groups of users with their own profile (none = one group, everyone).",
    )

    @field_validator("segments", mode="before")
    @classmethod
    def _at_most_eight(cls, value: Any) -> Any:
        """Name the limit in words before Pydantic's length message."""
        if isinstance(value, (list, tuple)) and len(value) > MAX_SEGMENTS:
            raise ValueError(
                f"{len(value)} segments given; allowed: at most {MAX_SEGMENTS} segments "
                "(merge the smallest groups)"
            )
        return value

    @model_validator(mode="after")
    def _plan_currencies_known(self) -> Scenario:
        for i, plan in enumerate(self.plans):
            self.finance.rate_of(plan.currency, f"plans[{i}].currency ({plan.label})")
        return self

    @model_validator(mode="after")
    def _unique_plans(self) -> Scenario:
        labels = [p.label for p in self.plans]
        doubles = sorted({x for x in labels if labels.count(x) > 1})
        if doubles:
            raise ValueError(f"plan names must be unique; repeated: {', '.join(doubles)}")
        return self

    @model_validator(mode="after")
    def _segments_add_up(self) -> Scenario:
        """Segment names are unique, their places exist and their users make the organisation."""
        if not self.segments:
            return self
        names = [s.name for s in self.segments]
        doubles = sorted({x for x in names if names.count(x) > 1})
        if doubles:
            raise ValueError(f"segment names must be unique; repeated: {', '.join(doubles)}")
        labels = [p.label for p in self.plans]
        places = {INHOUSE_PLACEMENT, *labels}
        for i, seg in enumerate(self.segments):
            unknown = [x for x in seg.allowed if x not in places]
            if unknown:
                choices = ", ".join(repr(x) for x in (INHOUSE_PLACEMENT, *labels))
                raise ValueError(
                    f"segments[{i}].allowed = {unknown[0]!r} (segment {seg.name!r}) is neither "
                    f"{INHOUSE_PLACEMENT!r} nor a plan label of this scenario; allowed: "
                    f"{choices}"
                )
        n = self.organisation.users
        total = sum(seg.users_today(n) for seg in self.segments)
        if abs(total - n) > 0.5:
            raise ValueError(
                f"segments' users add up to {total:,.1f} but organisation.users is {n:,}: "
                "give users or shares that make up the organisation"
            )
        return self

    @model_validator(mode="after")
    def _ranges_follow_inputs(self) -> Scenario:
        """Ranges not pinned move with the value in use (:func:`planner.model.ranges.follow`)."""
        followed = follow_scenario(self)
        if followed != self.uncertainty:
            object.__setattr__(self, "uncertainty", followed)  # frozen: set once, while building
        return self

    def to_data(self) -> dict[str, Any]:
        """The scenario as plain TOML-ready data (dates as dates, no None values)."""
        return self.model_dump(mode="python", exclude_none=True)


PLAN_FIELDS: tuple[str, ...] = (
    "price_per_user_month",
    "mailbox_gb",
    "archive_gb",
    "archive_price_per_user_month",
    "attachment_mb",
    "max_attachment_mb",
    "sla_pct",
    "expected_availability_pct",
    "support_per_user_month",
    "backup_per_gb_month",
    "price_escalation_pct_per_year",
    "min_users",
    "max_users",
)
"""Plan number fields the engine reads as (B, P) arrays and reports show, in this order."""


register_schema(Scenario, Plan)
