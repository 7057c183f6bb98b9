"""A scenario's name and description follow its inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.model.defaults import preset_files
from planner.model.describe import (
    changed_name,
    described,
    file_stem,
    growth_text,
    inputs_summary,
    same_inputs,
)
from planner.model.files import default_scenario, load_scenario, with_values


@pytest.fixture(scope="module")
def growing():  # type: ignore[no-untyped-def]
    return load_scenario(preset_files()["growing_firm"])


def test_an_unchanged_preset_keeps_its_own_words(growing) -> None:  # type: ignore[no-untyped-def]
    assert described(growing, growing) is growing
    assert file_stem(growing, growing) == "growing-firm-250-users-15-year"


def test_a_changed_preset_is_marked_and_described_from_its_inputs(growing) -> None:  # type: ignore[no-untyped-def]
    changed = with_values(
        growing,
        {"organisation.users": 400, "organisation.growth_pct_per_year": 10.0},
    )
    shown = described(changed, growing)
    assert shown.name == "Growing firm (changed)"  # "(250 users, +15%/year)" no longer true
    assert shown.description == (
        f"400 users today growing 10% a year, over 7 years; DR: backup only; "
        f"{len(growing.plans)} hosted plans"
    )
    assert file_stem(shown, growing) == "growing-firm-changed-400-users-7-years"


def test_a_name_or_description_the_user_typed_is_kept(growing) -> None:  # type: ignore[no-untyped-def]
    mine = with_values(growing, {"organisation.users": 400, "name": "Our firm"})
    shown = described(mine, growing)
    assert shown.name == "Our firm"
    assert shown.description.startswith("400 users today")
    typed = with_values(mine, {"description": "Quote round 2"})
    assert described(typed, growing).description == "Quote round 2"


def test_only_a_name_or_description_change_is_not_a_change(growing) -> None:  # type: ignore[no-untyped-def]
    renamed = with_values(growing, {"name": "X", "description": "Y"})
    assert same_inputs(renamed, growing)
    assert described(renamed, growing) is renamed


def test_the_default_scenario_reads_plainly() -> None:
    s = with_values(default_scenario(), {"organisation.horizon_years": 1})
    assert inputs_summary(s).startswith("200 users today growing 5% a year, over 1 year; ")
    assert described(s, default_scenario()).name == "Default scenario (changed)"


@pytest.mark.parametrize(
    ("pct", "text"),
    [(0.0, "with a flat headcount"), (12.5, "growing 12.5% a year"), (-5, "shrinking 5% a year")],
)
def test_growth_in_words(pct: float, text: str) -> None:
    assert growth_text(pct) == text


@pytest.mark.slow  # a second or more: a Hypothesis sweep
@given(st.text(min_size=1, max_size=100).filter(lambda t: t.strip() == t and t))
def test_a_changed_name_is_marked_once_and_fits_the_model(name: str) -> None:
    once = changed_name(name)
    assert once.endswith("(changed)")
    assert len(once) <= 100
    assert changed_name(once) == once
