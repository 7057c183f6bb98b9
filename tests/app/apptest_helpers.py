"""Reading the app's numbers back in tests: metrics by label, money text as numbers."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui import catalogue_editor, ranges_editor, segments_editor
from ui.grid_form import APPLY_LABEL
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


def error_texts_as_read(at: AppTest) -> list[str]:
    """The error messages as a reader sees them: Markdown escapes removed."""
    return [_ESCAPED.sub(r"\1", str(e.value)) for e in at.error]


def assert_clean(at: AppTest) -> None:
    """No exception and no error message on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, error_texts(at)


def open_plans(at: AppTest) -> None:
    """Open the plans table's expander (a closed one draws no table) and run, as a person
    clicking its header."""
    at.session_state[PLANS_OPEN_KEY] = True
    at.run()


_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_table(text: str) -> pd.DataFrame:
    """A Markdown table as text cells, Markdown escapes removed (a name as typed); the first
    line gives the column titles, the second (alignment) is skipped."""
    rows = [
        [_ESCAPED.sub(r"\1", cell.strip()) for cell in _CELL_SPLIT.split(line.strip())[1:-1]]
        for line in text.splitlines()
        if line.strip().startswith("|")
    ]
    head, _, *body = rows
    return pd.DataFrame(body, columns=head)


def options_table(at: AppTest) -> pd.DataFrame:
    """The Overview's every-option table, as text (the tab must be open)."""
    (table,) = [
        markdown_table(m.value) for m in at.tabs[0].markdown if "| Option | Fits as is |" in m.value
    ]
    return table


def ranges_editor_key(at: AppTest) -> str:
    """The ranges table's key (its version changes with each scenario loaded)."""
    (key,) = [d.key for d in at.data_editor if d.key.startswith("ranges_editor:")]
    return str(key)


def ranges_table(at: AppTest) -> pd.DataFrame:
    """The ranges table on the Uncertainty tab, as the editor holds it."""
    return at.data_editor(key=ranges_editor_key(at)).value


SUBMIT_KEYS = {
    "plans_editor:": catalogue_editor.SUBMIT_KEY,
    "segments_editor:": segments_editor.SUBMIT_KEY,
    "ranges_editor:": ranges_editor.SUBMIT_KEY,
}
"""Each grid's key prefix -> the key of its "Apply changes" button."""


def apply_grid(at: AppTest, prefix: str, **edits: Any) -> AppTest:
    """Edit the grid whose key starts with ``prefix`` (``plans_editor:``) as a browser sends
    it (edited, added, deleted rows), press its "Apply changes" and run."""
    (key,) = [d.key for d in at.data_editor if d.key.startswith(prefix)]
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    button = at.button(key=SUBMIT_KEYS[prefix])
    assert button.label == APPLY_LABEL
    return button.click().run()


def edit_ranges(at: AppTest, **edits: Any) -> AppTest:
    """Edit the ranges table as a browser sends it (edited, added, deleted rows), press
    "Apply changes" and run."""
    return apply_grid(at, "ranges_editor:", **edits)
