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

from planner.model.currencies import rate_per_usd
from planner.model.option_names import clashes, reserved_plan_names, reserved_segment_names
from planner.model.ranges import Uncertainty, follow_scenario, register_schema

DrLevel = Literal["none", "backup_only", "warm_standby", "hot_site"]
DR_LEVELS: tuple[DrLevel, ...] = ("none", "backup_only", "warm_standby", "hot_site")
Edition = Literal["standard", "enterprise"]
EDITIONS: tuple[Edition, ...] = ("standard", "enterprise")
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

Money = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]
Pct = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


_NUMBERS = {int, float, int | None}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

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

    users: int = Field(ge=1, le=1_000_000, description="Mail users today (mailboxes).")
    growth_pct_per_year: float = Field(
        ge=-50,
        le=100,
        allow_inf_nan=False,
        description="Headcount change per year, percent (negative for shrinking).",
    )
    horizon_years: int = Field(ge=1, le=15, description="Years to project after the upfront year.")


class MailProfile(_Frozen):
    """How people use mail: drives Microsoft's storage and CPU sizing."""

    messages_per_user_day: float = Field(
        ge=1,
        le=2000,
        allow_inf_nan=False,
        description="Messages sent plus received per user per day.",
    )
    message_kb: float = Field(
        ge=1, le=10_000, allow_inf_nan=False, description="Average message size, KB."
    )
    mailbox_gb: float = Field(
        ge=0.01,
        le=2000,
        allow_inf_nan=False,
        description="Mailbox size users hold today, on average, GB; it grows by the mailbox "
        "growth each year and decides which plans' mailboxes it outgrows. It is not the "
        "mailbox quota you need: that is set under Requirements.",
    )
    mailbox_growth_gb_per_year: float = Field(
        ge=0,
        le=500,
        allow_inf_nan=False,
        description="Growth of the average mailbox per user per year, GB.",
    )
    deleted_item_retention_days: int = Field(
        ge=0, le=365, description="Days deleted items stay recoverable (Exchange default 14)."
    )
    attachment_mb_needed: float = Field(
        ge=1,
        le=1000,
        allow_inf_nan=False,
        description="Largest attachment users need to send, MB.",
    )


class Sizing(_Frozen):
    """Factors of Microsoft's Exchange sizing method (change only with a reason)."""

    single_item_recovery_factor: float = Field(
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Dumpster share of the mailbox for single item recovery (0.012).",
    )
    calendar_version_factor: float = Field(
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Dumpster share of the mailbox for calendar version storage (0.058).",
    )
    database_overhead_pct: Pct = Field(
        description="Database growth overhead on top of mailboxes on disk, percent."
    )
    content_index_pct: Pct = Field(description="Search content index, percent of database size.")
    free_space_pct: float = Field(
        ge=0,
        le=90,
        allow_inf_nan=False,
        description="Free space kept on each database volume, percent.",
    )
    log_days: float = Field(
        ge=0, le=30, allow_inf_nan=False, description="Days of transaction logs kept on disk."
    )
    log_mb_per_message: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Transaction log MB generated per message of 75 KB (about 0.2).",
    )
    megacycles_active_per_message: float = Field(
        gt=0,
        le=10,
        allow_inf_nan=False,
        description="CPU megacycles per active mailbox per daily message (Exchange 2016: 0.0597).",
    )
    megacycles_passive_per_message: float = Field(
        ge=0,
        le=10,
        allow_inf_nan=False,
        description="CPU megacycles per passive copy per daily message (Exchange 2016: 0.014).",
    )
    baseline_specint_per_core: float = Field(
        ge=1,
        le=1000,
        allow_inf_nan=False,
        description="SPECint_rate2006 per core of the baseline server (33.75 = 2,000 Mcycles).",
    )
    cache_mb_per_mailbox_per_50_messages: float = Field(
        ge=0,
        le=1000,
        allow_inf_nan=False,
        description="Database cache per active mailbox for every 50 messages a day, MB: with "
        "the cache share, it gives the memory a server needs in the worst failure mode.",
    )
    cache_share_of_memory_pct: float = Field(
        ge=1,
        le=100,
        allow_inf_nan=False,
        description="Share of server memory Exchange gives its database cache, percent.",
    )
    max_database_gb: float = Field(
        ge=50,
        le=16_384,
        allow_inf_nan=False,
        description="Largest database size planned, GB (2 TB recommended).",
    )


class Servers(_Frozen):
    """Mailbox servers of the primary site."""

    price: Money = Field(description="Price of one mailbox server (2U, dual socket), currency.")
    cores: int = Field(ge=2, le=512, description="Physical cores per server.")
    specint_per_core: float = Field(
        ge=1,
        le=1000,
        allow_inf_nan=False,
        description="SPECint_rate2006 per core of the server model.",
    )
    max_cpu_pct: float = Field(
        ge=10,
        le=100,
        allow_inf_nan=False,
        description="Highest CPU use allowed in the worst failure mode, percent (80).",
    )
    spare_servers: int = Field(
        ge=0,
        le=16,
        description="Servers added on top of the CPU need, an explicit choice (0 by default: "
        "CPU is already sized for the worst failure mode of the copy layout).",
    )
    max_usable_tb: float = Field(
        ge=0.1,
        le=10_000,
        allow_inf_nan=False,
        description="Usable disk one server chassis holds, TB.",
    )
    memory_gb: float = Field(
        ge=1,
        le=16_384,
        allow_inf_nan=False,
        description="Memory per mailbox server, GB (Exchange 2019 / SE: 128 recommended).",
    )
    refresh_years: int = Field(ge=1, le=15, description="Years before hardware is replaced.")
    warranty_years: int = Field(
        ge=0,
        le=15,
        description="Years of maintenance included in the purchase price (the vendor's "
        "warranty); paid maintenance starts after it.",
    )
    maintenance_pct_per_year: Pct = Field(
        description="Yearly hardware maintenance, percent of purchase price in service."
    )


class Storage(_Frozen):
    """Disk for mailbox databases."""

    price_per_tb: Money = Field(description="Price per TB of usable disk, before RAID, currency.")
    database_copies: int = Field(
        ge=1, le=16, description="Copies of each database in the primary site (one per server)."
    )
    raid_overhead_pct: float = Field(
        ge=0,
        le=300,
        allow_inf_nan=False,
        description="Extra disk for RAID, percent (0 for JBOD with database copies).",
    )
    step_tb: float = Field(
        ge=0.01,
        le=10_000,
        allow_inf_nan=False,
        description="Disk is bought in steps of this many TB (a drive or a shelf).",
    )


class Licences(_Frozen):
    """Exchange Server Subscription Edition, Windows Server and access licences."""

    edition: Edition = Field(
        description="Exchange edition: Standard mounts 5 databases per server, Enterprise 100."
    )
    exchange_standard_per_server: Money = Field(
        description="Exchange Server Standard licence per server, currency."
    )
    exchange_enterprise_per_server: Money = Field(
        description="Exchange Server Enterprise licence per server, currency."
    )
    cal_per_user: Money = Field(description="Exchange Standard CAL per user, currency.")
    enterprise_cal_per_user: Money = Field(
        description="Exchange Enterprise CAL add-on per user, currency."
    )
    enterprise_cal_share_pct: Pct = Field(
        description="Share of users needing the Enterprise CAL add-on (archiving, DLP), percent."
    )
    windows_per_16_cores: Money = Field(
        description="Windows Server Standard per 16 cores (minimum 16 per server), currency."
    )
    windows_cal_per_user: Money = Field(description="Windows Server user CAL, currency.")
    subscription_pct_per_year: Pct = Field(
        description="Yearly subscription / Software Assurance, percent of the price of the "
        "licences in use that year (Exchange SE requires it on Exchange server licences and CALs)."
    )
    windows_software_assurance: bool = Field(
        description="Also pay Software Assurance on Windows Server licences and Windows CALs. "
        "Exchange SE does not require it (its subscription rule covers Exchange server "
        "licences and Exchange CALs only), so it is off by default."
    )


class Operations(_Frozen):
    """Running the servers: power, space, tooling."""

    watts_per_server: float = Field(
        ge=0, le=10_000, allow_inf_nan=False, description="Average power draw per server, W."
    )
    pue: float = Field(
        ge=1,
        le=4,
        allow_inf_nan=False,
        description="Power usage effectiveness of the room (total power / IT power).",
    )
    price_per_kwh: float = Field(
        ge=0, le=10, allow_inf_nan=False, description="Electricity price per kWh, currency."
    )
    space_per_server_year: Money = Field(
        description="Rack space or colocation per server per year, currency."
    )
    monitoring_per_server_year: Money = Field(
        description="Monitoring tools and service per server per year, currency."
    )


class Protection(_Frozen):
    """Anti-spam, anti-virus and server security."""

    gateway_per_user_year: Money = Field(
        description="Anti-spam / anti-virus gateway per user per year, currency."
    )
    security_per_server_year: Money = Field(
        description="Server security (endpoint protection, hardening) per server per year."
    )


class DisasterRecovery(_Frozen):
    """How the in-house system survives a disaster, and how available it is."""

    level: DrLevel = Field(
        description="none, backup_only, warm_standby (smaller second site) or hot_site."
    )
    backup_per_server_year: Money = Field(
        description="Backup software and service per server per year, currency."
    )
    backup_storage_ratio: float = Field(
        ge=0,
        le=20,
        allow_inf_nan=False,
        description="Backup disk as a multiple of one copy of the databases.",
    )
    warm_standby_share_pct: Pct = Field(
        description="Warm standby site size, percent of the primary site."
    )
    hot_site_share_pct: float = Field(
        ge=0,
        le=200,
        allow_inf_nan=False,
        description="Hot site size, percent of the primary site (100 = symmetric).",
    )
    availability_none_pct: float = Field(
        ge=90, le=100, allow_inf_nan=False, description="Expected availability with no DR, percent."
    )
    availability_backup_only_pct: float = Field(
        ge=90,
        le=100,
        allow_inf_nan=False,
        description="Expected availability with backups only, percent.",
    )
    availability_warm_standby_pct: float = Field(
        ge=90,
        le=100,
        allow_inf_nan=False,
        description="Expected availability with a warm standby site, percent.",
    )
    availability_hot_site_pct: float = Field(
        ge=90,
        le=100,
        allow_inf_nan=False,
        description="Expected availability with a hot site, percent.",
    )


class Upgrades(_Frozen):
    """Major upgrade projects (version or platform moves)."""

    every_years: int = Field(ge=1, le=15, description="Years between major upgrade projects.")
    cost_fixed: Money = Field(description="Fixed cost of one upgrade project, currency.")
    cost_per_user: Money = Field(description="Cost of one upgrade project per user, currency.")


class Build(_Frozen):
    """One-time design, installation and mailbox move for the in-house system."""

    cost_fixed: Money = Field(description="Design and installation, currency (one time).")
    cost_per_user: Money = Field(
        description="Mailbox move and set-up per user, currency (one time)."
    )


class Internet(_Frozen):
    """What a mail server facing the internet needs besides bandwidth."""

    public_ip_count: int = Field(
        ge=0, le=1000, description="Static public IPv4 addresses (SMTP with reverse DNS, access)."
    )
    price_per_public_ip_month: Money = Field(
        description="Price of one static public IP per month, reverse DNS included, currency."
    )
    tls_certificate_per_year: Money = Field(
        description="Public TLS certificate(s) for mail, Autodiscover and web access, per year."
    )
    dns_hosting_per_year: Money = Field(
        description="Managed DNS for the mail records (MX, Autodiscover, SPF, DKIM, DMARC), "
        "per year."
    )
    mail_authentication_setup: Money = Field(
        description="One-time set-up of SPF, DKIM signing, DMARC and reverse DNS, currency."
    )
    mail_authentication_per_year: Money = Field(
        description="Upkeep of DKIM signing and DMARC report monitoring per year, currency."
    )


class Layout(_Frozen):
    """Servers the Exchange layout needs besides mailbox servers."""

    witness_server_price: Money = Field(
        description="A small server for the file share witness, bought when the primary site "
        "holds 2 or more database copies, currency (0 = an existing server hosts it)."
    )
    load_balancer_price: Money = Field(
        description="Load balancing for client access, bought when the primary site has 2 or "
        "more mailbox servers, currency (0 = DNS round robin)."
    )
    directory_servers: int = Field(
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
        description="Share of users reaching the in-house servers over the internet, percent."
    )


class Hosted(_Frozen):
    """Paying a provider per user (the plans are in the catalogue)."""

    migration_per_user: Money = Field(
        description="Mailbox migration per user, currency (one time)."
    )
    migration_fixed: Money = Field(
        description="Migration project, fixed part, currency (one time)."
    )
    price_escalation_pct_per_year: float = Field(
        ge=-20, le=50, allow_inf_nan=False, description="Yearly change of plan prices, percent."
    )
    backup_per_user_month: Money = Field(
        description="Third-party backup of hosted mailboxes per user per month (0 = none)."
    )
    protection_per_user_month: Money = Field(
        description="Extra protection bought on top of the plan per user per month (0 = built in)."
    )


class Current(_Frozen):
    """Where the organisation stands today: the Exchange it already runs (none = greenfield)."""

    platform: Platform = Field(
        description="Exchange running today: none (greenfield: every server bought in year 0), "
        "Exchange 2016 or 2019 (out of support since 14 Oct 2025), or Exchange SE."
    )
    servers: int = Field(ge=0, le=1000, description="Mailbox servers in service today.")
    server_age_years: int = Field(
        ge=0,
        le=15,
        description="Age of today's servers and disk, years; they serve until they reach the "
        "refresh age (inhouse.servers.refresh_years) and are then replaced.",
    )
    storage_tb: float = Field(
        ge=0, le=100_000, allow_inf_nan=False, description="Disk installed today, TB (raw)."
    )
    exchange_server_licences: int = Field(
        ge=0, le=1000, description="Exchange server licences owned (edition as chosen)."
    )
    cals: int = Field(ge=0, le=1_000_000, description="Exchange and Windows user CALs owned.")
    licences_have_sa: bool = Field(
        description="The owned Exchange licences carry active Software Assurance (SE needs it; "
        "without it the SE upgrade buys the Exchange licences again)."
    )
    hardware_book_value: Money = Field(
        description="Book value of today's servers and disk, currency (write-off on a move)."
    )
    resale_pct_of_book: Pct = Field(
        description="Share of the book value recovered by selling the old hardware, percent."
    )
    incident_probability_pct_per_year: Pct = Field(
        description="Chance per year of a serious security incident on unpatched Exchange, "
        "percent (estimate)."
    )
    incident_cost: Money = Field(description="Cost of one such incident, currency (estimate).")
    migration_tool_per_mailbox: Money = Field(
        description="Migration tool licence per mailbox moved, currency."
    )
    migration_hours_per_mailbox: float = Field(
        ge=0, le=100, allow_inf_nan=False, description="Staff hours per mailbox moved."
    )
    cutover_cost: Money = Field(description="Fixed cut-over project (DNS, identity), currency.")
    decommission_cost: Money = Field(
        description="Decommissioning the old servers (data wipe, removal), currency."
    )
    bandwidth_mbps: float = Field(
        ge=0.1, le=100_000, allow_inf_nan=False, description="Internet upload bandwidth, Mbps."
    )
    usable_bandwidth_pct: float = Field(
        ge=1,
        le=100,
        allow_inf_nan=False,
        description="Share of the bandwidth the migration may use, percent.",
    )
    ingestion_gb_per_day: float = Field(
        ge=1,
        le=1_000_000,
        allow_inf_nan=False,
        description="Most data the provider ingests per day, GB.",
    )
    coexistence_weeks: float = Field(
        ge=0,
        le=104,
        allow_inf_nan=False,
        description="Weeks old and new platforms run side by side (both paid).",
    )


class Staff(_Frozen):
    """The people who run mail: the expertise factor."""

    salary_per_fte_year: Money = Field(
        description="Loaded cost of one administrator per year (salary and benefits), currency."
    )
    salary_growth_pct_per_year: float = Field(
        ge=-20, le=50, allow_inf_nan=False, description="Yearly salary growth, percent."
    )
    training_per_fte_year: Money = Field(description="Training per administrator FTE per year.")
    inhouse_fte_per_1000_users: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Administrator FTE for in-house Exchange at 1,000 users (the anchor of "
        "the scale curve; per 1,000 users at that size).",
    )
    inhouse_fte_minimum: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Smallest in-house administrator FTE, however few users.",
    )
    hosted_fte_per_1000_users: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Administrator FTE still needed with a hosted plan at 1,000 users (the "
        "anchor of the scale curve).",
    )
    hosted_fte_minimum: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Smallest administrator FTE with a hosted plan.",
    )
    fte_scale_exponent: float = Field(
        ge=0.3,
        le=1.5,
        allow_inf_nan=False,
        description="How administrator effort grows with headcount, in-house and hosted alike: "
        "FTE = FTE per 1,000 users x (users / 1,000) ^ exponent, at least the minimum. "
        "1 = linear; below 1 = economies of scale (0.8: 5,000 users need 3.6 FTE, not 5).",
    )


class Connectivity(_Frozen):
    """Internet bandwidth for mail clients."""

    users_per_mbps: float = Field(
        ge=0.1,
        le=10_000,
        allow_inf_nan=False,
        description="Users served per Mbps of internet (MAPI: about 25).",
    )
    price_per_mbps_month: Money = Field(description="Internet price per Mbps per month, currency.")


class Risk(_Frozen):
    """What an hour without mail costs."""

    downtime_cost_per_user_hour: Money = Field(
        description="Cost of one hour of mail outage per user, currency (the whole "
        "organisation's hourly cost divided by its users)."
    )
    include_downtime: bool = Field(
        description="Count expected downtime loss in the total cost of ownership."
    )


class Finance(_Frozen):
    """Money over time."""

    # Display currency: one block (see planner.model.currencies).
    currency: str = Field(
        min_length=3,
        max_length=3,
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 code of the currency results are shown in: USD, EGP, EUR, GBP, "
        "AED, SAR and INR have dated default rates; prices you type stay in US dollars.",
    )
    exchange_rate_per_usd: float = Field(
        default=0.0,
        ge=0,
        le=1_000_000,
        allow_inf_nan=False,
        description="Units of the display currency for one US dollar; every result is "
        "converted from the US dollar catalogue and defaults at this rate. 0 = the "
        "currency's dated default rate (data/currencies.toml).",
    )

    @model_validator(mode="after")
    def _known_rate(self) -> Finance:
        rate_per_usd(self.currency, self.exchange_rate_per_usd)  # ValueError without a rate
        return self

    @property
    def rate_per_usd(self) -> float:
        """The rate in use: ``exchange_rate_per_usd``, or the currency's default when 0."""
        return rate_per_usd(self.currency, self.exchange_rate_per_usd)

    discount_rate_pct: float = Field(
        ge=0,
        le=50,
        allow_inf_nan=False,
        description="Discount rate for net present value, percent.",
    )
    inflation_pct_per_year: float = Field(
        ge=-10,
        le=50,
        allow_inf_nan=False,
        description="Yearly change of in-house prices (hardware, power, services), percent.",
    )
    tco_basis: TcoBasis = Field(
        description="net_of_residual subtracts the value hardware and upgrade projects still "
        "have at the horizon; cash counts every purchase in full."
    )
    after_tax_view: bool = Field(
        description="Also show TCO and NPV after tax: capital depreciated straight-line, "
        "operating costs expensed, both at the tax rate."
    )
    tax_rate_pct: float = Field(
        ge=0,
        le=90,  # at 100% the after-tax cost is a difference of equal numbers: float noise
        allow_inf_nan=False,
        description="Tax rate on profit for the after-tax view, percent.",
    )
    depreciation_years: int = Field(
        ge=1, le=40, description="Years over which capital is depreciated (straight line)."
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
        description="Anti-spam / anti-virus gateway bought when filtering is required and the "
        "in-house gateway costs 0, per user per year, currency."
    )
    sandboxing_per_user_year: Money = Field(
        description="Attachment sandboxing added to the in-house gateway when sandboxing is "
        "required, per user per year, currency."
    )
    backup_retention_days: int = Field(
        ge=1,
        le=3650,
        description="Days of backups the in-house backup disk (backup_storage_ratio) holds; a "
        "longer requirement scales the backup disk in proportion.",
    )
    fte_minimum_24x7: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Smallest in-house administrator FTE that gives 24x7 on-call support.",
    )


class Requirements(_Frozen):
    """What the organisation needs from its mail, whatever it costs (0 / false / any = not
    required)."""

    mailbox_quota_gb: float = Field(
        ge=0, le=100_000, allow_inf_nan=False, description="Primary mailbox quota per user, GB."
    )
    archive_gb: float = Field(
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="Archive space per user on top of the mailbox, GB (0 = none needed).",
    )
    min_availability_pct: float = Field(
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Lowest availability accepted: a plan's SLA, in-house's expected "
        "availability at its DR level, percent (0 = none).",
    )
    needs_mapi: bool = Field(description="Outlook over MAPI (MAPI over HTTP).")
    needs_activesync: bool = Field(description="Exchange ActiveSync for phones.")
    needs_ews_graph: bool = Field(description="Exchange Web Services or Microsoft Graph.")
    needs_imap: bool = Field(description="IMAP clients.")
    needs_pop3: bool = Field(description="POP3 clients.")
    needs_smtp_auth: bool = Field(description="Authenticated SMTP submission (devices, apps).")
    needs_antispam: bool = Field(description="Inbound anti-spam filtering.")
    needs_antivirus: bool = Field(description="Inbound anti-virus / anti-malware scanning.")
    needs_sandboxing: bool = Field(description="Attachments opened in a sandbox before delivery.")
    needs_spf: bool = Field(description="SPF for outbound mail, set up with the provider.")
    needs_dkim: bool = Field(description="DKIM signing of outbound mail.")
    needs_dmarc: bool = Field(description="DMARC for outbound mail.")
    needs_reverse_dns: bool = Field(description="Reverse DNS of the sending servers.")
    needs_tls_in_transit: bool = Field(description="TLS encryption of mail in transit.")
    needs_encryption_at_rest: bool = Field(description="Mailbox data encrypted at rest.")
    needs_litigation_hold: bool = Field(description="Litigation hold / eDiscovery holds.")
    backup_retention_days: int = Field(
        ge=0,
        le=3650,
        description="Days deleted or lost mail must stay restorable (0 = none).",
    )
    data_region: RegionChoice = Field(
        description="Region the mailbox data must stay in (any = no requirement)."
    )
    min_sites: int = Field(
        ge=1,
        le=100,
        description="Independent sites / availability zones holding the mail (1 = no requirement).",
    )
    support_hours: SupportChoice = Field(
        description="Expert support needed: business_hours or 24x7 (any = no requirement)."
    )
    support_language: str = Field(
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

    mapi: bool | None = Field(default=None, description="Outlook over MAPI.")
    activesync: bool | None = Field(default=None, description="Exchange ActiveSync.")
    ews_graph: bool | None = Field(default=None, description="EWS or Microsoft Graph.")
    imap: bool | None = Field(default=None, description="IMAP.")
    pop3: bool | None = Field(default=None, description="POP3.")
    smtp_auth: bool | None = Field(default=None, description="Authenticated SMTP.")
    antispam: bool | None = Field(default=None, description="Inbound anti-spam.")
    antivirus: bool | None = Field(default=None, description="Inbound anti-virus.")
    sandboxing: bool | None = Field(default=None, description="Attachment sandboxing.")
    spf: bool | None = Field(default=None, description="SPF for outbound mail.")
    dkim: bool | None = Field(default=None, description="DKIM signing.")
    dmarc: bool | None = Field(default=None, description="DMARC.")
    reverse_dns: bool | None = Field(default=None, description="Reverse DNS of senders.")
    tls_in_transit: bool | None = Field(default=None, description="TLS in transit.")
    encryption_at_rest: bool | None = Field(default=None, description="Encryption at rest.")
    litigation_hold: bool | None = Field(default=None, description="Litigation hold.")
    backup_retention_days: int | None = Field(
        default=None, ge=0, le=3650, description="Days deleted mail stays restorable."
    )
    data_regions: tuple[Region, ...] | None = Field(
        default=None, max_length=len(REGIONS), description="Regions the data can be kept in."
    )
    sites: int | None = Field(
        default=None, ge=1, le=1000, description="Independent sites / availability zones."
    )
    support_hours: SupportHours | None = Field(default=None, description="Support hours.")
    support_languages: tuple[Annotated[str, Field(min_length=1, max_length=40)], ...] | None = (
        Field(default=None, max_length=50, description="Languages support speaks.")
    )
    source: str = Field(default="not stated", max_length=1000, description="Where these come from.")
    as_of: dt.date | None = Field(default=None, description="Date the offers were checked.")

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

    provider: str = Field(min_length=1, max_length=60, description="Provider name.")
    plan: str = Field(min_length=1, max_length=60, description="Plan name.")
    price_per_user_month: Money = Field(description="Price per user per month, currency.")
    mailbox_gb: float = Field(
        gt=0, le=100_000, allow_inf_nan=False, description="Mailbox quota per user, GB."
    )
    archive_gb: float = Field(
        default=0,
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="Archive space available per user, GB (0 = no archive).",
    )
    archive_price_per_user_month: Money = Field(
        default=0, description="Archive add-on price per user per month (0 = included)."
    )
    attachment_mb: float = Field(
        gt=0, le=10_000, allow_inf_nan=False, description="Largest attachment, MB."
    )
    sla_pct: float = Field(
        ge=90,
        le=100,
        allow_inf_nan=False,
        description="Availability the provider commits to (a contractual floor backed by "
        "service credits, not the uptime to expect), percent.",
    )
    expected_availability_pct: float | None = Field(
        default=None,
        ge=90,
        le=100,
        allow_inf_nan=False,
        description="Availability to expect, percent: the provider's published achieved "
        "uptime, or an estimate; expected downtime is priced from it (none = the SLA).",
    )
    expected_availability_source: str = Field(
        default="",
        max_length=500,
        description="Basis and source of the expected availability, with its range.",
    )
    sla_credits: str = Field(
        default="",
        max_length=300,
        description="What the SLA pays back when it is missed (service credits), as published.",
    )
    support_per_user_month: Money = Field(
        default=0,
        description="Provider support tier bought separately, per user per month (0 = the "
        "support included with the plan).",
    )
    min_users: int = Field(default=1, ge=1, le=1_000_000, description="Fewest users sold.")
    max_users: int | None = Field(
        default=None, ge=1, le=10_000_000, description="Most users allowed (none = no cap)."
    )
    illustrative: bool = Field(
        default=False, description="Prices are illustrative, not published: replace with a quote."
    )
    source: str = Field(default="entered by the user", max_length=500)
    as_of: dt.date | None = Field(default=None, description="Date the price was valid.")
    offers: Offers = Field(
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
    """What a mix adds when some segments stay in-house and others move to a hosted plan
    (README, Methodology: segments and hybrid). The in-house mailbox servers do the hybrid
    duty, so no extra Exchange licence is priced."""

    setup_cost: Money = Field(
        description="One-time hybrid set-up project (Hybrid Configuration Wizard, "
        "certificates, mail-flow connectors, testing), currency."
    )
    directory_sync_host_price: Money = Field(
        description="Directory-synchronisation host (a small server or VM with its Windows "
        "licence), bought up front and again at each server refresh, currency."
    )
    running_per_year: Money = Field(
        description="Running two platforms side by side (coexistence support, hybrid "
        "certificates, mail-flow and free/busy upkeep), currency per year."
    )


class Segment(_Frozen):
    """A group of users with its own mail profile and the places it may go. Fields left out
    take the organisation's or the mail profile's value."""

    name: str = Field(min_length=1, max_length=40, description="Segment name.")

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

    users: int | None = Field(
        default=None, ge=1, le=1_000_000, description="Users in the segment today (or share_pct)."
    )
    share_pct: float | None = Field(
        default=None,
        gt=0,
        le=100,
        allow_inf_nan=False,
        description="Share of organisation.users in the segment today, percent (or users).",
    )
    growth_pct_per_year: float | None = Field(
        default=None,
        ge=-50,
        le=100,
        allow_inf_nan=False,
        description="Headcount change of the segment per year, percent (none = the "
        "organisation's).",
    )
    mailbox_gb: float | None = Field(
        default=None,
        ge=0.01,
        le=2000,
        allow_inf_nan=False,
        description="Average mailbox today, GB (none = the mail profile's).",
    )
    mailbox_growth_gb_per_year: float | None = Field(
        default=None,
        ge=0,
        le=500,
        allow_inf_nan=False,
        description="Growth of the average mailbox per year, GB (none = the mail profile's).",
    )
    mailbox_quota_gb: float | None = Field(
        default=None,
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="Mailbox plus archive quota the segment needs, GB: a plan with less does "
        "not fit it (none = no quota asked).",
    )
    messages_per_user_day: float | None = Field(
        default=None,
        ge=1,
        le=2000,
        allow_inf_nan=False,
        description="Messages sent plus received per user per day (none = the mail profile's).",
    )
    attachment_mb_needed: float | None = Field(
        default=None,
        ge=1,
        le=1000,
        allow_inf_nan=False,
        description="Largest attachment the segment sends, MB (none = the mail profile's).",
    )
    allowed: tuple[Annotated[str, Field(min_length=1, max_length=130)], ...] = Field(
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
)
"""Segment number fields the engine reads as (B, S) arrays (none = NaN: the organisation's)."""
MAX_SEGMENTS = 8


class Scenario(_Frozen):
    """A whole scenario: the organisation, its mail, both ways of running it, and money."""

    name: str = Field(min_length=1, max_length=100, description="Scenario name.")
    description: str = Field(default="", max_length=2000, description="What this scenario is.")
    organisation: Organisation
    mail: MailProfile
    inhouse: InHouse
    hosted: Hosted
    current: Current
    staff: Staff
    connectivity: Connectivity
    risk: Risk
    finance: Finance
    plans: tuple[Plan, ...] = Field(min_length=1, max_length=40)
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty,
        description="Low / most likely / high ranges on inputs (see planner.model.ranges).",
    )
    requirements: Requirements
    hybrid: Hybrid
    segments: tuple[Segment, ...] = Field(
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
    "sla_pct",
    "expected_availability_pct",
    "support_per_user_month",
    "min_users",
    "max_users",
)
"""Plan number fields the engine reads as (B, P) arrays and reports show, in this order."""


register_schema(Scenario, Plan)
