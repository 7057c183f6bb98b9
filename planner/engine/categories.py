"""Cost categories and kinds: the comparison business owners make, line by line.

A *line* is a (category, kind) pair; every cost the engine produces sits on one line.
Kinds: ``capital`` (purchases and one-time projects: the in-house build, upgrade projects and
the hosted migration alike), ``operating`` (yearly running costs), ``residual`` (value hardware
and upgrade projects still have at the horizon, a negative cost).
"""

from __future__ import annotations

from typing import NamedTuple

CATEGORIES: dict[str, str] = {
    "hardware": "Hardware",
    "licences": "Licences & subscriptions",
    "storage": "Storage",
    "operations": "Operations (power, space, maintenance)",
    "expertise": "Expertise (staff, training)",
    "upgrades": "Upgrades",
    "protection": "Protection (anti-spam, anti-virus, security)",
    "disaster_recovery": "Disaster recovery",
    "connectivity": "Connectivity",
    "one_time": "Migration & one-time",
    "downtime_risk": "Downtime risk",
    "migration": "Migration from today's platform",
    "unsupported_risk": "Unsupported-software risk",
}
"""Category id -> label shown to people."""

KINDS: tuple[str, ...] = ("capital", "operating", "residual")


class Line(NamedTuple):
    """Where a cost sits: its category id and its kind."""

    category: str
    kind: str


LINES: tuple[Line, ...] = (
    Line("hardware", "capital"),
    Line("hardware", "residual"),
    Line("licences", "capital"),
    Line("licences", "operating"),
    Line("storage", "capital"),
    Line("storage", "operating"),
    Line("storage", "residual"),
    Line("operations", "operating"),
    Line("expertise", "operating"),
    Line("upgrades", "capital"),
    Line("upgrades", "residual"),
    Line("protection", "operating"),
    Line("disaster_recovery", "capital"),
    Line("disaster_recovery", "operating"),
    Line("disaster_recovery", "residual"),
    Line("connectivity", "operating"),
    Line("one_time", "capital"),
    Line("downtime_risk", "operating"),
    Line("migration", "capital"),
    Line("migration", "operating"),
    Line("migration", "residual"),
    Line("unsupported_risk", "operating"),
)
LINE_INDEX: dict[Line, int] = {line: i for i, line in enumerate(LINES)}
