"""Text that spreadsheets must show as text, never run as a formula (formula injection).

Excel, LibreOffice Calc and Google Sheets treat a cell typed or imported as ``=...``,
``+...``, ``-...`` or ``@...`` (and, after some imports, a leading tab or carriage return)
as a formula. Scenario and plan names are typed by users, so every file the planner writes
keeps them inert:

* **xlsx** - every text cell is written as a string cell (``write_string``, with the
  workbook options ``strings_to_formulas``, ``strings_to_numbers`` and ``strings_to_urls``
  off), so no spreadsheet evaluates it; a text that *looks* like a formula also gets the
  cell style ``quotePrefix`` (Excel's hidden apostrophe), so editing the cell and pressing
  Enter keeps it text. The value itself is unchanged.
* **CSV** - a CSV cell has no type, so text columns follow OWASP's advice: a value starting
  with one of :data:`FORMULA_TRIGGERS` is written with a leading apostrophe (``'=SUM(A1)``).
  Spreadsheets show it as text; numeric columns (negative costs) are left alone.
"""

from __future__ import annotations

import pandas as pd

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""
CSV_TEXT_PREFIX = "'"


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula (it starts with a trigger)."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(text: str) -> str:
    """``text`` made inert for a CSV cell: ``'`` in front of a formula-like text."""
    return CSV_TEXT_PREFIX + text if looks_like_formula(text) else text


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are inert (:func:`csv_text`); numbers are untouched."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
            continue
        out[column] = [csv_text(v) if isinstance(v, str) else v for v in out[column]]
    return out


def safe_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8, ``\\n`` line ends, numbers at full precision) with inert text cells."""
    text: str = csv_safe(table).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8")
