"""Write a scenario's reports (CSV, xlsx, HTML) to files, never replacing one unasked.

All or nothing, as far as a file system allows: every target is checked before anything is
written (no existing file without ``overwrite``, no device, FIFO, socket or folder, no
missing folder, no two outputs on one file, never the input scenario, even with
``overwrite``); every report is built in memory before the first is written; each file is
then written atomically (:func:`planner.model.files.write_atomic`), and if one cannot be
written, the files this run created are removed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from planner.engine.projection import Projection
from planner.errors import OutputError
from planner.model.scenario import Scenario


def is_same_file(a: Path, b: Path) -> bool:
    """Same file: one inode (hard and symbolic links included), or one resolved path."""
    try:
        return a.samefile(b)
    except OSError:  # one of them does not exist (yet)
        return a.resolve() == b.resolve()


def check_targets(paths: list[Path], overwrite: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse two outputs on one path, an output on an input file (even with ``overwrite``:
    the scenario would be lost), unusable targets, and existing files unless ``overwrite``
    (see :func:`planner.model.files.check_target`)."""
    from planner.model.files import check_target

    sources = tuple(inputs)
    seen: dict[Path, Path] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            raise OutputError(f"{path}: named for two outputs; give each output its own file")
        seen[key] = path
        source = next((s for s in sources if is_same_file(path, s)), None)
        if source is not None:
            raise OutputError(
                f"{path}: is the input scenario {source}; an output never replaces its input, "
                "even with --force: choose another name"
            )
        check_target(path, overwrite=True)
        if path.exists() and not overwrite:
            raise OutputError(
                f"{path}: already exists; choose another name or use --force to replace it"
            )


def write_all(files: list[tuple[Path, bytes]], overwrite: bool) -> list[Path]:
    """Write every (path, payload) atomically, in order; returns the paths written.

    If one write fails, the files this call created (not those it replaced) are removed
    before the error is raised, so a retry does not find half of its own output.
    """
    from planner.model.files import write_atomic

    created: list[Path] = []
    written: list[Path] = []
    try:
        for path, payload in files:
            existed = path.exists()
            written.append(write_atomic(path, payload, overwrite=overwrite))
            if not existed:
                created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return written


def write_reports(
    scenario: Scenario,
    projection: Projection,
    csv: str | Path | None = None,
    xlsx: str | Path | None = None,
    html: str | Path | None = None,
    overwrite: bool = False,
    generated_on: dt.date | None = None,
    summary_csv: str | Path | None = None,
    inputs: Iterable[Path] = (),
) -> list[str]:
    """Write the requested reports; returns one line per file written (for the user).

    Raises OutputError, before writing anything, when a target exists and ``overwrite``
    is false, is not a regular file, lies in a missing folder, or when two outputs name
    the same file or one is an input file (``inputs``, even with ``overwrite``); a failure
    while writing removes the files this run created.
    """
    named = (("csv", csv), ("xlsx", xlsx), ("html", html), ("summary_csv", summary_csv))
    targets = {k: Path(v) for k, v in named if v}
    check_targets(list(targets.values()), overwrite, inputs)
    builders = _report_builders(scenario, projection, generated_on)
    files: list[tuple[Path, bytes]] = []
    messages: list[Callable[[Path], str]] = []
    for kind, path in targets.items():
        payload, message = builders[kind]()
        files.append((path, payload))
        messages.append(message)
    written = write_all(files, overwrite)
    return [message(path) for message, path in zip(messages, written, strict=True)]


Built = tuple[bytes, Callable[[Path], str]]


def _report_builders(
    scenario: Scenario, projection: Projection, generated_on: dt.date | None
) -> dict[str, Callable[[], Built]]:
    """For each report kind, a function building its bytes and its 'Wrote ...' line."""
    from planner.outputs.content import ReportContent

    content: list[ReportContent] = []  # built once, shared by xlsx and HTML

    def report_content() -> ReportContent:
        if not content:
            from planner.outputs.content import build_content

            content.append(build_content(scenario, projection, generated_on=generated_on))
        return content[0]

    def csv_report() -> Built:
        from planner.outputs.long_table import csv_bytes, long_table

        table = long_table(projection, scenario.name, scenario.finance.currency)
        return csv_bytes([table]), lambda path: f"Wrote {len(table):,} rows to {path}"

    def summary_csv_report() -> Built:
        from planner.outputs.summary_table import summary_csv_bytes, summary_table

        summary = summary_table(scenario, projection)
        return summary_csv_bytes(summary), (
            lambda path: f"Wrote the summary of {len(summary):,} options to {path}"
        )

    def xlsx_report() -> Built:
        from planner.outputs.xlsx import workbook_bytes

        return workbook_bytes(report_content()), lambda p: f"Wrote the Excel workbook to {p}"

    def html_report() -> Built:
        from planner.outputs.html import html_bytes

        return html_bytes(report_content()), lambda p: f"Wrote the HTML report to {p}"

    return {
        "csv": csv_report,
        "summary_csv": summary_csv_report,
        "xlsx": xlsx_report,
        "html": html_report,
    }
