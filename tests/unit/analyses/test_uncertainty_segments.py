"""Uncertainty with segments: segment ranges (validation, following, applying), the base
case's best mix kept in every variant, P(best mix cheapest), the tornado and the map.

The hand case: two plans billed 12 x price per user per month, nothing else (no growth,
escalation, migration, staff, links, domain or downtime; in-house priced out by a 100 million
build), 4 years, so a group of N users on a plan at price p costs 48 p N.

    Office:    1,200 users, 30 GB mailboxes: plan A (4 / user-month, 1,000 GB) only, since
               plan B's 10 GB mailbox (no archive) does not hold it
    Frontline:   800 users,  1 GB mailboxes: plan A or plan B (2 / user-month)

    plan A, everyone:      48 x 4 x 2,000            = 384,000
    plan B, everyone:      48 x 2 x 2,000            = 192,000, but it does not fit Office
    best mix:  Office on A 48 x 4 x 1,200 = 230,400; Frontline on B 48 x 2 x 800 = 76,800;
               together 307,200, the cheapest option that fits
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import planner.analyses.simulation as simulation_module
from planner.analyses.breakeven_map import breakeven_map
from planner.analyses.placement import placement_fits
from planner.analyses.sensitivity import tornado
from planner.analyses.simulation import simulate
from planner.analyses.uncertainty import (
    apply,
    base_mix_places,
    inert_inputs,
    resolve,
    with_organisation_users,
)
from planner.engine.mix import MIX_LABEL
from planner.engine.projection import project, project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.errors import ScenarioValueError
from planner.model.defaults import preset_files
from planner.model.files import from_data, load_scenario
from planner.model.ranges import Range, segment_number_fields
from planner.model.scenario import Scenario

PLAN = {"attachment_mb": 150, "sla_pct": 99.9, "archive_gb": 0, "min_users": 1}
OFFICE, FRONTLINE = 0, 1
PLAN_A, PLAN_B = 1, 2  # option (and place) indices: 0 in-house, 1 plan A, 2 plan B
MIX = 3
A_PER_USER = 48 * 4.0  # 4 years x 12 months x 4
B_PER_USER = 48 * 2.0


def segment(name: str, users: int, mailbox_gb: float, **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "users": users,
        "growth_pct_per_year": 0.0,
        "mailbox_gb": mailbox_gb,
        "mailbox_growth_gb_per_year": 0.0,
        **more,
    }


def hand_case(ranges: list[dict[str, Any]] = (), **plan_b: Any) -> Scenario:  # type: ignore[assignment]
    """The module's hand case, with these ranges (and plan B's fields changed)."""
    return from_data(
        {
            "name": "two segments",
            "organisation": {"users": 2000, "growth_pct_per_year": 0.0, "horizon_years": 4},
            "mail": {"mailbox_growth_gb_per_year": 0.0},
            "hosted": {
                "migration_per_user": 0.0,
                "migration_fixed": 0.0,
                "price_escalation_pct_per_year": 0.0,
            },
            "staff": {"hosted_fte_per_1000_users": 0.0, "hosted_fte_minimum": 0.0},
            "connectivity": {"price_per_mbps_month": 0.0},
            "risk": {"include_downtime": False},
            "inhouse": {
                "build": {"cost_fixed": 1e8},
                "internet": {"dns_hosting_per_year": 0.0, "dmarc_monitoring_per_year": 0.0},
            },
            "plans": [
                {
                    "provider": "P",
                    "plan": "A",
                    "price_per_user_month": 4.0,
                    "mailbox_gb": 1000,
                    **PLAN,
                },
                {
                    "provider": "P",
                    "plan": "B",
                    "price_per_user_month": 2.0,
                    "mailbox_gb": 10,
                    **PLAN,
                    **plan_b,
                },
            ],
            "segments": [segment("Office", 1200, 30.0), segment("Frontline", 800, 1.0)],
            "uncertainty": {"ranges": list(ranges)},
        }
    )


def users_range(low: float, mode: float, high: float, name: str = "Frontline") -> dict[str, Any]:
    return {"field": "segments.users", "segment": name, "low": low, "mode": mode, "high": high}


# ---------------------------------------------------------------------------
# The hand case itself
# ---------------------------------------------------------------------------


def test_the_hand_case_prices_as_worked_by_hand() -> None:
    s = hand_case()
    summary = summarise(project_scenario(s))
    assert summary.options[MIX] == MIX_LABEL
    assert summary.tco[0, PLAN_A] == pytest.approx(384_000, abs=1e-6)
    assert summary.tco[0, PLAN_B] == pytest.approx(192_000, abs=1e-6)
    assert not summary.fits[0, PLAN_B]  # Office's 30 GB outgrow plan B's 10 GB
    assert summary.tco[0, MIX] == pytest.approx(230_400 + 76_800, abs=1e-6)
    assert summary.cheapest[0] == MIX
    assert base_mix_places(s) == (PLAN_A, PLAN_B)


# ---------------------------------------------------------------------------
# Ranges on segments: the model, resolving and applying
# ---------------------------------------------------------------------------


class TestSegmentRanges:
    def test_every_segment_number_field_can_take_a_range(self) -> None:
        assert set(segment_number_fields()) == {
            "segments.users",
            "segments.share_pct",
            "segments.growth_pct_per_year",
            "segments.mailbox_gb",
            "segments.mailbox_growth_gb_per_year",
            "segments.mailbox_quota_gb",
            "segments.messages_per_user_day",
            "segments.attachment_mb_needed",
            "segments.working_hours_share_pct",
        }

    def test_a_segment_range_resolves_to_its_column_and_value(self) -> None:
        s = hand_case([users_range(600, 800, 1000)])
        (item,) = resolve(s)
        assert item.key == "segments.users[Frontline]"
        assert item.segment_index == FRONTLINE
        assert item.current == 800
        assert item.integer
        assert item.target.segment == "Frontline"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"field": "segments.users", "low": 1, "mode": 2, "high": 3},
                'segments.users needs segment = "<segment name>"',
            ),
            (
                {"field": "segments.user", "segment": "Office", "low": 1, "mode": 2, "high": 3},
                "'segments.user' is not a number field of a segment; segment fields: "
                "segments.users, segments.share_pct",
            ),
            (
                {
                    "field": "organisation.users",
                    "segment": "Office",
                    "low": 1,
                    "mode": 2,
                    "high": 3,
                },
                "segment = 'Office' is only for segments.* fields, not organisation.users",
            ),
            (
                {
                    "field": "segments.mailbox_gb",
                    "segment": "Office",
                    "plan": "P A",
                    "low": 1,
                    "mode": 2,
                    "high": 3,
                },
                "plan = 'P A' is only for plans.* fields, not segments.mailbox_gb",
            ),
            (
                {"field": "segments.users", "segment": "Office", "low": 0.5, "mode": 2, "high": 3},
                "segments.users[Office] takes whole numbers only",
            ),
            (
                {
                    "field": "segments.mailbox_gb",
                    "segment": "Office",
                    "low": 0,
                    "mode": 2,
                    "high": 3,
                },
                "outside segments.mailbox_gb[Office], which allows a number from 0.01 to 2,000",
            ),
        ],
    )
    def test_a_bad_segment_range_is_refused_with_its_reason(
        self, data: dict[str, Any], message: str
    ) -> None:
        with pytest.raises(ValueError, match=re.escape(message)):
            Range.model_validate(data)

    def test_an_unknown_segment_names_the_segments_there_are(self) -> None:
        s = hand_case([users_range(600, 800, 1000, name="Sales")])
        with pytest.raises(ScenarioValueError) as info:
            resolve(s)
        assert info.value.problems == [
            "uncertainty.ranges[0] (segments.users[Sales]): no segment named 'Sales'; "
            "segments: Office, Frontline"
        ]

    def test_a_segment_range_on_a_scenario_without_segments_says_there_are_none(self) -> None:
        s = load_scenario(preset_files()["default"])
        data = s.to_data()
        data["uncertainty"]["ranges"] = [users_range(1, 2, 3, name="Office")]
        with pytest.raises(ScenarioValueError) as info:
            resolve(from_data(data))
        assert "no segment named 'Office'; segments: none" in info.value.problems[0]

    def test_a_users_range_on_a_share_segment_points_to_share_pct(self) -> None:
        s = load_scenario(preset_files()["segments_hybrid"])
        data = s.to_data()
        data["uncertainty"]["ranges"] = [users_range(400, 480, 600, name="Office")]
        with pytest.raises(ScenarioValueError) as info:
            resolve(from_data(data))
        (problem,) = info.value.problems
        assert problem == (
            "uncertainty.ranges[0] (segments.users[Office]): segment 'Office' does not set "
            "users; it is given by share_pct: put the range on segments.share_pct"
        )

    def test_a_range_on_a_value_the_segment_takes_from_the_profile_is_refused(self) -> None:
        data = hand_case().to_data()
        del data["segments"][1]["mailbox_gb"]
        data["uncertainty"]["ranges"] = [
            {"field": "segments.mailbox_gb", "segment": "Frontline", "low": 1, "mode": 2, "high": 3}
        ]
        with pytest.raises(ScenarioValueError) as info:
            resolve(from_data(data))
        assert info.value.problems == [
            "uncertainty.ranges[0] (segments.mailbox_gb[Frontline]): segment 'Frontline' does "
            "not set mailbox_gb; it takes the organisation's or the mail profile's value: set "
            "mailbox_gb on the segment to give it a range"
        ]

    def test_a_segment_range_follows_the_segments_value(self) -> None:
        """Mode 700, value 800: scaled by 800 / 700: low 600 x 8/7 = 685.7 -> 685 (down),
        high 1,000 x 8/7 = 1,142.9 -> 1,143 (up)."""
        s = hand_case([{**users_range(600, 700, 1000), "pinned": False}])
        (r,) = s.uncertainty.ranges
        assert (r.low, r.mode, r.high) == (685, 800, 1143)
        assert r.segment == "Frontline"

    def test_a_range_keeps_its_segment_through_save_and_load(self, tmp_path: Any) -> None:
        from planner.model.files import save_scenario

        s = hand_case([users_range(600, 800, 1000)])
        again = load_scenario(save_scenario(s, tmp_path / "s.toml"))
        assert again.uncertainty == s.uncertainty

    def test_apply_sets_only_that_segments_column(self) -> None:
        s = hand_case([users_range(600, 800, 1000)])
        inputs = resolve(s)
        batch = apply(Batch.of(s).repeat(3), inputs, np.array([[600.0, 800.0, 1000.0]]))
        assert_array_equal(batch.segments["users"][:, OFFICE], [1200, 1200, 1200])
        assert_array_equal(batch.segments["users"][:, FRONTLINE], [600, 800, 1000])
        assert_array_equal(batch["organisation.users"], [2000, 2000, 2000])

    def test_organisation_users_scale_the_segments_given_in_users(self) -> None:
        """3,000 users for 2,000: Office 1,200 x 1.5 = 1,800, Frontline 800 x 1.5 = 1,200;
        1,001: Office 1,200 x 0.5005 = 600.6 -> 601, Frontline 400.4 -> 400."""
        batch = Batch.of(hand_case()).repeat(2)
        scaled = with_organisation_users(batch, np.array([3000.0, 1001.0]))
        assert_array_equal(scaled, [[1800, 1200], [601, 400]])

    def test_a_segment_range_wins_over_the_organisations_users(self) -> None:
        s = hand_case(
            [
                {
                    "field": "organisation.users",
                    "low": 3000,
                    "mode": 3000,
                    "high": 3000,
                    "pinned": True,
                },
                users_range(500, 500, 500),
            ]
        )
        batch = apply(Batch.of(s), resolve(s), np.array([[3000.0], [500.0]]))
        assert_array_equal(batch.segments["users"], [[1800, 500]])

    def test_inert_organisation_ranges_are_named(self) -> None:
        s = hand_case(
            [{"field": "organisation.growth_pct_per_year", "low": 0, "mode": 0, "high": 5}]
        )
        ((item, own),) = inert_inputs(s, resolve(s))
        assert item.key == "organisation.growth_pct_per_year"
        assert own == "growth_pct_per_year"


# ---------------------------------------------------------------------------
# The Monte Carlo keeps the base case's placement
# ---------------------------------------------------------------------------


class TestSimulationWithSegments:
    def test_a_collapsed_segment_range_gives_the_deterministic_run_exactly(self) -> None:
        s = hand_case([users_range(800, 800, 800)])
        sim = simulate(s, draws=30, seed=2, chunk_size=7)
        plan = summarise(project_scenario(s))
        assert_array_equal(sim.tco, np.repeat(plan.tco, 30, axis=0))
        assert_array_equal(sim.fits, np.repeat(plan.fits, 30, axis=0))
        assert sim.mix_index == MIX
        assert sim.mix_places == (PLAN_A, PLAN_B)
        assert sim.placement == (("Office", "P A"), ("Frontline", "P B"))
        assert sim.p_mix_cheapest == 1.0

    def test_a_range_on_one_segments_users_moves_only_that_segment(self) -> None:
        """Draw n of Frontline's users: plan A = 192 x (1,200 + n); best mix = 230,400 +
        96 n (Office on A unchanged); plan B = 96 x (1,200 + n)."""
        s = hand_case([users_range(400, 800, 1600)])
        sim = simulate(s, draws=500, seed=5)
        n = sim.samples[0]
        assert n.min() >= 400
        assert n.max() <= 1600
        assert np.unique(n).size > 50
        assert_allclose(sim.tco[:, PLAN_A], A_PER_USER * (1200 + n), rtol=1e-12)
        assert_allclose(sim.tco[:, PLAN_B], B_PER_USER * (1200 + n), rtol=1e-12)
        assert_allclose(sim.tco[:, MIX], A_PER_USER * 1200 + B_PER_USER * n, rtol=1e-12)
        assert sim.p_mix_cheapest == 1.0

    def test_the_placement_is_searched_once_on_the_base_case(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seen: list[tuple[int, ...] | None] = []
        real = simulation_module.project

        def spy(batch: Batch, *args: Any, **kwargs: Any) -> Any:
            seen.append(kwargs.get("mix_places"))
            return real(batch, *args, **kwargs)

        monkeypatch.setattr(simulation_module, "project", spy)
        simulate(hand_case([users_range(400, 800, 1600)]), draws=50, seed=1, chunk_size=20)
        assert seen == [(PLAN_A, PLAN_B)] * 3  # three chunks, each on the base placement

    def test_variants_keep_the_base_placement_even_when_another_would_be_cheaper(self) -> None:
        """Plan B's price drawn on [1, 7]: a new search would move Frontline to plan A once
        B costs more than 4; the kept mix costs 230,400 + 38,400 x price_B and is the
        cheapest option that fits exactly when it is at most plan A's 384,000, that is when
        price_B <= 4."""
        price = {
            "field": "plans.price_per_user_month",
            "plan": "P B",
            "low": 1,
            "mode": 2,
            "high": 7,
            "pinned": True,
            "shape": "triangular",
        }
        s = hand_case([price])
        sim = simulate(s, draws=2000, seed=9)
        p_b = sim.samples[0]
        assert_allclose(sim.tco[:, MIX], 230_400 + 38_400 * p_b, rtol=1e-12)
        assert (p_b > 4).any()
        assert (p_b <= 4).any()
        assert sim.p_mix_cheapest == pytest.approx(float((p_b <= 4).mean()), abs=0)
        assert sim.p_cheapest[PLAN_A] == pytest.approx(float((p_b > 4).mean()), abs=0)

    def test_the_mix_does_not_fit_a_draw_its_plan_cannot_hold(self) -> None:
        """Frontline's mailbox drawn on [5, 15] GB: on plan B (10 GB, no archive) the kept
        mix fits only the draws at or below 10 GB; in the others no option but plan A (and
        in-house) fits, so plan A is the cheapest."""
        mailbox = {
            "field": "segments.mailbox_gb",
            "segment": "Frontline",
            "low": 5,
            "mode": 10,
            "high": 15,
            "pinned": True,
        }
        s = hand_case([mailbox])
        sim = simulate(s, draws=1000, seed=4)
        small = sim.samples[0] <= 10
        assert small.any()
        assert (~small).any()
        assert_array_equal(sim.fits[:, MIX], small)
        assert sim.p_mix_cheapest == pytest.approx(float(small.mean()), abs=0)
        assert_array_equal(sim.cheapest, np.where(small, MIX, PLAN_A))

    def test_placement_fits_checks_each_plan_group_and_its_cap(self) -> None:
        """Plan B capped at 900 users: Frontline's 800 fit, 1,000 do not."""
        s = hand_case(max_users=900)
        batch = Batch.of(s).repeat(2).replace(segments={"users": [[1200, 800], [1200, 1000]]})
        assert_array_equal(placement_fits(batch, (PLAN_A, PLAN_B)), [True, False])
        assert_array_equal(placement_fits(batch, (PLAN_A, PLAN_A)), [True, True])
        assert_array_equal(placement_fits(batch, (0, 0)), [True, True])

    def test_a_scenario_without_segments_has_no_mix_chance(self) -> None:
        sim = simulate(load_scenario(preset_files()["default"]), draws=20, seed=1)
        assert sim.mix_index is None
        assert sim.mix_places is None
        assert sim.p_mix_cheapest is None
        assert sim.placement == ()


# ---------------------------------------------------------------------------
# Tornado and map
# ---------------------------------------------------------------------------


def test_the_tornado_measures_against_the_best_mix_on_its_placement() -> None:
    """D = in-house - best mix; Frontline's users 400 / 1,600 move the mix by 96 per user
    and in-house (the 100 million build plus a server line) by its own amount."""
    s = hand_case([users_range(400, 800, 1600)])
    t = tornado(s)
    assert t.reference == MIX_LABEL
    (bar,) = t.bars
    summary_low = summarise(
        project(
            apply(Batch.of(s), resolve(s), np.array([[400.0]])),
            detail=False,
            mix_places=(PLAN_A, PLAN_B),
        )
    )
    assert bar.at_low == pytest.approx(summary_low.tco[0, 0] - (230_400 + 96 * 400), rel=1e-12)


def test_the_map_scales_the_segments_with_the_users_axis_and_keeps_the_placement() -> None:
    """Users 1,000 / 2,000 / 4,000 (Office 60%, Frontline 40%), 4 years: plan A = 192 N;
    mix = 192 x 0.6 N + 96 x 0.4 N = 153.6 N."""
    m = breakeven_map(hand_case(), x_values=[1000, 2000, 4000], y_values=[4])
    n = np.array([1000.0, 2000.0, 4000.0])
    assert_allclose(m.tco[0, :, PLAN_A], 192 * n, rtol=1e-12)
    assert_allclose(m.tco[0, :, MIX], 153.6 * n, rtol=1e-12)
    assert_array_equal(m.cheapest[0], [MIX, MIX, MIX])


# ---------------------------------------------------------------------------
# The preset
# ---------------------------------------------------------------------------


def test_the_segments_preset_varies_office_and_the_executives_mailbox() -> None:
    s = load_scenario(preset_files()["segments_hybrid"])
    keys = {item.key: item for item in resolve(s)}
    assert keys["segments.share_pct[Office]"].current == 40.0
    assert keys["segments.mailbox_gb[Executives and legal]"].current == 40.0
    assert keys["segments.growth_pct_per_year[Frontline]"].current == 6.0
    assert inert_inputs(s, tuple(keys.values())) == ()


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

HAND = hand_case([users_range(1, 800, 100_000)])
HAND_INPUTS = resolve(HAND)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=6))
def test_any_frontline_headcount_prices_the_kept_mix_by_hand(counts: list[int]) -> None:
    """Whatever Frontline's users n, on the kept placement: mix = 230,400 + 96 n, plan A =
    192 (1,200 + n), and Office's column never moves."""
    n = np.array(counts, dtype=np.float64)
    batch = apply(Batch.of(HAND).repeat(n.size), HAND_INPUTS, n[None, :])
    assert_array_equal(batch.segments["users"][:, OFFICE], np.full(n.size, 1200.0))
    summary = summarise(project(batch, detail=False, mix_places=(PLAN_A, PLAN_B)))
    assert_allclose(summary.tco[:, MIX], 230_400 + B_PER_USER * n, rtol=1e-12)
    assert_allclose(summary.tco[:, PLAN_A], A_PER_USER * (1200 + n), rtol=1e-12)


def test_a_hybrid_best_mix_collapsed_to_a_point_is_the_deterministic_run() -> None:
    """The preset with the executives kept in-house: the best mix is a hybrid (in-house part,
    hosted part, hybrid lines); every range pinned to its value gives the plan exactly, and
    P(best mix cheapest) is what the plan says."""
    data = load_scenario(preset_files()["segments_hybrid"]).to_data()
    data["segments"][2]["allowed"] = ["in-house"]
    s = from_data(data)
    places = base_mix_places(s)
    assert places is not None
    assert places[2] == 0
    assert any(p != 0 for p in places)
    pinned = [
        {**r.model_dump(exclude_none=True), "low": r.mode, "high": r.mode}
        for r in s.uncertainty.ranges
    ]
    data["uncertainty"]["ranges"] = pinned
    point = from_data(data)
    sim = simulate(point, draws=12, seed=3, chunk_size=5)
    plan = summarise(project_scenario(point))
    assert_array_equal(sim.tco, np.repeat(plan.tco, 12, axis=0))
    assert sim.mix_places == places
    # A pure option that puts the executives on a plan their allowed list forbids does not
    # fit (docs/fit-segments-paths.md, Pure options), so the hybrid is the cheapest option
    # that fits, every draw.
    mix = plan.tco[0, -1]
    cheapest_fitting = plan.tco[0][plan.fits[0]].min()
    assert mix == cheapest_fitting
    assert not plan.fits[0, 5]  # Exchange Online Plan 1 would put the executives there
    assert sim.p_mix_cheapest == 1.0
