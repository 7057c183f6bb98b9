"""Saving is atomic: an interrupted save leaves the old file whole and no temporary file.

``write_atomic`` writes a hidden temporary file in the target's folder, flushes and fsyncs
it, then renames it over the target with ``os.replace``. These tests break that sequence at
each step (the write, the fsync, the rename, a Ctrl-C, a killed process) and check the old
file byte for byte afterwards.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.errors import OutputError
from planner.model.files import (
    TEMPORARY_PREFIX,
    default_scenario,
    load_scenario,
    save_scenario,
    with_values,
    write_atomic,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
OLD = b"name = 'old scenario'\n"
NEW = b"x" * 200_000


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_bytes(OLD)
    return path


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _assert_untouched(path: Path) -> None:
    assert path.read_bytes() == OLD
    assert _entries(path.parent) == [path.name], "a temporary file was left behind"


# ---------------------------------------------------------------------------
# Never replace without being asked
# ---------------------------------------------------------------------------


def test_saving_over_a_file_without_overwrite_is_refused(target: Path) -> None:
    stamp = target.stat().st_mtime_ns
    with pytest.raises(OutputError, match="already exists"):
        save_scenario(default_scenario(), target)
    _assert_untouched(target)
    assert target.stat().st_mtime_ns == stamp


def test_write_atomic_without_overwrite_is_refused(target: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW)
    assert str(target) in str(caught.value)
    assert "\n" not in str(caught.value)
    _assert_untouched(target)


def test_overwrite_replaces_the_whole_file(target: Path) -> None:
    scenario = with_values(default_scenario(), {"organisation.users": 42})
    save_scenario(scenario, target, overwrite=True)
    assert load_scenario(target).organisation.users == 42
    assert _entries(target.parent) == [target.name]


def test_saving_over_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    for overwrite in (False, True):
        with pytest.raises(OutputError):
            write_atomic(folder, NEW, overwrite=overwrite)
    assert folder.is_dir()
    assert _entries(tmp_path) == ["folder.toml"]


def test_saving_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "x.toml", NEW)
    assert _entries(tmp_path) == []


def test_an_unwritable_folder_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No temporary file can be made (simulated: as root, chmod would not stop us)."""

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    with pytest.raises(OutputError, match="Permission denied"):
        write_atomic(tmp_path / "x.toml", NEW)
    assert _entries(tmp_path) == []


# ---------------------------------------------------------------------------
# Interrupted saves
# ---------------------------------------------------------------------------


class _DiskFullAfterHalf:
    """A file object that writes half of what it is given, then fails like a full disk."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def write(self, data: bytes) -> int:
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> _DiskFullAfterHalf:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


def _fail_midway(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        "os.fdopen", lambda fd, *a, **k: _DiskFullAfterHalf(real_fdopen(fd, *a, **k))
    )


def _fail_at(monkeypatch: pytest.MonkeyPatch, name: str, error: BaseException) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(f"os.{name}", broken)


def _fail_to_publish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last step fails: the rename (or a hard link, for a save that must not replace)."""
    error = OSError(errno.EXDEV, "Invalid cross-device link")
    _fail_at(monkeypatch, "replace", error)
    _fail_at(monkeypatch, "link", error)


INTERRUPTIONS = {
    "disk-full-midway": lambda mp: _fail_midway(mp),
    "fsync-fails": lambda mp: _fail_at(mp, "fsync", OSError(errno.EIO, "Input/output error")),
    "rename-fails": lambda mp: _fail_to_publish(mp),
}


@pytest.mark.parametrize("how", sorted(INTERRUPTIONS))
def test_an_interrupted_save_leaves_the_old_file_whole(
    how: str, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    INTERRUPTIONS[how](monkeypatch)
    with pytest.raises((OSError, OutputError)):
        write_atomic(target, NEW, overwrite=True)
    monkeypatch.undo()
    _assert_untouched(target)


@pytest.mark.parametrize("how", sorted(INTERRUPTIONS))
def test_an_interrupted_first_save_leaves_nothing(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    INTERRUPTIONS[how](monkeypatch)
    with pytest.raises((OSError, OutputError)):
        save_scenario(default_scenario(), tmp_path / "new.toml")
    monkeypatch.undo()
    assert _entries(tmp_path) == []


def test_ctrl_c_during_a_save_leaves_the_old_file_whole(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_at(monkeypatch, "fsync", KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW, overwrite=True)
    monkeypatch.undo()
    _assert_untouched(target)


@pytest.mark.parametrize("how", sorted(INTERRUPTIONS))
def test_an_interrupted_save_is_an_output_error(
    how: str, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    INTERRUPTIONS[how](monkeypatch)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW, overwrite=True)
    assert str(target) in str(caught.value)


def test_a_full_disk_during_report_csv_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _fail_midway(monkeypatch)
    code = main(["report", str(REPO_ROOT / "scenarios" / "small_office.toml"), "--csv", "o.csv"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("planner: error: ")
    assert err.count("\n") == 1
    assert _entries(tmp_path) == []


def test_a_file_created_during_the_save_is_not_replaced_without_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "race.toml"
    real_fsync = os.fsync

    def someone_else_saves(fd: int) -> None:
        real_fsync(fd)
        path.write_bytes(OLD)  # another program creates the file in the meantime

    monkeypatch.setattr("os.fsync", someone_else_saves)
    with pytest.raises(OutputError):
        write_atomic(path, NEW)
    monkeypatch.undo()
    _assert_untouched(path)


def test_saving_over_a_file_keeps_its_permissions(target: Path) -> None:
    target.chmod(0o644)
    write_atomic(target, NEW, overwrite=True)
    assert target.stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------------------
# A process killed in the middle of a save
# ---------------------------------------------------------------------------

_KILLED_CHILD = """
import os, sys
from planner.model.files import write_atomic

real_fsync = os.fsync

def fsync_then_wait(fd):
    real_fsync(fd)
    print("written", flush=True)  # the temporary file is complete, not yet renamed
    sys.stdin.readline()          # wait here until the parent kills us

os.fsync = fsync_then_wait
write_atomic(sys.argv[1], b"y" * 1_000_000, overwrite=True)
print("renamed", flush=True)
"""


@pytest.mark.slow  # starts a process
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_save_killed_before_the_rename_leaves_the_old_file_whole(target: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_CHILD, str(target)],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"written\n"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD, "the old file must be whole after a kill"
    # A kill leaves no chance to clean up: the only leftover is the hidden temporary file,
    # and it is never mistaken for the scenario.
    leftovers = [name for name in _entries(target.parent) if name != target.name]
    assert len(leftovers) == 1
    assert leftovers[0].startswith(TEMPORARY_PREFIX)
    assert leftovers[0].endswith(".tmp")
    assert load_scenario(target).name == "old scenario"
    # The next save still works.
    write_atomic(target, NEW, overwrite=True)
    assert target.read_bytes() == NEW
