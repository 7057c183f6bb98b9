"""Every numeric field at its bounds runs; just past its bounds it is named and refused.

Bounds come from the models' metadata (see ``tests/strategies.py``), so this sweep follows the
model. At a bound the engine must project and summarise with no exception (numpy warnings are
errors under pytest), every output finite (break-even may be NaN, meaning "none") and costs
non-negative (capital, operating >= 0; residual <= 0). Just past a bound, ``from_data`` raises
ScenarioValueError naming the field path, the value and the allowed range; the command line
exits with status 2 and says the same on one line.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    PLAN_FIELDS,
    PROPERTY,
    SCENARIO_FIELDS,
    Bounds,
    assert_sound,
    default_plans,
    nested,
)

from planner.cli import main
from planner.engine.projection import Projection, project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary, summarise
from planner.errors import ScenarioValueError
from planner.model.fields import spec_at
from planner.model.files import from_data
from planner.model.scenario import Scenario

NUMBER_PATHS = sorted(p for p, b in SCENARIO_FIELDS.items() if b.is_number)
CHOICE_PATHS = sorted(p for p, b in SCENARIO_FIELDS.items() if not b.is_number)


def run(scenario: Scenario) -> tuple[Projection, Summary]:
    p = project(Batch.of(scenario))
    return p, summarise(p)


def _words(x: float) -> str:
    """A bound as messages write it: 1,000,000 or 0.01."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def _title(path: str) -> str:
    """The title a message leads with: the field registry's (``plans[0].x`` -> ``plans.x``)."""
    spec = spec_at(re.sub(r"\[\d+\]", "", path))
    assert spec is not None, path
    assert spec.title, path
    return spec.title


def _assert_names_field_value_and_range(message: str, path: str, value: Any, b: Bounds) -> None:
    """The message leads with the field's label, then its path, value and range."""
    assert f"{_title(path)} ({path}) = {value!r}" in message, message
    allowed = message.split("allowed:", 1)[-1]
    assert "allowed:" in message, message
    for bound in (b.low, b.high):
        if bound is not None:
            assert _words(bound) in allowed, (bound, message)


def _plan_data(name: str, value: Any) -> dict[str, Any]:
    plans = default_plans()
    plans[0][name] = value
    return {"plans": plans}


# ---------------------------------------------------------------------------
# One field at a time
# ---------------------------------------------------------------------------


def _at_bound_params() -> list[object]:
    params: list[object] = []
    for path in NUMBER_PATHS:
        SCENARIO_FIELDS[path]
        params.append(pytest.param(path, "smallest", id=f"{path}-smallest"))
        params.append(pytest.param(path, "largest", id=f"{path}-largest"))
    return params


@pytest.mark.slow  # a sweep: one projection per field and end (the corners below stay fast)
@pytest.mark.parametrize(("path", "end"), _at_bound_params())
def test_a_field_at_its_bound_gives_sound_numbers(path: str, end: str) -> None:
    value = getattr(SCENARIO_FIELDS[path], end)
    scenario = from_data(nested({path: value}), "bounds")
    assert_sound(*run(scenario))


@pytest.mark.parametrize("path", CHOICE_PATHS)
def test_every_choice_gives_sound_numbers(path: str) -> None:
    choices = SCENARIO_FIELDS[path].choices
    assert choices
    for choice in choices:
        assert_sound(*run(from_data(nested({path: choice}), "bounds")))


@pytest.mark.slow  # a sweep: one projection per plan field and end
@pytest.mark.parametrize("end", ["smallest", "largest"])
@pytest.mark.parametrize("name", sorted(PLAN_FIELDS))
def test_a_plan_field_at_its_bound_gives_sound_numbers(name: str, end: str) -> None:
    value = getattr(PLAN_FIELDS[name], end)
    assert_sound(*run(from_data(_plan_data(name, value), "bounds")))


@pytest.mark.parametrize("side", ["below", "above"])
@pytest.mark.parametrize("path", NUMBER_PATHS)
def test_a_field_just_past_its_bound_is_named_with_its_range(path: str, side: str) -> None:
    b = SCENARIO_FIELDS[path]
    value = getattr(b, side)
    with pytest.raises(ScenarioValueError) as caught:
        from_data(nested({path: value}), "bounds.toml")
    message = str(caught.value)
    assert message.startswith("bounds.toml: ")
    _assert_names_field_value_and_range(message, path, value, b)


@pytest.mark.parametrize("side", ["below", "above"])
@pytest.mark.parametrize("name", sorted(PLAN_FIELDS))
def test_a_plan_field_just_past_its_bound_is_named_with_its_range(name: str, side: str) -> None:
    b = PLAN_FIELDS[name]
    value = getattr(b, side)
    with pytest.raises(ScenarioValueError) as caught:
        from_data(_plan_data(name, value), "bounds.toml")
    _assert_names_field_value_and_range(str(caught.value), f"plans[0].{name}", value, b)


@pytest.mark.parametrize("path", CHOICE_PATHS)
def test_an_unknown_choice_lists_the_choices(path: str) -> None:
    b = SCENARIO_FIELDS[path]
    assert b.choices
    bad = "maybe" if b.kind is bool else "none_of_these"
    with pytest.raises(ScenarioValueError) as caught:
        from_data(nested({path: bad}), "bounds.toml")
    message = str(caught.value)
    assert f"{_title(path)} ({path}) = {bad!r}" in message
    if b.kind is not bool:
        assert all(repr(c) in message for c in b.choices)


# ---------------------------------------------------------------------------
# The command line, for a sample of fields
# ---------------------------------------------------------------------------

CLI_SAMPLE = [
    ("organisation.users", "below"),
    ("organisation.users", "above"),
    ("organisation.horizon_years", "above"),
    ("organisation.growth_pct_per_year", "below"),
    ("mail.mailbox_gb", "below"),
    ("inhouse.servers.price", "below"),
    ("inhouse.servers.cores", "below"),
    ("inhouse.sizing.free_space_pct", "above"),
    ("inhouse.sizing.baseline_specint_per_core", "below"),
    ("inhouse.disaster_recovery.availability_hot_site_pct", "above"),
    ("finance.discount_rate_pct", "above"),
    ("connectivity.users_per_mbps", "below"),
]


@pytest.mark.parametrize("command", ["validate", "report"])
@pytest.mark.parametrize(("path", "side"), CLI_SAMPLE)
def test_command_line_names_a_value_past_its_bound(
    path: str, side: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    value = getattr(SCENARIO_FIELDS[path], side)
    file = tmp_path / "past.toml"
    file.write_text(tomli_w.dumps({"name": "past", **nested({path: value})}), encoding="utf-8")
    code = main([command, str(file)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith("planner: error: "), err
    assert err.count("\n") == 1, err
    assert str(file) in err
    assert f"{_title(path)} ({path}) = {value!r}" in err
    assert "allowed:" in err


@pytest.mark.parametrize("name", ["price_per_user_month", "sla_pct", "max_users"])
def test_command_line_names_a_plan_value_past_its_bound(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    value = PLAN_FIELDS[name].below
    file = tmp_path / "past.toml"
    file.write_text(tomli_w.dumps({"name": "past", **_plan_data(name, value)}), encoding="utf-8")
    assert main(["validate", str(file)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert f"{_title(f'plans.{name}')} (plans[0].{name}) = {value!r}" in err


# ---------------------------------------------------------------------------
# Every field at once: corners of the model space
# ---------------------------------------------------------------------------


def _corner(high: dict[str, bool]) -> dict[str, Any]:
    """Each field at its largest (True) or smallest sane (False) value; choices last/first."""
    flat: dict[str, Any] = {}
    for path, b in SCENARIO_FIELDS.items():
        if b.choices is not None:
            flat[path] = b.choices[-1] if high[path] else b.choices[0]
        else:
            flat[path] = b.largest if high[path] else b.sane_smallest()
    return nested(flat)


def _plan_corner(high: bool) -> dict[str, Any]:
    plan: dict[str, Any] = {"provider": "Corner", "plan": "high" if high else "low"}
    for name, b in PLAN_FIELDS.items():
        plan[name] = b.largest if high else b.sane_smallest()
    if high:
        plan["max_users"] = int(PLAN_FIELDS["max_users"].largest)
    else:
        plan["max_users"] = plan["min_users"] = 1
    return plan


ALL_HIGH = {path: True for path in SCENARIO_FIELDS}
ALL_LOW = {path: False for path in SCENARIO_FIELDS}


@pytest.mark.parametrize("corner", [ALL_HIGH, ALL_LOW], ids=["all-largest", "all-smallest"])
def test_every_field_at_the_same_end_gives_sound_numbers(
    corner: dict[str, bool], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {**_corner(corner), "plans": [_plan_corner(True), _plan_corner(False)]}
    scenario = from_data(data, "corner")
    assert_sound(*run(scenario))
    # The command line prints it without a traceback.
    file = tmp_path / "corner.toml"
    file.write_text(tomli_w.dumps({"name": "corner", **data}), encoding="utf-8")
    assert main(["report", str(file)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert not re.search(r"\b(nan|inf)\b", out, re.IGNORECASE), out


def test_a_million_users_with_2000_gb_mailboxes_is_finite() -> None:
    data = nested(
        {
            "organisation.users": 1_000_000,
            "organisation.growth_pct_per_year": 100.0,
            "organisation.horizon_years": 15,
            "mail.mailbox_gb": 2000.0,
            "mail.mailbox_growth_gb_per_year": 500.0,
            "mail.messages_per_user_day": 2000.0,
            "mail.message_kb": 10_000.0,
            "inhouse.storage.database_copies": 16,
            "inhouse.disaster_recovery.level": "hot_site",
            "inhouse.disaster_recovery.hot_site_share_pct": 200.0,
            "finance.inflation_pct_per_year": 50.0,
            "staff.salary_growth_pct_per_year": 50.0,
            "hosted.price_escalation_pct_per_year": 50.0,
        }
    )
    p, s = run(from_data(data, "huge"))
    assert_sound(p, s)
    # 1,000,000 x 2^14 users in year 15: the headcount itself is exact.
    assert p.users[0, 15] == 1_000_000 * 2**14
    assert math.isfinite(float(s.tco.max()))
    assert s.tco.max() > 0


@pytest.mark.slow  # a Hypothesis sweep over every field's ends
@PROPERTY
@given(
    st.fixed_dictionaries({path: st.booleans() for path in SCENARIO_FIELDS}),
    st.lists(st.booleans(), min_size=1, max_size=3),
)
def test_any_mix_of_field_ends_gives_sound_numbers(
    high: dict[str, bool], plan_ends: list[bool]
) -> None:
    plans = [{**_plan_corner(end), "provider": f"P{i}"} for i, end in enumerate(plan_ends)]
    assert_sound(*run(from_data({**_corner(high), "plans": plans}, "corner")))
