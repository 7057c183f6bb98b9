"""The whole engine against one scenario worked by hand (see hand_case.py for the inputs).

In-house, year 0 (upfront):
    hardware      1 server x 10,000                                   = 10,000
    storage       0.214 TB needed -> one 1 TB step x 100              =    100
    licences      1 x (700 Exchange + 1,000 Windows 16 cores)
                  + 100 users x (80 CAL + 40 Windows CAL)             = 13,700
    one-time      5,000 + 100 x 10                                    =  6,000   -> 29,800
In-house, years 1 and 2:
    licences      25% x 13,700                                        =  3,425
    operations    500 W x 8,760 h / 1000 x PUE 2 x 0.10 = 876, + space 1,000 + monitoring 500
                  + maintenance 10% x (10,000 + 100) = 1,010           =  3,386
    expertise     max(0.1, 100/1000 x 1.0) = 0.1 FTE x (100,000 + 1,000) = 10,100
    protection    100 x 10 + 1 server x 200                           =  1,200
    connectivity  100 x 50% / 25 = 2 Mbps x 10 x 12                   =    240
    downtime      (1 - 99.5%) x 8,760 = 43.8 h x 10 per user-hour x 100 = 43,800
    upgrades      year 2 only: 1,000 + 5 x 100                        =  1,500 (capital)
    -> year 1 62,151; year 2 63,651; cash TCO 155,602
    residual at year 2: (1 - 2/5) x (10,000 + 100) = 6,060, and the whole upgrade of year 2
    (it serves years 3-4, past the horizon) 1,500 -> net TCO 148,042
    (the hand case has no warranty and pays Software Assurance on Windows too)
Hosted "Test Host" (5 per user-month, SLA 99.9%):
    year 0        migration 1,000 + 100 x 20                          =  3,000 (capital)
    years 1, 2    100 x 5 x 12 = 6,000; 0.05 FTE x 101,000 = 5,050;
                  100/25 = 4 Mbps x 120 = 480; 0.1% x 8,760 = 8.76 h x 10 x 100 = 8,760 -> 20,290
    TCO 43,580
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from tests.unit.hand_case import hand_case


@pytest.fixture(scope="module")
def projection():  # type: ignore[no-untyped-def]
    return project_scenario(hand_case())


def line(projection, category: str, kind: str, option: int = 0) -> np.ndarray:  # type: ignore[no-untyped-def]
    return projection.costs[0, option, LINE_INDEX[Line(category, kind)]]


class TestInHouseHandCase:
    def test_sizing_quantities(self, projection) -> None:  # type: ignore[no-untyped-def]
        m = {k: v[0] for k, v in projection.metrics.items()}
        on_disk_mb = 1024 + 100 * 75 / 1024 + 100 * 75 / 1024 * 14 + 1024 * (0.012 + 0.058)
        assert on_disk_mb == pytest.approx(1205.543, abs=1e-3)
        db_gb = 100 * on_disk_mb / 1024 * 1.2  # 141.27 GB
        log_gb = 100 * (100 * 0.2) * 3 / 1024  # 5.86 GB
        copy_gb = (db_gb * 1.2 + log_gb) / 0.8  # 219.24 GB
        assert_allclose(m["mailbox_on_disk_gb"][1:], on_disk_mb / 1024)
        assert_allclose(m["database_copy_gb"][1:], db_gb)
        assert_allclose(m["storage_need_tb"][1:], copy_gb / 1024)
        assert_allclose(m["storage_installed_tb"][1:], 1.0)
        assert_allclose(m["servers_needed"][1:], 1.0)
        assert_allclose(m["servers_installed"], [0, 1, 1])
        assert_allclose(m["users"], [100, 100, 100])

    @pytest.mark.parametrize(
        ("category", "kind", "expected"),
        [
            ("hardware", "capital", [10000, 0, 0]),
            ("storage", "capital", [100, 0, 0]),
            ("licences", "capital", [13700, 0, 0]),
            ("one_time", "capital", [6000, 0, 0]),
            ("licences", "operating", [0, 3425, 3425]),
            ("operations", "operating", [0, 3386, 3386]),
            ("expertise", "operating", [0, 10100, 10100]),
            ("protection", "operating", [0, 1200, 1200]),
            ("connectivity", "operating", [0, 240, 240]),
            ("downtime_risk", "operating", [0, 43800, 43800]),
            ("upgrades", "capital", [0, 0, 1500]),
            ("upgrades", "residual", [0, 0, -1500]),
            ("disaster_recovery", "operating", [0, 0, 0]),
            ("hardware", "residual", [0, 0, -6000]),
            ("storage", "residual", [0, 0, -60]),
        ],
    )
    def test_each_line(self, projection, category, kind, expected) -> None:  # type: ignore[no-untyped-def]
        assert_allclose(line(projection, category, kind), expected, atol=1e-6)

    def test_totals_and_summary(self, projection) -> None:  # type: ignore[no-untyped-def]
        s = summarise(projection)
        assert_allclose(projection.total_cash[0, 0], [29800, 62151, 63651], atol=1e-6)
        assert s.tco[0, 0] == pytest.approx(155602)  # cash basis in the hand case
        assert s.tco_cash[0, 0] == pytest.approx(155602)
        # residual: hardware 6,060 + the year-2 upgrade, which serves years 3-4 only: 1,500
        assert s.residual_value[0, 0] == pytest.approx(6060 + 1500)
        assert s.capex[0, 0] == pytest.approx(29800 + 1500)  # the upgrade is a project
        assert s.opex[0, 0] == pytest.approx(62151 + 63651 - 1500)
        # NPV at 10%: 29,800 + 62,151 / 1.1 + 63,651 / 1.21 = 138,905.04
        assert s.npv[0, 0] == pytest.approx(138905.04, abs=0.01)
        # per user-month: 155,602 / (12 x (100 + 100)) = 64.834
        assert s.cost_per_user_month[0, 0] == pytest.approx(64.834, abs=1e-3)

    def test_net_of_residual_basis_subtracts_residual_value(self) -> None:
        s = summarise(project_scenario(hand_case(finance={"tco_basis": "net_of_residual"})))
        assert s.tco[0, 0] == pytest.approx(155602 - 6060 - 1500)
        assert s.tco_cash[0, 0] == pytest.approx(155602)


class TestHostedHandCase:
    @pytest.mark.parametrize(
        ("category", "kind", "expected"),
        [
            ("licences", "operating", [0, 6000, 6000]),
            ("expertise", "operating", [0, 5050, 5050]),
            ("connectivity", "operating", [0, 480, 480]),
            ("downtime_risk", "operating", [0, 8760, 8760]),
            ("one_time", "capital", [3000, 0, 0]),
            ("storage", "operating", [0, 0, 0]),
        ],
    )
    def test_each_line(self, projection, category, kind, expected) -> None:  # type: ignore[no-untyped-def]
        assert_allclose(line(projection, category, kind, option=1), expected, atol=1e-6)

    def test_summary(self, projection) -> None:  # type: ignore[no-untyped-def]
        s = summarise(projection)
        assert s.tco[0, 1] == pytest.approx(43580)
        # NPV: 3,000 + 20,290 / 1.1 + 20,290 / 1.21 = 38,214.05
        assert s.npv[0, 1] == pytest.approx(38214.05, abs=0.01)
        assert s.cost_per_user_month[0, 1] == pytest.approx(43580 / 2400)
        # in-house cumulative 29,800 / 91,951 / 155,602 never reaches hosted 3,000 / 23,290 /
        # 43,580: no break-even
        assert np.isnan(s.breakeven_year[0, 1])
        assert int(s.cheapest[0]) == 1


class TestVariationsByHand:
    def test_backup_only_adds_backup_software_and_disk(self) -> None:
        """Backup: 1 server x 580/year, backup disk 1 x one copy (0.214 TB) -> one 1 TB step.

        DR capital year 0 = 100 (disk); DR operating = 580 + maintenance 10% x 100 = 590.
        """
        p = project_scenario(
            hand_case(
                inhouse={
                    **_inhouse(),
                    "disaster_recovery": {
                        "level": "backup_only",
                        "backup_per_server_year": 580.0,
                        "backup_storage_ratio": 1.0,
                    },
                }
            )
        )
        assert_allclose(line(p, "disaster_recovery", "capital"), [100, 0, 0])
        assert_allclose(line(p, "disaster_recovery", "operating"), [0, 590, 590])

    def test_hot_site_doubles_servers_disk_and_server_licences(self) -> None:
        """Hot site at 100%: 1 more server (10,000), 1 TB (100), backup disk 1 TB (100),
        licences 1,700 -> DR capital 11,900 in year 0."""
        p = project_scenario(
            hand_case(
                inhouse={
                    **_inhouse(),
                    "disaster_recovery": {
                        "level": "hot_site",
                        "hot_site_share_pct": 100.0,
                        "backup_per_server_year": 0.0,
                        "backup_storage_ratio": 1.0,
                        "availability_hot_site_pct": 99.99,
                    },
                }
            )
        )
        assert_allclose(line(p, "disaster_recovery", "capital"), [11900, 0, 0])
        # downtime: 0.01% x 8,760 = 0.876 h x 10 per user-hour x 100 users
        assert_allclose(line(p, "downtime_risk", "operating"), [0, 876, 876])

    def test_enterprise_edition_and_enterprise_cals(self) -> None:
        """Enterprise 3,600 + Windows 1,000 + 100 x (80 + 50% x 150 + 40) = 4,600 + 19,500."""
        lic = {**_inhouse()["licences"], "edition": "enterprise", "enterprise_cal_share_pct": 50.0}
        p = project_scenario(hand_case(inhouse={**_inhouse(), "licences": lic}))
        assert_allclose(line(p, "licences", "capital"), [24100, 0, 0])

    def test_inflation_prices_year_t_at_index_t_minus_1(self) -> None:
        """10% inflation: protection 1,200 in year 1, 1,320 in year 2."""
        p = project_scenario(hand_case(finance={**_finance(), "inflation_pct_per_year": 10.0}))
        assert_allclose(line(p, "protection", "operating"), [0, 1200, 1320])

    def test_licences_follow_growth_at_the_price_of_the_payment_year(self) -> None:
        """+10% users and +10% inflation over 3 years: users 100, 110, 121.
        Year 0: 1,700 server licences + 100 x 120 CALs = 13,700; year 1 buys 10 more CALs for
        year 2 at year-1 prices (index 1.0) = 1,200; year 2 buys 11 for year 3 at index 1.1
        = 1,452; nothing in year 3."""
        p = project_scenario(
            hand_case(
                organisation={"growth_pct_per_year": 10.0, "horizon_years": 3},
                finance={**_finance(), "inflation_pct_per_year": 10.0},
            )
        )
        assert_allclose(line(p, "licences", "capital"), [13700, 1200, 1452, 0])
        # subscription 25% of licences held, priced at the year's index:
        # year 1 25% x 13,700 x 1.0; year 2 25% x 14,900 x 1.1; year 3 25% x 16,220 x 1.21
        assert_allclose(line(p, "licences", "operating"), [0, 3425, 4097.5, 4906.55])

    def test_plan_escalation_and_minimum_users(self) -> None:
        """min_users 150 bills 150 x 5 x 12 = 9,000; 10% escalation -> 9,900 in year 2."""
        plan = {**_plan(), "min_users": 150}
        p = project_scenario(
            hand_case(hosted={"price_escalation_pct_per_year": 10.0}, plans=[plan])
        )  # type: ignore[arg-type]
        assert_allclose(line(p, "licences", "operating", 1), [0, 9000, 9900])
        assert p.hosted.under_minimum[0, 0, 1:].all()

    def test_archive_add_on_when_mailbox_outgrows_the_plan(self) -> None:
        """Mailbox 40 GB + 10 GB/year passes the 50 GB plan in year 2 (60 GB): archive
        add-on 100 x 3 x 12 = 3,600 in year 2 only."""
        plan = {**_plan(), "archive_gb": 100.0, "archive_price_per_user_month": 3.0}
        p = project_scenario(
            hand_case(mail={"mailbox_gb": 40.0, "mailbox_growth_gb_per_year": 10.0}, plans=[plan])
        )  # type: ignore[arg-type]
        assert_allclose(line(p, "storage", "operating", 1), [0, 0, 3600])
        assert not p.hosted.mailbox_unfit[0].any()

    def test_mailbox_that_fits_nowhere_is_flagged(self) -> None:
        p = project_scenario(hand_case(mail={"mailbox_gb": 60.0}))
        assert p.hosted.mailbox_unfit[0, 0, 1:].all()
        assert not summarise(p).fits[0, 1]


def _inhouse() -> dict:  # type: ignore[type-arg]
    from tests.unit.hand_case import HAND_CASE

    return dict(HAND_CASE["inhouse"])  # type: ignore[arg-type]


def _finance() -> dict:  # type: ignore[type-arg]
    from tests.unit.hand_case import HAND_CASE

    return dict(HAND_CASE["finance"])  # type: ignore[arg-type]


def _plan() -> dict:  # type: ignore[type-arg]
    from tests.unit.hand_case import HAND_CASE

    return dict(HAND_CASE["plans"][0])  # type: ignore[index]
