"""Two segments and two plans, every placement priced by hand, the best mix chosen by hand.

The scenario is the engine hand case (hand_case.py: 100 users, 0% growth, 2 years, 0%
inflation and escalation, cash TCO basis) with downtime off and two segments:

    Floor  60 users, mailbox 1 GB (the mail profile's), growth 0
    Desk   40 users, mailbox 30 GB, growth 0

and two typed-in plans of one Microsoft tenant (attachment 25 MB = the need, no archive):

    Small  2 per user-month, 10 GB mailbox, minimum 1 user     -> Desk (30 GB) does not fit
    Big    5 per user-month, 50 GB mailbox, minimum 100 users

Hybrid: set-up 5,000, directory-sync host 2,000, running 1,000 a year.

In-house part. The in-house part of a subset is the in-house engine on the segments together:
N = sum N_s users with the user-weighted mailbox (docs/fit-segments-paths.md, Segments and hybrid).
Its TCO is taken from the engine's pure in-house option of the equivalent ONE-segment
scenario (the path hand-tested in tests/unit/engine/test_projection_hand_case.py):

    IH(Floor)        = in-house, 60 users, 1 GB
    IH(Desk)         = in-house, 40 users, 30 GB
    IH(Floor + Desk) = in-house, 100 users, (60 x 1 + 40 x 30) / 100 = 12.6 GB

Hosted part, by hand (staff 0.5 FTE per 1,000 users, minimum 0.01, exponent 1, at 100,000
salary + 1,000 training; internet 1 Mbps per 25 users at 10 a month; migration 1,000 fixed +
20 per user; protection and backup 0), two operating years:

    hosted(Floor)    migration 1,000 + 60 x 20 = 2,200; staff 0.03 FTE x 101,000 = 3,030 x 2
                     = 6,060; internet 60 / 25 = 2.4 Mbps x 120 = 288 x 2 = 576     ->  8,836
    hosted(Desk)     1,000 + 40 x 20 = 1,800; 0.02 x 101,000 = 2,020 x 2 = 4,040;
                     1.6 x 120 = 192 x 2 = 384                                       ->  6,224
    hosted(both)     1,000 + 100 x 20 = 3,000; 0.05 x 101,000 = 5,050 x 2 = 10,100;
                     4 x 120 = 480 x 2 = 960                                         -> 14,060

Plan groups, by hand (billed = max(N, minimum) x price x 12 x 2 years):

    Small(Floor)     60 x 2 x 12 x 2                         =  2,880
    Big(Floor)       max(60, 100) = 100 x 5 x 12 x 2          = 12,000
    Big(Desk)        max(40, 100) = 100 x 5 x 12 x 2          = 12,000
    Big(both)        100 x 5 x 12 x 2                          = 12,000
    Small(Desk), Small(both): Desk does not fit Small (30 GB > 10 GB, no archive)

Hybrid (cash basis: the host's residual is not counted): 5,000 + 2,000 + 1,000 x 2 = 9,000.

Every placement (Floor, Desk):

    in-house, in-house   IH(both)                                        = IH(both)
    in-house, Big        IH(Floor) + 6,224 + 12,000 + 9,000               = IH(Floor) + 27,224
    Small,    in-house   IH(Desk) + 8,836 + 2,880 + 9,000                 = IH(Desk) + 20,716
    Big,      in-house   IH(Desk) + 8,836 + 12,000 + 9,000                = IH(Desk) + 29,836
    Small,    Big        14,060 + 2,880 + 12,000                          = 28,940
    Big,      Big        14,060 + 12,000                                  = 26,060
    (in-house, Small), (Small, Small), (Big, Small): Desk does not fit Small

The minimum of 100 users on Big makes grouping both segments on Big (26,060) cheaper than
splitting them (28,940), although Small is the cheaper plan for Floor.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest
from numpy.testing import assert_allclose

from planner.engine.categories import Line
from planner.engine.mix import MixResult, mix_lines, search_best_mix, subset_costs, tco_of
from planner.engine.projection import Projection, project
from planner.engine.scenario_arrays import Batch
from planner.engine.timeline import Timeline
from planner.model.scenario import Scenario
from tests.unit.hand_case import hand_case

IN, SMALL, BIG = 0, 1, 2
FLOOR = {"name": "Floor", "users": 60}
DESK = {"name": "Desk", "users": 40, "mailbox_gb": 30.0}
HYBRID = {"setup_cost": 5000.0, "directory_sync_host_price": 2000.0, "running_per_year": 1000.0}
NO_HYBRID = {"setup_cost": 0.0, "directory_sync_host_price": 0.0, "running_per_year": 0.0}
QUIET = {"include_downtime": False}


def plans(big_minimum: int = 100) -> list[dict[str, Any]]:
    """Small and Big (module docstring)."""
    # a Microsoft tenant: beside in-house Exchange the coexistence is Exchange hybrid
    common = {"provider": "Microsoft", "attachment_mb": 25.0, "sla_pct": 99.9}
    return [
        {**common, "plan": "Small", "price_per_user_month": 2.0, "mailbox_gb": 10.0},
        {
            **common,
            "plan": "Big",
            "price_per_user_month": 5.0,
            "mailbox_gb": 50.0,
            "min_users": big_minimum,
        },
    ]


def two_segments(
    big_minimum: int = 100,
    hybrid: dict[str, float] | None = None,
    desk: dict[str, Any] | None = None,
    finance: dict[str, Any] | None = None,
) -> Scenario:
    """The hand case with Floor and Desk on Small and Big."""
    return hand_case(
        plans=plans(big_minimum),
        segments=[FLOOR, desk or DESK],
        risk=QUIET,
        hybrid=hybrid or HYBRID,
        **({"finance": finance} if finance else {}),
    )


def inhouse_alone(users: int, mailbox_gb: float) -> float:
    """TCO of the pure in-house option of the one-segment hand case (hand-tested path)."""
    one = hand_case(
        organisation={"users": users}, mail={"mailbox_gb": mailbox_gb}, risk=QUIET, hybrid=HYBRID
    )
    return float(project(Batch.of(one)).total[0, 0].sum())


@pytest.fixture(scope="module")
def ih() -> dict[str, float]:
    """IH(Floor), IH(Desk), IH(both) from one-segment scenarios."""
    return {
        "floor": inhouse_alone(60, 1.0),
        "desk": inhouse_alone(40, 30.0),
        "both": inhouse_alone(100, (60 * 1.0 + 40 * 30.0) / 100),
    }


def by_hand(ih: dict[str, float]) -> dict[tuple[int, int], float]:
    """Every placement that fits, priced as in the module docstring."""
    return {
        (IN, IN): ih["both"],
        (IN, BIG): ih["floor"] + 6224 + 12000 + 9000,
        (SMALL, IN): ih["desk"] + 8836 + 2880 + 9000,
        (BIG, IN): ih["desk"] + 8836 + 12000 + 9000,
        (SMALL, BIG): 14060 + 2880 + 12000,
        (BIG, BIG): 14060 + 12000,
    }


def placement_tco(scenario: Scenario, places: tuple[int, ...]) -> float:
    """The engine's TCO of one placement (mix_lines summed)."""
    batch = Batch.of(scenario)
    tl = Timeline.of(batch)
    lines = {k: v.sum(axis=1) for k, v in mix_lines(batch, tl, places).items()}
    return float(tco_of(lines, batch["finance.tco_basis"] == 0)[0])


def mix_of(scenario: Scenario) -> tuple[Projection, MixResult]:
    """The projection and its best mix."""
    projection = project(Batch.of(scenario))
    assert projection.mix is not None
    return projection, projection.mix


class TestInHouseReference:
    def test_one_segment_in_house_is_the_hand_case(self, ih: dict[str, float]) -> None:
        # tests/unit/engine/test_projection_hand_case.py: cash TCO 155,602 with 43,800 x 2 of
        # downtime; downtime off
        assert inhouse_alone(100, 1.0) == pytest.approx(155602 - 2 * 43800)

    def test_in_house_part_equals_the_equivalent_one_segment_scenario(
        self, ih: dict[str, float]
    ) -> None:
        costs = subset_costs(Batch.of(two_segments()), 3)
        # row m holds segment s when bit s is set: 1 = Floor, 2 = Desk, 3 = both
        assert_allclose(costs.inhouse, [0, ih["floor"], ih["desk"], ih["both"]], rtol=1e-12)


class TestEveryPlacement:
    def test_hosted_part_by_hand(self) -> None:
        costs = subset_costs(Batch.of(two_segments()), 3)
        assert_allclose(costs.hosted, [0, 8836, 6224, 14060], atol=1e-6)

    def test_plan_groups_by_hand(self) -> None:
        costs = subset_costs(Batch.of(two_segments()), 3)
        inf = np.inf
        assert_allclose(
            costs.groups, [[0, 0], [2880, 12000], [inf, 12000], [inf, 12000]], atol=1e-6
        )

    def test_hybrid_by_hand(self) -> None:
        assert subset_costs(Batch.of(two_segments()), 3).hybrid == pytest.approx(9000)

    @pytest.mark.parametrize(
        "places", [(IN, IN), (IN, BIG), (SMALL, IN), (BIG, IN), (SMALL, BIG), (BIG, BIG)]
    )
    def test_each_placement(self, ih: dict[str, float], places: tuple[int, int]) -> None:
        assert placement_tco(two_segments(), places) == pytest.approx(by_hand(ih)[places])

    def test_best_mix_chosen_by_hand(self, ih: dict[str, float]) -> None:
        prices = by_hand(ih)
        # by hand: IH(both) is about 68,000 (well above 26,060): Big, Big is the cheapest
        assert min(prices, key=prices.__getitem__) == (BIG, BIG)
        projection, mix = mix_of(two_segments())
        assert mix.best.places == (BIG, BIG)
        assert mix.best.tco == pytest.approx(26060)
        assert mix.best_inhouse is not None
        assert mix.best_inhouse.places == (IN, IN)
        assert mix.best_inhouse.tco == pytest.approx(ih["both"])
        assert mix.best_hosted is not None
        assert mix.best_hosted.places == (BIG, BIG)
        assert mix.place_of(mix.best) == {"Floor": "Microsoft Big", "Desk": "Microsoft Big"}
        assert projection.mix_index == 3
        assert projection.total[0, 3].sum() == pytest.approx(26060)

    def test_pure_options_unchanged_by_the_mix(self, ih: dict[str, float]) -> None:
        projection, _ = mix_of(two_segments())
        # in-house = IH(both); Big carries everyone: 14,060 + 12,000
        assert projection.total[0, 0].sum() == pytest.approx(ih["both"])
        assert projection.total[0, 2].sum() == pytest.approx(26060)


class TestMinimumUsersGroups:
    def test_minimum_makes_grouping_cheaper_than_splitting(self) -> None:
        # Big minimum 100: Small(Floor) + Big(Desk) = 2,880 + 12,000 = 14,880 > Big(both) 12,000
        _, mix = mix_of(two_segments(big_minimum=100))
        assert mix.best.places == (BIG, BIG)
        assert placement_tco(two_segments(), (SMALL, BIG)) == pytest.approx(28940)

    def test_without_the_minimum_splitting_wins(self) -> None:
        # Big minimum 1: Big(Desk) = 40 x 5 x 12 x 2 = 4,800; Big(both) = 12,000
        # Small, Big = 14,060 + 2,880 + 4,800 = 21,740 < Big, Big = 14,060 + 12,000 = 26,060
        _, mix = mix_of(two_segments(big_minimum=1))
        assert mix.best.places == (SMALL, BIG)
        assert mix.best.tco == pytest.approx(21740)
        assert mix.best_hosted is not None
        assert mix.best_hosted.places == (SMALL, BIG)


class TestHybridCostsDecide:
    """Desk may only stay in-house (allowed = ["in-house"]), so the pure options allowed are
    all in-house, and the mixes keep Desk in-house:

        in-house, in-house   IH(both)
        Small, in-house      IH(Desk) + 8,836 + 2,880 + hybrid
        Big, in-house        IH(Desk) + 8,836 + 12,000 + hybrid
    """

    desk_stays: ClassVar[dict[str, Any]] = {**DESK, "allowed": ["in-house"]}

    def test_free_hybrid_lets_the_mix_win(self, ih: dict[str, float]) -> None:
        # hybrid 0: Small, in-house = IH(Desk) + 11,716, below IH(both) (checked here)
        mix_tco = ih["desk"] + 8836 + 2880
        assert mix_tco < ih["both"]
        projection, mix = mix_of(two_segments(hybrid=NO_HYBRID, desk=self.desk_stays))
        assert mix.best.places == (SMALL, IN)
        assert mix.best.is_hybrid
        assert mix.best.tco == pytest.approx(mix_tco)
        assert mix.best_hosted is None  # Desk may not leave
        assert mix.best_inhouse is not None
        assert mix.best_inhouse.places == (IN, IN)
        assert projection.total[0, projection.mix_index].sum() == pytest.approx(mix_tco)

    def test_hybrid_costs_make_the_mix_lose_to_all_in_house(self, ih: dict[str, float]) -> None:
        # hybrid 9,000: Small, in-house = IH(Desk) + 20,716, above IH(both)
        assert ih["desk"] + 8836 + 2880 + 9000 > ih["both"]
        projection, mix = mix_of(two_segments(desk=self.desk_stays))
        assert mix.best.places == (IN, IN)
        assert not mix.best.is_hybrid
        assert mix.best.tco == pytest.approx(ih["both"])
        assert projection.total[0, projection.mix_index].sum() == pytest.approx(ih["both"])


class TestSegmentCosts:
    def test_mix_option_split_by_segment_by_hand(self) -> None:
        # Big, Big: every line is split by users (60 : 40) except hardware and storage (none
        # here); the total of each segment is 60% and 40% of 26,060
        projection, _ = mix_of(two_segments())
        assert projection.segment_costs is not None
        per_segment = projection.segment_costs[0, 3].sum(axis=(1, 2))
        assert_allclose(per_segment, [0.6 * 26060, 0.4 * 26060], atol=1e-6)

    def test_search_is_the_same_function_directly(self) -> None:
        batch = Batch.of(two_segments())
        mix = search_best_mix(batch, 3, "In-house")
        assert mix.placements == 3**2
        assert mix.places == ("In-house", "Microsoft Small", "Microsoft Big")


class TestPlanCapHoldsForTheWholeGroup:
    """Bug found by the property test: the plan-group split let two groups share one plan,
    so two segments each under a plan's cap were placed on it together, over the cap.

    Small has a cap of 60 users; Desk here has a 5 GB mailbox (fits both plans), Big has no
    minimum. Small(Floor + Desk) = 100 users > 60: not allowed. By hand:

        Small, Small   not allowed (100 > 60)      [the old search: 14,060 + 2,880 + 1,920]
        Small, Big     14,060 + 2,880 + 40 x 5 x 12 x 2 = 4,800     = 21,740
        Big,   Small   14,060 + 60 x 5 x 12 x 2 = 7,200 + 1,920     = 23,180
        Big,   Big     14,060 + 100 x 5 x 12 x 2 = 12,000           = 26,060
        (and the in-house placements, each above 30,000 as shown above)
    """

    def scenario(self) -> Scenario:
        capped = plans(big_minimum=1)
        capped[0]["max_users"] = 60
        desk = {**DESK, "mailbox_gb": 5.0}
        return hand_case(plans=capped, segments=[FLOOR, desk], risk=QUIET, hybrid=HYBRID)

    def test_two_segments_never_share_a_plan_over_its_cap(self) -> None:
        _, mix = mix_of(self.scenario())
        assert mix.best.places == (SMALL, BIG)
        assert mix.best.tco == pytest.approx(21740)
        assert placement_tco(self.scenario(), (BIG, SMALL)) == pytest.approx(23180)


class TestNoPlacementFits:
    """Bug found while documenting: when no placement puts every segment where it is allowed
    and fits (here Desk, 30 GB, may only go to Small, 10 GB), the search has no price, yet
    the Best mix option was drawn all in-house (a place Desk may not take) and counted as
    fitting, so it could be named the cheapest option that fits."""

    def scenario(self) -> Scenario:
        desk = {**DESK, "allowed": ["Microsoft Small"]}
        return hand_case(plans=plans(), segments=[FLOOR, desk], risk=QUIET, hybrid=HYBRID)

    def test_best_mix_does_not_fit_and_is_never_the_cheapest_that_fits(self) -> None:
        from planner.engine.summary import summarise

        projection, mix = mix_of(self.scenario())
        assert mix.best.tco == np.inf
        summary = summarise(projection)
        assert not summary.fits[0, projection.mix_index]
        assert summary.cheapest[0] != projection.mix_index

    def test_best_mix_says_why(self) -> None:
        from planner.engine.fit_notes import option_notes

        scenario = self.scenario()
        projection, _ = mix_of(scenario)
        notes = option_notes(projection, scenario.plans, 25.0)
        assert any("no placement" in n for n in notes["Best mix"])


class TestHybridFromAnExistingPlatform:
    """From Exchange 2019 (two servers), the hosted part's migration line, by hand.

    Per mailbox: tool 15 + 0.5 h x 100,000 / 1,760 = 15 + 28.409091 = 43.409091.
    Everyone moves (Floor + Desk, 100 mailboxes): 4,340.9091 + cut-over 3,000 +
    decommissioning 2,000 = 9,340.9091 in year 0; coexistence in year 1; today's hardware sold.
    Only Floor moves (60 mailboxes), Desk stays on the upgraded in-house Exchange:
    2,604.5455 + cut-over 3,000 = 5,604.5455. Nothing is decommissioned (Exchange stays), no
    coexistence is added (the in-house part already runs the servers all year) and nothing is
    sold (bug found while checking: decommissioning and coexistence were charged to a hybrid).
    """

    existing: ClassVar[dict[str, Any]] = {
        "platform": "exchange_2019",
        "servers": 2,
        "server_age_years": 4,
        "storage_tb": 2.0,
        "exchange_server_licences": 2,
        "cals": 100,
        "licences_have_sa": False,
        "hardware_book_value": 4000.0,
        "migration_tool_per_mailbox": 15.0,
        "migration_hours_per_mailbox": 0.5,
        "cutover_cost": 3000.0,
        "decommission_cost": 2000.0,
        "resale_pct_of_book": 25.0,
    }

    def parts(self) -> dict[str, dict[Line, Any]]:
        from planner.engine.mix import hosted_part_lines

        scenario = hand_case(
            plans=plans(), segments=[FLOOR, DESK], risk=QUIET, hybrid=HYBRID, current=self.existing
        )
        batch = Batch.of(scenario)
        tl = Timeline.of(batch)
        floor = tl.part(np.array([True, False]))
        return {
            "all": hosted_part_lines(batch, tl, np.array([False])),
            "floor": hosted_part_lines(batch, floor, np.array([True])),
        }

    def test_everyone_moves(self) -> None:
        lines = self.parts()["all"]
        per_mailbox = 15 + 0.5 * 100000 / 1760
        assert lines[Line("migration", "capital")][0, 0] == pytest.approx(
            100 * per_mailbox + 3000 + 2000
        )
        assert lines[Line("migration", "operating")][0, 1] > 0  # coexistence
        assert lines[Line("migration", "residual")][0, 0] == pytest.approx(-0.25 * 4000)

    def test_a_hybrid_moves_only_its_mailboxes(self) -> None:
        lines = self.parts()["floor"]
        per_mailbox = 15 + 0.5 * 100000 / 1760
        assert lines[Line("migration", "capital")][0, 0] == pytest.approx(60 * per_mailbox + 3000)
        assert_allclose(lines[Line("migration", "operating")][0], 0.0)
        assert_allclose(lines[Line("migration", "residual")][0], 0.0)


class TestPureOptionsRespectAllowed:
    """A pure option puts every segment in one place; when a segment may not go there
    (``allowed``), the option does not fit as is, like a plan whose mailbox is too small, so
    it is never named the cheapest option that fits (found on the segments preset: "Exchange
    Online Plan 1" was named although Executives and legal may not go to it)."""

    def scenario(self) -> Scenario:
        # Floor may not stay in-house; Desk may not go to Big (both fit Big otherwise)
        floor = {**FLOOR, "allowed": ["Microsoft Small", "Microsoft Big"]}
        desk = {**DESK, "mailbox_gb": 5.0, "allowed": ["in-house", "Microsoft Small"]}
        return hand_case(plans=plans(), segments=[floor, desk], risk=QUIET, hybrid=HYBRID)

    def test_fits_follow_allowed(self) -> None:
        from planner.engine.summary import summarise

        projection, mix = mix_of(self.scenario())
        fits = summarise(projection).fits[0]
        # in-house: Floor not allowed; Small: both allowed and fit; Big: Desk not allowed
        assert fits.tolist() == [False, True, False, True]
        # Big carries everyone for 14,060 + 12,000 = 26,060, the cheapest on cost alone, but
        # Desk may not go there; Small, Small = 14,060 + 100 x 2 x 12 x 2 = 4,800 -> 18,860
        assert projection.total[0, 2].sum() == pytest.approx(26060)
        assert mix.best.places == (SMALL, SMALL)
        assert mix.best.tco == pytest.approx(18860)

    def test_notes_name_the_segment(self) -> None:
        from planner.engine.fit_notes import option_notes, plan_notes

        scenario = self.scenario()
        projection, _ = mix_of(scenario)
        notes = plan_notes(projection, scenario.plans, 25.0)
        assert not notes["Microsoft Big"].fits
        assert "segment 'Desk' may not go here" in notes["Microsoft Big"].fit_reason
        assert notes["Microsoft Small"].fits
        everything = option_notes(projection, scenario.plans, 25.0)
        assert any("segment 'Floor' may not go here" in n for n in everything["In-house Exchange"])

    def test_without_allowed_lists_nothing_changes(self) -> None:
        from planner.engine.summary import summarise

        projection, _ = mix_of(two_segments(big_minimum=1))
        assert summarise(projection).fits[0].tolist() == [True, False, True, True]
