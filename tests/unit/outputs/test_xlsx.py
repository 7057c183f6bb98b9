"""The Excel workbook, opened with openpyxl: figures equal the engine's, text never a formula.

Hand numbers: tests/unit/hand_case.py, worked in tests/unit/engine/test_projection_hand_case.py
(in-house cash TCO 155,602; hosted "Test Host" 43,580 = 3,000 + 2 x 20,290).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import SCENARIOS_DIR, assumptions
from planner.model.fields import field_label, plan_label
from planner.model.files import load_scenario
from planner.outputs.cells import FORMULA_TRIGGERS
from planner.outputs.content import QUANTITIES, build_content
from planner.outputs.long_table import long_table
from planner.outputs.xlsx import (
    ASSUMPTIONS,
    PLANS,
    SHEETS,
    STORAGE_SERVERS,
    SUMMARY,
    YEARLY,
    workbook_bytes,
)
from tests.unit.hand_case import hand_case

KINDS = ("capital", "operating", "residual")


def ooxml_text(value: str) -> str:
    """Undo the OOXML ``_xHHHH_`` escape (ECMA-376 ST_Xstring) that Excel reads back as the
    character; xlsxwriter writes a carriage return as ``_x000D_`` and openpyxl does not
    decode it."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def open_workbook(payload: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(payload))


def rows_after_header(ws: Worksheet, first: str) -> tuple[list[Any], list[list[Any]]]:
    """The header row whose column A is ``first`` and the rows under it up to a blank."""
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(values) if r[0] == first)
    body = []
    for row in values[start + 1 :]:
        if row[0] is None:
            break
        body.append(row)
    return values[start], body


@pytest.fixture(scope="module")
def enterprise():  # type: ignore[no-untyped-def]
    scenario = load_scenario(SCENARIOS_DIR / "enterprise_hot_dr.toml")
    projection = project_scenario(scenario)
    content = build_content(scenario, projection)
    return scenario, projection, open_workbook(workbook_bytes(content))


@pytest.fixture(scope="module")
def hand_book():  # type: ignore[no-untyped-def]
    return open_workbook(workbook_bytes(build_content(hand_case())))


def test_the_workbook_has_the_five_sheets_in_order(hand_book) -> None:  # type: ignore[no-untyped-def]
    assert hand_book.sheetnames == list(SHEETS)


def test_every_sheet_freezes_its_header_row(hand_book) -> None:  # type: ignore[no-untyped-def]
    assert hand_book[SUMMARY].freeze_panes == "A2"
    assert hand_book[YEARLY].freeze_panes == "D2"
    for name in (STORAGE_SERVERS, PLANS, ASSUMPTIONS):
        assert hand_book[name].freeze_panes == "B2"


class TestSummarySheet:
    def test_hand_case_figures_and_recommendation(self, hand_book) -> None:  # type: ignore[no-untyped-def]
        ws = hand_book[SUMMARY]
        header, body = rows_after_header(ws, "Option")
        tco = {row[0]: row[header.index("TCO")] for row in body}
        assert tco["In-house Exchange"] == pytest.approx(155602, abs=0.5)
        assert tco["Test Host"] == pytest.approx(43580)
        per_user = {row[0]: row[header.index("Cost per user per month")] for row in body}
        assert per_user["Test Host"] == pytest.approx(43580 / 2400)
        texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        assert any("112,022 USD (72%) less" in t for t in texts)

    def test_every_option_equals_the_summary(self, enterprise) -> None:  # type: ignore[no-untyped-def]
        _, projection, book = enterprise
        s = summarise(projection)
        header, body = rows_after_header(book[SUMMARY], "Option")
        assert [row[0] for row in body] == list(s.options)
        for column, expected in (
            ("TCO", s.tco),
            ("Cash TCO", s.tco_cash),
            ("NPV", s.npv),
            ("Capex", s.capex),
            ("Opex", s.opex),
            ("Residual value", -s.residual_value),  # a credit: negative
        ):
            got = [row[header.index(column)] for row in body]
            np.testing.assert_allclose(got, expected[0], rtol=1e-12, err_msg=column)
        fits = [row[header.index("Fits as is")] == "yes" for row in body]
        assert fits == list(s.fits[0])

    def test_money_cells_are_numbers_in_a_currency_format(self, enterprise) -> None:  # type: ignore[no-untyped-def]
        ws = enterprise[2][SUMMARY]
        values = [list(r) for r in ws.iter_rows()]
        start = next(i for i, r in enumerate(values) if r[0].value == "Option")
        cell = values[start + 1][1]
        assert cell.data_type == "n"
        assert '"USD"' in cell.number_format
        assert "#,##0" in cell.number_format


class TestYearlySheet:
    def test_line_rows_equal_the_long_table(self, enterprise) -> None:  # type: ignore[no-untyped-def]
        scenario, projection, book = enterprise
        table = long_table(projection, scenario.name, "USD")
        header, body = rows_after_header(book[YEARLY], "Option")
        lines = [row for row in body if row[2] in KINDS]
        years = [int(h.split()[1]) for h in header[3:-1]]
        assert years == list(range(int(projection.horizon[0]) + 1))
        assert len(lines) * len(years) == len(table)
        sheet_sum = sum(sum(row[3:-1]) for row in lines)
        assert sheet_sum == pytest.approx(table["cost"].sum())
        for row in lines:
            assert row[-1] == pytest.approx(sum(row[3:-1]))
        by_option = table.groupby("option", sort=False)["cost"].sum()
        for option, total in by_option.items():
            mine = sum(sum(r[3:-1]) for r in lines if r[0] == option)
            assert mine == pytest.approx(total)

    def test_totals_rows_equal_the_tco(self, enterprise) -> None:  # type: ignore[no-untyped-def]
        _, projection, book = enterprise
        s = summarise(projection)
        values = [list(r) for r in book[YEARLY].iter_rows(values_only=True)]
        totals = {r[0]: r for r in values if r[1] == "Total"}
        cumulative = {r[0]: r for r in values if r[1] == "Cumulative"}
        for j, option in enumerate(s.options):
            assert totals[option][-1] == pytest.approx(s.tco[0, j])
            h = int(projection.horizon[0])
            assert cumulative[option][3 + h] == pytest.approx(s.tco[0, j])

    def test_hand_case_hosted_lines(self, hand_book) -> None:  # type: ignore[no-untyped-def]
        _header, body = rows_after_header(hand_book[YEARLY], "Option")
        rows = {(r[0], r[1], r[2]): r[3:] for r in body}
        assert rows[("Test Host", "Licences & subscriptions", "operating")] == [
            0,
            6000,
            6000,
            12000,
        ]
        assert rows[("Test Host", "Expertise (staff, training)", "operating")] == [
            0,
            5050,
            5050,
            10100,
        ]
        assert rows[("Test Host", "Migration & one-time", "capital")] == [3000, 0, 0, 3000]


def test_storage_and_servers_equal_the_engine_metrics(enterprise) -> None:  # type: ignore[no-untyped-def]
    _, projection, book = enterprise
    header, body = rows_after_header(book[STORAGE_SERVERS], "Year")
    for key, label in QUANTITIES:
        got = [row[header.index(label)] for row in body]
        np.testing.assert_allclose(got, projection.metrics[key][0], err_msg=key)


def test_hand_case_quantities(hand_book) -> None:  # type: ignore[no-untyped-def]
    header, body = rows_after_header(hand_book[STORAGE_SERVERS], "Year")
    assert [r[header.index("Users")] for r in body] == [100, 100, 100]
    assert [r[header.index("Servers installed")] for r in body][1:] == [1, 1]


def test_plans_sheet_lists_each_plan_with_source_and_figures(enterprise) -> None:  # type: ignore[no-untyped-def]
    scenario, projection, book = enterprise
    s = summarise(projection)
    header, body = rows_after_header(book[PLANS], "Option")
    assert [r[0] for r in body] == [p.label for p in scenario.plans]
    for j, (row, plan) in enumerate(zip(body, scenario.plans, strict=True), start=1):
        assert row[header.index(plan_label("price_per_user_month", "plan currency"))] == (
            plan.price_per_user_month
        )
        assert row[header.index(plan_label("currency", "USD"))] == plan.currency == "USD"
        assert row[header.index(plan_label("source", "USD"))] == plan.source
        assert row[header.index("TCO")] == pytest.approx(s.tco[0, j])
        assert row[header.index("Origin")] == "catalogue"


def test_assumptions_sheet_lists_every_assumption_and_what_changed() -> None:
    scenario = load_scenario(SCENARIOS_DIR / "small_office.toml")
    book = open_workbook(workbook_bytes(build_content(scenario)))
    header, body = rows_after_header(book[ASSUMPTIONS], "Assumption")
    defaults = assumptions()
    field = header.index("Field")
    assert [r[field] for r in body] == list(defaults)
    assert [r[0] for r in body] == [field_label(path, "USD") for path in defaults]
    rows = {r[field]: r for r in body}
    users = rows["organisation.users"]
    assert users[header.index("Value used")] == 25
    assert users[header.index("Default")] == 200
    assert users[header.index("Changed")] == "yes"
    message = rows["mail.messages_per_user_day"]
    assert message[header.index("Changed")] == "no"
    assert (
        message[header.index("Source of the default")]
        == defaults["mail.messages_per_user_day"].source
    )


NAMES = (
    "=1+1",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://example.invalid","x")',
)
SCENARIO_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def book_bytes() -> bytes:
    """A scenario and plans named like formulas (each plan's source too)."""
    plans = [
        {
            "provider": name,
            "plan": f"P{i}",
            "price_per_user_month": 5.0 + i,
            "mailbox_gb": 50.0,
            "attachment_mb": 25.0,
            "sla_pct": 99.9,
            "source": name,
        }
        for i, name in enumerate(NAMES)
    ]
    return workbook_bytes(build_content(hand_case(name=SCENARIO_NAME, plans=plans)))


class TestFormulaInjection:
    """Names typed by a user are stored as text cells: no spreadsheet runs them."""

    def test_no_cell_anywhere_is_a_formula(self, book_bytes: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(book_bytes)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            assert len(sheets) == len(SHEETS)
            for name in sheets:
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"<f[ >]", xml), name

    def test_formula_like_names_are_string_cells_with_the_value_unchanged(
        self, book_bytes: bytes
    ) -> None:
        book = open_workbook(book_bytes)
        found: dict[str, int] = {}
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if not isinstance(cell.value, str):
                        continue
                    text = ooxml_text(cell.value)
                    if text.startswith(FORMULA_TRIGGERS):
                        assert cell.data_type == "s", (ws.title, cell.coordinate, text)
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
                        found[text] = found.get(text, 0) + 1
        # every provider appears as itself (Plans sheet, and as the plan source)
        for name in NAMES:
            assert found.get(name, 0) >= 2, name
        assert SCENARIO_NAME in found  # the scenario name, Assumptions sheet
        plans = book[PLANS]
        header, body = rows_after_header(plans, "Option")
        assert [ooxml_text(r[header.index("Provider")]) for r in body] == list(NAMES)

    def test_ordinary_text_gets_no_quote_prefix(self, book_bytes: bytes) -> None:
        book = open_workbook(book_bytes)
        cell = book[SUMMARY]["A1"]
        assert cell.value.startswith("Exchange Cost Planner: ")
        assert not cell.quotePrefix
