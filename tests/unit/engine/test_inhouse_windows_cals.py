"""Windows Server CALs already owned where Active Directory is in place.

Hand case (hand_case.py, cash basis, 2 years): 100 users x 40 Windows CAL = 4,000 of licences
in year 0, and with Windows Software Assurance 25% x 4,000 = 1,000 a year in years 1 and 2.
Owned: none of it -> TCO 155,602 - 4,000 - 2 x 1,000 = 149,602.
"""

from __future__ import annotations

import pytest

from planner.engine.categories import LINE_INDEX, Line
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import default_scenario
from tests.unit.hand_case import HAND_CASE, hand_case


def _owned(owned: bool):  # type: ignore[no-untyped-def]
    licences = {**HAND_CASE["inhouse"]["licences"], "windows_cals_owned": owned}  # type: ignore[index]
    return hand_case(inhouse={**HAND_CASE["inhouse"], "licences": licences})  # type: ignore[dict-item]


def test_owned_windows_cals_cost_nothing_on_a_greenfield_build() -> None:
    bought = project_scenario(_owned(False))
    owned = project_scenario(_owned(True))
    capital = LINE_INDEX[Line("licences", "capital")]
    assert bought.costs is not None
    assert owned.costs is not None
    assert bought.costs[0, 0, capital, 0] - owned.costs[0, 0, capital, 0] == pytest.approx(4_000)
    assert float(summarise(owned).tco[0, 0]) == pytest.approx(149_602.0)
    assert float(summarise(bought).tco[0, 0]) == pytest.approx(155_602.0)


def test_the_switch_is_on_by_default() -> None:
    assert default_scenario().inhouse.licences.windows_cals_owned is True
