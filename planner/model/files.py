"""Scenarios from defaults, files and edits; saving them back.

A scenario file is TOML that sets only what differs from ``data/assumptions.toml``
(``[organisation] users = 25``). A ``[[plans]]`` list, when present, replaces the bundled
catalogue. Loading merges the file over the defaults and validates the result; saving
writes only the differences, atomically, and never replaces a file unless asked to.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import os
import stat
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from planner.errors import OutputError, ScenarioFileError, ScenarioValueError
from planner.model.defaults import catalogue, default_values
from planner.model.field_errors import describe
from planner.model.ranges import Uncertainty
from planner.model.scenario import Scenario

MAX_SCENARIO_BYTES = 256 * 1024
"""Largest scenario file accepted (256 KiB): a real scenario is a few KiB."""
MAX_NESTING = 8


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_NESTING:
        return level
    if isinstance(value, Mapping):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def defaults_data() -> dict[str, Any]:
    """Default scenario data: assumptions plus the bundled catalogue."""
    data = default_values()
    data["plans"] = [p.model_dump(exclude_none=True) for p in catalogue()]
    data["uncertainty"] = Uncertainty().model_dump(exclude_none=True)  # no ranges
    data["segments"] = []  # one group, everyone
    return data


def from_data(overrides: Mapping[str, Any], source: str | None = None) -> Scenario:
    """Merge ``overrides`` over the defaults and validate.

    Raises ScenarioValueError naming every bad field, its value and what is allowed.
    """
    if not isinstance(overrides, Mapping):
        raise ScenarioValueError(["the scenario must be a table of sections"], source)
    if _depth(overrides) > MAX_NESTING:
        raise ScenarioValueError([f"nested deeper than {MAX_NESTING} levels"], source)
    merged = _merge(defaults_data(), overrides)
    try:
        return Scenario.model_validate(merged)
    except ValidationError as exc:
        raise ScenarioValueError(describe(exc, Scenario), source) from exc


def default_scenario() -> Scenario:
    """The scenario made of the defaults alone."""
    return from_data({})


def parse_text(text: str | bytes, source: str = "scenario") -> Scenario:
    """Parse TOML text (str or UTF-8 bytes) into a validated scenario."""
    if isinstance(text, bytes):
        if len(text) > MAX_SCENARIO_BYTES:
            raise ScenarioFileError(
                f"{source}: {len(text):,} bytes is over the {MAX_SCENARIO_BYTES:,}-byte limit"
            )
        if text.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
            raise ScenarioFileError(f"{source}: UTF-16 or UTF-32 text; save the file as UTF-8")
        if b"\x00" in text:
            raise ScenarioFileError(f"{source}: binary data, not a TOML text file")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioFileError(
                f"{source}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
            ) from exc
    else:
        text = text.removeprefix("\ufeff")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise ScenarioFileError(
            f"{source}: not valid text (character {exc.start}); save the file as UTF-8"
        ) from exc
    if size > MAX_SCENARIO_BYTES:
        raise ScenarioFileError(f"{source}: over the {MAX_SCENARIO_BYTES:,}-byte limit")
    if not text.strip():
        raise ScenarioFileError(f"{source}: the file is empty; a scenario needs at least a name")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioFileError(f"{source}: not valid TOML: {exc}") from exc
    except RecursionError as exc:  # tomllib recurses once per level of [ and {
        raise ScenarioFileError(
            f"{source}: nested too deeply (a scenario is at most {MAX_NESTING} levels deep)"
        ) from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ScenarioFileError(f"{source}: not valid TOML: {exc}") from exc
    return from_data(data, source)


def _regular_file_size(path: Path) -> int:
    """Size of ``path`` in bytes, refusing anything but a regular file before it is opened.

    A FIFO would block the open until a writer came, a device (``/dev/zero``) never ends and
    a socket cannot be read as a file, so none of them is opened at all.
    """
    info = path.stat()
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(mode):
        raise ScenarioFileError(
            f"{path}: is {file_kind(mode)}, not a regular file; save the scenario to a file"
        )
    return info.st_size


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words ('a named pipe (FIFO)', 'a device', ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (a regular file only: never a pipe or a device)."""
    path = Path(path)
    try:
        size = _regular_file_size(path)
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioFileError(
                f"{path}: {size:,} bytes is over the {MAX_SCENARIO_BYTES:,}-byte limit"
            )
        with path.open("rb") as fh:  # at most one byte over the limit, should it grow
            raw = fh.read(MAX_SCENARIO_BYTES + 1)
    except FileNotFoundError as exc:
        raise ScenarioFileError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ScenarioFileError(f"{path}: is a folder, not a scenario file") from exc
    except OSError as exc:
        raise ScenarioFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return parse_text(raw, str(path))


def _diff(data: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            inner = _diff(value, base[key])
            if inner:
                out[key] = inner
        elif key not in base or base[key] != value:
            out[key] = value
    return out


def differences(scenario: Scenario) -> dict[str, Any]:
    """What the scenario sets that differs from the defaults (its name always)."""
    data = scenario.to_data()
    data["plans"] = [p.model_dump(exclude_none=True) for p in scenario.plans]
    data["segments"] = [s.model_dump(exclude_none=True) for s in scenario.segments]
    diff = _diff(data, defaults_data())
    diff["name"] = scenario.name
    return {"name": diff.pop("name"), **diff}


def to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text holding only its differences from the defaults."""
    return tomli_w.dumps(differences(scenario))


TEMPORARY_PREFIX = ".planner-"
"""Temporary files are ``.planner-XXXXXXXX.tmp`` (21 characters) beside the target, so a
target name of up to 255 bytes still has a temporary name the file system accepts."""


def check_target(path: str | Path, overwrite: bool = False) -> Path:
    """Refuse a target that cannot be written safely; returns it as a Path.

    Refused: an existing file without ``overwrite``; anything that exists and is not a
    regular file (folder, device such as ``/dev/null``, FIFO, socket), even with
    ``overwrite``, since a rename would replace it with a regular file; a missing folder.
    """
    path = Path(path)
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot check: {exc.strerror or exc}") from exc
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(
            f"{path}: is {file_kind(mode)}, not a regular file; name a new or regular file"
        )
    if mode is not None and not overwrite:
        raise OutputError(f"{path}: already exists; choose another name or allow overwriting")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist")
    return path


Fill = Callable[[Callable[[bytes], object]], None]
"""Writes a file's bytes piece by piece: ``fill(write)`` calls ``write`` with each piece."""


def write_atomic(path: str | Path, payload: bytes, overwrite: bool = False) -> Path:
    """Write ``payload`` to ``path`` via a temporary file and a rename
    (:func:`write_atomic_streamed` with one piece; an empty payload makes an empty file)."""

    def fill(write: Callable[[bytes], object]) -> None:
        write(payload)

    written = write_atomic_streamed(path, fill, overwrite, keep_empty=True)
    assert written is not None  # an empty file is kept
    return written


def write_atomic_streamed(
    path: str | Path, fill: Fill, overwrite: bool = False, keep_empty: bool = False
) -> Path | None:
    """Write a file whose bytes come piece by piece (``fill``), via a temporary file in the
    same folder and a rename, so no more than one piece is held.

    The target is checked first (:func:`check_target`). The old file stays whole if anything
    fails; an existing regular file is replaced only with ``overwrite=True`` (and keeps its
    permissions). Without ``overwrite`` the temporary file is hard-linked to the name, which
    fails if another program took the name meanwhile. Nothing written and not ``keep_empty``:
    no file, None.
    """
    path = check_target(path, overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here: {exc.strerror or exc}") from exc
    try:
        with contextlib.suppress(FileNotFoundError):  # a new file stays owner-only (0600)
            old = path.stat()
            if stat.S_ISREG(old.st_mode):  # never a device's mode
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
        with os.fdopen(fd, "wb") as fh:
            fill(fh.write)
            size = fh.tell()
            fh.flush()
            os.fsync(fh.fileno())
        if size == 0 and not keep_empty:
            Path(tmp).unlink()
            return None
        _publish(Path(tmp), path, overwrite)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _publish(tmp: Path, path: Path, overwrite: bool) -> None:
    """Move a finished temporary file to its name: a rename with ``overwrite``, else a hard
    link that fails if the name was taken meanwhile (a rename where links are not supported)."""
    exists = f"{path}: already exists; choose another name or allow overwriting"
    try:
        if overwrite:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network shares)
            if path.exists():
                raise FileExistsError(exists) from None
            os.replace(tmp, path)
        else:
            tmp.unlink()
    except FileExistsError as exc:
        raise OutputError(exists) from exc


def save_scenario(scenario: Scenario, path: str | Path, overwrite: bool = False) -> Path:
    """Save the scenario's differences from the defaults as TOML, atomically."""
    return write_atomic(path, to_toml(scenario).encode("utf-8"), overwrite=overwrite)


def with_values(scenario: Scenario, updates: Mapping[str, Any]) -> Scenario:
    """A copy with dotted-path fields replaced and re-validated.

    >>> with_values(default_scenario(), {"organisation.users": 25}).organisation.users
    25
    """
    data = scenario.model_dump()
    for path, value in updates.items():
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            if not isinstance(node.get(part), dict):
                raise ScenarioValueError([f"{path}: unknown field"])
            node = node[part]
        if leaf not in node:
            raise ScenarioValueError([f"{path}: unknown field"])
        node[leaf] = copy.deepcopy(value)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioValueError(describe(exc, Scenario)) from exc
