"""The scenarios kept in the session for comparison: saved under a name, never overwritten
without confirmation.

A scenario enters the library from the screen (saved under a name the user types), from a
preset or from an uploaded file, always through :meth:`ScenarioLibrary.offer`:

* a new name is added at once;
* a name already saved with exactly the same scenario changes nothing;
* a name already saved with a different scenario is held as :attr:`ScenarioLibrary.pending`
  until :meth:`ScenarioLibrary.confirm` replaces the saved one (or :meth:`cancel` drops it).

A saved scenario carries its library name as ``Scenario.name``, so the comparison, its chart
and its tables show the name the user chose. Each entry keeps one colour (:data:`PALETTE`)
from the moment it is saved, so a scenario looks the same in every comparison it is part of.

The library object is pure (no streamlit); :func:`library` keeps one per browser session.

The library outlasts the session two ways (:func:`library_data` is what both carry: each
saved scenario as its differences from the defaults, in the order saved, and the names
picked for the comparison):

* in the link: :func:`encode_library` (JSON, zlib, base64url) in the ``saved`` query
  parameter, at most :data:`MAX_SAVED_PARAM_CHARS` characters, so a reload or a shared link
  brings them back (:func:`decode_library`);
* in a comparison file (:func:`library_toml`, a ``.toml`` of ``[[saved]]`` tables) that the
  Compare tab's uploader reads back (:func:`read_upload`), for more than a link holds.

Both are untrusted on the way back: bounded in size and in the number of scenarios, parsed
by ``json`` or ``tomllib`` only, each scenario validated as a scenario file is; a damaged one
is named and left out, never a traceback.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import json
import tomllib
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st
import tomli_w

from planner.errors import ScenarioError, ScenarioFileError, ScenarioValueError
from planner.model.files import (
    MAX_NESTING,
    MAX_SCENARIO_BYTES,
    differences,
    from_data,
    parse_text,
    with_values,
)
from planner.model.scenario import Scenario

PALETTE: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
"""Scenario line colours, in the order they are handed out (the comparison names each in words,
``ui.views.compare.COLOUR_NAMES``). The first four are the report's ``SCENARIO_COLOURS``."""
NAME_MAX_CHARS = 100
"""The longest name allowed (``Scenario.name``)."""
_SESSION_KEY = "_scenario_library"

MAX_SAVED_SCENARIOS = 50
"""The most scenarios a link or a comparison file may bring back (each is validated)."""
MAX_SAVED_PARAM_CHARS = 16_384
"""The longest ``saved`` parameter read or written (as long as the scenario's own)."""
MAX_LIBRARY_BYTES = 4 * MAX_SCENARIO_BYTES
"""A comparison file, or a link's saved scenarios once inflated, is at most 1 MiB."""
PARAM_SAVED = "saved"
"""The query parameter carrying the saved scenarios."""
FILE_FORMAT = "exchange-cost-planner saved scenarios"
"""The ``format`` line of a comparison file (a scenario file has none)."""

Outcome = Literal["added", "unchanged", "confirm"]


@dataclass(frozen=True)
class SavedScenario:
    """One scenario in the library: its name (also ``scenario.name``), where it came from,
    and its colour (an index into :data:`PALETTE`)."""

    name: str
    scenario: Scenario
    source: str
    colour: int = 0

    @property
    def colour_hex(self) -> str:
        return PALETTE[self.colour % len(PALETTE)]


def named(scenario: Scenario, name: str) -> Scenario:
    """The scenario renamed; ScenarioValueError (one line) when the name is not allowed."""
    name = name.strip()
    if not name:
        raise ScenarioValueError(["name: empty; type a name of 1 to 100 characters"])
    return scenario if scenario.name == name else with_values(scenario, {"name": name})


@dataclass
class ScenarioLibrary:
    """Saved scenarios by name, in the order they were first saved."""

    entries: dict[str, SavedScenario] = field(default_factory=dict)
    pending: SavedScenario | None = None
    """A save waiting for the user to confirm that it replaces the entry of the same name."""
    held: list[SavedScenario] = field(default_factory=list)
    """Scenarios of a comparison file whose names are saved with other values, waiting for
    :meth:`replace_held` (or :meth:`keep_held`)."""

    def names(self) -> list[str]:
        return list(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def __getitem__(self, name: str) -> SavedScenario:
        return self.entries[name]

    def _free_colour(self) -> int:
        used = [e.colour for e in self.entries.values()]
        unused = [i for i in range(len(PALETTE)) if i not in used]
        return unused[0] if unused else len(self.entries) % len(PALETTE)

    def offer(self, name: str, scenario: Scenario, source: str) -> Outcome:
        """Save ``scenario`` as ``name`` unless that would replace a different scenario.

        Returns "added", "unchanged" (already saved exactly so) or "confirm" (held in
        :attr:`pending`; nothing saved). Raises ScenarioValueError for a name not allowed.
        """
        scenario = named(scenario, name)
        name = scenario.name
        saved = self.entries.get(name)
        if saved is None:
            self.entries[name] = SavedScenario(name, scenario, source, self._free_colour())
            self.pending = None
            return "added"
        if saved.scenario == scenario:
            self.pending = None
            return "unchanged"
        self.pending = SavedScenario(name, scenario, source, saved.colour)
        return "confirm"

    def confirm(self) -> str | None:
        """Replace the saved entry with the pending one (keeping its colour); its name."""
        pending, self.pending = self.pending, None
        if pending is None:
            return None
        old = self.entries.get(pending.name)
        colour = old.colour if old is not None else self._free_colour()
        self.entries[pending.name] = SavedScenario(
            pending.name, pending.scenario, pending.source, colour
        )
        return pending.name

    def cancel(self) -> None:
        """Drop the pending save; the saved entry stays as it was."""
        self.pending = None

    def offer_many(self, scenarios: Sequence[Scenario], source: str) -> tuple[int, list[str]]:
        """Offer several scenarios at once (a comparison file): new names are added, the same
        values change nothing, other values under a saved name are held in :attr:`held`.
        Returns how many were added and the names held."""
        added, held = 0, []
        for scenario in scenarios:
            saved = self.entries.get(scenario.name)
            if saved is None:
                self.entries[scenario.name] = SavedScenario(
                    scenario.name, scenario, source, self._free_colour()
                )
                added += 1
            elif saved.scenario != scenario:
                held.append(SavedScenario(scenario.name, scenario, source, saved.colour))
        self.held = held
        return added, [h.name for h in held]

    def replace_held(self) -> list[str]:
        """Replace each saved entry by the held scenario of its name (keeping its colour)."""
        held, self.held = self.held, []
        for entry in held:
            old = self.entries.get(entry.name)
            colour = old.colour if old is not None else self._free_colour()
            self.entries[entry.name] = SavedScenario(
                entry.name, entry.scenario, entry.source, colour
            )
        return [h.name for h in held]

    def keep_held(self) -> None:
        """Drop the held scenarios; the saved entries stay as they were."""
        self.held = []

    def remove(self, name: str) -> None:
        self.entries.pop(name, None)
        if self.pending is not None and self.pending.name == name:
            self.pending = None

    def colours(self, names: Sequence[str]) -> dict[str, SavedScenario]:
        """The entries of ``names`` with colours distinct among them: each keeps its own
        colour unless one listed before it has it already, then takes the first unused."""
        taken: set[int] = set()
        out: dict[str, SavedScenario] = {}
        for name in names:
            entry = self.entries[name]
            colour = entry.colour
            unused = [i for i in range(len(PALETTE)) if i not in taken]
            if colour in taken and unused:
                colour = unused[0]
            taken.add(colour)
            out[name] = SavedScenario(entry.name, entry.scenario, entry.source, colour)
        return out


# ---------------------------------------------------------------------------
# Outlasting the session: the link and the comparison file
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unpacked:
    """Scenarios read back from a link or a comparison file: those that validated, the names
    picked for the comparison, and one line for each scenario left out."""

    scenarios: list[Scenario]
    compared: list[str]
    problems: list[str]


def library_data(lib: ScenarioLibrary, compared: Sequence[str]) -> dict[str, Any]:
    """What a link or a comparison file carries: ``compared`` (names picked, saved ones only)
    and ``saved`` (each scenario's differences from the defaults, in the order saved)."""
    return {
        "compared": [n for n in compared if n in lib],
        "saved": [differences(e.scenario) for e in lib.entries.values()],
    }


def encode_library(lib: ScenarioLibrary, compared: Sequence[str]) -> str:
    """The library as one URL-safe text: base64url(zlib(JSON of :func:`library_data`))."""
    text = json.dumps(library_data(lib, compared), separators=(",", ":"), default=str)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def link_too_long(encoded: str, count: int) -> str | None:
    """Why :func:`encode_library`'s text stays out of the link, or None when it fits."""
    if len(encoded) <= MAX_SAVED_PARAM_CHARS:
        return None
    return (
        f"The {count} saved scenarios are too many for the link ({len(encoded):,} characters; "
        f"a link holds at most {MAX_SAVED_PARAM_CHARS:,}), so the address does not carry them "
        "and a reload or a shared link loses them. Keep them with 'Download saved scenarios' "
        "and add that file here again later."
    )


def _unpack(data: Any, source: str) -> Unpacked:
    """Validate the carried shape and each scenario in it (bounded: at most
    :data:`MAX_SAVED_SCENARIOS`); a scenario that does not validate is named and left out."""
    if not isinstance(data, Mapping) or not isinstance(data.get("saved"), list):
        raise ScenarioFileError(f"{source}: no list of saved scenarios in it")
    saved, compared = data["saved"], data.get("compared", [])
    if len(saved) > MAX_SAVED_SCENARIOS:
        raise ScenarioFileError(
            f"{source}: {len(saved):,} saved scenarios; at most {MAX_SAVED_SCENARIOS} are read"
        )
    if not isinstance(compared, list) or not all(isinstance(n, str) for n in compared):
        raise ScenarioFileError(f"{source}: 'compared' is not a list of names")
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for i, entry in enumerate(saved, 1):
        where = f"{source}: saved scenario {i}"
        try:
            scenario = from_data(entry, where)
        except ScenarioError as exc:
            problems.append(str(exc))
            continue
        if any(s.name == scenario.name for s in scenarios):
            problems.append(f"{where}: the name {scenario.name!r} is used twice; the first kept")
            continue
        scenarios.append(scenario)
    names = {s.name for s in scenarios}
    return Unpacked(scenarios, [n for n in compared if n in names], problems)


def json_in_param(
    param: str, where: str, max_chars: int, max_bytes: int, *, are: bool = False, deep: str = ""
) -> Any:
    """The JSON a link parameter carries (base64url of zlib of JSON), read within bounds: at
    most ``max_chars`` characters, inflating to at most ``max_bytes``; ScenarioFileError (one
    line naming ``where``) when it is too long, too big, damaged or nested too deeply."""
    verb = "are" if are else "is"
    if len(param) > max_chars:
        raise ScenarioFileError(
            f"{where} {verb} {len(param):,} characters; at most {max_chars:,} are read"
        )
    try:
        packed = base64.urlsafe_b64decode(param + "=" * (-len(param) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, max_bytes)
        if inflater.unconsumed_tail:
            raise ScenarioFileError(f"{where} {verb} over the {max_bytes:,}-byte limit")
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error) as exc:
        raise ScenarioFileError(
            f"{where} {verb} damaged or cut short ({type(exc).__name__}); copy the whole link"
        ) from exc
    except RecursionError as exc:  # json recurses once per level of [ and {
        raise ScenarioFileError(f"{where} {verb} nested too deeply{deep}") from exc


def decode_library(param: str, source: str = "link") -> Unpacked:
    """Read :func:`encode_library`'s text back; ScenarioFileError (one line) when it cannot."""
    where = f"{source}: the saved scenarios in the address (parameter {PARAM_SAVED})"
    data = json_in_param(param, where, MAX_SAVED_PARAM_CHARS, MAX_LIBRARY_BYTES, are=True)
    return _unpack(data, where)


def library_toml(lib: ScenarioLibrary, compared: Sequence[str]) -> str:
    """The comparison file: a ``format`` line, ``compared`` and one ``[[saved]]`` table per
    scenario (its differences from the defaults, as in a scenario file)."""
    return tomli_w.dumps({"format": FILE_FORMAT, **library_data(lib, compared)})


def _toml_data(name: str, data: bytes) -> dict[str, Any]:
    """An uploaded ``.toml`` as a table; ScenarioFileError (one line) when it is not one."""
    if len(data) > MAX_LIBRARY_BYTES:
        raise ScenarioFileError(
            f"{name}: {len(data):,} bytes is over the {MAX_LIBRARY_BYTES:,}-byte limit"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise ScenarioFileError(f"{name}: not UTF-8 text; save the file as UTF-8")
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
    except RecursionError as exc:  # tomllib recurses once per level of [ and {
        raise ScenarioFileError(
            f"{name}: nested too deeply (a scenario is at most {MAX_NESTING} levels deep)"
        ) from exc
    except ValueError as exc:  # TOMLDecodeError, or an integer of over 4,300 digits
        raise ScenarioFileError(f"{name}: not valid TOML: {exc}") from exc


def read_upload(name: str, data: bytes) -> Scenario | Unpacked:
    """An uploaded file: a comparison file (its ``format`` line says so) gives its
    scenarios; any other is read as one scenario file, with that file's messages."""
    if not name.lower().endswith(".toml"):
        raise ScenarioFileError(f"{name}: not a .toml file")
    try:
        table = _toml_data(name, data)
    except ScenarioFileError:
        if len(data) > MAX_SCENARIO_BYTES:
            raise
        table = {}  # parse_text below names what is wrong as for any scenario file
    if table.get("format") == FILE_FORMAT:
        return _unpack({k: v for k, v in table.items() if k != "format"}, name)
    return parse_text(data, name)


def library() -> ScenarioLibrary:
    """This session's library (created empty on first use)."""
    state = st.session_state
    if _SESSION_KEY not in state:
        state[_SESSION_KEY] = ScenarioLibrary()
    lib: ScenarioLibrary = state[_SESSION_KEY]
    return lib
