"""User text that reaches Markdown is shown as typed: the Fit matrix and the range errors.

``st.table`` and ``st.error`` read Markdown. A plan name such as ``[Renew](https://...)`` must
show its brackets, not become a link whose text is not its address, and an image must not load
(a remote image tells a third party who opened the page). One escaper serves every surface:
:func:`ui.formats.plain`; these tests read what the app hands Streamlit and check that, with
the Markdown escapes read back, it is the text as typed and nothing in it can form a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from planner.model.files import default_scenario, with_values
from ui.formats import plain
from ui.state import encode_scenario

ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A CommonMark backslash escape: a backslash before ASCII punctuation shows the punctuation."""
LINK = "[Renew](https://e.example/r)"
IMAGE = "![p](https://e.example/p.png)"
HOSTILE_PLAN = {
    "provider": LINK,
    "plan": IMAGE,
    "price_per_user_month": 1.0,
    "mailbox_gb": 50.0,
    "attachment_mb": 150.0,
    "sla_pct": 99.9,
}
LABEL = f"{LINK} {IMAGE}"


def assert_inert(shown: str, typed: str) -> None:
    """``shown`` reads as ``typed`` and no unescaped character can start a link or image."""
    assert ESCAPED.sub(r"\1", shown) == typed, shown
    bare = ESCAPED.sub("", shown)
    assert not set("[]!<>`*") & set(bare), shown
    assert "://" not in bare, shown


def test_one_escaper_in_the_app() -> None:
    """No second Markdown escaper: every view imports ui.formats.plain."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "ui"
    defs = [p for p in root.rglob("*.py") if "def plain(" in p.read_text(encoding="utf-8")]
    assert [p.name for p in defs] == ["formats.py"]


@pytest.mark.parametrize(
    "text",
    [
        LABEL,
        "<img src=x onerror=alert(1)>",
        "see www.e.example or a@e.example",
        "&lt;b&gt; :red[x] **b** _i_ `c` $x$ # h",
        "1. list\nsecond line",
    ],
)
def test_plain_shows_text_as_typed(text: str) -> None:
    shown = plain(text)
    assert ESCAPED.sub(r"\1", shown) == " ".join(text.splitlines())
    bare = ESCAPED.sub("", shown)
    assert not set("[]!<>`*&$#") & set(bare)
    assert "://" not in bare
    assert "www." not in bare
    assert "@" not in bare


def _open(new_app: Callable[[], AppTest], view: str, **updates: object) -> AppTest:
    scenario = with_values(default_scenario(), {"plans": [HOSTILE_PLAN], **updates})
    at = new_app()
    at.query_params["scenario"] = encode_scenario(scenario)
    at.query_params["view"] = view
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_fit_matrix_shows_a_plan_name_as_typed(new_app: Callable[[], AppTest]) -> None:
    at = _open(new_app, "Fit", **{"requirements.mailbox_quota_gb": 60.0})
    table = next(t for t in at.tabs if t.label == "Fit").table[0].value
    options = table["Option"].tolist()
    hostile = [o for o in options if "Renew" in o]
    assert len(hostile) == 1, options
    assert_inert(hostile[0], LABEL)
    for column in table.columns:
        assert_inert(str(column), ESCAPED.sub(r"\1", str(column)))


def test_a_range_error_shows_a_plan_name_as_typed(new_app: Callable[[], AppTest]) -> None:
    """A range on a plan the scenario does not list: the message quotes the plan as typed."""
    at = _open(new_app, "Uncertainty")
    (key,) = [d.key for d in at.data_editor if d.key.startswith("ranges_editor:")]
    row = {
        "field": "plans.price_per_user_month",
        "plan": f"{LINK} x",
        "low": 1.0,
        "mode": 2.0,
        "high": 3.0,
    }
    at.session_state[key] = {"edited_rows": {}, "added_rows": [row], "deleted_rows": []}
    at.run()
    assert not at.exception
    errors = [str(e.value) for e in at.error if "Renew" in str(e.value)]
    assert errors, [str(e.value) for e in at.error]
    for error in errors:
        bare = ESCAPED.sub("", error)
        assert not set("[]!<>`*") & set(bare), error
        assert "://" not in bare, error
        assert f"{LINK} x" in ESCAPED.sub(r"\1", error)
