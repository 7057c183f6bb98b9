"""The app never writes a share link it cannot read back.

The reader stops at ``MAX_PARAM_CHARS`` (16,384) characters; a large scenario (40 plans
with long, varied names and sources) encodes to far more. Before the fix the address held
the long link anyway, and whoever opened it got the preset and an error. Now the address
leaves the scenario out and the page says to share the scenario file instead.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from planner.model.defaults import catalogue
from planner.model.files import MAX_SCENARIO_BYTES, from_data, to_toml
from planner.model.scenario import Scenario
from ui import state


@pytest.fixture(autouse=True)
def _strict_app(strict_app: None) -> None:
    """Unexpected exceptions reach ``at.exception`` instead of a friendly message."""


def _large_scenario() -> Scenario:
    """40 plans (the most a scenario may list), each with 60-character names and a
    500-character source of random letters, which compress badly."""
    rng = random.Random(16)

    def text(n: int) -> str:
        return "".join(rng.choice(string.ascii_letters) for _ in range(n))

    base = catalogue()[0].model_dump(exclude_none=True)
    plans = [
        base | {"provider": text(60), "plan": text(60), "source": text(500)} for _ in range(40)
    ]
    return from_data({"name": "large", "plans": plans})


def test_a_large_scenario_gives_no_link_and_says_why() -> None:
    scenario = _large_scenario()
    size = len(to_toml(scenario).encode("utf-8"))
    assert 26_000 < size <= MAX_SCENARIO_BYTES  # a valid file, far larger than a link holds
    encoded = state.encode_scenario(scenario)
    assert len(encoded) > state.MAX_PARAM_CHARS
    message = state.link_too_long(encoded)
    assert message is not None
    assert f"{len(encoded):,} characters" in message
    assert "16,384" in message
    assert "Download scenario (.toml)" in message


def test_a_link_at_the_limit_is_written_and_reads_back() -> None:
    assert state.link_too_long("A" * state.MAX_PARAM_CHARS) is None
    assert state.link_too_long("A" * (state.MAX_PARAM_CHARS + 1)) is not None


@pytest.mark.slow  # runs the page (AppTest)
def test_the_app_leaves_a_too_long_scenario_out_of_the_address(
    new_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is lowered so an ordinary edit passes it (AppTest cannot upload a file)."""
    at = new_app().run()
    at.number_input(key="field:organisation.users").set_value(321).run()
    link = at.query_params["scenario"]
    assert link, "an edited scenario is in the address"
    encoded = link[0] if isinstance(link, list) else link
    assert state.decode_scenario(encoded).organisation.users == 321
    assert not at.warning

    monkeypatch.setattr(state, "MAX_PARAM_CHARS", 10)
    at.number_input(key="field:organisation.users").set_value(322).run()
    assert not at.exception
    assert "scenario" not in at.query_params
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert "too large to share as a link" in warnings[0]
    assert "Download scenario (.toml)" in warnings[0]
    # the page still shows the edited scenario's numbers
    assert at.number_input(key="field:organisation.users").value == 322
