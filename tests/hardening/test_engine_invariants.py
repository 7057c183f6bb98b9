"""Engine invariants as Hypothesis properties over the whole model space.

Scenarios come from ``strategies.scenarios()``: every numeric field drawn within its bounds
(``gt=0`` fields from 0.001 up, see SANE_OPEN_FLOOR), every choice, 1 to 4 random plans.
The summary figures are recomputed here independently, with plain loops over the years,
from the projection's yearly totals (formulas: planner/summary.py docstring).

Monotonicity is checked where it must hold, on the cash basis (every purchase in full):

* raising an in-house price never lowers in-house TCO (cash and net of residual value) and,
  for prices only in-house pays, never changes a hosted option;
* raising a hosted cost never lowers a hosted option's TCO and never changes in-house;
* raising one plan's price never lowers that plan's TCO and never changes any other option;
* a longer horizon never lowers any option's cash TCO;
* more users today never lower any option's cash TCO when prices do not rise (see the
  test's docstring).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from strategies import (
    EXISTING_PLATFORM_PRICES,
    FIT_PRICES,
    HOSTED_PRICES,
    HYBRID_PRICES,
    INHOUSE_PRICES,
    PLAN_FIELDS,
    PLAN_PRICES,
    PROPERTY,
    SCENARIO_FIELDS,
    SHARED_PRICES,
    assert_sound,
    scenarios,
)

from planner.engine.platform_paths import chosen_move_year
from planner.engine.projection import Projection, project
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import Summary, summarise
from planner.engine.timeline import Timeline
from planner.model.defaults import preset_files
from planner.model.files import default_scenario, load_scenario, with_values
from planner.model.paths import value_at
from planner.model.scenario import Scenario

pytestmark = pytest.mark.slow  # Hypothesis sweeps of the engine: seconds each

GREENFIELD = {"current.platform": "none"}
"""Where an invariant is a greenfield statement: from an existing platform in-house prices
also price the move's coexistence and the stay path, and plan 0 prices the stay path's
forced move (see test_existing_platform_invariants below)."""
BREAKEVEN_TOLERANCE = 1e-6
"""The summary treats cum_inhouse <= cum_option + 1e-6 as 'at or below' (an absolute guard)."""


def _close(a: float, b: float) -> float:
    """A tolerance for comparing two sums of the size of a and b (float rounding only)."""
    return 1e-9 * max(abs(a), abs(b), 1.0)


def _run(batch: Batch) -> tuple[Projection, Summary]:
    p = project(batch)
    return p, summarise(p)


def test_every_money_field_is_in_a_price_list() -> None:
    """New price fields must join one of the monotonicity lists."""
    listed = (
        set(INHOUSE_PRICES)
        | set(HOSTED_PRICES)
        | set(SHARED_PRICES)
        | set(FIT_PRICES)
        | set(EXISTING_PLATFORM_PRICES)
        | set(HYBRID_PRICES)
    )
    money = {
        path for path, b in SCENARIO_FIELDS.items() if b.is_number and b.low == 0 and b.high == 1e9
    }
    assert money <= listed, sorted(money - listed)
    assert set(PLAN_PRICES) <= set(PLAN_FIELDS)


@PROPERTY
@given(st.sampled_from(HYBRID_PRICES), st.floats(min_value=0, max_value=1e6))
def test_hybrid_prices_move_only_a_hybrid_mix(path: str, extra: float) -> None:
    """Without segments a hybrid price changes nothing; with segments it changes no pure
    option and never lowers the best mix (a dearer hybrid can only push the mix elsewhere)."""
    plain = default_scenario()
    assert_array_equal(
        summarise(project(Batch.of(plain))).tco,
        summarise(project(Batch.of(with_values(plain, {path: extra})))).tco,
    )
    s = load_scenario(preset_files()["segments_hybrid"])
    base = summarise(project(Batch.of(s))).tco[0]
    dearer = summarise(project(Batch.of(with_values(s, {path: value_at(s, path) + extra})))).tco[0]
    assert_array_equal(base[:-1], dearer[:-1])
    assert dearer[-1] >= base[-1] - 1e-6


# ---------------------------------------------------------------------------
# Soundness and the summary's own formulas
# ---------------------------------------------------------------------------


@PROPERTY
@given(scenarios())
def test_costs_are_finite_and_non_negative(s: Scenario) -> None:
    assert_sound(*_run(Batch.of(s)))


@PROPERTY
@given(scenarios())
def test_summary_figures_match_their_formulas(s: Scenario) -> None:
    """TCO, cumulative, NPV, cost per user-month, capex and opex recomputed by hand."""
    p, summary = _run(Batch.of(s))
    h = s.organisation.horizon_years
    rate = s.finance.discount_rate_pct / 100
    net = s.finance.tco_basis == "net_of_residual"
    user_months = 12 * sum(float(p.users[0, t]) for t in range(1, h + 1))
    assert user_months >= 12 * h  # at least one user in every operating year
    for o in range(len(p.options)):
        yearly = [
            float(p.capital[0, o, t] + p.operating[0, o, t] + (p.residual[0, o, t] if net else 0))
            for t in range(h + 1)
        ]
        running, npv = 0.0, 0.0
        for t, cost in enumerate(yearly):
            running += cost
            npv += cost / (1 + rate) ** t
            assert abs(summary.cumulative[0, o, t] - running) <= _close(running, npv), (o, t)
        # Nothing is spent after the horizon.
        assert (p.capital[0, o, h + 1 :] == 0).all()
        assert (p.operating[0, o, h + 1 :] == 0).all()
        tco = float(summary.tco[0, o])
        assert abs(tco - running) <= _close(tco, running)
        assert abs(summary.npv[0, o] - npv) <= _close(npv, tco)
        per_user = summary.cost_per_user_month[0, o]
        assert abs(per_user - tco / user_months) <= _close(per_user, tco / user_months)
        capex, opex = float(p.capital[0, o].sum()), float(p.operating[0, o].sum())
        residual = -float(p.residual[0, o].sum())
        assert abs(summary.capex[0, o] - capex) <= _close(capex, opex)
        assert abs(summary.opex[0, o] - opex) <= _close(capex, opex)
        assert abs(summary.tco_cash[0, o] - (capex + opex)) <= _close(capex, opex)
        assert abs(summary.residual_value[0, o] - residual) <= _close(residual, capex)
        expected_tco = capex + opex - (residual if net else 0.0)
        assert abs(tco - expected_tco) <= _close(capex + opex, residual)


@PROPERTY
@given(scenarios())
def test_breakeven_is_consistent_with_the_cumulative_curves(s: Scenario) -> None:
    """Break-even y: from y to H in-house's cumulative stays at or below the option's,
    and year y - 1 (when y >= 1) is above it; none (NaN) when in-house ends above."""
    p, summary = _run(Batch.of(s))
    h = s.organisation.horizon_years
    total = p.total[0]
    cumulative = np.array(
        [[total[o, : t + 1].sum() for t in range(h + 1)] for o in range(total.shape[0])]
    )
    for o in range(1, len(p.options)):
        year = summary.breakeven_year[0, o]

        def at_or_below(t: int, o: int = o) -> bool:
            scale = _close(cumulative[0, t], cumulative[o, t])
            return bool(cumulative[0, t] <= cumulative[o, t] + BREAKEVEN_TOLERANCE + scale)

        def above(t: int, o: int = o) -> bool:
            scale = _close(cumulative[0, t], cumulative[o, t])
            return bool(cumulative[0, t] > cumulative[o, t] - scale)

        if np.isnan(year):
            assert above(h), f"option {o}: in-house ends at or below it, yet no break-even"
            continue
        y = int(year)
        assert 0 <= y <= h
        assert all(at_or_below(t) for t in range(y, h + 1)), f"option {o} from year {y}"
        if y >= 1:
            assert above(y - 1), f"option {o}: year {y - 1} already breaks even"


@PROPERTY
@given(scenarios())
def test_cheapest_is_the_lowest_tco_that_fits(s: Scenario) -> None:
    _, summary = _run(Batch.of(s))
    best = int(summary.cheapest[0])
    assert summary.fits[0, best]
    assert summary.fits[0, 0], "in-house always fits"
    fitting = summary.tco[0][summary.fits[0]]
    assert summary.tco[0, best] <= fitting.min()


# ---------------------------------------------------------------------------
# Monotonicity
# ---------------------------------------------------------------------------


def _raised(batch: Batch, paths: tuple[str, ...], shares: list[float]) -> Batch:
    """Row 0 as drawn; row i + 1 with paths[i] raised by shares[i] of the way to its bound."""
    rows = batch.repeat(len(paths) + 1)
    values: dict[str, Any] = {}
    for i, (path, share) in enumerate(zip(paths, shares, strict=True)):
        column = rows[path].copy()
        upper = SCENARIO_FIELDS[path].largest
        column[i + 1] = column[0] + share * (upper - column[0])
        values[path] = column
    return rows.replace(values=values)


def _never_lower(low: np.ndarray, high: np.ndarray, what: str) -> None:
    for o, (a, b) in enumerate(zip(low, high, strict=True)):
        assert b >= a - _close(a, b), f"{what}: option {o} fell from {a!r} to {b!r}"


@PROPERTY
@given(
    scenarios(fixed=GREENFIELD),
    st.lists(st.floats(0, 1), min_size=len(INHOUSE_PRICES), max_size=len(INHOUSE_PRICES)),
)
def test_raising_an_inhouse_price_never_lowers_inhouse_tco(
    s: Scenario, shares: list[float]
) -> None:
    _, summary = _run(_raised(Batch.of(s), INHOUSE_PRICES, shares))
    base_cash = summary.tco_cash[0]
    net = summary.tco_cash - summary.residual_value  # net of residual, whatever the basis
    for i, path in enumerate(INHOUSE_PRICES, start=1):
        _never_lower(base_cash[:1], summary.tco_cash[i, :1], f"{path} (cash)")
        _never_lower(net[0, :1], net[i, :1], f"{path} (net of residual)")
        assert (summary.tco_cash[i, 1:] == base_cash[1:]).all(), f"{path} changed a hosted plan"


@PROPERTY
@given(
    scenarios(),
    st.lists(
        st.floats(0, 1),
        min_size=len(HOSTED_PRICES) + len(SHARED_PRICES),
        max_size=len(HOSTED_PRICES) + len(SHARED_PRICES),
    ),
)
def test_raising_a_hosted_or_shared_cost_never_lowers_any_tco(
    s: Scenario, shares: list[float]
) -> None:
    paths = HOSTED_PRICES + SHARED_PRICES
    _, summary = _run(_raised(Batch.of(s), paths, shares))
    for i, path in enumerate(paths, start=1):
        _never_lower(summary.tco_cash[0], summary.tco_cash[i], path)
        _never_lower(summary.tco[0], summary.tco[i], path)
        if path in HOSTED_PRICES:
            assert summary.tco_cash[i, 0] == summary.tco_cash[0, 0], f"{path} changed in-house"


@PROPERTY
@given(scenarios(fixed=GREENFIELD), st.sampled_from(PLAN_PRICES), st.data())
def test_raising_a_plan_price_moves_only_that_plan(
    s: Scenario, field: str, data: st.DataObject
) -> None:
    batch = Batch.of(s)
    plans = len(s.plans)
    j = data.draw(st.integers(0, plans - 1), label="plan")
    base = batch.plans[field][0]
    upper = PLAN_FIELDS[field].largest
    new = base[j] + data.draw(st.floats(0, 1), label="share") * (upper - base[j])
    grid = np.vstack([base, base])
    grid[1, j] = new
    p, summary = _run(batch.repeat(2).replace(plans={field: grid}))
    o = j + 1  # option index of plan j
    _never_lower(summary.tco[0, o : o + 1], summary.tco[1, o : o + 1], f"plan {j} {field}")
    others = [k for k in range(len(p.options)) if k != o]
    assert (summary.tco[1, others] == summary.tco[0, others]).all()
    assert (p.total[1, others] == p.total[0, others]).all()


@PROPERTY
@given(scenarios(), st.data())
def test_a_longer_horizon_never_lowers_cash_tco(s: Scenario, data: st.DataObject) -> None:
    h = s.organisation.horizon_years
    longest = int(SCENARIO_FIELDS["organisation.horizon_years"].largest)
    longer = data.draw(st.integers(h, longest), label="longer horizon")
    batch = Batch.of(s).repeat(2).replace(values={"organisation.horizon_years": [h, longer]})
    p, summary = _run(batch)
    _never_lower(summary.tco_cash[0], summary.tco_cash[1], f"horizon {h} -> {longer}")
    # A move year from today's Exchange past the shorter horizon is priced in its last year
    # (H - 1, a move within the horizon), so the years they share differ by design then.
    year = chosen_move_year(batch, Timeline.of(batch))
    if year[0] != year[1]:
        return
    # With the edition "cheapest", the edition kept is the cheaper over each horizon: a
    # longer one may keep the other, and then every year differs by design (the TCO still
    # never falls: each edition's does not, so neither does the smaller of the two).
    edition = p.metrics.get("edition_enterprise")
    if edition is not None and edition[0, 0] != edition[1, 0]:
        return
    # The years both horizons share cost the same, except the last shorter year's purchases
    # for the following year, which only the longer horizon makes.
    assert np.array_equal(p.operating[0, :, : h + 1], p.operating[1, :, : h + 1])
    assert (p.capital[1, :, :h] == p.capital[0, :, :h]).all()


NOT_RISING = {"finance.inflation_pct_per_year": st.floats(-10, 0)}


@PROPERTY
@given(scenarios(fixed=NOT_RISING), st.data())
def test_more_users_never_lower_cash_tco(s: Scenario, data: st.DataObject) -> None:
    """More users today never lower any option's cash TCO, where that must hold.

    Prices must not
    rise (inflation <= 0): with rising prices, more users can need a disk step or a server a
    year earlier and buy it at last year's price, so in-house cash TCO can fall (4 -> 5
    users, 30% growth, 50% inflation, storage the only price: 500,000 less). That is the
    model working, not a fault.
    """
    users = s.organisation.users
    top = int(SCENARIO_FIELDS["organisation.users"].largest)
    more = data.draw(st.integers(users, min(top, users * 10)), label="more users")
    batch = (
        Batch.of(s)
        .repeat(2)
        .replace(
            values={
                "organisation.users": [users, more],
            }
        )
    )
    _, summary = _run(batch)
    _never_lower(summary.tco_cash[0], summary.tco_cash[1], f"users {users} -> {more}")


EXISTING = {"current.platform": st.sampled_from(["exchange_2016", "exchange_2019", "exchange_se"])}
EXISTING_PRICES = (
    *INHOUSE_PRICES,
    "current.incident_cost",
    "current.incident_probability_pct_per_year",
    "current.migration_tool_per_mailbox",
    "current.migration_hours_per_mailbox",
    "current.cutover_cost",
    "current.decommission_cost",
    "current.coexistence_weeks",
    "current.coexistence_buffer_weeks",
    "current.coexistence_admin_share_pct",
    "current.paid_updates_per_server_month",
    "current.public_folders_gb",
    "current.public_folder_project_cost",
    "current.pst_gb",
    "current.pst_drive_shipping_per_gb",
    "current.legacy_archive_gb",
    "current.legacy_archive_migration_per_gb",
)


@PROPERTY
@given(
    scenarios(fixed=EXISTING),
    st.lists(st.floats(0, 1), min_size=len(EXISTING_PRICES), max_size=len(EXISTING_PRICES)),
)
def test_existing_platform_invariants(s: Scenario, shares: list[float]) -> None:
    """From an existing platform the projection is sound, and raising any in-house or move
    price never lowers any option's cash TCO (cash: the value of hardware bought before year
    1 is credited at the horizon, so the net figure may fall when its price rises). The stay
    path is compared only while its forced move keeps its target: the target is the cheapest
    on the scenario's basis, so a dearer upgrade may send it to a plan that costs less cash
    (the choice itself is tested by hand in tests/unit/test_stay_path.py)."""
    p, summary = _run(_raised(Batch.of(s), EXISTING_PRICES, shares))
    assert_sound(*_run(Batch.of(s)))
    for i, path in enumerate(EXISTING_PRICES, start=1):
        low, high = summary.tco_cash[0], summary.tco_cash[i]
        stay, target = p.stay_index, p.stay_target
        if stay is not None and target is not None and target[i] != target[0]:
            low, high = np.delete(low, stay), np.delete(high, stay)
        _never_lower(low, high, f"{path} (cash)")
