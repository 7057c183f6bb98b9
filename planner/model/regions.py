"""Regions: where the organisation is, its currency, and the defaults that differ by country.

``data/regions.toml`` names each region (United States, United Kingdom, euro area, Egypt, ...),
its currency and its own defaults in that currency (administrator cost, electricity price,
downtime cost per user-hour, incident cost), each with ``basis``, ``source`` and ``as_of``
like ``data/assumptions.toml``. Its ``[scaling]`` table holds the rules that fit the
size-dependent defaults to the organisation. :func:`apply_region` does, in order:

1. every money input re-expressed in the region's currency at the rates in use
   (:func:`planner.model.currencies.convert_money_inputs`); results shown in it too
   (``finance.currency``; a typed rate is kept only when the currency does not change);
2. the region's defaults set (already in its currency), ``organisation.region`` = the key;
3. the size-dependent defaults fitted to ``organisation.users`` = n (:func:`size_values`):

       incident cost   = regional cost x min((n / reference users) ^ exponent, cap factor)
       servers today   = 1 when n < small-office users, else copies x ceil(n / mailboxes per server)
       licences today  = servers today;  CALs today = n
       disk today      = servers today x TB per server
       book value      = servers today x server price x max(life - age, 0) / life

Step 3 alone is :func:`fit_to_size` (for a start form that sets the headcount; without a
region the incident cost starts from the US default). A scenario file is never changed by
loading it: the defaults stay a US firm's until a region or the fit is applied.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from planner.errors import CatalogueError, ScenarioValueError
from planner.model.currencies import convert_money_inputs, currencies
from planner.model.defaults import BASES, DATA_DIR, Assumption, assumptions, catalogue_dir
from planner.model.fields import scenario_fields, value_text
from planner.model.files import with_values
from planner.model.paths import value_at
from planner.model.scenario import Scenario

REGIONS_NAME = "regions.toml"
REGIONAL_PATHS = (
    "staff.salary_per_fte_year",
    "inhouse.operations.price_per_kwh",
    "risk.downtime_cost_per_user_hour",
    "current.incident_cost",
)
"""The defaults every region states, in its own currency."""
INCIDENT_PATH = "current.incident_cost"
SCALING_KEYS = (
    "reference_users",
    "incident_cost_exponent",
    "incident_cost_cap_factor",
    "small_office_users",
    "mailboxes_per_server",
    "storage_tb_per_server",
)
SIZE_PATHS = (
    "current.servers",
    "current.exchange_server_licences",
    "current.cals",
    "current.storage_tb",
    "current.hardware_book_value",
)
"""The size-dependent defaults :func:`size_values` fits to the organisation."""
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Region:
    """One region: its name, currency and defaults (dotted path -> sourced value)."""

    key: str
    name: str
    currency: str
    defaults: Mapping[str, Assumption]


@dataclass(frozen=True)
class SizeRules:
    """How the size-dependent defaults follow the headcount (``[scaling]``)."""

    reference_users: int
    incident_cost_exponent: float
    incident_cost_cap_factor: float
    small_office_users: int
    mailboxes_per_server: int
    storage_tb_per_server: float
    sources: Mapping[str, Assumption]


@dataclass(frozen=True)
class Change:
    """One input a region changed: path, its title, value before and after."""

    path: str
    title: str
    before: Any
    after: Any


def regions_file() -> Path:
    """``regions.toml`` of the catalogue folder in use, else the bundled one (a user's
    catalogue folder need not carry regions)."""
    own = catalogue_dir() / REGIONS_NAME
    return own if own.is_file() else DATA_DIR / REGIONS_NAME


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read the regions file: {exc}") from exc


def _sourced(where: str, path: str, item: Any) -> Assumption:
    """A value with its basis, source and date, or CatalogueError naming what is wrong."""
    keys = {"value", "basis", "source", "as_of"}
    if not isinstance(item, dict) or set(item) != keys:
        raise CatalogueError(f"{where}: {path} needs exactly value, basis, source and as_of")
    value = item["value"]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise CatalogueError(f"{where}: {path} = {value!r}: must be a number of 0 or more")
    if item["basis"] not in BASES:
        raise CatalogueError(f"{where}: {path} basis must be one of {', '.join(BASES)}")
    if not isinstance(item["as_of"], dt.date) or not str(item["source"]).strip():
        raise CatalogueError(f"{where}: {path} needs a source and an as_of date")
    return Assumption(path, value, item["basis"], str(item["source"]), item["as_of"])


def _leaves(table: Any, where: str, prefix: str) -> dict[str, Any]:
    """Nested tables down to the value tables, by dotted path."""
    if not isinstance(table, dict):
        raise CatalogueError(f"{where}: {prefix.rstrip('.')} must be a table")
    out: dict[str, Any] = {}
    for name, item in table.items():
        if isinstance(item, dict) and "value" not in item:
            out.update(_leaves(item, where, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = item
    return out


def _in_bounds(where: str, label: str, path: str, value: float) -> None:
    spec = scenario_fields().get(path)
    if spec is None or spec.kind not in ("int", "float"):
        raise CatalogueError(f"{where}: {label}: {path} is not a number field of a scenario")
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        raise CatalogueError(f"{where}: {label}: {path} = {value:g}; allowed: {spec.allowed}")


def _region(where: str, key: Any, item: Any) -> Region:
    label = f"regions.{key}"
    if not isinstance(key, str) or not 2 <= len(key) <= 8 or not set(key) <= _KEY_CHARS:
        raise CatalogueError(f"{where}: {label}: a key is 2 to 8 lowercase letters")
    if not isinstance(item, dict) or set(item) != {"name", "currency", "defaults"}:
        raise CatalogueError(f"{where}: {label} needs exactly name, currency and defaults")
    name, currency = item["name"], item["currency"]
    if not isinstance(name, str) or not name.strip():
        raise CatalogueError(f"{where}: {label}.name must be a name")
    if currency not in currencies():
        raise CatalogueError(
            f"{where}: {label}.currency = {currency!r} has no exchange rate; allowed: "
            + ", ".join(currencies())
        )
    raw = _leaves(item["defaults"], where, "")
    missing = [p for p in REGIONAL_PATHS if p not in raw]
    if missing:
        raise CatalogueError(f"{where}: {label}.defaults lacks {', '.join(missing)}")
    defaults = {p: _sourced(where, f"{label}.defaults.{p}", v) for p, v in raw.items()}
    for path, value in defaults.items():
        _in_bounds(where, label, path, float(value.value))
    return Region(key, name.strip(), currency, defaults)


def _rules(where: str, table: Any) -> SizeRules:
    raw = table if isinstance(table, dict) else {}
    if set(raw) != set(SCALING_KEYS):
        raise CatalogueError(f"{where}: [scaling] needs exactly {', '.join(SCALING_KEYS)}")
    items = {k: _sourced(where, f"scaling.{k}", raw[k]) for k in SCALING_KEYS}
    v = {k: items[k].value for k in SCALING_KEYS}
    counts = ("reference_users", "small_office_users", "mailboxes_per_server")
    if any(not isinstance(v[k], int) for k in counts) or v["reference_users"] < 1:
        raise CatalogueError(f"{where}: [scaling] {', '.join(counts)} are whole numbers, 1 up")
    if v["mailboxes_per_server"] < 1 or not 0 <= v["incident_cost_exponent"] <= 2:
        raise CatalogueError(
            f"{where}: [scaling] mailboxes_per_server must be 1 or more and "
            "incident_cost_exponent 0 to 2"
        )
    if v["incident_cost_cap_factor"] < 1:
        raise CatalogueError(f"{where}: [scaling] incident_cost_cap_factor must be 1 or more")
    return SizeRules(
        v["reference_users"],
        float(v["incident_cost_exponent"]),
        float(v["incident_cost_cap_factor"]),
        v["small_office_users"],
        v["mailboxes_per_server"],
        float(v["storage_tb_per_server"]),
        items,
    )


@cache
def _catalogue_in(path: Path) -> tuple[dict[str, Region], SizeRules]:
    data = _read(path)
    where = str(path)
    table = data.get("regions")
    if not isinstance(table, dict) or not table:
        raise CatalogueError(f"{where}: needs at least one [regions.<key>] table")
    return {k: _region(where, k, v) for k, v in table.items()}, _rules(where, data.get("scaling"))


def regions() -> dict[str, Region]:
    """Every region by key, in file order; CatalogueError naming the file, the region and
    what is wrong when the regions file is broken."""
    return _catalogue_in(regions_file())[0]


def size_rules() -> SizeRules:
    """The rules that fit size-dependent defaults to the headcount."""
    return _catalogue_in(regions_file())[1]


def region(key: str) -> Region:
    """The region ``key``; ScenarioValueError naming the key and the regions there are."""
    known = regions()
    if key not in known:
        shown = key if len(key) <= 20 else key[:17] + "..."
        raise ScenarioValueError(
            [
                f"Region of the defaults (organisation.region) = {shown!r}: no such region; "
                "allowed: " + ", ".join(f"{k} ({r.name})" for k, r in known.items())
            ]
        )
    return known[key]


def scaled_incident_cost(cost_at_reference: float, users: int, rules: SizeRules) -> float:
    """min(cost x (users / reference users) ^ exponent, cost x cap factor), to the unit."""
    ratio = (users / rules.reference_users) ** rules.incident_cost_exponent
    return float(round(cost_at_reference * min(ratio, rules.incident_cost_cap_factor)))


def servers_today(users: int, copies: int, rules: SizeRules) -> int:
    """1 below the small-office headcount, else copies x ceil(users / mailboxes per server)."""
    if users < rules.small_office_users:
        return 1
    return max(copies, 1) * math.ceil(users / rules.mailboxes_per_server)


def size_values(scenario: Scenario, rules: SizeRules) -> dict[str, float | int]:
    """Today's estate fitted to the headcount (see the module docstring), in the scenario's
    input currency (the book value follows ``inhouse.servers.price``)."""
    users = scenario.organisation.users
    servers = servers_today(users, scenario.inhouse.storage.database_copies, rules)
    life = scenario.inhouse.servers.refresh_years
    left = max(life - scenario.current.server_age_years, 0) / life
    return {
        "current.servers": servers,
        "current.exchange_server_licences": servers,
        "current.cals": users,
        "current.storage_tb": servers * rules.storage_tb_per_server,
        "current.hardware_book_value": float(
            round(servers * scenario.inhouse.servers.price * left, 2)
        ),
    }


def _incident_at_reference(scenario: Scenario) -> float:
    """The incident cost at the reference size, in the scenario's input currency: its
    region's figure, or without one the US default (both converted at the rates in use)."""
    fin = scenario.finance
    key = scenario.organisation.region
    if key:
        chosen = region(key)
        cost = float(chosen.defaults[INCIDENT_PATH].value)
        return cost * fin.input_rate_per_usd / fin.rate_of(chosen.currency)
    return float(assumptions()[INCIDENT_PATH].value) * fin.input_rate_per_usd


def fit_to_size(scenario: Scenario) -> Scenario:
    """``scenario`` with its size-dependent defaults fitted to ``organisation.users``:
    today's estate (:func:`size_values`) and the incident cost, from the region's figure
    (or the US default) at the reference size. For a start form that sets the headcount;
    :func:`apply_region` calls it too."""
    rules = size_rules()
    values: dict[str, Any] = dict(size_values(scenario, rules))
    values[INCIDENT_PATH] = scaled_incident_cost(
        _incident_at_reference(scenario), scenario.organisation.users, rules
    )
    return with_values(scenario, values)


def apply_region(scenario: Scenario, key: str) -> Scenario:
    """``scenario`` in region ``key``: money inputs in its currency, its defaults, and the
    size-dependent defaults fitted to the headcount (module docstring). ScenarioValueError
    for an unknown key."""
    chosen = region(key)
    converted = convert_money_inputs(scenario, chosen.currency)
    same = scenario.finance.currency == chosen.currency
    updates: dict[str, Any] = {
        "finance.currency": chosen.currency,
        "finance.exchange_rate_per_usd": scenario.finance.exchange_rate_per_usd if same else 0.0,
        "organisation.region": chosen.key,
    }
    updates.update({path: item.value for path, item in chosen.defaults.items()})
    return fit_to_size(with_values(converted, updates))


def changes(before: Scenario, after: Scenario) -> tuple[Change, ...]:
    """Every scalar input whose value differs, in model order (what to show after applying
    a region, so nothing typed is lost unseen)."""
    out = []
    for path, spec in scenario_fields().items():
        old, new = value_at(before, path), value_at(after, path)
        if old != new:
            out.append(Change(path, spec.title, old, new))
    return tuple(out)


def source_rows(key: str) -> list[dict[str, str]]:
    """The region's defaults and the size rules as rows (field, value, basis, as of,
    source) for the Assumptions tab and ``planner regions``."""
    chosen = region(key)
    titles = scenario_fields()
    rows = [
        {
            "Input": titles[path].title,
            "Value": f"{chosen.currency} {value_text(item.value)}",
            "Basis": item.basis,
            "As of": item.as_of.isoformat(),
            "Source": item.source,
        }
        for path, item in chosen.defaults.items()
    ]
    rules = size_rules()
    rows += [
        {
            "Input": f"Size rule: {name.replace('_', ' ')}",
            "Value": value_text(item.value),
            "Basis": item.basis,
            "As of": item.as_of.isoformat(),
            "Source": item.source,
        }
        for name, item in rules.sources.items()
    ]
    return rows


def applied_text(before: Scenario, after: Scenario, key: str) -> str:
    """What applying region ``key`` did, in one paragraph: each default it set with its
    value, then how many other money inputs were converted and at what rate."""
    chosen = region(key)
    cur = chosen.currency
    found = {c.path: c for c in changes(before, after)}
    specs = scenario_fields()
    set_paths = [*chosen.defaults, *SIZE_PATHS]
    parts = []
    for path in set_paths:
        if path in found:
            value = value_text(found[path].after)
            shown = f"{cur} {value}" if specs[path].money else value
            parts.append(f"{specs[path].title.lower()} {shown}")
    skip = {*set_paths, "finance.currency", "finance.exchange_rate_per_usd"}
    converted = [p for p in found if specs[p].money and p not in skip]
    text = f"Applied defaults for {chosen.name}: " + ("; ".join(parts) or "no change") + "."
    if before.finance.input_currency != cur:
        rate = before.finance.rate_of(cur) / before.finance.input_rate_per_usd
        text += (
            f" {len(converted)} other money inputs converted from "
            f"{before.finance.input_currency} at {rate:,.6g} {cur} per "
            f"{before.finance.input_currency}; results now in {cur}."
        )
    return text
