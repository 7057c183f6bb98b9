"""The break-even search stays inside every field's bounds.

A range with ``plan = "all"`` is in percent of each plan's own value. Before the fix the
search scanned 0-1000% whatever the field, so a valid range on ``plans.sla_pct`` (90-100%),
``plans.min_users`` (at least 1) or a price near its 1e9 cap made ``planner simulate`` exit 2
with a value nobody typed (``sla_pct = 0.0: allowed ...``). Now the search spans only the
percents that keep every plan inside the field's bounds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from planner.analyses.sensitivity import breakeven_values, tornado
from planner.analyses.uncertainty import resolve
from planner.cli import main
from planner.errors import ScenarioError
from planner.model.defaults import catalogue
from planner.model.files import from_data
from planner.model.ranges import plan_number_fields, target_of
from planner.model.scenario import Scenario


def _all_plans(field: str, low: float, mode: float, high: float, **data: Any) -> Scenario:
    rng = {"field": field, "plan": "all", "low": low, "mode": mode, "high": high}
    return from_data({"uncertainty": {"ranges": [rng]}, **data})


def _only(scenario: Scenario) -> tuple[float, float]:
    (item,) = resolve(scenario)
    return item.search_bounds()


def test_the_sla_search_stays_between_90_and_100_percent_for_every_plan() -> None:
    """Every bundled plan commits to 99.9%; sla_pct allows 90-100, so the percent of the
    listed value may run from 100 x 90 / 99.9 = 90.0900...% to 100 x 100 / 99.9 = 100.1001%.

    The SLA is a contractual floor, not priced: downtime follows each plan's
    expected availability, so varying the SLA moves no cost (no swing) and there is nothing
    to search; the expected availability is searched instead (next test)."""
    assert {p.sla_pct for p in catalogue()} == {99.9}
    scenario = _all_plans("plans.sla_pct", 99, 100, 100)
    low, high = _only(scenario)
    assert low == pytest.approx(9000 / 99.9, rel=1e-9)
    assert high == pytest.approx(10000 / 99.9, rel=1e-9)
    assert tornado(scenario).bars[0].swing == 0
    assert breakeven_values(scenario) == ()


def test_the_expected_availability_search_keeps_every_plan_between_90_and_100() -> None:
    """The bundled plans expect 99.96% (WorldPosta) and 99.97% (Microsoft, Google); the field
    allows 90-100, so the percent may run from 100 x 90 / 99.96 = 90.0360...% (the lowest plan
    reaches 90 first) to 100 x 100 / 99.97 = 100.0300...% (the highest reaches 100 first)."""
    assert {p.expected_availability_pct for p in catalogue()} == {99.96, 99.97}
    scenario = _all_plans("plans.expected_availability_pct", 99, 100, 100)
    low, high = _only(scenario)
    assert low == pytest.approx(9000 / 99.96, rel=1e-9)
    assert high == pytest.approx(10000 / 99.97, rel=1e-9)
    found = breakeven_values(scenario)
    assert len(found) == 1
    assert found[0].bounds == (low, high)


def test_the_min_users_search_never_goes_below_one_user() -> None:
    """Every bundled plan sells from 1 user, and whole numbers are rounded half up:
    1 x p / 100 rounds to at least 1 when it is at least 0.5, so p >= 50%."""
    assert {p.min_users for p in catalogue()} == {1}
    low, high = _only(_all_plans("plans.min_users", 100, 200, 1000))
    assert (low, high) == (50.0, 1000.0)
    assert _only(_all_plans("plans.min_users", 50, 50, 50)) == (50.0, 1000.0)


def test_a_whole_number_field_rounds_before_its_bounds_apply() -> None:
    """A plan selling from 3 users; min_users allows 1 to 1,000,000 after rounding half up:
    3 x p / 100 >= 0.5 gives p >= 100 x 0.5 / 3 = 16.67%, and 3 x p / 100 < 1,000,000.5
    holds far past 1000%."""
    plans = [catalogue()[0].model_dump(exclude_none=True) | {"min_users": 3}]
    low, high = _only(_all_plans("plans.min_users", 100, 100, 100, plans=plans))
    assert low == pytest.approx(100 * 0.5 / 3, rel=1e-9)
    assert high == 1000.0


def test_a_whole_number_range_below_its_exact_bound_keeps_its_own_low() -> None:
    """min_users = 1 for every plan: 50% of 1 is 0.5, rounded half up to 1 user, allowed, so
    the range 50-60% validates; the search must then span it: from 50%, not from 100 x 1 / 1."""
    low, high = _only(_all_plans("plans.min_users", 50, 50, 60))
    assert (low, high) == (50.0, 1000.0)


def test_a_price_near_its_cap_limits_the_search() -> None:
    """One plan listed at 200,000,000 a user a month; prices allow at most 1e9, so the
    percent may reach 100 x 1e9 / 2e8 = 500%, not 1000%."""
    plan = catalogue()[0].model_dump(exclude_none=True)
    plans = [plan | {"price_per_user_month": 2e8}, catalogue()[1].model_dump(exclude_none=True)]
    scenario = _all_plans("plans.price_per_user_month", 50, 100, 150, plans=plans)
    assert _only(scenario) == (0.0, 500.0)
    breakeven_values(scenario)  # the engine refused 2e9 here before the fix


def test_an_open_lower_bound_is_kept_open() -> None:
    """attachment_mb must be above 0: the search starts just above 0%."""
    low, high = _only(_all_plans("plans.attachment_mb", 50, 100, 150))
    assert 0 < low < 1e-9
    largest = max(p.attachment_mb for p in catalogue())
    assert high == pytest.approx(min(1000.0, 100 * 10_000 / largest))


@pytest.mark.parametrize(
    ("field", "low", "mode", "high"),
    [
        ("plans.sla_pct", 99, 100, 100),
        ("plans.expected_availability_pct", 99, 100, 100),
        ("plans.min_users", 100, 150, 300),
        ("plans.price_per_user_month", 50, 100, 200),
    ],
)
def test_planner_simulate_runs_on_every_plan_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, low: int, mode: int, high: int
) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        f'name = "ranges"\n[uncertainty]\nranges = [{{ field = "{field}", plan = "all", '
        f"low = {low}, mode = {mode}, high = {high} }}]\n"
    )
    code = main(["simulate", str(path), "--draws", "200"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    # hosted cost does not depend on min_users here (every plan sells from 1 user) nor on the
    # SLA (downtime follows expected availability): no swing, no search
    searched = field not in ("plans.min_users", "plans.sla_pct")
    assert ("Break-even values" in out) == searched


PLAN_FIELDS = sorted(plan_number_fields())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=hs.sampled_from(PLAN_FIELDS),
    low=hs.floats(0, 300, allow_nan=False),
    spread=hs.floats(0, 300, allow_nan=False),
    at=hs.floats(0, 1),
)
def test_any_valid_every_plan_range_gives_break_even_values_inside_its_bounds(
    field: str, low: float, spread: float, at: float
) -> None:
    """Property: a range that validates never makes the search fail, and every bound is
    a percent that keeps each plan's value allowed."""
    high = low + spread
    try:
        scenario = _all_plans(field, low, low + at * spread, high)
        (item,) = resolve(scenario)
    except ScenarioError:  # ranges the scenario refuses are not this test's subject
        return
    lo, hi = item.search_bounds()
    assert lo <= low <= high <= hi
    name = field.removeprefix("plans.")
    for plan in scenario.plans:
        listed = getattr(plan, name)
        if listed is None:
            continue
        one = target_of(field, plan.label)
        for pct in (lo, hi):
            value = listed * (pct / 100)
            assert one.allows(float(int(value + 0.5)) if one.integer else value)
    if tornado(scenario).bars[0].swing > 0:
        for found in breakeven_values(scenario):
            assert found.bounds == (lo, hi)
