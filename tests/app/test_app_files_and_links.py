"""Scenario files in and out, and links that reopen what was on screen."""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable

import pytest
from apptest_helpers import assert_clean, error_texts, metric_money, open_plans
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.model.files import MAX_SCENARIO_BYTES, parse_text


def _packed(raw: bytes) -> str:
    """A link parameter made by hand: base64url(zlib(JSON)), padding dropped."""
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode("ascii").rstrip("=")


GOOD_FILE = b"""name = "Uploaded firm"
[organisation]
users = 640
horizon_years = 7
"""


def test_a_bad_upload_gives_a_one_line_message_and_keeps_the_screen(app: AppTest) -> None:
    before = metric_money(app, "In-house TCO")
    app.file_uploader(key="upload").upload(
        "mine.toml", b"[organisation]\nusers = -5\n", "application/toml"
    ).run()
    assert not app.exception
    assert error_texts(app) == [
        "mine.toml: Users today (organisation.users) = -5: Input should be greater than or equal "
        "to 1; "
        "allowed: a whole number from 1 to 1,000,000"
    ]
    assert metric_money(app, "In-house TCO") == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"users = = 3", "broken.toml: not valid TOML"),
        (b"\x00\x01binary", "broken.toml: binary data"),
        (b"x" * (MAX_SCENARIO_BYTES + 1), "-byte limit"),
        (b"[organisation]\nheadcount = 5\n", "organisation.headcount: unknown field"),
    ],
)
def test_every_kind_of_bad_upload_is_named(app: AppTest, content: bytes, expected: str) -> None:
    app.file_uploader(key="upload").upload("broken.toml", content, "application/toml").run()
    assert not app.exception
    errors = error_texts(app)
    assert len(errors) == 1
    assert expected in errors[0]
    assert "\n" not in errors[0]


def test_a_good_upload_replaces_the_inputs_and_the_numbers(app: AppTest) -> None:
    app.file_uploader(key="upload").upload("firm.toml", GOOD_FILE, "application/toml").run()
    assert_clean(app)
    assert app.number_input(key="field:organisation.users").value == 640
    assert app.slider(key="field:organisation.horizon_years").value == 7
    summary = summarise(project_scenario(parse_text(GOOD_FILE, "firm.toml")))
    assert metric_money(app, "In-house TCO") == round(summary.tco[0, 0])


def test_the_link_reopens_exactly_what_was_on_screen(
    app: AppTest, new_app: Callable[[], AppTest]
) -> None:
    app.number_input(key="field:organisation.users").set_value(777).run()
    app.selectbox(key="field:inhouse.disaster_recovery.level").select("warm_standby").run()
    open_plans(app)
    key = app.data_editor[0].key
    app.session_state[key] = {
        "edited_rows": {1: {"price_per_user_month": 3.75}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert_clean(app)
    shown = {m.label: m.value for m in app.metric}
    params = dict(app.query_params)
    assert set(params) == {"scenario"}

    reopened = new_app()
    reopened.query_params.update(params)
    reopened.run()
    assert_clean(reopened)
    assert {m.label: m.value for m in reopened.metric} == shown
    assert reopened.number_input(key="field:organisation.users").value == 777
    open_plans(reopened)
    prices = reopened.data_editor[0].value["price_per_user_month"].tolist()
    assert prices[1] == 3.75


def test_a_preset_is_shared_by_name(app: AppTest, new_app: Callable[[], AppTest]) -> None:
    app.selectbox(key="preset").select("enterprise_hot_dr").run()
    assert dict(app.query_params) == {"preset": "enterprise_hot_dr"}
    shown = {m.label: m.value for m in app.metric}
    reopened = new_app()
    reopened.query_params["preset"] = "enterprise_hot_dr"
    reopened.run()
    assert_clean(reopened)
    assert {m.label: m.value for m in reopened.metric} == shown


def test_the_default_scenario_keeps_the_address_clean(app: AppTest) -> None:
    assert dict(app.query_params) == {}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"scenario": "not-a-scenario"},
            "the scenario in the address (parameter scenario) is damaged",
        ),
        (
            {"scenario": _packed(b'{"organisation":{"users":0}}')},
            "link: Users today (organisation.users) = 0",
        ),
        ({"scenario": _packed(b"[1, 2]")}, "is not a table of scenario sections"),
        ({"preset": "no_such_preset"}, "preset 'no_such_preset' does not exist"),
    ],
)
def test_a_bad_link_shows_a_message_and_the_preset(
    new_app: Callable[[], AppTest], params: dict[str, str], expected: str
) -> None:
    at = new_app()
    at.query_params.update(params)
    at.run()
    assert not at.exception
    errors = error_texts(at)
    assert len(errors) == 1
    assert expected in errors[0]
    default = summarise(project_scenario(parse_text(b'name = "Default scenario"')))
    assert metric_money(at, "In-house TCO") == round(default.tco[0, 0])
