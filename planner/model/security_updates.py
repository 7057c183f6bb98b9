"""Paid security-update periods for Exchange 2016 / 2019, as dated facts with sources.

Read from ``data/security_updates.toml``. The months of paid updates left on a date are the
days of the periods still to come (or under way) on that date, in months of 365.25 / 12 days:
    months left(d) = sum over periods of max(0, end - max(start, d) + 1 day) / 30.44
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from planner.errors import CatalogueError
from planner.model.defaults import DATA_DIR

SECURITY_UPDATES_FILE = DATA_DIR / "security_updates.toml"
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class UpdatePeriod:
    """One period of paid security updates."""

    name: str
    start: dt.date
    end: dt.date
    last: bool  # announced as the last one
    basis: str
    source: str
    as_of: dt.date


def _period(item: object) -> UpdatePeriod:
    keys = ("name", "start", "end", "last", "basis", "source", "as_of")
    if not isinstance(item, dict) or set(item) != set(keys):
        raise CatalogueError(f"{SECURITY_UPDATES_FILE.name}: each period needs exactly {keys}")
    dates = (item["start"], item["end"], item["as_of"])
    if not all(isinstance(d, dt.date) for d in dates) or item["end"] < item["start"]:
        raise CatalogueError(
            f"{SECURITY_UPDATES_FILE.name}: {item['name']}: start, end and as_of must be "
            "dates, the end on or after the start"
        )
    return UpdatePeriod(**{key: item[key] for key in keys})


def _read() -> dict[str, Any]:
    try:
        with SECURITY_UPDATES_FILE.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(
            f"{SECURITY_UPDATES_FILE}: cannot read the bundled data: {exc}"
        ) from exc


@cache
def update_periods() -> tuple[UpdatePeriod, ...]:
    """The periods in date order."""
    raw = _read().get("periods")
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{SECURITY_UPDATES_FILE.name}: needs a [[periods]] list")
    return tuple(sorted((_period(item) for item in raw), key=lambda p: p.start))


def months_left(on: dt.date) -> float:
    """Months of paid security updates still to come on ``on`` (0 after the last period)."""
    days = sum(max(0, (p.end - max(p.start, on)).days + 1) for p in update_periods())
    return days / DAYS_PER_MONTH


def periods_text() -> str:
    """The periods in words: ``Period 1 2025-10-15 to 2026-04-14, Period 2 ... (the last)``."""
    return ", ".join(
        f"{p.name} {p.start.isoformat()} to {p.end.isoformat()}{' (the last)' if p.last else ''}"
        for p in update_periods()
    )
