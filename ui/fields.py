"""The scenario's fields as the app shows them: groups, labels with units, bounds, help text.

Everything here is read from the Pydantic models (``planner.model.scenario``) and the sourced
defaults (``planner.model.defaults``), so a field added to the model appears in the app with
its description, bounds and source without touching the UI. Pure: no streamlit.
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from planner.model.defaults import Assumption, assumptions
from planner.model.field_errors import allowed, bounds
from planner.model.scenario import Scenario

Kind = Literal["int", "float", "bool", "choice", "text"]
MONEY_LIMIT = 1e9
"""The upper bound of ``planner.model.scenario.Money``: fields with it are amounts of money."""

# Words written differently on screen than in field names.
_WORDS = {
    "pct": "%",
    "gb": "GB",
    "tb": "TB",
    "mb": "MB",
    "kb": "KB",
    "kwh": "kWh",
    "mbps": "Mbps",
    "fte": "FTE",
    "pue": "PUE",
    "sla": "SLA",
    "cpu": "CPU",
    "cal": "CAL",
    "dr": "DR",
    "specint": "SPECint",
    "inhouse": "in-house",
    "tco": "TCO",
    "1000": "1,000",
}
# Trailing name parts that are the unit: shown in brackets instead of in the words.
_UNIT_SUFFIXES = (
    (("pct", "per", "year"), "%/year"),
    (("gb", "per", "year"), "GB/year"),
    (("pct",), "%"),
    (("gb",), "GB"),
    (("tb",), "TB"),
    (("mb",), "MB"),
    (("kb",), "KB"),
    (("days",), "days"),
    (("years",), "years"),
)
_GROUP_WORDS = {
    "inhouse": "In-house",
    "mail": "Mail profile",
    "disaster_recovery": "Disaster recovery",
    "hosted": "Hosted plans (shared costs)",
    "staff": "Staff and expertise",
    "risk": "Downtime risk",
    "current": "Starting point (today's Exchange)",
}
# Labels that read better written by hand than derived from the name ({cur}: currency).
_LABELS = {
    "organisation.users": "Users today",
    "organisation.growth_pct_per_year": "Headcount growth (%/year)",
    "organisation.horizon_years": "Horizon (years)",
    "mail.mailbox_gb": "Mailbox size used today (GB)",
    "mail.mailbox_growth_gb_per_year": "Mailbox growth (GB/user/year)",
    "inhouse.operations.watts_per_server": "Power draw per server (W)",
    "inhouse.disaster_recovery.level": "Disaster recovery level",
    "staff.inhouse_fte_per_1000_users": "In-house admin FTE per 1,000 users",
    "finance.currency": "Display currency (ISO code)",
    "finance.exchange_rate_per_usd": "Display currency per US dollar (0 = dated default)",
    "finance.tco_basis": "TCO basis",
    "current.platform": "Exchange run today",
    "current.cals": "CALs owned (Exchange and Windows)",
    "current.exchange_server_licences": "Exchange server licences owned",
    "current.licences_have_sa": "Owned licences carry Software Assurance",
    "current.cutover_cost": "Cut-over project ({cur})",
    "current.bandwidth_mbps": "Internet upload bandwidth (Mbps)",
    "current.ingestion_gb_per_day": "Provider ingestion (GB/day)",
    "current.coexistence_weeks": "Coexistence (weeks)",
    "mail.attachment_mb_needed": "Largest attachment needed (MB)",
    "mail.message_kb": "Average message size (KB)",
    "inhouse.sizing.log_days": "Transaction logs kept (days)",
    "inhouse.sizing.log_mb_per_message": "Log MB per 75 KB message",
    "inhouse.servers.max_usable_tb": "Usable disk per server (TB)",
    "inhouse.servers.max_cpu_pct": "Highest CPU use (%)",
    "inhouse.storage.raid_overhead_pct": "RAID overhead (%)",
    "inhouse.storage.step_tb": "Disk bought in steps of (TB)",
    "inhouse.upgrades.every_years": "Upgrade every (years)",
    "risk.include_downtime": "Count expected downtime loss in TCO",
    "inhouse.servers.price": "Server price ({cur})",
    "inhouse.storage.price_per_tb": "Disk price per TB ({cur})",
    "inhouse.operations.price_per_kwh": "Electricity price per kWh ({cur})",
    "staff.salary_per_fte_year": "Admin cost per FTE per year ({cur})",
    "hosted.migration_fixed": "Migration project, fixed part ({cur})",
    "name": "Scenario name",
    "description": "Description",
}


@dataclass(frozen=True)
class FieldSpec:
    """One scalar scenario field: where it sits and what it accepts."""

    path: str  # dotted path, "inhouse.servers.price"
    group: str  # path of the model holding it, "inhouse.servers" ("" for the top level)
    name: str
    kind: Kind
    description: str
    allowed: str  # in words, from planner.model.field_errors.allowed
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    money: bool = False

    @property
    def key(self) -> str:
        """The widget key: stable and derived from the path."""
        return f"field:{self.path}"


@dataclass(frozen=True)
class FieldGroup:
    """The fields of one model (``inhouse.servers``), in model order."""

    path: str
    title: str
    summary: str  # the model's docstring, first line
    fields: tuple[FieldSpec, ...]


def _kind(info: FieldInfo) -> tuple[Kind, tuple[str, ...]] | None:
    """The input a field needs, or None for lists and other non-scalar fields."""
    annotation = info.annotation
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    scalar: dict[Any, Kind] = {bool: "bool", int: "int", float: "float", str: "text"}
    kind = scalar.get(annotation)
    return None if kind is None else (kind, ())


def _spec(path: str, group: str, name: str, info: FieldInfo) -> FieldSpec | None:
    found = _kind(info)
    if found is None:
        return None
    kind, choices = found
    spec_text = info.description or ""
    b = bounds(info)
    low, high, low_open, high_open = b.low, b.high, b.low_open, b.high_open
    return FieldSpec(
        path=path,
        group=group,
        name=name,
        kind=kind,
        description=info.description or "",
        allowed=allowed(info),
        choices=choices,
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        money=kind == "float" and (high == MONEY_LIMIT or "currency" in spec_text.lower()),
    )


def _walk(model: type[BaseModel], prefix: str, out: dict[str, list[FieldSpec]]) -> None:
    """Scalar fields by group; lists (plans, uncertainty ranges) are edited elsewhere."""
    group = prefix.rstrip(".")
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            _walk(kind, f"{prefix}{name}.", out)
            continue
        spec = _spec(f"{prefix}{name}", group, name, info)
        if spec is not None:
            out.setdefault(group, []).append(spec)


def _model_at(path: str) -> type[BaseModel]:
    model: type[BaseModel] = Scenario
    for part in filter(None, path.split(".")):
        model = typing.cast(type[BaseModel], model.model_fields[part].annotation)
    return model


def _title(group: str) -> str:
    if not group:
        return "Scenario"
    if group == "inhouse":
        return "In-house: other"
    parts = [_GROUP_WORDS.get(p, p.replace("_", " ").capitalize()) for p in group.split(".")]
    return ": ".join(parts)


@cache
def field_groups() -> tuple[FieldGroup, ...]:
    """Every scalar field of the scenario, grouped by the model that holds it."""
    by_group: dict[str, list[FieldSpec]] = {}
    _walk(Scenario, "", by_group)
    groups = []
    for path, specs in by_group.items():
        doc = (_model_at(path).__doc__ or "").strip().splitlines()
        groups.append(FieldGroup(path, _title(path), doc[0] if doc else "", tuple(specs)))
    return tuple(groups)


@cache
def field_specs() -> dict[str, FieldSpec]:
    """Every scalar field by dotted path, in model order."""
    return {spec.path: spec for group in field_groups() for spec in group.fields}


def label(spec: FieldSpec, currency: str) -> str:
    """Label with its unit: ``Price per TB (USD)``, ``Free space (%)``, ``Horizon (years)``."""
    if spec.path in _LABELS:
        return _LABELS[spec.path].format(cur=currency)
    tokens = spec.name.split("_")
    unit = ""
    for suffix, shown in _UNIT_SUFFIXES:
        n = len(suffix)
        if len(tokens) > n and tuple(tokens[-n:]) == suffix and tokens[-n - 1] != "per":
            tokens, unit = tokens[:-n], shown
            break
    if tokens[0] == "cost" and tokens[1:2] == ["fixed"]:
        tokens = ["fixed", "cost", *tokens[2:]]
    shown_words: list[str] = []
    for i, token in enumerate(tokens):
        # "per server year" reads "per server per year"
        if token in ("year", "month", "day") and i >= 2 and tokens[i - 2] == "per":
            shown_words.append("per")
        shown_words.append(_WORDS.get(token, token))
    words = " ".join(shown_words)
    words = words[:1].upper() + words[1:]
    if spec.money:
        unit = currency
    return f"{words} ({unit})" if unit else words


def value_text(value: Any) -> str:
    """A value as people read it: 12,000 / 0.0597 / backup only / yes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:g}"
    return str(value).replace("_", " ")


def source_text(item: Assumption | None) -> str:
    """``Default 12,000 (estimate, as of 2026-11-28): <source>``."""
    if item is None:
        return "No bundled default."
    return (
        f"Default {value_text(item.value)} ({item.basis}, as of {item.as_of.isoformat()}): "
        f"{item.source}"
    )


@cache
def help_text(path: str) -> str:
    """Widget help: the model's description, what is allowed, and the default's source."""
    spec = field_specs()[path]
    return (
        f"{spec.description}\n\nAllowed: {spec.allowed}.\n\n{source_text(assumptions().get(path))}"
    )


def number_step(spec: FieldSpec, default: float) -> float | int:
    """Step of the +/- buttons: a tenth of the default's order of magnitude (1 for counts)."""
    if spec.kind == "int":
        magnitude = 10 ** max(0, int(math.log10(abs(default))) - 1) if default else 1
        return int(magnitude)
    if spec.name.endswith("pct") or "_pct_" in spec.name:
        return 0.5
    if not default:
        return 1.0 if (spec.high or 0) >= 10 else 0.1
    return float(10 ** (math.floor(math.log10(abs(default))) - 1))


def number_format(spec: FieldSpec, default: float) -> str:
    """printf format showing the default's digits: ``%.2f`` at least, ``%.4f`` for 0.0597,
    ``%.0f`` for whole thousands (12000)."""
    if spec.kind == "int":
        return "%d"
    if abs(default) >= 1000 and float(default).is_integer():
        return "%.0f"
    text = f"{default:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"%.{max(2, decimals)}f"
