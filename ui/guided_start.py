"""The guided start: on a first visit, a few plain questions before anything else.

Shown when the session opened without a link (no query parameter, :func:`ui.state.first_visit`)
and nothing was loaded since (no file uploaded, no preset picked); the environment variable
``PLANNER_GUIDED_START=off`` turns it off (the tests and a deployment for experts open
straight on the default preset). Every question has an answer already chosen (the default
preset's value), its help and the default's source. Submitting builds the scenario with
:func:`planner.model.start.scenario_from_answers`, loads it as a file would be, and the page
opens on the Overview, whose first line is the answer. The Overview's "Answer the questions
again" button reopens the form with the last answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, Final

import streamlit as st

from planner.errors import ScenarioError
from planner.model.fields import help_text
from planner.model.regions import regions
from planner.model.start import (
    TODAY_NAMES,
    Answers,
    Group,
    Quote,
    default_answers,
    scenario_from_answers,
    start_preset,
)
from ui import state
from ui.formats import plain

ENV: Final = "PLANNER_GUIDED_START"
"""``off``: never show the guided start (open on the default preset, as a link does)."""
OPEN_KEY: Final = "_guided_open"
_SOURCE_AT_OPEN: Final = "_guided_source"
_ANSWERS: Final = "_guided_answers"
_PROBLEMS: Final = "_guided_problems"
_SEEDED: Final = "_guided_seeded"  # the answers the widgets started from, by widget name
KEY: Final = "guided:"
"""Prefix of the form's widget keys (``guided:users``, ...)."""
SUBMIT_KEY: Final = "guided:submit"
SKIP_KEY: Final = "guided:skip"
REOPEN_KEY: Final = "guided:reopen"
SOURCE: Final = "guided start"
NO_QUOTE: Final = ""
NO_REGION_LABEL: Final = "Not listed: keep the US defaults (USD)"


def enabled() -> bool:
    """The guided start is not turned off for this server."""
    return os.environ.get(ENV, "").strip().lower() != "off"


def is_open() -> bool:
    """Whether the form shows on this run: a first visit (or reopened), nothing loaded since."""
    ss = st.session_state
    if OPEN_KEY not in ss:
        ss[OPEN_KEY] = enabled() and state.first_visit()
        ss[_SOURCE_AT_OPEN] = state.loaded_from()
    if ss[OPEN_KEY] and state.loaded_from() != ss.get(_SOURCE_AT_OPEN):
        ss[OPEN_KEY] = False  # a file was uploaded or a preset picked: that wins
    return bool(ss[OPEN_KEY])


def reopen() -> None:
    """Callback of the Overview's button: the form again, with the last answers."""
    ss = st.session_state
    ss[OPEN_KEY] = True
    ss[_SOURCE_AT_OPEN] = state.loaded_from()
    ss.pop(_PROBLEMS, None)


def _skip() -> None:
    st.session_state[OPEN_KEY] = False


# ---------------------------------------------------------------------------
# The answers in the widgets
# ---------------------------------------------------------------------------


def _seed(answers: Answers) -> None:
    """Put ``answers`` into the form's widgets (before they are drawn)."""
    ss = st.session_state
    values: dict[str, Any] = {
        k: v for k, v in asdict(answers).items() if k not in ("groups", "quote")
    }
    group = answers.groups[0] if answers.groups else None
    values |= {
        "has_group": group is not None,
        "group_name": group.name if group else "Executives",
        "group_users": group.users if group else max(1, min(10, answers.users - 1)),
        "group_inhouse": group.stays_inhouse if group else False,
        "group_quota_gb": (group.mailbox_quota_gb or answers.mailbox_quota_gb) if group else 50.0,
        "quote_plan": answers.quote.plan if answers.quote else NO_QUOTE,
        "quote_price": answers.quote.price_per_user_month if answers.quote else 4.0,
    }
    ss[_SEEDED] = values
    for name, value in values.items():
        ss[KEY + name] = value


def _value(name: str) -> Any:
    """A widget's value; a question not drawn on this run (the servers while nothing runs
    today) keeps the value it started from."""
    ss = st.session_state
    return ss.get(KEY + name, ss[_SEEDED][name])


def answers_from_widgets() -> Answers:
    """The answers the form's widgets hold."""
    group = (
        (
            Group(
                name=str(_value("group_name")).strip() or "Group",
                users=int(_value("group_users")),
                stays_inhouse=bool(_value("group_inhouse")),
                mailbox_quota_gb=float(_value("group_quota_gb")),
            ),
        )
        if _value("has_group")
        else ()
    )
    plan = str(_value("quote_plan"))
    return Answers(
        users=int(_value("users")),
        growth_pct_per_year=float(_value("growth_pct_per_year")),
        region=str(_value("region")),
        today=_value("today"),
        servers=int(_value("servers")),
        server_age_years=int(_value("server_age_years")),
        mailbox_gb=float(_value("mailbox_gb")),
        mailbox_quota_gb=float(_value("mailbox_quota_gb")),
        groups=group,
        quote=Quote(plan, float(_value("quote_price"))) if plan else None,
    )


def _submit() -> None:
    """Build the scenario from the answers and load it; keep the form and say why not."""
    ss = st.session_state
    answers = answers_from_widgets()
    ss[_ANSWERS] = answers
    try:
        scenario = scenario_from_answers(answers)
    except ScenarioError as exc:
        ss[_PROBLEMS] = [str(exc)]
        return
    state.load(scenario, SOURCE)
    ss[_SOURCE_AT_OPEN] = SOURCE
    ss[OPEN_KEY] = False
    ss.pop(_PROBLEMS, None)


# ---------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------


def _region_name(key: str) -> str:
    if not key:
        return NO_REGION_LABEL
    r = regions()[key]
    return f"{r.name} ({r.currency})"


def _number(
    label: str, name: str, path: str, low: float, high: float | None, step: float, fmt: str
) -> None:
    st.number_input(
        label,
        min_value=low,
        max_value=high,
        step=step,
        format=fmt,
        key=KEY + name,
        help=help_text(path),
    )


def _people() -> None:
    st.markdown("**1. How many people need email?**")
    _number("People with a mailbox today", "users", "organisation.users", 1, 1_000_000, 1, "%d")
    _number(
        "Growth of that number per year (%)",
        "growth_pct_per_year",
        "organisation.growth_pct_per_year",
        -50.0,
        100.0,
        1.0,
        "%.1f",
    )


def _where() -> None:
    st.markdown("**2. Where is the organisation?**")
    st.selectbox(
        "Region",
        ["", *regions()],
        key=KEY + "region",
        format_func=_region_name,
        help="Sets the currency you type and read money in, and the local defaults with their "
        "sources: administrator cost, electricity price, downtime cost per user-hour and "
        "incident loss (every value stays editable afterwards; the Assumptions tab shows "
        "each source).\n\n" + help_text("organisation.region"),
    )


def _today() -> None:
    st.markdown("**3. What runs your email today?**")
    today = st.radio(
        "Today",
        list(TODAY_NAMES),
        key=KEY + "today",
        format_func=TODAY_NAMES.__getitem__,
        help="An Exchange you run adds the paths from it: upgrade in place, move, or stay "
        "while the servers last. A hosted service is priced like nothing yet (a new "
        "in-house build against every plan); type today's price as a quote below to "
        "compare staying.\n\n" + help_text("current.platform"),
    )
    if str(today).startswith("exchange"):
        _number("Servers running it", "servers", "current.servers", 1, 1000, 1, "%d")
        _number(
            "Age of those servers (years)",
            "server_age_years",
            "current.server_age_years",
            0,
            15,
            1,
            "%d",
        )


def _mail() -> None:
    st.markdown("**4. How much mail do people keep?**")
    _number(
        "Mailbox size used today (GB)", "mailbox_gb", "mail.mailbox_gb", 0.0, 100_000.0, 1.0, "%g"
    )
    _number(
        "Mailbox size people need (GB)",
        "mailbox_quota_gb",
        "requirements.mailbox_quota_gb",
        0.0,
        100_000.0,
        5.0,
        "%g",
    )


def _group() -> None:
    st.markdown("**5. Does a group need something different?** (optional)")
    if not st.checkbox(
        "A group must stay in-house or needs a larger mailbox",
        key=KEY + "has_group",
        help="For example executives with 50 GB mailboxes, or a legal team whose mail must "
        "stay on your own servers. The best mix then puts each group where it costs least "
        "and is allowed.",
    ):
        return
    st.text_input(
        "Name of the group", key=KEY + "group_name", max_chars=40, help=help_text("segments.name")
    )
    _number("People in the group", "group_users", "segments.users", 1, 1_000_000, 1, "%d")
    st.checkbox(
        "Their mail must stay in-house",
        key=KEY + "group_inhouse",
        help="The group may then go in-house only; everyone else may go anywhere.\n\n"
        + help_text("segments.allowed"),
    )
    _number(
        "Mailbox size they need (GB)",
        "group_quota_gb",
        "segments.mailbox_quota_gb",
        0.0,
        100_000.0,
        5.0,
        "%g",
    )


def _quote() -> None:
    st.markdown("**A quote you have** (optional)")
    labels = [p.label for p in start_preset().plans]
    plan = st.selectbox(
        "Plan quoted",
        [NO_QUOTE, *labels],
        key=KEY + "quote_plan",
        format_func=lambda label: label or "No quote",
        help="The plan a provider quoted you (or the one you pay for today); its listed "
        "price is replaced by yours.",
    )
    if plan:
        key = str(_value("region"))
        currency = regions()[key].currency if key else "USD"
        _number(
            f"Price quoted per user per month ({currency})",
            "quote_price",
            "plans.price_per_user_month",
            0.0,
            1_000_000.0,
            0.5,
            "%g",
        )


QUESTIONS: Final[tuple[Callable[[], None], ...]] = (_people, _where, _today, _mail, _group, _quote)


def render() -> bool:
    """Draw the guided start when it is open; True when it was drawn (the page stops)."""
    if not is_open():
        return False
    ss = st.session_state
    if KEY + "users" not in ss:
        _seed(ss.get(_ANSWERS) or default_answers())
    with st.container(key="guided_start"):
        st.subheader("Your first answer in five questions")
        st.caption(
            "Each question has an answer already chosen (the default example, a 200-person "
            "firm in the United States); change what differs for you. The (?) beside each "
            "says what it means and where the default comes from."
        )
        for question in QUESTIONS:
            question()
        for problem in ss.get(_PROBLEMS, []):
            st.error(plain(problem))
        st.button("Show my answer", key=SUBMIT_KEY, type="primary", on_click=_submit)
        st.button(
            "Skip: open the planner on the example",
            key=SKIP_KEY,
            on_click=_skip,
            help="Every input, preset and tab, starting from the default example.",
        )
    return True


def reopen_button() -> None:
    """The Overview's way back to the questions."""
    st.button(
        "Answer the questions again",
        key=REOPEN_KEY,
        on_click=reopen,
        help="The five questions with your last answers; a new answer replaces the inputs.",
    )
