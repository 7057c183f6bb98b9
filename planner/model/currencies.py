"""Display currencies: the dated default exchange rates of ``data/currencies.toml``.

The catalogue and the defaults are US dollar prices and keep their currency and dates. A
scenario's results are shown in ``finance.currency``; every money figure the engine produces
is converted once (:func:`planner.engine.projection.project`):

    shown = US dollars x rate,   rate = finance.exchange_rate_per_usd, or, when that is 0,
                                 the currency's default ``per_usd`` below

Inputs (prices, salaries, plan prices, ranges on them) stay in US dollars.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from planner.errors import CatalogueError
from planner.model.locations import catalogue_file

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


def rate_text(currency: str, rate: float) -> str:
    """How figures are converted, in words: 'converted from US dollars at 0.9184 EUR per USD
    (default: ECB ..., 2025-03-14, unverified)'; empty for US dollars at 1."""
    used = rate_per_usd(currency, rate)
    if currency == CATALOGUE and used == 1:
        return ""
    where = "typed in this scenario"
    if rate <= 0:
        c = currencies()[currency]
        where = f"default rate as of {c.as_of.isoformat()}, {c.basis}: {c.source}"
    return f"Figures converted from US dollars at {used:,.6g} {currency} per USD ({where})."
