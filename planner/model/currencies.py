"""Currencies: the dated default exchange rates of ``data/currencies.toml``, and money inputs
re-expressed in another currency.

The catalogue and the defaults are US dollar prices and keep their currency and dates. A
scenario's money inputs are typed in ``finance.input_currency`` (US dollars unless it says
otherwise); a plan's prices are in its own ``currency`` (the catalogue's: US dollars). Its
results are shown in ``finance.currency``. Every rate is units of a currency per US dollar:

    rate(c) = finance.exchange_rate_per_usd    when c is the display currency and that is > 0
            = the currency's default ``per_usd`` below, otherwise (1 for US dollars)

The engine converts once at each end (:mod:`planner.engine.scenario_arrays`,
:func:`planner.engine.projection.project`):

    a plan's price in input money = price x rate(input) / rate(plan's currency)
    shown                         = input money x rate(display) / rate(input)

:func:`convert_money_inputs` re-expresses every money input in another currency at these
rates, so the scenario gives the same results (to rounding) typed in either.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import CatalogueError
from planner.model.locations import catalogue_file

if TYPE_CHECKING:
    from planner.model.scenario import Finance, Scenario

CURRENCIES_NAME = "currencies.toml"
BASES = ("published", "unverified", "estimate", "example")


@dataclass(frozen=True)
class Currency:
    """One display currency and its default rate: ``per_usd`` units for one US dollar."""

    code: str
    name: str
    per_usd: float
    basis: str
    source: str
    as_of: dt.date


def _currency(code: str, item: Any) -> Currency:
    keys = {"name", "per_usd", "basis", "source", "as_of"}
    if not isinstance(item, dict) or set(item) != keys:
        raise CatalogueError(f"{CURRENCIES_NAME}: rates.{code} needs exactly {sorted(keys)}")
    rate = item["per_usd"]
    if not isinstance(rate, int | float) or isinstance(rate, bool) or not rate > 0:
        raise CatalogueError(f"{CURRENCIES_NAME}: rates.{code}.per_usd must be above 0")
    if item["basis"] not in BASES or not isinstance(item["as_of"], dt.date):
        raise CatalogueError(f"{CURRENCIES_NAME}: rates.{code}: basis or as_of is wrong")
    return Currency(
        code, str(item["name"]), float(rate), item["basis"], str(item["source"]), item["as_of"]
    )


def currencies() -> dict[str, Currency]:
    """Every display currency by ISO code, in file order (the catalogue's first), from the
    catalogue folder in use (:func:`planner.model.locations.catalogue_file`)."""
    return _currencies_in(catalogue_file(CURRENCIES_NAME))


@cache
def _currencies_in(path: Path) -> dict[str, Currency]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc})") from exc
    out = {code: _currency(code, item) for code, item in data.get("rates", {}).items()}
    if data.get("catalogue_currency") != CATALOGUE or out.get(CATALOGUE) is None:
        raise CatalogueError(f"{CURRENCIES_NAME}: catalogue_currency must be {CATALOGUE}")
    if out[CATALOGUE].per_usd != 1:
        raise CatalogueError(f"{CURRENCIES_NAME}: the catalogue currency needs a rate of 1")
    return out


CATALOGUE = "USD"
"""The currency of the catalogue and of every default price."""
PLAN_CURRENCY = "plan currency"
"""How a plan's money is labelled where plans of several currencies sit in one column: each
plan states its own (its ``currency``)."""


def rate_per_usd(currency: str, rate: float) -> float:
    """The rate in use: ``rate`` when above 0, else the currency's default; ValueError when
    there is none (a currency without a default and no rate given)."""
    if rate > 0:
        return rate
    known = currencies()
    if currency not in known:
        raise ValueError(
            f"no default exchange rate for {currency!r}; pick one of {', '.join(known)} or "
            "give finance.exchange_rate_per_usd (units of the currency per US dollar)"
        )
    return known[currency].per_usd


def rate_text(currency: str, rate: float, input_currency: str = CATALOGUE) -> str:
    """How figures are converted, in words, with the date of the rate: 'Figures converted from
    US dollars at 0.8443 EUR per USD (rates as of 2026-01-26, unverified: ...; type your
    bank's rate ...)'; empty when everything is US dollars."""
    used = rate_per_usd(currency, rate)
    if currency == CATALOGUE == input_currency and used == 1:
        return ""
    where = "rate typed in this scenario"
    if rate <= 0:
        c = currencies()[currency]
        where = (
            f"rates as of {c.as_of.isoformat()}, {c.basis}: {c.source} Type your bank's rate "
            "in Finance (display currency per US dollar) to use it"
        )
    at = f"{used:,.6g} {currency} per USD"
    if input_currency == currency:
        return f"Money inputs typed in {currency}; US dollar prices converted at {at} ({where})."
    if input_currency == CATALOGUE:
        return f"Figures converted from US dollars at {at} ({where})."
    typed = rate_in_use(input_currency, currency, rate, "finance.input_currency")
    return (
        f"Money inputs typed in {input_currency} ({typed:,.6g} per USD, rates as of "
        f"{currencies()[input_currency].as_of.isoformat()}); figures converted at {at} ({where})."
    )


def rates_note(currency: str, rate: float) -> str:
    """The rate next to the currency picker: '1 USD = 47.13 EGP, rates as of 2026-01-25
    (unverified); type your bank's rate to use it'; empty for US dollars."""
    if currency == CATALOGUE and rate <= 0:
        return ""
    used = rate_per_usd(currency, rate)
    if rate > 0:
        return f"1 USD = {used:,.6g} {currency}, the rate typed in this scenario."
    c = currencies()[currency]
    return (
        f"1 USD = {used:,.6g} {currency}, rates as of {c.as_of.isoformat()} ({c.basis}); "
        "type your bank's rate in 'Display currency per US dollar' (Finance) to use it."
    )


def rate_in_use(code: str, display: str, exchange_rate_per_usd: float, field: str) -> float:
    """Units of ``code`` per US dollar: the scenario's rate when ``code`` is the display
    currency, else the currency's dated default; ValueError naming ``field`` when there is
    none."""
    if code == display:
        return rate_per_usd(display, exchange_rate_per_usd)
    known = currencies()
    if code not in known:
        raise ValueError(
            f"{field} = {code!r} has no default exchange rate; allowed: the display currency "
            f"{display} or one of {', '.join(known)}"
        )
    return known[code].per_usd


_SIGNIFICANT = 12
"""Digits a converted amount keeps: far below any figure shown, and a round trip does not
leave float noise in the typed values (60.00000000000001)."""


def converted_amount(value: float, factor: float) -> float:
    """``value x factor`` to 12 significant digits."""
    return float(f"{value * factor:.{_SIGNIFICANT}g}")


def _money_paths() -> tuple[set[str], set[str]]:
    """Money fields of the registry: scenario paths and segment field names."""
    from planner.model.fields import scenario_fields, segment_fields

    scenario = {p for p, s in scenario_fields().items() if s.money}
    segments = {s.name for s in segment_fields().values() if s.money}
    return scenario, segments


def _set(node: dict[str, Any], path: str, factor: float) -> None:
    *parents, name = path.split(".")
    for part in parents:
        node = node[part]
    value = node.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        node[name] = converted_amount(float(value), factor)


def _is_money_range(r: dict[str, Any], scenario: set[str], segments: set[str]) -> bool:
    """A range on a scenario or segment money field (a plan's prices, and ranges on them,
    stay in the plan's own currency)."""
    field = str(r["field"])
    if r.get("segment") is not None:
        return field.split(".", 1)[-1] in segments
    return field in scenario


def default_in_input(default: Any, money: bool, finance: Finance) -> Any:
    """A default as the scenario's inputs are typed: a money default (US dollars, as
    data/assumptions.toml gives every one) x rate(input currency); anything else as is."""
    if not money or isinstance(default, bool) or not isinstance(default, int | float):
        return default
    if finance.input_rate_per_usd == 1:
        return default
    return converted_amount(float(default), finance.input_rate_per_usd)


def convert_money_inputs(scenario: Scenario, currency: str) -> Scenario:
    """``scenario`` with every money input re-expressed in ``currency``: each field whose
    registry unit starts with "money" (:mod:`planner.model.fields`) in the scenario and its
    segments, and the ranges on such fields, x rate(currency) / rate(input currency) at the
    rates in use; ``finance.input_currency`` becomes ``currency``. Plans, and ranges on their
    fields, keep their own currency. The results are the same to rounding (12 significant
    digits); ValueError when ``currency`` has no rate."""
    fin = scenario.finance
    factor = fin.rate_of(currency, "currency") / fin.input_rate_per_usd
    return scale_money_inputs(scenario, factor, currency)


def scale_money_inputs(scenario: Scenario, factor: float, currency: str) -> Scenario:
    """:func:`convert_money_inputs` at a given ``factor`` (new units per old unit): every
    money input x factor, ``finance.input_currency`` = ``currency``."""
    data = scenario.model_dump(mode="python")
    data["finance"]["input_currency"] = currency
    if factor != 1:
        scenario_money, segment_money = _money_paths()
        for path in scenario_money:
            _set(data, path, factor)
        for segment in data["segments"]:
            for name in segment_money:
                _set(segment, name, factor)
        for r in data["uncertainty"]["ranges"]:
            if _is_money_range(r, scenario_money, segment_money):
                for end in ("low", "mode", "high"):
                    r[end] = converted_amount(float(r[end]), factor)
    return type(scenario).model_validate(data)
