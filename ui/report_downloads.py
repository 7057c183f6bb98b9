"""The report downloads of the sidebar: the summary CSV, the Excel workbook and the HTML report.

The same files as ``planner report --summary-csv`` / ``--xlsx`` / ``--html`` (dated today).
Each is built only when its button is clicked (a callable passed as ``data``) and cached on
the scenario (:func:`ui.compute.workbook`, :func:`ui.compute.html_report`; the summary from
the cached :func:`ui.compute.results`), so drawing the page costs
nothing and a second click is instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from planner.model.scenario import Scenario
from ui import compute
from ui.results import summary_csv_of

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML_MIME = "text/html"
CSV_MIME = "text/csv"


@dataclass(frozen=True)
class ReportDownload:
    """One download button: its label, widget key, file name suffix and mime type."""

    label: str
    key: str
    suffix: str
    mime: str
    help: str


SUMMARY_CSV = ReportDownload(
    "Download summary (.csv)",
    "download_summary_csv",
    "-summary.csv",
    CSV_MIME,
    "One row per option: TCO, NPV, cost per user per month, capex, opex, residual value "
    "(a credit, negative), whether it fits and why not, then its cost in each category "
    "(the same as 'planner report --summary-csv').",
)
WORKBOOK = ReportDownload(
    "Download Excel workbook (.xlsx)",
    "download_xlsx",
    "-report.xlsx",
    XLSX_MIME,
    "The report as an Excel workbook: summary and recommendation, yearly costs by option "
    "and category, storage and servers by year, the plans, and every assumption with its "
    "source and whether you changed it (the same as 'planner report --xlsx').",
)
HTML_REPORT = ReportDownload(
    "Download HTML report (.html)",
    "download_html",
    "-report.html",
    HTML_MIME,
    "The same content as the workbook in one web page with interactive charts; it opens "
    "offline and prints cleanly to PDF from a browser (about 5 MB; the same as "
    "'planner report --html').",
)


def render(scenario: Scenario, slug: str) -> None:
    """Draw the three buttons; the files are made when a button is clicked."""
    key = compute.key_of(scenario)
    today = dt.date.today().isoformat()

    def summary() -> bytes:
        return summary_csv_of(scenario, compute.results(key))

    def workbook() -> bytes:
        return compute.workbook(key, today)

    def html() -> bytes:
        return compute.html_report(key, today)

    for spec, data in ((SUMMARY_CSV, summary), (WORKBOOK, workbook), (HTML_REPORT, html)):
        st.download_button(
            spec.label,
            data=data,
            file_name=f"{slug}{spec.suffix}",
            mime=spec.mime,
            key=spec.key,
            on_click="ignore",
            help=spec.help,
        )
