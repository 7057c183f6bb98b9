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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import streamlit as st

from planner.errors import ScenarioValueError
from planner.model.files import with_values
from planner.model.scenario import Scenario

PALETTE: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
"""Scenario line colours, in the order they are handed out (the comparison names each in words,
``ui.views.compare.COLOUR_NAMES``). The first four are the report's ``SCENARIO_COLOURS``."""
NAME_MAX_CHARS = 100
"""The longest name allowed (``Scenario.name``)."""
_SESSION_KEY = "_scenario_library"

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


def library() -> ScenarioLibrary:
    """This session's library (created empty on first use)."""
    state = st.session_state
    if _SESSION_KEY not in state:
        state[_SESSION_KEY] = ScenarioLibrary()
    lib: ScenarioLibrary = state[_SESSION_KEY]
    return lib
