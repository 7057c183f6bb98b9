"""The Excel workbook of a report, as bytes.

Sheets (:data:`SHEETS`): Summary (recommendation, headline figures, every option's figures,
notes), Yearly costs (option x category x kind by year, then totals and cumulative cost),
Storage & servers (quantities by year), Plans (each hosted plan, its source and how it
fares), Assumptions (every assumption, its default, its source, whether it was changed) and
Fit (each option against each requirement: yes / no by how much / unknown, in words and
colour, and the two "cheapest" answers); with ``[[segments]]`` also Segments (where each
segment goes in the best mix, the best all-in-house and the best all-hosted placements,
their TCOs beside the best pure option, the hybrid costs, and the TCO per segment and
option; see :mod:`planner.outputs.segments`).
Numbers are numbers with currency formats; header rows are frozen; text is never a formula
(see :mod:`planner.outputs.cells`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import xlsxwriter

from planner.analyses.fit import cheapest_lines, fix_lines
from planner.model.fields import PlanCell, plan_cells
from planner.outputs.cells import looks_like_formula
from planner.outputs.content import PLAN_COLUMNS, ReportContent, plan_headers
from planner.outputs.move_timing import TIMING_NOTE
from planner.outputs.segments import PLACEMENT_HEADER, PURE_NOTE, SegmentSection

SUMMARY, YEARLY, STORAGE_SERVERS, PLANS, ASSUMPTIONS = (
    "Summary",
    "Yearly costs",
    "Storage & servers",
    "Plans",
    "Assumptions",
)
FIT = "Fit"
SHEETS: tuple[str, ...] = (SUMMARY, YEARLY, STORAGE_SERVERS, PLANS, ASSUMPTIONS, FIT)
SEGMENTS = "Segments"
"""The sheet added after :data:`SHEETS` when the scenario has segments."""
TIMING = "Move timing"
"""The sheet added last from Exchange 2016 / 2019 (planner.outputs.move_timing)."""
OPTION_HEADER = (
    "Option",
    "TCO",
    "Cash TCO",
    "NPV",
    "Cost per user per month",
    "Capex",
    "Opex",
    "Residual value",
    "Break-even year",
    "Fits as is",
    "Illustrative price",
    "Cheapest",
    "Warnings",
)
WORKBOOK_OPTIONS: dict[str, Any] = {
    "in_memory": True,
    "strings_to_formulas": False,  # a text starting with "=" stays text
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
INTEGER_QUANTITIES = (
    "Users",
    "Servers for CPU",
    "Servers needed",
    "Servers installed",
    "DR-site servers installed",
    "Databases",
)


class _Cells:
    """Writes typed cells with cached formats; every text goes through :meth:`text`."""

    def __init__(self, workbook: Any, currency: str) -> None:
        self.workbook = workbook
        self.money = f'#,##0 "{currency}"'
        self.money_2dp = f'#,##0.00 "{currency}"'
        self.input_money_2dp = "#,##0.00"  # plan terms: in each plan's currency (its column)
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def fmt(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(dict(props))
        return self._formats[key]

    def text(self, ws: Any, row: int, col: int, value: str, **props: Any) -> None:
        """A string cell; a formula-like text also gets Excel's quote prefix."""
        if looks_like_formula(value):
            props["quote_prefix"] = True
        ws.write_string(row, col, value, self.fmt(**props))

    def number(
        self, ws: Any, row: int, col: int, value: float, num_format: str = "General", **props: Any
    ) -> None:
        if math.isnan(value) or math.isinf(value):
            self.text(ws, row, col, "none", **props)
        else:
            ws.write_number(row, col, value, self.fmt(num_format=num_format, **props))

    def value(self, ws: Any, row: int, col: int, value: Any, **props: Any) -> None:
        """Any value by its type: bool, number, date, None ('none') or text."""
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, self.fmt(**props))
        elif isinstance(value, int | float):
            self.number(ws, row, col, float(value), "General", **props)
        elif isinstance(value, dt.date):
            ws.write_datetime(
                row,
                col,
                dt.datetime.combine(value, dt.time()),
                self.fmt(num_format="yyyy-mm-dd", **props),
            )
        elif value is None:
            self.text(ws, row, col, "none", **props)
        else:
            self.text(ws, row, col, str(value), **props)

    def header(self, ws: Any, row: int, titles: tuple[str, ...] | list[str]) -> None:
        for col, title in enumerate(titles):
            self.text(
                ws,
                row,
                col,
                title,
                bold=True,
                bg_color="#DCE6F1",
                bottom=1,
                text_wrap=True,
                valign="top",
            )


def _summary(c: _Cells, content: ReportContent) -> None:
    ws = c.workbook.add_worksheet(SUMMARY)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 8, 15)
    ws.set_column(9, 11, 11)
    ws.set_column(12, 12, 70)
    c.text(ws, 0, 0, f"Exchange Cost Planner: {content.scenario_name}", bold=True, font_size=14)
    ws.freeze_panes(1, 0)
    row = 1
    if content.description:
        c.text(ws, row, 0, content.description)
        row += 1
    c.text(ws, row, 0, content.context, italic=True)
    row += 1
    if content.generated_on is not None:
        c.text(ws, row, 0, f"Generated on {content.generated_on.isoformat()}", italic=True)
        row += 1
    row += 1
    c.text(ws, row, 0, "Recommendation", bold=True, font_size=12)
    c.text(ws, row + 1, 0, content.recommendation, bold=True)
    row += 3
    c.text(ws, row, 0, "Headline figures", bold=True, font_size=12)
    row += 1
    for item in content.headline:
        c.text(ws, row, 0, item.label)
        value = item.value
        if item.unit == "money" and isinstance(value, float | int):
            c.number(ws, row, 1, float(value), c.money)
        elif item.unit == "money_per_user_month" and isinstance(value, float | int):
            c.number(ws, row, 1, float(value), c.money_2dp)
        elif item.unit == "pct" and isinstance(value, float | int):
            c.number(ws, row, 1, float(value), '0.0"%"')
        elif isinstance(value, float | int):
            c.number(ws, row, 1, float(value), "#,##0")
        else:
            c.value(ws, row, 1, value)
        row += 1
    row += 1
    c.text(ws, row, 0, "Every option", bold=True, font_size=12)
    row += 1
    c.header(ws, row, OPTION_HEADER)
    row += 1
    for o in content.options:
        c.text(ws, row, 0, o.option, bold=o.cheapest)
        for col, amount in enumerate(
            (o.tco, o.tco_cash, o.npv, o.cost_per_user_month, o.capex, o.opex, o.residual_value),
            start=1,
        ):
            c.number(ws, row, col, amount, c.money_2dp if col == 4 else c.money)
        if not o.hosted:
            c.text(ws, row, 8, "-")
        elif o.breakeven_year is None:
            c.text(ws, row, 8, "none")
        else:
            c.number(ws, row, 8, o.breakeven_year, "0")
        c.text(ws, row, 9, "yes" if o.fits else "no")
        c.text(ws, row, 10, "yes" if o.illustrative else "no")
        c.text(ws, row, 11, "yes" if o.cheapest else "")
        c.text(ws, row, 12, "; ".join(o.warnings))
        row += 1
    row += 1
    c.text(ws, row, 0, "Notes", bold=True, font_size=12)
    for i, note in enumerate(content.notes, start=row + 1):
        c.text(ws, i, 0, note)


def _yearly(c: _Cells, content: ReportContent) -> None:
    ws = c.workbook.add_worksheet(YEARLY)
    years = list(content.years)
    header = ["Option", "Category", "Kind", *content.year_columns, "Total"]
    c.header(ws, 0, header)
    ws.freeze_panes(1, 3)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 11)
    ws.set_column(3, 3 + len(years), 14)
    table = content.yearly_wide()
    row = 1
    for record in table.itertuples(index=False):
        values = list(record)
        c.text(ws, row, 0, str(values[0]))
        c.text(ws, row, 1, str(values[1]))
        c.text(ws, row, 2, str(values[2]))
        for col, amount in enumerate(values[3:], start=3):
            c.number(ws, row, col, float(amount), c.money)
        row += 1
    ws.autofilter(0, 0, max(row - 1, 1), len(header) - 1)
    row += 1
    basis = "net of residual" if content.tco_basis == "net_of_residual" else "cash"
    c.text(ws, row, 0, f"Totals on the TCO basis ({basis})", bold=True)
    row += 1
    totals = content.yearly_totals
    for o in content.options:
        rows = totals[totals["option"] == o.option]
        for label, column in (("Total", "total"), ("Cumulative", "cumulative")):
            c.text(ws, row, 0, o.option, bold=True)
            c.text(ws, row, 1, label, bold=True)
            for col, amount in enumerate(rows[column], start=3):
                c.number(ws, row, col, float(amount), c.money, bold=True)
            if column == "total":
                c.number(ws, row, 3 + len(years), o.tco, c.money, bold=True)
            row += 1


def _quantities(c: _Cells, content: ReportContent) -> None:
    ws = c.workbook.add_worksheet(STORAGE_SERVERS)
    frame = content.quantities
    header = ["Year", *map(str, frame.columns[1:])]
    c.header(ws, 0, header)
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, 8)
    ws.set_column(1, len(header), 15)
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        values = list(record)
        c.number(ws, row, 0, float(values[0]), "0")
        for col, (name, amount) in enumerate(zip(header[1:], values[1:], strict=True), start=1):
            c.number(
                ws, row, col, float(amount), "#,##0" if name in INTEGER_QUANTITIES else "#,##0.00"
            )
    c.text(
        ws,
        len(frame) + 2,
        0,
        "Year 0 is the upfront year: what is bought then is in service from year 1.",
    )


PLAN_RESULTS = ("Origin", "TCO", "Cost per user per month", "Fits as is", "Warnings")
"""The plan table's columns after the plan's own fields (those are labelled by the registry)."""
_WIDE_TEXT = {"source": 60, "sla_credits": 40, "expected_availability_source": 40}


def _plan_cell(c: _Cells, ws: Any, row: int, col: int, cell: PlanCell) -> None:
    """One plan field: its words, or the number in the field's format (money in USD)."""
    if cell.words is not None:
        c.text(ws, row, col, cell.words)
    elif cell.spec.money:
        c.number(ws, row, col, float(cell.value), c.input_money_2dp)
    elif cell.spec.kind == "int":
        c.number(ws, row, col, float(cell.value), "#,##0")
    else:
        c.value(ws, row, col, cell.value)


def _plans(c: _Cells, content: ReportContent) -> None:
    ws = c.workbook.add_worksheet(PLANS)
    header = ("Option", *plan_headers(), *PLAN_RESULTS)
    c.header(ws, 0, header)
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, 40)
    for col, spec in enumerate(PLAN_COLUMNS, start=1):
        width = 22 if spec.name in ("provider", "plan") else _WIDE_TEXT.get(spec.name, 13)
        ws.set_column(col, col, width)
    results = 1 + len(PLAN_COLUMNS)
    ws.set_column(results, results + 3, 14)
    ws.set_column(results + 4, results + 4, 60)
    for row, item in enumerate(content.plans, start=1):
        c.text(ws, row, 0, item.option)
        for col, cell in enumerate(plan_cells(item.plan), start=1):
            _plan_cell(c, ws, row, col, cell)
        c.text(ws, row, results, item.origin)
        c.number(ws, row, results + 1, item.tco, c.money)
        c.number(ws, row, results + 2, item.cost_per_user_month, c.money_2dp)
        c.text(ws, row, results + 3, "yes" if item.fits else "no")
        c.text(ws, row, results + 4, "; ".join(item.warnings))
    ws.autofilter(0, 0, max(len(content.plans), 1), len(header) - 1)
    if content.removed_plans:
        c.text(
            ws,
            len(content.plans) + 2,
            0,
            "Catalogue plans left out of this scenario: " + ", ".join(content.removed_plans),
        )


def _assumptions(c: _Cells, content: ReportContent) -> None:
    ws = c.workbook.add_worksheet(ASSUMPTIONS)
    header = (
        "Assumption",
        "Field",
        "Description",
        "Value used",
        "Default",
        "Changed",
        "Basis of the default",
        "Source of the default",
        "As of",
    )
    c.header(ws, 0, header)
    ws.freeze_panes(1, 1)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 4, 16)
    ws.set_column(5, 6, 11)
    ws.set_column(7, 7, 90)
    ws.set_column(8, 8, 12)
    for row, a in enumerate(content.assumptions, start=1):
        emphasis: dict[str, Any] = {"bold": True, "bg_color": "#FFF2CC"} if a.changed else {}
        c.text(ws, row, 0, a.label, **emphasis)
        c.text(ws, row, 1, a.path)
        c.text(ws, row, 2, a.description)
        c.value(ws, row, 3, a.value, **emphasis)
        c.value(ws, row, 4, a.default)
        c.text(ws, row, 5, "yes" if a.changed else "no", **emphasis)
        c.text(ws, row, 6, a.basis)
        c.text(ws, row, 7, a.source)
        c.value(ws, row, 8, a.as_of)
    ws.autofilter(0, 0, max(len(content.assumptions), 1), len(header) - 1)


FIT_FILLS = {"yes": "#C6EFCE", "no": "#FFC7CE", "unknown": "#E7E6E6"}
"""Cell colours of the fit matrix (Excel's good / bad / neutral); the text says it too."""


def _fit(c: _Cells, content: ReportContent) -> None:
    """The Fit sheet: the two cheapest lines, then requirement rows x option columns, each
    cell ``yes``, ``no (short by ...)`` or ``unknown`` on a green / red / grey fill."""
    ws = c.workbook.add_worksheet(FIT)
    fit = content.fit
    if fit is None:
        c.text(ws, 0, 0, "The fit matrix is made for a single scenario.")
        return
    lines = [*cheapest_lines(fit), *fix_lines(fit)]
    for row, line in enumerate(lines):
        c.text(ws, row, 0, line, bold=row < 2)
    top = len(lines) + 1
    m = fit.matrix
    c.header(ws, top, ["Requirement", "Required", *m.options])
    ws.freeze_panes(top + 1, 2)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 1 + len(m.options), 24)
    for k, requirement in enumerate(m.requirements):
        row = top + 1 + k
        c.text(ws, row, 0, requirement)
        c.text(ws, row, 1, m.cells[0][k].required)
        for i, cells in enumerate(m.cells):
            cell = cells[k]
            c.text(ws, row, 2 + i, cell.summary, bg_color=FIT_FILLS[cell.meets])


def _segment_placements(c: _Cells, ws: Any, section: SegmentSection, row: int) -> int:
    """The placement table from ``row``; returns the next free row."""
    c.header(ws, row, PLACEMENT_HEADER)
    for item in section.rows:
        row += 1
        c.text(ws, row, 0, item.segment)
        c.number(ws, row, 1, item.users_today, "#,##0")
        c.number(ws, row, 2, item.mailbox_gb_today, "#,##0.00")
        for col, place in enumerate((item.best_mix, item.best_inhouse, item.best_hosted), 3):
            c.text(ws, row, col, place)
    row += 2
    c.header(ws, row, ("Placement", "Option", "TCO"))
    for placement in section.placements:
        row += 1
        c.text(ws, row, 0, placement.label, bold=placement.label == "Best mix")
        c.text(ws, row, 1, placement.option)
        if placement.tco is None:
            c.text(ws, row, 2, "none")
        else:
            c.number(ws, row, 2, placement.tco, c.money)
    c.text(ws, row + 1, 0, PURE_NOTE, italic=True)
    return row + 3


def _segment_hybrid(c: _Cells, ws: Any, section: SegmentSection, row: int) -> int:
    """The hybrid costs the best mix carries (or that it is not a hybrid); the next row."""
    if not section.is_hybrid:
        c.text(ws, row, 0, "The best mix is not a hybrid: it carries no hybrid costs.")
        return row + 2
    c.text(ws, row, 0, "The best mix is a hybrid: some segments in-house, others hosted.")
    c.header(ws, row + 1, ("Hybrid cost", "Over the horizon"))
    row += 1
    for label, cost in section.hybrid_costs:
        row += 1
        c.text(ws, row, 0, label)
        c.number(ws, row, 1, cost, c.money)
    c.text(ws, row + 1, 0, "Total", bold=True)
    c.number(ws, row + 1, 1, section.hybrid_tco, c.money, bold=True)
    return row + 3


def _segment_tco(c: _Cells, ws: Any, section: SegmentSection, row: int) -> None:
    """TCO per segment (rows) and option (columns), the Total row in bold."""
    table = section.tco_by_segment
    c.text(ws, row, 0, "TCO per segment and option (each option's lines split by segment)")
    c.header(ws, row + 1, ["Segment", *map(str, table.columns[1:])])
    for k, record in enumerate(table.itertuples(index=False), start=row + 2):
        values = list(record)
        total = k == row + 1 + len(table)
        c.text(ws, k, 0, str(values[0]), bold=total)
        for col, amount in enumerate(values[1:], start=1):
            c.number(ws, k, col, float(amount), c.money, bold=total)


def _segments(c: _Cells, content: ReportContent) -> None:
    """The Segments sheet (only with segments; see planner.outputs.segments)."""
    section = content.segments
    if section is None:
        return
    ws = c.workbook.add_worksheet(SEGMENTS)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 2, 16)
    ws.set_column(3, 3 + len(section.tco_by_segment.columns), 30)
    c.text(ws, 0, 0, "Segments and the best mix", bold=True, font_size=14)
    c.text(ws, 1, 0, section.summary, bold=True)
    c.text(
        ws,
        2,
        0,
        f"The search covered {section.placements_searched:,} placements in "
        f"{section.search_seconds * 1000:,.0f} ms.",
        italic=True,
    )
    row = _segment_placements(c, ws, section, 4)
    row = _segment_hybrid(c, ws, section, row)
    _segment_tco(c, ws, section, row)


def _timing(c: _Cells, content: ReportContent) -> None:
    """The Move timing sheet: each target's TCO by the year of the move."""
    section = content.timing
    if section is None:
        return
    ws = c.workbook.add_worksheet(TIMING)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 2 + len(section.years), 18)
    c.text(ws, 0, 0, "When to move", bold=True, font_size=14)
    c.text(ws, 1, 0, f"Cheapest: {section.cheapest}, {section.cheapest_year}.", bold=True)
    c.header(ws, 3, ["Move to", "Fits", *(f"TCO, {y}" for y in section.years), "Best year"])
    for r, row in enumerate(section.rows, start=4):
        c.text(ws, r, 0, row.target)
        c.text(ws, r, 1, "yes" if row.fits else "no")
        for i, tco in enumerate(row.tco, start=2):
            if math.isnan(tco):
                c.text(ws, r, i, "not open")
            else:
                c.number(ws, r, i, tco, c.money)
        c.text(ws, r, 2 + len(row.tco), row.best_year)
    c.text(ws, 5 + len(section.rows), 0, TIMING_NOTE, italic=True)


def workbook_bytes(content: ReportContent) -> bytes:
    """The report as an .xlsx workbook (see the module docstring for its sheets)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    workbook.set_properties(
        {
            "title": f"Exchange Cost Planner: {content.scenario_name}",
            "subject": "In-house Exchange against hosted plans",
            "comments": content.recommendation,
        }
    )
    cells = _Cells(workbook, content.currency)
    _summary(cells, content)
    _yearly(cells, content)
    _quantities(cells, content)
    _plans(cells, content)
    _assumptions(cells, content)
    _fit(cells, content)
    _segments(cells, content)
    _timing(cells, content)
    workbook.close()
    return buffer.getvalue()
