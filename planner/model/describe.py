"""A scenario's name and description that follow its inputs.

A preset's name and description are written for its own inputs ("Growing firm (250 users,
+15%/year)", "A 250-user firm growing 15% a year"). Once users, growth, horizon or any other
input change, they would describe another scenario. :func:`described` gives the scenario
the words that fit what is on screen:

- inputs unchanged from the base (the preset or file loaded): name and description as loaded;
- inputs changed, name as loaded: the name loses a trailing bracket of figures and is marked
  ``(changed)``: ``Growing firm (changed)``;
- inputs changed, description as loaded: the description is made from the inputs
  (:func:`inputs_summary`): ``400 users today growing 10% a year, over 7 years; warm standby
  DR; 11 hosted plans``;
- a name or description the user typed is kept as typed.
"""

from __future__ import annotations

import re

from planner.model.scenario import Scenario

CHANGED = " (changed)"
NAME_MAX_CHARS = 100
"""``Scenario.name`` holds at most 100 characters."""
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def growth_text(pct: float) -> str:
    """``growing 10% a year`` / ``shrinking 5% a year`` / ``with a flat headcount``."""
    if pct == 0:
        return "with a flat headcount"
    verb = "growing" if pct > 0 else "shrinking"
    return f"{verb} {abs(pct):g}% a year"


def inputs_summary(scenario: Scenario) -> str:
    """What the scenario is, from its inputs: users, growth, horizon, DR level and plans."""
    org = scenario.organisation
    level = scenario.inhouse.disaster_recovery.level.replace("_", " ")
    plans = _count(len(scenario.plans), "hosted plan")
    return (
        f"{_count(org.users, 'user')} today {growth_text(org.growth_pct_per_year)}, over "
        f"{_count(org.horizon_years, 'year')}; DR: {level}; {plans}"
    )


def same_inputs(a: Scenario, b: Scenario) -> bool:
    """True when the two scenarios differ at most in their name and description."""
    blank = {"name": "-", "description": ""}
    return a.model_copy(update=blank) == b.model_copy(update=blank)


def changed_name(name: str) -> str:
    """``Growing firm (250 users, +15%/year)`` -> ``Growing firm (changed)`` (at most 100
    characters)."""
    base = _TRAILING_BRACKET.sub("", name) or name
    if base.endswith(CHANGED.strip()):
        return base
    return base[: NAME_MAX_CHARS - len(CHANGED)].rstrip() + CHANGED


def described(scenario: Scenario, base: Scenario) -> Scenario:
    """The scenario with a name and description that fit its inputs (see the module)."""
    if same_inputs(scenario, base):
        return scenario
    name = changed_name(scenario.name) if scenario.name == base.name else scenario.name
    description = scenario.description
    if description == base.description:
        description = inputs_summary(scenario)
    return scenario.model_copy(update={"name": name, "description": description})


def file_stem(scenario: Scenario, base: Scenario) -> str:
    """A file name stem from the name, and from the inputs when they changed from the
    base: ``default-scenario`` / ``default-scenario-changed-400-users-7-years``."""
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.name.lower()).strip("-")[:60].rstrip("-")
    slug = slug or "scenario"
    if same_inputs(scenario, base):
        return slug
    org = scenario.organisation
    return f"{slug}-{org.users}-users-{org.horizon_years}-years"
