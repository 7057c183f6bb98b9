"""Hostile input through the app (AppTest): uploads, share links, plan rows and names.

Each bad input gives one clear message (one line, naming the file, link, row or field) and
nothing else: no exception, the numbers on screen stay those of the last valid scenario, and
the app keeps working afterwards. Names carrying HTML or Markdown are shown as typed: every
Markdown element on the page (messages, captions, metrics) holds them escaped, so the
browser renders the text, not an image, a link or bold type (tests/browser/test_app_hostile.py
checks the rendered page). Uploads go through ``ui.state.scenario_from_upload`` and links
through ``ui.state.decode_scenario``, the functions the app uses; both are also fuzzed.

What AppTest cannot do is left to the browser test: Streamlit's own 1 MB upload limit and its
file-type filter act in the browser before the app sees a file.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as hs
from strategies import FUZZ, field_assignments
from streamlit.testing.v1 import AppTest

from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioError, ScenarioFileError
from planner.model.files import MAX_SCENARIO_BYTES, default_scenario, with_values
from ui import STRICT_ENV, page, state
from ui.formats import plain
from ui.page import PLANS_OPEN_KEY
from ui.results import report_csv_of
from ui.sidebar import GROUP_KEY, group_id_of

MAX_MESSAGE_CHARS = 2_500
"""A message names at most 10 problems (planner.errors); none should be longer than this."""
HOSTILE_HTML = "<img src=x onerror=alert(1)>"
HOSTILE_NAME = f"**bold** {HOSTILE_HTML} =1+1"
HOSTILE_DESCRIPTION = "![pixel](http://example.invalid/p.png) [click](http://example.invalid) _it_"
MARKDOWN_KINDS = (
    "markdown",
    "caption",
    "error",
    "warning",
    "info",
    "success",
    "title",
    "header",
    "subheader",
)
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A CommonMark backslash escape: a backslash before ASCII punctuation shows the punctuation."""


@pytest.fixture(autouse=True)
def _strict_app(strict_app: None) -> None:
    """Unexpected exceptions reach ``at.exception`` instead of a friendly message."""


def _packed(raw: bytes) -> str:
    """A link parameter made by hand: base64url(zlib(raw)), padding dropped."""
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def _json_link(data: Any) -> str:
    return _packed(json.dumps(data).encode("utf-8"))


def _errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def _inhouse_tco(at: AppTest) -> str:
    found = [m.value for m in at.metric if m.label == "In-house TCO"]
    assert len(found) == 1, [m.label for m in at.metric]
    return str(found[0])


def _usd(updates: dict[str, Any]) -> str:
    """The In-house TCO the engine gives the default scenario with ``updates``, as shown."""
    tco = float(summarise(project_scenario(with_values(default_scenario(), updates))).tco[0, 0])
    return f"USD {round(tco):,}"


def _one_clear_message(at: AppTest, fragment: str) -> str:
    """Exactly one error, on one line, of a sane length, holding ``fragment``."""
    assert not at.exception, [e.value for e in at.exception]
    errors = _errors(at)
    assert len(errors) == 1, errors
    message = errors[0]
    assert fragment in ESCAPED.sub(r"\1", message), message
    assert "\n" not in message
    assert len(message) <= MAX_MESSAGE_CHARS, len(message)
    assert "Traceback" not in message
    return message


def _refusal(load: Callable[..., Any], *args: Any) -> str | None:
    """The message of the ScenarioError ``load`` raises, None when it loads; anything else
    it raises fails the test."""
    try:
        load(*args)
    except ScenarioError as exc:
        return str(exc)
    return None


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown."""
    texts = [str(e.value) for kind in MARKDOWN_KINDS for e in at.get(kind)]
    for metric in at.metric:
        texts += [str(part) for part in (metric.label, metric.value, metric.delta) if part]
    return texts


def _assert_shown_as_text(at: AppTest, text: str) -> None:
    """``text`` is on the page, and only escaped: Markdown shows it exactly as typed."""
    texts = _markdown_texts(at)
    assert any(text in ESCAPED.sub(r"\1", t) for t in texts), f"{text!r} is not shown"
    raw = [t for t in texts if text in t]
    assert not raw, f"{text!r} is shown unescaped (Markdown would render it): {raw}"


# ---------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------

NESTED_ARRAYS = b"x = " + b"[" * 100_000 + b"]" * 100_000
UPLOADS: list[tuple[str, bytes, str]] = [
    ("empty", b"", "the file is empty"),
    ("blank", b"  \n\t\n", "the file is empty"),
    ("binary", bytes(range(256)), "binary data"),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(64), "binary data"),
    ("truncated table", b'name = "x"\n[organisation]\nusers = 5\n[mail', "not valid TOML"),
    ("truncated string", b'name = "unterminated', "not valid TOML"),
    ("over the scenario limit", b"#" * (MAX_SCENARIO_BYTES + 1), "262,144-byte limit"),
    ("over the upload limit", b"#" * (2 * 1024 * 1024), "262,144-byte limit"),
    ("nested arrays", NESTED_ARRAYS, "nested too deeply"),
    ("nested inline tables", b"x = " + b"{a=" * 5_000 + b"1" + b"}" * 5_000, "nested too deeply"),
    ("nested tables", b"[" + b".".join([b"a"] * 500) + b"]\nx = 1\n", "nested deeper than 8"),
    ("UTF-16", 'name = "x"'.encode("utf-16"), "UTF-16 or UTF-32"),
    ("UTF-16 without BOM", 'name = "x"'.encode("utf-16-le"), "binary data"),
    ("Latin-1", 'name = "caf\xe9"'.encode("latin-1"), "not UTF-8"),
    ("unknown field", b"[organisation]\nheadcount = 5\n", "organisation.headcount: unknown field"),
    ("unknown section", b"[evil]\nx = 1\n", "evil: unknown field"),
    (
        "many unknown fields",
        b"[organisation]\n" + b"".join(f"k{i} = {i}\n".encode() for i in range(5_000)),
        "more problems",
    ),
    (
        "text for a number",
        b'[organisation]\nusers = "500"\n',
        "Users today (organisation.users) = '500': expected a number",
    ),
    ("true for a number", b"[organisation]\nusers = true\n", "expected a number, not bool"),
    ("number for true/false", b"[risk]\ninclude_downtime = 1\n", "expected true or false"),
    ("nan", b"[organisation]\ngrowth_pct_per_year = nan\n", "should be a finite number"),
    ("inf", b"[organisation]\nusers = inf\n", "Users today (organisation.users) = inf"),
    ("a 5,000-digit number", b"[organisation]\nusers = " + b"9" * 5_000 + b"\n", "not valid TOML"),
    ("out of range", b"[organisation]\nusers = 0\n", "Users today (organisation.users) = 0"),
    ("YAML with aliases", b"a: &x [1, 2]\nb: *x\n", "not valid TOML"),
    (
        "bad plan row",
        b'[[plans]]\nprovider = "a"\nplan = "b"\nprice_per_user_month = -1\n'
        b"mailbox_gb = 1\nattachment_mb = 1\nsla_pct = 99\n",
        "Price (plans[0].price_per_user_month) = -1",
    ),
]


@pytest.mark.parametrize(("case", "data", "fragment"), UPLOADS, ids=[c[0] for c in UPLOADS])
def test_the_upload_function_refuses_with_one_line(case: str, data: bytes, fragment: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        state.scenario_from_upload("mine.toml", data)
    message = str(caught.value)
    assert message.startswith("mine.toml: "), message
    assert fragment in message
    assert "\n" not in message
    assert len(message) <= MAX_MESSAGE_CHARS


def test_the_upload_function_refuses_other_file_types() -> None:
    with pytest.raises(ScenarioFileError, match=r"^notes\.yaml: not a \.toml scenario file$"):
        state.scenario_from_upload("notes.yaml", b'name = "x"\n')


def test_every_bad_upload_is_one_message_and_the_app_keeps_working(app: AppTest) -> None:
    shown = _inhouse_tco(app)
    assert shown == _usd({})
    failures = []
    for case, data, fragment in UPLOADS:
        app.file_uploader(key="upload").upload("mine.toml", data, "application/toml").run()
        try:
            message = _one_clear_message(app, fragment)
            assert message.startswith("mine.toml: "), message
            assert _inhouse_tco(app) == shown, "the numbers changed"
        except AssertionError as exc:
            failures.append(f"{case}: {exc}")
    assert not failures, "\n".join(failures)
    good = b'name = "After the storm"\n[organisation]\nusers = 640\n'
    app.file_uploader(key="upload").upload("good.toml", good, "application/toml").run()
    assert not app.exception
    assert _errors(app) == []
    assert app.number_input(key="field:organisation.users").value == 640
    assert _inhouse_tco(app) == _usd({"organisation.users": 640})


def test_any_failure_while_reading_an_upload_is_one_message(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only planner errors: whatever reading an upload raises, the page shows one line."""

    def broken(name: str, data: bytes) -> Any:
        raise MemoryError

    shown = _inhouse_tco(app)
    monkeypatch.setattr(state, "scenario_from_upload", broken)
    app.file_uploader(key="upload").upload("mine.toml", b'name = "x"\n', "text/plain").run()
    assert _one_clear_message(app, "mine.toml: cannot be read (MemoryError)")
    assert _inhouse_tco(app) == shown


@pytest.mark.parametrize(
    "file_name",
    ["![pixel](http://example.invalid/p.png).toml", f"{HOSTILE_HTML}.toml", "**bold**.toml"],
)
def test_a_hostile_file_name_is_shown_as_text(app: AppTest, file_name: str) -> None:
    app.file_uploader(key="upload").upload(
        file_name, b"[organisation]\nusers = -5\n", "application/toml"
    ).run()
    _one_clear_message(app, f"{file_name}: Users today (organisation.users) = -5")
    _assert_shown_as_text(app, file_name)


@given(data=hs.binary(max_size=2_000))
@example(data=NESTED_ARRAYS)
@example(data=b"\xef\xbb\xbf" + b"[" * 5_000)
@FUZZ
def test_the_upload_function_only_ever_raises_a_scenario_error(data: bytes) -> None:
    message = _refusal(state.scenario_from_upload, "fuzz.toml", data)
    assert message is None or message.startswith("fuzz.toml: ")


# ---------------------------------------------------------------------------
# Share links (query parameters)
# ---------------------------------------------------------------------------

DEEP_LINK = _packed(b"[" * 50_000)
"""A short link (a few hundred characters) that inflates to 50,000 nested JSON arrays."""
LINKS: list[tuple[str, dict[str, str], str]] = [
    ("garbage", {"scenario": "!!!!***"}, "damaged or cut short"),
    ("one character", {"scenario": "a"}, "damaged or cut short"),
    (
        "base64 of text",
        {"scenario": base64.urlsafe_b64encode(b"hello world").decode()},
        "damaged or cut short",
    ),
    ("zlib of text", {"scenario": _packed(b"not json")}, "damaged or cut short"),
    ("zlib of bytes", {"scenario": _packed(b"\xff\xfe\xfd")}, "damaged or cut short"),
    ("deeply nested JSON", {"scenario": DEEP_LINK}, "nested too deeply"),
    (
        "nested objects",
        {"scenario": _packed(b'{"a":' * 500 + b"1" + b"}" * 500)},
        "nested deeper than 8 levels",
    ),
    ("huge parameter", {"scenario": "A" * 20_000}, "at most 16,384 are read"),
    ("zip bomb", {"scenario": _packed(b" " * (10 * 1024 * 1024))}, "262,144-byte limit"),
    ("JSON null", {"scenario": _packed(b"null")}, "not a table of scenario sections"),
    ("JSON list", {"scenario": _packed(b"[1, 2]")}, "not a table of scenario sections"),
    (
        "out of range",
        {"scenario": _json_link({"organisation": {"users": 0}})},
        "link: Users today (organisation.users) = 0",
    ),
    (
        "NaN",
        {"scenario": _packed(b'{"organisation": {"growth_pct_per_year": NaN}}')},
        "Headcount growth (organisation.growth_pct_per_year) = nan",
    ),
    (
        "Infinity",
        {"scenario": _packed(b'{"organisation": {"users": Infinity}}')},
        "Users today (organisation.users) = inf",
    ),
    (
        "5,000-digit number",
        {"scenario": _packed(b'{"organisation": {"users": ' + b"9" * 5_000 + b"}}")},
        "damaged or cut short",
    ),
    (
        "text for a number",
        {"scenario": _json_link({"organisation": {"users": "abc"}})},
        "Users today (organisation.users) = 'abc': expected a number",
    ),
    (
        "unknown field",
        {"scenario": _json_link({"organisation": {"headcount": 5}})},
        "organisation.headcount: unknown field",
    ),
    ("a section as text", {"scenario": _json_link({"organisation": "x"})}, "organisation = 'x'"),
    ("no plans", {"scenario": _json_link({"plans": []})}, "plans"),
    ("unknown preset", {"preset": "../../etc/passwd"}, "preset '../../etc/passwd' does not exist"),
    ("empty preset", {"preset": ""}, "preset '' does not exist"),
    ("huge preset", {"preset": "x" * 100_000}, "does not exist"),
    ("HTML preset", {"preset": "<script>alert(1)</script>"}, "preset '<script>alert(1)</script>'"),
    ("bad preset and bad scenario", {"preset": "nope", "scenario": "!!"}, "damaged or cut short"),
]


def test_the_crafted_deep_link_is_short() -> None:
    """The link that crashed the app (RecursionError) fits in an address bar."""
    assert len(DEEP_LINK) < 400
    with pytest.raises(ScenarioFileError, match="nested too deeply"):
        state.decode_scenario(DEEP_LINK)


@pytest.mark.parametrize(("case", "params", "fragment"), LINKS, ids=[c[0] for c in LINKS])
def test_a_bad_link_is_one_message_and_the_app_keeps_working(
    new_app: Callable[[], AppTest], case: str, params: dict[str, str], fragment: str
) -> None:
    at = new_app()
    at.query_params.update(params)
    at.run()
    message = _one_clear_message(at, fragment)
    assert message.startswith("link: "), message
    assert _inhouse_tco(at) == _usd({}), "the default preset is shown"
    at.number_input(key="field:organisation.users").set_value(640).run()
    assert not at.exception
    assert _inhouse_tco(at) == _usd({"organisation.users": 640})


def test_any_failure_while_reading_a_link_is_one_message(
    new_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only planner errors: whatever reading a link raises, the page shows one line."""

    def broken(param: str, source: str = "link") -> Any:
        raise KeyError("surprise")

    monkeypatch.setattr(state, "decode_scenario", broken)
    at = new_app()
    at.query_params["scenario"] = "anything"
    at.run()
    message = _one_clear_message(at, "cannot be read (KeyError)")
    assert message.startswith("link: the scenario in the address (parameter scenario)")
    assert _inhouse_tco(at) == _usd({})


def test_an_unexpected_error_is_one_escaped_message_without_a_traceback(
    new_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside tests (no PLANNER_APP_STRICT) a bug becomes one short message, its text
    escaped like any other."""

    def broken() -> None:
        raise ValueError(f"**boom** {HOSTILE_HTML}")

    monkeypatch.setenv(STRICT_ENV, "0")
    monkeypatch.setattr(page, "render", broken)
    at = new_app().run()
    message = _one_clear_message(at, f"(ValueError: **boom** {HOSTILE_HTML})")
    assert message.startswith("Something went wrong while drawing the page")
    _assert_shown_as_text(at, f"**boom** {HOSTILE_HTML}")


def test_a_huge_preset_name_is_not_echoed_whole(new_app: Callable[[], AppTest]) -> None:
    at = new_app()
    at.query_params["preset"] = "x" * 100_000
    at.run()
    assert len(_one_clear_message(at, "does not exist")) < 200


def test_an_unknown_view_opens_the_overview(new_app: Callable[[], AppTest]) -> None:
    at = new_app()
    at.query_params["view"] = "<script>alert(1)</script>"
    at.run()
    assert not at.exception
    assert _errors(at) == []
    assert _inhouse_tco(at) == _usd({})


@given(param=hs.text(max_size=300))
@example(param=DEEP_LINK)
@example(param=_packed(b"{" * 3_000))
@FUZZ
def test_decoding_any_text_only_ever_raises_a_scenario_error(param: str) -> None:
    message = _refusal(state.decode_scenario, param)
    assert message is None or message.startswith("link")


@given(data=field_assignments())
@FUZZ
def test_decoding_any_packed_scenario_data_only_ever_raises_a_scenario_error(
    data: dict[str, Any],
) -> None:
    message = _refusal(state.decode_scenario, _packed(json.dumps(data, default=str).encode()))
    assert message is None or message.startswith("link")


# ---------------------------------------------------------------------------
# The plans table
# ---------------------------------------------------------------------------

BAD_ROWS: list[tuple[str, dict[str, Any], str]] = [
    (
        "negative price",
        {"price_per_user_month": -1.0},
        "Plans table row 2 (WorldPosta Business (illustrative)): "
        "Price (price_per_user_month) = -1.0: ",
    ),
    (
        "max below min users",
        {"min_users": 10, "max_users": 5},
        "Plans table row 2 (WorldPosta Business (illustrative)): max_users 5 is below min_users 10",
    ),
    (
        "text in a number",
        {"price_per_user_month": "abc"},
        "Plans table row 2 (WorldPosta Business (illustrative)): "
        "Price (price_per_user_month): missing",
    ),
    (
        "infinite price",
        {"price_per_user_month": float("inf")},
        "Plans table row 2 (WorldPosta Business (illustrative)): "
        "Price (price_per_user_month) = inf",
    ),
    (
        "SLA over 100",
        {"sla_pct": 101.0},
        "Plans table row 2 (WorldPosta Business (illustrative)): "
        "SLA availability (sla_pct) = 101.0: ",
    ),
    (
        "no provider",
        {"provider": None},
        "Plans table row 2 (Business (illustrative)): Provider (provider): missing (required)",
    ),
    (
        "same name twice",
        {"plan": "Basic (illustrative)"},
        "Plans table row 2 (WorldPosta Basic (illustrative)): the same provider and plan as row 1",
    ),
]


def open_plans(at: AppTest) -> None:
    """Open the plans table's expander (a closed one draws no table) and run."""
    at.session_state[PLANS_OPEN_KEY] = True
    at.run()


@pytest.mark.parametrize(("case", "edit", "expected"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_plan_row_names_the_row_and_the_field(
    app: AppTest, case: str, edit: dict[str, Any], expected: str
) -> None:
    shown = _inhouse_tco(app)
    hosted = [m.value for m in app.metric if m.label == "Cheapest hosted TCO"]
    open_plans(app)
    key = app.data_editor[0].key
    app.session_state[key] = {"edited_rows": {1: edit}, "added_rows": [], "deleted_rows": []}
    app.run()
    message = _one_clear_message(app, expected)
    assert message.startswith(expected), message
    assert _inhouse_tco(app) == shown
    assert [m.value for m in app.metric if m.label == "Cheapest hosted TCO"] == hosted


def test_a_table_without_plans_says_so(app: AppTest) -> None:
    open_plans(app)
    rows = len(app.data_editor[0].value)
    key = app.data_editor[0].key
    app.session_state[key] = {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": list(range(rows)),
    }
    app.run()
    _one_clear_message(app, "Plans table: needs at least one plan")


# ---------------------------------------------------------------------------
# Names that look like HTML, Markdown or a formula
# ---------------------------------------------------------------------------

MARKUP = set("\\`*[]<>!$~|#")


@given(text=hs.text(max_size=80))
@example(text=HOSTILE_NAME)
@example(text="1. a\n\n[r]: http://example.invalid/p.png\n![x][r] _i_ a_b \\*")
@FUZZ
def test_plain_text_reads_back_exactly_and_leaves_no_markup(text: str) -> None:
    """``ui.formats.plain``: resolving the backslash escapes gives the text back (on one
    line), and no Markdown character is left unescaped."""
    shown = plain(text)
    assert ESCAPED.sub(r"\1", shown) == " ".join(text.splitlines())
    assert not MARKUP & set(ESCAPED.sub("", shown))
    assert len(shown.splitlines()) <= 1


def test_a_scenario_name_from_a_link_is_shown_as_text(new_app: Callable[[], AppTest]) -> None:
    at = new_app()
    at.query_params["scenario"] = _json_link(
        {"name": HOSTILE_NAME, "description": HOSTILE_DESCRIPTION}
    )
    at.run()
    assert not at.exception
    assert _errors(at) == []
    _assert_shown_as_text(at, HOSTILE_NAME)
    _assert_shown_as_text(at, HOSTILE_DESCRIPTION)
    at.session_state[GROUP_KEY] = group_id_of("name")
    at.run()
    assert at.text_input(key="field:name").value == HOSTILE_NAME


def test_a_scenario_name_typed_in_is_shown_as_text(app: AppTest) -> None:
    app.session_state[GROUP_KEY] = group_id_of("name")
    app.run()
    app.text_input(key="field:name").input(HOSTILE_NAME).run()
    assert not app.exception
    assert _errors(app) == []
    _assert_shown_as_text(app, HOSTILE_NAME)


def test_a_plan_name_is_shown_as_text_in_messages_and_metrics(app: AppTest) -> None:
    quote = {
        "provider": HOSTILE_HTML,
        "plan": "**bold** [click](http://example.invalid)",
        "price_per_user_month": 0.01,
        "mailbox_gb": 100.0,
        "attachment_mb": 150.0,
        "sla_pct": 99.99,
    }
    label = f"{quote['provider']} {quote['plan']}"
    open_plans(app)
    key = app.data_editor[0].key
    app.session_state[key] = {"edited_rows": {}, "added_rows": [quote], "deleted_rows": []}
    app.run()
    assert not app.exception
    assert _errors(app) == []
    hosted = [m for m in app.metric if m.label == "Cheapest hosted TCO"]
    assert ESCAPED.sub(r"\1", str(hosted[0].delta)) == label, "the quote is the cheapest"
    _assert_shown_as_text(app, label)
    # The same row, invalid: the message quotes the name, escaped too.
    app.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{**quote, "sla_pct": 50.0}],
        "deleted_rows": [],
    }
    app.run()
    message = _one_clear_message(app, f"({label}): SLA availability (sla_pct) = 50.0")
    assert label not in message


def test_a_hostile_currency_is_refused_and_shown_as_text(app: AppTest) -> None:
    shown = _inhouse_tco(app)
    app.session_state[GROUP_KEY] = group_id_of("finance.currency")
    app.run()
    app.text_input(key="field:finance.currency").input("<b>").run()
    assert not app.exception
    errors = _errors(app)
    assert len(errors) == 1, errors  # the list of invalid inputs, one per line
    assert "\n- Display currency (finance.currency) = '\\<b\\>': " in errors[0]
    _assert_shown_as_text(app, "'<b>'")
    assert _inhouse_tco(app) == shown


def test_the_csv_download_keeps_a_formula_name_inert() -> None:
    """The bytes the app's CSV button serves (ui.results.report_csv_of) hold no formula."""
    scenario = with_values(
        default_scenario(),
        {
            "name": "=1+1",
            "plans": [
                {
                    "provider": "@SUM(A1)",
                    "plan": "-2+3",
                    "price_per_user_month": 1.0,
                    "mailbox_gb": 50.0,
                    "attachment_mb": 25.0,
                    "sla_pct": 99.9,
                },
            ],
        },
    )
    data = report_csv_of(scenario, project_scenario(scenario))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    cells = [cell for row in rows[1:] for cell in row[:5]]  # the text columns
    assert "'=1+1" in cells
    assert "'@SUM(A1) -2+3" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")], "a cell a spreadsheet would run"
