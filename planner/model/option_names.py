"""Names of the options the planner builds itself, and the names a plan or segment may not take.

The engine names option 0 (in-house, or a path from an existing Exchange), the stay-as-is path
and the best mix; the fit analysis adds option 0 made to fit. Every output lists options and
sums the long CSV by these names, so a plan called "In-house Exchange" would read as in-house
and merge with it. The scenario model refuses such names (:func:`reserved_plan_names`); the
engine and the analyses take their labels from here, so the list cannot fall behind them.
"""

from __future__ import annotations

from collections.abc import Iterable

INHOUSE = "In-house Exchange"
UPGRADE_IN_PLACE = "Upgrade in place to Exchange SE"
KEEP_SE = "Keep Exchange SE in place"
FIRST_OPTIONS = (INHOUSE, UPGRADE_IN_PLACE, KEEP_SE)
"""Option 0: no existing platform, an Exchange 2016 / 2019 platform, an Exchange SE one."""
MIX_LABEL = "Best mix"
EVERYONE = "everyone"
"""The one group of a scenario without segments (the long CSV's ``segment`` column)."""
TOTAL = "Total"
"""The row that sums the segments in the reports' per-segment TCO table."""


STAY_PREFIX = "Stay on "


def stay_label(platform_name: str, support: str = "unsupported") -> str:
    """The stay-as-is option of an unsupported platform: ``Stay on Exchange 2019 (unsupported)``,
    or with paid security updates still on sale ``Stay on Exchange 2019 (paid security updates
    for 3 months, then unsupported)``."""
    return f"{STAY_PREFIX}{platform_name} ({support})"


def made_to_fit_label(first: str = INHOUSE) -> str:
    """Option 0 made to fit the requirements: ``In-house Exchange, made to fit``."""
    return f"{first}, made to fit"


def reserved_plan_names(platform_names: Iterable[str]) -> tuple[str, ...]:
    """Every option name the planner builds (``platform_names``: the existing platforms'
    names, for the stay-as-is options)."""
    stays = tuple(stay_label(name) for name in platform_names)
    made = tuple(made_to_fit_label(first) for first in FIRST_OPTIONS)
    return (*FIRST_OPTIONS, *made, *stays, MIX_LABEL)


def reserved_segment_names(platform_names: Iterable[str]) -> tuple[str, ...]:
    """Option names, and the rows that read as every segment together."""
    return (*reserved_plan_names(platform_names), TOTAL, EVERYONE)


def clashes(name: str, reserved: Iterable[str]) -> bool:
    """Whether ``name`` reads as one of ``reserved`` (case and outer spaces ignored); a stay
    option is reserved whatever its support words (``Stay on Exchange 2019 (...)``)."""
    key = name.strip().casefold()
    stays = {r.casefold().rsplit("(", 1)[0] for r in reserved if r.startswith(STAY_PREFIX)}
    return any(key == r.casefold() for r in reserved) or any(key.startswith(stay) for stay in stays)
