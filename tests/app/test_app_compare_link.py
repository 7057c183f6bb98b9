"""Compare that lasts, through the whole page: the saved scenarios go into the link as they
change, come back from it in a new session, and a tampered or oversized link gives a message,
never a traceback, and never replaces anything without asking. The comparison file too.

Expected figures come from the engine (``planner``) directly.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Tab

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.currencies import CATALOGUE
from planner.model.files import default_scenario, with_values
from planner.model.scenario import Scenario
from ui.formats import money
from ui.scenario_library import (
    PARAM_SAVED,
    ScenarioLibrary,
    decode_library,
    encode_library,
    library_toml,
)
from ui.uncertainty_text import field_label

COMPARE = "Compare"
X_FIELD = "organisation.users"  # the first field: the selectbox's own first option
Y_FIELD = "hosted.price_escalation_pct_per_year"
LIBRARY = "_scenario_library"


def _compare_tab(at: AppTest) -> Tab:
    (tab,) = [t for t in at.tabs if t.label == COMPARE]
    return tab


def _open_compare(at: AppTest) -> Tab:
    at.session_state["view"] = COMPARE
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return _compare_tab(at)


def _save(at: AppTest, name: str) -> None:
    at.text_input(key="library:name").input(name).run()
    at.button(key="library:save").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _pack(data: object) -> str:
    """JSON, zlib, base64url, as a link carries it (built here, not by the app)."""
    raw = zlib.compress(json.dumps(data).encode("utf-8"))
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _inhouse_tco(scenario: Scenario) -> str:
    return money(float(summarise(project_scenario(scenario)).tco[0, 0]), "USD")


def _branch() -> Scenario:
    return with_values(default_scenario(), {"name": "Branch", "organisation.users": 25})


def _two() -> ScenarioLibrary:
    lib = ScenarioLibrary()
    lib.offer("Head office", default_scenario(), "test")
    lib.offer("Branch", _branch(), "test")
    return lib


def _saved_names(at: AppTest) -> list[str]:
    return list(at.session_state[LIBRARY].names())


def _warnings(at: AppTest) -> list[str]:
    return [str(w.value).replace("\\", "") for w in at.warning]


def _upload(at: AppTest, name: str, text: str) -> None:
    at.file_uploader(key="library:upload").upload(name, text.encode(), "application/toml")
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_saving_puts_the_saved_scenarios_and_the_picks_into_the_link(app: AppTest) -> None:
    _open_compare(app)
    assert PARAM_SAVED not in dict(app.query_params)  # nothing saved, nothing in the link
    _save(app, "Head office")
    app.number_input(key="field:organisation.users").set_value(25).run()
    _save(app, "Branch")
    back = decode_library(dict(app.query_params)[PARAM_SAVED])
    assert [s.name for s in back.scenarios] == ["Head office", "Branch"]
    assert back.scenarios[1].organisation.users == 25
    assert back.compared == ["Head office", "Branch"]
    app.multiselect(key="compare:picked").set_value(["Branch"]).run()
    assert decode_library(dict(app.query_params)[PARAM_SAVED]).compared == ["Branch"]


def test_a_link_with_saved_scenarios_opens_them_compared(new_app: Callable[[], AppTest]) -> None:
    at = new_app()
    at.query_params.update(
        {PARAM_SAVED: encode_library(_two(), ["Head office", "Branch"]), "view": COMPARE}
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning
    assert _saved_names(at) == ["Head office", "Branch"]
    assert at.multiselect(key="compare:picked").value == ["Head office", "Branch"]
    tab = _compare_tab(at)
    shown = [str(m.value) for m in tab.metric if m.label == "In-house TCO"]
    assert shown == [_inhouse_tco(default_scenario()), _inhouse_tco(_branch())]


def test_a_tampered_link_says_so_adds_nothing_and_leaves_the_address_alone(
    new_app: Callable[[], AppTest],
) -> None:
    encoded = encode_library(_two(), [])
    tampered = encoded[:40] + ("A" if encoded[40] != "A" else "B") + encoded[41:]
    at = new_app()
    at.query_params[PARAM_SAVED] = tampered
    at.run()
    assert not at.exception
    warnings = _warnings(at)
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "link: the saved scenarios in the address (parameter saved) are damaged or cut short"
    )
    assert warnings[0].endswith("No saved scenario was added from it.")
    assert _saved_names(at) == []
    at.run()
    assert dict(at.query_params)[PARAM_SAVED] == tampered  # kept until the user saves
    _open_compare(at)
    _save(at, "Mine")
    assert [s.name for s in decode_library(dict(at.query_params)[PARAM_SAVED]).scenarios] == [
        "Mine"
    ]


def test_a_link_with_one_bad_scenario_opens_the_others_and_names_it(
    new_app: Callable[[], AppTest],
) -> None:
    """The link as a tampering hand would leave it: Branch with a headcount below 1."""
    data = {
        "compared": ["Head office", "Branch"],
        "saved": [{"name": "Head office"}, {"name": "Branch", "organisation": {"users": -25}}],
    }
    at = new_app()
    at.query_params[PARAM_SAVED] = _pack(data)
    at.run()
    assert not at.exception
    assert _saved_names(at) == ["Head office"]
    (warning,) = _warnings(at)
    assert warning.startswith("link: 1 saved scenario(s) could not be read and were left out:")
    assert "saved scenario 2: Users today (organisation.users) = -25" in warning


def test_too_many_for_a_link_stay_out_of_it_with_a_message_and_the_file_keeps_them(
    app: AppTest,
) -> None:
    rng = random.Random(11)
    lib = ScenarioLibrary()
    for i in range(48):  # random text barely compresses: well over 16,384 characters
        text = "".join(rng.choice(string.ascii_letters) for _ in range(400))
        lib.offer(f"Variant {i}", with_values(default_scenario(), {"description": text}), "t")
    _open_compare(app)
    _upload(app, "many.toml", library_toml(lib, []))
    assert len(_saved_names(app)) == 48
    app.run()
    assert PARAM_SAVED not in dict(app.query_params)
    tab = _compare_tab(app)
    (warning,) = [str(w.value) for w in tab.warning]
    assert warning.startswith("The 48 saved scenarios are too many for the link (")
    assert "a reload or a shared link loses them" in warning


def test_a_comparison_file_never_replaces_a_saved_scenario_without_asking(
    app: AppTest,
) -> None:
    _open_compare(app)
    _save(app, "Head office")
    other = ScenarioLibrary()
    other.offer("Head office", with_values(default_scenario(), {"organisation.users": 99}), "t")
    other.offer("Branch", _branch(), "t")
    _upload(app, "theirs.toml", library_toml(other, ["Head office", "Branch"]))
    assert _saved_names(app) == ["Head office", "Branch"]
    lib: Any = app.session_state[LIBRARY]
    assert lib["Head office"].scenario.organisation.users == 200  # not replaced
    tab = _compare_tab(app)
    assert any("“Head office”" in w for w in _warnings(app))
    assert [b.label for b in tab.button if b.key == "library:replace_held"] == ["Replace them"]
    app.button(key="library:replace_held").click().run()
    assert not app.exception
    assert app.session_state[LIBRARY]["Head office"].scenario.organisation.users == 99


def test_a_link_reopens_the_break_even_map_on_its_axes(new_app: Callable[[], AppTest]) -> None:
    """The section and the axes are bound to the link, under their widget keys, by the
    option's label (the map's default axes are salary x growth)."""
    at = new_app()
    at.query_params.update(
        {
            "view": "Uncertainty",
            "uncertainty:section": "Break-even map",
            "uncertainty:map_x": field_label(X_FIELD, CATALOGUE),
            "uncertainty:map_y": field_label(Y_FIELD, CATALOGUE),
        }
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.segmented_control(key="uncertainty:section").value == "Break-even map"
    assert at.selectbox(key="uncertainty:map_x").value == X_FIELD
    assert at.selectbox(key="uncertainty:map_y").value == Y_FIELD


def test_a_link_reopens_the_monte_carlo_with_its_draws_and_seed(
    new_app: Callable[[], AppTest],
) -> None:
    """Draws and seed decide the figures shown: a link carries them (100 draws is the
    smallest allowed, a value the link must keep too)."""
    at = new_app()
    at.query_params.update(
        {"view": "Uncertainty", "uncertainty:draws": "100", "uncertainty:seed": "7"}
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="uncertainty:draws").value == 100
    assert at.number_input(key="uncertainty:seed").value == 7
