"""The three editable grids: each has its "Apply changes" button and a note saying when edits
apply; an edit reaches the scenario with the button (AppTest sends the grid's edits as the
browser does; the browser side, typing fast, is tests/browser/test_app_grids.py)."""

from __future__ import annotations

from collections.abc import Callable

from apptest_helpers import apply_grid, assert_clean, open_plans
from streamlit.testing.v1 import AppTest

from ui import catalogue_editor, ranges_editor, segments_editor
from ui.grid_form import APPLY_LABEL, NOTE_ABOVE_TABS, NOTE_IN_TAB
from ui.segments_editor import OPEN_KEY
from ui.state import decode_scenario


def _captions(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption]


def test_every_grid_has_its_apply_button_and_note(new_app: Callable[[], AppTest]) -> None:
    at = new_app().run()
    at.selectbox(key="preset").select("segments_hybrid").run()
    open_plans(at)
    at.session_state[OPEN_KEY] = True
    at.session_state["view"] = "Uncertainty"
    at.run()
    assert_clean(at)
    for key in (catalogue_editor.SUBMIT_KEY, segments_editor.SUBMIT_KEY, ranges_editor.SUBMIT_KEY):
        assert at.button(key=key).label == APPLY_LABEL
    assert _captions(at).count(NOTE_ABOVE_TABS) == 2  # plans and segments, above the tabs
    assert _captions(at).count(NOTE_IN_TAB) == 1  # the ranges, inside the Uncertainty tab


def test_a_plan_name_typed_in_arrives_whole_with_apply(new_app: Callable[[], AppTest]) -> None:
    at = new_app().run()
    open_plans(at)
    apply_grid(at, "plans_editor:", edited_rows={0: {"plan": "WorldPosta Pro"}})
    assert_clean(at)
    shared = decode_scenario(at.query_params["scenario"])
    assert (shared.plans[0].provider, shared.plans[0].plan) == ("WorldPosta", "WorldPosta Pro")
