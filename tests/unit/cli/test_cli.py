"""The planner command line."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.defaults import SCENARIOS_DIR
from planner.model.files import load_scenario
from planner.outputs.long_table import CSV_COLUMNS

DEFAULT = str(SCENARIOS_DIR / "default.toml")


def test_report_prints_every_option_and_writes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "costs.csv"
    assert main(["report", DEFAULT, "--csv", str(out)]) == 0
    text = capsys.readouterr().out
    s = summarise(project_scenario(load_scenario(DEFAULT)))
    for option, tco in zip(s.options, s.tco[0], strict=True):
        assert option[:40] in text
        assert f"{round(tco):,}" in text
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    inhouse = sum(float(r["cost"]) for r in rows if r["option"] == "In-house Exchange")
    assert inhouse == pytest.approx(s.tco[0, 0], abs=1.0)


def test_report_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "costs.csv"
    out.write_text("keep me")
    assert main(["report", DEFAULT, "--csv", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main(["report", DEFAULT, "--csv", str(out), "--force"]) == 0
    assert out.read_text().startswith(",".join(CSV_COLUMNS))


def test_validate_accepts_every_preset(capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted(SCENARIOS_DIR.glob("*.toml")):
        assert main(["validate", str(path)]) == 0
    assert "valid scenario" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[organisation]\nusers = 0\n", "Users today (organisation.users) = 0"),
        ("[organisation]\nusers = 'x'\n", "Users today (organisation.users) = 'x'"),
        ("[organisation]\nteam = 3\n", "organisation.team: unknown field"),
        ("[organisation\n", "not valid TOML"),
        ("", "the file is empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    assert main(["report", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"planner: error: {path}")
    assert expected in lines[0]
    assert "Traceback" not in captured.err


def test_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.toml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_plans_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plans"]) == 0
    out = capsys.readouterr().out
    assert "Exchange Online Plan 1" in out
    assert "Illustrative" in out


@pytest.mark.slow  # a second or more: starts a process
def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(tmp_path / "x.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("planner: error:")
    assert "Traceback" not in done.stderr


HEAVY = ("pandas", "plotly", "openpyxl", "streamlit")
"""Libraries ``planner report`` without an output file must not import (a fast
start; measured in benchmarks/README.md, Command line: start-up)."""


@pytest.mark.slow  # a second or more: a Python process per preset
@pytest.mark.parametrize(
    "stem",
    [p.stem for p in sorted(SCENARIOS_DIR.glob("*.toml")) if not load_scenario(p).segments],
)
def test_report_to_the_terminal_imports_no_heavy_library(stem: str) -> None:
    """A fresh interpreter runs ``planner report`` on the preset, then lists what it loaded
    (a scenario with segments loads the reports package for its Segments block)."""
    code = (
        "import sys\n"
        "from planner.cli import main\n"
        f"status = main(['report', {str(SCENARIOS_DIR / f'{stem}.toml')!r}])\n"
        f"print('LOADED', status, *[m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines()[-1] == "LOADED 0"


def test_a_note_on_an_option_that_fits_is_not_listed_as_not_fitting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The 40-user Exchange 2016 case: WorldPosta Basic (25 GB) does not fit 25 GB mailboxes
    growing 1 GB a year, so it is under "does not fit as is"; the upgrade in place fits and its
    edition note goes under "Notes:"."""
    from pathlib import Path

    scenario = Path(__file__).parents[1] / "scenarios" / "exchange_2016_forty_users.toml"
    assert main(["report", str(scenario)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    not_fitting = lines.index("! does not fit as is:")
    notes = lines.index("Notes:")
    assert not_fitting < notes
    between = lines[not_fitting + 1 : notes]
    assert any(
        line.startswith("  WorldPosta Basic (illustrative): mailboxes outgrow") for line in between
    )
    assert not any(line.startswith("  Upgrade in place to Exchange SE") for line in between)
    assert lines[notes + 1].startswith("  Upgrade in place to Exchange SE: Standard edition")
