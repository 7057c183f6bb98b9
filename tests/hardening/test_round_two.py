"""Hardening, round two: what an outside attack found, one test per finding.

Each test failed before its fix. Markup in chart names, the break-even search bounds and
the share-link length have their own files: test_chart_names.py, test_search_bounds.py and
test_share_link_length.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.cli.terminal import table_lines, terminal_text
from planner.errors import OutputError, ScenarioFileError
from planner.model.files import TEMPORARY_PREFIX, load_scenario, write_atomic

REPO_ROOT = Path(__file__).resolve().parents[2]
PRESET = REPO_ROOT / "scenarios" / "default.toml"


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------
# 1. --force never replaces a device, a FIFO, a socket or a folder
# ---------------------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path, 0o666)
    return path


def test_force_refuses_to_replace_a_fifo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = _fifo(tmp_path)
    code = main(["report", str(PRESET), "--csv", str(fifo), "--force"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "is a named pipe (FIFO), not a regular file" in err
    assert "Traceback" not in out + err
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the FIFO must still be a FIFO"
    assert _entries(tmp_path) == ["pipe.csv"], "no temporary file may be left"


def test_force_through_a_link_to_dev_null_leaves_the_device_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attack was ``--csv /dev/null --force`` as root; a link to it reaches the same
    check without risking the machine's /dev/null should the check ever break."""
    link = tmp_path / "null.csv"
    link.symlink_to("/dev/null")
    code = main(["report", str(PRESET), "--csv", str(link), "--force"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "is a device, not a regular file" in err
    assert link.is_symlink()
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.parametrize("overwrite", [False, True])
def test_write_atomic_refuses_a_socket(tmp_path: Path, overwrite: bool) -> None:
    path = tmp_path / "s.csv"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(OutputError, match="is a socket, not a regular file"):
            write_atomic(path, b"x", overwrite=overwrite)
        assert stat.S_ISSOCK(path.stat().st_mode)


def test_simulate_and_batch_refuse_a_fifo_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = _fifo(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.toml").write_text('name = "A"\n')
    assert main(["batch", str(folder), "--csv", str(fifo), "--force"]) == 2
    assert main(["simulate", str(PRESET), "--csv", str(fifo), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("not a regular file") == 2
    assert stat.S_ISFIFO(fifo.stat().st_mode)


# ---------------------------------------------------------------------------
# 4. Control characters reach the terminal escaped
# ---------------------------------------------------------------------------

ESC_NAME = r"Evil\u001b]0;owned\u0007\u001b[2J"
"""TOML escapes for: set the window title to 'owned', then clear the screen."""
CLIPBOARD_PLAN = r"Plan\u001b]52;c;ZWNobyBwd25lZA==\u0007"
"""An OSC 52 sequence that writes to the clipboard."""


def _hostile_scenario(path: Path) -> Path:
    path.write_text(
        f'name = "{ESC_NAME}"\n'
        "[[plans]]\n"
        f'provider = "P\\u202e"\nplan = "{CLIPBOARD_PLAN}"\nprice_per_user_month = 4.0\n'
        "mailbox_gb = 50\nattachment_mb = 25\nsla_pct = 99.9\n"
        "[uncertainty]\n"
        "ranges = [{ field = 'organisation.users', low = 100, mode = 250, high = 2000 }]\n",
        encoding="utf-8",
    )
    return path


def _assert_no_raw_controls(text: str) -> None:
    raw = re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert raw == [], f"raw control characters reached the terminal: {raw!r}"


@pytest.mark.parametrize("command", ["report", "simulate", "validate"])
def test_names_with_escape_sequences_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = _hostile_scenario(tmp_path / "s\x1b[2J.toml")
    extra = ["--draws", "200"] if command == "simulate" else []
    assert main([command, str(path), *extra]) == 0
    out, err = capsys.readouterr()
    _assert_no_raw_controls(out + err)
    assert "\\x1b]0;owned\\x07" in out
    if command != "validate":
        assert "\\x1b]52;c;" in out
        assert "P\\u202e" in out


def test_batch_prints_names_file_names_and_problems_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_scenario(folder / "a\x1b]0;x\x07.toml")
    _hostile_scenario(folder / "b.toml")  # same name: a note quotes it
    (folder / "c\x1b[2J.toml").write_text("name = \n")  # bad file: a problem line
    code = main(["batch", str(folder), "--csv", str(tmp_path / "out.csv")])
    out, err = capsys.readouterr()
    assert code == 1
    _assert_no_raw_controls(out + err)
    assert "a\\x1b]0;x\\x07.toml" in out
    assert "c\\x1b[2J.toml" in err


def test_an_error_naming_a_hostile_file_is_one_escaped_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", str(tmp_path / "x\x1b]52;c;AAAA\x07\n.toml")])
    out, err = capsys.readouterr()
    assert code == 2
    _assert_no_raw_controls(out + err)
    assert err.count("\n") == 1
    assert "x\\x1b]52;c;AAAA\\x07\\x0a.toml" in err


def test_terminal_text_keeps_ordinary_text_and_escapes_the_rest() -> None:
    assert terminal_text("Zürich Büro — 5 € ✓ 東京") == "Zürich Büro — 5 € ✓ 東京"
    assert terminal_text("a\tb\r\nc\x9bd\u2028") == "a\\x09b\\x0d\\x0ac\\x9bd\\u2028"


# ---------------------------------------------------------------------------
# 5. A failed run leaves nothing of its output
# ---------------------------------------------------------------------------


def test_a_missing_folder_for_one_output_writes_no_output_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_csv = tmp_path / "new.csv"
    xlsx = tmp_path / "nowhere" / "x.xlsx"
    code = main(["report", str(PRESET), "--csv", str(new_csv), "--xlsx", str(xlsx)])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
    assert _entries(tmp_path) == []
    (tmp_path / "nowhere").mkdir()  # the retry then works, with no --force
    assert main(["report", str(PRESET), "--csv", str(new_csv), "--xlsx", str(xlsx)]) == 0
    assert new_csv.is_file()
    assert xlsx.is_file()


def test_a_write_failing_midway_removes_what_this_run_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.model.files as files

    real = files.write_atomic
    calls: list[Path] = []

    def fail_on_the_third(path: Path, payload: bytes, overwrite: bool = False) -> Path:
        calls.append(Path(path))
        if len(calls) == 3:
            raise OutputError(f"{path}: cannot write: No space left on device")
        return real(path, payload, overwrite=overwrite)

    monkeypatch.setattr(files, "write_atomic", fail_on_the_third)
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"kept")  # replaced with --force: a replaced file cannot be un-replaced
    args = ["report", str(PRESET), "--force"]
    args += ["--csv", str(tmp_path / "new.csv"), "--xlsx", str(old)]
    args += ["--html", str(tmp_path / "r.html")]
    assert main(args) == 2
    assert len(calls) == 3
    assert _entries(tmp_path) == ["old.xlsx"], "the new CSV must be removed again"


# ---------------------------------------------------------------------------
# 6. batch labels are unique, always
# ---------------------------------------------------------------------------


def test_batch_labels_stay_unique_when_a_name_looks_like_a_generated_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.toml").write_text('name = "A"\n')
    (folder / "b.toml").write_text('name = "A [c.toml]"\n')
    (folder / "c.toml").write_text('name = "A"\n')
    (folder / "d.toml").write_text('name = "A [c.toml] (2)"\n')
    (folder / "e.toml").write_text('name = "A"\n')
    out_csv = tmp_path / "out.csv"
    assert main(["batch", str(folder), "--csv", str(out_csv)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    labels = list(dict.fromkeys(row["scenario"] for row in rows))
    # a: A; b: its own name; c: A is taken, and so is "A [c.toml]" (b) -> "(2)";
    # d: its own name is taken by c -> "[d.toml]"; e: A is taken -> "A [e.toml]"
    assert labels == [
        "A",
        "A [c.toml]",
        "A [c.toml] (2)",
        "A [c.toml] (2) [d.toml]",
        "A [e.toml]",
    ]


# ---------------------------------------------------------------------------
# 7. Wide numbers keep a space between columns
# ---------------------------------------------------------------------------

GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})*$")


def test_totals_past_a_billion_do_not_run_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A million users in yen: TCO and opex pass 1e9 (13 characters with commas)."""
    path = tmp_path / "jpy.toml"
    path.write_text(
        'name = "JPY"\n[organisation]\nusers = 1000000\n'
        '[finance]\ncurrency = "JPY"\nexchange_rate_per_usd = 150\n'
    )
    assert main(["report", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    inhouse = next(line for line in lines if line.startswith("In-house Exchange"))
    cells = inhouse[44:].split()
    money = [cells[0], cells[1], cells[3], cells[4], cells[5]]
    assert all(GROUPED.match(cell) for cell in money), cells
    assert int(cells[0].replace(",", "")) >= 1_000_000_000


def test_table_columns_widen_to_their_longest_cell_plus_a_space() -> None:
    lines = table_lines(("name", "total"), [["a", "1,234,567,890,123"], ["b", "5"]], (6, 8))
    # column 0: 6 characters; column 1: 17 characters + 1 = 18 (more than its least, 8)
    assert lines == [
        "name  " + " " * 13 + "total",
        "-" * 24,
        "a     " + " 1,234,567,890,123",
        "b     " + " " * 17 + "5",
    ]


# ---------------------------------------------------------------------------
# 9. A FIFO (or any non-regular file) is refused before it is opened
# ---------------------------------------------------------------------------


@pytest.mark.slow  # starts a process
def test_a_fifo_as_the_scenario_is_refused_at_once(tmp_path: Path) -> None:
    """In a child with a timeout: before the fix, open() blocked until killed."""
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    child = subprocess.run(
        [sys.executable, "-m", "planner.cli", "validate", str(fifo)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert child.returncode == 2
    assert "is a named pipe (FIFO), not a regular file" in child.stderr
    assert "Traceback" not in child.stderr


def test_load_scenario_refuses_a_device() -> None:
    with pytest.raises(ScenarioFileError, match="is a device, not a regular file"):
        load_scenario("/dev/null")


# ---------------------------------------------------------------------------
# 10. A long but valid output name still writes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("overwrite", [False, True])
def test_an_output_name_of_255_bytes_is_written(tmp_path: Path, overwrite: bool) -> None:
    name = "é" * 125 + "x.csv"  # 250 + 5 = 255 bytes in UTF-8, the usual limit
    assert len(name.encode("utf-8")) == 255
    path = write_atomic(tmp_path / name, b"data", overwrite=overwrite)
    assert path.read_bytes() == b"data"
    assert _entries(tmp_path) == [name]


def test_the_temporary_name_is_short_and_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    seen: list[str] = []
    real = tempfile.mkstemp

    def spy(*args: Any, **kwargs: Any) -> Any:
        fd, name = real(*args, **kwargs)
        seen.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_atomic(tmp_path / ("y" * 250 + ".toml"), b"z")
    assert len(seen) == 1
    assert seen[0].startswith(TEMPORARY_PREFIX)
    assert seen[0].endswith(".tmp")
    assert len(seen[0]) <= 32
