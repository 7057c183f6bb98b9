"""The report as one self-contained HTML page, as bytes.

The page holds the same content as the workbook plus two interactive Plotly charts. It opens
offline: plotly.js is embedded once, inline; each chart's figure JSON sits in a
``<script type="application/json">`` block that a few lines of script draw. Nothing is
fetched from the network. With ``[[segments]]`` a Segments section follows the options
(:mod:`planner.outputs.segments`). Print CSS lays it out on A4 landscape so a browser's "Print to
PDF" gives a clean document: a chart is at most :data:`PRINT_WIDTH_PX` wide (the printable
width of Letter landscape, the narrower of the two, is 965 px) with its legend below it, and
is redrawn at the printed page's width when the page prints (portrait included). Every
text is HTML-escaped; numeric cells carry their exact value in ``data-value``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

from planner.analyses.fit import cheapest_lines, fix_lines
from planner.engine.path_notes import money_text
from planner.model.fields import PlanCell, plan_cells
from planner.model.paths import value_text
from planner.outputs.content import Headline, ReportContent, plan_headers
from planner.outputs.figures import category_cost_figure, cumulative_cost_figure
from planner.outputs.move_timing import TIMING_NOTE
from planner.outputs.segments import (
    CHEAPER_HEADER,
    CHEAPER_NOTE,
    NEEDS_HEADER,
    NO_CHEAPER,
    PLACEMENT_HEADER,
    PURE_NOTE,
    cheaper_rows,
    needs_rows,
)

CHARTS: tuple[tuple[str, str], ...] = (
    ("chart-cumulative", "Cumulative cost by option"),
    ("chart-categories", "Cost by category"),
)
"""Chart element id -> caption; the figure JSON of chart X is in the script ``X-spec``."""

CSS = """
td.fit-yes { background: #c6efce; } td.fit-no { background: #ffc7ce; }
td.fit-unknown { background: #e7e6e6; }
:root { --ink: #1b1f24; --muted: #5b6570; --line: #d0d7de; --head: #eef3f8; --hi: #fff2cc; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: var(--ink); margin: 0 auto; padding: 24px; max-width: 1280px; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--line); }
p.context, p.generated, p.note { color: var(--muted); margin: .2rem 0; }
p.recommendation { font-size: 1.1rem; font-weight: 600; background: var(--head);
                   border-left: 4px solid #1f3a5f; padding: .7rem 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; vertical-align: top; }
th { background: var(--head); text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.headline { width: auto; }
tr.cheapest td { font-weight: 700; }
tr.changed td { background: var(--hi); }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.chart { width: 100%; max-width: 940px; }
figure { margin: 0 0 1.5rem; }
figcaption { color: var(--muted); font-size: .85rem; }
.scroll { overflow-x: auto; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure, p.recommendation { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .chart { width: 100%; max-width: 940px; }
  .chart .legend { break-inside: avoid; }
  .scroll { overflow: visible; }
  .modebar-container, .no-print { display: none !important; }
  section.page { break-before: page; page-break-before: always; }
}
"""

PRINT_WIDTH_PX = 940
"""The widest a chart is drawn, on screen and on paper: within the printable width of A4
(1,032 px) and Letter (965 px) in landscape with the 12 mm margins."""
RENDER_SCRIPT = """
(function () {
  var config = {responsive: true, displaylogo: false};
  var charts = [];
  document.querySelectorAll("div.chart").forEach(function (div) {
    var spec = JSON.parse(document.getElementById(div.id + "-spec").textContent);
    Plotly.newPlot(div, spec.data, spec.layout, config);
    charts.push(div);
  });
  function fit() {  // each chart at its box's width, as laid out for the screen or the paper
    charts.forEach(function (div) {
      Plotly.relayout(div, {width: Math.min(div.clientWidth || WIDTH, WIDTH)});
    });
  }
  function unfit() {
    charts.forEach(function (div) { Plotly.relayout(div, {width: null, autosize: true}); });
  }
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", unfit);
  var print = window.matchMedia("print");
  var watch = function (e) { if (e.matches) { fit(); } else { unfit(); } };
  if (print.addEventListener) { print.addEventListener("change", watch); }
  else if (print.addListener) { print.addListener(watch); }
})();
""".replace("WIDTH", str(PRINT_WIDTH_PX))


def _answer(content: ReportContent) -> str:
    """The answer first: its sentence, the numbers behind it and what would change it (the
    report's own sentence when there is no answer, as for a batch element)."""
    a = content.answer
    if a is None:
        return f'<p class="recommendation">{_e(content.recommendation)}</p>'
    numbers = "".join(
        f"<li>{_e(n.label)}: <strong>{_e(money_text(n.value, a.currency))}</strong></li>"
        for n in a.numbers
    )
    drivers = "".join(f"<li>{_e(d.sentence)}</li>" for d in a.drivers)
    change = (
        f'<h3>What would change the answer</h3><ul id="drivers">{drivers}</ul>' if drivers else ""
    ) + (f'<p class="note">{_e(a.drivers_note)}</p>' if a.drivers_note else "")
    return (
        f'<p class="recommendation">{_e(a.sentence)}</p>'
        f'<ul id="answer-numbers">{numbers}</ul>{change}'
    )


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _num(value: float, text: str) -> str:
    data = "" if math.isnan(value) else f' data-value="{value!r}"'
    return f'<td class="num"{data}>{_e(text)}</td>'


def _money(value: float) -> str:
    return _num(value, f"{round(value) + 0:,}")


def _money_2dp(value: float) -> str:
    return _num(value, f"{value:,.2f}")


def _table(header: Sequence[str], rows: Iterable[str], table_id: str, cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<div class="scroll"><table id="{table_id}"{klass}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _headline_cell(item: Headline, currency: str) -> str:
    value = item.value
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = float(value)
        if item.unit == "money":
            return _num(number, f"{round(number) + 0:,} {currency}")
        if item.unit == "money_per_user_month":
            return _num(number, f"{number:,.2f} {currency}")
        if item.unit == "pct":
            return _num(number, f"{number:+g}%")
        if item.unit == "year":
            return _num(number, f"year {int(number)}")
        return _num(number, f"{number:,.0f}")
    return f"<td>{_e(value_text(value))}</td>"


def _options(content: ReportContent) -> str:
    cur = content.currency
    header = (
        "Option",
        f"TCO ({cur})",
        f"Cash TCO ({cur})",
        f"NPV ({cur})",
        f"Per user per month ({cur})",
        f"Capex ({cur})",
        f"Opex ({cur})",
        f"Residual value ({cur})",
        "Break-even",
        "Fits as is",
        "Illustrative price",
        "Warnings",
    )
    rows = []
    for o in content.options:
        if not o.hosted:
            breakeven = "<td>-</td>"
        elif o.breakeven_year is None:
            breakeven = "<td>none</td>"
        else:
            breakeven = _num(float(o.breakeven_year), f"year {o.breakeven_year}")
        rows.append(
            f"<tr{' class=cheapest' if o.cheapest else ''}><td>{_e(o.option)}"
            f"{' (cheapest that fits)' if o.cheapest else ''}</td>"
            + _money(o.tco)
            + _money(o.tco_cash)
            + _money(o.npv)
            + _money_2dp(o.cost_per_user_month)
            + _money(o.capex)
            + _money(o.opex)
            + _money(o.residual_value)
            + breakeven
            + f"<td>{'yes' if o.fits else 'no'}</td>"
            + f"<td>{'yes' if o.illustrative else 'no'}</td>"
            + f"<td>{_e('; '.join(o.warnings))}</td></tr>"
        )
    return _table(header, rows, "options-table")


def _yearly(content: ReportContent) -> str:
    cur = content.currency
    table = content.yearly_wide()
    header = ["Option", "Category", "Kind", *content.year_columns, "Total"]
    rows = []
    for record in table.itertuples(index=False):
        values = list(record)
        rows.append(
            f"<tr><td>{_e(values[0])}</td><td>{_e(values[1])}</td><td>{_e(values[2])}</td>"
            + "".join(_money(float(v)) for v in values[3:])
            + "</tr>"
        )
    totals = content.yearly_totals
    for o in content.options:
        mine = totals[totals["option"] == o.option]
        rows.append(
            f'<tr class="total"><td>{_e(o.option)}</td><td>Total (TCO basis)</td><td></td>'
            + "".join(_money(float(v)) for v in mine["total"])
            + _money(o.tco)
            + "</tr>"
        )
    return f"<p class=note>All amounts in {_e(cur)}. Year 0 is the upfront year.</p>" + _table(
        header, rows, "yearly-table"
    )


def _quantities(content: ReportContent) -> str:
    frame = content.quantities
    header = ["Year", *map(str, frame.columns[1:])]
    rows = []
    for record in frame.itertuples(index=False):
        values = [float(v) for v in record]
        cells = [_num(values[0], str(int(values[0])))]
        for name, v in zip(header[1:], values[1:], strict=True):
            whole = name in (
                "Users",
                "Servers for CPU",
                "Servers needed",
                "Servers installed",
                "DR-site servers installed",
                "Databases",
            )
            cells.append(_num(v, f"{v:,.0f}" if whole else f"{v:,.2f}"))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _table(header, rows, "quantities-table")


def _plan_cell(cell: PlanCell) -> str:
    """One plan field: its words, or the number (money with cents, in US dollars)."""
    if cell.words is not None:
        return f"<td>{_e(cell.words)}</td>"
    if cell.spec.money:
        return _money_2dp(float(cell.value))
    if cell.spec.kind in ("int", "float"):
        value = float(cell.value)
        return _num(value, f"{cell.value:,}" if cell.spec.kind == "int" else f"{value:g}")
    return f"<td>{_e(value_text(cell.value))}</td>"


def _plans(content: ReportContent) -> str:
    cur = content.currency
    header = ("Option", *plan_headers(), "Origin", f"TCO ({cur})", "Fits as is", "Warnings")
    rows = [
        f"<tr><td>{_e(item.option)}</td>"
        + "".join(_plan_cell(cell) for cell in plan_cells(item.plan))
        + f"<td>{_e(item.origin)}</td>"
        + _money(item.tco)
        + f"<td>{'yes' if item.fits else 'no'}</td><td>{_e('; '.join(item.warnings))}</td>"
        + "</tr>"
        for item in content.plans
    ]
    out = _table(header, rows, "plans-table")
    if content.removed_plans:
        out += (
            "<p class=note>Catalogue plans left out of this scenario: "
            + _e(", ".join(content.removed_plans))
            + "</p>"
        )
    return out


def _assumptions(content: ReportContent) -> str:
    header = (
        "Assumption",
        "Field",
        "Description",
        "Value used",
        "Default",
        "Changed",
        "Basis",
        "Source of the default",
        "As of",
    )
    rows = [
        f"<tr{' class=changed' if a.changed else ''}><td>{_e(a.label)}</td><td>{_e(a.path)}</td>"
        f"<td>{_e(a.description)}</td><td>{_e(value_text(a.value))}</td>"
        f"<td>{_e(value_text(a.default))}</td><td>{'yes' if a.changed else 'no'}</td>"
        f"<td>{_e(a.basis)}</td><td>{_e(a.source)}</td><td>{_e(value_text(a.as_of))}</td></tr>"
        for a in content.assumptions
    ]
    changed = len(content.changed_assumptions)
    return (
        f"<p class=note>{changed} of {len(content.assumptions)} assumptions differ from the "
        "defaults (highlighted).</p>" + _table(header, rows, "assumptions-table")
    )


FIT_MARKS = {"yes": "\u2713", "no": "\u2717", "unknown": "?"}


def _fit(content: ReportContent) -> str:
    """The capability fit section: the two cheapest lines and the requirement x option
    matrix; each cell says yes / no (short by ...) / unknown in words, with a mark and a
    colour (class ``fit-yes`` / ``fit-no`` / ``fit-unknown``)."""
    fit = content.fit
    if fit is None:
        return ""
    m = fit.matrix
    rows = []
    for k, requirement in enumerate(m.requirements):
        cells = "".join(
            f'<td class="fit-{row[k].meets}">{FIT_MARKS[row[k].meets]} {_e(row[k].summary)}</td>'
            for row in m.cells
        )
        rows.append(
            f"<tr><th>{_e(requirement)}</th><td>{_e(m.cells[0][k].required)}</td>{cells}</tr>"
        )
    lines = "".join(f"<p>{_e(line)}</p>" for line in (*cheapest_lines(fit), *fix_lines(fit)))
    return (
        '<section id="fit" class="page"><h2>Capability fit</h2>'
        + lines
        + _table(["Requirement", "Required", *m.options], rows, "fit-table")
        + "</section>"
    )


def _segment_tables(content: ReportContent) -> str:
    """The placement table and the placements' TCOs beside the best pure option."""
    section = content.segments
    assert section is not None
    cur = content.currency
    rows = [
        f"<tr><td>{_e(item.segment)}</td>"
        + _num(item.users_today, f"{item.users_today:,.0f}")
        + _num(item.mailbox_gb_today, f"{item.mailbox_gb_today:,.2f}")
        + "".join(
            f"<td>{_e(place)}</td>"
            for place in (item.best_mix, item.best_inhouse, item.best_hosted)
        )
        + "</tr>"
        for item in section.rows
    ]
    header = PLACEMENT_HEADER
    tco_rows = [
        f"<tr{' class=cheapest' if item.label == 'Best mix' else ''}><td>{_e(item.label)}</td>"
        f"<td>{_e(item.option)}</td>"
        + ("<td>none</td>" if item.tco is None else _money(item.tco))
        + "</tr>"
        for item in section.placements
    ]
    return (
        _table(header, rows, "segments-table")
        + _table(("Placement", "Option", f"TCO ({cur})"), tco_rows, "placements-table")
        + f"<p class=note>{_e(PURE_NOTE)}</p>"
    )


def _segment_needs(content: ReportContent) -> str:
    """Each segment's requirements and where it may go; why a segment did not get a cheaper
    plan."""
    section = content.segments
    assert section is not None

    def rows(records: list[tuple[str, ...]]) -> list[str]:
        return ["<tr>" + "".join(f"<td>{_e(t)}</td>" for t in r) + "</tr>" for r in records]

    cheaper = (
        _table(CHEAPER_HEADER, rows(cheaper_rows(section.cheaper)), "cheaper-table")
        + f"<p class=note>{_e(CHEAPER_NOTE)}</p>"
        if section.cheaper
        else f"<p>{_e(NO_CHEAPER)}</p>"
    )
    return (
        "<h3>Requirements per segment (its own, else the organisation's)</h3>"
        + _table(NEEDS_HEADER, rows(needs_rows(section.needs)), "segment-needs-table")
        + "<h3>Why a segment did not get a cheaper plan</h3>"
        + cheaper
    )


def _segment_costs(content: ReportContent) -> str:
    """The hybrid costs (or that there are none) and the TCO per segment and option."""
    section = content.segments
    assert section is not None
    cur = content.currency
    if section.is_hybrid:
        rows = [
            f"<tr><td>{_e(label)}</td>{_money(cost)}</tr>" for label, cost in section.hybrid_costs
        ]
        rows.append(f'<tr class="total"><td>Total</td>{_money(section.hybrid_tco)}</tr>')
        hybrid = (
            "<p>The best mix is a hybrid: some segments in-house, others hosted. "
            "The hybrid costs it carries:</p>"
            + _table(("Hybrid cost", f"Over the horizon ({cur})"), rows, "hybrid-table")
        )
    else:
        hybrid = "<p>The best mix is not a hybrid: it carries no hybrid costs.</p>"
    table = section.tco_by_segment
    last = len(table) - 1
    tco_rows = [
        f"<tr{' class=total' if k == last else ''}><td>{_e(values[0])}</td>"
        + "".join(_money(float(v)) for v in values[1:])
        + "</tr>"
        for k, values in enumerate(table.itertuples(index=False))
    ]
    return (
        hybrid + f"<p class=note>TCO per segment and option ({_e(cur)}): each option's lines split "
        "over the segments (hardware and storage by mailbox GB, the rest by users).</p>"
        + _table(["Segment", *map(str, table.columns[1:])], tco_rows, "segment-tco-table")
    )


def _segments(content: ReportContent) -> str:
    """The Segments section (only with segments; see planner.outputs.segments)."""
    section = content.segments
    if section is None:
        return ""
    return (
        '<section id="segments"><h2>Segments and the best mix</h2>'
        f'<p class="recommendation">{_e(section.summary)}</p>'
        f"<p class=note>The search covered {section.placements_searched:,} placements in "
        f"{section.search_seconds * 1000:,.0f} ms.</p>"
        + _segment_tables(content)
        + _segment_needs(content)
        + _segment_costs(content)
        + "</section>"
    )


def _timing(content: ReportContent) -> str:
    """The "When to move" section (from Exchange 2016 / 2019; planner.outputs.move_timing)."""
    section = content.timing
    if section is None:
        return ""
    cur = content.currency
    rows = [
        f"<tr{' class=cheapest' if row.target == section.cheapest else ''}>"
        f"<td>{_e(row.target)}</td><td>{'yes' if row.fits else 'no'}</td>"
        + "".join("<td>not open</td>" if math.isnan(x) else _money(x) for x in row.tco)
        + f"<td>{_e(row.best_year)}</td></tr>"
        for row in section.rows
    ]
    header = ("Move to", "Fits", *(f"{y} ({cur})" for y in section.years), "Best year")
    return (
        '<section id="timing"><h2>When to move</h2>'
        f"<p>Cheapest: {_e(section.cheapest)}, {_e(section.cheapest_year)}.</p>"
        + _table(header, rows, "timing-table")
        + f"<p class=note>{_e(TIMING_NOTE)}</p></section>"
    )


def _figure_json(fig: Any) -> str:
    text: str = fig.to_json()
    # to_json already writes "<" as \\u003c; make sure no "</" can close the script block.
    return text.replace("</", "<\\/")


def html_bytes(content: ReportContent) -> bytes:
    """The report as one self-contained HTML page (UTF-8)."""
    from plotly.offline import get_plotlyjs

    figures = {
        "chart-cumulative": cumulative_cost_figure(content),
        "chart-categories": category_cost_figure(content),
    }
    title = f"Exchange Cost Planner: {content.scenario_name}"
    headline_rows = [
        f"<tr><th>{_e(item.label)}</th>{_headline_cell(item, content.currency)}</tr>"
        for item in content.headline
    ]
    charts = "".join(
        f'<figure><div id="{chart_id}" class="chart" role="img" aria-label="{_e(caption)}">'
        f"</div><figcaption>{_e(caption)} ({_e(content.currency)}).</figcaption></figure>"
        f'<script type="application/json" id="{chart_id}-spec">'
        f"{_figure_json(figures[chart_id])}</script>"
        for chart_id, caption in CHARTS
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="description">{_e(content.description)}</p>' if content.description else "",
        f'<p class="context">{_e(content.context)}</p>',
        f'<p class="generated">Generated on {_e(content.generated_on.isoformat())}</p>'
        if content.generated_on is not None
        else "",
        "</header>",
        '<section id="recommendation"><h2>Recommendation</h2>',
        _answer(content),
        "</section>",
        '<section id="headline"><h2>Headline figures</h2>',
        f'<table class="headline" id="headline-table"><tbody>{"".join(headline_rows)}'
        "</tbody></table></section>",
        '<section id="options"><h2>Every option</h2>',
        _options(content),
        "</section>",
        _segments(content),
        _timing(content),
        '<section id="charts"><h2>Charts</h2>',
        '<noscript><p class="note">The charts need JavaScript; the tables hold every number.'
        "</p></noscript>",
        charts,
        "</section>",
        '<section id="yearly" class="page"><h2>Yearly costs by option and category</h2>',
        _yearly(content),
        "</section>",
        '<section id="quantities"><h2>Storage and servers by year (in-house)</h2>',
        _quantities(content),
        "</section>",
        '<section id="plans" class="page"><h2>Hosted plans</h2>',
        _plans(content),
        "</section>",
        '<section id="assumptions" class="page"><h2>Assumptions and their sources</h2>',
        _assumptions(content),
        "</section>",
        _fit(content),
        '<section id="notes"><h2>Notes</h2><ul>',
        "".join(f"<li>{_e(note)}</li>" for note in content.notes),
        "</ul></section>",
        f'<script type="text/javascript">{RENDER_SCRIPT}</script>',
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p).encode("utf-8")
