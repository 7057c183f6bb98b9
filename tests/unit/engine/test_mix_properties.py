"""Properties of the best-mix search on random small scenarios (2-4 segments, 2-4 plans).

(a) the exact search equals brute force over every allowed, fitting placement, each priced
    with mix.mix_lines + mix.tco_of (fit and caps checked here, independently of the search);
(b) the best mix is never dearer than the best pure option (the projection's own in-house and
    plan options, a separate code path) that is allowed and fits;
(c) per-segment costs sum to each option's total, line by line and year by year;
(d) one segment equal to the organisation gives the numbers of the scenario without segments.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from planner.engine.hosted import fit_plans
from planner.engine.mix import INHOUSE_PLACE, mix_lines, tco_of
from planner.engine.projection import project
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline
from planner.model.files import from_data
from planner.model.scenario import INHOUSE_PLACEMENT, Scenario

pytestmark = pytest.mark.slow  # Hypothesis sweeps of the best-mix search: a second or more each

EXISTING = {
    "platform": "exchange_2019",
    "servers": 2,
    "server_age_years": 4,
    "storage_tb": 24.0,
    "exchange_server_licences": 2,
    "cals": 400,
    "licences_have_sa": False,
    "hardware_book_value": 5088.0,
}
MAILBOXES_GB = (2.0, 10.0, 25.0, 50.0, 100.0)
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def plan_data(draw: st.DrawFn, j: int) -> dict[str, Any]:
    """A typed-in plan: a mailbox tier, maybe an archive add-on, a minimum, maybe a cap."""
    archive = draw(st.sampled_from([0.0, 0.0, 50.0]))
    minimum = draw(st.sampled_from([1, 1, 50, 300]))
    plan: dict[str, Any] = {
        "provider": "P",
        "plan": f"Plan {j}",
        "price_per_user_month": draw(st.floats(1.0, 12.0)),
        "mailbox_gb": draw(st.sampled_from(MAILBOXES_GB)),
        "archive_gb": archive,
        "archive_price_per_user_month": 3.0 if archive else 0.0,
        "attachment_mb": draw(st.sampled_from([25.0, 35.0, 150.0])),
        "sla_pct": 99.9,
        "support_per_user_month": draw(st.sampled_from([0.0, 0.5])),
        "min_users": minimum,
    }
    if draw(st.booleans()) and draw(st.booleans()):
        plan["max_users"] = max(minimum, draw(st.integers(50, 600)))
    return plan


@st.composite
def segment_data(draw: st.DrawFn, s: int, labels: list[str]) -> dict[str, Any]:
    """A segment: users, maybe its own growth, mailbox, messages, attachment; maybe a list
    of allowed places."""
    seg: dict[str, Any] = {"name": f"Seg {s}", "users": draw(st.integers(1, 400))}
    if draw(st.booleans()):
        seg["growth_pct_per_year"] = draw(st.floats(-10.0, 20.0))
    if draw(st.booleans()):
        seg["mailbox_gb"] = draw(st.floats(0.2, 80.0))
        seg["mailbox_growth_gb_per_year"] = draw(st.floats(0.0, 8.0))
    if draw(st.booleans()):
        seg["messages_per_user_day"] = draw(st.floats(10.0, 200.0))
    if draw(st.booleans()):
        seg["attachment_mb_needed"] = draw(st.sampled_from([10.0, 30.0, 100.0]))
    if draw(st.booleans()):
        seg["mailbox_quota_gb"] = draw(st.sampled_from([2.0, 40.0, 100.0]))
    if draw(st.booleans()):
        places = [INHOUSE_PLACEMENT, *labels]
        seg["allowed"] = draw(st.lists(st.sampled_from(places), min_size=1, unique=True))
    return seg


@st.composite
def scenarios(draw: st.DrawFn, placements_at_most: int = 256) -> Scenario:
    """A small random scenario with segments (at most ``placements_at_most`` placements)."""
    s_count = draw(st.integers(2, 4))
    p_count = draw(st.integers(2, 4))
    while (1 + p_count) ** s_count > placements_at_most:
        p_count -= 1
    plans = [draw(plan_data(j)) for j in range(p_count)]
    labels = [f"{p['provider']} {p['plan']}" for p in plans]
    segments = [draw(segment_data(s, labels)) for s in range(s_count)]
    data: dict[str, Any] = {
        "name": "random mix",
        "organisation": {
            "users": sum(seg["users"] for seg in segments),
            "growth_pct_per_year": draw(st.floats(0.0, 10.0)),
            "horizon_years": draw(st.integers(1, 7)),
        },
        "finance": {
            "tco_basis": draw(st.sampled_from(["cash", "net_of_residual"])),
            "inflation_pct_per_year": draw(st.floats(0.0, 5.0)),
        },
        "risk": {"include_downtime": draw(st.booleans())},
        "hybrid": {
            "setup_cost": draw(st.floats(0.0, 20000.0)),
            "running_per_year": draw(st.floats(0.0, 6000.0)),
        },
        "plans": plans,
        "segments": segments,
    }
    if draw(st.integers(0, 4)) == 0:
        data["current"] = EXISTING
    return from_data(data, "property")


def group_over_cap(batch: Batch, tl: Timeline, places: tuple[int, ...]) -> bool:
    """Some plan's group holds more users than its cap in an operating year."""
    where = np.asarray(places)
    for place in set(places) - {INHOUSE_PLACE}:
        users = tl.part(where == place).users[0]
        cap = batch.plans["max_users"][0, place - 1]
        if (tl.operating[0] & (users > cap)).any():
            return True
    return False


def allowed_and_fits(batch: Batch, tl: Timeline, places: tuple[int, ...]) -> bool:
    """Every segment may go where it is placed and fits that plan; no group over its cap."""
    unfit = fit_plans(batch, tl).segment_unfit[0]  # (S, P)
    for s, place in enumerate(places):
        if not batch.allowed[s, place]:
            return False
        if place != INHOUSE_PLACE and unfit[s, place - 1]:
            return False
    return not group_over_cap(batch, tl, places)


def placement_tco(batch: Batch, tl: Timeline, places: tuple[int, ...]) -> float:
    """TCO of one placement in display currency from its cost lines."""
    lines = {k: v.sum(axis=1) for k, v in mix_lines(batch, tl, places).items()}
    net = batch["finance.tco_basis"] == 0
    return float(tco_of(lines, net)[0] * batch["finance.exchange_rate_per_usd"][0])


def brute_force(scenario: Scenario) -> dict[tuple[int, ...], float]:
    """Every allowed, fitting placement and its TCO."""
    batch = Batch.of(scenario)
    tl = Timeline.of(batch)
    count = len(batch.plan_labels) + 1
    return {
        places: placement_tco(batch, tl, places)
        for places in itertools.product(range(count), repeat=len(batch.segment_labels))
        if allowed_and_fits(batch, tl, places)
    }


@PROPERTY_SETTINGS
@given(scenarios())
def test_search_equals_brute_force(scenario: Scenario) -> None:
    projection = project(Batch.of(scenario))
    mix = projection.mix
    assert mix is not None
    prices = brute_force(scenario)
    if not prices:
        assert not np.isfinite(mix.best.tco)
        return
    cheapest = min(prices.values())
    assert mix.best.places in prices
    assert mix.best.tco == np.float64(cheapest) or abs(mix.best.tco - cheapest) <= 1e-9 * abs(
        cheapest
    )
    assert abs(prices[mix.best.places] - cheapest) <= 1e-9 * abs(cheapest)
    everyone_in = tuple(INHOUSE_PLACE for _ in scenario.segments)
    if everyone_in in prices:
        assert mix.best_inhouse is not None
        assert abs(mix.best_inhouse.tco - prices[everyone_in]) <= 1e-9 * abs(cheapest)
    else:
        assert mix.best_inhouse is None
    hosted = [tco for places, tco in prices.items() if INHOUSE_PLACE not in places]
    if hosted:
        assert mix.best_hosted is not None
        assert abs(mix.best_hosted.tco - min(hosted)) <= 1e-9 * abs(cheapest)
        assert INHOUSE_PLACE not in mix.best_hosted.places
    else:
        assert mix.best_hosted is None
    # the Best mix option carries the placement found, priced the same way
    assert projection.mix_index is not None
    option_tco = projection.total[0, projection.mix_index].sum()
    assert abs(option_tco - mix.best.tco) <= 1e-9 * abs(cheapest)


def pure_options_that_fit(scenario: Scenario) -> list[int]:
    """Indices of the pure options (in-house, plans) every segment may take and fits."""
    batch = Batch.of(scenario)
    tl = Timeline.of(batch)
    return [
        option
        for option in range(1 + len(batch.plan_labels))
        if allowed_and_fits(batch, tl, tuple(option for _ in scenario.segments))
    ]


@PROPERTY_SETTINGS
@given(scenarios(placements_at_most=10**6))
def test_best_mix_never_dearer_than_best_pure_option(scenario: Scenario) -> None:
    projection = project(Batch.of(scenario))
    assert projection.mix is not None
    options = pure_options_that_fit(scenario)
    totals = projection.total[0].sum(axis=1)
    for option in options:
        assert projection.mix.best.tco <= totals[option] * (1 + 1e-9) + 1e-6
    if options:
        assert np.isfinite(projection.mix.best.tco)


@PROPERTY_SETTINGS
@given(scenarios(placements_at_most=10**6))
def test_segment_costs_sum_to_every_option(scenario: Scenario) -> None:
    projection = project(Batch.of(scenario))
    assert projection.costs is not None
    assert projection.segment_costs is not None
    assert projection.segment_costs.shape[2] == len(scenario.segments)
    summed = projection.segment_costs.sum(axis=2)
    scale = max(1.0, float(np.abs(projection.costs).max()))
    assert_allclose(summed, projection.costs, rtol=1e-9, atol=1e-9 * scale)


@st.composite
def organisations(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario's data without segments: any size, growth, horizon, profile and plans."""
    plans = [draw(plan_data(j)) for j in range(draw(st.integers(1, 4)))]
    data: dict[str, Any] = {
        "name": "one segment",
        "organisation": {
            "users": draw(st.integers(1, 5000)),
            "growth_pct_per_year": draw(st.floats(-10.0, 30.0)),
            "horizon_years": draw(st.integers(1, 10)),
        },
        "mail": {
            "mailbox_gb": draw(st.floats(0.5, 60.0)),
            "mailbox_growth_gb_per_year": draw(st.floats(0.0, 5.0)),
        },
        "finance": {"tco_basis": draw(st.sampled_from(["cash", "net_of_residual"]))},
        "risk": {"include_downtime": draw(st.booleans())},
        "plans": plans,
    }
    if draw(st.integers(0, 3)) == 0:
        data["current"] = EXISTING
    return data


@PROPERTY_SETTINGS
@given(organisations())
def test_one_segment_equal_to_the_organisation_changes_nothing(data: dict[str, Any]) -> None:
    """Exact equality: one segment takes every value from the organisation and the mail
    profile (NaN -> the organisation's), and a one-segment timeline uses that segment's own
    values (no weighted mean), so the same floating-point operations run for every option
    the scenario without segments has."""
    plain = project(Batch.of(from_data(data, "plain")))
    users = data["organisation"]["users"]
    one = project(
        Batch.of(from_data({**data, "segments": [{"name": "All", "users": users}]}, "one"))
    )
    assert one.options[:-1] == plain.options
    assert one.mix is not None
    count = len(plain.options)
    for name in ("capital", "operating", "residual"):
        assert np.array_equal(getattr(one, name)[:, :count], getattr(plain, name)), name
    assert plain.costs is not None
    assert one.costs is not None
    assert np.array_equal(one.costs[:, :count], plain.costs)
    assert np.array_equal(one.users, plain.users)
    for key, values in plain.metrics.items():
        assert np.array_equal(one.metrics[key], values), key
    # the best mix is then the cheapest pure option that fits (its own numbers)
    fits = pure_options_that_fit(from_data({**data, "segments": [{"name": "All", "users": users}]}))
    if fits:
        totals = one.total[0].sum(axis=1)
        best = min(totals[o] for o in fits)
        assert abs(one.mix.best.tco - best) <= 1e-9 * max(1.0, abs(best))
        # the Best mix option adds the same lines in another order (per line, then per
        # option): equal to the last bits only
        assert_allclose(one.total[0, -1], one.total[0, one.mix.best.places[0]], rtol=1e-12)
