"""Reading the app's numbers back in tests: metrics by label, money text as numbers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.page import PLANS_OPEN_KEY


def metric_text(at: AppTest, label: str) -> str:
    """The value shown by the metric with this label (exactly one must exist)."""
    found = [m.value for m in at.metric if m.label == label]
    assert len(found) == 1, f"metric {label!r}: found {len(found)}"
    return str(found[0])


def money_number(text: str) -> float:
    """``USD 1,234`` -> 1234.0; ``USD -5.50`` -> -5.5."""
    match = re.fullmatch(r"[A-Z]{3} (-?[\d,]+(?:\.\d+)?)", text.strip())
    assert match, f"not a money value: {text!r}"
    return float(match.group(1).replace(",", ""))


def metric_money(at: AppTest, label: str) -> float:
    return money_number(metric_text(at, label))


def error_texts(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def assert_clean(at: AppTest) -> None:
    """No exception and no error message on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, error_texts(at)


def open_plans(at: AppTest) -> None:
    """Open the plans table's expander (a closed one draws no table) and run, as a person
    clicking its header."""
    at.session_state[PLANS_OPEN_KEY] = True
    at.run()


class _TableParser(HTMLParser):
    """Rows of cell texts of the first HTML table (``<th>`` and ``<td>`` alike)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_table(body: str) -> pd.DataFrame:
    """The table of an ``st.html`` body as text cells (entities decoded), first row the
    column titles."""
    parser = _TableParser()
    parser.feed(body)
    head, *rows = parser.rows
    return pd.DataFrame(rows, columns=head)


def options_table(at: AppTest) -> pd.DataFrame:
    """The Overview's every-option table, as text (the tab must be open)."""
    (table,) = [html_table(h.value) for h in at.tabs[0].get("html") if "<table" in h.value]
    return table
