"""The Fit analysis' verdict on capabilities steers the stay path's forced move.

The stay hand case (tests/unit/engine/test_platform_paths_stay.py): Cheap Small's path
costs 98,539.25, Test Host's 100,939.25, the upgrade made in year 1 152,677. Both plans hold
the 2 GB quota. With attachment sandboxing required and only Test Host offering it, the
forced move skips the cheaper Cheap Small and goes to Test Host: 100,939.25.
"""

from __future__ import annotations

import pytest

from planner.engine.path_notes import path_sentences
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.outputs.move_timing import capable_targets
from tests.unit.engine.test_platform_paths import CURRENT
from tests.unit.engine.test_platform_paths_stay import CHEAP, HOST
from tests.unit.hand_case import hand_case

SANDBOXED_HOST = {**HOST, "offers": {"sandboxing": True}}
PLAIN_CHEAP = {**CHEAP, "offers": {"sandboxing": False}}


def scenario(needs_sandboxing: bool):  # type: ignore[no-untyped-def]
    return hand_case(
        current=CURRENT,
        plans=[PLAIN_CHEAP, SANDBOXED_HOST],
        requirements={"needs_sandboxing": needs_sandboxing},
    )


def test_without_the_requirement_the_cheaper_plan() -> None:
    sc = scenario(False)
    p = project_scenario(sc, capable_targets(sc))
    assert p.stay_target is not None
    assert int(p.stay_target[0]) == 1
    assert summarise(p).tco[0, 3] == pytest.approx(98539.25)


def test_the_forced_move_skips_a_plan_without_a_required_capability() -> None:
    sc = scenario(True)
    assert list(capable_targets(sc)[1:]) == [False, True]
    p = project_scenario(sc, capable_targets(sc))
    s = summarise(p)
    assert p.stay_target is not None
    assert int(p.stay_target[0]) == 2
    assert s.tco[0, 3] == pytest.approx(100939.25)
    assert bool(s.fits[0, 3])
    assert "then it moves to Test Host, the cheapest option that fits" in " ".join(
        path_sentences(sc, p, s)
    )


def test_unknown_never_counts() -> None:
    """A plan that does not state sandboxing is not a target when it is required."""
    sc = hand_case(
        current=CURRENT, plans=[CHEAP, SANDBOXED_HOST], requirements={"needs_sandboxing": True}
    )
    assert list(capable_targets(sc)[1:]) == [False, True]


def test_the_move_timing_marks_the_incapable_target() -> None:
    from planner.outputs.content import build_content

    section = build_content(scenario(True)).timing
    assert section is not None
    assert not next(r for r in section.rows if r.target == "Cheap Small").fits
    assert next(r for r in section.rows if r.target == "Test Host").fits


def test_in_house_is_judged_on_what_its_sizing_does_not_settle() -> None:
    """In-house short of the quota (its storage is sized to the need by the engine) still
    counts; short of sandboxing it does not; a plan needs every verdict yes."""
    from planner.engine.platform_paths import capable_from_fit

    keys = ["mailbox_quota_gb", "needs_sandboxing"]
    assert list(capable_from_fit(keys, [["no", "yes"], ["yes", "unknown"], ["yes", "yes"]])) == [
        True,
        False,
        True,
    ]
    assert not capable_from_fit(keys, [["yes", "no"]])[0]
