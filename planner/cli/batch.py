"""Evaluate every scenario file in a folder into one combined long-table CSV.

The folder's ``*.toml`` files (not sub-folders), in name order, are each loaded, projected
and turned into the documented long table; the tables are stacked with their ``scenario``
column, so one CSV holds them all. The command streams: each scenario's rows are written as
soon as it is evaluated and then dropped (memory stays that of one scenario, whatever the
number of files), into a temporary file renamed to the CSV at the end. The output may not be
one of the folder's scenario files, even with ``--force``.

Bad files never stop the batch: each is skipped with one line naming the file and the
problem, and the CSV is written from the good ones. The command line then exits with
status 1 (written, but some files were skipped) so scripts notice; it exits 2 when nothing
could be evaluated or the CSV cannot be written, 0 when every file was evaluated. Two files
with the same scenario name keep their rows apart: the later one's ``scenario`` value gets
its file name in brackets (``Name [copy.toml]``, then ``(2)``, ``(3)``... should even that
be taken) and a note says so: every label is unique.

Names, file names and messages reach the terminal through
:func:`planner.cli.terminal.terminal_text`, so control characters are shown escaped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pandas as pd

from planner.cli.terminal import terminal_text
from planner.errors import PlannerError, ScenarioFileError

EXIT_OK = 0
EXIT_SOME_SKIPPED = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Evaluated:
    """One scenario file evaluated: its file, its scenario label and a one-line summary."""

    path: Path
    scenario: str
    summary: str


@dataclass(frozen=True)
class BatchReport:
    """The result of evaluating a folder."""

    folder: Path
    evaluated: tuple[Evaluated, ...]
    tables: tuple[pd.DataFrame, ...]  # empty when the tables went to a sink
    problems: tuple[str, ...]  # one line per skipped file
    notes: tuple[str, ...]
    row_count: int = 0

    def csv(self) -> bytes:
        """The combined long table as CSV with formula-safe text (raises if it is empty)."""
        from planner.outputs.long_table import csv_bytes

        if not self.tables:
            raise ScenarioFileError(f"{self.folder}: no scenario file could be evaluated")
        return csv_bytes(list(self.tables))

    def rows(self) -> int:
        """Rows of the combined table."""
        return self.row_count


def scenario_paths(folder: str | Path) -> list[Path]:
    """The folder's scenario files (``*.toml``), in name order."""
    folder = Path(folder)
    if not folder.exists():
        raise ScenarioFileError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise ScenarioFileError(f"{folder}: is a file, not a folder of scenario files")
    paths = sorted(p for p in folder.glob("*.toml") if p.is_file())
    if not paths:
        raise ScenarioFileError(f"{folder}: no scenario files (*.toml) in this folder")
    return paths


def _summary_line(
    path: Path,
    scenario: str,
    currency: str,
    options: tuple[str, ...],
    tco: list[float],
    cheapest: int,
) -> str:
    return (
        f"{terminal_text(path.name)}: {terminal_text(scenario)}: in-house {round(tco[0]):,} "
        f"{currency}; cheapest that fits: "
        f"{terminal_text(options[cheapest])} {round(tco[cheapest]):,} {currency}"
    )


def unique_label(name: str, path: Path, used: set[str]) -> str:
    """``name``, or when an earlier file took it ``name [file.toml]``, then
    ``name [file.toml] (2)``, (3)...: the first label not in ``used``."""
    if name not in used:
        return name
    label = base = f"{name} [{path.name}]"
    count = 1
    while label in used:
        count += 1
        label = f"{base} ({count})"
    return label


def evaluate_folder(
    folder: str | Path, sink: Callable[[pd.DataFrame], None] | None = None
) -> BatchReport:
    """Load, project and tabulate every scenario file of ``folder`` (bad files skipped).

    With ``sink``, each table is handed to it as soon as it is made and not kept (the report's
    ``tables`` stay empty); without, the report keeps them all."""
    from planner.engine.projection import project_scenario
    from planner.engine.summary import summarise
    from planner.model.files import load_scenario
    from planner.outputs.long_table import long_table

    folder = Path(folder)
    evaluated: list[Evaluated] = []
    tables: list[pd.DataFrame] = []
    problems: list[str] = []
    notes: list[str] = []
    used: set[str] = set()
    rows = 0
    for path in scenario_paths(folder):
        try:
            scenario = load_scenario(path)
            projection = project_scenario(scenario)
        except PlannerError as exc:
            message = str(exc)
            problems.append(message if message.startswith(str(path)) else f"{path}: {message}")
            continue
        label = unique_label(scenario.name, path, used)
        if label != scenario.name:
            notes.append(
                f"{path}: scenario name {scenario.name!r} is used by an earlier file; "
                f"its rows are labelled {label!r}"
            )
        used.add(label)
        currency = scenario.finance.currency
        s = summarise(projection)
        table = long_table(projection, label, currency)
        rows += len(table)
        if sink is None:
            tables.append(table)
        else:
            sink(table)
        del table, projection  # one scenario's arrays at a time
        evaluated.append(
            Evaluated(
                path,
                label,
                _summary_line(
                    path,
                    label,
                    currency,
                    s.options,
                    [float(x) for x in s.tco[0]],
                    int(s.cheapest[0]),
                ),
            )
        )
    return BatchReport(folder, tuple(evaluated), tuple(tables), tuple(problems), tuple(notes), rows)


def run(
    folder: str | Path,
    csv: str | Path,
    overwrite: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The ``planner batch`` command: evaluate ``folder``, write ``csv``; returns the exit
    status (see the module docstring). PlannerError from the folder or the output file
    propagates to the caller (the command line prints it and exits 2)."""
    from planner.model.files import write_atomic_streamed
    from planner.outputs.long_table import csv_bytes
    from planner.outputs.writer import check_targets

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    target = Path(csv)
    check_targets([target], overwrite, scenario_paths(folder))
    reports: list[BatchReport] = []

    def fill(write: Callable[[bytes], object]) -> None:
        def sink(table: pd.DataFrame) -> None:
            write(csv_bytes([table], header=not written))
            written.append(True)

        written: list[bool] = []
        reports.append(evaluate_folder(folder, sink))

    path = write_atomic_streamed(target, fill, overwrite)
    report = reports[0]
    for item in report.evaluated:
        print(item.summary, file=out)
    for note in report.notes:
        print(f"planner: note: {terminal_text(note)}", file=err)
    for problem in report.problems:
        print(f"planner: skipped: {terminal_text(problem)}", file=err)
    if path is None:
        print(
            f"planner: error: {terminal_text(str(report.folder))}: "
            "no scenario file could be evaluated",
            file=err,
        )
        return EXIT_BAD_INPUT
    total = len(report.evaluated) + len(report.problems)
    print(
        f"\nWrote {report.rows():,} rows from {len(report.evaluated)} of {total} scenario "
        f"files to {terminal_text(str(path))}",
        file=out,
    )
    if report.problems:
        print(
            f"planner: {len(report.problems)} file(s) skipped; exit status {EXIT_SOME_SKIPPED}",
            file=err,
        )
        return EXIT_SOME_SKIPPED
    return EXIT_OK
