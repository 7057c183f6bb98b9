"""Formula-like text is made inert in CSV; numbers (negative costs too) are left alone."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from planner.engine.projection import project_scenario
from planner.outputs.cells import csv_safe, csv_text, looks_like_formula
from planner.outputs.long_table import CSV_COLUMNS, csv_bytes, long_table
from tests.unit.hand_case import hand_case


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_texts_starting_with_a_trigger_look_like_formulas(text: str) -> None:
    assert looks_like_formula(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Plan 1", "a=b", " =1", "'=1", "In-house Exchange"])
def test_other_texts_are_left_as_they_are(text: str) -> None:
    assert not looks_like_formula(text)
    assert csv_text(text) == text


def test_csv_safe_touches_text_columns_only() -> None:
    frame = pd.DataFrame({"name": ["=1+1", "ok", "-x"], "cost": [-5.0, 1.0, -0.5]})
    safe = csv_safe(frame)
    assert list(safe["name"]) == ["'=1+1", "ok", "'-x"]
    assert list(safe["cost"]) == [-5.0, 1.0, -0.5]
    assert list(frame["name"]) == ["=1+1", "ok", "-x"]  # the input is not changed


def test_long_table_csv_prefixes_names_but_keeps_negative_costs() -> None:
    """Net-of-residual hand case: the in-house residual 6,060 is a negative cost."""
    plan = {
        "provider": '=HYPERLINK("http://example.invalid")',
        "plan": "P",
        "price_per_user_month": 5.0,
        "mailbox_gb": 50.0,
        "attachment_mb": 25.0,
        "sla_pct": 99.9,
    }
    scenario = hand_case(name="@evil", plans=[plan], finance={"tco_basis": "net_of_residual"})
    table = long_table(project_scenario(scenario), scenario.name, "USD")
    rows = list(csv.DictReader(io.StringIO(csv_bytes([table]).decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r["scenario"] for r in rows} == {"'@evil"}
    assert "'" + plan["provider"] + " P" in {r["option"] for r in rows}
    assert "In-house Exchange" in {r["option"] for r in rows}
    residual = [float(r["cost"]) for r in rows if r["kind"] == "residual" and float(r["cost"])]
    assert sum(residual) == pytest.approx(-6060 - 1500)
