"""Hostile scenario files get exactly one clear message, and nothing else happens.

Every case goes through the three doors a file can come in by: ``parse_text`` (uploads),
``load_scenario`` (a path) and the command line (``planner validate`` / ``planner report``).
The rules: a ScenarioError (never another exception), one line that names the file; on the
command line exit status 2, one line on stderr starting ``planner: error:``, nothing on stdout,
no traceback, and no file written.
"""

from __future__ import annotations

import csv
import os
import random
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.engine.projection import project_scenario
from planner.engine.summary import summarise
from planner.errors import ScenarioError, ScenarioFileError, ScenarioValueError
from planner.model.files import MAX_SCENARIO_BYTES, load_scenario, parse_text

REPO_ROOT = Path(__file__).resolve().parents[2]
SMALL_OFFICE = (REPO_ROOT / "scenarios" / "small_office.toml").read_bytes()
NAME = b'name = "hostile"\n'


def _deep_arrays(levels: int) -> bytes:
    return NAME + b"[organisation]\nusers = " + b"[" * levels + b"1" + b"]" * levels + b"\n"


def _deep_inline_tables(levels: int) -> bytes:
    return NAME + b"x = " + b"{a = " * levels + b"1" + b"}" * levels + b"\n"


def _deep_table_headers(levels: int) -> bytes:
    return NAME + b"[" + b".".join([b"organisation"] * levels) + b"]\nusers = 1\n"


_rng = random.Random(20261128)
RANDOM_BYTES = bytes(_rng.getrandbits(8) for _ in range(4096))
RANDOM_PRINTABLE = "".join(_rng.choice("[]{}=\"'.,#\n abc123") for _ in range(2000)).encode()

# (id, file bytes, expected error class, fragment the message must contain)
HOSTILE: list[object] = [
    pytest.param(b"", ScenarioFileError, "empty", id="empty"),
    pytest.param(b" \n\t\r\n   \n", ScenarioFileError, "empty", id="whitespace-only"),
    pytest.param(NAME + b"\x00\x00\x00", ScenarioFileError, "binary", id="nul-bytes"),
    pytest.param(RANDOM_BYTES, ScenarioFileError, "", id="random-bytes"),
    pytest.param(RANDOM_PRINTABLE, ScenarioFileError, "TOML", id="random-toml-punctuation"),
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), ScenarioFileError, "", id="png-image"
    ),
    pytest.param(
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(32), ScenarioFileError, "", id="zip-or-xlsx"
    ),
    pytest.param(
        SMALL_OFFICE[: SMALL_OFFICE.index(b"[mail]") + 3],
        ScenarioFileError,
        "not valid TOML",
        id="truncated-in-a-table-header",
    ),
    pytest.param(b'name = "Small off', ScenarioFileError, "not valid TOML", id="truncated-string"),
    pytest.param(
        NAME + b"[organisation]\nusers =",
        ScenarioFileError,
        "not valid TOML",
        id="truncated-after-equals",
    ),
    pytest.param(
        b"#" * (MAX_SCENARIO_BYTES + 1),
        ScenarioFileError,
        f"{MAX_SCENARIO_BYTES:,}",
        id="over-the-size-limit",
    ),
    pytest.param(
        NAME + b"description = '" + b"x" * MAX_SCENARIO_BYTES + b"'\n",
        ScenarioFileError,
        f"{MAX_SCENARIO_BYTES:,}",
        id="valid-toml-over-the-size-limit",
    ),
    pytest.param(_deep_arrays(20), ScenarioValueError, "nested", id="arrays-20-deep"),
    pytest.param(_deep_inline_tables(20), ScenarioValueError, "nested", id="inline-tables-20-deep"),
    pytest.param(_deep_table_headers(20), ScenarioValueError, "nested", id="table-headers-20-deep"),
    pytest.param(
        _deep_arrays(1000),
        ScenarioError,
        "nested",
        id="arrays-1000-deep",
    ),
    pytest.param(
        _deep_inline_tables(1000),
        ScenarioError,
        "nested",
        id="inline-tables-1000-deep",
    ),
    # YAML features that expand or execute: TOML has none, so they are syntax errors.
    pytest.param(
        b"base: &base\n  users: 5\norganisation:\n  <<: *base\n",
        ScenarioFileError,
        "not valid TOML",
        id="yaml-anchor-and-alias",
    ),
    pytest.param(
        b"name = !!python/object/apply:os.system ['touch pwned']\n",
        ScenarioFileError,
        "not valid TOML",
        id="yaml-python-tag",
    ),
    pytest.param(b"---\nname: x\n...\n", ScenarioFileError, "not valid TOML", id="yaml-document"),
    pytest.param(
        b'{"name": "json", "organisation": {"users": 5}}',
        ScenarioFileError,
        "not valid TOML",
        id="json-text",
    ),
    pytest.param(
        NAME + b'include = "/etc/passwd"\n',
        ScenarioValueError,
        "include: unknown field",
        id="include-directive-is-just-an-unknown-field",
    ),
    # Wrong encodings.
    pytest.param('name = "x"\n'.encode("utf-16"), ScenarioFileError, "", id="utf-16-with-bom"),
    pytest.param('name = "x"\n'.encode("utf-16-be"), ScenarioFileError, "", id="utf-16-no-bom"),
    pytest.param('name = "x"\n'.encode("utf-32"), ScenarioFileError, "", id="utf-32"),
    pytest.param(
        'name = "Caf\u00e9 M\u00fcller"\n'.encode("latin-1"),
        ScenarioFileError,
        "UTF-8",
        id="latin-1",
    ),
    pytest.param(
        'name = "\u201cquoted\u201d"\n'.encode("cp1252"),
        ScenarioFileError,
        "UTF-8",
        id="windows-1252",
    ),
    pytest.param(b'name = "x\xed\xa0\x80"\n', ScenarioFileError, "UTF-8", id="utf-8-surrogate"),
    # Unknown fields.
    pytest.param(
        NAME + b"colour = 'blue'\n",
        ScenarioValueError,
        "colour: unknown field",
        id="unknown-top-level-field",
    ),
    pytest.param(
        NAME + b"[organisation]\nuser = 25\n",
        ScenarioValueError,
        "organisation.user: unknown field",
        id="misspelt-field",
    ),
    pytest.param(
        NAME + b"[budget]\nlimit = 5\n",
        ScenarioValueError,
        "budget: unknown field",
        id="unknown-section",
    ),
    # Wrong types.
    pytest.param(
        NAME + b"[organisation]\nusers = 'many'\n",
        ScenarioValueError,
        "Users today (organisation.users) = 'many'",
        id="string-where-a-number-belongs",
    ),
    pytest.param(
        NAME + b"[organisation]\nusers = [1, 2]\n",
        ScenarioValueError,
        "organisation.users",
        id="array-where-a-number-belongs",
    ),
    pytest.param(
        NAME + b"[organisation.users]\nlow = 1\n",
        ScenarioValueError,
        "organisation.users",
        id="table-where-a-number-belongs",
    ),
    pytest.param(
        NAME + b"[mail]\nmailbox_gb = 2026-01-01\n",
        ScenarioValueError,
        "mail.mailbox_gb",
        id="date-where-a-number-belongs",
    ),
    pytest.param(
        NAME + b"organisation = 5\n",
        ScenarioValueError,
        "organisation = 5",
        id="number-where-a-table-belongs",
    ),
    pytest.param(
        b"name = 5\n",
        ScenarioValueError,
        "Scenario name (name) = 5",
        id="number-where-text-belongs",
    ),
    pytest.param(
        NAME + b"[inhouse.disaster_recovery]\nlevel = 'cold_site'\n",
        ScenarioValueError,
        "'hot_site'",
        id="unknown-choice",
    ),
    pytest.param(NAME + b"plans = []\n", ScenarioValueError, "plans", id="no-plans"),
    pytest.param(NAME + b"plans = 'all'\n", ScenarioValueError, "plans", id="plans-as-text"),
    # NaN, infinity and enormous numbers (all valid TOML).
    pytest.param(
        NAME + b"[mail]\nmailbox_gb = nan\n",
        ScenarioValueError,
        "Mailbox size used today (mail.mailbox_gb) = nan",
        id="nan",
    ),
    pytest.param(
        NAME + b"[mail]\nmailbox_gb = +inf\n",
        ScenarioValueError,
        "Mailbox size used today (mail.mailbox_gb) = inf",
        id="inf",
    ),
    pytest.param(
        NAME + b"[organisation]\ngrowth_pct_per_year = -inf\n",
        ScenarioValueError,
        "Headcount growth (organisation.growth_pct_per_year) = -inf",
        id="minus-inf",
    ),
    pytest.param(
        NAME + b"[organisation]\nusers = nan\n",
        ScenarioValueError,
        "Users today (organisation.users) = nan",
        id="nan-in-a-whole-number-field",
    ),
    pytest.param(
        NAME + b"[mail]\nmailbox_gb = 1e400\n",
        ScenarioValueError,
        "mail.mailbox_gb",
        id="float-overflowing-to-inf",
    ),
    pytest.param(
        NAME + b"[organisation]\nusers = 99999999999999999999999999999999\n",
        ScenarioValueError,
        "1,000,000",
        id="enormous-integer",
    ),
    pytest.param(
        NAME + b"[organisation]\nusers = 1" + b"0" * 5000 + b"\n",
        ScenarioError,
        "digits",
        id="integer-of-5000-digits",
    ),
    pytest.param(
        NAME + b"[[plans]]\nprovider = 'A'\nplan = 'B'\nprice_per_user_month = nan\n"
        b"mailbox_gb = 50\nattachment_mb = 25\nsla_pct = 99.9\n",
        ScenarioValueError,
        "Price (plans[0].price_per_user_month) = nan",
        id="nan-in-a-plan",
    ),
    pytest.param(
        NAME + b"name = 'twice'\n", ScenarioFileError, "not valid TOML", id="duplicate-key"
    ),
]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _assert_one_clear_line(message: str, source: str) -> None:
    assert "\n" not in message, message
    assert "\r" not in message, message
    assert source in message, message
    assert "Traceback" not in message


def _assert_cli_error(code: int, out: str, err: str) -> None:
    assert code == 2, (code, err)
    assert out == ""
    assert err.startswith("planner: error: "), err
    assert err.count("\n") == 1, err
    assert err.endswith("\n"), err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# The three doors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "error", "fragment"), HOSTILE)
def test_parse_text_gives_one_clear_error(
    raw: bytes, error: type[ScenarioError], fragment: str
) -> None:
    with pytest.raises(error) as caught:
        parse_text(raw, "upload.toml")
    message = str(caught.value)
    _assert_one_clear_line(message, "upload.toml")
    assert message.startswith("upload.toml: ")
    assert fragment in message


@pytest.mark.parametrize(("raw", "error", "fragment"), HOSTILE)
def test_load_scenario_gives_one_clear_error(
    raw: bytes, error: type[ScenarioError], fragment: str, tmp_path: Path
) -> None:
    path = tmp_path / "scenario.toml"
    path.write_bytes(raw)
    before = _files(tmp_path)
    with pytest.raises(error) as caught:
        load_scenario(path)
    _assert_one_clear_line(str(caught.value), str(path))
    assert fragment in str(caught.value)
    assert _files(tmp_path) == before
    assert path.read_bytes() == raw


REPORT_FILES = ["--csv", "out.csv", "--xlsx", "out.xlsx", "--html", "out.html"]


@pytest.mark.parametrize(
    "command",
    [["validate"], ["report"], ["report", *REPORT_FILES]],
    ids=["validate", "report", "report-with-files"],
)
@pytest.mark.parametrize(("raw", "error", "fragment"), HOSTILE)
def test_command_line_gives_one_line_and_exit_2(
    raw: bytes,
    error: type[ScenarioError],
    fragment: str,
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenario.toml").write_bytes(raw)
    before = _files(tmp_path)
    code = main([command[0], "scenario.toml", *command[1:]])
    out, err = capsys.readouterr()
    _assert_cli_error(code, out, err)
    assert "scenario.toml" in err
    assert fragment in err
    assert _files(tmp_path) == before, "a rejected scenario must not write anything"


@pytest.mark.parametrize(("raw", "error", "fragment"), HOSTILE)
def test_batch_skips_a_hostile_file_with_one_line(
    raw: bytes,
    error: type[ScenarioError],
    fragment: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``planner batch`` evaluates the good file, skips the bad one with one line, exits 1."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "bad.toml").write_bytes(raw)
    (folder / "good.toml").write_bytes(SMALL_OFFICE)
    out_csv = tmp_path / "all.csv"
    code = main(["batch", str(folder), "--csv", str(out_csv)])
    _, err = capsys.readouterr()
    assert code == 1, err
    skipped = [line for line in err.splitlines() if line.startswith("planner: skipped: ")]
    assert len(skipped) == 1, err
    assert str(folder / "bad.toml") in skipped[0]
    assert fragment in skipped[0]
    assert "Traceback" not in err
    rows = out_csv.read_text(encoding="utf-8").splitlines()[1:]
    assert rows
    assert all(row.startswith("Small office") for row in rows)


# ---------------------------------------------------------------------------
# What is accepted, and accepted only as plain data
# ---------------------------------------------------------------------------


def test_a_file_of_exactly_the_size_limit_loads(tmp_path: Path) -> None:
    padding = MAX_SCENARIO_BYTES - len(NAME) - 1
    raw = NAME + b"#" * padding + b"\n"
    assert len(raw) == MAX_SCENARIO_BYTES
    assert parse_text(raw).name == "hostile"
    path = tmp_path / "limit.toml"
    path.write_bytes(raw)
    assert load_scenario(path).name == "hostile"


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse_text(b"\xef\xbb\xbf" + NAME).name == "hostile"


def test_yaml_tags_inside_strings_are_plain_text_and_run_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    raw = (
        b"name = \"!!python/object/apply:os.system ['touch pwned']\"\n"
        b"description = '&anchor *alias <<: *anchor ${HOME} $(touch pwned) `touch pwned`'\n"
    )
    scenario = parse_text(raw)
    assert scenario.name == "!!python/object/apply:os.system ['touch pwned']"
    assert scenario.description.startswith("&anchor *alias")
    assert not marker.exists()
    assert _files(tmp_path) == []


def test_formula_like_names_are_inert_in_the_command_line_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names typed by users never reach a spreadsheet as a formula (OWASP CSV injection)."""
    scenario = tmp_path / "formulas.toml"
    scenario.write_bytes(
        b'name = "=HYPERLINK(\\"http://example.invalid\\",\\"x\\")"\n'
        b'[[plans]]\nprovider = "@SUM(1+1)"\nplan = "cmd|\' /C calc\'!A0"\n'
        b"price_per_user_month = 4.0\nmailbox_gb = 50\nattachment_mb = 35\nsla_pct = 99.9\n"
        b'[[plans]]\nprovider = "+1"\nplan = "-1"\nprice_per_user_month = 4.0\n'
        b"mailbox_gb = 50\nattachment_mb = 35\nsla_pct = 99.9\n"
    )
    out_csv = tmp_path / "out.csv"
    assert main(["report", str(scenario), "--csv", str(out_csv)]) == 0
    capsys.readouterr()
    with out_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    texts = {row[column] for row in rows for column in ("scenario", "option")}
    assert any("HYPERLINK" in t for t in texts)
    assert any("@SUM" in t for t in texts)
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_scenario_name_that_looks_like_a_path_is_only_a_name(tmp_path: Path) -> None:
    scenario = parse_text(b'name = "../../etc/passwd"\n')
    assert scenario.name == "../../etc/passwd"


def test_negative_zero_loads_as_zero_and_costs_stay_non_negative() -> None:
    raw = NAME + (
        b"[organisation]\ngrowth_pct_per_year = -0.0\n"
        b"[inhouse.servers]\nprice = -0.0\n[hosted]\nmigration_fixed = -0.0\n"
    )
    scenario = parse_text(raw)
    assert scenario.organisation.growth_pct_per_year == 0
    assert scenario.inhouse.servers.price == 0
    projection = project_scenario(scenario)
    assert (projection.capital >= 0).all()
    assert (projection.operating >= 0).all()
    assert (summarise(projection).tco_cash >= 0).all()


def test_negative_zero_never_shows_as_minus_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "negzero.toml"
    path.write_bytes(NAME + b"[organisation]\ngrowth_pct_per_year = -0.0\n")
    assert main(["report", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "-0%" not in out
    assert load_scenario(path).organisation.growth_pct_per_year.hex() == (0.0).hex()


# ---------------------------------------------------------------------------
# Silent coercions: a wrong type must be named, not guessed
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        pytest.param(b"[organisation]\nusers = true\n", "organisation.users", id="bool-as-users"),
        pytest.param(
            b"[mail]\nmailbox_growth_gb_per_year = false\n",
            "mail.mailbox_growth_gb_per_year",
            id="bool-as-gb",
        ),
        pytest.param(b"[organisation]\nusers = '25'\n", "organisation.users", id="text-as-users"),
        pytest.param(
            b"[inhouse.servers]\nprice = '1e3'\n", "inhouse.servers.price", id="text-as-price"
        ),
        pytest.param(
            b"[risk]\ninclude_downtime = 'yes'\n", "risk.include_downtime", id="text-as-switch"
        ),
        pytest.param(
            b"[risk]\ninclude_downtime = 1\n", "risk.include_downtime", id="number-as-switch"
        ),
    ],
)
def test_wrong_types_are_named_not_coerced(raw: bytes, path: str) -> None:
    with pytest.raises(ScenarioValueError) as caught:
        parse_text(NAME + raw, "lax.toml")
    assert path in str(caught.value)


# ---------------------------------------------------------------------------
# Message quality
# ---------------------------------------------------------------------------


@pytest.mark.slow  # validates a file with thousands of problems
def test_thousands_of_problems_still_give_a_short_message() -> None:
    raw = NAME + b"plans = [" + b"{}," * 60_000 + b"]\n"
    assert len(raw) < MAX_SCENARIO_BYTES
    with pytest.raises(ScenarioValueError) as caught:
        parse_text(raw, "many.toml")
    assert len(str(caught.value)) < 2_000


def test_a_key_with_a_line_break_still_gives_one_line() -> None:
    with pytest.raises(ScenarioValueError) as caught:
        parse_text(NAME + b'"two\\nlines" = 1\n', "keys.toml")
    _assert_one_clear_line(str(caught.value), "keys.toml")


def test_a_key_with_a_line_break_gives_one_cli_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "keys.toml"
    path.write_bytes(NAME + b'[organisation]\n"users\\r\\nplanner: error: fake" = 1\n')
    _assert_cli_error(main(["validate", str(path)]), *capsys.readouterr())


def test_one_bad_plan_value_gives_one_problem() -> None:
    raw = NAME + (
        b"[[plans]]\nprovider = 'A'\nplan = 'B'\nprice_per_user_month = -1\n"
        b"mailbox_gb = 50\nattachment_mb = 25\nsla_pct = 99.9\n"
    )
    with pytest.raises(ScenarioValueError) as caught:
        parse_text(raw)
    assert caught.value.problems == [caught.value.problems[0]], caught.value.problems
    assert "Price (plans[0].price_per_user_month) = -1" in caught.value.problems[0]


def test_a_bad_date_says_a_date_is_allowed() -> None:
    raw = NAME + (
        b"[[plans]]\nprovider = 'A'\nplan = 'B'\nprice_per_user_month = 1\n"
        b"mailbox_gb = 50\nattachment_mb = 25\nsla_pct = 99.9\nas_of = 'last week'\n"
    )
    with pytest.raises(ScenarioValueError) as caught:
        parse_text(raw)
    message = str(caught.value)
    assert "As of (plans[0].as_of) = 'last week'" in message
    assert "a number" not in message
    assert "date" in message.split("allowed:")[-1]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_files_are_told_to_save_as_utf8(encoding: str) -> None:
    with pytest.raises(ScenarioFileError, match="UTF-8"):
        parse_text('name = "x"\n'.encode(encoding))


def test_text_with_a_lone_surrogate_is_rejected_clearly() -> None:
    with pytest.raises(ScenarioFileError):
        parse_text('name = "x"\ndescription = "\ud800"\n')


def test_text_with_a_byte_order_mark_loads_like_the_bytes() -> None:
    assert parse_text("\ufeff" + NAME.decode()).name == "hostile"


def test_from_data_names_an_integer_too_long_to_print() -> None:
    from planner.model.files import from_data

    with pytest.raises(ScenarioValueError, match=r"organisation\.users"):
        from_data({"organisation": {"users": 10**5000}})


# ---------------------------------------------------------------------------
# Paths that are not scenario files
# ---------------------------------------------------------------------------


def _special_paths(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "a_folder.toml"
    folder.mkdir()
    loop_a, loop_b = tmp_path / "loop_a.toml", tmp_path / "loop_b.toml"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "gone.toml")
    return {
        "folder": (folder, "folder"),
        "missing": (tmp_path / "missing.toml", "no such file"),
        "symlink-loop": (loop_a, "cannot read"),
        "dangling-symlink": (dangling, "no such file"),
        "missing-parent": (tmp_path / "nowhere" / "x.toml", "no such file"),
        "file-as-folder": (Path(__file__) / "x.toml", ""),
    }


SPECIAL = [
    "folder",
    "missing",
    "symlink-loop",
    "dangling-symlink",
    "missing-parent",
    "file-as-folder",
]


@pytest.mark.parametrize("case", SPECIAL)
def test_load_scenario_rejects_paths_that_are_not_files(case: str, tmp_path: Path) -> None:
    path, fragment = _special_paths(tmp_path)[case]
    before = _files(tmp_path)
    with pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    _assert_one_clear_line(str(caught.value), str(path))
    assert fragment in str(caught.value)
    assert _files(tmp_path) == before


@pytest.mark.parametrize("command", ["validate", "report"])
@pytest.mark.parametrize("case", SPECIAL)
def test_command_line_rejects_paths_that_are_not_files(
    case: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, fragment = _special_paths(tmp_path)[case]
    before = _files(tmp_path)
    code = main([command, str(path)])
    out, err = capsys.readouterr()
    _assert_cli_error(code, out, err)
    assert fragment in err
    assert _files(tmp_path) == before


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root from reading "
    "(test_unreadable_file_is_one_clear_message covers the error path)",
)
def test_a_chmod_000_file_is_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "locked.toml"
    path.write_bytes(NAME)
    path.chmod(0)
    try:
        with pytest.raises(ScenarioFileError, match="cannot read"):
            load_scenario(path)
        _assert_cli_error(main(["validate", str(path)]), *capsys.readouterr())
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unreadable_file_is_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Permission denied, simulated so it also holds when the tests run as root."""
    path = tmp_path / "locked.toml"
    path.write_bytes(NAME)

    def denied(*args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", denied)
    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ScenarioFileError, match="cannot read: Permission denied"):
        load_scenario(path)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    _assert_cli_error(code, out, err)
    assert "Permission denied" in err


def test_a_file_name_with_a_line_break_still_gives_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", str(tmp_path / "two\nlines.toml")])
    _assert_cli_error(code, *capsys.readouterr())


_ENDLESS_CHILD = """
import resource, sys
limit = 1 << 30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from planner.cli import main
sys.exit(main(["validate", sys.argv[1]]))
"""


@pytest.mark.slow  # starts a process
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_being_read() -> None:
    """Run in a child with 1 GiB of address space, so the bug cannot exhaust the machine.

    A device is not a regular file, so it is refused before it is opened (reading one could
    block or never end).
    """
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    child = subprocess.run(
        [sys.executable, "-c", _ENDLESS_CHILD, "/dev/zero"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    _assert_cli_error(child.returncode, child.stdout, child.stderr)
    assert "is a device, not a regular file" in child.stderr
