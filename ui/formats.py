"""How numbers read on screen. Pure: no streamlit."""

from __future__ import annotations

import math


def money(amount: float, currency: str) -> str:
    """Whole currency units with thousands separators: ``USD 395,610``."""
    value = round(float(amount)) + 0  # + 0 turns -0 into 0
    return f"{currency} {value:,.0f}"


def money_cents(amount: float, currency: str) -> str:
    """Two decimals, for per-user prices: ``USD 12.34``."""
    return f"{currency} {float(amount):,.2f}"


def year_text(year: float, horizon: int) -> str:
    """A break-even year, or that there is none within the horizon (NaN)."""
    if math.isnan(year):
        return f"none within {horizon} years"
    return f"year {int(year)}"
