"""Write a scenario's reports (CSV, xlsx, HTML) to files, never replacing one unasked.

Every target is checked before anything is written, so a run that would replace an
existing file without ``overwrite`` writes nothing at all; each file is then written
atomically (:func:`planner.model.files.write_atomic`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.engine.projection import Projection
from planner.errors import OutputError
from planner.model.scenario import Scenario


def check_targets(paths: list[Path], overwrite: bool) -> None:
    """Refuse two outputs on one path, and existing files unless ``overwrite``."""
    seen: dict[Path, Path] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            raise OutputError(f"{path}: named for two outputs; give each output its own file")
        seen[key] = path
        if path.is_dir():
            raise OutputError(f"{path}: is a folder; name a file")
        if path.exists() and not overwrite:
            raise OutputError(
                f"{path}: already exists; choose another name or use --force to replace it"
            )


def write_reports(
    scenario: Scenario,
    projection: Projection,
    csv: str | Path | None = None,
    xlsx: str | Path | None = None,
    html: str | Path | None = None,
    overwrite: bool = False,
    generated_on: dt.date | None = None,
    summary_csv: str | Path | None = None,
) -> list[str]:
    """Write the requested reports; returns one line per file written (for the user).

    Raises OutputError, before writing anything, when a target exists and ``overwrite``
    is false, or when two outputs name the same file.
    """
    from planner.model.files import write_atomic

    named = (("csv", csv), ("xlsx", xlsx), ("html", html), ("summary_csv", summary_csv))
    targets = {k: Path(v) for k, v in named if v}
    check_targets(list(targets.values()), overwrite)
    written: list[str] = []
    if "csv" in targets:
        from planner.outputs.long_table import csv_bytes, long_table

        table = long_table(projection, scenario.name, scenario.finance.currency)
        path = write_atomic(targets["csv"], csv_bytes([table]), overwrite=overwrite)
        written.append(f"Wrote {len(table):,} rows to {path}")
    if "summary_csv" in targets:
        from planner.outputs.summary_table import summary_csv_bytes, summary_table

        summary = summary_table(scenario, projection)
        data = summary_csv_bytes(summary)
        path = write_atomic(targets["summary_csv"], data, overwrite=overwrite)
        written.append(f"Wrote the summary of {len(summary):,} options to {path}")
    if "xlsx" in targets or "html" in targets:
        from planner.outputs.content import build_content

        content = build_content(scenario, projection, generated_on=generated_on)
        if "xlsx" in targets:
            from planner.outputs.xlsx import workbook_bytes

            path = write_atomic(targets["xlsx"], workbook_bytes(content), overwrite=overwrite)
            written.append(f"Wrote the Excel workbook to {path}")
        if "html" in targets:
            from planner.outputs.html import html_bytes

            path = write_atomic(targets["html"], html_bytes(content), overwrite=overwrite)
            written.append(f"Wrote the HTML report to {path}")
    return written
