"""The stay path from Exchange 2016 / 2019: offered only while today's servers have life
left, and its forced move goes to the cheapest option that fits, migration included.

Hand case from Exchange 2019 (tests/unit/test_existing_platform.py's docstring has every
figure): one server 4 years old, refresh 5, so it serves year 1 only (last = 1); cash basis.
Staying, year 1: running today's platform 3,386 + staff 10,100 + protection 1,200
+ connectivity 240 + downtime 43,800 + unsupported risk 10,000 = 68,726.

Where the forced move may go, each priced as a whole path:
- Test Host (5 a user-month, 50 GB): the move project 11,500 in year 1; year 2 the plan's
  6,000 + 5,050 + 480 + 8,760 = 20,290 and coexistence 423.25
  -> 68,726 + 11,500 + 20,290 + 423.25 = 100,939.25
- Cheap Small (3 a user-month, 10 GB): year 2 3,600 + 5,050 + 480 + 8,760 = 17,890
  -> 68,726 + 11,500 + 17,890 + 423.25 = 98,539.25
- the upgrade in place to SE made in year 1 (on the new server option 0 buys then): option
  0's year-0 spending (SE licences 8,700 + the upgrade project 1,500 = 10,200) paid in year
  1, its year-1 purchase of the new server and disk 10,100, and its year 2, 63,651
  -> 68,726 + 10,200 + 10,100 + 63,651 = 152,677
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from planner.engine import platform_paths
from planner.engine.categories import LINE_INDEX, Line
from planner.engine.path_notes import path_sentences
from planner.engine.projection import project, project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.engine.timeline import Timeline
from planner.model.files import load_scenario
from tests.unit.engine.test_platform_paths import CURRENT
from tests.unit.hand_case import hand_case

FORTY_USERS = Path(__file__).parents[1] / "scenarios" / "exchange_2016_forty_users.toml"
HOST = {
    "provider": "Test",
    "plan": "Host",
    "price_per_user_month": 5.0,
    "mailbox_gb": 50.0,
    "attachment_mb": 25.0,
    "sla_pct": 99.9,
}
CHEAP = {**HOST, "provider": "Cheap", "plan": "Small", "price_per_user_month": 3.0}
CHEAP["mailbox_gb"] = 10.0


def stay(plans: list[dict[str, object]], quota_gb: float = 2.0, **current: object):  # type: ignore[no-untyped-def]
    scenario = hand_case(
        current={**CURRENT, **current}, plans=plans, requirements={"mailbox_quota_gb": quota_gb}
    )
    p = project_scenario(scenario)
    return scenario, p, summarise(p)


def line(p, category: str, kind: str, option: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    return p.costs[0, option, LINE_INDEX[Line(category, kind)]]


class TestForcedMoveTarget:
    def test_goes_to_the_cheapest_plan_that_fits_not_the_first_listed(self) -> None:
        """A 20 GB quota: Cheap Small (10 GB, listed first) does not hold it; Test Host does
        (100,939.25) and beats the upgrade made in year 1 (152,677)."""
        _, p, s = stay([CHEAP, HOST], quota_gb=20.0)
        assert p.stay_index == 3
        assert p.stay_target is not None
        assert int(p.stay_target[0]) == 2
        assert s.tco[0, 3] == pytest.approx(100939.25)
        assert bool(s.fits[0, 3])
        assert_allclose(line(p, "migration", "capital", 3), [0, 11500, 0], atol=1e-6)
        assert_allclose(line(p, "licences", "operating", 3), [0, 0, 6000], atol=1e-6)

    def test_goes_to_the_cheaper_plan_when_it_fits(self) -> None:
        """No quota beyond 2 GB: Cheap Small fits and its path costs 98,539.25."""
        _, p, s = stay([CHEAP, HOST])
        assert p.stay_target is not None
        assert int(p.stay_target[0]) == 1
        assert s.tco[0, 3] == pytest.approx(98539.25)

    def test_goes_in_house_when_no_plan_fits(self) -> None:
        """Only Cheap Small, 20 GB needed: the upgrade in place made in year 1, 152,677."""
        _, p, s = stay([CHEAP], quota_gb=20.0)
        assert p.stay_target is not None
        assert int(p.stay_target[0]) == 0
        assert s.tco[0, 2] == pytest.approx(152677)
        assert bool(s.fits[0, 2])
        assert_allclose(line(p, "licences", "capital", 2), [0, 8700, 0], atol=1e-6)
        assert_allclose(line(p, "one_time", "capital", 2), [0, 1500, 0], atol=1e-6)
        assert_allclose(line(p, "hardware", "capital", 2), [0, 10000, 0], atol=1e-6)
        assert_allclose(line(p, "migration", "capital", 2), [0, 0, 0], atol=1e-6)
        assert_allclose(line(p, "unsupported_risk", "operating", 2), [0, 10000, 0])
        assert_allclose(line(p, "licences", "operating", 2), [0, 0, 3425], atol=1e-6)

    def test_staying_does_not_fit_when_its_target_does_not(self) -> None:
        """Nowhere to go that fits: the cheapest target is taken and staying is marked not
        fitting."""
        scenario, _, _ = stay([CHEAP, HOST])
        batch = Batch.of(scenario)
        tl = Timeline.of(batch)
        p = project(batch)
        fits = np.zeros((1, 3), dtype=bool)
        path = platform_paths.stay_lines(batch, tl, _inhouse(batch, tl), p.hosted.costs, fits)
        assert not bool(path.fits[0])
        assert int(path.target[0]) == 1  # Cheap Small, 98,539.25, the cheapest of the three

    def test_sentence_names_the_target_and_no_negative_year(self) -> None:
        scenario, p, s = stay([CHEAP, HOST], quota_gb=20.0)
        text = " ".join(path_sentences(scenario, p, s))
        assert (
            "today's servers serve until year 1, then it moves to Test Host, the cheapest "
            "option that fits (migration included)" in text
        )
        assert "year -" not in text


def _inhouse(batch: Batch, tl: Timeline):  # type: ignore[no-untyped-def]
    from planner.engine.inhouse import project_inhouse

    return project_inhouse(batch, tl).costs


class TestOfferedOnlyWithLifeLeft:
    def test_servers_at_the_end_of_their_life_give_no_stay_option(self) -> None:
        """Age 5, refresh 5: last = 0, no operating year left to stay in."""
        scenario, p, s = stay([HOST], server_age_years=5)
        assert p.stay_index is None
        assert not any(o.startswith("Stay") for o in p.options)
        text = " ".join(path_sentences(scenario, p, s))
        assert "Staying on Exchange 2019 is not offered: its servers are 5 years old" in text
        assert "year -" not in text
        assert "until year 0" not in text

    def test_one_year_left_still_offers_it(self) -> None:
        _, p, _ = stay([HOST], server_age_years=4)
        assert p.options[-1] == "Stay on Exchange 2019 (unsupported)"

    def test_a_variant_without_life_left_does_not_fit(self) -> None:
        """In a batch the first scenario decides the options; a variant whose servers have
        no year left keeps the column but does not fit."""
        scenario, _, _ = stay([HOST])
        batch = Batch.of(scenario).repeat(2)
        batch = batch.replace(values={"current.server_age_years": [4.0, 6.0]})
        s = summarise(project(batch, detail=False))
        assert s.fits[:, -1].tolist() == [True, False]


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    scenario = load_scenario(FORTY_USERS)
    p = project_scenario(scenario)
    return scenario, p, summarise(p)


class TestFortyUsersOnExchange2016:
    """40 users on one 6-year-old Exchange 2016 server, 25 GB mailboxes, 50 GB needed:
    before, 'Cheapest path that fits: Stay on Exchange 2016 (unsupported)' (a move in year 0
    to WorldPosta Basic, 25 GB, priced as staying)."""

    def test_staying_is_not_offered_and_says_why(self, case) -> None:  # type: ignore[no-untyped-def]
        scenario, p, s = case
        assert p.stay_index is None
        text = " ".join(path_sentences(scenario, p, s))
        assert "Staying on Exchange 2016 is not offered: its servers are 6 years old" in text
        assert "year -" not in text

    def test_cheapest_path_is_a_plan_that_holds_50_gb(self, case) -> None:  # type: ignore[no-untyped-def]
        scenario, p, s = case
        best = p.options[int(s.cheapest[0])]
        assert best == "Microsoft Exchange Online Plan 1"
        plan = next(x for x in scenario.plans if x.label == best)
        assert plan.mailbox_gb + plan.archive_gb >= 50
        assert f"Cheapest path that fits: {best}." in path_sentences(scenario, p, s)

    def test_reports_do_not_recommend_staying(self, case) -> None:  # type: ignore[no-untyped-def]
        from planner.outputs.content import build_content
        from planner.outputs.html import html_bytes

        scenario, _, _ = case
        content = build_content(scenario)
        assert "stay" not in content.recommendation.lower()
        page = html_bytes(content).decode("utf-8")
        assert "Stay on Exchange 2016" not in page
        assert "year -" not in page


def test_the_notes_say_why_staying_does_not_fit() -> None:
    from planner.engine.fit_notes import option_notes

    scenario, _, _ = stay([HOST])
    batch = Batch.of(scenario).repeat(2)
    batch = batch.replace(values={"current.server_age_years": [4.0, 6.0]})
    p = project(batch)
    notes = option_notes(p, scenario.plans, scenario.mail.attachment_mb_needed, index=1)
    assert notes[p.options[-1]] == ["today's servers have no year of life left to stay on"]
    assert p.options[-1] not in option_notes(p, scenario.plans, 25.0, index=0)


def test_the_notes_name_a_forced_move_that_does_not_fit() -> None:
    import dataclasses

    from planner.engine.fit_notes import option_notes

    scenario, p, _ = stay([HOST])
    unfit = dataclasses.replace(p, stay_fits=np.array([False]))
    notes = option_notes(unfit, scenario.plans, 25.0)
    assert notes[p.options[-1]] == ["its forced move goes to Test Host, which does not fit"]
