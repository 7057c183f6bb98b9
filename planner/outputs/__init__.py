"""Reports a business owner can hand on: Excel workbook, self-contained HTML, safe CSV.

Build the content once, render it as many ways as needed (pure functions returning bytes)::

    content = build_content(scenario, projection, summary)   # projection/summary optional
    workbook_bytes(content)   # .xlsx
    html_bytes(content)       # one offline HTML file with interactive charts
    long_table.csv_bytes([long_table(...)])  # the documented long table, formula-safe text
    summary_table.summary_csv_bytes(summary_table(scenario, projection))  # one row per option

``write_reports`` writes any of the three to files without ever replacing one unless asked.
Plotly loads only when the HTML or a figure is built.
"""

from planner.outputs.cells import csv_safe, looks_like_formula
from planner.outputs.content import ReportContent, build_content
from planner.outputs.html import html_bytes
from planner.outputs.writer import write_reports
from planner.outputs.xlsx import workbook_bytes

__all__ = [
    "ReportContent",
    "build_content",
    "csv_safe",
    "html_bytes",
    "looks_like_formula",
    "workbook_bytes",
    "write_reports",
]
