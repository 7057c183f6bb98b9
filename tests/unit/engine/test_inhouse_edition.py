"""The Exchange edition chosen by cost: both layouts priced, the cheaper kept.

Worked by hand on the hand case (hand_case.py: 100 users, 1 copy, cash basis, 2 years, no
inflation, Windows Software Assurance on, every other running price as listed there).

Standard kept (the hand case as is, 1 GB mailboxes): 3 databases of at most 2,048 GB, CPU 1
server, so 1 server either way. Enterprise only adds licence cost:
    server licence 3,600 - 700 = 2,900, its subscription 25% x 2,900 x 2 years = 1,450
    -> Enterprise dearer by 4,350; Standard kept; TCO = 155,602 (test_engine_hand_case)
    saving = 4,350 / (155,602 + 4,350) = 2.72%

Enterprise kept (10 GB mailboxes, databases of at most 50 GB):
    on disk = 10,240 + 100 x 75 / 1,024 x (1 + 14) + 10,240 x 0.07 = 11,066.67 MB
    one copy of the databases = 100 x 11,066.67 / 1,024 x 1.2 = 1,296.88 GB
    databases = ceil(1,296.88 / 50) = 26
    Standard: ceil(26 / 5) = 6 servers; Enterprise: ceil(26 / 100) = 1 server (CPU: 1)
    disk: (1,296.88 x 1.2 + 5.86) / 0.8 = 1,952.6 GB = 1.91 TB -> 2 TB either way
  Standard minus Enterprise, cash, years 0-2:
    hardware         5 servers x 10,000                                   = 50,000
    licences         6 x (700 + 1,000) - 1 x (3,600 + 1,000) = 10,200 - 4,600 = 5,600
    subscription     25% x 5,600 x 2 years                                =  2,800
    operations       5 x (876 power + 1,000 space + 500 monitoring) = 11,880 a year,
                     maintenance 10% x 50,000 = 5,000 a year; x 2 years    = 33,760
    protection       5 x 200 security x 2 years                           =  2,000
    -> Standard dearer by 94,160; Enterprise kept.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.engine.fit_notes import option_notes
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from tests.unit.hand_case import HAND_CASE, hand_case


def _licences(edition: str) -> dict[str, object]:
    return {**HAND_CASE["inhouse"]["licences"], "edition": edition}  # type: ignore[index]


def _inhouse(edition: str, **extra: object) -> dict[str, object]:
    return {**HAND_CASE["inhouse"], "licences": _licences(edition), **extra}  # type: ignore[dict-item]


def _big_mailboxes(edition: str):  # type: ignore[no-untyped-def]
    sizing = {"baseline_specint_per_core": 33.75, "max_database_gb": 50.0}
    return hand_case(mail={"mailbox_gb": 10.0}, inhouse=_inhouse(edition, sizing=sizing))


def _tco(scenario) -> float:  # type: ignore[no-untyped-def]
    return float(summarise(project_scenario(scenario)).tco[0, 0])


class TestEditionByCost:
    def test_standard_kept_when_the_database_limit_does_not_bind(self) -> None:
        p = project_scenario(hand_case(inhouse=_inhouse("cheapest")))
        operating = p.years >= 1
        assert p.metrics["servers_needed_standard"][0, operating].max() == 1
        assert p.metrics["servers_needed_enterprise"][0, operating].max() == 1
        assert p.metrics["edition_enterprise"][0].max() == 0
        assert float(summarise(p).tco[0, 0]) == pytest.approx(155_602.0)
        assert _tco(hand_case(inhouse=_inhouse("enterprise"))) == pytest.approx(155_602.0 + 4_350.0)
        assert p.metrics["edition_saving_pct"][0, 1] == pytest.approx(
            4_350 / (155_602 + 4_350) * 100
        )

    def test_enterprise_kept_when_standard_needs_more_servers(self) -> None:
        p = project_scenario(_big_mailboxes("cheapest"))
        operating = p.years >= 1
        assert np.all(p.metrics["servers_needed_standard"][0, operating] == 6)
        assert np.all(p.metrics["servers_needed_enterprise"][0, operating] == 1)
        assert np.all(p.metrics["edition_enterprise"][0, operating] == 1)
        standard = _tco(_big_mailboxes("standard"))
        enterprise = _tco(_big_mailboxes("enterprise"))
        assert standard - enterprise == pytest.approx(94_160.0)
        assert float(summarise(p).tco[0, 0]) == pytest.approx(enterprise)

    def test_an_edition_named_is_kept_even_when_dearer(self) -> None:
        p = project_scenario(_big_mailboxes("standard"))
        assert p.metrics["servers_needed"][0, 1] == 6
        assert "edition_enterprise" not in p.metrics

    def test_the_note_says_which_edition_and_why(self) -> None:
        s = _big_mailboxes("cheapest")
        notes = option_notes(project_scenario(s), s.plans, 25.0)
        text = " ".join(notes["In-house Exchange"])
        assert "Enterprise edition, the cheaper over the horizon" in text
        assert "up to 6 servers against 1" in text
        s = hand_case(inhouse=_inhouse("cheapest"))
        text = " ".join(option_notes(project_scenario(s), s.plans, 25.0)["In-house Exchange"])
        assert "Standard edition: up to 1 server either way" in text
