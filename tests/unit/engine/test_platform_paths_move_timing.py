"""When to move: each target's TCO if the organisation stays until year m and then goes.

Hand case from Exchange 2019 (tests/unit/test_existing_platform.py, cash basis, no growth or
inflation). A year of staying costs 68,726 (running 3,386, staff 10,100, protection 1,200,
connectivity 240, downtime 43,800, unsupported risk 10,000). The move project is 11,500,
coexistence 423.25 in the year after the move. With Test Host at 100 a user-month a hosted
year costs 100 x 100 x 12 = 120,000 + 5,050 + 480 + 8,760 = 134,290.

Horizon 2, servers 4 years old (last = 1): move years now and 1.
  Test Host, now:    11,500 + 134,290 + 423.25 + 134,290    = 280,503.25
  Test Host, year 1: 68,726 + 11,500 + 134,290 + 423.25     = 214,939.25  <- best
  upgrade, now: option 0, 146,102 <- best; year 1: 152,677 (tests/unit/test_stay_path.py)
Horizon 3, servers 3 years old (last = 2): move years now, 1 and 2.
  now:    11,500 + 3 x 134,290 + 423.25                     = 414,793.25
  year 1: 68,726 + 11,500 + 2 x 134,290 + 423.25            = 349,229.25
  year 2: 2 x 68,726 + 11,500 + 134,290 + 423.25            = 283,665.25  <- best
  with 18 months of paid updates at 100 a server-month: year 1 fully covered (fee 1,200,
  no risk), year 2 half (fee 600, risk 5,000):
  year 1: 349,229.25 + 1,200 - 10,000 = 340,429.25
  year 2: 283,665.25 + 1,200 + 600 - 10,000 - 5,000 = 270,465.25
Horizon 3, servers 4 years old (last = 1): staying into year 2 buys the same server and 1 TB
again in year 1 (10,000 + 100 = 10,100) and runs on them in year 2 (operations 2,376 + 10%
x 10,100 with no warranty = 3,386, so the year costs 68,726 as before):
  now 414,793.25; year 1 349,229.25;
  year 2: 2 x 68,726 + 10,100 + 11,500 + 134,290 + 423.25   = 293,765.25  <- best
  The upgrade in place: option 0 of horizon 2 had a 1,500 upgrade project in year 2; a
  third year is its running year without it, 3,425 + 3,386 + 10,100 + 1,200 + 240 + 43,800
  = 62,151:
  now:    146,102 + 62,151                                  = 208,253      <- best
  year 1: 152,677 + 62,151                                  = 214,828
  year 2, past the servers' life: year 1 stays (68,726) and buys option 0's own server and
  disk on its schedule (10,100, no second purchase); year 2 runs Exchange 2019 on them
  (68,726, as staying on the same servers) and pays the SE licences and the one-time
  upgrade (8,700 + 1,500, deferred) and the year-2 upgrade project 1,500; year 3 62,151:
          68,726 + 10,100 + 68,726 + 11,700 + 62,151        = 221,403
With 18 months of paid updates the columns read now, year 1, year 2 (end of the servers'
life, end of paid security updates): ceil(18 / 12) = 2.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from planner.engine.path_notes import path_sentences
from planner.engine.platform_paths import move_timing
from planner.engine.projection import project_scenario
from planner.engine.scenario_arrays import Batch
from planner.engine.summary import summarise
from planner.model.defaults import preset_files
from planner.model.files import load_scenario
from tests.unit.engine.test_platform_paths import CURRENT
from tests.unit.engine.test_platform_paths_stay import HOST
from tests.unit.hand_case import hand_case

DEAR_HOST = {**HOST, "price_per_user_month": 100.0}


def timing(horizon: int = 2, **current: object):  # type: ignore[no-untyped-def]
    scenario = hand_case(
        current={**CURRENT, **current},
        plans=[DEAR_HOST],
        organisation={"horizon_years": horizon},
    )
    p = project_scenario(scenario)
    return scenario, p, move_timing(Batch.of(scenario), p.options[:2])


def test_staying_to_the_end_of_life_is_cheapest_for_a_dear_plan() -> None:
    _, _, t = timing()
    assert t.years == (0, 1)
    assert_allclose(t.tco[1], [280503.25, 214939.25])
    assert t.best_year(1) == 1
    assert_allclose(t.tco[0], [146102, 152677])
    assert t.best_year(0) == 0
    assert t.cheapest_target() == 0


def test_every_year_while_the_servers_serve() -> None:
    _, _, t = timing(horizon=3, server_age_years=3)
    assert t.years == (0, 1, 2)
    assert_allclose(t.tco[1], [414793.25, 349229.25, 283665.25])
    assert t.best_year(1) == 2


def test_past_the_servers_life_staying_buys_them_again() -> None:
    _, p, t = timing(horizon=3, server_age_years=4)
    assert t.years == (0, 1, 2)
    assert_allclose(t.tco[1], [414793.25, 349229.25, 293765.25])
    assert t.best_year(1) == 2
    assert_allclose(t.tco[0], [208253, 214828, 221403])
    assert t.best_year(0) == 0
    # the stay path still moves at the end of the servers' life, to the cheaper target then
    assert_allclose(summarise(p).tco[0, -1], np.nanmin(t.tco[:, 1]))


def test_paid_updates_count_while_staying() -> None:
    _, _, t = timing(
        horizon=3,
        server_age_years=3,
        paid_updates_months_left=18.0,
        paid_updates_per_server_month=100.0,
    )
    assert_allclose(t.tco[1], [414793.25, 340429.25, 270465.25])
    assert t.paid_until == 2


def test_the_years_name_the_end_of_paid_updates() -> None:
    from planner.engine.path_notes import year_text

    assert year_text(2, 2, 2) == "year 2 (end of the servers' life, end of paid security updates)"
    assert year_text(1, 2, 1) == "year 1 (end of paid security updates)"
    assert year_text(3, 2, 0) == "year 3 (on new servers)"
    assert year_text(0, 2, 0) == "now"


def test_no_life_left_means_only_now() -> None:
    scenario, p, t = timing(server_age_years=5)
    assert t.years == (0,)
    text = " ".join(path_sentences(scenario, p, summarise(p)))
    assert "Move timing: only now" in text


def test_the_preset_moving_now_is_each_option_and_the_last_year_is_the_stay_path() -> None:
    """Moving now is option k itself; moving in the servers' last year to the stay path's
    target is the stay path (same engine lines, a consistency check, not a hand figure)."""
    scenario = load_scenario(preset_files()["existing_exchange_2019"])
    p = project_scenario(scenario)
    s = summarise(p)
    t = move_timing(Batch.of(scenario), p.options[: 1 + len(scenario.plans)])
    assert_allclose(t.tco[:, 0], s.tco[0, : 1 + len(scenario.plans)])
    assert p.stay_target is not None
    assert p.stay_index is not None
    last = t.years.index(t.last)
    assert t.tco[int(p.stay_target[0]), last] == pytest.approx(s.tco[0, p.stay_index])


def test_the_paths_give_cost_by_move_year_and_the_best() -> None:
    scenario, p, _ = timing()
    text = " ".join(path_sentences(scenario, p, summarise(p)))
    assert (
        "Move timing, TCO by the year of the move to Upgrade in place to Exchange SE (staying "
        "until then counted): now 146,102 USD; year 1 (end of the servers' life) 152,677 USD; "
        "the cheapest is now." in text
    )
    assert "Best move year for the other options that fit: Test Host year 1 (end of" in text


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    from planner.outputs.content import build_content

    scenario, _, _ = timing()
    return build_content(scenario)


class TestInTheReports:
    """The hand case with the dear plan (module docstring): Test Host now 280,503.25, year 1
    214,939.25 (best); the upgrade now 146,102 (best), year 1 152,677; the cheapest target
    that fits is the upgrade, now."""

    def test_the_section(self, content) -> None:  # type: ignore[no-untyped-def]
        section = content.timing
        assert section is not None
        assert section.years == ("now", "year 1 (end of the servers' life)")
        assert section.cheapest == "Upgrade in place to Exchange SE"
        assert section.cheapest_year == "now"
        host = next(r for r in section.rows if r.target == "Test Host")
        assert host.tco == pytest.approx((280503.25, 214939.25))
        assert host.best_year == "year 1 (end of the servers' life)"

    def test_html(self, content) -> None:  # type: ignore[no-untyped-def]
        from planner.outputs.html import html_bytes

        page = html_bytes(content).decode("utf-8")
        assert '<section id="timing"><h2>When to move</h2>' in page
        assert 'id="timing-table"' in page
        assert "214,939" in page

    def test_excel(self, content) -> None:  # type: ignore[no-untyped-def]
        import io

        import openpyxl

        from planner.outputs.xlsx import TIMING, workbook_bytes

        book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(content)))
        ws = book[TIMING]
        rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
        assert rows["Test Host"][1] == "yes"
        assert rows["Test Host"][2] == pytest.approx(280503.25)
        assert rows["Test Host"][3] == pytest.approx(214939.25)
        assert rows["Test Host"][4] == "year 1 (end of the servers' life)"

    def test_greenfield_reports_have_none(self) -> None:
        from planner.outputs.content import build_content

        assert build_content(hand_case()).timing is None
