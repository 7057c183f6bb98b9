"""The guided start in the app: shown on a first visit only, each answer reaching the
scenario, and the Overview opening with the answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from apptest_helpers import assert_clean, metric_money
from streamlit.testing.v1 import AppTest

from planner.model.files import to_toml
from planner.model.start import Group, Quote, default_answers, scenario_from_answers
from tests.conftest import GUIDED_START_ENV
from ui.guided_start import KEY, REOPEN_KEY, SKIP_KEY, SUBMIT_KEY

GOOD_FILE = b'name = "Uploaded firm"\n[organisation]\nusers = 640\n'


@pytest.fixture
def first_visit(new_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A new user's first run: no link, the guided start on."""
    monkeypatch.setenv(GUIDED_START_ENV, "on")
    at = new_app().run()
    assert_clean(at)
    return at


def shows_form(at: AppTest) -> bool:
    return any(b.key == SUBMIT_KEY for b in at.button)


def submit(at: AppTest) -> AppTest:
    at.button(key=SUBMIT_KEY).click().run()
    assert_clean(at)
    return at


def loaded(at: AppTest) -> object:
    return at.session_state["_loaded_scenario"]


def answer_text(at: AppTest) -> str:
    return " ".join(str(s.value) for s in at.success)


class TestWhenItShows:
    def test_a_first_visit_opens_on_the_questions(self, first_visit: AppTest) -> None:
        assert shows_form(first_visit)
        assert not first_visit.metric  # nothing computed before the answers
        assert len(first_visit.tabs) == 0

    def test_a_link_skips_it(
        self, new_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(GUIDED_START_ENV, "on")
        at = new_app()
        at.query_params["preset"] = "small_office"
        at.run()
        assert_clean(at)
        assert not shows_form(at)
        assert metric_money(at, "In-house TCO") > 0

    def test_an_uploaded_file_skips_it(self, first_visit: AppTest) -> None:
        first_visit.file_uploader(key="upload").upload(
            "mine.toml", GOOD_FILE, "application/toml"
        ).run()
        assert_clean(first_visit)
        assert not shows_form(first_visit)
        assert loaded(first_visit).organisation.users == 640  # type: ignore[attr-defined]

    def test_skip_opens_the_example(self, first_visit: AppTest) -> None:
        first_visit.button(key=SKIP_KEY).click().run()
        assert_clean(first_visit)
        assert not shows_form(first_visit)
        assert metric_money(first_visit, "In-house TCO") > 0

    def test_off_for_the_server_opens_on_the_example(self, app: AppTest) -> None:
        assert not shows_form(app)


class TestEachAnswer:
    def test_the_answers_already_chosen_give_the_answer_first(self, first_visit: AppTest) -> None:
        at = submit(first_visit)
        assert not shows_form(at)
        sentence = answer_text(at)
        expected = scenario_from_answers(default_answers())
        assert loaded(at) == expected
        assert sentence.startswith("Move to WorldPosta Basic")
        assert " over 5 years against " in sentence
        assert any(c.key == REOPEN_KEY for c in at.button)

    def test_people(self, first_visit: AppTest) -> None:
        first_visit.number_input(key=KEY + "users").set_value(40)
        first_visit.number_input(key=KEY + "growth_pct_per_year").set_value(2.0)
        org = loaded(submit(first_visit)).organisation  # type: ignore[attr-defined]
        assert (org.users, org.growth_pct_per_year) == (40, 2.0)

    def test_region(self, first_visit: AppTest) -> None:
        first_visit.selectbox(key=KEY + "region").set_value("eg")
        at = submit(first_visit)
        s = loaded(at)
        assert s.finance.currency == "EGP"  # type: ignore[attr-defined]
        assert "EGP" in answer_text(at)

    def test_an_exchange_version_asks_for_its_servers(self, first_visit: AppTest) -> None:
        assert not [n for n in first_visit.number_input if n.key == KEY + "servers"]
        first_visit.radio(key=KEY + "today").set_value("exchange_2016").run()
        first_visit.number_input(key=KEY + "servers").set_value(1)
        first_visit.number_input(key=KEY + "server_age_years").set_value(6)
        at = submit(first_visit)
        cur = loaded(at).current  # type: ignore[attr-defined]
        assert (cur.platform, cur.servers, cur.server_age_years) == ("exchange_2016", 1, 6)
        assert "upgrading in place" in answer_text(at) or "Upgrade in place" in answer_text(at)

    def test_a_hosted_service_today_is_priced_as_a_new_build(self, first_visit: AppTest) -> None:
        first_visit.radio(key=KEY + "today").set_value("hosted").run()
        assert not [n for n in first_visit.number_input if n.key == KEY + "servers"]
        s = loaded(submit(first_visit))
        assert s.current.platform == "none"  # type: ignore[attr-defined]
        assert "a hosted mail service" in s.description  # type: ignore[attr-defined]

    def test_mail(self, first_visit: AppTest) -> None:
        first_visit.number_input(key=KEY + "mailbox_gb").set_value(25.0)
        first_visit.number_input(key=KEY + "mailbox_quota_gb").set_value(50.0)
        s = loaded(submit(first_visit))
        assert s.mail.mailbox_gb == 25.0  # type: ignore[attr-defined]
        assert s.requirements.mailbox_quota_gb == 50.0  # type: ignore[attr-defined]

    def test_a_group(self, first_visit: AppTest) -> None:
        first_visit.checkbox(key=KEY + "has_group").check().run()
        first_visit.text_input(key=KEY + "group_name").input("Legal")
        first_visit.number_input(key=KEY + "group_users").set_value(15)
        first_visit.checkbox(key=KEY + "group_inhouse").check()
        first_visit.number_input(key=KEY + "group_quota_gb").set_value(100.0)
        at = submit(first_visit)
        legal, rest = loaded(at).segments  # type: ignore[attr-defined]
        assert (legal.name, legal.users, legal.allowed) == ("Legal", 15, ("in-house",))
        assert rest.users == 185
        assert answer_text(at).startswith("Use the best mix of segments (Legal in-house")

    def test_a_quote(self, first_visit: AppTest) -> None:
        plan = "WorldPosta Business (illustrative)"
        first_visit.selectbox(key=KEY + "quote_plan").set_value(plan).run()
        first_visit.number_input(key=KEY + "quote_price").set_value(1.0)
        at = submit(first_visit)
        labels = [p.label for p in loaded(at).plans]  # type: ignore[attr-defined]
        assert "WorldPosta Business (your quote)" in labels
        assert answer_text(at).startswith("Move to WorldPosta Business (your quote)")

    def test_a_bad_answer_keeps_the_form_and_says_why(self, first_visit: AppTest) -> None:
        first_visit.number_input(key=KEY + "users").set_value(10)
        first_visit.checkbox(key=KEY + "has_group").check().run()
        first_visit.number_input(key=KEY + "group_users").set_value(10)
        first_visit.button(key=SUBMIT_KEY).click().run()
        assert not first_visit.exception
        assert shows_form(first_visit)
        assert "at least one of the 10 users" in " ".join(str(e.value) for e in first_visit.error)


def test_reopened_with_the_last_answers(first_visit: AppTest) -> None:
    first_visit.number_input(key=KEY + "users").set_value(40)
    at = submit(first_visit)
    at.button(key=REOPEN_KEY).click().run()
    assert_clean(at)
    assert shows_form(at)
    assert at.number_input(key=KEY + "users").value == 40


def test_the_saved_file_gives_the_same_scenario(first_visit: AppTest) -> None:
    """What the app's 'Download scenario' holds loads back as the scenario on screen."""
    a = replace(
        default_answers(),
        users=40,
        groups=(Group("Board", 5, False, 50.0),),
        quote=Quote("Microsoft Exchange Online Plan 1", 4.5),
    )
    first_visit.number_input(key=KEY + "users").set_value(40)
    first_visit.checkbox(key=KEY + "has_group").check().run()
    first_visit.text_input(key=KEY + "group_name").input("Board")
    first_visit.number_input(key=KEY + "group_users").set_value(5)
    first_visit.number_input(key=KEY + "group_quota_gb").set_value(50.0)
    first_visit.selectbox(key=KEY + "quote_plan").set_value(a.quote.plan).run()  # type: ignore[union-attr]
    first_visit.number_input(key=KEY + "quote_price").set_value(4.5)
    at = submit(first_visit)
    assert to_toml(loaded(at)) == to_toml(scenario_from_answers(a))  # type: ignore[arg-type]
