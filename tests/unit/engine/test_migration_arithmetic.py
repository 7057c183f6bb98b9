"""The move's cost follows the transfer arithmetic: coexistence lasts at least the transfer
time plus a buffer, the in-house administrators are paid while both platforms run, and
public folders, PST files and a legacy archive add data and project costs.

Hand case from Exchange 2019 (tests/unit/test_existing_platform.py): 100 mailboxes x 1 GB,
old platform 3,386 a year, 0.1 in-house FTE at 100,000, move project 11,500.
Link: 2 Mbps x 50% x 86,400 / 8 / 1,000 = 10.8 GB a day (the provider ingests 500).
Extras: public folders 20 GB + PST 11.2 GB uploaded + archive 20 GB = 51.2 GB.
Data: 100 + 51.2 = 151.2 GB / 10.8 = 14 days = 2 weeks; + buffer 4.5 = 6.5 weeks, more
than the 1 week entered -> 6.5 / 52 = 0.125 of a year.
Coexistence (year 1): 0.125 x (3,386 + 100% x 0.1 x 100,000) = 423.25 + 1,250 = 1,673.25.
Project (year 0): 11,500 + public-folder project 3,000 + archive 20 GB x 1.5 = 30 -> 14,530.
PST shipped on drives instead: 11.2 GB x 2 = 22.4 more in the project, and 140 GB / 10.8 =
12.963 days = 1.8519 weeks + 4.5 = 6.3519 weeks -> 6.3519 / 52 x 13,386 = 1,635.1.
"""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.migration import migration_plan_of, plan_migration
from planner.engine.projection import project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from tests.unit.engine.test_platform_paths import CURRENT
from tests.unit.hand_case import hand_case

MOVE = {
    **CURRENT,
    "bandwidth_mbps": 2.0,
    "usable_bandwidth_pct": 50.0,
    "coexistence_weeks": 1.0,
    "coexistence_buffer_weeks": 4.5,
    "coexistence_admin_share_pct": 100.0,
    "public_folders_gb": 20.0,
    "public_folder_project_cost": 3000.0,
    "pst_gb": 11.2,
    "pst_by_drive_shipping": False,
    "pst_drive_shipping_per_gb": 2.0,
    "legacy_archive_gb": 20.0,
    "legacy_archive_migration_per_gb": 1.5,
}


def migration(**fields: object):  # type: ignore[no-untyped-def]
    p = project_scenario(hand_case(current={**MOVE, **fields}))
    capital = p.costs[0, 1, LINE_INDEX[Line("migration", "capital")]]
    operating = p.costs[0, 1, LINE_INDEX[Line("migration", "operating")]]
    return p, capital, operating


class TestCoexistenceFromTransferDays:
    def test_the_plan_takes_the_transfer_plus_the_buffer(self) -> None:
        plan = migration_plan_of(Batch.of(hand_case(current=MOVE)))
        assert plan.data_gb == pytest.approx(151.2)
        assert plan.transfer_days == pytest.approx(14.0)
        assert plan.coexistence_weeks == pytest.approx(6.5)
        assert plan.sentence().endswith(
            "plan for 6.5 weeks of coexistence (the transfer plus a 4.5-week buffer)"
        )
        assert "(51 GB of it public folders, PST files or archives)" in plan.sentence()

    def test_the_weeks_entered_win_when_longer(self) -> None:
        """10 weeks entered > 6.5 needed: 10 / 52 x 13,386 = 2,574.23."""
        _, _, operating = migration(coexistence_weeks=10.0)
        assert_allclose(operating, [0, 10 / 52 * 13386, 0])

    def test_five_thousand_mailboxes_over_100_mbps(self) -> None:
        """5,000 x 15 GB = 75,000 GB / 756 GB a day = 99.2 days = 14.17 weeks + 2 = 16.17
        weeks, not the 6 entered."""
        plan = plan_migration(5000, 15.0, 100, 70, 1000, 6, buffer_weeks=2)
        assert plan.transfer_days == pytest.approx(75000 / 756)
        assert plan.coexistence_weeks == pytest.approx(75000 / 756 / 7 + 2)


class TestCostedOnEveryMove:
    def test_move_now(self) -> None:
        _, capital, operating = migration()
        assert_allclose(capital, [14530, 0, 0])
        assert_allclose(operating, [0, 1673.25, 0])

    def test_administrators_share(self) -> None:
        """50%: 0.125 x (3,386 + 0.5 x 10,000) = 423.25 + 625 = 1,048.25."""
        _, _, operating = migration(coexistence_admin_share_pct=50.0)
        assert_allclose(operating, [0, 1048.25, 0])

    def test_pst_shipped_on_drives(self) -> None:
        _, capital, operating = migration(pst_by_drive_shipping=True)
        assert_allclose(capital, [14552.4, 0, 0])
        assert_allclose(operating, [0, (140 / 10.8 / 7 + 4.5) / 52 * 13386, 0])

    def test_the_stay_paths_forced_move(self) -> None:
        """Moved after year 1 (no growth, no inflation): the project 14,530 in year 1,
        coexistence 1,673.25 in year 2."""
        p, _, _ = migration()
        stay = p.stay_index
        assert stay is not None
        assert_allclose(p.costs[0, stay, LINE_INDEX[Line("migration", "capital")]], [0, 14530, 0])
        assert_allclose(
            p.costs[0, stay, LINE_INDEX[Line("migration", "operating")]], [0, 0, 1673.25]
        )

    def test_no_public_folders_no_project(self) -> None:
        _, capital, _ = migration(public_folders_gb=0.0)
        assert capital[0] == pytest.approx(11530)

    def test_the_upgrade_in_place_pays_none_of_it(self) -> None:
        base = summarise(project_scenario(hand_case(current=CURRENT)))
        p, _, _ = migration()
        assert summarise(p).tco[0, 0] == pytest.approx(base.tco[0, 0])
