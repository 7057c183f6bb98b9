"""Text for the terminal: user text shown inert, tables sized to their content.

Scenario names, plan names and file names come from files the planner does not trust. Sent
raw to a terminal, an ESC sequence in a name could set the window title, clear the screen or
write the clipboard (OSC 52), and a bidirectional override could reorder what is shown.
Everything the command line prints passes through :func:`terminal_text` (one field) or
:func:`print_text` (lines of output), which show such characters as visible escapes
(``\\x1b``, ``\\u202e``) and leave every other character, accents and emoji included, as is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TextIO

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 controls (ESC, BEL, CR, LF, TAB...), DEL, C1 controls (CSI, OSC)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and overrides
    "\u2028\u2029]"  # line and paragraph separators
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with every control, bidirectional or line-separator character escaped.

    >>> terminal_text("Evil\\x1b]0;owned\\x07 plan")
    'Evil\\\\x1b]0;owned\\\\x07 plan'
    >>> terminal_text("Café ✓")
    'Café ✓'
    """
    return _UNSAFE.sub(_escape, text)


def whole_money(amount: float) -> str:
    """Whole currency units with thousands separators, ``123,457`` (``-0`` shown as ``0``)."""
    return f"{round(amount) + 0:,.0f}"


def print_text(text: str, file: TextIO | None = None) -> None:
    """Print ``text`` line by line, each line passed through :func:`terminal_text`."""
    lines = text.split("\n")
    print("\n".join(terminal_text(line) for line in lines), file=file or sys.stdout)


def table_lines(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
) -> list[str]:
    """A text table: the header, a rule, then the rows.

    Column 0 is left-aligned in max(widths[0], longest cell + 1) characters, so a long
    option name is shown whole ("Microsoft Exchange Online Plan 1 + Archiving"); column
    i > 0 is right-aligned in max(widths[i], longest cell + 1) characters, so a wide number
    (a total of 1e12 yen) keeps a space before it instead of running into the column on
    its left.
    """
    sized = [max([widths[0], *(len(row[0]) + 1 for row in rows)])] + [
        max(widths[i], len(header[i]) + 1, *(len(row[i]) + 1 for row in rows))
        for i in range(1, len(widths))
    ]

    def line(cells: Sequence[str]) -> str:
        first = f"{cells[0]:<{sized[0]}}"
        return first + "".join(f"{cell:>{w}}" for cell, w in zip(cells[1:], sized[1:], strict=True))

    top = line(header)
    return [top, "-" * len(top), *(line(row) for row in rows)]
