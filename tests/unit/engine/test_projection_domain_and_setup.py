"""The mail domain on every option, and no set-up charged twice.

Hand case (hand_case.py, 100 users, 2 years, no inflation) with DNS hosting 60 a year,
DMARC monitoring 300 a year and a 2,500 mail-authentication set-up:
    hosted "Test Host": connectivity 100 / 25 = 4 Mbps x 10 x 12 = 480 + DNS 60 = 540 a year;
                        protection 0 + DMARC 300 = 300 a year
    in-house:           protection 100 x 10 + 200 + DMARC 300 = 1,500 a year; one-time 5,000 +
                        100 x 10 = 6,000 + set-up 2,500 = 8,500 in year 0
    in-place upgrade from Exchange 2019 (2 servers, 100 CALs): one-time = the upgrade project
                        1,000 + 5 x 100 = 1,500 and no set-up (SPF, DKIM and DMARC are in
                        place already)
"""

from __future__ import annotations

from numpy.testing import assert_allclose

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.projection import project_scenario
from tests.unit.hand_case import HAND_CASE, hand_case

NET = {
    **HAND_CASE["inhouse"]["internet"],  # type: ignore[index]
    "dns_hosting_per_year": 60.0,
    "dmarc_monitoring_per_year": 300.0,
    "mail_authentication_setup": 2500.0,
}


def _line(p, category: str, kind: str, option: int):  # type: ignore[no-untyped-def]
    return p.costs[0, option, LINE_INDEX[Line(category, kind)]]


def _scenario(**sections: object):  # type: ignore[no-untyped-def]
    return hand_case(inhouse={**HAND_CASE["inhouse"], "internet": NET}, **sections)  # type: ignore[dict-item]


def test_a_hosted_option_pays_for_its_domain_too() -> None:
    p = project_scenario(_scenario())
    assert_allclose(_line(p, "connectivity", "operating", 1), [0, 540, 540])
    assert_allclose(_line(p, "protection", "operating", 1), [0, 300, 300])
    assert_allclose(_line(p, "protection", "operating", 0), [0, 1500, 1500])
    assert_allclose(_line(p, "one_time", "capital", 0), [8500, 0, 0])


def test_the_in_place_upgrade_does_not_set_up_mail_authentication_again() -> None:
    current = {
        "platform": "exchange_2019",
        "servers": 2,
        "server_age_years": 1,
        "storage_tb": 2.0,
        "exchange_server_licences": 2,
        "cals": 100,
    }
    p = project_scenario(_scenario(current=current))
    assert_allclose(_line(p, "one_time", "capital", 0), [1500, 0, 0])
