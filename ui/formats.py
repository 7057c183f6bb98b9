"""How numbers read on screen. Pure: no streamlit."""

from __future__ import annotations

import math
import re


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


_MARKUP = re.compile(r"([\\`*~$<>\[\]!|#&])")
"""Markdown and HTML characters (``&``: an entity would show as another character)."""
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BLOCK_START = re.compile(r"^(\s*\d*)([-+.)])")
_AUTOLINK_START = re.compile(r"(?i)(:(?=//)|(?<=(?<![0-9a-z])www)\.|@)")
"""Where GFM starts a bare link (``https://``, ``www.``, ``a@b.c``): escaped, no link forms."""


def plain(text: object) -> str:
    """Text from outside (a name, a file name, a message quoting a value) for a Markdown
    element (``st.error``, ``st.caption``, ``st.info``, ...), shown exactly as typed.

    The one escaper of the app: every text from outside that reaches Markdown goes through
    it. Markdown characters are backslash-escaped (``**x**`` -> ``\\*\\*x\\*\\*``), an
    underscore only where it could start emphasis (not inside ``growth_pct``) and a list
    marker at the start; line breaks become spaces. A name cannot make an image, a link,
    a heading or bold text (Streamlit escapes HTML itself). A bare web or mail address would
    become a link whose text keeps the escapes' backslashes, so the characters that start
    one (the ``:`` of ``://``, the ``.`` of ``www.``, ``@``) are escaped too: the address
    shows as typed, as plain text. For ``st.metric`` values and deltas too: they are
    Markdown as well.

    >>> plain('<a href="https://evil.example/">Renew</a>')
    '\\\\<a href="https\\\\://evil.example/"\\\\>Renew\\\\</a\\\\>'
    """
    one_line = " ".join(str(text).splitlines())
    escaped = _EMPHASIS_UNDERSCORE.sub(r"\\_", _MARKUP.sub(r"\\\1", one_line))
    escaped = _AUTOLINK_START.sub(r"\\\1", escaped)
    return _BLOCK_START.sub(r"\1\\\2", escaped)
