"""The report downloads of the sidebar: the Excel workbook and the self-contained HTML report.

The same files as ``planner report --xlsx`` / ``--html`` (dated today). Each is built only
when its button is clicked (a callable passed as ``data``) and cached on the scenario
(:func:`ui.compute.workbook`, :func:`ui.compute.html_report`), so drawing the page costs
nothing and a second click is instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from planner.model.scenario import Scenario
from ui import compute

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML_MIME = "text/html"


@dataclass(frozen=True)
class ReportDownload:
    """One download button: its label, widget key, file name suffix and mime type."""

    label: str
    key: str
    suffix: str
    mime: str
    help: str


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
    """Draw both buttons; the files are made when a button is clicked."""
    key = compute.key_of(scenario)
    today = dt.date.today().isoformat()

    def workbook() -> bytes:
        return compute.workbook(key, today)

    def html() -> bytes:
        return compute.html_report(key, today)

    for spec, data in ((WORKBOOK, workbook), (HTML_REPORT, html)):
        st.download_button(
            spec.label,
            data=data,
            file_name=f"{slug}{spec.suffix}",
            mime=spec.mime,
            key=spec.key,
            on_click="ignore",
            help=spec.help,
        )
