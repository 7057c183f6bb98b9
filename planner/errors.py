"""One error tree for the whole planner.

    PlannerError                  base: every error the planner raises on purpose
    ├── ScenarioError             a scenario (file or values) cannot be used
    │   ├── ScenarioFileError     missing, unreadable, too large, not TOML, or not a table
    │   └── ScenarioValueError    a field is unknown, of the wrong type or out of range
    ├── CatalogueError            the bundled data files (plans, assumptions) are broken
    └── OutputError               a report cannot be written (exists, unwritable)

Every message names the file (when there is one), the field, the value and what is
allowed, so the command line and the app can show it as one line without a traceback.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the planner raises on purpose."""


class ScenarioError(PlannerError):
    """A scenario cannot be used."""


class ScenarioFileError(ScenarioError):
    """A scenario file is missing, unreadable, too large or not valid TOML."""


MAX_PROBLEMS_SHOWN = 10
"""A message names at most this many problems (``.problems`` keeps them all)."""


class ScenarioValueError(ScenarioError):
    """A scenario value is unknown, of the wrong type or outside its allowed range."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"and {len(self.problems) - MAX_PROBLEMS_SHOWN:,} more problems")
        super().__init__(where + "; ".join(shown))


class CatalogueError(PlannerError):
    """A bundled data file (plan catalogue, default assumptions) is broken."""


class OutputError(PlannerError):
    """A report or scenario file cannot be written."""
